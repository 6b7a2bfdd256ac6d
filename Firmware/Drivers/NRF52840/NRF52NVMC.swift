import KinuCortexM
import KinuDrivers

/// The nRF52840's flash controller as a `FlashDevice` (PS §4.3): 4 KB pages, erased
/// one by one; words written while CONFIG = Wen. Only addresses inside `regions` are
/// touched, so a bug cannot erase the firmware or the Arduino bootloader.
public struct NRF52NVMC<Bus: RegisterBus>: FlashDevice {
    public var bus: Bus
    public let regions: (FlashRegion, FlashRegion)

    /// Two 48 KB slots below the top 32 KB of flash (left free for bootloader settings
    /// some Arduino bootloaders keep there); the linker script ends code at 0xE_0000.
    public static var modelSlots: (FlashRegion, FlashRegion) {
        (FlashRegion(base: 0x000E_0000, size: 0xC000), FlashRegion(base: 0x000E_C000, size: 0xC000))
    }

    public init(bus: Bus, regions: (FlashRegion, FlashRegion) = modelSlots) {
        self.bus = bus
        self.regions = regions
    }

    typealias N = NRF52.NVMC

    private func allowed(_ address: UInt32, count: UInt32 = 4) -> Bool {
        regions.0.contains(address, count: count) || regions.1.contains(address, count: count)
    }

    public mutating func erase(_ region: FlashRegion) -> Bool {
        guard region == regions.0 || region == regions.1, region.size % N.pageSize == 0 else { return false }
        var ok = setMode(N.configErase)
        var page = region.base
        while ok && page < region.base + region.size {
            bus.write(N.erasePage, page)
            ok = bus.wait(N.ready, mask: 1, equals: 1)   // 85 ms per page (PS §4.3.8 t_ERASEPAGE)
            page += N.pageSize
        }
        return setMode(N.configReadOnly) && ok
    }

    public mutating func program(_ word: UInt32, at address: UInt32) -> Bool {
        guard address & 3 == 0, allowed(address) else { return false }
        var ok = setMode(N.configWrite)
        if ok {
            bus.store(address, word)
            ok = bus.wait(N.ready, mask: 1, equals: 1)
        }
        return setMode(N.configReadOnly) && ok
    }

    public mutating func read(at address: UInt32) -> UInt32 { bus.load(address) }

    /// CONFIG may only change while the controller is ready.
    private mutating func setMode(_ mode: UInt32) -> Bool {
        guard bus.wait(N.ready, mask: 1, equals: 1) else { return false }
        bus.write(N.config, mode)
        return true
    }
}
