import KinuDrivers

/// UART0 of the MPS2 board: an Arm CMSDK APB UART. Under `qemu -nographic` its output
/// is the emulator's standard output; on the FPGA board it is the USB serial port.
enum UART0: ByteSink {
    private static let base: UInt32 = 0x4000_4000
    static let data = Register(base + 0x00)
    static let state = Register(base + 0x04)
    static let ctrl = Register(base + 0x08)
    static let bauddiv = Register(base + 0x10)

    static let stateTxFull = Field(0), stateRxFull = Field(1)
    static let ctrlTxEnable = Field(0), ctrlRxEnable = Field(1)

    /// Turns transmitter and receiver on. 25 MHz / 217 = 115200 baud on the real board;
    /// QEMU ignores the rate but, like the hardware, wants a divider of at least 16.
    static func enable() {
        var bus = MMIOBus()
        bus.write(bauddiv, 217)
        bus.write(ctrl, ctrlTxEnable(1) | ctrlRxEnable(1))
    }

    /// Blocks until there is room in the transmit buffer, then sends `byte`.
    static func put(_ byte: UInt8) {
        var bus = MMIOBus()
        while bus.read(state, stateTxFull) != 0 {}
        bus.write(data, UInt32(byte))
    }

    /// The next received byte, or nil if none is waiting. Never blocks.
    static func get() -> UInt8? {
        var bus = MMIOBus()
        guard bus.read(state, stateRxFull) != 0 else { return nil }
        return UInt8(truncatingIfNeeded: bus.read(data))
    }
}
