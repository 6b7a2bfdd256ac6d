/// Something that accepts text one byte at a time: UART0, the semihosting console.
protocol ByteSink {
    static func put(_ byte: UInt8)
}

/// The semihosting console as a byte sink (one SYS_WRITEC trap per byte: slow, for
/// short messages only).
enum SemihostingOut: ByteSink {
    static func put(_ byte: UInt8) {
        var b = byte
        _ = kinu_semihost(Semihosting.Operation.writeC.rawValue, &b)
    }
}

/// Text output without Foundation or String: string literals, C strings and integers.
/// Generic over the sink, specialised at compile time (no existentials in Embedded).
enum TextOut<Sink: ByteSink> {
    static func write(_ text: StaticString) {
        text.withUTF8Buffer { for b in $0 { Sink.put(b) } }
    }

    static func write(_ text: UnsafePointer<CChar>) {
        var p = text
        while p.pointee != 0 { Sink.put(UInt8(bitPattern: p.pointee)); p += 1 }
    }

    /// Decimal, with a leading "-" for negative values.
    static func write<T: FixedWidthInteger>(_ value: T) {
        if value < 0 { Sink.put(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes: enough for 2^64
        let count = withUnsafeMutableBytes(of: &digits) { buffer -> Int in
            var n = 0
            repeat {
                buffer[n] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
                n += 1
            } while magnitude != 0
            return n
        }
        withUnsafeBytes(of: &digits) { buffer in
            for i in stride(from: count - 1, through: 0, by: -1) { Sink.put(buffer[i]) }
        }
    }

    /// Hexadecimal with "0x" and all digits of the type (e.g. 0x0000002a for UInt32).
    static func writeHex<T: FixedWidthInteger>(_ value: T) {
        write("0x")
        let hex: StaticString = "0123456789abcdef"
        var shift = T.bitWidth - 4
        while shift >= 0 {
            let nibble = Int(truncatingIfNeeded: (value >> shift) & 0xF)
            Sink.put(hex.utf8Start[nibble])
            shift -= 4
        }
    }

    static func newline() { Sink.put(0x0A) }

    static func line(_ text: StaticString) {
        write(text)
        newline()
    }
}

/// The board's console: UART0.
typealias Console = TextOut<UART0>
/// The host's console via semihosting (reaches QEMU's output even if UART0 is unused).
typealias HostConsole = TextOut<SemihostingOut>

/// Lets Swift's own `print` (which calls the C function putchar in Embedded Swift)
/// write to UART0 instead of newlib's stdio, which the board does not set up.
@_cdecl("putchar")
func putchar(_ c: CInt) -> CInt {
    UART0.put(UInt8(truncatingIfNeeded: c))
    return c
}
