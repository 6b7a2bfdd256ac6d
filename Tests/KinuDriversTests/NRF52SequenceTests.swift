import KinuDrivers
import Testing

/// nRF52840 register sequences against a fake register file (PS v1.7 sections in the
/// driver sources).
@Suite struct NRF52SequenceTests {
    typealias N = NRF52.NVMC
    typealias P = NRF52.PDM

    @Test func crystalStartsAndIsChecked() {
        var bus = FakeRegisterFile()
        bus.onStore = { address, value, _, memory in
            if address == NRF52.Clock.tasksHFCLKStart.address && value == 1 {
                memory[NRF52.Clock.eventsHFCLKStarted.address] = 1
                memory[NRF52.Clock.hfclkStat.address] = 1 << 16 | 1
            }
        }
        #expect(NRF52Clock.startCrystal(&bus))
        #expect(bus.firstStore(to: NRF52.Clock.eventsHFCLKStarted)! < bus.firstStore(to: NRF52.Clock.tasksHFCLKStart)!)
        var dead = FakeRegisterFile()
        #expect(!NRF52Clock.startCrystal(&dead))
    }

    @Test func pdmRuns16kHzMonoIntoTwoBuffers() {
        var bus = FakeRegisterFile()
        var mic = NRF52Microphone(buffer0: 0x2000_0100, buffer1: 0x2000_0300)
        mic.start(&bus, samplesPerBuffer: 256, gainDecibels: 18)
        // 1.280 MHz / 80 = 16 kHz (PS §6.16.4 Table: PDMCLKCTRL 0x0A000000 with RATIO 80).
        #expect(bus[P.clockControl] == 0x0A00_0000 && bus[P.ratio] == 1)
        #expect(bus[P.mode] == 1)
        #expect(bus[P.gainLeft] == 0x28 + 36)
        #expect(bus[P.selectClock] == 26 && bus[P.selectData] == 25)
        #expect(bus[P.samplePointer] == 0x2000_0100 && bus[P.sampleCount] == 256)
        #expect(bus.firstStore(to: P.sampleCount)! < bus.firstStore(to: P.tasksStart)!)
        #expect(bus.firstStore(to: P.enable)! < bus.firstStore(to: P.tasksStart)!)
        // Microphone powered (P0.17 high) and clock pin an output.
        #expect(bus.values(storedTo: NRF52.Pin(0, 17).outSet).contains(1 << 17))
        #expect(bus[NRF52.Pin(0, 26).configuration] & 1 == 1)

        // STARTED (buffer 0 latched) -> queue buffer 1.
        bus[P.eventsStarted] = 1
        #expect(mic.poll(&bus) == nil)
        #expect(bus[P.samplePointer] == 0x2000_0300)
        // END of buffer 0 and STARTED of buffer 1 together -> 0 is full, queue 0 again.
        bus[P.eventsEnd] = 1
        bus[P.eventsStarted] = 1
        #expect(mic.poll(&bus) == 0)
        #expect(bus[P.samplePointer] == 0x2000_0100)
        #expect(bus[P.eventsEnd] == 0 && bus[P.eventsStarted] == 0)
        bus[P.eventsEnd] = 1
        bus[P.eventsStarted] = 1
        #expect(mic.poll(&bus) == 1)
        #expect(bus[P.samplePointer] == 0x2000_0300)
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

    @Test func uartAt115200OnHeaderPins() {
        var bus = FakeRegisterFile()
        NRF52UART.start(&bus)
        #expect(bus[NRF52.UART.baudrate] == 0x01D7_E000)
        #expect(bus[NRF52.UART.selectTX] == (1 << 5 | 3) && bus[NRF52.UART.selectRX] == (1 << 5 | 10))
        #expect(bus[NRF52.UART.enable] == 4)
        bus.onStore = { address, _, _, memory in
            if address == NRF52.UART.txd.address { memory[NRF52.UART.eventsTXDReady.address] = 1 }
        }
        NRF52UART.put(&bus, 0x41)
        #expect(bus.values(storedTo: NRF52.UART.txd) == [0x41])
        #expect(bus[NRF52.UART.eventsTXDReady] == 0)
    }

    @Test func sysTickAt64MHz() {
        var bus = FakeRegisterFile()
        NRF52Clock.startMillisecondTick(&bus)
        #expect(bus[NRF52.SysTick.rvr] == 63_999)
    }
}
