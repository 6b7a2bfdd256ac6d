import Testing
@testable import KinuCore

/// The model's teaching counter near 2^32: examples keep their order and none disappears,
/// images with impossible counters are refused, and bytes after an image are not ignored.
@Suite struct SequenceNumberTests {
    static func template(_ k: Int) -> [Int8] { [Int8](repeating: Int8(truncatingIfNeeded: k), count: Template.byteCount) }

    /// A store loaded from an image whose counter and slot numbers are set by hand.
    static func crafted(next: UInt32, slots: [(slot: Int, sequence: UInt32, fill: Int)]) throws -> ExampleStore {
        var image = [UInt8](repeating: 0, count: ModelImage.byteCount)
        image.withUnsafeMutableBytes { raw in
            for (slot, sequence, fill) in slots {
                var w = ByteWriter(UnsafeMutableRawBufferPointer(rebasing: raw[ModelImage.sequencesOffset + 4 * slot ..< raw.count]))
                w.put32(sequence)
                let base = ModelImage.payloadsOffset + slot * Template.byteCount
                for i in 0 ..< Template.byteCount { raw[base + i] = UInt8(truncatingIfNeeded: fill) }
            }
            ModelImage.seal(raw, nextSequence: next)
        }
        var store = ExampleStore()
        try image.withUnsafeBytes { try ModelImage.read($0, into: &store) }
        return store
    }

    /// The payload fills of a class, newest first, by undoing them one by one.
    static func newestFirst(_ store: ExampleStore, ofClass c: Int) -> [Int] {
        var copy = store
        var fills: [Int] = []
        while true {
            let before = Set(copy.slots(ofClass: c).filter { copy.isOccupied($0) })
            guard copy.removeNewest(ofClass: c) else { return fills }
            let gone = before.subtracting(copy.slots(ofClass: c).filter { copy.isOccupied($0) })
            fills.append(Int(copy.payload(gone.first!)[0]))
        }
    }

    static func reloaded(_ store: ExampleStore) throws -> ExampleStore {
        var copy = store
        let bytes = copy.withImage { Array($0) }
        var again = ExampleStore()
        try bytes.withUnsafeBytes { try ModelImage.read($0, into: &again) }
        return again
    }

    @Test func teachingPastTheTopOfTheCounterKeepsEveryExampleInOrder() throws {
        var store = try Self.crafted(next: UInt32.max - 2, slots: [(0, 0xFFFF_FFF0, 1), (1, 0xFFFF_FFFA, 2), (16, 7, 3)])
        for k in 0 ..< 5 { _ = store.add(Self.template(10 + k), toClass: 0) }
        #expect(store.count(ofClass: 0) == 7)
        #expect(store.count(ofClass: 1) == 1)
        #expect(store.nextSequence <= UInt32(ExampleStore.slotCount + 1))
        #expect(Self.newestFirst(store, ofClass: 0) == [14, 13, 12, 11, 10, 2, 1])
        // The saved image is valid and loads with the same order.
        let again = try Self.reloaded(store)
        #expect(Self.newestFirst(again, ofClass: 0) == [14, 13, 12, 11, 10, 2, 1])
        #expect(again.nextSequence == store.nextSequence)
    }

    @Test func aFullClassAtTheTopReplacesItsOldest() throws {
        let slots = (0 ..< 16).map { (slot: $0, sequence: UInt32.max - 20 + UInt32($0), fill: 100 + $0) }
        var store = try Self.crafted(next: UInt32.max - 4, slots: slots)
        for k in 0 ..< 6 {
            #expect(store.add(Self.template(k), toClass: 0) == .replacedOldest(slot: k))
        }
        #expect(Self.newestFirst(store, ofClass: 0) == [5, 4, 3, 2, 1, 0] + (106 ..< 116).reversed())
        _ = try Self.reloaded(store)
    }

    @Test func aCounterAtItsLastValueIsRenumberedAtTheNextTeaching() throws {
        var store = try Self.crafted(next: UInt32.max, slots: [(3, UInt32.max - 1, 1), (40, 5, 2)])
        _ = store.add(Self.template(9), toClass: 0)
        #expect(store.sequence(40) == 1 && store.sequence(3) == 2 && store.sequence(0) == 3)
        #expect(store.nextSequence == 4)
    }

    @Test func impossibleCountersAreRefused() {
        for (next, slots) in [(UInt32(0), [(slot: 0, sequence: UInt32(0), fill: 0)]),   // counter 0
                              (5, [(0, 5, 1)]),                                        // slot not older
                              (9, [(0, 3, 1), (20, 3, 2)]),                             // same number twice
                              (1, [(0, UInt32.max, 1)])] {
            #expect(throws: ModelImage.ReadError.inconsistent) { try Self.crafted(next: next, slots: slots) }
        }
    }

    @Test func bytesAfterAnImageAreReported() throws {
        var store = ExampleStore()
        _ = store.add(Self.template(1), toClass: 2)
        let image = store.withImage { Array($0) }
        var other = ExampleStore()
        #expect(throws: ModelImage.ReadError.trailingBytes(count: 1)) {
            try (image + [0]).withUnsafeBytes { try ModelImage.read($0, into: &other) }
        }
        #expect(other.totalCount == 0)
        // In place, as a board's storage hands it over with its real size.
        #expect(throws: ModelImage.ReadError.trailingBytes(count: 3)) {
            try other.loadInPlace { buffer in
                for i in 0 ..< image.count { buffer[i] = image[i] }
                return image.count + 3
            }
        }
        #expect(other.totalCount == 0)
        #expect(try other.loadInPlace { buffer in
            for i in 0 ..< image.count { buffer[i] = image[i] }
            return image.count
        })
        #expect(other.count(ofClass: 2) == 1)
    }
}
