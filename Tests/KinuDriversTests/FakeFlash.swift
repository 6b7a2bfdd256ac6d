import KinuDrivers

/// NOR flash with power cuts. Erase sets a region to 0xFF, programming ANDs a word in
/// (bits only go from 1 to 0). `budget` counts operations still allowed; the operation
/// that finds it at zero is interrupted half way (half the region erased, or half the
/// bits of a word programmed) and every later one does nothing, as after a power cut.
struct FakeFlash: FlashDevice {
    var words: [UInt32: UInt32] = [:]
    var budget = Int.max
    private(set) var operations = 0
    var poweredOff: Bool { budget < 0 }

    mutating func erase(_ region: FlashRegion) -> Bool {
        guard spend() else { return false }
        var end = region.base + region.size
        if budget == -1 { end = region.base + region.size / 2 }   // interrupted
        var a = region.base
        while a < end { words[a] = 0xFFFF_FFFF; a += 4 }
        return budget >= 0
    }

    mutating func program(_ word: UInt32, at address: UInt32) -> Bool {
        guard spend() else { return false }
        let old = words[address] ?? 0xFFFF_FFFF
        words[address] = old & (budget == -1 ? (word | 0x0000_FFFF) : word)   // interrupted: low half not yet written
        return budget >= 0
    }

    mutating func read(at address: UInt32) -> UInt32 { words[address] ?? 0xFFFF_FFFF }

    /// Spends one operation; false once the power is already off.
    private mutating func spend() -> Bool {
        if budget < 0 { return false }
        operations += 1
        budget -= 1
        return true
    }
}
