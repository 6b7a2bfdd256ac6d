/// Button scripts: what a person pressed, as text, for tests and batch runs. One
/// transition per line, `<milliseconds> <button> <down|up>`, e.g. `1500 pad1 down`;
/// buttons are `pad1`...`padN` and `mode`; `#` starts a comment; blank lines are fine.
/// Times are milliseconds of audio and never go backwards. Host and firmware share this
/// parser, so a script means the same thing on both.
public enum ButtonScript {
    /// The longest script and the most transitions a board takes: the emulated board reads
    /// the whole file into RAM beside the device (about 60 KB), so both are bounded, and
    /// every tool shares the bounds so that a script means the same thing everywhere.
    public static let maximumBytes = 32_768
    public static let maximumTransitions = 1_024

    public struct ParseError: Error, Equatable {
        /// 1-based line number; 0 for the whole script (`tooLong`).
        public let line: Int
        public let reason: Reason

        public enum Reason: Equatable, Sendable {
            case badTime, unknownButton, badAction, missingFields, extraFields
            case timeGoesBackwards, alreadyDown, notDown, tooManyLines, tooLong

            public var message: StaticString {
                switch self {
                case .badTime: return "time must be a whole number of milliseconds (0 or more, at most 12 digits)"
                case .unknownButton: return "unknown button (expected pad1...padN for this board's N pads, or mode)"
                case .badAction: return "action must be 'down' or 'up'"
                case .missingFields: return "expected '<milliseconds> <button> <down|up>'"
                case .extraFields: return "unexpected text after '<milliseconds> <button> <down|up>'"
                case .timeGoesBackwards: return "time is earlier than the line before"
                case .alreadyDown: return "button is already down"
                case .notDown: return "button is not down"
                case .tooManyLines: return "too many transitions (at most 1024)"
                case .tooLong: return "script longer than 32 KB"
                }
            }
        }
    }

    /// Parses a whole script. `padCount` bounds the pad names; `limit` bounds the number
    /// of transitions (the firmware reserves their storage once, at start-up).
    public static func parse(
        _ text: UnsafeRawBufferPointer, padCount: Int, limit: Int = maximumTransitions
    ) throws(ParseError) -> [ButtonTransition] {
        if text.count > maximumBytes { throw ParseError(line: 0, reason: .tooLong) }
        var transitions: [ButtonTransition] = []
        transitions.reserveCapacity(min(limit, text.count / 8 + 1))
        var held = [Bool](repeating: false, count: padCount + 1)   // pads, then MODE
        var lastTime: Milliseconds = 0
        var lineNumber = 0
        // Editors on Windows start UTF-8 files with a byte-order mark: not part of line 1.
        let hasBOM = text.count >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF
        var lineStart = hasBOM ? 3 : 0
        while lineStart < text.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < text.count && text[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let line = UnsafeRawBufferPointer(rebasing: text[lineStart ..< lineEnd])
            lineStart = lineEnd + 1
            guard let transition = try parseLine(line, number: lineNumber, padCount: padCount) else { continue }
            func fail(_ reason: ParseError.Reason) -> ParseError { ParseError(line: lineNumber, reason: reason) }
            if transition.milliseconds < lastTime { throw fail(.timeGoesBackwards) }
            let slot = if case .pad(let k) = transition.button { k } else { padCount }
            if transition.isDown == held[slot] { throw fail(transition.isDown ? .alreadyDown : .notDown) }
            if transitions.count >= limit { throw fail(.tooManyLines) }
            held[slot] = transition.isDown
            lastTime = transition.milliseconds
            transitions.append(transition)
        }
        return transitions
    }

    /// One line: nil for a blank or comment line.
    static func parseLine(
        _ line: UnsafeRawBufferPointer, number: Int, padCount: Int
    ) throws(ParseError) -> ButtonTransition? {
        var words = Words(line)
        guard let timeWord = words.next() else { return nil }
        func fail(_ reason: ParseError.Reason) -> ParseError { ParseError(line: number, reason: reason) }
        guard let buttonWord = words.next(), let actionWord = words.next() else { throw fail(.missingFields) }
        if words.next() != nil { throw fail(.extraFields) }
        guard let time = parseNumber(timeWord, digits: 12) else { throw fail(.badTime) }
        guard let button = parseButton(buttonWord, padCount: padCount) else { throw fail(.unknownButton) }
        let isDown: Bool
        if equals(actionWord, "down") { isDown = true }
        else if equals(actionWord, "up") { isDown = false }
        else { throw fail(.badAction) }
        return ButtonTransition(milliseconds: time, button: button, isDown: isDown)
    }

    static func parseButton(_ word: UnsafeRawBufferPointer, padCount: Int) -> Button? {
        if equals(word, "mode") { return .mode }
        guard word.count > 3, equals(UnsafeRawBufferPointer(rebasing: word[0 ..< 3]), "pad"),
              word[3] != UInt8(ascii: "0"),
              let number = parseNumber(UnsafeRawBufferPointer(rebasing: word[3...]), digits: 2),
              number >= 1, number <= padCount else { return nil }
        return .pad(Int(number) - 1)
    }

    /// Decimal digits only, at most `digits` of them (12 for a time: 31 years of audio;
    /// no overflow).
    public static func parseNumber(_ word: UnsafeRawBufferPointer, digits: Int) -> Int64? {
        guard word.count > 0, word.count <= digits else { return nil }
        var value: Int64 = 0
        for b in word {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(b - UInt8(ascii: "0"))
        }
        return value
    }

    static func equals(_ word: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { utf8 in
            guard utf8.count == word.count else { return false }
            for i in 0 ..< utf8.count where utf8[i] != word[i] { return false }
            return true
        }
    }

    /// Splits a line at spaces, tabs and a trailing CR; stops at `#`.
    struct Words {
        let line: UnsafeRawBufferPointer
        var position = 0

        init(_ line: UnsafeRawBufferPointer) { self.line = line }

        mutating func next() -> UnsafeRawBufferPointer? {
            while position < line.count && isSpace(line[position]) { position += 1 }
            guard position < line.count, line[position] != UInt8(ascii: "#") else { return nil }
            let start = position
            while position < line.count && !isSpace(line[position]) && line[position] != UInt8(ascii: "#") {
                position += 1
            }
            return UnsafeRawBufferPointer(rebasing: line[start ..< position])
        }

        private func isSpace(_ b: UInt8) -> Bool {
            b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r")
        }
    }
}
