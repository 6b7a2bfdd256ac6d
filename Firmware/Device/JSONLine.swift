/// Builds one JSON log line by hand, e.g. `{"t_ms":5230,"event":"heard","class":2}`,
/// in a buffer allocated once: no Foundation, no String, no allocation per line.
/// Values are integers, booleans, null and fixed strings (escaped anyway, so a message
/// with a quote cannot break the line).
public struct JSONLine {
    /// Longest line; anything past it is cut (the line is then still closed with "}"). The
    /// longest the device writes is about 120 bytes (an error with a 12-digit time).
    public static let capacity = 160

    private var bytes = [UInt8](repeating: 0, count: JSONLine.capacity)
    private var count = 0

    public init() {}

    /// Starts a line with the two fields every line has.
    public mutating func start(milliseconds: Milliseconds, event: StaticString) {
        count = 0
        put(UInt8(ascii: "{"))
        key("t_ms", first: true)
        putInteger(Int64(milliseconds))
        add("event", event)
    }

    public mutating func add(_ name: StaticString, _ value: Int) {
        key(name)
        putInteger(Int64(value))
    }

    public mutating func add(_ name: StaticString, _ value: StaticString) {
        key(name)
        putString(value)
    }

    public mutating func add(_ name: StaticString, _ value: Bool) {
        key(name)
        putRaw(value ? "true" : "false")
    }

    public mutating func addNull(_ name: StaticString) {
        key(name)
        putRaw("null")
    }

    /// Closes the line and hands it to `output`.
    public mutating func finish<Output: LogOutput>(to output: inout Output) {
        if count >= JSONLine.capacity { count = JSONLine.capacity - 1 }
        bytes[count] = UInt8(ascii: "}")
        count += 1
        let length = count
        bytes.withUnsafeBytes { output.writeLine(UnsafeRawBufferPointer(rebasing: $0[0 ..< length])) }
    }

    // MARK: Bytes

    private mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { put(UInt8(ascii: ",")) }
        putString(name)
        put(UInt8(ascii: ":"))
    }

    private mutating func put(_ byte: UInt8) {
        // Keep one byte for the closing brace.
        if count < JSONLine.capacity - 1 {
            bytes[count] = byte
            count += 1
        }
    }

    private mutating func putRaw(_ text: StaticString) {
        text.withUTF8Buffer { for b in $0 { put(b) } }
    }

    private mutating func putString(_ text: StaticString) {
        put(UInt8(ascii: "\""))
        text.withUTF8Buffer { utf8 in
            for b in utf8 {
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { put(UInt8(ascii: "\\")) }
                put(b < 0x20 ? UInt8(ascii: " ") : b)
            }
        }
        put(UInt8(ascii: "\""))
    }

    private mutating func putInteger(_ value: Int64) {
        if value < 0 { put(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var divisor: UInt64 = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            put(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }
}
