import KinuDSP

/// Cuts a stream of samples, delivered in blocks of any length, into overlapping analysis
/// windows. A buffer holds the current window, `windowLength` samples, oldest first; a
/// frame is due every `hopLength` samples once the first window is full, and before the
/// next samples come in the window slides by a hop (its newest samples move to the
/// front). Because it works sample by sample, how the stream was cut into blocks cannot
/// change the frames.
///
/// The window is made of blocks of `blockLength` samples, and the copy into it keeps each
/// block's statistics (sum and extremes, `kinu_copy_samples`): a window is always whole
/// blocks, so the window kernel gets them without a pass of its own over the samples.
/// The buffer runs on to the FFT's 512 samples (zeros, never written) because the window
/// kernel reads whole FFT frames.
struct FrameAssembler {
    /// Divides both the window and the hop, so every window starts on a block.
    static let blockLength = 160
    static let blocks = FrontEndConfig.windowLength / blockLength
    static let emptyStats = kinu_sample_stats(sum: 0, high: 0, low: 0xFFFF_FFFF)

    private var buffer = [Int16](repeating: 0, count: RealFFT.size)
    private var blockStats = [kinu_sample_stats](repeating: FrameAssembler.emptyStats, count: FrameAssembler.blocks)
    /// The statistics of the block being filled, so far.
    private var filling = FrameAssembler.emptyStats
    /// Where the next sample goes; `windowLength` once a frame is due.
    private var writeIndex = 0

    init() {
        precondition(FrontEndConfig.windowLength % Self.blockLength == 0 && FrontEndConfig.hopLength % Self.blockLength == 0)
    }

    /// Takes samples from `samples[start...]` until a frame is due or the input ends.
    /// Returns how many samples it took and whether a frame is now ready.
    @inline(__always)
    mutating func consume(_ samples: UnsafeBufferPointer<Int16>, from start: Int) -> (taken: Int, frameReady: Bool) {
        let length = FrontEndConfig.windowLength
        if writeIndex == length { slide() }
        let take = min(samples.count - start, length - writeIndex)
        buffer.withUnsafeMutableBufferPointer { buffer in
            // Straight copies, each up to the end of the current block.
            var copied = 0
            while copied < take {
                let blockEnd = (writeIndex / Self.blockLength + 1) * Self.blockLength
                let run = min(take - copied, blockEnd - writeIndex)
                kinu_copy_samples(samples.baseAddress! + start + copied, buffer.baseAddress! + writeIndex, Int32(run), &filling)
                copied += run
                writeIndex += run
                if writeIndex == blockEnd {
                    blockStats[blockEnd / Self.blockLength - 1] = filling
                    filling = Self.emptyStats
                }
            }
        }
        return (take, writeIndex == length)
    }

    /// Calls `body` with the current window (oldest sample first, then zeros up to the
    /// FFT's 512) and the statistics of its blocks.
    func withWindow<R>(_ body: (UnsafeBufferPointer<Int16>, UnsafeBufferPointer<kinu_sample_stats>) -> R) -> R {
        buffer.withUnsafeBufferPointer { buffer in
        blockStats.withUnsafeBufferPointer { stats in body(buffer, stats) }}
    }

    mutating func reset() {
        for i in buffer.indices { buffer[i] = 0 }
        for b in blockStats.indices { blockStats[b] = Self.emptyStats }
        filling = Self.emptyStats
        writeIndex = 0
    }

    /// Keeps the newest `windowLength - hopLength` samples, at the front, with their
    /// blocks' statistics.
    private mutating func slide() {
        let keep = FrontEndConfig.windowLength - FrontEndConfig.hopLength
        buffer.withUnsafeMutableBufferPointer {
            kinu_slide_window($0.baseAddress!, Int32(FrontEndConfig.windowLength), Int32(keep))
        }
        let movedBy = FrontEndConfig.hopLength / Self.blockLength
        for b in 0..<(keep / Self.blockLength) { blockStats[b] = blockStats[b + movedBy] }
        writeIndex = keep
    }
}
