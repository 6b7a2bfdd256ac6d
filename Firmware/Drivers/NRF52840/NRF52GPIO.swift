import KinuCortexM
import KinuDrivers

/// The few pin configurations Kinu needs (nRF52840 PS §6.9.2.10 PIN_CNF: DIR bit 0,
/// INPUT bit 1 (0 = connect the input buffer), PULL bits 2-3 (3 = pull-up)).
extension NRF52.Pin {
    public func makeOutput<Bus: RegisterBus>(_ bus: inout Bus, high: Bool) {
        set(&bus, high: high)   // level first, so the pin never glitches
        bus.write(configuration, 0b01)   // output, input buffer connected
    }

    public func makeInput<Bus: RegisterBus>(_ bus: inout Bus, pullUp: Bool) {
        bus.write(configuration, (pullUp ? 3 : 0) << 2)
    }

    public func set<Bus: RegisterBus>(_ bus: inout Bus, high: Bool) {
        bus.write(high ? outSet : outClear, bit)
    }

    public func isHigh<Bus: RegisterBus>(_ bus: inout Bus) -> Bool { bus.read(input) & bit != 0 }
}

extension NRF52.Pin: DigitalPin {}
