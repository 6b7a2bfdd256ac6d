import KinuDrivers

/// The FPGA I/O block of the AN385/AN386 images (0x4002_8000): the user LEDs. QEMU
/// models them (`-d trace:led_change_intensity` logs every change); its buttons are not
/// modelled (they always read as released), so the device takes pads from the script and keys.
enum FPGAIO {
    static let led0 = Register(0x4002_8000)

    /// Number of user LEDs on the board (bits 0...1 of LED0).
    static let ledCount = 2

    /// All LEDs at once: bit i lights LED i.
    static var leds: UInt32 {
        get { var bus = MMIOBus(); return bus.read(led0) }
        set { var bus = MMIOBus(); bus.write(led0, newValue & ((1 << UInt32(ledCount)) - 1)) }
    }

    static func setLED(_ index: Int, on: Bool) {
        let bit: UInt32 = 1 << UInt32(index)
        leds = on ? leds | bit : leds & ~bit
    }
}
