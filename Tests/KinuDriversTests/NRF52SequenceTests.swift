import KinuCortexM
import KinuDrivers
import KinuNRF52840
import Testing

/// nRF52840 register sequences against a fake register file (PS v1.7 sections in the
/// driver sources).
@Suite struct NRF52SequenceTests {
    typealias N = NRF52.NVMC
    typealias P = NRF52.PDM

    /// HFXO model: HFCLKSTART raises HFCLKSTARTED and switches HFCLKSTAT to the running
    /// crystal, unless the crystal already runs (a bootloader started it): then the task
    /// changes nothing and no event comes.
    static func clock(alreadyRunning: Bool) -> FakeRegisterFile {
        var bus = FakeRegisterFile()
        if alreadyRunning { bus[NRF52.Clock.hfclkStat] = 1 << 16 | 1 }
        bus.onStore = { address, value, _, memory in
            guard address == NRF52.Clock.tasksHFCLKStart.address, value == 1 else { return }
            if memory[NRF52.Clock.hfclkStat.address] == 1 << 16 | 1 { return }
            memory[NRF52.Clock.eventsHFCLKStarted.address] = 1
            memory[NRF52.Clock.hfclkStat.address] = 1 << 16 | 1
        }
        return bus
    }

    @Test func crystalStartsAndIsChecked() {
        var bus = Self.clock(alreadyRunning: false)
        #expect(NRF52Clock.startCrystal(&bus))
        #expect(bus.firstStore(to: NRF52.Clock.eventsHFCLKStarted)! < bus.firstStore(to: NRF52.Clock.tasksHFCLKStart)!)
        var dead = FakeRegisterFile()
        #expect(!NRF52Clock.startCrystal(&dead))
    }

    @Test func crystalLeftRunningByTheBootloaderIsAccepted() {
        var bus = Self.clock(alreadyRunning: true)
        #expect(NRF52Clock.startCrystal(&bus))
        #expect(bus.values(storedTo: NRF52.Clock.tasksHFCLKStart).isEmpty)
    }

    @Test func pdmRuns16kHzMonoIntoTwoBuffers() {
        var bus = FakeRegisterFile()
        var mic = NRF52Microphone(buffer0: 0x2000_0100, buffer1: 0x2000_0300)
        mic.start(&bus, samplesPerBuffer: 256)
        // 1.280 MHz / 80 = 16 kHz (PS §6.16.4 Table: PDMCLKCTRL 0x0A000000 with RATIO 80).
        #expect(bus[P.clockControl] == 0x0A00_0000 && bus[P.ratio] == 1)
        #expect(bus[P.mode] == 1)
        #expect(bus[P.gainLeft] == 0x20 && bus[P.gainRight] == 0x20)   // -4 dB
        #expect(bus[P.selectClock] == 26 && bus[P.selectData] == 25)
        #expect(bus[P.samplePointer] == 0x2000_0100 && bus[P.sampleCount] == 256)
        #expect(bus.firstStore(to: P.sampleCount)! < bus.firstStore(to: P.tasksStart)!)
        #expect(bus.firstStore(to: P.enable)! < bus.firstStore(to: P.tasksStart)!)
        // Microphone powered (P0.17 high) and clock pin an output.
        #expect(bus.values(storedTo: NRF52.Pin(0, 17).outSet).contains(1 << 17))
        #expect(bus[NRF52.Pin(0, 26).configuration] & 1 == 1)
    }

    /// The PDM as EasyDMA runs it: TASKS_START latches SAMPLE.PTR and raises STARTED; every
    /// `period` register reads (the device's time) the buffer being filled is complete: its
    /// first word gets the block's number, END is raised, SAMPLE.PTR is latched again and
    /// STARTED raised. The events land at every phase of the driver's reads.
    final class PDMHardware {
        var latched: UInt32 = 0, running = false, reads = 0, block: UInt32 = 0
        let period: Int
        init(period: Int) { self.period = period }

        func attach(to bus: inout FakeRegisterFile) {
            bus.onStore = { [self] address, value, _, memory in
                guard address == P.tasksStart.address, value == 1 else { return }
                latched = memory[P.samplePointer.address] ?? 0
                running = true
                memory[P.eventsStarted.address] = 1
            }
            bus.onLoad = { [self] _, memory in
                guard running else { return }
                reads += 1
                guard reads % period == 0 else { return }
                memory[latched] = block
                block += 1
                memory[P.eventsEnd.address] = 1
                latched = memory[P.samplePointer.address] ?? 0
                memory[P.eventsStarted.address] = 1
            }
        }
    }

    @Test(arguments: 3 ... 9)
    func pdmHandsOutEveryBlockOnceWhateverTheEventOrder(period: Int) {
        var bus = FakeRegisterFile()
        let hardware = PDMHardware(period: period)
        hardware.attach(to: &bus)
        var mic = NRF52Microphone(buffer0: 0x2000_0100, buffer1: 0x2000_0300)
        mic.start(&bus, samplesPerBuffer: 256)
        var delivered: [UInt32] = []
        for _ in 0 ..< 400 {
            guard let filled = mic.poll(&bus) else { continue }
            delivered.append(bus.memory[filled == 0 ? 0x2000_0100 : 0x2000_0300] ?? .max)
        }
        #expect(delivered.count >= 400 / (2 * period))
        #expect(delivered == (0 ..< UInt32(delivered.count)).map { $0 })
    }

    @Test func gainKeepsACloseClapAndHearsAWordAtAMetre() {
        // The microphone's own full scale (120 dB SPL) must not clip; 60 dB SPL (speech at
        // 1 m) must stay well above its noise floor (about -90 dBFS).
        #expect(NRF52Microphone.levelTenthsDBFS(spl: 120) <= 0)
        #expect(NRF52Microphone.levelTenthsDBFS(spl: 60) >= -620)
        #expect(NRF52.PDM.gain(decibels: NRF52Microphone.gainDecibels) == 0x20)
    }

    /// NVMC model: READY always 1; ERASEPAGE erases 4 KB only while CONFIG = Een; a store
    /// into flash ANDs the word only while CONFIG = Wen (else it is recorded as a fault).
    static func nvmc(faults: UnsafeMutablePointer<Int>) -> FakeRegisterFile {
        var bus = FakeRegisterFile()
        bus[N.ready] = 1
        bus.onStore = { address, value, previous, memory in
            let config = memory[N.config.address] ?? 0
            switch address {
            case N.erasePage.address:
                guard config == N.configErase else { faults.pointee += 1; return }
                for a in stride(from: value, to: value + N.pageSize, by: 4) { memory[a] = 0xFFFF_FFFF }
            case 0 ..< 0x10_0000:
                guard config == N.configWrite else { memory[address] = previous; faults.pointee += 1; return }
                memory[address] = (previous ?? 0xFFFF_FFFF) & value
            default: break
            }
        }
        return bus
    }

    @Test func nvmcErasesPagesAndProgramsWords() throws {
        var faults = 0
        try withUnsafeMutablePointer(to: &faults) { faults in
            let (a, b) = NRF52NVMC<FakeRegisterFile>.modelSlots
            #expect(a.base >= 0x10000 + 0xC0000 / 2 && b.base + b.size <= 0x10_0000)
            var flash = NRF52NVMC(bus: Self.nvmc(faults: faults))
            #expect(flash.erase(a) == true)
            #expect(flash.bus.values(storedTo: N.erasePage).count == Int(a.size / N.pageSize))
            #expect(flash.program(0xCAFE_F00D, at: a.base + 4) == true)
            #expect(flash.read(at: a.base + 4) == 0xCAFE_F00D)
            #expect(flash.bus[N.config] == N.configReadOnly)    // back to read-only
            // Refuses the bootloader and the firmware.
            #expect(flash.program(0, at: 0x0000_0000) == false)
            #expect(flash.program(0, at: 0x0001_0000) == false)
            #expect(flash.erase(FlashRegion(base: 0x0001_0000, size: 0x1000)) == false)

            var storage = ABModelStorage(flash: flash, slotA: a, slotB: b)
            let image = (0 ..< 777).map { UInt8(truncatingIfNeeded: $0 * 7 + 1) }
            _ = try image.withUnsafeBytes { storage.save($0) }.get()
            let second = try image.withUnsafeBytes { storage.save($0) }.get()
            #expect(second.slot == 1 && second.sequence == 2)
        }
        #expect(faults == 0)
    }

    /// UART0/UARTE0 model: TXD raises TXDRDY once the transmitter is started, unless
    /// the peripheral was switched between modes without being disabled, or enabled while
    /// the bootloader's receiver still runs; STOPRX stops a running receiver with RXTO.
    final class UARTHardware {
        var receiving = false, wedged = false
        func attach(to bus: inout FakeRegisterFile) {
            typealias U = NRF52.UART
            bus.onStore = { [self] address, value, previous, memory in
                switch address {
                case U.tasksStopRX.address where receiving:
                    receiving = false
                    memory[U.eventsRXTimeout.address] = 1
                case U.enable.address where value != 0:
                    if (previous ?? 0) != 0 && previous != value || receiving { wedged = true }
                case U.txd.address where !wedged && memory[U.enable.address] == U.enableUART:
                    memory[U.eventsTXDReady.address] = 1
                default: break
                }
            }
        }
    }

    static func uartSendsAfterStart(bootloaderLeftItRunning: Bool) -> FakeRegisterFile {
        var bus = FakeRegisterFile()
        let hardware = UARTHardware()
        if bootloaderLeftItRunning {
            bus[NRF52.UART.enable] = NRF52.UART.enableUARTE
            hardware.receiving = true
        }
        hardware.attach(to: &bus)
        NRF52UART.start(&bus)
        #expect(bus[NRF52.UART.baudrate] == 0x01D7_E000)
        #expect(bus[NRF52.UART.selectTX] == (1 << 5 | 3) && bus[NRF52.UART.selectRX] == (1 << 5 | 10))
        #expect(bus[NRF52.UART.enable] == NRF52.UART.enableUART)
        NRF52UART.put(&bus, 0x41)
        #expect(bus.values(storedTo: NRF52.UART.txd) == [0x41])
        #expect(!hardware.wedged)
        #expect(bus[NRF52.UART.eventsTXDReady] == 0)   // seen and cleared
        return bus
    }

    @Test func uartAt115200OnHeaderPins() {
        let bus = Self.uartSendsAfterStart(bootloaderLeftItRunning: false)
        #expect(bus.values(storedTo: NRF52.UART.tasksStopRX).isEmpty)   // nothing to take over
    }

    @Test func uartTakenOverFromTheBootloaderLikeArduinoDoes() {
        typealias U = NRF52.UART
        let bus = Self.uartSendsAfterStart(bootloaderLeftItRunning: true)
        // STOPRX, then (after RXTO) ENABLE = 0, then the new mode.
        let stop = bus.firstStore(to: U.tasksStopRX)!
        let disable = bus.firstStore(to: U.enable) { $0 == U.enableDisabled }!
        let enable = bus.firstStore(to: U.enable) { $0 == U.enableUART }!
        #expect(stop < disable && disable < enable)
    }

    @Test func pinConfigurationsFollowTheManual() {
        // PIN_CNF (PS §6.9.2.10): DIR bit 0, INPUT bit 1 (0 = buffer connected), PULL bits 2-3 (3 = up).
        var bus = FakeRegisterFile()
        let pin = NRF52.Pin(1, 11)
        pin.makeInput(&bus, pullUp: true)
        #expect(bus[pin.configuration] == 0b1100)
        pin.makeInput(&bus, pullUp: false)
        #expect(bus[pin.configuration] == 0)
        pin.makeOutput(&bus, high: true)
        #expect(bus[pin.configuration] == 0b01 && bus.values(storedTo: pin.outSet) == [1 << 11])
        #expect(bus.firstStore(to: pin.outSet)! < bus.firstStore(to: pin.configuration) { $0 == 1 }!, "level before direction")
        #expect(pin.configuration.address == 0x5000_0300 + 0x700 + 4 * 11 && pin.select == 1 << 5 | 11)
    }

    @Test func sysTickAt64MHz() {
        var bus = FakeRegisterFile()
        NRF52Clock.startMillisecondTick(&bus)
        #expect(bus[SysTick.rvr] == 63_999)
    }
}
