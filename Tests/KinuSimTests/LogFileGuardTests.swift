// `--log` opens its file for writing, which empties it: it must never be the recording,
// the button script or the model of the same run, nor a file that is not a log.

import Foundation
import KinuHostKit
import Testing

@Suite struct LogFileGuardTests {
    @Test(.enabled(if: SimProcess.isBuilt), arguments: ["input", "events", "model", "symlink"])
    func refusesToLogOverTheRunsOwnFiles(_ which: String) throws {
        let folder = try temporaryFolder()
        let wav = folder.appendingPathComponent("take.wav"), script = folder.appendingPathComponent("teach.txt")
        let model = folder.appendingPathComponent("m.kinu")
        let audio = WAVWriter.pcm16Mono(TestSession.claps(at: [0.5], seconds: 1.5), sampleRate: 16_000)
        try audio.write(to: wav)
        try Data("400 pad1 down\n450 pad1 up\n".utf8).write(to: script)
        // A real model: a first run teaches one example.
        let first = try SimProcess.run(["run", "--input", wav.path, "--events", script.path, "--model", model.path,
                                        "--headless", "--fast"])
        #expect(first.status == 0, "\(first.stderr)")
        let savedModel = try Data(contentsOf: model)
        let link = folder.appendingPathComponent("link.wav")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: wav)
        let target = ["input": wav, "events": script, "model": model, "symlink": link][which]!
        let result = try SimProcess.run(["run", "--input", wav.path, "--events", script.path, "--model", model.path,
                                         "--log", target.path, "--headless", "--fast"])
        #expect(result.exitedNormally && result.status == 1)
        #expect(result.stderr.contains("--log \(target.path) is the"), "\(result.stderr)")
        #expect(result.stderr.contains("give the log another name"), "\(result.stderr)")
        // Nothing was touched.
        #expect(try Data(contentsOf: wav) == audio)
        #expect(try String(contentsOf: script, encoding: .utf8) == "400 pad1 down\n450 pad1 up\n")
        #expect(try Data(contentsOf: model) == savedModel)
        #expect(!FileManager.default.fileExists(atPath: model.path + ".unloadable"))
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func refusesToOverwriteAFileThatIsNotALog() throws {
        let folder = try temporaryFolder()
        let wav = folder.appendingPathComponent("take.wav"), other = folder.appendingPathComponent("notes.txt")
        try WAVWriter.pcm16Mono(TestSession.claps(at: [0.5], seconds: 1.5), sampleRate: 16_000).write(to: wav)
        try Data("shopping list\n".utf8).write(to: other)
        let refused = try SimProcess.run(["run", "--input", wav.path, "--log", other.path, "--headless", "--fast"])
        #expect(refused.status == 1 && refused.stderr.contains("exists and is not a Kinu log"), "\(refused.stderr)")
        #expect(try String(contentsOf: other, encoding: .utf8) == "shopping list\n")
        // An earlier log, or an empty file, is replaced as before.
        let log = folder.appendingPathComponent("run.jsonl")
        for _ in 0..<2 {
            let run = try SimProcess.run(["run", "--input", wav.path, "--log", log.path, "--headless", "--fast"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.first?.contains("\"boot\"") == true && lines.filter { $0.contains("\"boot\"") }.count == 1)
    }

    @Test func guardLogic() throws {
        let folder = try temporaryFolder()
        let a = folder.appendingPathComponent("a.jsonl"), b = folder.appendingPathComponent("b.wav")
        #expect(LogFileGuard.refusal(logPath: a.path, others: [(role: "model", path: b.path)]) == nil)   // neither exists
        try Data("  \n{\"event\":\"boot\"}\n".utf8).write(to: a)
        #expect(LogFileGuard.refusal(logPath: a.path, others: []) == nil)
        try Data().write(to: b)
        #expect(LogFileGuard.refusal(logPath: b.path, others: []) == nil)   // empty
        #expect(LogFileGuard.refusal(logPath: folder.path + "/./b.wav", others: [(role: "model", path: b.path)])?
            .contains("is the model too") == true)
    }
}
