import KinuCortexM
import KinuDrivers

/// Clock tree of the STM32F4-Discovery: 8 MHz crystal (HSE) -> PLL -> 168 MHz system
/// clock; AHB 168, APB1 42, APB2 84 MHz; 48 MHz for USB; PLLI2S -> 128 MHz for I2S2.
public enum STM32F4Clock {
    public static let systemHz: UInt32 = 168_000_000
    public static let apb1Hz: UInt32 = 42_000_000

    // Main PLL (RM0090 §6.3.2): VCO in = 8 MHz / M = 1 MHz (1-2 MHz allowed),
    // VCO out = 1 MHz * N = 336 MHz (100-432), SYSCLK = VCO / P = 168 MHz, USB = VCO / Q = 48 MHz.
    static let pllM: UInt32 = 8, pllN: UInt32 = 336, pllQ: UInt32 = 7   // P = 2 (field 0)
    // PLLI2S (RM0090 §7.3.23): 1 MHz * 256 = 256 MHz VCO, / R 2 = 128 MHz I2S clock.
    public static let pllI2SN: UInt32 = 256, pllI2SR: UInt32 = 2
    public static var i2sClockHz: UInt32 { 1_000_000 * pllI2SN / pllI2SR }
    /// 5 wait states for 150-168 MHz at 2.7-3.6 V (RM0090 §3.5.1, Table 10).
    static let flashWaitStates: UInt32 = 5

    public enum Failure: Equatable {
        case crystalDidNotStart, pllDidNotLock, switchDidNotHappen, pllI2SDidNotLock
        public var message: StaticString {
            switch self {
            case .crystalDidNotStart: return "8 MHz crystal (HSE) did not start"
            case .pllDidNotLock: return "main PLL did not lock"
            case .switchDidNotHappen: return "system clock did not switch to the PLL"
            case .pllI2SDidNotLock: return "PLLI2S did not lock"
            }
        }
    }

    /// Runs the start-up sequence (reset state expected: HSI 16 MHz). Wait states are
    /// raised before the clock is, as RM0090 §3.5.1 requires. Returns nil on success.
    public static func configure<Bus: RegisterBus>(_ bus: inout Bus) -> Failure? {
        typealias R = STM32F4.RCC
        bus.modify(R.cr, setting: R.hseOn)
        guard bus.wait(R.cr, mask: R.hseReady, equals: R.hseReady) else { return .crystalDidNotStart }

        // Voltage scale 1 allows 168 MHz (RM0090 §5.1.3); PWR needs its clock first.
        bus.modify(R.apb1enr, setting: R.pwrEnable)
        bus.modify(STM32F4.PWR.cr, setting: STM32F4.PWR.voltageScale1)

        typealias F = STM32F4.Flash
        bus.write(F.acr, F.acrLatency(flashWaitStates) | F.acrPrefetch | F.acrICache | F.acrDCache)

        // AHB /1, APB1 /4 (0b101), APB2 /2 (0b100): APB1 <= 42 MHz, APB2 <= 84 MHz.
        bus.modify(R.cfgr, clearing: R.cfgrHPRE.mask | R.cfgrPPRE1.mask | R.cfgrPPRE2.mask,
                   setting: R.cfgrHPRE(0) | R.cfgrPPRE1(0b101) | R.cfgrPPRE2(0b100))

        bus.write(R.pllcfgr, pllM | pllN << 6 | 0 << 16 | 1 << 22 | pllQ << 24)   // PLLSRC = HSE
        bus.modify(R.cr, setting: R.pllOn)
        guard bus.wait(R.cr, mask: R.pllReady, equals: R.pllReady) else { return .pllDidNotLock }

        bus.modify(R.cfgr, R.cfgrSW, .pll)
        guard bus.wait(R.cfgr, mask: R.cfgrSWS.mask, equals: R.cfgrSWS(.pll)) else { return .switchDidNotHappen }

        // I2S clock source = PLLI2S (I2SSRC = 0), started here so the microphone can use it.
        bus.modify(R.cfgr, clearing: R.cfgrI2SSRC)
        bus.write(R.plli2scfgr, pllI2SN << 6 | pllI2SR << 28)
        bus.modify(R.cr, setting: R.pllI2SOn)
        guard bus.wait(R.cr, mask: R.pllI2SReady, equals: R.pllI2SReady) else { return .pllI2SDidNotLock }
        return nil
    }

    /// SysTick interrupt every millisecond from the 168 MHz core clock.
    public static func startMillisecondTick<Bus: RegisterBus>(_ bus: inout Bus) {
        SysTick.startMillisecondTick(&bus, coreHz: systemHz)
    }
}
