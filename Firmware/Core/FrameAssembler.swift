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
        var index = start
        let end = start + take
        let length = ring.count
        ring.withUnsafeMutableBufferPointer { ring in
            while index < end {
                ring[writeIndex] = samples[index]
                writeIndex += 1
                if writeIndex == length { writeIndex = 0 }
                index += 1
            }
        }
        samplesUntilFrame -= take
        if samplesUntilFrame == 0 {
            samplesUntilFrame = FrontEndConfig.hopLength
            return (take, true)
        }
        return (take, false)
    }

    /// Copies the current window, oldest sample first, into `window` (two straight runs
    /// out of the ring instead of a wrap test per sample).
    func copyWindow(into window: UnsafeMutableBufferPointer<Int32>) {
        ring.withUnsafeBufferPointer { ring in
            let tail = ring.count - writeIndex
            for i in 0..<tail { window[i] = Int32(ring[writeIndex + i]) }
            for i in 0..<writeIndex { window[tail + i] = Int32(ring[i]) }
        }
    }

    mutating func reset() {
        for i in ring.indices { ring[i] = 0 }
        writeIndex = 0
        samplesUntilFrame = FrontEndConfig.windowLength
    }
}
