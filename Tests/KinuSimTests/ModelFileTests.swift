// --model never loses a file: what is not a model is refused untouched, a model that does
// not load is copied aside first, symlinks are followed, devices refused, saves atomic and
// durable, leftovers of a killed save removed. Both tools, real files, real processes.

import Foundation
import KinuHostKit
import Testing

@Suite struct ModelFileTests {
    /// Teaches pad 1 once (a clap at 1 s), so the run saves the model.
    static func teachingRun(_ folder: URL) throws -> (wav: URL, script: URL) {
        let wav = folder.appendingPathComponent("session.wav")
        try TestSession.write(TestSession.claps(at: [1.0], seconds: 2.0), to: wav)
        let script = folder.appendingPathComponent("buttons.txt")
        try "300 pad1 down\n360 pad1 up\n".write(to: script, atomically: true, encoding: .utf8)
        return (wav, script)
    }

    static let tools = ["kinu-sim", "kinu-run"]

    /// One tool on the teaching session with `--model model`.
    static func run(_ tool: String, model: String, in folder: URL) throws -> SimProcess.Result {
        let (wav, script) = try teachingRun(folder)
        if tool == "kinu-sim" {
            return try SimProcess.run(["run", "--input", wav.path, "--headless", "--fast", "--events", script.path, "--model", model])
        }
        return try SimProcess.run(["--events", script.path, "--model", model, wav.path], tool: SimProcess.runner)
    }

    /// Both tools, one after the other, with the same `--model`.
    static func runBoth(model: String, in folder: URL) throws -> [(tool: String, result: SimProcess.Result)] {
        try tools.map { ($0, try run($0, model: model, in: folder)) }
    }

    /// A valid model image with one example, made by a run.
    static func goodModel(_ folder: URL) throws -> Data {
        let (wav, script) = try teachingRun(folder)
        let model = folder.appendingPathComponent("made.kinu")
        let result = try SimProcess.run(["--events", script.path, "--model", model.path, wav.path], tool: SimProcess.runner)
        #expect(result.stdout.contains("\"event\":\"saved\""))
        return try Data(contentsOf: model)
    }

    static func restores(_ model: String, in folder: URL) throws -> Bool {
        let wav = folder.appendingPathComponent("quiet.wav")
        try TestSession.write(TestSession.claps(at: [], seconds: 0.3), to: wav)
        let result = try SimProcess.run(["--model", model, wav.path], tool: SimProcess.runner)
        return result.stdout.contains("\"event\":\"restored\",\"examples\":1")
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func aFileThatIsNotAModelIsRefusedAndLeftUntouched() throws {
        let folder = try temporaryFolder()
        let words = folder.appendingPathComponent("mywords.wav")
        let bytes = WAVWriter.pcm16Mono(TestSession.claps(at: [0.2], seconds: 0.5), sampleRate: 16_000)
        try bytes.write(to: words)
        for (tool, result) in try Self.runBoth(model: words.path, in: folder) {
            #expect(result.status == 1, "\(tool)")
            #expect(result.stderr == "\(tool): --model \(words.path) is not a Kinu model (it starts with 'RIFF', not 'KINU'); "
                    + "it was left untouched. Give a new file name, or move that file away\n", "\(tool)")
            #expect(try Data(contentsOf: words) == bytes, "\(tool)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                == ["buttons.txt", "mywords.wav", "session.wav"])
    }

    @Test(.enabled(if: SimProcess.isBuilt), arguments: ["crc", "version", "trailing", "truncated"])
    func aModelThatDoesNotLoadIsKeptAsABackupFirst(damage: String) throws {
        let folder = try temporaryFolder()
        var bytes = try Self.goodModel(folder)
        let said: String   // why, in words (not the error's fields)
        switch damage {
        case "crc": bytes[100] ^= 0x40; said = "model image is corrupted (CRC mismatch); kept it"
        case "version": bytes[4] = 99; said = "model image version not supported (version 99; this build reads up to"
        case "trailing": bytes.append(contentsOf: [0x0A]); said = "model image is followed by extra bytes (1 byte after the model)"
        default: said = "model image is truncated (20000 of its \(bytes.count) bytes)"; bytes = bytes.prefix(20_000)
        }
        for tool in Self.tools {
            let model = folder.appendingPathComponent("\(tool).kinu")
            try bytes.write(to: model)
            let result = try Self.run(tool, model: model.path, in: folder)
            #expect(result.status == 0, "\(tool): \(result.stderr)")
            #expect(result.stderr.contains("kept it as \(tool).kinu.unloadable, starting empty and saving to \(model.path)"),
                    "\(tool): \(result.stderr)")
            #expect(result.stderr.contains(said) && !result.stderr.contains("Mismatch("), "\(tool): \(result.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: model.path + ".unloadable")) == bytes)
            // The device said why and started empty; the file now holds its new model.
            #expect(result.stdout.contains("\"what\":\"restore\""))
            #expect(try Self.restores(model.path, in: folder), "\(tool)")
        }
    }

    /// The broken file's place takes the run's model at its end even if nothing was taught:
    /// the next run loads it and makes no second backup of the same bytes.
    @Test(.enabled(if: SimProcess.isBuilt)) func aBrokenModelIsBackedUpOnce() throws {
        let folder = try temporaryFolder()
        let model = folder.appendingPathComponent("m.kinu")
        let quiet = folder.appendingPathComponent("quiet.wav")
        try TestSession.write(TestSession.claps(at: [], seconds: 0.3), to: quiet)
        try Data("KINU broken".utf8).write(to: model)
        let first = try SimProcess.run(["--model", model.path, quiet.path], tool: SimProcess.runner)
        #expect(first.stderr.contains("kept it as m.kinu.unloadable, starting empty and saving to"), "\(first.stderr)")
        let second = try SimProcess.run(["--model", model.path, quiet.path], tool: SimProcess.runner)
        #expect(second.status == 0 && !second.stderr.contains("unloadable"), "\(second.stderr)")
        #expect(second.stdout.contains("\"event\":\"restored\",\"examples\":0"), "\(second.stdout)")
        #expect(!FileManager.default.fileExists(atPath: model.path + ".unloadable-1"))
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func aSecondBackupDoesNotReplaceTheFirst() throws {
        let folder = try temporaryFolder()
        let model = folder.appendingPathComponent("m.kinu")
        for k in 0 ..< 2 {
            try Data("KINU broken \(k)".utf8).write(to: model)
            _ = try SimProcess.run(["--model", model.path, try Self.teachingRun(folder).wav.path], tool: SimProcess.runner)
        }
        #expect(try String(contentsOfFile: model.path + ".unloadable", encoding: .utf8) == "KINU broken 0")
        #expect(try String(contentsOfFile: model.path + ".unloadable-1", encoding: .utf8) == "KINU broken 1")
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func aSymlinkIsFollowedAndStaysALink() throws {
        let folder = try temporaryFolder()
        let real = folder.appendingPathComponent("store", isDirectory: true)
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        for tool in Self.tools {
            let link = folder.appendingPathComponent("link-\(tool).kinu")
            try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "store/target-\(tool).kinu")
            let result = try Self.run(tool, model: link.path, in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "store/target-\(tool).kinu")
            #expect(try Self.restores(real.appendingPathComponent("target-\(tool).kinu").path, in: folder), "\(tool)")
        }
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func devicesAndPipesAreRefused() throws {
        let folder = try temporaryFolder()
        let fifo = folder.appendingPathComponent("pipe.kinu")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        for path in ["/dev/null", fifo.path] {
            for (tool, result) in try Self.runBoth(model: path, in: folder) {
                #expect(result.status == 1, "\(tool) \(path)")
                #expect(result.stderr.contains("--model \(path) is not a regular file"), "\(tool): \(result.stderr)")
            }
        }
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func leftoversOfAKilledSaveAreRemovedAndOthersKept() throws {
        let folder = try temporaryFolder()
        let model = folder.appendingPathComponent("m.kinu")
        let stale = folder.appendingPathComponent(".m.kinu.tmp-4194305-3")     // above any pid: no such process
        let live = folder.appendingPathComponent(".m.kinu.tmp-\(getpid())-1")  // a writer that still runs
        let other = folder.appendingPathComponent(".other.kinu.tmp-4194305-1")
        for file in [stale, live, other] { try Data([1, 2, 3]).write(to: file) }
        let result = try SimProcess.run(["--model", model.path, try Self.teachingRun(folder).wav.path], tool: SimProcess.runner)
        #expect(result.status == 0)
        #expect(result.stderr.contains("removed .m.kinu.tmp-4194305-3, left by a save that was interrupted"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(FileManager.default.fileExists(atPath: live.path) && FileManager.default.fileExists(atPath: other.path))
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func aSaveKeepsPermissionsAndLeavesNoTemporaryFile() throws {
        let folder = try temporaryFolder()
        let model = folder.appendingPathComponent("m.kinu")
        try Self.goodModel(folder).write(to: model)
        #expect(chmod(model.path, 0o600) == 0)
        let (wav, script) = try Self.teachingRun(folder)
        let result = try SimProcess.run(["--events", script.path, "--model", model.path, wav.path], tool: SimProcess.runner)
        #expect(result.stdout.contains("\"event\":\"saved\""))
        var info = stat()
        #expect(stat(model.path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(try !FileManager.default.contentsOfDirectory(atPath: folder.path).contains { $0.contains(".tmp-") })
    }

    static let strace = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The save's system calls, as strace sees them: write the temporary file, fsync it,
    /// rename it over the model, then fsync the folder.
    @Test(.enabled(if: SimProcess.isBuilt && strace != nil)) func aSaveIsFsyncedRenamedAndTheFolderFsynced() throws {
        let folder = try temporaryFolder()
        let model = folder.appendingPathComponent("m.kinu")
        let (wav, script) = try Self.teachingRun(folder)
        let trace = folder.appendingPathComponent("trace.txt")
        let result = try SimProcess.run(["-f", "-y", "-e", "trace=openat,fsync,rename,renameat,renameat2", "-o", trace.path,
                                         SimProcess.runner.path, "--events", script.path, "--model", model.path, wav.path],
                                        tool: URL(fileURLWithPath: Self.strace!))
        #expect(result.status == 0)
        let calls = try String(contentsOf: trace, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains(".m.kinu.tmp-") || $0.contains("fsync") || $0.contains(folder.lastPathComponent + ">") }
        let renamed = calls.firstIndex { $0.contains("rename") && $0.contains(".m.kinu.tmp-") && $0.contains("m.kinu\"") }
        let fileSync = calls.firstIndex { $0.contains("fsync(") && $0.contains(".m.kinu.tmp-") }
        let folderSync = calls.lastIndex { $0.contains("fsync(") && $0.hasSuffix("= 0") && $0.contains(folder.lastPathComponent + ">") }
        #expect(fileSync != nil && renamed != nil && folderSync != nil, "\(calls.joined(separator: "\n"))")
        if let fileSync, let renamed, let folderSync { #expect(fileSync < renamed && renamed < folderSync) }
    }
}
