import Testing
@testable import KinuDevice

@Suite struct ButtonScriptTests {
    @Test func parsesTransitionsCommentsBlankLinesAndCRLF() throws {
        let script = "# teach\n\n1500 pad1 down\r\n1600   pad1\tup  # done\n  \n2000 mode down\n3200 mode up\n2 # only a comment? no: see below\n"
        // The last line has a time and nothing else: an error, reported with its number.
        #expect(throws: ButtonScript.ParseError(line: 8, reason: .missingFields)) { try parseScript(script) }
        let good = try parseScript(String(script.dropLast("2 # only a comment? no: see below\n".count)))
        #expect(good == [
            ButtonTransition(milliseconds: 1500, button: .pad(0), isDown: true),
            ButtonTransition(milliseconds: 1600, button: .pad(0), isDown: false),
            ButtonTransition(milliseconds: 2000, button: .mode, isDown: true),
            ButtonTransition(milliseconds: 3200, button: .mode, isDown: false),
        ])
    }

    @Test func aByteOrderMarkBeforeLineOneIsSkipped() throws {
        let plain = "1500 pad1 down\n1600 pad1 up\n"
        #expect(try parseScript("\u{FEFF}" + plain) == parseScript(plain))
        #expect(try parseScript("\u{FEFF}").isEmpty)
        // Only at the very start: a mark inside the text is still a bad time, on its line.
        #expect(throws: ButtonScript.ParseError(line: 2, reason: .badTime)) { try parseScript("1 pad1 down\n\u{FEFF}2 pad1 up\n") }
    }

    @Test func emptyScriptIsFine() throws {
        #expect(try parseScript("").isEmpty)
        #expect(try parseScript("# nothing\n\n").isEmpty)
    }

    @Test(arguments: [
        ("abc pad1 down", ButtonScript.ParseError.Reason.badTime),
        ("-5 pad1 down", .badTime),
        ("1.5 pad1 down", .badTime),
        ("1234567890123 pad1 down", .badTime),
        ("10 pad0 down", .unknownButton),
        ("10 pad5 down", .unknownButton),      // 4 pads
        ("10 pad01 down", .unknownButton),
        ("10 pod1 down", .unknownButton),
        ("10 MODE down", .unknownButton),
        ("10 pad1 press", .badAction),
        ("10 pad1", .missingFields),
        ("10", .missingFields),
        ("10 pad1 down now", .extraFields),
        ("10 pad1 up", .notDown),
    ])
    func reportsTheReasonAndLineOfABadLine(line: String, reason: ButtonScript.ParseError.Reason) {
        let script = "# header\n5 mode down\n6 mode up\n" + line + "\n"
        #expect(throws: ButtonScript.ParseError(line: 4, reason: reason)) { try parseScript(script) }
    }

    @Test func timeMustNotGoBackwardsAndPressesMustPair() {
        #expect(throws: ButtonScript.ParseError(line: 2, reason: .timeGoesBackwards)) {
            try parseScript("100 pad1 down\n50 pad1 up\n")
        }
        #expect(throws: ButtonScript.ParseError(line: 2, reason: .alreadyDown)) {
            try parseScript("100 pad1 down\n150 pad1 down\n")
        }
    }

    @Test func everyReasonHasAMessage() {
        let reasons: [ButtonScript.ParseError.Reason] = [.badTime, .unknownButton, .badAction, .missingFields,
                                                         .extraFields, .timeGoesBackwards, .alreadyDown, .notDown, .tooManyLines, .tooLong]
        for reason in reasons { #expect(reason.message.utf8CodeUnitCount > 10) }
    }

    @Test func aLimitBoundsTheNumberOfTransitions() {
        #expect(throws: ButtonScript.ParseError(line: 3, reason: .tooManyLines)) {
            try parseScript("1 pad1 down\n2 pad1 up\n3 pad1 down\n", limit: 2)
        }
    }

    /// The bounds every tool and board share: 1024 transitions and 32 KB parse, one more of
    /// either is refused (the emulated board holds the file and the transitions in RAM).
    @Test func theBoardsBoundsAreTheSameForEveryTool() throws {
        func presses(_ count: Int) -> String {
            (0 ..< count).map { "\(100 + 10 * $0) pad1 \($0 % 2 == 0 ? "down" : "up")\n" }.joined()
        }
        #expect(try parseScript(presses(ButtonScript.maximumTransitions), limit: ButtonScript.maximumTransitions).count == 1_024)
        #expect(throws: ButtonScript.ParseError(line: 1_025, reason: .tooManyLines)) {
            try parseScript(presses(1_026), limit: ButtonScript.maximumTransitions)
        }
        let comment = "#" + String(repeating: "x", count: 98) + "\n"   // 100 bytes
        let full = String(repeating: comment, count: 327) + String(repeating: "#", count: 67) + "\n"
        #expect(full.utf8.count == ButtonScript.maximumBytes)
        #expect(try parseScript(full).isEmpty)
        #expect(throws: ButtonScript.ParseError(line: 0, reason: .tooLong)) { try parseScript(full + "\n") }
    }

    @Test func scriptedButtonsHandOutTransitionsAsTheClockReachesThem() throws {
        var buttons = ScriptedButtons(try parseScript("100 pad1 down\n100 pad1 up\n300 mode down\n"))
        #expect(buttons.nextTransition(dueBy: 99) == nil)
        #expect(buttons.nextTransition(dueBy: 100)?.isDown == true)
        #expect(buttons.nextTransition(dueBy: 100)?.isDown == false)
        #expect(buttons.nextTransition(dueBy: 299) == nil)
        #expect(buttons.nextTransition(dueBy: 10_000)?.button == .mode)
        #expect(buttons.isFinished)
    }
}
