import Foundation

/// What a capture does about a failed wait or read. An overrun (the program fell behind)
/// is recovered and reported; a transient error (a USB hiccup: -EIO, -EAGAIN, -EBUSY, a
/// suspend, a signal) is retried a few times in a row with a short pause; a device that
/// went away, or errors that keep coming, end the capture with a sentence.
struct CaptureRecovery {
    /// Failures in a row (without a successful read between) before giving up.
    static let maximumRetries = 5

    enum Decision: Equatable {
        /// Audio was dropped; recover and go on. `count` is the total so far.
        case overrun(count: Int)
        /// Recover and try again after `pauseMilliseconds`.
        case retry(pauseMilliseconds: Int)
        case giveUp(detail: String)
    }

    private(set) var overruns = 0
    private(set) var failuresInARow = 0

    /// A read delivered audio: the device is fine again.
    mutating func succeeded() { failuresInARow = 0 }

    mutating func failed(code: Int32, text: String) -> Decision {
        failuresInARow += 1
        switch -code {
        case EPIPE:
            overruns += 1
            // Overruns alone never end a run, but a device that only overruns is stuck.
            if failuresInARow > 100 { return .giveUp(detail: "the device overruns on every read (\(text))") }
            return .overrun(count: overruns)
        case ENODEV, ENXIO:
            return .giveUp(detail: "the device went away (unplugged?)")
        case EIO, EAGAIN, EBUSY, EINTR, ESTRPIPE:
            if failuresInARow > Self.maximumRetries {
                return .giveUp(detail: "\(text), \(failuresInARow) times in a row; is the microphone still connected?")
            }
            return .retry(pauseMilliseconds: 10 * failuresInARow)
        default:
            return .giveUp(detail: text)
        }
    }
}
