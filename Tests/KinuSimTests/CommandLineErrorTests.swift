// Bad input at the command line: every case exits non-zero with one clear line that
// names the file (and line), never a crash.

import Foundation
import Testing

@Suite struct CommandLineErrorTests {
    /// Writes `bytes` to a file and runs `run --input` and `inspect` on it.
    func expectClearFailure(_ name: String, _ bytes: [UInt8], mentions: String,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        for arguments in [["run", "--input", file.path, "--headless", "--fast"], ["inspect", file.path]] {
            let result = try SimProcess.run(arguments)
            #expect(result.exitedNormally, "crashed: \(arguments)", sourceLocation: sourceLocation)
            #expect(result.status == 1, "\(arguments): status \(result.status)", sourceLocation: sourceLocation)
            #expect(result.stderr.hasPrefix("kinu-sim: \(file.path)"), "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stderr.contains(mentions), "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        }
    }

    static func riff(_ body: [UInt8]) -> [UInt8] {
        Array("RIFF".utf8) + le32(UInt32(4 + body.count)) + Array("WAVE".utf8) + body
    }

    static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)] }

    @Test(.enabled(if: SimProcess.isBuilt)) func emptyFile() throws {
        try expectClearFailure("empty.wav", [], mentions: "file is empty")
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func notAWAV() throws {
        try expectClearFailure("notes.wav", Array("just some text, not audio\n".utf8), mentions: "not a RIFF/WAVE file")
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func truncatedHeader() throws {
        try expectClearFailure("cut.wav", Array("RIFF\u{24}\0\0\0WA".utf8), mentions: "truncated header")
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func hugeHeaderChunk() throws {
        // A 'fmt ' chunk claiming 4 GB in a 40-byte file.
        let body = Array("fmt ".utf8) + Self.le32(0xFFFF_FFF0) + [1, 0, 1, 0] + Self.le32(16_000) + Self.le32(32_000) + [2, 0, 16, 0]
        try expectClearFailure("huge.wav", Self.riff(body), mentions: "truncated header")
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func malformedNoData() throws {
        let fmt = Array("fmt ".utf8) + Self.le32(16) + [1, 0, 1, 0] + Self.le32(16_000) + Self.le32(32_000) + [2, 0, 16, 0]
        try expectClearFailure("nodata.wav", Self.riff(fmt), mentions: "no 'data' chunk")
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func missingFile() throws {
        let result = try SimProcess.run(["run", "--input", "/nonexistent/take.wav", "--headless"])
        #expect(result.exitedNormally && result.status == 1)
        #expect(result.stderr.contains("/nonexistent/take.wav: cannot read file"))
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func buttonScriptErrorNamesFileAndLine() throws {
        let folder = try temporaryFolder()
        let wav = folder.appendingPathComponent("quiet.wav")
        try TestSession.write(TestSession.claps(at: [], seconds: 0.5), to: wav)
        let script = folder.appendingPathComponent("buttons.txt")
        try "100 pad1 down\n200 pad9 up\n".write(to: script, atomically: true, encoding: .utf8)
        let sim = try SimProcess.run(["run", "--input", wav.path, "--fast", "--headless", "--events", script.path, "--pads", "3"])
        let run = try SimProcess.run(["--pads", "3", "--events", script.path, wav.path], tool: SimProcess.runner)
        for (tool, result) in [("kinu-sim", sim), ("kinu-run", run)] {
            // The same sentence from both tools: file, line, what the line says, the pads there are.
            #expect(result.status == 1)
            #expect(result.stderr == "\(tool): \(script.path):2: unknown button (expected pad1...padN for this board's N pads, "
                    + "or mode) in '200 pad9 up'; lines are '<milliseconds> <pad1..pad3|mode> <down|up>'\n", "\(result.stderr)")
        }
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func conflictingOptionsSayWhatToDo() throws {
        let result = try SimProcess.run(["run", "--fast"])
        #expect(result.status != 0 && result.exitedNormally)
        #expect(result.stderr.contains("--fast needs --input"))
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func helpHasExamples() throws {
        for command in [[], ["run"], ["eval"], ["inspect"], ["devices"]] {
            let result = try SimProcess.run(command + ["--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("Examples:") || result.stdout.contains("Examples"), "\(command)")
        }
    }
}
