import KinuDrivers

/// NOR flash in one array, with a power cut after `budget` operations. The interrupted
/// operation is torn the way real flash tears, differently at every cut: a program has
/// cleared a random subset of the bits it was clearing, an erase has set a random subset
/// of the bits of each word. Every later operation does nothing (the power is off).
struct TearingFlash: FlashDevice {
    let base: UInt32
    var words: [UInt32]
    var budget = Int.max
    /// Seeds the tear of the interrupted operation.
    var seed: UInt64 = 0
    private(set) var operations = 0
    /// When set, every operation started is appended, to be replayed by `apply`.
    var journal: [Operation]?

    enum Operation { case erase(FlashRegion), program(UInt32, at: UInt32) }

    /// Performs a journalled operation again (torn if the budget runs out on it).
    mutating func apply(_ operation: Operation) {
        switch operation {
        case .erase(let region): _ = erase(region)
        case .program(let word, let address): _ = program(word, at: address)
        }
    }

    init(base: UInt32, size: UInt32) {
        self.base = base
        words = [UInt32](repeating: 0xFFFF_FFFF, count: Int(size) / 4)
    }

    mutating func erase(_ region: FlashRegion) -> Bool {
        journal?.append(.erase(region))
        guard let torn = spend() else { return false }
        let first = Int(region.base - base) / 4
        var random = SeededBits(seed)
        for i in first ..< first + Int(region.size) / 4 {
            words[i] = torn ? words[i] | UInt32(truncatingIfNeeded: random.next()) : 0xFFFF_FFFF
        }
        return !torn
    }

    mutating func program(_ word: UInt32, at address: UInt32) -> Bool {
        journal?.append(.program(word, at: address))
        guard let torn = spend() else { return false }
        let i = Int(address - base) / 4
        // A 1 in the mask: that bit's programming did not happen before the cut.
        var random = SeededBits(seed)
        let notYet = torn ? UInt32(truncatingIfNeeded: random.next()) : 0
        words[i] &= word | notYet
        return !torn
    }

    mutating func read(at address: UInt32) -> UInt32 { words[Int(address - base) / 4] }

    /// nil once the power is off; true for the operation the cut interrupts.
    private mutating func spend() -> Bool? {
        if budget < 0 { return nil }
        operations += 1
        budget -= 1
        return budget < 0
    }
}

/// A small, seedable generator (xorshift64*), so every torn write can be replayed.
struct SeededBits {
    var state: UInt64
    init(_ seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }   // never 0: xorshift would stay 0
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
