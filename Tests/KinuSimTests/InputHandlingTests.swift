// Inputs a person really gives the tools: a cut-off recording, a folder, a pipe, a script
// saved with a byte-order mark, ten pads. Each either runs (saying what was wrong) or
// stops with one sentence that says what the input is.

import Foundation
import KinuHostKit
import Testing

@Suite struct InputHandlingTests {
    static func session() -> Data {
        WAVWriter.pcm16Mono(TestSession.claps(at: [0.5], seconds: 1.5), sampleRate: 16_000)
    }

    /// A recording cut in the middle of its data (the header still claims all of it).
    static func cutSession() -> Data { session().prefix(44 + 16_000) }

    /// A streaming writer's placeholder size, 0xFFFFFFFF.
    static func unpatchedSession() -> Data {
        var d = session()
        d.replaceSubrange(40 ..< 44, with: [0xFF, 0xFF, 0xFF, 0xFF])
        return d
    }

    func write(_ data: Data, _ name: String) throws -> URL {
        let url = try temporaryFolder().appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    @Test(.enabled(if: SimProcess.isBuilt), arguments: ["cut", "unpatched"])
    func damageIsReportedAndTheReadablePartRuns(kind: String) throws {
        let wav = try write(kind == "cut" ? Self.cutSession() : Self.unpatchedSession(), "\(kind).wav")
        let log = wav.deletingLastPathComponent().appendingPathComponent("log.jsonl")
        let sim = try SimProcess.run(["run", "--input", wav.path, "--headless", "--fast", "--log", log.path])
        let run = try SimProcess.run([wav.path], tool: SimProcess.runner)
        for (tool, result) in [("kinu-sim", sim), ("kinu-run", run)] {
            #expect(result.status == 0, "\(tool): \(result.stderr)")
            #expect(result.stderr.contains("\(tool): \(wav.path): warning: data chunk declares"), "\(tool): \(result.stderr)")
            #expect(result.stderr.contains("running the readable part"))
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.first?.hasPrefix("{\"t_ms\":0,\"event\":\"input_warning\",\"file\":\"\(wav.path)\"") == true, "\(tool)")
            #expect(lines.contains { $0.contains("\"event\":\"stopped\"") }, "\(tool): the device ran")
        }
        let logged = try String(contentsOf: log, encoding: .utf8)
        #expect(logged.hasPrefix("{\"t_ms\":0,\"event\":\"input_warning\""))
        // The cut file plays its 0.5 s, the unpatched one all of it; both then 1.5 s of silence.
        let stopped = sim.stdout.split(separator: "\n").last { $0.contains("\"stopped\"") } ?? ""
        #expect(stopped.hasPrefix(kind == "cut" ? "{\"t_ms\":2000," : "{\"t_ms\":3000,"), "\(stopped)")
    }

    /// A tone that is still sounding where the file ends: the device goes on listening (the
    /// file is followed by silence), so it is taught, as in inspect and eval.
    @Test(.enabled(if: SimProcess.isBuilt)) func aSoundAtTheVeryEndIsTaught() throws {
        let samples = TestSession.tone(900, at: [1.0], seconds: 1.2, seed: 3)   // a 0.25 s tone, cut after 0.2 s
        let wav = try write(WAVWriter.pcm16Mono(samples, sampleRate: 16_000), "end.wav")
        let script = wav.deletingLastPathComponent().appendingPathComponent("teach.txt")
        try Data("600 pad1 down\n650 pad1 up\n".utf8).write(to: script)
        let sim = try SimProcess.run(["run", "--input", wav.path, "--events", script.path, "--headless", "--fast"])
        let run = try SimProcess.run(["--events", script.path, wav.path], tool: SimProcess.runner)
        for (tool, result) in [("kinu-sim", sim), ("kinu-run", run)] {
            #expect(result.status == 0 && result.stderr.isEmpty, "\(tool): \(result.stderr)")
            #expect(result.stdout.contains("\"event\":\"learned\",\"class\":1"), "\(tool): \(result.stdout)")
            #expect(result.stdout.contains("{\"t_ms\":2700,\"event\":\"stopped\",\"examples\":1}"), "\(tool): \(result.stdout)")
        }
    }

    /// A script that presses after the audio has ended, or never releases a button, runs,
    /// but says why those presses did nothing.
    @Test(.enabled(if: SimProcess.isBuilt)) func scriptPastTheAudioIsExplained() throws {
        let wav = try write(Self.session(), "take.wav")
        let script = wav.deletingLastPathComponent().appendingPathComponent("late.txt")
        try Data("400 pad1 down\n450 pad1 up\n2900 mode down\n5000 pad2 down\n5100 pad2 up\n".utf8).write(to: script)
        let sim = try SimProcess.run(["run", "--input", wav.path, "--events", script.path, "--headless", "--fast"])
        let run = try SimProcess.run(["--events", script.path, wav.path], tool: SimProcess.runner)
        for (tool, result) in [("kinu-sim", sim), ("kinu-run", run)] {
            #expect(result.status == 0, "\(tool): \(result.stderr)")
            #expect(result.stderr.contains("\(tool): warning: the button script goes on after the audio ends (3000 ms): "
                                           + "its 2 transitions from 5000 ms on never happen"), "\(tool): \(result.stderr)")
            #expect(result.stderr.contains("\(tool): warning: mode is still held down when the audio ends"), "\(result.stderr)")
            #expect(result.stdout.contains("\"event\":\"learned\",\"class\":1"), "\(tool): the rest ran")
        }
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func aCleanFileHasNoWarningLine() throws {
        let wav = try write(Self.session(), "clean.wav")
        let result = try SimProcess.run([wav.path], tool: SimProcess.runner)
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        #expect(!result.stdout.contains("input_warning"))
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func aFolderAsInputSaysSo() throws {
        let folder = try temporaryFolder()
        for (tool, arguments) in [(SimProcess.binary, ["run", "--input", folder.path, "--headless", "--fast"]),
                                  (SimProcess.runner, [folder.path])] {
            let result = try SimProcess.run(arguments, tool: tool)
            #expect(result.status == 1)
            #expect(result.stderr.contains("\(folder.path): cannot read file (it is a folder; give one WAV file inside it)"),
                    "\(result.stderr)")
            #expect(!result.stderr.contains("NSCocoaErrorDomain"))
        }
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func standardInputPipeIsRead() throws {
        let result = try SimProcess.run(["run", "--input", "/dev/stdin", "--headless", "--fast"], stdin: Self.session())
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("permission"))
        #expect(result.stdout.contains("\"event\":\"stopped\""))
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func aFIFOIsRead() throws {
        let fifo = try temporaryFolder().appendingPathComponent("live.wav")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let bytes = Self.session()
        Thread.detachNewThread {
            // Opening for writing waits for the reader (kinu-run) to open its end.
            if let handle = FileHandle(forWritingAtPath: fifo.path) { handle.write(bytes); try? handle.close() }
        }
        let result = try SimProcess.run([fifo.path], tool: SimProcess.runner)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"event\":\"stopped\""))
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func aDeviceNodeIsNotAFile() throws {
        let result = try SimProcess.run(["/dev/zero"], tool: SimProcess.runner)
        #expect(result.status == 1)
        #expect(result.stderr.contains("/dev/zero: cannot read file (it is a device, not a file or a pipe)"), "\(result.stderr)")
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func aScriptWithAByteOrderMarkRuns() throws {
        let wav = try write(Self.session(), "s.wav")
        let script = wav.deletingLastPathComponent().appendingPathComponent("buttons.txt")
        try Data([0xEF, 0xBB, 0xBF] + Array("400 pad1 down\n460 pad1 up\n".utf8)).write(to: script)
        for (tool, arguments) in [(SimProcess.binary, ["run", "--input", wav.path, "--headless", "--fast", "--events", script.path]),
                                  (SimProcess.runner, ["--events", script.path, wav.path])] {
            let result = try SimProcess.run(arguments, tool: tool)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("\"event\":\"armed\""), "\(result.stdout)")
        }
    }

    /// Both tools read a script as the firmware does: /dev/null is no presses, a folder is
    /// named as one, and a script past the boards' 32 KB is refused, however it is given.
    @Test(.enabled(if: SimProcess.isBuilt)) func bothToolsReadButtonScriptsAsTheBoardsDo() throws {
        let wav = try write(Self.session(), "s.wav")
        let folder = wav.deletingLastPathComponent()
        for (events, said) in [("/dev/null", ""), (folder.path, "it is a folder"), ("/dev/zero", "script longer than 32 KB")] {
            for (tool, arguments) in [(SimProcess.binary, ["run", "--input", wav.path, "--headless", "--fast", "--events", events]),
                                      (SimProcess.runner, ["--events", events, wav.path])] {
                let result = try SimProcess.run(arguments, tool: tool)
                if said.isEmpty {
                    #expect(result.status == 0 && result.stdout.contains("\"event\":\"stopped\""), "\(result.stderr)")
                } else {
                    #expect(result.status != 0 && result.stderr.contains(said), "\(events): \(result.stderr)")
                }
            }
        }
    }

    /// A model taught on pad 10, run with 2 pads: said at the start, by both tools.
    @Test(.enabled(if: SimProcess.isBuilt)) func aModelWithClassesBeyondThePadsIsPointedOut() throws {
        let wav = try write(Self.session(), "s.wav")
        let folder = wav.deletingLastPathComponent()
        let script = folder.appendingPathComponent("teach10.txt"), model = folder.appendingPathComponent("m.kinu")
        try "400 pad10 down\n460 pad10 up\n".write(to: script, atomically: true, encoding: .utf8)
        let taught = try SimProcess.run(["--pads", "10", "--events", script.path, "--model", model.path, wav.path],
                                        tool: SimProcess.runner)
        #expect(taught.stdout.contains("\"event\":\"learned\",\"class\":10"), "\(taught.stdout)")
        let run = try SimProcess.run(["--pads", "2", "--model", model.path, wav.path], tool: SimProcess.runner)
        let sim = try SimProcess.run(["run", "--input", wav.path, "--headless", "--fast", "--pads", "2", "--model", model.path])
        for result in [run, sim] {
            #expect(result.status == 0 && result.stderr.contains("examples for pad 10, beyond this run's 2 pads"),
                    "\(result.stderr)")
        }
        let same = try SimProcess.run(["--pads", "10", "--model", model.path, wav.path], tool: SimProcess.runner)
        #expect(!same.stderr.contains("beyond"))
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func bothToolsAcceptTheSamePadCounts() throws {
        let wav = try write(Self.session(), "s.wav")
        let script = wav.deletingLastPathComponent().appendingPathComponent("buttons.txt")
        try "400 pad10 down\n460 pad10 up\n".write(to: script, atomically: true, encoding: .utf8)
        let base = ["--events", script.path]
        let sim10 = try SimProcess.run(["run", "--input", wav.path, "--headless", "--fast", "--pads", "10"] + base)
        let run10 = try SimProcess.run(["--pads", "10"] + base + [wav.path], tool: SimProcess.runner)
        #expect(sim10.status == 0 && run10.status == 0, "\(sim10.stderr) \(run10.stderr)")
        #expect(sim10.stdout.contains("\"event\":\"armed\",\"class\":10") && run10.stdout.contains("\"event\":\"armed\",\"class\":10"))
        let sim11 = try SimProcess.run(["run", "--input", wav.path, "--headless", "--fast", "--pads", "11"])
        let run11 = try SimProcess.run(["--pads", "11", wav.path], tool: SimProcess.runner)
        #expect(sim11.status != 0 && run11.status != 0)
        #expect(sim11.stderr.contains("--pads must be 1...10") && run11.stderr.contains("--pads must be 1...10"),
                "\(sim11.stderr) \(run11.stderr)")
    }
}
