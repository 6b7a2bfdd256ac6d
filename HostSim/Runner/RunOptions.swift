import KinuDevice
import KinuHostDevice

/// kinu-run's command line.
struct RunOptions {
    /// The same as the QEMU board's, so their logs can be compared.
    static let defaultPadCount = 8

    var audioPath = ""
    var eventsPath: String?
    var modelPath: String?
    var rawOutputPath: String?
    var padCount = defaultPadCount
    var showLEDs = false
    var clockStart: Milliseconds = 0

    struct UsageError: Error { let message: String }

    init(arguments: [String]) throws(UsageError) {
        var rest = arguments[...]
        var audio: String?
        func value(of option: String) throws(UsageError) -> String {
            guard let v = rest.popFirst() else { throw UsageError(message: "\(option) needs a value") }
            return v
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--events": eventsPath = try value(of: argument)
            case "--model": modelPath = try value(of: argument)
            case "--to-raw": rawOutputPath = try value(of: argument)
            case "--leds": showLEDs = true
            case "--clock-start":
                let text = try value(of: argument)
                guard let ms = Milliseconds(text), ms >= 0, ms < 1_000_000_000_000 else {
                    throw UsageError(message: "--clock-start must be a whole number of milliseconds, 0 or more (at most 12 digits), not \(text)")
                }
                clockStart = ms
            case "--pads":
                let text = try value(of: argument)
                let most = Device<HostBoard<SampleAudio>>.maximumPadCount
                guard let n = Int(text), n >= 1, n <= most else { throw UsageError(message: "--pads must be 1...\(most), not \(text)") }
                padCount = n
            default:
                if argument.hasPrefix("-") { throw UsageError(message: "unknown option \(argument)") }
                if audio != nil { throw UsageError(message: "one audio file only (got \(audio!) and \(argument))") }
                audio = argument
            }
        }
        guard let audio else { throw UsageError(message: "no audio file given") }
        audioPath = audio
    }
}
