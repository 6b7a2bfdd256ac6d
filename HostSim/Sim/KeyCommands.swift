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
        guard let digit = key.wholeNumberValue, digit >= 1, digit <= padCount else { return nil }
        switch current {
        case .none: return .tap(pad: digit - 1)
        case .long: return .hold(pad: digit - 1)
        case .undo: return .undo(pad: digit - 1)
        }
    }

    /// One line for the bottom of the screen while a prefix waits for its key.
    var prompt: String? {
        switch prefix {
        case .none: return nil
        case .long: return "long press: now press a pad 1-\(padCount) (forget it) or m (forget everything); Esc cancels"
        case .undo: return "MODE held: now press a pad 1-\(padCount) to undo its last example; Esc cancels"
        }
    }
}
