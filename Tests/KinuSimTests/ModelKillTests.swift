// kinu-run killed (SIGKILL) at random moments of a session that saves after every
// teaching: the next start finds the previous or a newer model, never a torn one, and
// removes what the killed save left behind.

import Foundation
import KinuHostKit
import Testing

@Suite struct ModelKillTests {
    @Test(.enabled(if: SimProcess.isBuilt)) func killsAtRandomMomentsNeverTearTheModel() throws {
        let folder = try temporaryFolder()
        let wav = folder.appendingPathComponent("session.wav")
        let times = (0 ..< 40).map { 0.6 + 0.5 * Double($0) }
        try TestSession.write(TestSession.claps(at: times, seconds: 21), to: wav)
        // Arm pad (k mod 4) before every clap: 40 teachings, 40 saves.
        let script = folder.appendingPathComponent("buttons.txt")
        try times.enumerated().map { k, t in
            let ms = Int((t - 0.3) * 1000)
            return "\(ms) pad\(k % 4 + 1) down\n\(ms + 60) pad\(k % 4 + 1) up\n"
        }.joined().write(to: script, atomically: true, encoding: .utf8)
        let model = folder.appendingPathComponent("m.kinu")

        // How long a whole run takes here, to spread the kills over it.
        let start = Date()
        let full = try SimProcess.run(["--events", script.path, "--model", model.path, wav.path], tool: SimProcess.runner)
        let runSeconds = Date().timeIntervalSince(start)
        #expect(full.stdout.components(separatedBy: "\"event\":\"saved\"").count - 1 == 40)
        try FileManager.default.removeItem(at: model)

        var random = SystemRandomNumberGenerator()
        var examples: [Int] = []
        for _ in 0 ..< 20 {
            let process = Process()
            process.executableURL = SimProcess.runner
            process.arguments = ["--events", script.path, "--model", model.path, wav.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0 ... runSeconds, using: &random))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // The next start: the model loads (or none was saved yet), nothing was torn.
            let quiet = folder.appendingPathComponent("quiet.wav")
            try TestSession.write(TestSession.claps(at: [], seconds: 0.2), to: quiet)
            let next = try SimProcess.run(["--model", model.path, quiet.path], tool: SimProcess.runner)
            #expect(next.status == 0, "\(next.stderr)")
            #expect(!next.stderr.contains("unloadable") && !next.stdout.contains("\"event\":\"error\""), "\(next.stdout)")
            if let restored = next.stdout.split(separator: "\n").first(where: { $0.contains("\"restored\"") }) {
                examples.append(Int(restored.split(separator: ":").last!.dropLast()) ?? -1)
            }
            // Only what the test made and the model: no temporary file of a killed save.
            let left = try Set(FileManager.default.contentsOfDirectory(atPath: folder.path))
                .subtracting(["session.wav", "buttons.txt", "quiet.wav", "m.kinu"])
            #expect(left.isEmpty, "\(left)")
        }
        print("kinu-run killed 20 times during a \(String(format: "%.1f", runSeconds)) s run with 40 saves: "
              + "models found with \(examples) examples, none torn")
    }
}
