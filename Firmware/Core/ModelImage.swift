/// The byte image of a model, as kept in a board's flash and in the simulator's model file.
///
/// Layout (little-endian):
///
///     offset  size  field
///     0       4     magic "KINU"
///     4       2     format version (`ModelImage.version`)
///     6       2     template format (`Template.formatVersion`): features of another
///                   front end or encoder must not be compared with these
///     8       1     class count (`ExampleStore.classCount`, 10)
///     9       1     slots per class (16)
///     10      2     bytes per template
///     12      4     next sequence number
///     16      4*S   sequence number per slot (0 = empty), S = classes x slots
///     ...     B*S   template payloads, slot-major
///     ...     4*S   teaching distance per slot (Int32; -1 = none): how far the example lay
///                   from its class when it was taught (`SoundLearner`)
///     end-4   4     CRC-32 of every byte before it
///
/// `read` checks everything before it touches the model, so a truncated, corrupted or
/// foreign image leaves the current model as it was. Older images are still read, their
/// examples kept without teaching distances (the unsure gate then waits for new teaching):
/// version 1 had none, version 2's were measured before short sounds weighed their
/// statistics, on a smaller scale than a query's distance now, and version 3's with the
/// L1 distance between steps, before steps were compared by their cosine.
public enum ModelImage {
    public static let magic: (UInt8, UInt8, UInt8, UInt8) = (0x4B, 0x49, 0x4E, 0x55)   // "KINU"
    public static let version: UInt16 = 4
    /// The version before teaching distances, still read.
    static let versionWithoutDistances: UInt16 = 1
    /// Every version `read` accepts: the older ones without their teaching distances
    /// (versions 2 and 3 measured them with other distances).
    static let readableVersions = versionWithoutDistances...version
    static let headerSize = 16

    static let sequencesOffset = headerSize
    static let payloadsOffset = headerSize + 4 * ExampleStore.slotCount
    static let distancesOffset = payloadsOffset + ExampleStore.slotCount * Template.byteCount

    public static var byteCount: Int { byteCount(version: version) }

    /// The length of an image of `version` (version 1 has no teaching distances).
    public static func byteCount(version: UInt16) -> Int {
        (version == versionWithoutDistances ? distancesOffset : distancesOffset + 4 * ExampleStore.slotCount) + 4
    }

    public enum ReadError: Error, Equatable {
        /// Fewer bytes than a complete image (an interrupted write, a wrong file).
        case truncated(expected: Int, actual: Int)
        case notAModelImage
        case unsupportedVersion(found: UInt16, supported: UInt16)
        /// Made by a front end or encoder whose templates are not comparable with ours.
        case incompatibleTemplates(found: UInt16, expected: UInt16)
        case shapeMismatch
        case checksumMismatch(stored: UInt32, computed: UInt32)
        /// Well-formed but impossible contents: a next sequence number of 0, a slot not
        /// older than the counter, two slots with the same sequence number.
        case inconsistent
        /// More bytes than an image: something was appended, or it is another file.
        case trailingBytes(count: Int)

        /// One line for a log or a console.
        public var message: StaticString {
            switch self {
            case .truncated: return "model image is truncated"
            case .notAModelImage: return "not a Kinu model image (bad magic)"
            case .unsupportedVersion: return "model image version not supported"
            case .incompatibleTemplates: return "model image was made by an incompatible front end"
            case .shapeMismatch: return "model image has a different number of classes or slots"
            case .checksumMismatch: return "model image is corrupted (CRC mismatch)"
            case .inconsistent: return "model image contents are inconsistent"
            case .trailingBytes: return "model image is followed by extra bytes"
            }
        }
    }

    /// Writes the image of `store` into `buffer` (at least `byteCount` bytes), a copy for
    /// tools and tests (a device saves straight from the store: `ExampleStore.withImage`).
    /// Returns the number of bytes written.
    @discardableResult
    public static func write(_ store: ExampleStore, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        precondition(buffer.count >= byteCount, "model image buffer too small")
        var copy = store
        return copy.withImage { image in
            for i in 0..<byteCount { buffer[i] = image[i] }
            return byteCount
        }
    }

    /// Fills in the header and the CRC of an image whose sequence numbers and payloads are
    /// already in place.
    static func seal(_ buffer: UnsafeMutableRawBufferPointer, nextSequence: UInt32) {
        var writer = ByteWriter(buffer)
        writer.put(magic.0); writer.put(magic.1); writer.put(magic.2); writer.put(magic.3)
        writer.put16(version)
        writer.put16(Template.formatVersion)
        writer.put(UInt8(ExampleStore.classCount))
        writer.put(UInt8(ExampleStore.slotsPerClass))
        writer.put16(UInt16(Template.byteCount))
        writer.put32(nextSequence)
        let crc = CRC32.checksum(UnsafeRawBufferPointer(rebasing: buffer[0 ..< byteCount - 4]))
        var trailer = ByteWriter(UnsafeMutableRawBufferPointer(rebasing: buffer[byteCount - 4 ..< byteCount]))
        trailer.put32(crc)
    }

    /// Validates `bytes` and, only if every check passes, loads it into `store`.
    public static func read(_ bytes: UnsafeRawBufferPointer, into store: inout ExampleStore) throws(ReadError) {
        let (next, found) = try validate(bytes)
        store.replace(with: bytes, nextSequence: next, version: found)
    }

    /// Every check of `read`, without loading. Returns the image's next sequence number
    /// and its version.
    static func validate(_ bytes: UnsafeRawBufferPointer) throws(ReadError) -> (next: UInt32, version: UInt16) {
        if bytes.count >= 4 && !hasMagic(bytes) { throw .notAModelImage }
        // The version says how long the image is; an image too short to say is truncated.
        if bytes.count < 6 { throw .truncated(expected: byteCount, actual: bytes.count) }
        var reader = ByteReader(bytes, offset: 4)
        let foundVersion = reader.get16()
        if !readableVersions.contains(foundVersion) {
            throw .unsupportedVersion(found: foundVersion, supported: version)
        }
        let expected = byteCount(version: foundVersion)
        if bytes.count < expected { throw .truncated(expected: expected, actual: bytes.count) }
        if bytes.count > expected { throw .trailingBytes(count: bytes.count - expected) }
        let foundTemplates = reader.get16()
        if foundTemplates != Template.formatVersion {
            throw .incompatibleTemplates(found: foundTemplates, expected: Template.formatVersion)
        }
        if Int(reader.get8()) != ExampleStore.classCount || Int(reader.get8()) != ExampleStore.slotsPerClass
            || Int(reader.get16()) != Template.byteCount {
            throw .shapeMismatch
        }
        let stored = ByteReader(bytes, offset: expected - 4).peek32()
        let computed = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[0 ..< expected - 4]))
        if stored != computed { throw .checksumMismatch(stored: stored, computed: computed) }

        // Sequence numbers order the examples (oldest is replaced, newest is undone): they
        // must be below the counter and distinct, and the counter is never 0 (0 = empty).
        let next = reader.get32()
        if next == 0 { throw .inconsistent }
        for slot in 0..<ExampleStore.slotCount {
            let sequence = reader.get32()
            if sequence == 0 { continue }
            if sequence >= next { throw .inconsistent }
            for earlier in 0..<slot where sequenceAt(bytes, earlier) == sequence { throw .inconsistent }
        }
        return (next, foundVersion)
    }

    private static func sequenceAt(_ bytes: UnsafeRawBufferPointer, _ slot: Int) -> UInt32 {
        ByteReader(bytes, offset: sequencesOffset + 4 * slot).peek32()
    }

    private static func hasMagic(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes[0] == magic.0 && bytes[1] == magic.1 && bytes[2] == magic.2 && bytes[3] == magic.3
    }
}

/// Little-endian cursor over a raw buffer.
struct ByteWriter {
    let buffer: UnsafeMutableRawBufferPointer
    var offset = 0
    init(_ buffer: UnsafeMutableRawBufferPointer) { self.buffer = buffer }
    mutating func put(_ v: UInt8) { buffer[offset] = v; offset += 1 }
    mutating func put16(_ v: UInt16) { put(UInt8(v & 0xFF)); put(UInt8(v >> 8)) }
    mutating func put32(_ v: UInt32) { put16(UInt16(v & 0xFFFF)); put16(UInt16(v >> 16)) }
}

struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset: Int
    init(_ bytes: UnsafeRawBufferPointer, offset: Int) { self.bytes = bytes; self.offset = offset }
    mutating func get8() -> UInt8 { defer { offset += 1 }; return bytes[offset] }
    mutating func get16() -> UInt16 { let lo = UInt16(get8()); return lo | UInt16(get8()) << 8 }
    mutating func get32() -> UInt32 { let lo = UInt32(get16()); return lo | UInt32(get16()) << 16 }
    func peek32() -> UInt32 { var copy = self; return copy.get32() }
}
