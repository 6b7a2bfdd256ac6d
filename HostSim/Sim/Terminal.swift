import Foundation

/// The terminal for the live interface: raw keys without echo, the alternate screen,
/// no cursor. `restore()` puts everything back; it runs on every way out (quit, end,
/// Ctrl-C, an error, and at exit as a last resort).
final class Terminal {
    nonisolated(unsafe) private static var saved: termios?
    private let output = FileHandle.standardOutput

    init() throws {
        guard isatty(0) != 0, isatty(1) != 0 else {
            throw SimFailure(message: "the live interface needs a terminal; use --headless to print the log instead")
        }
        var attributes = termios()
        tcgetattr(0, &attributes)
        Terminal.saved = attributes
        var raw = attributes
        // No line buffering, no echo; keep ISIG so Ctrl-C still interrupts (handled as quit).
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        tcsetattr(0, TCSANOW, &raw)
        atexit { Terminal.restore() }
        // Alternate screen, cursor hidden, no line wrap (a long line must never scroll the
        // screen), screen cleared.
        write("\u{1B}[?1049h\u{1B}[?25l\u{1B}[?7l\u{1B}[2J")
    }

    static func restore() {
        guard var attributes = saved else { return }
        saved = nil
        let reset = "\u{1B}[0m\u{1B}[?7h\u{1B}[?25h\u{1B}[?1049l"
        _ = reset.withCString { Foundation.write(1, $0, strlen($0)) }
        tcsetattr(0, TCSANOW, &attributes)
    }

    func write(_ text: String) {
        output.write(Data(text.utf8))
    }

    /// Bytes typed since the last call (never waits).
    func readKeys() -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { Foundation.read(0, $0.baseAddress, 64) }
        return count > 0 ? Array(buffer[0 ..< count]) : []
    }

    /// Columns and rows (80×24 if the terminal does not say).
    var size: (columns: Int, rows: Int) {
        var w = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0, w.ws_row > 0 { return (Int(w.ws_col), Int(w.ws_row)) }
        return (80, 24)
    }
}
