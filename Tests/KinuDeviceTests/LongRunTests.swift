import Testing
@testable import KinuDevice

/// A device stays on for months: its clock passes what 32 bits hold (on the M4 that is
/// checked by the firmware's own run, `device-equivalence.sh`), and its listener restarts
/// before its frame count could overflow.
@Suite struct LongRunTests {
    /// Teaches a clap and a whistle, plays them twice, with the script's times later by
    /// `clockStart`; the listener restarts after `listenerFrameLimit` frames.
    func run(clockStart: Milliseconds = 0, listenerFrameLimit: Int = 1 << 30) throws -> (ScriptedBoard, restarts: Int) {
        var (audio, script) = teachClapAndWhistle()
        for _ in 0 ..< 2 {
            audio.clap(); audio.quiet(1_200)
            audio.whistle(); audio.quiet(1_200)
        }
        var board = ScriptedBoard()
        board.audio = audio.samples
        board.buttons = ScriptedButtons(try parseScript(script).map {
            ButtonTransition(milliseconds: $0.milliseconds + clockStart, button: $0.button, isDown: $0.isDown)
        })
        var device = Device(board: board, clockStart: clockStart, listenerFrameLimit: listenerFrameLimit)
        device.run()
        return (device.board, device.listenerRestarts)
    }

    @Test func aLateClockStartMovesEveryTimeAndNothingElse() throws {
        let start: Milliseconds = (1 << 31) - 1_500   // passes 2^31 while pad 2 is armed
        let (early, _) = try run()
        let (late, _) = try run(clockStart: start)
        #expect(early.events.named("heard").map(\.pad) == [1, 2, 1, 2])
        #expect(late.lines.count == early.lines.count)
        for (a, b) in zip(early.events, late.events) {
            #expect(Milliseconds(b.milliseconds) == Milliseconds(a.milliseconds) + start)
            #expect(b.line.drop { $0 != "," } == a.line.drop { $0 != "," }, "only t_ms differs")
        }
        #expect(late.events.contains { $0.milliseconds > Int(Int32.max) })
        let sameModel = late.storedModel == early.storedModel
        #expect(sameModel)
    }

    @Test func theListenerRestartsBetweenSoundsAndKeepsHearing() throws {
        let (steady, none) = try run()
        // Every 60 frames (1.2 s): many restarts, each waiting for a quiet moment.
        let (restarted, restarts) = try run(listenerFrameLimit: 60)
        #expect(none == 0)
        #expect(restarts >= 4)
        #expect(restarted.events.named("learned").map(\.pad) == [1, 2])
        #expect(restarted.events.named("heard").map(\.pad) == steady.events.named("heard").map(\.pad))
    }

    @Test func aRestartWaitsForTheSoundUnderwayToEnd() throws {
        // A 1.4 s whistle is taught; the listener is due to restart 1.2 s into the stream,
        // in the middle of it. Cut there, the taught example would not be the whole whistle.
        var audio = TestAudio()
        audio.quiet(1_000)
        audio.whistle(milliseconds: 1_400)
        audio.quiet(until: 4_000)
        func teach(limit: Int) throws -> (model: [UInt8]?, restarts: Int) {
            var board = ScriptedBoard()
            board.audio = audio.samples
            board.buttons = ScriptedButtons(try parseScript(tap("pad1", at: 800)))
            var device = Device(board: board, clockStart: 0, listenerFrameLimit: limit)
            device.run()
            #expect(device.board.events.named("learned").map(\.pad) == [1])
            return (device.board.storedModel, device.listenerRestarts)
        }
        let whole = try teach(limit: 1 << 30), restarted = try teach(limit: 60)
        #expect(whole.restarts == 0 && restarted.restarts >= 1)
        let sameModel = whole.model != nil && whole.model == restarted.model
        #expect(sameModel, "the taught whistle is the same whole event")
    }

    @Test func theClockNeverWrapsWhereTheM4sIntWould() {
        // 2^31 ms is 24.8 days; the clock must go on past it and past 2^32.
        let later: Milliseconds = (1 << 32) + 5
        #expect(later > Milliseconds(Int32.max))
        var board = ScriptedBoard()
        board.audio = [Int16](repeating: 0, count: 16 * 100)
        var device = Device(board: board, clockStart: later)
        device.run()
        #expect(device.milliseconds == later + 100)
        #expect(device.board.events.first?.milliseconds == Int(later))
    }
}
