import Testing
@testable import KinuDevice

@Suite struct GestureTests {
    /// Applies `script` (firing long presses as time passes, like the device) and
    /// returns the gestures.
    func gestures(_ script: String, until end: Milliseconds = 10_000) throws -> [Gesture] {
        var recognizer = GestureRecognizer(padCount: 3)
        var found: [Gesture] = []
        for t in try parseScript(script, padCount: 3) {
            while let g = recognizer.longPress(by: t.milliseconds) { found.append(g) }
            if let g = recognizer.apply(t) { found.append(g) }
        }
        while let g = recognizer.longPress(by: end) { found.append(g) }
        return found
    }

    @Test func shortAndLongPresses() throws {
        #expect(try gestures("0 pad2 down\n999 pad2 up\n") == [.tap(pad: 1)])
        #expect(try gestures("0 pad2 down\n1000 pad2 up\n") == [.hold(pad: 1)])
        #expect(try gestures("0 pad2 down\n5000 pad2 up\n") == [.hold(pad: 1)], "fires once")
        #expect(try gestures("0 pad3 down\n", until: 999) == [])
        #expect(try gestures("0 pad3 down\n", until: 1000) == [.hold(pad: 2)], "fires while held")
        #expect(try gestures("0 mode down\n200 mode up\n") == [.modeTap])
        #expect(try gestures("0 mode down\n1500 mode up\n") == [.modeHold])
    }

    @Test func modeWithPads() throws {
        #expect(try gestures("0 mode down\n10 pad1 down\n20 pad1 up\n30 pad3 down\n40 pad3 up\n50 mode up\n")
                == [.modeWithPad(pad: 0), .modeWithPad(pad: 2)])
        #expect(try gestures("0 mode down\n10 pad1 down\n2000 pad1 up\n3000 mode up\n") == [.modeWithPad(pad: 0)],
                "no long press for buttons used in a combo")
    }

    @Test func chords() throws {
        #expect(try gestures("0 pad1 down\n10 pad2 down\n20 pad1 up\n30 pad2 up\n") == [.chord])
        #expect(try gestures("0 pad1 down\n10 mode down\n20 pad1 up\n30 mode up\n") == [.chord])
        #expect(try gestures("0 pad1 down\n2000 pad2 down\n2010 pad2 up\n2020 pad1 up\n") == [.hold(pad: 0), .chord],
                "a second pad after a long press: the long press stands")
    }
}
