import KinuBoard
import KinuCortexM
import KinuDevice
import KinuDrivers
import KinuSTM32F4

/// The console's byte out (Boards/common/App/Console.swift).
func consolePut(_ byte: UInt8) {
    var bus = MMIOBus()
    STM32F4USART2.put(&bus, byte)
}

/// The STM32F4-Discovery as the device sees it:
/// - audio: MP45DT02 PDM microphone -> I2S2 + DMA double buffer -> `PDMDecimator`, +18 dB
///   (the MP45DT02 gives -26 dBFS at 94 dB SPL);
/// - buttons: pads on PE7, PE8, PE9 (to GND, internal pull-ups), MODE = blue user
///   button PA0 (active high, pulled down on the board);
/// - LEDs: green PD12, orange PD13, red PD14 for pads 1-3, blue PD15 for status;
/// - model: A/B slots in flash sectors 10 and 11; log: USART2 at 115200 baud.
enum Discovery {
    static let wiring = BoardWiring(
        pads: [Wire(STM32F4Pin(.e, 7), .activeLow), Wire(STM32F4Pin(.e, 8), .activeLow),
               Wire(STM32F4Pin(.e, 9), .activeLow)],
        mode: Wire(STM32F4Pin(.a, 0), .activeHigh),
        padLEDs: [Wire(STM32F4Pin(.d, 12), .activeHigh), Wire(STM32F4Pin(.d, 13), .activeHigh),
                  Wire(STM32F4Pin(.d, 14), .activeHigh)],
        statusLED: Wire(STM32F4Pin(.d, 15), .activeHigh))
    static let micGainShift = 3

    static func board() -> PolledBoard<STM32F4Pin, MMIOBus, STM32F4PolledMicrophone<MMIOBus>,
                                       STM32F4Flash<MMIOBus>, STM32F4USART2Port<MMIOBus>, SysTickClock> {
        var bus = MMIOBus()
        for pad in wiring.pads { pad.pin.makeInput(&bus, pull: .up) }
        wiring.mode.pin.makeInput(&bus, pull: .none)
        for led in wiring.padLEDs + [wiring.statusLED] {
            led.pin.makeOutput(&bus)
            led.pin.set(&bus, high: led.polarity.level(on: false))
        }
        let slots = STM32F4Flash<MMIOBus>.modelSlots
        return PolledBoard(
            wiring: wiring, bus: bus,
            microphone: STM32F4PolledMicrophone(bus: bus, samplesPerBlock: DeviceTiming.blockSize, gainShift: micGainShift),
            storage: ABModelStorage(flash: STM32F4Flash(bus: bus), slotA: slots.0, slotB: slots.1),
            serial: STM32F4USART2Port(bus: bus), clock: SysTickClock())
    }
}
