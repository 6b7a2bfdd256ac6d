import KinuDrivers

/// The Cortex-M4 memory protection unit (ARMv7-M ARM §B3.5), used to make code and
/// constants read-only where the memory itself is writable (QEMU's SSRAM "flash"), so a
/// stray write faults there as it would on a real board.
public enum MPU {
    public static let ctrl = Register(0xE000_ED94)
    public static let rnr = Register(0xE000_ED98)
    public static let rbar = Register(0xE000_ED9C)
    public static let rasr = Register(0xE000_EDA0)
    /// CTRL: ENABLE, and PRIVDEFENA (the default memory map where no region applies).
    public static let ctrlEnable = Field(0), ctrlDefaultMap = Field(2)
    /// RASR fields: ENABLE, SIZE (2^(SIZE+1) bytes), AP (access permissions).
    public static let rasrEnable = Field(0), rasrSize = Field(1, width: 5), rasrAccess = Field(24, width: 3)

    public enum Access: UInt32 {
        case readWrite = 0b011
        case readOnly = 0b110
    }

    /// Region `number` (a higher number wins where regions overlap): `size` bytes, a power
    /// of two of at least 32, at a base aligned to it.
    public static func setRegion<Bus: RegisterBus>(_ bus: inout Bus, _ number: UInt32, base: UInt32, size: UInt32,
                                                    access: Access) {
        precondition(size >= 32 && size & (size - 1) == 0 && base & (size - 1) == 0, "MPU region: power of two, aligned")
        bus.write(rnr, number)
        bus.write(rbar, base)
        bus.write(rasr, rasrEnable(1) | rasrSize(UInt32(size.trailingZeroBitCount - 1)) | rasrAccess(access.rawValue))
    }

    /// Turns the MPU on, with the default memory map outside the regions.
    public static func enable<Bus: RegisterBus>(_ bus: inout Bus) {
        bus.write(ctrl, ctrlEnable(1) | ctrlDefaultMap(1))
    }
}
