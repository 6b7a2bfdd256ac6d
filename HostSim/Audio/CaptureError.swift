import CALSA
import Foundation

/// Why a capture device could not be used. Every message names the device and says what
/// to do about it.
public enum CaptureError: Error, CustomStringConvertible, Equatable {
    /// No such PCM or card (a typo, an unplugged microphone, a machine without sound).
    case absent(device: String, detail: String)
    /// Another program holds the device.
    case busy(device: String)
    /// The device exists but offers nothing Kinu can use (format, channels, rate).
    case unsupported(device: String, detail: String)
    /// Reading failed and could not be recovered.
    case readFailed(device: String, detail: String)

    public var device: String {
        switch self {
        case .absent(let d, _), .busy(let d), .unsupported(let d, _), .readFailed(let d, _): return d
        }
    }

    /// True when the machine simply has no capture device (for `make sim`'s one-line hint).
    public var isNoDevice: Bool { if case .absent = self { return true } else { return false } }

    public var description: String {
        switch self {
        case .absent(let d, let detail):
            return "capture device '\(d)' not found (\(detail)); list devices with 'kinu-sim devices', "
                + "pick one with --device NAME, or play a file with --input FILE.wav"
        case .busy(let d):
            return "capture device '\(d)' is busy (another program is recording from it); close that program "
                + "or choose another device with --device NAME"
        case .unsupported(let d, let detail):
            return "capture device '\(d)' cannot be used: \(detail); try 'plughw:...' or 'default', which convert for you"
        case .readFailed(let d, let detail):
            return "reading from capture device '\(d)' failed: \(detail)"
        }
    }

    /// ALSA's text for an error code.
    static func text(_ code: Int32) -> String { String(cString: snd_strerror(code)) }

    /// Maps snd_pcm_open's error to a case.
    static func opening(_ device: String, code: Int32) -> CaptureError {
        switch -code {
        case EBUSY, EAGAIN: return .busy(device: device)
        case ENOENT, ENODEV, ENXIO, EINVAL: return .absent(device: device, detail: text(code))
        default: return .absent(device: device, detail: text(code))
        }
    }
}
