import KinuCortexM
import KinuDrivers

/// UART0 on the Nano 33 BLE's header pins TX (P1.03) and RX (P1.10), 115200 8N1
/// (nRF52840 PS §6.33).
public enum NRF52UART {
    public static let txPin = NRF52.Pin(1, 3)
    public static let rxPin = NRF52.Pin(1, 10)

    public static func start<Bus: RegisterBus>(_ bus: inout Bus) {
        typealias U = NRF52.UART
        takeOver(&bus)
        txPin.makeOutput(&bus, high: true)   // idle high (PS §6.33.2 pin configuration)
        rxPin.makeInput(&bus, pullUp: false)
        bus.write(U.selectTX, txPin.select)
        bus.write(U.selectRX, rxPin.select)
        bus.write(U.baudrate, U.baud115200)
        bus.write(U.config, 0)   // no parity, no flow control
        bus.write(U.enable, U.enableUART)
        bus.write(U.eventsTXDReady, 0)
        bus.write(U.tasksStartTX, 1)
        bus.write(U.tasksStartRX, 1)
    }

    /// Arduino's bootloader leaves UARTE0 (same registers as UART0) enabled with its
    /// receiver running. Switching ENABLE straight to another mode can leave the
    /// transmitter silent (no TXDRDY), so stop it the way ArduinoCore-mbed's
    /// `initVariant` does: STOPRX, wait for RXTO, ENABLE = 0. Nothing to do after a
    /// plain reset (ENABLE = 0).
    static func takeOver<Bus: RegisterBus>(_ bus: inout Bus) {
        typealias U = NRF52.UART
        guard bus.read(U.enable) != U.enableDisabled else { return }
        bus.write(U.eventsRXTimeout, 0)
        bus.write(U.tasksStopRX, 1)
        // Bounded: a receiver that was never started may not report RXTO.
        _ = bus.wait(U.eventsRXTimeout, mask: 1, equals: 1)
        bus.write(U.eventsRXTimeout, 0)
        bus.write(U.tasksStopTX, 1)
        bus.write(U.enable, U.enableDisabled)
    }

    public static func put<Bus: RegisterBus>(_ bus: inout Bus, _ byte: UInt8) {
        typealias U = NRF52.UART
        bus.write(U.txd, UInt32(byte))
        _ = bus.wait(U.eventsTXDReady, mask: 1, equals: 1)
        bus.write(U.eventsTXDReady, 0)
    }

    public static func get<Bus: RegisterBus>(_ bus: inout Bus) -> UInt8? {
        typealias U = NRF52.UART
        guard bus.read(U.eventsRXDReady) != 0 else { return nil }
        bus.write(U.eventsRXDReady, 0)
        return UInt8(truncatingIfNeeded: bus.read(U.rxd))
    }
}

/// UART0 as the log's serial port.
public struct NRF52UARTPort<Bus: RegisterBus>: SerialPort {
    public var bus: Bus
    public init(bus: Bus) { self.bus = bus }
    public mutating func put(_ byte: UInt8) { NRF52UART.put(&bus, byte) }
}
