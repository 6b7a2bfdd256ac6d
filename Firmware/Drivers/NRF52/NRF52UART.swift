/// UART0 on the Nano 33 BLE's header pins TX (P1.03) and RX (P1.10), 115200 8N1
/// (nRF52840 PS §6.33).
public enum NRF52UART {
    public static let txPin = NRF52.Pin(1, 3)
    public static let rxPin = NRF52.Pin(1, 10)

    public static func start<Bus: RegisterBus>(_ bus: inout Bus) {
        typealias U = NRF52.UART
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
