/// The learned examples: a fixed grid (10 classes: the ten digits of the benchmark, or a
/// ten-pad mat; a board uses as many as it has pads) of `classCount` x `slotsPerClass` slots of
/// `Template.byteCount` bytes each, allocated once. Every slot carries the sequence number
/// of the teaching that filled it (0 = empty), which gives "undo the last example of a
/// class" and the full-class policy without any extra bookkeeping.
///
/// Full class: the oldest example of that class is replaced, so a class follows its most
/// recent teaching (a person correcting the device expects the new example to count).
public struct ExampleStore {
    public static let classCount = 10
    public static let slotsPerClass = 16
    public static let slotCount = classCount * slotsPerClass

    /// Slot-major payloads, `Template.byteCount` bytes per slot.
    public private(set) var payloads: [Int8]
    /// Teaching sequence number per slot; 0 marks an empty slot.
    public private(set) var sequences: [UInt32]
    /// The sequence number the next example gets.
    public private(set) var nextSequence: UInt32 = 1

    public init() {
        payloads = [Int8](repeating: 0, count: Self.slotCount * Template.byteCount)
        sequences = [UInt32](repeating: 0, count: Self.slotCount)
    }

    public enum AddOutcome: Equatable {
        case added(slot: Int)
        /// The class was full; its oldest example gave way.
        case replacedOldest(slot: Int)
    }

    public func count(ofClass classIndex: Int) -> Int {
        var n = 0
        for slot in slots(ofClass: classIndex) where sequences[slot] != 0 { n += 1 }
        return n
    }

    public var totalCount: Int {
        var n = 0
        for s in sequences where s != 0 { n += 1 }
        return n
    }

    public func slots(ofClass classIndex: Int) -> Range<Int> {
        let first = classIndex * Self.slotsPerClass
        return first ..< first + Self.slotsPerClass
    }

    @inline(__always)
    public func classOf(slot: Int) -> Int { slot / Self.slotsPerClass }

    @inline(__always)
    public func isOccupied(_ slot: Int) -> Bool { sequences[slot] != 0 }

    /// Stores `template` (exactly `Template.byteCount` bytes) as the newest example of a class.
    public mutating func add(_ template: [Int8], toClass classIndex: Int) -> AddOutcome {
        var target = -1
        var oldest = -1
        for slot in slots(ofClass: classIndex) {
            if sequences[slot] == 0 { target = slot; break }
            if oldest < 0 || sequences[slot] < sequences[oldest] { oldest = slot }
        }
        let replaced = target < 0
        if replaced { target = oldest }
        let base = target * Template.byteCount
        for i in 0..<Template.byteCount { payloads[base + i] = template[i] }
        sequences[target] = nextSequence
        nextSequence &+= 1
        return replaced ? .replacedOldest(slot: target) : .added(slot: target)
    }

    /// Removes the most recently taught example of a class. Returns false if it had none.
    public mutating func removeNewest(ofClass classIndex: Int) -> Bool {
        var newest = -1
        for slot in slots(ofClass: classIndex) where sequences[slot] != 0 {
            if newest < 0 || sequences[slot] > sequences[newest] { newest = slot }
        }
        if newest < 0 { return false }
        sequences[newest] = 0
        return true
    }

    /// Forgets every example of a class. Returns how many there were.
    public mutating func removeAll(ofClass classIndex: Int) -> Int {
        var removed = 0
        for slot in slots(ofClass: classIndex) where sequences[slot] != 0 {
            sequences[slot] = 0
            removed += 1
        }
        return removed
    }

    public mutating func removeAll() {
        for slot in sequences.indices { sequences[slot] = 0 }
        nextSequence = 1
    }

    /// Restores raw state (used by `ModelImage` after it has validated an image).
    mutating func restore(payloads newPayloads: UnsafeRawBufferPointer, sequences newSequences: [UInt32], nextSequence next: UInt32) {
        for i in 0..<payloads.count { payloads[i] = Int8(bitPattern: newPayloads[i]) }
        for i in 0..<sequences.count { sequences[i] = newSequences[i] }
        nextSequence = next
    }
}
