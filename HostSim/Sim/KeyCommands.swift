/// What a key means on the live interface. Terminals report key presses, not releases,
/// so holding a button is a prefix: `l` then a pad (or `m`) is a long press, `u` then a
/// pad is MODE held while tapping that pad.
enum KeyCommand: Equatable {
    case tap(pad: Int), hold(pad: Int), undo(pad: Int), mode, holdMode, quit
}

struct KeyCommands {
    enum Prefix: Equatable { case none, long, undo }
    let padCount: Int
    private(set) var prefix = Prefix.none

    init(padCount: Int) { self.padCount = padCount }

    /// Feeds one byte; returns a command when one is complete.
    mutating func feed(_ byte: UInt8) -> KeyCommand? {
        let key = Character(Unicode.Scalar(byte))
        if byte == 3 || byte == 4 || key == "q" || key == "Q" { prefix = .none; return .quit }   // Ctrl-C, Ctrl-D, q
        if byte == 27 { prefix = .none; return nil }   // Esc cancels a prefix
        if key == "l" || key == "L" { prefix = prefix == .long ? .none : .long; return nil }
        if key == "u" || key == "U" { prefix = prefix == .undo ? .none : .undo; return nil }
        let current = prefix
        prefix = .none
        if key == "m" || key == "M" {
            switch current {
            case .none: return .mode
            case .long: return .holdMode
            case .undo: return nil
            }
        }
        // Keys 1-9 are pads 1-9 and 0 is pad 10, as on a phone's keypad.
        guard let digit = key.wholeNumberValue else { return nil }
        let pad = digit == 0 ? 10 : digit
        guard pad <= padCount else { return nil }
        switch current {
        case .none: return .tap(pad: pad - 1)
        case .long: return .hold(pad: pad - 1)
        case .undo: return .undo(pad: pad - 1)
        }
    }

    /// The pad keys in words: "1-8", or "1-9, 0" with ten pads.
    static func padKeys(_ padCount: Int) -> String {
        padCount == 1 ? "1" : padCount < 10 ? "1-\(padCount)" : "1-9, 0"
    }

    /// One line for the bottom of the screen while a prefix waits for its key.
    var prompt: String? {
        switch prefix {
        case .none: return nil
        case .long: return "long press: now press a pad \(Self.padKeys(padCount)) (forget it) or m (forget everything); Esc cancels"
        case .undo: return "MODE held: now press a pad \(Self.padKeys(padCount)) to undo its last example; Esc cancels"
        }
    }
}
