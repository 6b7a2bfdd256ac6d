// Embedded only: the host build (tests) has no use for real MMIO, and _Volatile needs an
// experimental flag there.
#if hasFeature(Embedded)
import _Volatile

/// The real register bus: volatile 32-bit loads and stores at the given addresses.
/// Only meaningful on the board; host tests use a fake `RegisterBus` instead.
public struct MMIOBus: RegisterBus {
    public init() {}

    @inline(__always)
    public mutating func load(_ address: UInt32) -> UInt32 {
        VolatileMappedRegister<UInt32>(unsafeBitPattern: UInt(address)).load()
    }

    @inline(__always)
    public mutating func store(_ address: UInt32, _ value: UInt32) {
        VolatileMappedRegister<UInt32>(unsafeBitPattern: UInt(address)).store(value)
    }
}
#endif
