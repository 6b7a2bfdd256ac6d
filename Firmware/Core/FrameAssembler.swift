/// Cuts a stream of samples, delivered in blocks of any length, into overlapping analysis
/// windows. A ring buffer holds the last `windowLength` samples; a frame is due every
/// `hopLength` samples once the first window is full. Because it works sample by sample
/// on the ring, how the stream was cut into blocks cannot change the frames.
struct FrameAssembler {
    private var ring = [Int16](repeating: 0, count: FrontEndConfig.windowLength)
    private var writeIndex = 0
    private var samplesUntilFrame = FrontEndConfig.windowLength

    /// Takes samples from `samples[start...]` until a frame is due or the input ends.
    /// Returns how many samples it took and whether a frame is now ready.
    @inline(__always)
    mutating func consume(_ samples: UnsafeBufferPointer<Int16>, from start: Int) -> (taken: Int, frameReady: Bool) {
        let take = min(samples.count - start, samplesUntilFrame)
        let length = ring.count
        ring.withUnsafeMutableBufferPointer { ring in
            // At most two straight copies: up to the end of the ring, then from its start.
            var copied = 0
            while copied < take {
                let run = min(take - copied, length - writeIndex)
                let to = ring.baseAddress! + writeIndex, from = samples.baseAddress! + start + copied
                // Two samples per load and store (newlib-nano's memcpy goes byte by byte).
                let source = UnsafeRawPointer(from), target = UnsafeMutableRawPointer(to)
                for k in 0..<run / 2 {
                    target.storeBytes(of: source.loadUnaligned(fromByteOffset: 4 &* k, as: UInt32.self),
                                      toByteOffset: 4 &* k, as: UInt32.self)
                }
                if run & 1 != 0 { to[run - 1] = from[run - 1] }
                copied += run
                writeIndex += run
                if writeIndex == length { writeIndex = 0 }
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
    /// first (the second run may be empty).
    func withWindow<R>(_ body: (UnsafeBufferPointer<Int16>, UnsafeBufferPointer<Int16>) -> R) -> R {
        ring.withUnsafeBufferPointer { ring in
            body(UnsafeBufferPointer(rebasing: ring[writeIndex...]), UnsafeBufferPointer(rebasing: ring[..<writeIndex]))
        }
    }

    mutating func reset() {
        for i in ring.indices { ring[i] = 0 }
        writeIndex = 0
        samplesUntilFrame = FrontEndConfig.windowLength
    }
}
