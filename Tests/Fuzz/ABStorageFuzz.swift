// The A/B model storage over any flash contents (two small slots filled from the input,
// the rest erased), then a save cut off after a number of flash operations the input
// picks. Loading never reads outside the slots or past the buffer, and after the cut the
// storage holds what it held before or the new image: never anything else.
import KinuCore
import KinuDrivers

struct ArrayFlash: FlashDevice {
    static let base: UInt32 = 0x8000
    var words: [UInt32]
    var budget: Int

    mutating func erase(_ region: FlashRegion) -> Bool {
        guard spend() else { return false }
        for a in stride(from: region.base, to: region.base + region.size, by: 4) { words[index(a)] = 0xFFFF_FFFF }
        return true
    }

    mutating func program(_ word: UInt32, at address: UInt32) -> Bool {
        guard spend() else { return false }
        words[index(address)] &= word
        return true
    }

    mutating func read(at address: UInt32) -> UInt32 { words[index(address)] }

    private func index(_ address: UInt32) -> Int {
        precondition(address >= Self.base && address % 4 == 0, "flash access at \(address)")
        return Int(address - Self.base) / 4   // past the end traps: outside the slots
    }

    private mutating func spend() -> Bool {
        if budget <= 0 { return false }
        budget -= 1
        return true
    }
}

let slotSize: UInt32 = 512
let slotA = FlashRegion(base: ArrayFlash.base, size: slotSize)
let slotB = FlashRegion(base: ArrayFlash.base + slotSize, size: slotSize)

func contents(_ storage: inout ABModelStorage<ArrayFlash>) -> [UInt8]? {
    var buffer = [UInt8](repeating: 0, count: Int(slotSize))
    guard case .loaded(let count, _) = buffer.withUnsafeMutableBytes({ storage.load(into: $0) }) else { return nil }
    return Array(buffer[0 ..< count])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzABStorage(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let budget = Int(data[0]) | Int(data[1]) << 8
    var words = [UInt32](repeating: 0xFFFF_FFFF, count: Int(2 * slotSize) / 4)
    for i in 0 ..< min(size - 2, Int(2 * slotSize)) {
        words[i / 4] &= ~(0xFF << UInt32(8 * (i % 4)))
        words[i / 4] |= UInt32(data[2 + i]) << UInt32(8 * (i % 4))
    }
    var storage = ABModelStorage(flash: ArrayFlash(words: words, budget: .max), slotA: slotA, slotB: slotB)
    let before = contents(&storage)
    let image = (0 ..< Int(data[1]) * 2).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(data[0])) }
    storage.flash.budget = budget
    let result = image.withUnsafeBytes { storage.save($0) }
    storage.flash.budget = .max
    var rebooted = ABModelStorage(flash: storage.flash, slotA: slotA, slotB: slotB)
    let after = contents(&rebooted)
    if case .success = result {
        precondition(after == image, "a completed save does not load back")
    } else if image.count <= rebooted.capacity {
        precondition(after == before || after == image, "a cut save left neither the old nor the new image")
    }
    return 0
}
