import KinuCortexM
import KinuDrivers

/// The STM32F407's flash controller as a `FlashDevice` (RM0090 §3.6): sector erase and
/// 32-bit programming. Only whole sectors listed in `sectors` can be erased, so the A/B
/// model slots can never take the firmware with them.
public struct STM32F4Flash<Bus: RegisterBus>: FlashDevice {
    public var bus: Bus
    /// Sectors this driver may erase: (sector number, region).
    public let sectors: [(number: UInt32, region: FlashRegion)]

    public init(bus: Bus, sectors: [(number: UInt32, region: FlashRegion)]) {
        self.bus = bus
        self.sectors = sectors
    }

    /// Sectors 10 and 11 of a 1 MB STM32F407 (RM0090 §3.3, Table 5): 128 KB each at the
    /// top of flash, far from the firmware. The linker script stops code below 0x080C_0000.
    public static var modelSlots: (FlashRegion, FlashRegion) {
        (FlashRegion(base: 0x080C_0000, size: 0x2_0000), FlashRegion(base: 0x080E_0000, size: 0x2_0000))
    }

    public init(bus: Bus) {
        let (a, b) = Self.modelSlots
        self.init(bus: bus, sectors: [(10, a), (11, b)])
    }

    typealias F = STM32F4.Flash

    public mutating func erase(_ region: FlashRegion) -> Bool {
        guard let sector = sectors.first(where: { $0.region == region }) else { return false }
        guard begin() else { return false }
        bus.modify(F.cr, clearing: F.crSNB.mask | F.crPSIZE.mask | F.crPG,
                   setting: F.crSER | F.crSNB(sector.number) | F.crPSIZE(.x32))
        bus.modify(F.cr, setting: F.crStart)
        // A 128 KB sector takes up to 2 s to erase (datasheet t_ERASE128KB) and the poll
        // loop runs from the ART cache without stalling: allow far more polls than usual.
        let ok = finish(clearing: F.crSER, polls: 64 * registerPollLimit)
        // The data cache may still hold the old contents (RM0090 §3.5.2): reset it.
        bus.modify(F.acr, clearing: F.acrDCache)
        bus.modify(F.acr, setting: F.acrDCacheReset)
        bus.modify(F.acr, clearing: F.acrDCacheReset)
        bus.modify(F.acr, setting: F.acrDCache)
        return ok
    }

    public mutating func program(_ word: UInt32, at address: UInt32) -> Bool {
        guard address & 3 == 0, sectors.contains(where: { $0.region.contains(address) }) else { return false }
        guard begin() else { return false }
        bus.modify(F.cr, clearing: F.crPSIZE.mask | F.crSER, setting: F.crPSIZE(.x32) | F.crPG)
        bus.store(address, word)
        return finish(clearing: F.crPG)
    }

    public mutating func read(at address: UInt32) -> UInt32 { bus.load(address) }

    /// Unlocks the control register if needed, waits for idle, clears old flags.
    private mutating func begin() -> Bool {
        if bus.read(F.cr) & F.crLock != 0 {
            bus.write(F.keyr, F.key1)
            bus.write(F.keyr, F.key2)
            if bus.read(F.cr) & F.crLock != 0 { return false }
        }
        guard bus.wait(F.sr, mask: F.srBusy, equals: 0, polls: 64 * registerPollLimit) else { return false }
        bus.write(F.sr, F.srAll)
        return true
    }

    /// Waits for the operation, checks the error flags, clears `bit` and locks again.
    private mutating func finish(clearing bit: UInt32, polls: Int = registerPollLimit) -> Bool {
        let idle = bus.wait(F.sr, mask: F.srBusy, equals: 0, polls: polls)
        let errors = bus.read(F.sr) & F.srErrors
        bus.modify(F.cr, clearing: bit)
        bus.modify(F.cr, setting: F.crLock)
        return idle && errors == 0
    }
}
