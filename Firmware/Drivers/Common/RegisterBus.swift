/// Register access as a protocol, so every peripheral sequence (clock start-up, DMA, PDM,
/// flash erase and program) is written once and runs against the real memory-mapped
/// registers on a board (`MMIOBus`) and against a fake register file in host tests.
/// Generic, not existential: Embedded Swift specialises each sequence for `MMIOBus` and
/// the calls compile to plain loads and stores.
public protocol RegisterBus {
    mutating func load(_ address: UInt32) -> UInt32
    mutating func store(_ address: UInt32, _ value: UInt32)
}

/// One 32-bit peripheral register at a fixed address.
public struct Register: Equatable, Sendable {
    public let address: UInt32
    public init(_ address: UInt32) { self.address = address }
    /// The register `offset` bytes further on (arrays of registers, e.g. PIN_CNF[n]).
    public func advanced(by offset: UInt32) -> Register { Register(address + offset) }
}

/// A bit field inside a register: `width` bits starting at bit `shift`.
public struct Field: Sendable {
    public let shift: UInt32
    public let width: UInt32
    public init(_ shift: UInt32, width: UInt32 = 1) { self.shift = shift; self.width = width }
    public var mask: UInt32 { (width >= 32 ? ~0 : (1 << width) - 1) << shift }
    /// `value` placed in the field (extra high bits are dropped).
    public func callAsFunction(_ value: UInt32) -> UInt32 { (value << shift) & mask }
}

/// A multi-bit field whose values have names, so a sequence reads
/// `S.i2sConfiguration(.masterReceive)` instead of a number and a comment. `Value` is an
/// enum with the field's encodings as raw values.
public struct NamedField<Value: RawRepresentable>: Sendable where Value.RawValue == UInt32 {
    public let field: Field
    public init(_ shift: UInt32, width: UInt32) { field = Field(shift, width: width) }
    public var mask: UInt32 { field.mask }
    /// `value` placed in the field.
    public func callAsFunction(_ value: Value) -> UInt32 { field(value.rawValue) }
}

/// How many polls a `wait` makes before it gives up. Hardware answers in microseconds
/// (a crystal in a few ms); giving up turns a dead peripheral into an error message
/// instead of a silent hang, and keeps host tests from looping forever.
public let registerPollLimit = 2_000_000

extension RegisterBus {
    public mutating func read(_ register: Register) -> UInt32 { load(register.address) }
    public mutating func write(_ register: Register, _ value: UInt32) { store(register.address, value) }

    public mutating func read(_ register: Register, _ field: Field) -> UInt32 {
        (load(register.address) & field.mask) >> field.shift
    }

    /// Read-modify-write: clears `clearing`, then sets `setting`.
    public mutating func modify(_ register: Register, clearing: UInt32 = 0, setting: UInt32 = 0) {
        store(register.address, (load(register.address) & ~clearing) | setting)
    }

    /// Sets `field` to `value`, leaving the other bits alone.
    public mutating func modify(_ register: Register, _ field: Field, _ value: UInt32) {
        modify(register, clearing: field.mask, setting: field(value))
    }

    /// Sets a named field to `value`, leaving the other bits alone.
    public mutating func modify<Value>(_ register: Register, _ field: NamedField<Value>, _ value: Value) {
        modify(register, field.field, value.rawValue)
    }

    /// The value of a named field, nil for an encoding `Value` does not name.
    public mutating func read<Value>(_ register: Register, _ field: NamedField<Value>) -> Value? {
        Value(rawValue: read(register, field.field))
    }

    /// Polls until `(register & mask) == expected`. Returns false after
    /// `registerPollLimit` polls.
    public mutating func wait(_ register: Register, mask: UInt32, equals expected: UInt32,
                              polls: Int = registerPollLimit) -> Bool {
        for _ in 0 ..< polls where load(register.address) & mask == expected { return true }
        return false
    }
}
