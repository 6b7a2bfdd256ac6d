import KinuCortexM
import KinuDrivers

/// The few pin configurations Kinu needs (nRF52840 PS §6.9.2.10 PIN_CNF).
extension NRF52.Pin {
    public func makeOutput<Bus: RegisterBus>(_ bus: inout Bus, high: Bool) {
        set(&bus, high: high)   // level first, so the pin never glitches
        bus.write(configuration, Self.direction(.output) | Self.inputBuffer(.connect))
    }

    public func makeInput<Bus: RegisterBus>(_ bus: inout Bus, pullUp: Bool) {
        bus.write(configuration, Self.direction(.input) | Self.inputBuffer(.connect) | Self.pull(pullUp ? .up : .none))
    }

    public func set<Bus: RegisterBus>(_ bus: inout Bus, high: Bool) {
        bus.write(high ? outSet : outClear, bit)
    }

    public func isHigh<Bus: RegisterBus>(_ bus: inout Bus) -> Bool { bus.read(input) & bit != 0 }
}

extension NRF52.Pin: DigitalPin {}
