import KinuDevice

/// Runs the device over `audio` with the button `script` (script syntax) on a scripted
/// board and returns the board afterwards.
func runDevice(
    _ audio: TestAudio, script: String = "", padCount: Int = 4,
    configure: (inout ScriptedBoard) -> Void = { _ in }
) throws -> ScriptedBoard {
    var board = ScriptedBoard()
    board.padCount = padCount
    board.audio = audio.samples
    board.buttons = ScriptedButtons(try parseScript(script, padCount: padCount))
    configure(&board)
    var device = Device(board: board)
    device.run()
    return device.board
}

func parseScript(_ script: String, padCount: Int = 4, limit: Int = ButtonScript.maximumTransitions) throws -> [ButtonTransition] {
    try Array(script.utf8).withUnsafeBytes { try ButtonScript.parse($0, padCount: padCount, limit: limit) }
}

/// A short press: down at `at`, up 100 ms later.
func tap(_ button: String, at milliseconds: Int) -> String {
    "\(milliseconds) \(button) down\n\(milliseconds + 100) \(button) up\n"
}

/// A press held for `duration` ms.
func hold(_ button: String, at milliseconds: Int, for duration: Int = 1_200) -> String {
    "\(milliseconds) \(button) down\n\(milliseconds + duration) \(button) up\n"
}

/// Audio that teaches a clap to pad 1 and a whistle to pad 2, then stays quiet until
/// 5 s, with the matching script.
func teachClapAndWhistle() -> (TestAudio, String) {
    var audio = TestAudio()
    audio.quiet(1_200)
    audio.clap()             // 1200: teaching pad 1
    audio.quiet(until: 2_500)
    audio.whistle()          // 2500: teaching pad 2
    audio.quiet(until: 5_000)
    return (audio, tap("pad1", at: 1_000) + tap("pad2", at: 2_300))
}
