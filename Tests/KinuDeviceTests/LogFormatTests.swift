import Testing
import KinuDevice

@Suite struct LogFormatTests {
    @Test func everyLineIsOneJSONObjectStampedWithTheAudioClock() throws {
        var (audio, script) = teachClapAndWhistle()
        audio.clap(); audio.quiet(1_500); audio.whistle(); audio.quiet(1_500)
        script += hold("pad2", at: 6_000) + tap("mode", at: 7_500) + tap("mode", at: 7_800)
        let board = try runDevice(audio, script: script)
        var last = 0
        for event in board.events {
            #expect(event.fields["unparsed"] == nil, "not JSON: \(event)")
            #expect(event.line.hasPrefix(#"{"t_ms":"#), "t_ms first: \(event)")
            #expect(!event.line.contains(" "), "compact: \(event)")
            #expect(event.milliseconds >= last, "time never goes back: \(event)")
            last = event.milliseconds
        }
        let names = Set(board.events.map(\.name))
        for name in ["boot", "no_model", "armed", "learned", "saved", "heard", "forgot", "paused", "resumed", "stopped"] {
            #expect(names.contains(name), "missing \(name)")
        }
        #expect(board.events.last?.name == "stopped")
        #expect(board.events.last?.milliseconds == audio.milliseconds)
    }

    @Test func theExampleFromTheIssueHasThisExactShape() throws {
        let (audio, script) = teachClapAndWhistle()
        var play = audio
        play.clap(); play.quiet(1_000)
        let board = try runDevice(play, script: script)
        let line = try #require(board.lines.first { $0.contains(#""event":"heard""#) })
        #expect(line.wholeMatch(of: #/\{"t_ms":\d+,"event":"heard","class":1,"confidence":\d+\}/#) != nil, "\(line)")
    }
}
