import KinuCortexM
import KinuDrivers

/// One GPIO pin of the STM32F4 and the few configurations Kinu needs (RM0090 §8.3).
public struct STM32F4Pin: Equatable, Sendable {
    public let port: STM32F4.GPIOPort
    public let pin: Int
    public init(_ port: STM32F4.GPIOPort, _ pin: Int) { self.port = port; self.pin = pin }

    public enum Pull: UInt32, Sendable { case none = 0, up = 1, down = 2 }

    var bit: UInt32 { 1 << UInt32(pin) }
    var twoBits: Field { Field(UInt32(2 * pin), width: 2) }
    var mode: NamedField<STM32F4.GPIO.Mode> { STM32F4.GPIO.mode(pin: pin) }

    /// Clocks the port (RCC AHB1ENR), which must happen before any access to it.
    public func enableClock<Bus: RegisterBus>(_ bus: inout Bus) {
        bus.modify(STM32F4.RCC.ahb1enr, setting: STM32F4.RCC.gpioEnable(port))
    }

    public func makeInput<Bus: RegisterBus>(_ bus: inout Bus, pull: Pull) {
        enableClock(&bus)
        bus.modify(STM32F4.GPIO.pupdr(port), twoBits, pull.rawValue)
        bus.modify(STM32F4.GPIO.moder(port), mode, .input)
    }

    public func makeOutput<Bus: RegisterBus>(_ bus: inout Bus) {
        enableClock(&bus)
        bus.modify(STM32F4.GPIO.moder(port), mode, .output)
    }

    /// Alternate function `af` (0-15, RM0090 datasheet Table 9), high speed.
    public func makeAlternate<Bus: RegisterBus>(_ bus: inout Bus, function af: UInt32) {
        enableClock(&bus)
        bus.modify(STM32F4.GPIO.afr(port, pin: pin), Field(UInt32(4 * (pin % 8)), width: 4), af)
        bus.modify(STM32F4.GPIO.ospeedr(port), STM32F4.GPIO.speed(pin: pin), .fast)
        bus.modify(STM32F4.GPIO.moder(port), mode, .alternate)
    }

    /// Atomic set/reset through BSRR (no read-modify-write, safe against interrupts).
    public func set<Bus: RegisterBus>(_ bus: inout Bus, high: Bool) {
        bus.write(STM32F4.GPIO.bsrr(port), high ? bit : bit << 16)
    }

    public func isHigh<Bus: RegisterBus>(_ bus: inout Bus) -> Bool {
        bus.read(STM32F4.GPIO.idr(port)) & bit != 0
    }
}

extension STM32F4Pin: DigitalPin {}
