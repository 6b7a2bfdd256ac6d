import Testing
import KinuDevice

@Suite struct TeachAndPlayTests {
    @Test func shortPressArmsAndTheNextSoundIsLearned() throws {
        let (audio, script) = teachClapAndWhistle()
        let board = try runDevice(audio, script: script)
        let events = board.events
        #expect(events.named("armed").map(\.pad) == [1, 2])
        let learned = events.named("learned")
        #expect(learned.map(\.pad) == [1, 2])
        #expect(learned.map { $0.int("examples") } == [1, 1])
        #expect(events.named("saved").count == 2, "saved after each change")
        #expect(events.named("heard").isEmpty, "taught sounds are not also recognised")
        #expect(board.leds.prefix(3) == [.off, .armed(pad: 0), .learned(pad: 0)])
    }

    @Test func everySoundInPlayLightsItsClass() throws {
        var (audio, script) = teachClapAndWhistle()
        for _ in 0 ..< 2 {
            audio.clap(); audio.quiet(1_200)
            audio.whistle(); audio.quiet(1_200)
        }
        let board = try runDevice(audio, script: script)
        let heard = board.events.named("heard")
        #expect(heard.map(\.pad) == [1, 2, 1, 2])
        for event in heard { #expect((0 ... 100).contains(event.int("confidence") ?? -1)) }
        #expect(board.leds.contains(.heard(pad: 0)) && board.leds.contains(.heard(pad: 1)))
    }

    @Test func soundsBeforeAnyTeachingAreUnsure() throws {
        var audio = TestAudio()
        audio.quiet(1_000); audio.clap(); audio.quiet(1_000)
        let board = try runDevice(audio)
        let heard = board.events.named("heard")
        #expect(heard.count == 1)
        #expect(heard.first?.isUnsure == true)
        #expect(heard.first?.line.contains(#""class":null"#) == true)
        #expect(board.leds.contains(.unsure))
    }

    @Test func teachWithNoSoundDisarmsQuietly() throws {
        var audio = TestAudio()
        audio.quiet(7_000)
        let board = try runDevice(audio, script: tap("pad3", at: 1_000))
        let events = board.events
        let disarmed = try #require(events.named("disarmed").first)
        #expect(disarmed.pad == 3 && disarmed.string("reason") == "no_sound")
        #expect((5_100 ... 5_120).contains(disarmed.milliseconds), "4 s after the press: \(disarmed)")
        #expect(events.named("learned").isEmpty && events.named("error").isEmpty)
        #expect(board.leds.last == .off)
    }

    @Test func aSoundBegunInTheWindowIsTaughtEvenIfItEndsAfterIt() throws {
        // Pad 2 pressed at 1 s; a 1 s whistle begins at 4.7 s, 3.7 s after the press, and
        // ends after the 4 s window. A sound begun at 5.2 s is too late.
        var audio = TestAudio()
        audio.quiet(4_700); audio.whistle(milliseconds: 1_000); audio.quiet(2_000)
        let board = try runDevice(audio, script: tap("pad2", at: 1_000))
        let learned = try #require(board.events.named("learned").first)
        #expect(learned.pad == 2 && learned.milliseconds > 5_000, "\(learned)")
        #expect(board.events.named("disarmed").isEmpty && board.events.named("heard").isEmpty)

        var late = TestAudio()
        late.quiet(5_200); late.whistle(milliseconds: 1_000); late.quiet(2_000)
        let missed = try runDevice(late, script: tap("pad2", at: 1_000))
        #expect(missed.events.named("disarmed").first?.string("reason") == "no_sound")
        #expect(missed.events.named("learned").isEmpty && missed.events.named("heard").count == 1)
    }

    @Test func tappingTheArmedPadAgainCancelsAndAnotherPadTakesOver() throws {
        var audio = TestAudio()
        audio.quiet(1_800); audio.clap(); audio.quiet(1_000)
        let script = tap("pad1", at: 500) + tap("pad1", at: 900) + tap("pad2", at: 1_200) + tap("pad3", at: 1_500)
        let board = try runDevice(audio, script: script)
        let disarmed = board.events.named("disarmed")
        #expect(disarmed.map(\.pad) == [1, 2])
        #expect(disarmed.map { $0.string("reason") } == ["cancelled", "other_pad"])
        #expect(board.events.named("learned").map(\.pad) == [3])
    }

    @Test func aPressDuringASoundDoesNotTeachThatSound() throws {
        // A long whistle is under way when pad 1 is pressed: it is recognised (or unsure)
        // as usual, and the pad stays armed for the clap that follows.
        var audio = TestAudio()
        audio.quiet(1_000)
        audio.whistle(milliseconds: 1_200)     // 1000 ... 2200, pad pressed at 1600
        audio.quiet(until: 3_000)
        audio.clap()
        audio.quiet(1_000)
        let board = try runDevice(audio, script: tap("pad1", at: 1_600))
        let events = board.events.filter { ["heard", "learned"].contains($0.name) }
        #expect(events.map(\.name) == ["heard", "learned"])
        #expect(events.last?.pad == 1)
        #expect(board.events.named("disarmed").isEmpty)
    }

    @Test func aFullClassReplacesItsOldestExampleAndSaysSo() throws {
        var audio = TestAudio()
        var script = ""
        audio.quiet(600)
        for i in 0 ..< 17 {
            let start = 1_000 + i * 900
            script += tap("pad2", at: start - 200)
            audio.quiet(until: start)
            audio.clap()
        }
        audio.quiet(800)
        let board = try runDevice(audio, script: script)
        let learned = board.events.named("learned")
        #expect(learned.count == 17)
        #expect(learned.map { $0.int("examples") } == Array(1 ... 16) + [16])
        #expect(learned.dropLast().allSatisfy { $0.fields["replaced_oldest"] == nil })
        #expect(learned.last?.fields["replaced_oldest"] as? Bool == true)
    }
}
