import KinuDrivers

// The millisecond counter kept by SysTick_Handler (C/startup.c).
@_extern(c, "kinu_milliseconds") func kinu_milliseconds() -> UInt32

/// Console output on the UART header pins (TX = P1.03).
enum Console {
    static func put(_ byte: UInt8) {
        var bus = MMIOBus()
        NRF52UART.put(&bus, byte)
    }

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
