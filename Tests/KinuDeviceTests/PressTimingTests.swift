import Testing
import KinuDevice

/// When a press and a sound overlap, or a press starts near a window's end: the device
/// does what the person meant, not what the order of events inside it happened to be.
@Suite struct PressTimingTests {
    /// Taught: a clap and a whistle on pads 1 and 2 (by 5 s); then `extra` audio.
    func taughtThen(_ extra: (inout TestAudio) -> Void, script more: String) throws -> [LogEvent] {
        var (audio, script) = teachClapAndWhistle()
        extra(&audio)
        return try runDevice(audio, script: script + more).events
    }

    @Test func aSoundMadeWhileThePadIsHeldIsTheOneTaught() throws {
        // Pad 1 goes down 10 ms before a short whistle and comes up 500 ms later: the
        // whistle, whose event ends while the pad is still down, is taught when it comes up,
        // and nothing is left armed for the clap after it.
        let events = try taughtThen({ a in
            a.whistle(milliseconds: 150); a.quiet(until: 7_000); a.clap(); a.quiet(until: 8_500)
        }, script: "4990 pad1 down\n5490 pad1 up\n")
        let learned = events.named("learned")
        #expect(learned.map(\.pad) == [1, 2, 1], "\(events)")
        #expect(learned.last?.int("examples") == 2)
        #expect((5_490 ... 5_506).contains(learned.last?.milliseconds ?? 0), "taught when the press ends")
        #expect(events.named("armed").count == 2, "nothing left armed for the clap")
        #expect(events.named("heard").count == 1, "the clap after it is not taught")
    }

    @Test func aPressReleasedDuringTheSoundTeachesIt() throws {
        // Released 300 ms after it went down, while the whistle's event is still open: armed
        // from the press, so the whistle (begun 10 ms after the press) is the one taught.
        let events = try taughtThen({ a in
            a.whistle(milliseconds: 150); a.quiet(until: 7_000); a.clap(); a.quiet(until: 8_500)
        }, script: "4990 pad1 down\n5290 pad1 up\n")
        #expect(events.named("learned").map(\.pad) == [1, 2, 1], "\(events)")
        #expect((5_300 ... 5_400).contains(events.named("learned").last?.milliseconds ?? 0))
        #expect(events.named("heard").count == 1, "the clap after it is not taught")
    }

    @Test func aClapInTheMiddleOfALongerPressIsTaught() throws {
        let events = try taughtThen({ a in
            a.quiet(until: 5_200); a.whistle(milliseconds: 150); a.quiet(until: 7_000)
        }, script: "5000 pad1 down\n5600 pad1 up\n")
        #expect(events.named("learned").map(\.pad) == [1, 2, 1], "\(events)")
    }

    @Test func aSoundMadeDuringALongPressIsDroppedWithTheClass() throws {
        let events = try taughtThen({ a in
            a.quiet(until: 5_200); a.clap(); a.quiet(until: 7_000)
        }, script: hold("pad1", at: 5_000, for: 1_300))
        let ignored = try #require(events.named("ignored").first)
        #expect(ignored.string("reason") == "sound_during_a_press" && ignored.pad == 1, "\(events)")
        #expect(events.named("forgot").first?.int("examples") == 1)
        #expect(events.named("learned").count == 2 && events.named("heard").isEmpty)
    }

    @Test func padsPressedWhileModeIsHeldUndoEvenAfterItsLongPressFired() throws {
        // MODE held 1.2 s asks to forget everything; the pad pressed then means MODE + pad.
        let events = try taughtThen({ a in a.quiet(until: 9_000) },
                                    script: "6000 mode down\n7200 pad1 down\n7300 pad1 up\n7400 mode up\n")
        #expect(events.named("confirm_forget_all").count == 1)
        #expect(events.named("cancelled").first?.string("reason") == "other_button")
        #expect(events.named("undone").first?.pad == 1 && events.named("undone").first?.int("examples") == 0)
        #expect(events.named("forgot").isEmpty && events.named("armed").count == 2, "\(events)")
    }

    @Test func aConfirmingLongPressBegunInTheWindowCounts() throws {
        // The second MODE press starts 3.5 s after the question and ends its long press at
        // 4.5 s: it confirms, the window does not close under it.
        let events = try taughtThen({ a in a.quiet(until: 12_000) },
                                    script: hold("mode", at: 5_000, for: 1_100) + hold("mode", at: 9_500, for: 1_100))
        #expect(events.named("confirm_forget_all").count == 1, "\(events)")
        #expect(events.named("forgot_all").first?.int("examples") == 2)
        #expect(events.named("cancelled").isEmpty)
    }

    @Test func aSoundBegunWhilePausedIsNotHeardAfterResuming() throws {
        // Paused at 5 s; a 700 ms whistle from 5.2 s; resumed at 5.5 s, while it goes on.
        let events = try taughtThen({ a in
            a.quiet(until: 5_200); a.whistle(milliseconds: 700); a.quiet(until: 6_500); a.whistle(); a.quiet(until: 8_000)
        }, script: tap("mode", at: 5_000) + tap("mode", at: 5_500))
        let heard = events.named("heard")
        #expect(heard.count == 1 && heard.first?.pad == 2, "only the whistle after resuming: \(events)")
        #expect((6_500 ... 7_500).contains(heard.first?.milliseconds ?? 0))
    }
}
