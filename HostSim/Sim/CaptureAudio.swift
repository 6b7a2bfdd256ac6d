import KinuDevice
import KinuHostAudio
import KinuHostDevice

/// The microphone as the device's audio input: ALSA periods gathered into the device's
/// blocks. Blocks until a whole block has arrived, the run is stopped, or capture fails
/// (then the error is kept for the caller and the audio "ends").
struct CaptureAudio: AudioInput {
    let capture: ALSACapture
    let stop: StopFlag
    let failure: FailureBox
    private var queue: [Int16] = []
    private var head = 0

    init(capture: ALSACapture, stop: StopFlag, failure: FailureBox) {
        self.capture = capture
        self.stop = stop
        self.failure = failure
    }

    mutating func readAudio(into block: UnsafeMutableBufferPointer<Int16>) -> Int {
        while queue.count - head < block.count {
            if stop.isSet || Interrupts.pending { return 0 }
            do {
                let samples = try capture.read(timeoutMilliseconds: 100)
                if head > 0 { queue.removeFirst(head); head = 0 }
                queue += samples
            } catch {
                failure.error = error
                return 0
            }
        }
        for i in 0 ..< block.count { block[i] = queue[head + i] }
        head += block.count
        return block.count
    }
}

/// Where an audio source leaves the error that ended it.
final class FailureBox {
    var error: (any Error)?
}
