import KinuCortexM
import KinuDrivers

/// The Cortex-M SysTick timer as a 64-bit tick counter for cost measurements.
///
/// It counts down from 0xFF_FFFF at the core clock (25 MHz on the AN386); each wrap
/// raises SysTick_Handler (C/startup.c), which counts wraps so the time base never
/// overflows in practice. Under `qemu -icount shift=0` one instruction takes 1 ns of
/// virtual time, so one tick is very nearly 40 executed instructions and counts are
/// identical on every run.
enum SysTick {
    private typealias Timer = KinuCortexM.SysTick
    private static let reload: UInt32 = 0xFF_FFFF

    /// Executed instructions per tick under `-icount shift=0` (1 ns per instruction,
    /// 25 MHz SysTick clock).
    static let instructionsPerTick = 40

    /// Starts counting from zero: processor clock, wrap interrupt on, enabled (CSR = 7).
    static func start() {
        var bus = MMIOBus()
        bus.write(Timer.csr, 0)
        bus.write(Timer.rvr, reload)
        bus.write(Timer.cvr, 0)          // any write clears the counter; it reloads on the next tick
        bus.write(Timer.csr, Timer.csrEnable(1) | Timer.csrInterrupt(1) | Timer.csrCoreClock(1))
        // Wait for that reload, so the first reading is not taken from the transient
        // zero (which would look like a full period before any wrap was counted).
        while bus.read(Timer.cvr) == 0 {}
    }

    /// Ticks since `start()`.
    static var now: UInt64 {
        // Read the wrap count on both sides of the counter so a wrap in between cannot
        // pair an old wrap count with a new counter value.
        var bus = MMIOBus()
        while true {
            let wraps = kinu_systick_wraps()
            let down = bus.read(Timer.cvr)
            if kinu_systick_wraps() == wraps {
                return UInt64(wraps) << 24 | UInt64(reload - down)
            }
        }
    }

    /// Ticks taken by `body`.
    static func measure(_ body: () -> Void) -> UInt64 {
        let start = now
        body()
        return now &- start
    }
}
