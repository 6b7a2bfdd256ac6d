// Shared by the real boards' apps (Boards/<board>/board.mk adds this folder): boot
// messages and Swift's `print` on the board's serial port, through `consolePut`, which
// each board's description defines; and the stop with the fault LED.

/// Stops for good with the board's fault LED on, as a fault does (the C start-up code
/// lights it: one place for both).
@_extern(c, "kinu_halt") func kinu_halt()

func halt() -> Never {
    kinu_halt()
    while true {}   // not reached; C's noreturn cannot cross @_extern(c)
}

enum Console {
    static func put(_ byte: UInt8) { consolePut(byte) }

    static func write(_ text: StaticString) {
        text.withUTF8Buffer { for b in $0 { put(b) } }
    }

    static func line(_ text: StaticString) {
        write(text)
        write("\r\n")
    }
}

/// Swift's `print` calls putchar; send it to the console too.
@_cdecl("putchar")
func putchar(_ c: CInt) -> CInt {
    Console.put(UInt8(truncatingIfNeeded: c))
    return c
}
