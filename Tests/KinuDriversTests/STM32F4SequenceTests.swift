import KinuCortexM
import KinuDrivers
import KinuSTM32F4
import Testing

/// STM32F4 register sequences against a fake register file that answers like the
/// hardware (ready bits follow their enable bits; the flash controller erases and
/// programs cells). RM0090 section numbers are in the driver sources.
@Suite struct STM32F4SequenceTests {
    typealias R = STM32F4.RCC
    typealias F = STM32F4.Flash

    /// RCC whose oscillators and PLLs lock at once and whose SWS follows SW.
    static func rcc() -> FakeRegisterFile {
        var bus = FakeRegisterFile()
        bus.onStore = { address, value, _, memory in
            if address == R.cr.address {
                var v = value
                for (on, ready) in [(R.hseOn, R.hseReady), (R.pllOn, R.pllReady), (R.pllI2SOn, R.pllI2SReady)] where v & on != 0 { v |= ready }
                memory[address] = v
            } else if address == R.cfgr.address {
                memory[address] = (value & ~R.cfgrSWS.mask) | R.cfgrSWS.field(value & 0b11)
            }
        }
        return bus
    }

    @Test func clockReaches168MHzWithWaitStatesFirst() {
        var bus = Self.rcc()
        #expect(STM32F4Clock.configure(&bus) == nil)
        let pll = bus[R.pllcfgr]
        let m = pll & 0x3F, n = (pll >> 6) & 0x1FF, p = 2 * (((pll >> 16) & 3) + 1), q = (pll >> 24) & 0xF
        #expect(pll & (1 << 22) != 0)                        // source: HSE
        #expect(8_000_000 / m * n / p == 168_000_000)
        #expect(8_000_000 / m * n / q == 48_000_000)
        #expect(8_000_000 / m >= 1_000_000 && 8_000_000 / m <= 2_000_000)   // VCO input
        #expect(bus[F.acr] & 0x7 == 5)                         // 5 wait states
        #expect(bus.read(R.cfgr, R.cfgrPPRE1) == 0b101 && bus.read(R.cfgr, R.cfgrPPRE2) == 0b100)
        // Wait states and the PLL must be set before SW selects the PLL.
        let switchIndex = bus.firstStore(to: R.cfgr) { $0 & 0b11 == 0b10 }!
        #expect(bus.firstStore(to: F.acr)! < switchIndex)
        #expect(bus.firstStore(to: R.cr) { $0 & R.pllOn != 0 }! < switchIndex)
        #expect(bus.firstStore(to: R.cr) { $0 & R.hseOn != 0 }! < bus.firstStore(to: R.pllcfgr)!)
        // PLLI2S: 1 MHz * N / R = 128 MHz.
        let i2s = bus[R.plli2scfgr]
        #expect(1_000_000 * ((i2s >> 6) & 0x1FF) / ((i2s >> 28) & 7) == 128_000_000)
        #expect(bus[STM32F4.PWR.cr] & (1 << 14) != 0)
    }

    @Test func deadCrystalIsReportedNotHung() {
        var bus = FakeRegisterFile()   // nothing ever becomes ready
        #expect(STM32F4Clock.configure(&bus) == .crystalDidNotStart)
        #expect(bus.firstStore(to: R.cfgr) == nil)   // still on the internal oscillator
    }

    @Test func sysTickTicksEveryMillisecond() {
        var bus = FakeRegisterFile()
        STM32F4Clock.startMillisecondTick(&bus)
        #expect(bus[SysTick.rvr] == 167_999)
        #expect(bus[SysTick.csr] == 0b111)
    }

    @Test func microphoneBitClockIs1024kHzAndDMAIsDoubleBuffered() {
        #expect(STM32F4Microphone.bitClockHz == 1_024_000)
        #expect(STM32F4Microphone.words(forSamples: 256) == 1024)
        var bus = FakeRegisterFile()
        STM32F4Microphone.start(&bus, buffer0: 0x2000_1000, buffer1: 0x2000_1800, wordCount: 1024)
        typealias D = STM32F4.DMA1
        typealias S = STM32F4.SPI2
        let cr = bus[D.s3cr]
        #expect(cr & D.crEnable != 0 && cr & D.crDoubleBuffer != 0 && cr & D.crCircular != 0)
        #expect((cr >> 25) & 7 == 0)                 // channel 0 = SPI2_RX
        #expect((cr >> 6) & 3 == 0)                  // peripheral to memory
        #expect((cr >> 11) & 3 == 1 && (cr >> 13) & 3 == 1)   // half-words
        #expect(bus[D.s3par] == 0x4000_380C)         // SPI2_DR
        #expect(bus[D.s3m0ar] == 0x2000_1000 && bus[D.s3m1ar] == 0x2000_1800 && bus[D.s3ndtr] == 1024)
        let cfg = bus[S.i2scfgr]
        #expect(cfg & (1 << 11) != 0 && (cfg >> 8) & 3 == 0b11 && cfg & (1 << 10) != 0)   // I2S, master RX, on
        #expect(bus[S.i2spr] == (1 << 8 | 62))
        #expect(bus[S.cr2] & 1 != 0)
        // Programmed while disabled; I2S started last, after the DMA is listening.
        let enable = bus.firstStore(to: D.s3cr) { $0 & 1 != 0 }!
        #expect(bus.firstStore(to: D.s3m0ar)! < enable && bus.firstStore(to: D.s3ndtr)! < enable)
        #expect(enable < bus.firstStore(to: S.i2scfgr) { $0 & (1 << 10) != 0 }!)
        // Pins: PB10 and PC3 in alternate function 5.
        #expect((bus[STM32F4.GPIO.moder(.b)] >> 20) & 3 == 2 && (bus[STM32F4.GPIO.afr(.b, pin: 10)] >> 8) & 0xF == 5)
        #expect((bus[STM32F4.GPIO.moder(.c)] >> 6) & 3 == 2 && (bus[STM32F4.GPIO.afr(.c, pin: 3)] >> 12) & 0xF == 5)
    }

    @Test func filledBufferIsTheOneNotCurrent() {
        typealias D = STM32F4.DMA1
        var bus = FakeRegisterFile()
        #expect(STM32F4Microphone.takeFilledBuffer(&bus) == nil)
        bus[D.lisr] = D.s3TransferComplete
        bus[D.s3cr] = D.crCurrentTarget          // now filling M1 -> M0 is full
        #expect(STM32F4Microphone.takeFilledBuffer(&bus)! == (0, false))
        #expect(bus.values(storedTo: D.lifcr).last == D.s3TransferComplete)
        bus[D.s3cr] = 0
        #expect(STM32F4Microphone.takeFilledBuffer(&bus)! == (1, false))
    }

    @Test func usartDivisorFor115200() {
        #expect(STM32F4USART2.divisor(clockHz: 42_000_000, baud: 115_200) == 0x16D)
        var bus = FakeRegisterFile()
        STM32F4USART2.start(&bus)
        #expect(bus[STM32F4.USART2.brr] == 0x16D)
        #expect(bus[STM32F4.USART2.cr1] == (1 << 13 | 1 << 3 | 1 << 2))
        #expect((bus[STM32F4.GPIO.afr(.a, pin: 2)] >> 8) & 0xF == 7 && (bus[STM32F4.GPIO.afr(.a, pin: 3)] >> 12) & 0xF == 7)
    }

    /// A flash controller model: CR locked until KEY1, KEY2 are written in order, and
    /// locked again by setting LOCK; STRT with SER erases sector SNB (10 or 11; others
    /// raise WRPERR); a store into flash with PG set and 32-bit PSIZE ANDs the word into
    /// the cell; any other store into flash raises PGSERR (RM0090 §3.6, §3.8).
    static func flashController() -> FakeRegisterFile {
        var bus = FakeRegisterFile()
        bus[F.cr] = F.crLock
        var locked = true
        var keysSeen = 0
        bus.onStore = { address, value, previous, memory in
            switch address {
            case F.keyr.address:
                keysSeen = (keysSeen == 0 && value == F.key1) ? 1 : (keysSeen == 1 && value == F.key2 ? 2 : 0)
                if keysSeen == 2 { locked = false; memory[F.cr.address] = 0 }
            case F.sr.address:
                memory[address] = (previous ?? 0) & ~value   // write 1 to clear
            case F.cr.address:
                if locked { memory[address] = previous; return }   // writes ignored while locked
                if value & F.crLock != 0 { locked = true; keysSeen = 0 }
                if value & F.crStart != 0 && value & F.crSER != 0 {
                    memory[address] = value & ~F.crStart
                    let sector = (value >> 3) & 0xF
                    guard sector >= 10 else { memory[F.sr.address] = 1 << 4; return }   // WRPERR
                    let base = 0x080C_0000 + (sector - 10) * 0x2_0000
                    for a in stride(from: base, to: base + 0x2_0000, by: 4) { memory[a] = 0xFFFF_FFFF }
                }
            case 0x0800_0000 ..< 0x0810_0000:
                let cr = memory[F.cr.address] ?? 0
                guard !locked, cr & F.crPG != 0, (cr >> 8) & 3 == 0b10 else {
                    memory[address] = previous
                    memory[F.sr.address] = 1 << 7   // PGSERR
                    return
                }
                memory[address] = (previous ?? 0xFFFF_FFFF) & value
            default: break
            }
        }
        return bus
    }

    @Test func flashEraseAndProgramFollowTheManual() {
        var flash = STM32F4Flash(bus: Self.flashController())
        let (a, b) = STM32F4Flash<FakeRegisterFile>.modelSlots
        #expect(flash.erase(a) == true)
        #expect(flash.read(at: a.base) == 0xFFFF_FFFF && flash.read(at: a.base + a.size - 4) == 0xFFFF_FFFF)
        #expect(flash.program(0x1234_5678, at: a.base + 8) == true)
        #expect(flash.read(at: a.base + 8) == 0x1234_5678)
        #expect(flash.bus[F.cr] & F.crLock != 0)            // locked again after each operation
        #expect(flash.bus[F.sr] & F.srErrors == 0)
        // Outside the model sectors: refused without touching the controller.
        let stores = flash.bus.stores.count
        #expect(flash.program(0, at: 0x0800_0000) == false)
        #expect(flash.erase(FlashRegion(base: 0x0800_0000, size: 0x4000)) == false)
        let storesAfter = flash.bus.stores.count
        #expect(storesAfter == stores)
        #expect(flash.erase(b) == true)
        // The data cache is reset after an erase.
        #expect(flash.bus.firstStore(to: F.acr) { $0 & F.acrDCacheReset != 0 } != nil)
    }

    @Test func abStorageRunsOnTheFlashController() throws {
        let (a, b) = STM32F4Flash<FakeRegisterFile>.modelSlots
        var storage = ABModelStorage(flash: STM32F4Flash(bus: Self.flashController()), slotA: a, slotB: b)
        let image = (0 ..< 1000).map { UInt8(truncatingIfNeeded: $0 * 13) }
        for k in 0 ..< 3 {
            let info = try image.withUnsafeBytes { storage.save($0) }.get()
            #expect(info.slot == k % 2)
        }
        var buffer = [UInt8](repeating: 0, count: 1000)
        #expect(buffer.withUnsafeMutableBytes { storage.load(into: $0) } == .loaded(count: 1000, sequence: 3))
        #expect(buffer == image)
    }

    @Test func flashErrorFlagsAreReported() {
        var bus = Self.flashController()
        bus.onStore = { address, value, _, memory in
            memory[address] = address == F.sr.address ? 0 : value
            if address == F.cr.address && value & F.crStart != 0 { memory[F.sr.address] = 1 << 4 }   // WRPERR
        }
        var flash = STM32F4Flash(bus: bus)
        #expect(flash.erase(STM32F4Flash<FakeRegisterFile>.modelSlots.0) == false)
    }
}
