import KinuDSP

/// Cuts a stream of samples, delivered in blocks of any length, into overlapping analysis
/// windows. A ring buffer holds the last `windowLength` samples; a frame is due every
/// `hopLength` samples once the first window is full. Because it works sample by sample
/// on the ring, how the stream was cut into blocks cannot change the frames.
///
/// The ring is made of blocks of `blockLength` samples, and the copy into it keeps each
/// block's statistics (sum and extremes, `kinu_copy_samples`): a window is always whole
/// blocks, so the window kernel gets them without a pass of its own over the samples.
struct FrameAssembler {
    /// Divides both the window and the hop, so every window starts on a block.
    static let blockLength = 160
    static let blocks = FrontEndConfig.windowLength / blockLength
    static let emptyStats = kinu_sample_stats(sum: 0, high: 0, low: 0xFFFF_FFFF)

    private var ring = [Int16](repeating: 0, count: FrontEndConfig.windowLength)
    private var blockStats: [kinu_sample_stats]
    /// The statistics of the block being filled, so far.
    private var filling = FrameAssembler.emptyStats
    private var writeIndex = 0
    private var samplesUntilFrame = FrontEndConfig.windowLength

    init() {
        precondition(FrontEndConfig.windowLength % Self.blockLength == 0 && FrontEndConfig.hopLength % Self.blockLength == 0)
        blockStats = Self.statsOfSilence()
    }

    /// Takes samples from `samples[start...]` until a frame is due or the input ends.
    /// Returns how many samples it took and whether a frame is now ready.
    @inline(__always)
    mutating func consume(_ samples: UnsafeBufferPointer<Int16>, from start: Int) -> (taken: Int, frameReady: Bool) {
        let take = min(samples.count - start, samplesUntilFrame)
        ring.withUnsafeMutableBufferPointer { ring in
            // Straight copies, each up to the end of the current block.
            var copied = 0
            while copied < take {
                let blockEnd = (writeIndex / Self.blockLength + 1) * Self.blockLength
                let run = min(take - copied, blockEnd - writeIndex)
                kinu_copy_samples(samples.baseAddress! + start + copied, ring.baseAddress! + writeIndex, Int32(run), &filling)
                copied += run
                writeIndex += run
                if writeIndex == blockEnd {
                    blockStats[blockEnd / Self.blockLength - 1] = filling
                    filling = Self.emptyStats
                    if writeIndex == ring.count { writeIndex = 0 }
                }
            }
        }
        samplesUntilFrame -= take
        if samplesUntilFrame == 0 {
            samplesUntilFrame = FrontEndConfig.hopLength
            return (take, true)
        }
        return (take, false)
    }

    /// Calls `body` with the current window as two runs of the ring, oldest samples
    /// first (the second run may be empty), and the statistics of its blocks.
    func withWindow<R>(_ body: (UnsafeBufferPointer<Int16>, UnsafeBufferPointer<Int16>, UnsafeBufferPointer<kinu_sample_stats>) -> R) -> R {
        ring.withUnsafeBufferPointer { ring in
        blockStats.withUnsafeBufferPointer { stats in
            body(UnsafeBufferPointer(rebasing: ring[writeIndex...]), UnsafeBufferPointer(rebasing: ring[..<writeIndex]), stats)
        }}
    }

    mutating func reset() {
        for i in ring.indices { ring[i] = 0 }
        blockStats = Self.statsOfSilence()
        filling = Self.emptyStats
        writeIndex = 0
        samplesUntilFrame = FrontEndConfig.windowLength
    }

    /// The statistics of blocks of zeros (what the ring holds after a reset).
    private static func statsOfSilence() -> [kinu_sample_stats] {
        [kinu_sample_stats](repeating: kinu_sample_stats(sum: 0, high: 0x8000_8000, low: 0x8000_8000), count: blocks)
    }
}
