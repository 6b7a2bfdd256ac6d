import ArgumentParser
import Foundation
import KinuCore
import KinuHostDevice
import KinuHostKit

/// `kinu-sim inspect`: what the device makes of a recording: the sound events its
/// detector finds, with times, and a picture of the features it computes.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show the sound events and the features (a spectrogram) of a WAV file.",
        discussion: """
            Each event is listed with its times, whether it is tonal (and in which octaves
            harmonics hold the power) or noise-like, at what pace its loudness moves most
            (a clock's ticks, a rotor's beat; for a steady sound, its small ups and
            downs), and where it is split when it may hold two sounds.

            Examples:
              kinu-sim inspect clap.wav
              kinu-sim inspect session.wav --png session.png
              kinu-sim inspect word.wav --color never > word.txt
            """)

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

    @Argument(help: ArgumentHelp("The recording.", valueName: "file.wav"))
    var file: String

    @Option(help: ArgumentHelp("Also write the spectrogram as a PNG picture.", valueName: "file.png"))
    var png: String?

    @Option(help: "Colours in the terminal: auto (when it is a terminal), always, never.")
    var color = ColorChoice.auto

    func run() throws {
        try reportingFailures {
            let wav: WAVFile
            do { wav = try WAVReader.read(URL(fileURLWithPath: file)) } catch {
                throw SimFailure(message: "\(error); give a WAV file (PCM 8/16/24/32-bit or float, 1-768 kHz, mono or multichannel)")
            }
            let samples = wav.int16Mono16k()
            let analysis = FeatureAnalysis(samples)
            print(String(format: "%@: %.2f s, %@", file, wav.duration, wav.format.description)
                  + (wav.format.sampleRate != 16_000 || wav.format.channels != 1 ? " → 16000 Hz mono" : ""))
            for warning in wav.warnings { print("warning: \(warning)") }
            print("\(analysis.events.count) sound event\(analysis.events.count == 1 ? "" : "s") found by the device's detector"
                  + (analysis.whyNoEvent.map { ": " + $0 } ?? ""))
            for (i, e) in analysis.events.enumerated() {
                let parts = e.partsSplitMilliseconds.map { String(format: "; may hold two sounds: also classified as two parts, split at %.2f s", Double($0) / 1000) } ?? ""
                let pace = e.pace.map { "; " + $0 } ?? ""
                print(String(format: "  %2d  %7.2f s – %7.2f s  (%d ms, %d frames; %@%@%@)", i + 1, Double(e.startMilliseconds) / 1000,
                             Double(e.endMilliseconds) / 1000, Int(e.endMilliseconds - e.startMilliseconds), e.frameCount,
                             e.tonalOctaves.isEmpty ? "noise-like" : "tonal at " + e.tonalOctaves.joined(separator: ", "), pace, parts))
            }
            let useColor = color == .always || (color == .auto && isatty(1) != 0)
            let width = max(20, (TerminalWidth.columns ?? 80) - 8)
            print("")
            print(TerminalSpectrogram(analysis: analysis, width: width, color: useColor).render())
            if let png {
                let image = SpectrogramImage(analysis: analysis)
                do {
                    try PNGEncoder.encode(width: image.width, height: image.height, rgb: image.pixels).write(to: URL(fileURLWithPath: png))
                } catch {
                    var isFolder: ObjCBool = false
                    let why = FileManager.default.fileExists(atPath: png, isDirectory: &isFolder) && isFolder.boolValue
                        ? "it is a folder; give a file name such as \(png)/spectrogram.png"
                        : "check the folder exists and is writable"
                    throw SimFailure(message: "cannot write \(png): \(why)")
                }
                print("wrote \(png) (\(image.width)×\(image.height))")
            }
        }
    }
}

/// The device's view of a recording: every feature frame and the detected events.
struct FeatureAnalysis {
    struct Event {
        let startMilliseconds: Int64, endMilliseconds: Int64, frameCount: Int, startFrame: Int
        /// Where the classifier splits the event into two parts (`EventParts`), if it does.
        let partsSplitMilliseconds: Int64?
        /// The octaves whose mean peakiness in the template (`SpectralPeaks`) is 2 octaves or
        /// more, twice noise's: where harmonics hold the power.
        let tonalOctaves: [String]
        /// The octave of modulation frequency where the loudness moves most (its rhythm,
        /// `LoudnessRhythm`; however little it moves), or that none stands out; nil for an
        /// event too short to say.
        let pace: String?
    }

    static let paceNames = ["0.5–1 Hz", "1–2 Hz", "2–4 Hz", "4–8 Hz", "8–16 Hz", "16–25 Hz"]

    static let octaveNames = ["156–250 Hz", "250–470 Hz", "0.47–1 kHz", "1–2 kHz", "2–4 kHz", "4–7.5 kHz"]
    static let tonalPeakiness = 64
    var frames: [[Int16]] = []
    var events: [Event] = []

    init(_ samples: [Int16]) {
        var listener = SoundListener()
        var frontEnd = FrontEnd()
        var found: [Event] = []
        var frames: [[Int16]] = []
        var encoder = TemplateEncoder()
        var template = [Int8](repeating: 0, count: Template.byteCount)
        let heard = SampleAudio.file(samples)
        heard.withUnsafeBufferPointer { buffer in
            listener.listen(buffer) { e in
                encoder.encode(e, into: &template)
                let dip = encoder.partsDip(frames: e.frameCount)
                let tonal = (0..<SpectralPeaks.octaves).filter { Int(UInt8(bitPattern: template[Template.peaksOffset + $0])) >= Self.tonalPeakiness }
                let rhythm = (0..<LoudnessRhythm.octaves).map { Int(UInt8(bitPattern: template[Template.rhythmOffset + $0])) }
                let strongest = rhythm.indices.min { rhythm[$0] < rhythm[$1] }!
                // 16 is a quarter of the total (1/8 octave units): no octave stands out below that.
                let pace = e.frameCount < LoudnessRhythm.shortestFrames ? nil
                    : rhythm[strongest] >= 16 ? "its loudness moves at no one pace"
                    : "its loudness moves most at " + Self.paceNames[strongest]
                found.append(Event(startMilliseconds: e.startMilliseconds, endMilliseconds: e.endMilliseconds,
                                   frameCount: e.frameCount, startFrame: e.startFrame,
                                   partsSplitMilliseconds: dip.map { SoundEvent.milliseconds(ofFrame: e.startFrame + $0) },
                                   tonalOctaves: tonal.map { Self.octaveNames[$0] }, pace: pace))
            }
        }
        samples.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let (taken, ready) = frontEnd.consume(buffer, from: start)
                start += taken
                if ready { frames.append(frontEnd.features) }
            }
        }
        self.frames = frames
        events = found
    }

    /// Why nothing was found, when nothing was: the detector hears what rises above the
    /// room, and it learns the room in its first half second, so a sound already going on
    /// then counts as the room (as on a device switched on beside a running machine).
    var whyNoEvent: String? {
        guard events.isEmpty else { return nil }
        return "nothing in it rises above the sound around it. The detector learns the room in its first half "
            + "second, so a sound already there at the start counts as the room; with quiet before it "
            + "(kinu-sim eval gives every clip 0.6 s) it is heard"
    }

    /// Whether frame `index` lies inside a detected event.
    func inEvent(_ index: Int) -> Bool {
        events.contains { index >= $0.startFrame && index < $0.startFrame + $0.frameCount }
    }
}

enum TerminalWidth {
    static var columns: Int? {
        var w = winsize()
        guard isatty(1) != 0, ioctl(1, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0 else { return nil }
        return Int(w.ws_col)
    }
}
