import KinuDrivers

/// The QEMU board's model flash: NOR flash semantics (erase sets bytes to 0xFF,
/// programming only clears bits) on 128 KB of SSRAM1 at 0x0030_0000 (above the code,
/// see link.ld), read and programmed through the `RegisterBus` like the real boards'
/// flash, and kept in a host file so it outlives the run. Every erase and every
/// programmed word reaches the file at once and in order, so killing QEMU at any moment
/// leaves the file as a power cut leaves a real flash; the A/B storage on top then keeps
/// the previous or the new model.
struct HostFileFlash: FlashDevice {
    static let base: UInt32 = 0x0030_0000
    static let size: UInt32 = 0x2_0000
    /// Two 64 KB slots (the model image is about 39 KB).
    static var slots: (FlashRegion, FlashRegion) {
        (FlashRegion(base: base, size: size / 2), FlashRegion(base: base + size / 2, size: size / 2))
    }

    enum OpenError: Error {
        case cannotOpen
        /// The file holds something else (e.g. a host model file): it is left untouched.
        case notAFlashImage(length: Int)
    }

    private var bus = MMIOBus()
    private let handle: Int32

    private init(handle: Int32) { self.handle = handle }

    private static var memory: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(bitPattern: UInt(base)), count: Int(size))
    }

    /// Opens the flash file, or creates it erased. A file shorter than the flash whose
    /// bytes are all 0xFF is a creation that was cut short, and is completed.
    static func open(_ path: UnsafePointer<CChar>) -> Result<HostFileFlash, OpenError> {
        guard let handle = Semihosting.open(path, .readWriteBinary) ?? Semihosting.open(path, .createReadWriteBinary),
              let length = Semihosting.length(handle) else { return .failure(.cannotOpen) }
        let flash = HostFileFlash(handle: handle)
        guard length <= Int(size) else { Semihosting.close(handle); return .failure(.notAFlashImage(length: length)) }
        var done = 0
        while done < length {
            let n = Semihosting.read(handle, into: UnsafeMutableRawBufferPointer(rebasing: memory[done ..< length]))
            if n == 0 { Semihosting.close(handle); return .failure(.cannotOpen) }
            done += n
        }
        if length < Int(size) {
            for i in 0 ..< length where memory[i] != 0xFF {
                Semihosting.close(handle)
                return .failure(.notAFlashImage(length: length))
            }
            for i in length ..< Int(size) { memory[i] = 0xFF }
            guard flash.writeThrough(from: base, count: size) else { return .failure(.cannotOpen) }
        }
        return .success(flash)
    }

    private func contains(_ address: UInt32, count: UInt32) -> Bool {
        FlashRegion(base: Self.base, size: Self.size).contains(address, count: count)
    }

    /// Copies `count` bytes of the flash at `address` to the same place in the file.
    private func writeThrough(from address: UInt32, count: UInt32) -> Bool {
        let offset = Int(address - Self.base)
        return Semihosting.seek(handle, to: offset)
            && Semihosting.write(handle, UnsafeRawBufferPointer(rebasing: Self.memory[offset ..< offset + Int(count)]))
    }

    mutating func erase(_ region: FlashRegion) -> Bool {
        guard contains(region.base, count: region.size), region.base & 3 == 0, region.size & 3 == 0 else { return false }
        var address = region.base
        while address < region.base + region.size {
            bus.store(address, 0xFFFF_FFFF)
            address += 4
        }
        return writeThrough(from: region.base, count: region.size)
    }

    mutating func program(_ word: UInt32, at address: UInt32) -> Bool {
        guard address & 3 == 0, contains(address, count: 4) else { return false }
        bus.store(address, bus.load(address) & word)
        return writeThrough(from: address, count: 4)
    }

    mutating func read(at address: UInt32) -> UInt32 { bus.load(address) }
}
