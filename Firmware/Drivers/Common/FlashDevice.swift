/// A contiguous part of flash that is erased as a whole (one STM32F4 sector, or a run of
/// nRF52 pages). Addresses are absolute bus addresses.
public struct FlashRegion: Equatable, Sendable {
    public let base: UInt32
    public let size: UInt32
    public init(base: UInt32, size: UInt32) { self.base = base; self.size = size }
    public func contains(_ address: UInt32, count: UInt32 = 4) -> Bool {
        address >= base && count <= size && address - base <= size - count
    }
}

/// NOR flash as the A/B model storage sees it: erase sets every bit of a region to 1,
/// programming a word can only clear bits, reading is a plain load. Every operation
/// reports failure instead of trapping, so storage errors reach the log.
public protocol FlashDevice {
    /// Erases every byte of `region` to 0xFF. Returns false if the controller reported
    /// an error or timed out.
    mutating func erase(_ region: FlashRegion) -> Bool
    /// Programs one 32-bit word at a 4-byte aligned, previously erased address.
    mutating func program(_ word: UInt32, at address: UInt32) -> Bool
    mutating func read(at address: UInt32) -> UInt32
}
