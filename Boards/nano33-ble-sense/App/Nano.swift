import KinuBoard
import KinuCortexM
import KinuDevice
import KinuDrivers
import KinuNRF52840

/// The console's byte out (Boards/common/App/Console.swift).
func consolePut(_ byte: UInt8) {
    var bus = MMIOBus()
    NRF52UART.put(&bus, byte)
}

/// The Arduino Nano 33 BLE Sense as the device sees it:
/// - audio: the on-board PDM microphone, decimated to 16 kHz by the PDM peripheral,
///   EasyDMA into two buffers of one device block each;
/// - buttons: pads on D2 (P1.11), D3 (P1.12), D4 (P1.15), MODE on D5 (P1.13), each to
///   GND with the internal pull-up;
/// - LEDs: RGB (active low: red P0.24, green P0.16, blue P0.06) for pads 1-3, orange
///   (P0.13, active high) for status;
/// - model: A/B slots at 0xE_0000 and 0xE_C000 via the NVMC; log: UART, 115200 baud.
enum Nano {
    static let wiring = BoardWiring(
        pads: [Wire(NRF52.Pin(1, 11), .activeLow), Wire(NRF52.Pin(1, 12), .activeLow),
               Wire(NRF52.Pin(1, 15), .activeLow)],
        mode: Wire(NRF52.Pin(1, 13), .activeLow),
        padLEDs: [Wire(NRF52.Pin(0, 24), .activeLow), Wire(NRF52.Pin(0, 16), .activeLow),
                  Wire(NRF52.Pin(0, 6), .activeLow)],
        statusLED: Wire(NRF52.Pin(0, 13), .activeHigh))

    static func board() -> PolledBoard<NRF52.Pin, MMIOBus, NRF52PolledMicrophone<MMIOBus>,
                                       NRF52NVMC<MMIOBus>, NRF52UARTPort<MMIOBus>, SysTickClock> {
        var bus = MMIOBus()
        for button in wiring.pads + [wiring.mode] { button.pin.makeInput(&bus, pullUp: true) }
        for led in wiring.padLEDs + [wiring.statusLED] { led.pin.makeOutput(&bus, high: led.polarity.level(on: false)) }
        let slots = NRF52NVMC<MMIOBus>.modelSlots
        return PolledBoard(
            wiring: wiring, bus: bus,
            microphone: NRF52PolledMicrophone(bus: bus, samplesPerBlock: DeviceTiming.blockSize),
            storage: ABModelStorage(flash: NRF52NVMC(bus: bus), slotA: slots.0, slotB: slots.1),
            serial: NRF52UARTPort(bus: bus), clock: SysTickClock())
    }
}
