import KinuCore

/// The model image in two flash regions, A and B, so that a power cut at any moment,
/// also in the middle of a save, leaves the previous model readable.
///
/// Each slot: a 16-byte header, then the image.
///
///     +0  magic    "KNAB" (0x4241_4E4B), written last: the commit mark
///     +4  sequence  one more than the other slot's at the time of the save
///     +8  length    image bytes
///     +12 crc       CRC-32 of sequence, length and the image
///     +16 image     padded to whole words with 0xFF
///
/// A save goes to the slot not holding the newest valid image: erase it, program the
/// image, then length, crc and sequence, and the magic word last. Until the magic is
/// written the slot is not valid and the other slot still wins; a torn header or image
/// fails the CRC. Loading takes the valid slot with the higher sequence (compared with
/// wrap-around, so the count may overflow).
public struct ABModelStorage<Flash: FlashDevice> {
    public static var magic: UInt32 { 0x4241_4E4B }   // "KNAB" in little-endian bytes
    public static var headerSize: Int { 16 }

    public var flash: Flash
    public let slots: (FlashRegion, FlashRegion)

    public init(flash: Flash, slotA: FlashRegion, slotB: FlashRegion) {
        self.flash = flash
        slots = (slotA, slotB)
    }

    /// The largest image a slot holds.
    public var capacity: Int { Int(min(slots.0.size, slots.1.size)) - Self.headerSize }

    public struct SlotInfo: Equatable {
        public let slot: Int
        public let sequence: UInt32
        public let length: Int
    }

    /// The slot (0 = A, 1 = B) with the newest valid image, or nil if neither is valid.
    public mutating func newest() -> SlotInfo? {
        let a = validate(slots.0, index: 0)
        let b = validate(slots.1, index: 1)
        switch (a, b) {
        case (nil, nil): return nil
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (let a?, let b?): return Int32(bitPattern: b.sequence &- a.sequence) > 0 ? b : a
        }
    }

    /// Copies the newest valid image into `buffer`; `.empty` if there is none.
    public mutating func load(into buffer: UnsafeMutableRawBufferPointer) -> StoredImage {
        guard let info = newest() else { return .empty }
        let region = info.slot == 0 ? slots.0 : slots.1
        let count = min(info.length, buffer.count)
        copy(from: region.base + UInt32(Self.headerSize), count: count, into: buffer)
        return .loaded(count: count, sequence: info.sequence)
    }

    public enum StoredImage: Equatable {
        case empty
        case loaded(count: Int, sequence: UInt32)
    }

    public enum SaveError: Error, Equatable {
        case tooLarge
        case eraseFailed
        case programFailed
        /// Written without a controller error, but it does not read back valid.
        case verifyFailed
    }

    /// Writes `image` to the slot that does not hold the newest image. On any error the
    /// other slot (the previous model) is untouched.
    public mutating func save(_ image: UnsafeRawBufferPointer) -> Result<SlotInfo, SaveError> {
        guard image.count <= capacity else { return .failure(.tooLarge) }
        let previous = newest()
        let index = previous.map { 1 - $0.slot } ?? 0
        let region = index == 0 ? slots.0 : slots.1
        let sequence = (previous?.sequence ?? 0) &+ 1

        guard flash.erase(region) else { return .failure(.eraseFailed) }
        var address = region.base + UInt32(Self.headerSize)
        var offset = 0
        while offset < image.count {
            guard flash.program(Self.word(image, at: offset), at: address) else { return .failure(.programFailed) }
            offset += 4
            address += 4
        }
        let crc = Self.checksum(sequence: sequence, length: UInt32(image.count), image: image)
        // Header in this order: the magic, which makes the slot count, comes last.
        // (No array literal here: saving must not allocate.)
        guard flash.program(UInt32(image.count), at: region.base + 8),
              flash.program(crc, at: region.base + 12),
              flash.program(sequence, at: region.base + 4),
              flash.program(Self.magic, at: region.base) else { return .failure(.programFailed) }
        guard let written = validate(region, index: index), written.sequence == sequence else {
            return .failure(.verifyFailed)
        }
        return .success(written)
    }

    // MARK: Helpers

    private mutating func validate(_ region: FlashRegion, index: Int) -> SlotInfo? {
        guard flash.read(at: region.base) == Self.magic else { return nil }
        let sequence = flash.read(at: region.base + 4)
        let length = flash.read(at: region.base + 8)
        let stored = flash.read(at: region.base + 12)
        // Compared in UInt32: a corrupt length above 2^31 must be rejected, not trap.
        guard region.size >= UInt32(Self.headerSize), length <= region.size - UInt32(Self.headerSize) else { return nil }
        var crc = CRC32()
        withUnsafeBytes(of: (sequence.littleEndian, length.littleEndian)) { crc.update($0) }
        var address = region.base + UInt32(Self.headerSize)
        var remaining = Int(length)
        while remaining > 0 {
            var word = flash.read(at: address).littleEndian
            withUnsafeBytes(of: &word) { crc.update(UnsafeRawBufferPointer(rebasing: $0[0 ..< min(4, remaining)])) }
            remaining -= 4
            address += 4
        }
        guard crc.value == stored else { return nil }
        return SlotInfo(slot: index, sequence: sequence, length: Int(length))
    }

    private mutating func copy(from start: UInt32, count: Int, into buffer: UnsafeMutableRawBufferPointer) {
        var offset = 0
        while offset < count {
            var word = flash.read(at: start + UInt32(offset)).littleEndian
            let n = min(4, count - offset)
            withUnsafeBytes(of: &word) { bytes in
                for i in 0 ..< n { buffer[offset + i] = bytes[i] }
            }
            offset += 4
        }
    }

    /// The little-endian word at `offset`, padded with 0xFF past the end of `bytes`.
    private static func word(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        var value: UInt32 = 0
        for i in 0 ..< 4 {
            let byte: UInt8 = offset + i < bytes.count ? bytes[offset + i] : 0xFF
            value |= UInt32(byte) << UInt32(8 * i)
        }
        return value
    }

    private static func checksum(sequence: UInt32, length: UInt32, image: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32()
        withUnsafeBytes(of: (sequence.littleEndian, length.littleEndian)) { crc.update($0) }
        crc.update(image)
        return crc.value
    }
}
