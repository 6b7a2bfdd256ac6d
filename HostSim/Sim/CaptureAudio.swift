import KinuDevice
import KinuHostKit
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
    /// Samples handed to the device: the audio clock an overrun is stamped with.
    private let delivered = Counter()

    /// `onOverrun` gets a JSON log line as soon as the device drops audio.
    init(capture: ALSACapture, stop: StopFlag, failure: FailureBox, onOverrun: @escaping (String) -> Void = { _ in }) {
        self.capture = capture
        self.stop = stop
        self.failure = failure
        let delivered = self.delivered, device = capture.device
        capture.onOverrun = { count in
            onOverrun(HostLogLine.make(milliseconds: delivered.value * 1000 / 16_000, event: "overrun",
                                       ["device": .text(device), "overruns": .number(count)]))
        }
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
        delivered.value += block.count
        return block.count
    }
}

final class Counter { var value = 0 }

/// Where an audio source leaves the error that ended it.
final class FailureBox {
    var error: (any Error)?
}
