import Foundation
import KinuDevice
import KinuHostDevice
import KinuHostKit

/// What every run needs besides its audio: the button script, the model file, the log
/// file and the stop flag, checked up front so a mistake is reported before anything runs.
struct RunSetup {
    let padCount: Int
    /// The button script as parsed (the device takes it through `buttons`).
    let script: [ButtonTransition]
    let buttons: HostButtons
    let modelFile: ModelFile?
    let logFile: FileHandle?
    let stop = StopFlag()
    let failure = FailureBox()
    /// Lines the host adds to the device's log (damaged input, overruns), for the live
    /// screen to show; headless runs print them at once instead.
    let hostLines = HostLines()

    init(_ options: RunCommand) throws {
        // First, before anything opens or moves a file: the log must not be one of the others.
        let others = [("input recording", options.input), ("button script", options.events), ("model", options.model)]
            .compactMap { role, path in path.map { (role: role, path: $0) } }
        if let log = options.log, let refusal = LogFileGuard.refusal(logPath: log, others: others) {
            throw SimFailure(message: refusal)
        }
        padCount = options.pads
        script = try Self.script(options.events, padCount: options.pads)
        buttons = HostButtons(script: script)
        modelFile = try options.model.map(Self.modelFile)
        logFile = try options.log.map(Self.openLog)
    }

    static func script(_ path: String?, padCount: Int) throws -> [ButtonTransition] {
        guard let path else { return [] }
        do throws(ButtonScriptFile.LoadError) {
            return try ButtonScriptFile.load(path, padCount: padCount)
        } catch {
            throw SimFailure(message: error.description)
        }
    }

    /// The --model file, checked (see `ModelFile`); what was done about it goes to stderr.
    static func modelFile(_ path: String) throws -> ModelFile {
        do throws(ModelFile.Refusal) {
            let file = try ModelFile(path: path)
            for note in file.notes { FileHandle.standardError.write(Data("kinu-sim: \(note)\n".utf8)) }
            return file
        } catch {
            throw SimFailure(message: error.description)
        }
    }

    static func openLog(_ path: String) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw SimFailure(message: "cannot write the log to \(path): check the folder exists and is writable")
        }
        return handle
    }

    /// Writes a log line to the log file, if any.
    func record(_ line: String) {
        logFile?.write(Data((line + "\n").utf8))
    }

    /// A host log line: on stdout when headless, on the live screen otherwise, and in the log file.
    func report(_ line: String, headless: Bool) {
        if headless { FileHandle.standardOutput.write(Data((line + "\n").utf8)) } else { hostLines.pending.append(line) }
        record(line)
    }
}

final class HostLines {
    var pending: [String] = []

    /// The lines not yet shown, once.
    func take() -> [String] {
        defer { pending.removeAll() }
        return pending
    }
}

/// `--headless`: the device's log on stdout, nothing else.
struct HeadlessRun {
    let setup: RunSetup
    let duration: Double?

    func run<A: AudioInput>(_ audio: A) throws {
        Interrupts.install()
        let setup = self.setup
        let board = HostBoard(padCount: setup.padCount, audio: audio, buttons: setup.buttons, modelFile: setup.modelFile,
                              onLine: { line in
                                  // Unbuffered: a live run is followed line by line (tail, pipes).
                                  FileHandle.standardOutput.write(Data((line + "\n").utf8))
                                  setup.record(line)
                              })
        var device = Device(board: board)
        device.start()
        if let note = classesBeyondPads(device.learner, padCount: setup.padCount) {
            FileHandle.standardError.write(Data("kinu-sim: note: \(note)\n".utf8))
        }
        let limit = duration.map { Int($0 * 1000) }
        while device.step() {
            if Interrupts.pending { setup.stop.set() }
            if let limit, device.milliseconds >= limit { setup.stop.set() }
        }
        device.stop()
        var finalBoard = device.board
        if let lost = finalBoard.saveModelAtEnd(device.learner) { throw SimFailure(message: lost) }
    }
}
