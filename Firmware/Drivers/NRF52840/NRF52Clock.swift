import KinuCortexM
import KinuDrivers

/// HFCLK from the 32 MHz crystal (needed for an accurate PDM clock and UART baud rate;
/// the CPU runs at 64 MHz either way). nRF52840 PS §5.4.
public enum NRF52Clock {
    public static let coreHz: UInt32 = 64_000_000

    /// Makes sure HFCLK runs from the crystal and waits for it. Returns false if it did
    /// not start. A bootloader may have left the crystal running: then HFCLKSTAT already
    /// says so and nothing is triggered (re-triggering a running HFXO need not raise
    /// HFCLKSTARTED again, which would read as a dead crystal).
    public static func startCrystal<Bus: RegisterBus>(_ bus: inout Bus) -> Bool {
        typealias C = NRF52.Clock
        if crystalRunning(&bus) { return true }
        bus.write(C.eventsHFCLKStarted, 0)
        bus.write(C.tasksHFCLKStart, 1)
        guard bus.wait(C.eventsHFCLKStarted, mask: 1, equals: 1) else { return false }
        bus.write(C.eventsHFCLKStarted, 0)
        return crystalRunning(&bus)
    }

    static func crystalRunning<Bus: RegisterBus>(_ bus: inout Bus) -> Bool {
        bus.read(NRF52.Clock.hfclkStat) & NRF52.Clock.hfclkStatCrystalRunning == NRF52.Clock.hfclkStatCrystalRunning
    }

    /// SysTick interrupt every millisecond from the 64 MHz core clock.
    public static func startMillisecondTick<Bus: RegisterBus>(_ bus: inout Bus) {
        SysTick.startMillisecondTick(&bus, coreHz: coreHz)
    }
}
