import KinuDrivers

/// A register file in a dictionary, standing in for the hardware in host tests. It logs
/// every store (the order of a sequence matters) and lets a test model the hardware's
/// side with `onStore`/`onLoad` (ready bits, flash cells).
struct FakeRegisterFile: RegisterBus {
    var memory: [UInt32: UInt32] = [:]
    private(set) var stores: [(address: UInt32, value: UInt32)] = []
    /// Called after each store with (address, value, previous value, memory).
    var onStore: (UInt32, UInt32, UInt32?, inout [UInt32: UInt32]) -> Void = { _, _, _, _ in }
    var onLoad: (UInt32, inout [UInt32: UInt32]) -> Void = { _, _ in }

    mutating func load(_ address: UInt32) -> UInt32 {
        onLoad(address, &memory)
        return memory[address] ?? 0
    }

    mutating func store(_ address: UInt32, _ value: UInt32) {
        stores.append((address, value))
        let previous = memory[address]
        memory[address] = value
        onStore(address, value, previous, &memory)
    }

    subscript(_ register: Register) -> UInt32 {
        get { memory[register.address] ?? 0 }
        set { memory[register.address] = newValue }
    }

    /// Values stored to `register`, in order.
    func values(storedTo register: Register) -> [UInt32] {
        stores.filter { $0.address == register.address }.map(\.value)
    }

    /// Index in the store log of the first store to `register` whose value satisfies
    /// `condition`.
    func firstStore(to register: Register, where condition: (UInt32) -> Bool = { _ in true }) -> Int? {
        stores.firstIndex { $0.address == register.address && condition($0.value) }
    }
}
