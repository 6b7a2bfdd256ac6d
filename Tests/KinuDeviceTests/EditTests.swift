import Testing
import KinuDevice

@Suite struct EditTests {
    @Test func longPressOnAPadForgetsItsClass() throws {
        var (audio, script) = teachClapAndWhistle()
        audio.clap(); audio.quiet(until: 7_000)
        script += hold("pad1", at: 5_600, for: 1_500)    // fires at 6600, while held
        audio.clap(); audio.quiet(1_000)
        let board = try runDevice(audio, script: script)
        let forgot = try #require(board.events.named("forgot").first)
        #expect(forgot.pad == 1 && forgot.int("examples") == 1)
        #expect((6_600 ... 6_616).contains(forgot.milliseconds), "long press fires at 1 s: \(forgot)")
        #expect(board.events.named("armed").count == 2, "the long press's release arms nothing")
        let heard = board.events.named("heard")
        #expect(heard.first?.pad == 1, "before forgetting")
        #expect(heard.last?.pad != 1, "after forgetting the clap is no longer class 1")
        #expect(board.events.named("saved").count == 3)
    }

    @Test func modePlusPadUndoesTheLastExampleOfThatClass() throws {
        var audio = TestAudio()
        audio.quiet(1_000); audio.clap(); audio.quiet(until: 2_000); audio.clap(); audio.quiet(until: 5_000)
        let script = tap("pad1", at: 800) + tap("pad1", at: 1_800)
            + "3000 mode down\n3100 pad1 down\n3200 pad1 up\n3300 mode up\n"
            + "4000 mode down\n4100 pad2 down\n4200 pad2 up\n4300 mode up\n"
        let board = try runDevice(audio, script: script)
        let undone = board.events.named("undone")
        #expect(undone.count == 1)
        #expect(undone.first?.pad == 1 && undone.first?.int("examples") == 1)
        let ignored = board.events.named("ignored")
        #expect(ignored.map { $0.string("reason") } == ["nothing_to_undo"])
        #expect(board.events.named("paused").isEmpty, "MODE used in a combo does not pause")
        #expect(board.events.named("armed").count == 2, "the undo's pad press does not arm")
    }

    @Test func modeShortPressPausesAndResumes() throws {
        var audio = TestAudio()
        audio.quiet(1_000); audio.clap(); audio.quiet(until: 2_500); audio.clap(); audio.quiet(until: 4_000)
        audio.clap(); audio.quiet(1_000)
        let script = tap("mode", at: 2_000) + tap("pad1", at: 2_300) + tap("mode", at: 3_500)
        let board = try runDevice(audio, script: script)
        let names = board.events.map(\.name).filter { ["heard", "paused", "resumed", "ignored", "learned"].contains($0) }
        #expect(names == ["heard", "paused", "ignored", "resumed", "heard"])
        #expect(board.events.named("ignored").first?.string("reason") == "paused")
        #expect(board.leds.contains(.paused))
    }

    @Test func pausingDisarms() throws {
        var audio = TestAudio()
        audio.quiet(3_000)
        let board = try runDevice(audio, script: tap("pad2", at: 500) + tap("mode", at: 1_000))
        #expect(board.events.named("disarmed").first?.string("reason") == "paused")
    }

    @Test func twoModeLongPressesForgetEverything() throws {
        var (audio, script) = teachClapAndWhistle()
        audio.quiet(until: 10_000)
        audio.clap(); audio.quiet(1_000)
        script += hold("mode", at: 5_200) + hold("mode", at: 7_000)
        let board = try runDevice(audio, script: script)
        let events = board.events
        #expect(events.named("confirm_forget_all").count == 1)
        let forgotAll = try #require(events.named("forgot_all").first)
        #expect(forgotAll.int("examples") == 2)
        #expect(events.named("paused").isEmpty)
        #expect(events.named("heard").first?.isUnsure == true, "nothing is known any more")
        #expect(board.leds.contains(.confirmingForgetAll))
        #expect(events.named("stopped").first?.int("examples") == 0)
    }

    @Test func forgetEverythingIsCancelledByTimeoutOrAnotherButton() throws {
        var (audio, script) = teachClapAndWhistle()
        audio.quiet(until: 16_000)
        script += hold("mode", at: 5_200)                             // times out at ~10.2 s
        script += hold("mode", at: 11_000) + tap("mode", at: 12_500)   // "no"
        script += hold("mode", at: 13_000) + tap("pad3", at: 14_500)   // another button
        let board = try runDevice(audio, script: script)
        let cancelled = board.events.named("cancelled")
        #expect(cancelled.map { $0.string("reason") } == ["timeout", "other_button", "other_button"])
        #expect(board.events.named("forgot_all").isEmpty)
        #expect(board.events.named("paused").isEmpty, "the MODE tap answered the question")
        #expect(board.events.named("stopped").first?.int("examples") == 2)
    }

    @Test func twoPadsAtOnceDoNothing() throws {
        var audio = TestAudio()
        audio.quiet(3_000)
        let script = "500 pad1 down\n550 pad2 down\n650 pad1 up\n700 pad2 up\n"
            + "1000 pad3 down\n1100 mode down\n1200 mode up\n1300 pad3 up\n"
        let board = try runDevice(audio, script: script)
        #expect(board.events.named("ignored").map { $0.string("reason") } == ["two_buttons_at_once", "two_buttons_at_once"])
        #expect(board.events.named("armed").isEmpty)
        #expect(board.events.named("paused").isEmpty)
    }
}
