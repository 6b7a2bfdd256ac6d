import ArgumentParser
import Foundation
import KinuDevice
import KinuHostAudio
import KinuHostDevice
import KinuHostKit

/// `kinu-sim run`: the device on a microphone or a WAV file, with the live interface or
/// headless (the JSON log on stdout, as the firmware prints it on its UART).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the device: listen, learn on pad presses, light the pad it recognises.",
        discussion: """
            Keys in the live interface: 1..9 (0 for pad 10) press a pad (teach: press,
            then make the sound), m presses MODE (pause/resume), l then a pad holds it
            (long press: forget that class), l then m holds MODE (twice: forget
            everything), u then a pad is MODE+pad (undo its last example), q quits (the
            model is saved after every change).

            Examples:
              kinu-sim run                               default microphone, live interface
              kinu-sim run --device plughw:1,0 --model ~/kinu.model
              kinu-sim run --input session.wav           a recording, in real time
              kinu-sim run --input session.wav --events buttons.txt --headless --fast

            A button script has one line per transition:
              <milliseconds> <pad1..padN|mode> <down|up>
            """)

    @Option(help: ArgumentHelp("ALSA capture device, e.g. default, hw:1,0, plughw:1,0 (see 'kinu-sim devices').", valueName: "name"))
    var device: String?

    @Option(help: ArgumentHelp("Play a WAV file as the microphone instead of a capture device.", valueName: "file.wav"))
    var input: String?

    @Flag(help: "With --input: as fast as possible instead of in real time.")
    var fast = false

    @Option(help: ArgumentHelp("Button script to apply (same format as the firmware's).", valueName: "file"))
    var events: String?

    @Option(help: ArgumentHelp("Model file: loaded at start, saved after every change (the board's flash image format).", valueName: "file"))
    var model: String?

    @Option(help: ArgumentHelp("Also write the device log (JSON lines) to this file.", valueName: "file.jsonl"))
    var log: String?

    @Flag(help: "No interface: print the device log on stdout.")
    var headless = false

    @Option(help: "Number of pads, 1...10 (keys 1-9, and 0 for pad 10), as many as kinu-run allows.")
    var pads = 8

    @Option(help: ArgumentHelp("Stop after this many seconds of audio.", valueName: "seconds"))
    var duration: Double?

    func validate() throws {
        if input != nil && device != nil { throw ValidationError("give either --input FILE.wav or --device NAME, not both") }
        if fast && input == nil { throw ValidationError("--fast needs --input FILE.wav (a microphone runs in real time)") }
        let most = Device<HostBoard<SampleAudio>>.maximumPadCount
        if !(1...most).contains(pads) { throw ValidationError("--pads must be 1...\(most) (keys 1-9 and 0), not \(pads)") }
        if let duration, !(duration.isFinite && duration > 0 && duration < 1e9) {
            throw ValidationError("--duration must be a number of seconds above 0 (e.g. --duration 30)")
        }
    }

    func run() throws {
        try reportingFailures {
            let setup = try RunSetup(self)
            if let input {
                let samples = SampleAudio.file(try Self.readWAV(input, setup: setup, headless: headless))
                for warning in ScriptCoverage.warnings(setup.script, audioMilliseconds: Milliseconds(samples.count / 16)) {
                    FileHandle.standardError.write(Data("kinu-sim: warning: \(warning)\n".utf8))
                }
                let audio = SampleAudio(samples: samples, realTime: !fast, stop: setup.stop)
                let source = "file \((input as NSString).lastPathComponent)" + (fast ? " (fast)" : " (real time)")
                try drive(audio, setup: setup, source: source, capture: nil)
            } else {
                let name = device ?? "default"
                let capture = try Self.openCapture(name, explicit: device != nil)
                let headless = self.headless
                let audio = CaptureAudio(capture: capture, stop: setup.stop, failure: setup.failure) { line in
                    setup.report(line, headless: headless)   // when it happens
                }
                try drive(audio, setup: setup, source: capture.summary, capture: capture)
            }
        }
    }

    private func drive<A: AudioInput>(_ audio: A, setup: RunSetup, source: String, capture: ALSACapture?) throws {
        if headless {
            try HeadlessRun(setup: setup, duration: duration).run(audio)
        } else {
            try LiveSession(setup: setup, source: source, capture: capture, duration: duration).run(audio)
        }
        if let error = setup.failure.error { throw SimFailure(message: "\(error)") }
        if let capture, capture.overruns > 0 {
            FileHandle.standardError.write(Data("kinu-sim: \(capture.overruns) overruns on \(capture.device) (audio was dropped and capture recovered)\n".utf8))
        }
    }

    /// The file's samples; its damage warnings go to stderr and the log (stdout when headless).
    static func readWAV(_ path: String, setup: RunSetup, headless: Bool) throws -> [Int16] {
        let wav: WAVFile
        do {
            wav = try WAVReader.read(URL(fileURLWithPath: path))
        } catch {
            throw SimFailure(message: "\(error); give a WAV file (PCM 8/16/24/32-bit or float, 1-768 kHz, mono or multichannel)")
        }
        for warning in wav.warnings {
            FileHandle.standardError.write(Data("kinu-sim: \(InputWarnings.text(warning, file: path))\n".utf8))
            setup.report(InputWarnings.jsonLine(warning, file: path), headless: headless)
        }
        return wav.int16Mono16k()
    }

    static func openCapture(_ name: String, explicit: Bool) throws -> ALSACapture {
        do {
            return try ALSACapture(device: name)
        } catch {
            if error.isNoDevice && !explicit {
                throw SimFailure(message: "no audio capture device on this machine (ALSA 'default': \(error.detailText)); "
                                 + "without a microphone, 'make demo' shows the simulator on a recorded session, "
                                 + "or use 'kinu-sim run --input FILE.wav'", status: SimFailure.noDeviceStatus)
            }
            throw SimFailure(message: "\(error)", status: error.isNoDevice ? SimFailure.noDeviceStatus : 1)
        }
    }
}

extension CaptureError {
    var detailText: String {
        switch self {
        case .absent(_, let d), .unsupported(_, let d), .readFailed(_, let d): return d
        case .busy: return "busy"
        }
    }
}
