import _Volatile

/// UART0 of the MPS2 board: an Arm CMSDK APB UART. Under `qemu -nographic` its output
/// is the emulator's standard output; on the FPGA board it is the USB serial port.
enum UART0: ByteSink {
    private static let base: UInt = 0x4000_4000
    private static let data = VolatileMappedRegister<UInt32>(unsafeBitPattern: base + 0x00)
    private static let state = VolatileMappedRegister<UInt32>(unsafeBitPattern: base + 0x04)
    private static let ctrl = VolatileMappedRegister<UInt32>(unsafeBitPattern: base + 0x08)
    private static let bauddiv = VolatileMappedRegister<UInt32>(unsafeBitPattern: base + 0x10)

    private static let txFull: UInt32 = 1 << 0      // STATE
    private static let rxFull: UInt32 = 1 << 1      // STATE
    private static let txEnable: UInt32 = 1 << 0    // CTRL
    private static let rxEnable: UInt32 = 1 << 1    // CTRL

    /// Turns transmitter and receiver on. 25 MHz / 217 = 115200 baud on the real board;
    /// QEMU ignores the rate but, like the hardware, wants a divider of at least 16.
    static func enable() {
        bauddiv.store(217)
        ctrl.store(txEnable | rxEnable)
    }

    /// Blocks until there is room in the transmit buffer, then sends `byte`.
    static func put(_ byte: UInt8) {
        while state.load() & txFull != 0 {}
        data.store(UInt32(byte))
    }

    /// The next received byte, or nil if none is waiting. Never blocks.
    static func get() -> UInt8? {
        guard state.load() & rxFull != 0 else { return nil }
        return UInt8(truncatingIfNeeded: data.load())
    }
}
