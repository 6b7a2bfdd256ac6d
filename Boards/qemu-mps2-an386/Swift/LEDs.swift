import _Volatile

/// The FPGA I/O block of the AN385/AN386 images (0x4002_8000): user LEDs and buttons.
/// QEMU models the LEDs (`-d trace:led_change_intensity` logs every change) but not the
/// buttons, which always read as released.
enum FPGAIO {
    private static let base: UInt = 0x4002_8000
    private static let led0 = VolatileMappedRegister<UInt32>(unsafeBitPattern: base + 0x00)
    private static let button = VolatileMappedRegister<UInt32>(unsafeBitPattern: base + 0x08)

    /// Number of user LEDs on the board (bits 0...1 of LED0).
    static let ledCount = 2

    /// All LEDs at once: bit i lights LED i.
    static var leds: UInt32 {
        get { led0.load() }
        set { led0.store(newValue & ((1 << UInt32(ledCount)) - 1)) }
    }

    static func setLED(_ index: Int, on: Bool) {
        let bit: UInt32 = 1 << UInt32(index)
        leds = on ? leds | bit : leds & ~bit
    }

    /// The two user push buttons: bit i set while button i is held.
    static var buttons: UInt32 { button.load() & 0b11 }
}
