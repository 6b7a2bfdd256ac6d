// The live interface as a person uses it: kinu-sim runs in a real terminal (tmux, 80×24),
// keys are typed with send-keys and the screen is read back with capture-pane.

import Foundation
import Testing

@Suite struct LiveInterfaceTests {
    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// One tmux server per test (its own socket), so tests never touch a person's tmux
    /// and the server goes away with the test.
    struct Session {
        let name = "kinu-test-\(UUID().uuidString.prefix(8))"

        /// Runs one tmux command and returns what it printed.
        @discardableResult
        func tmux(_ arguments: [String]) throws -> String {
            try PlainSpawn.run(LiveInterfaceTests.tmux!, ["-L", name] + arguments).output
        }

        /// Ends the session's server and everything running in it.
        func end() {
            _ = try? tmux(["kill-server"])
            // kill-server leaves the socket file behind.
            let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
            try? FileManager.default.removeItem(atPath: "\(folder)/tmux-\(getuid())/\(name)")
        }

        func screen() throws -> String { try tmux(["capture-pane", "-t", name, "-p"]) }

        func type(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

        /// Waits until the screen shows `text` (or fails after `seconds`).
        func waitFor(_ text: String, seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let deadline = Date().addingTimeInterval(seconds)
            var last = ""
            while Date() < deadline {
                last = try screen()
                if last.contains(text) { return }
                Thread.sleep(forTimeInterval: 0.1)
            }
            Issue.record("screen never showed '\(text)'; it shows:\n\(last)", sourceLocation: sourceLocation)
        }
    }

    @Test(.enabled(if: tmux != nil && SimProcess.isBuilt, "tmux is not installed (make deps) or kinu-sim is not built"))
    func teachRecogniseAndQuitWithKeys() throws {
        let folder = try temporaryFolder()
        let wav = folder.appendingPathComponent("claps.wav")
        let model = folder.appendingPathComponent("model.kinu"), log = folder.appendingPathComponent("log.jsonl")
        // Claps at 3 s (taught after pressing 1) and at 6 s and 8 s (recognised).
        try TestSession.write(TestSession.claps(at: [3.0, 6.0, 8.0], seconds: 30), to: wav)
        let session = Session()
        let command = "\(SimProcess.binary.path) run --input \(wav.path) --model \(model.path) --log \(log.path); echo EXIT=$?; sleep 60"
        try session.tmux(["new-session", "-d", "-s", session.name, "-x", "80", "-y", "24", command])
        defer { session.end() }

        try session.waitFor("pad 8")
        let first = try session.screen()
        #expect(first.split(separator: "\n", omittingEmptySubsequences: false).first?.contains("KINU") == true, "title scrolled away:\n\(first)")
        #expect(first.contains("1-8 pad  m MODE  l+key long press"))
        #expect(first.split(separator: "\n").allSatisfy { $0.count <= 80 })

        try session.waitFor("00:01.")
        try session.type("1")
        try session.waitFor("pad 1 ARMED")
        try session.waitFor("1 ex", seconds: 8)
        try session.waitFor("heard pad 1", seconds: 10)

        try session.type("l")
        try session.waitFor("long press: now press a pad")
        try session.type("Escape")
        try session.type("m")
        try session.waitFor("PAUSED")
        try session.type("q")
        try session.waitFor("EXIT=0")
        // The terminal is back to the shell's screen: the interface is gone.
        #expect(try !session.screen().contains("spectrogram"))

        let lines = try String(contentsOf: log, encoding: .utf8)
        #expect(lines.contains("\"event\":\"armed\",\"class\":1"))
        #expect(lines.contains("\"event\":\"learned\",\"class\":1"))
        #expect(lines.contains("\"event\":\"heard\",\"class\":1"))
        #expect(lines.contains("\"event\":\"paused\""))
        #expect(lines.contains("\"event\":\"stopped\""))
        #expect(FileManager.default.fileExists(atPath: model.path))
    }

    @Test(.enabled(if: tmux != nil && SimProcess.isBuilt, "tmux is not installed (make deps) or kinu-sim is not built"))
    func ctrlCRestoresTheTerminal() throws {
        let folder = try temporaryFolder()
        let wav = folder.appendingPathComponent("quiet.wav")
        try TestSession.write(TestSession.claps(at: [], seconds: 30), to: wav)
        let session = Session()
        try session.tmux(["new-session", "-d", "-s", session.name, "-x", "80", "-y", "24",
                          "\(SimProcess.binary.path) run --input \(wav.path); echo EXIT=$?; stty -a | grep -o ' icanon'; sleep 60"])
        defer { session.end() }
        try session.waitFor("pad 8")
        try session.type("C-c")
        try session.waitFor("EXIT=0")
        try session.waitFor(" icanon", seconds: 5)   // stty: line editing is back
    }
}
