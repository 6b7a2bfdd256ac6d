/// The parts a polled board is made of, as protocols the chip drivers implement, so the
/// shared board (Boards/common, `PolledBoard`) is written once for every chip.

/// Which level means "on" (an LED) or "pressed" (a button).
public enum Polarity: Sendable {
    /// High = on: an LED from the pin to GND, a button to the supply with a pull-down.
    case activeHigh
    /// Low = on: an LED from the supply to the pin, a button to GND with a pull-up.
    case activeLow

    public func level(on: Bool) -> Bool { self == .activeHigh ? on : !on }
    public func isOn(level high: Bool) -> Bool { self == .activeHigh ? high : !high }
}

/// A GPIO pin, already configured as an input or an output by its board.
public protocol DigitalPin {
    func set<Bus: RegisterBus>(_ bus: inout Bus, high: Bool)
    func isHigh<Bus: RegisterBus>(_ bus: inout Bus) -> Bool
}

/// A pin and what its level means: one button or one LED.
public struct Wire<Pin: DigitalPin> {
    public let pin: Pin
    public let polarity: Polarity
    public init(_ pin: Pin, _ polarity: Polarity) { self.pin = pin; self.polarity = polarity }
}

/// A microphone with its DMA ping-pong: hands out one block of 16 kHz samples when one
/// is complete.
public protocol PolledMicrophone {
    /// Writes the next complete block into `block` and returns its sample count, or nil
    /// if none is complete yet.
    mutating func poll(into block: UnsafeMutableBufferPointer<Int16>) -> Int?
}

/// A serial port for the log (blocking, one byte at a time).
public protocol SerialPort {
    mutating func put(_ byte: UInt8)
}

/// Milliseconds since start-up (on the boards: counted by the SysTick interrupt).
public protocol MillisecondClock {
    mutating func milliseconds() -> UInt32
}

extension Wire: Sendable where Pin: Sendable {}
