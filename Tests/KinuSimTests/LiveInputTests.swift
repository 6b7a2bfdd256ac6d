// The live interface with a damaged recording and ten pads: the damage is on the screen
// (stderr is hidden behind the interface), and key 0 is pad 10.

import Foundation
import KinuHostKit
import Testing

@Suite struct LiveInputTests {
    @Test(.enabled(if: LiveInterfaceTests.tmux != nil && SimProcess.isBuilt, "tmux is not installed or kinu-sim is not built"))
    func damageIsShownAndKeyZeroIsPadTen() throws {
        let folder = try temporaryFolder()
        let wav = folder.appendingPathComponent("cut.wav")
        // Claps at 3 s and 6 s; the header claims 30 s but the file ends at 20 s.
        let full = WAVWriter.pcm16Mono(TestSession.claps(at: [3.0, 6.0], seconds: 30), sampleRate: 16_000)
        try full.prefix(44 + 20 * 32_000).write(to: wav)
        let log = folder.appendingPathComponent("log.jsonl")
        let session = LiveInterfaceTests.Session()
        try session.tmux(["new-session", "-d", "-s", session.name, "-x", "80", "-y", "24",
                          "\(SimProcess.binary.path) run --input \(wav.path) --pads 10 --log \(log.path); echo EXIT=$?; sleep 60"])
        defer { session.end() }

        try session.waitFor("input damaged: data chunk declares 960000 bytes but only 640000")
        #expect(try session.screen().contains("1-9, 0 pad  m MODE"))
        try session.waitFor("00:01.")
        try session.type("0")
        try session.waitFor("pad 10 ARMED")
        try session.waitFor("pad 10 learned", seconds: 8)
        try session.type("q")
        try session.waitFor("EXIT=0")
        let lines = try String(contentsOf: log, encoding: .utf8)
        #expect(lines.hasPrefix("{\"t_ms\":0,\"event\":\"input_warning\""))
        #expect(lines.contains("\"event\":\"learned\",\"class\":10"))
    }
}
