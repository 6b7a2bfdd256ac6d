/// The learned examples: a fixed grid of `classCount` x `slotsPerClass` slots (10 classes:
/// the ten digits of the benchmark, or a ten-pad mat; a board uses as many as it has pads)
/// of `Template.byteCount` bytes each, allocated once. Every slot carries the sequence
/// number of the teaching that filled it (0 = empty), which gives "undo the last example
/// of a class" and the full-class policy without any extra bookkeeping.
///
/// Full class: the oldest example of that class is replaced, so a class follows its most
/// recent teaching (a person correcting the device expects the new example to count).
///
/// The store keeps everything in one buffer laid out exactly as its `ModelImage`, so a
/// board saves the model straight from it, with no second copy of 40 KB in RAM.
public struct ExampleStore {
    public static let classCount = 10
    public static let slotsPerClass = 16
    public static let slotCount = classCount * slotsPerClass

    /// Header, sequence numbers, payloads and CRC, as `ModelImage` describes them. The
    /// header and CRC are brought up to date by `withImage`.
    var bytes: [UInt8]
    /// The sequence number the next example gets.
    public private(set) var nextSequence: UInt32 = 1

    public init() {
        bytes = [UInt8](repeating: 0, count: ModelImage.byteCount)
    }

    public enum AddOutcome: Equatable {
        case added(slot: Int)
        /// The class was full; its oldest example gave way.
        case replacedOldest(slot: Int)
    }

    // MARK: Reading

    /// Teaching sequence number of a slot; 0 marks an empty slot.
    @inline(__always)
    public func sequence(_ slot: Int) -> UInt32 { word(at: ModelImage.sequencesOffset + 4 * slot) }

    /// The little-endian word at byte `at` of the image.
    @inline(__always)
    private func word(at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    @inline(__always)
    public func isOccupied(_ slot: Int) -> Bool { sequence(slot) != 0 }

    public static func classIndex(ofSlot slot: Int) -> Int { slot / slotsPerClass }

    public func slots(ofClass classIndex: Int) -> Range<Int> {
        let first = classIndex * Self.slotsPerClass
        return first ..< first + Self.slotsPerClass
    }

    public func count(ofClass classIndex: Int) -> Int {
        var n = 0
        for slot in slots(ofClass: classIndex) where isOccupied(slot) { n += 1 }
        return n
    }

    public var totalCount: Int {
        var n = 0
        for slot in 0..<Self.slotCount where isOccupied(slot) { n += 1 }
        return n
    }

    /// Calls `body` with the templates of all slots, slot-major (`Template.byteCount` each).
    public func withPayloads<R>(_ body: (UnsafeBufferPointer<Int8>) -> R) -> R {
        bytes.withUnsafeBytes { raw in
            let start = raw.baseAddress! + ModelImage.payloadsOffset
            return body(UnsafeBufferPointer(start: start.assumingMemoryBound(to: Int8.self),
                                            count: Self.slotCount * Template.byteCount))
        }
    }

    /// Calls `body` with the templates of all slots (slot-major) and their sequence numbers
    /// (4 bytes each, 0 for an empty slot), both as the model image lays them out.
    public func withTemplatesAndSequences<R>(_ body: (UnsafePointer<Int8>, UnsafePointer<UInt8>) -> R) -> R {
        bytes.withUnsafeBytes { raw in
            body((raw.baseAddress! + ModelImage.payloadsOffset).assumingMemoryBound(to: Int8.self),
                 (raw.baseAddress! + ModelImage.sequencesOffset).assumingMemoryBound(to: UInt8.self))
        }
    }

    /// How far a slot's example lay from its class when it was taught (the learner's class
    /// score of it against the examples already there), or nil: the first of its class,
    /// or taught before the model kept these distances.
    public func teachingDistance(_ slot: Int) -> Int32? {
        let value = Int32(bitPattern: word(at: ModelImage.distancesOffset + 4 * slot))
        return value < 0 ? nil : value
    }

    /// The template of one slot, as an array (tests and tools).
    public func payload(_ slot: Int) -> [Int8] {
        let start = ModelImage.payloadsOffset + slot * Template.byteCount
        return bytes[start ..< start + Template.byteCount].map { Int8(bitPattern: $0) }
    }

    // MARK: Changing

    /// Stores `template` (exactly `Template.byteCount` bytes) as the newest example of a
    /// class, with its teaching distance (nil: none).
    @discardableResult
    public mutating func add(_ template: [Int8], toClass classIndex: Int, teachingDistance: Int32? = nil) -> AddOutcome {
        let (target, replaced) = slotForNewExample(ofClass: classIndex)
        let base = ModelImage.payloadsOffset + target * Template.byteCount
        for i in 0..<Template.byteCount { bytes[base + i] = UInt8(bitPattern: template[i]) }
        // The counter never wraps: 0 would mark the slot empty and reorder the examples.
        if nextSequence == UInt32.max { renumber() }
        setSequence(target, nextSequence)
        setTeachingDistance(target, teachingDistance)
        nextSequence += 1
        return replaced ? .replacedOldest(slot: target) : .added(slot: target)
    }

    /// Where `add` puts the next example of a class: its first empty slot, or else the slot
    /// of its oldest example, which then gives way.
    public func slotForNewExample(ofClass classIndex: Int) -> (slot: Int, replacesOldest: Bool) {
        var oldest = -1
        for slot in slots(ofClass: classIndex) {
            if !isOccupied(slot) { return (slot, false) }
            if oldest < 0 || sequence(slot) < sequence(oldest) { oldest = slot }
        }
        return (oldest, true)
    }

    /// Removes the most recently taught example of a class. Returns false if it had none.
    public mutating func removeNewest(ofClass classIndex: Int) -> Bool {
        var newest = -1
        for slot in slots(ofClass: classIndex) where isOccupied(slot) {
            if newest < 0 || sequence(slot) > sequence(newest) { newest = slot }
        }
        if newest < 0 { return false }
        setSequence(newest, 0)
        return true
    }

    /// Forgets every example of a class. Returns how many there were.
    public mutating func removeAll(ofClass classIndex: Int) -> Int {
        var removed = 0
        for slot in slots(ofClass: classIndex) where isOccupied(slot) {
            setSequence(slot, 0)
            removed += 1
        }
        return removed
    }

    public mutating func removeAll() {
        for slot in 0..<Self.slotCount { setSequence(slot, 0) }
        nextSequence = 1
    }

    /// Renumbers the examples 1...n in their teaching order and the counter to n + 1.
    /// Ascending: the r-th smallest of distinct numbers is at least r, so a slot already
    /// renumbered (value <= r) is never above `last` and is never picked again. No memory
    /// is allocated (a board may run for years and reach this).
    mutating func renumber() {
        var last: UInt32 = 0
        var rank: UInt32 = 0
        while true {
            var pick = -1
            for slot in 0..<Self.slotCount {
                let s = sequence(slot)
                if s > last && (pick < 0 || s < sequence(pick)) { pick = slot }
            }
            if pick < 0 { break }
            last = sequence(pick)
            rank += 1
            setSequence(pick, rank)
        }
        nextSequence = rank + 1
    }

    private mutating func setTeachingDistance(_ slot: Int, _ distance: Int32?) {
        setWord(UInt32(bitPattern: max(-1, distance ?? -1)), at: ModelImage.distancesOffset + 4 * slot)
    }

    /// An image without teaching distances: its slots get none (this overwrites its CRC,
    /// which sat where they begin).
    private mutating func clearTeachingDistances() {
        for slot in 0..<Self.slotCount { setTeachingDistance(slot, nil) }
    }

    private mutating func setSequence(_ slot: Int, _ value: UInt32) {
        setWord(value, at: ModelImage.sequencesOffset + 4 * slot)
    }

    private mutating func setWord(_ value: UInt32, at: Int) {
        bytes[at] = UInt8(value & 0xFF)
        bytes[at + 1] = UInt8((value >> 8) & 0xFF)
        bytes[at + 2] = UInt8((value >> 16) & 0xFF)
        bytes[at + 3] = UInt8(value >> 24)
    }

    // MARK: Image

    /// Brings the header and CRC up to date and calls `body` with the model image: the
    /// store's own bytes, nothing copied.
    public mutating func withImage<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeMutableBytes { ModelImage.seal($0, nextSequence: nextSequence) }
        return bytes.withUnsafeBytes { body($0) }
    }

    /// Lets `fill` write an image straight into the store (a board reading its flash),
    /// then checks it. If `fill` reports no image or the image is not valid, the store is
    /// empty afterwards: meant for start-up, when it is empty anyway.
    public mutating func loadInPlace(_ fill: (UnsafeMutableRawBufferPointer) -> Int?) throws(ModelImage.ReadError) -> Bool {
        guard let count = bytes.withUnsafeMutableBytes({ fill($0) }) else {
            clearImage()
            return false
        }
        let checked = bytes.withUnsafeBytes { raw in
            Result { () throws(ModelImage.ReadError) in
                let found = try ModelImage.validate(UnsafeRawBufferPointer(rebasing: raw[0 ..< min(count, raw.count)]))
                // `fill` had more than an image for us (a host file with bytes appended).
                if count > raw.count { throw .trailingBytes(count: count - raw.count) }
                return found
            }
        }
        switch checked {
        case .success(let found):
            adopt(nextSequence: found.next, version: found.version)
            return true
        case .failure(let error):
            clearImage()
            throw error
        }
    }

    /// Replaces the contents with a validated image (`ModelImage.read`).
    mutating func replace(with image: UnsafeRawBufferPointer, nextSequence next: UInt32, version: UInt16) {
        for i in 0..<min(bytes.count, image.count) { bytes[i] = image[i] }
        adopt(nextSequence: next, version: version)
    }

    /// Finishes loading a validated image of `version`: an older one keeps its examples but
    /// not its teaching distances (`ModelImage`).
    private mutating func adopt(nextSequence next: UInt32, version: UInt16) {
        if version != ModelImage.version { clearTeachingDistances() }
        nextSequence = next
    }

    private mutating func clearImage() {
        for i in 0..<bytes.count { bytes[i] = 0 }
        nextSequence = 1
    }
}
