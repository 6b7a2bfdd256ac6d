import KinuDrivers

/// The Cortex-M SysTick timer (ARMv7-M ARM §B3.3), the same on every Cortex-M4.
public enum SysTick {
    public static let csr = Register(0xE000_E010)
    public static let rvr = Register(0xE000_E014)
    public static let cvr = Register(0xE000_E018)
    /// CSR: ENABLE (bit 0), TICKINT (bit 1: interrupt on wrap), CLKSOURCE (bit 2: core clock).
    public static let csrEnable = Field(0), csrInterrupt = Field(1), csrCoreClock = Field(2)

    /// An interrupt every millisecond from a core clock of `coreHz`.
    public static func startMillisecondTick<Bus: RegisterBus>(_ bus: inout Bus, coreHz: UInt32) {
        bus.write(csr, 0)
        bus.write(rvr, coreHz / 1000 - 1)
        bus.write(cvr, 0)
        bus.write(csr, csrEnable(1) | csrInterrupt(1) | csrCoreClock(1))
    }
}

#if hasFeature(Embedded)
/// SysTick interrupts counted by the shared start-up code (Boards/common/C).
@_extern(c, "kinu_systick_count") func kinu_systick_count() -> UInt32

/// Milliseconds since `SysTick.startMillisecondTick`.
public struct SysTickClock: MillisecondClock {
    public init() {}
    public mutating func milliseconds() -> UInt32 { kinu_systick_count() }
}
#endif
