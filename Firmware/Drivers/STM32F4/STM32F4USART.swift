import KinuCortexM
import KinuDrivers

/// USART2 on PA2 (TX) / PA3 (RX), AF7, 8N1 at 115200 baud from the 42 MHz APB1 clock:
/// BRR = 42 MHz / 115200 = 364.6 -> 365 (mantissa 22, fraction 13; 0.1 % fast).
public enum STM32F4USART2 {
    public static let txPin = STM32F4Pin(.a, 2)
    public static let rxPin = STM32F4Pin(.a, 3)

    public static func divisor(clockHz: UInt32, baud: UInt32) -> UInt32 { (clockHz + baud / 2) / baud }

    /// `clockHz`: APB1 clock (42 MHz after `STM32F4Clock.configure`, 16 MHz on the reset clock).
    public static func start<Bus: RegisterBus>(_ bus: inout Bus, baud: UInt32 = 115_200, clockHz: UInt32 = STM32F4Clock.apb1Hz) {
        typealias U = STM32F4.USART2
        bus.modify(STM32F4.RCC.apb1enr, setting: STM32F4.RCC.usart2Enable)
        txPin.makeAlternate(&bus, function: 7)
        rxPin.makeAlternate(&bus, function: 7)
        bus.write(U.cr1, 0)
        bus.write(U.brr, divisor(clockHz: clockHz, baud: baud))
        bus.write(U.cr1, U.cr1Enable | U.cr1Transmit | U.cr1Receive)
    }

    public static func put<Bus: RegisterBus>(_ bus: inout Bus, _ byte: UInt8) {
        typealias U = STM32F4.USART2
        _ = bus.wait(U.sr, mask: U.srTxEmpty, equals: U.srTxEmpty)
        bus.write(U.dr, UInt32(byte))
    }

    public static func get<Bus: RegisterBus>(_ bus: inout Bus) -> UInt8? {
        typealias U = STM32F4.USART2
        guard bus.read(U.sr) & U.srRxNotEmpty != 0 else { return nil }
        return UInt8(truncatingIfNeeded: bus.read(U.dr))
    }
}

/// USART2 as the log's serial port.
public struct STM32F4USART2Port<Bus: RegisterBus>: SerialPort {
    public var bus: Bus
    public init(bus: Bus) { self.bus = bus }
    public mutating func put(_ byte: UInt8) { STM32F4USART2.put(&bus, byte) }
}
