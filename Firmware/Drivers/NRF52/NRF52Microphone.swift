/// The Nano 33 BLE Sense's MP34DT05/06 PDM microphone on the nRF52840 PDM peripheral
/// (PS §6.16): CLK P0.26, DIN P0.25, power P0.17 (Arduino's variant pin table). The
/// decimation to 16 kHz is done in hardware (1.280 MHz clock, ratio 80); EasyDMA writes
/// Int16 samples into two buffers in turn.
///
/// Double buffering (PS §6.16.6): SAMPLE.PTR is latched when a buffer starts
/// (EVENTS_STARTED), so on STARTED the driver points SAMPLE.PTR at the other buffer;
/// EVENTS_END means the current buffer is full.
public struct NRF52Microphone {
    public static let clockPin = NRF52.Pin(0, 26)
    public static let dataPin = NRF52.Pin(0, 25)
    public static let powerPin = NRF52.Pin(0, 17)

    public let buffers: (UInt32, UInt32)
    /// The buffer EasyDMA is filling now (0 or 1).
    public private(set) var filling = 0

    public init(buffer0: UInt32, buffer1: UInt32) { buffers = (buffer0, buffer1) }

    public mutating func start<Bus: RegisterBus>(_ bus: inout Bus, samplesPerBuffer: Int, gainDecibels: Int) {
        typealias P = NRF52.PDM
        Self.powerPin.makeOutput(&bus, high: true)
        Self.clockPin.makeOutput(&bus, high: false)   // PS §6.16.8: CLK as output, idle low
        Self.dataPin.makeInput(&bus, pullUp: false)
        bus.write(P.selectClock, Self.clockPin.select)
        bus.write(P.selectData, Self.dataPin.select)
        bus.write(P.clockControl, P.clock1280kHz)
        bus.write(P.ratio, P.ratio80)
        bus.write(P.mode, P.modeMonoLeftFalling)
        bus.write(P.gainLeft, P.gain(decibels: gainDecibels))
        bus.write(P.gainRight, P.gain(decibels: gainDecibels))
        bus.write(P.samplePointer, buffers.0)
        bus.write(P.sampleCount, UInt32(samplesPerBuffer))   // mono: one Int16 per sample
        bus.write(P.eventsStarted, 0)
        bus.write(P.eventsEnd, 0)
        bus.write(P.enable, 1)
        bus.write(P.tasksStart, 1)
        filling = 0
    }

    /// Handles pending events; returns the buffer (0 or 1) that has just been filled.
    public mutating func poll<Bus: RegisterBus>(_ bus: inout Bus) -> Int? {
        typealias P = NRF52.PDM
        var filled: Int?
        if bus.read(P.eventsEnd) != 0 {
            bus.write(P.eventsEnd, 0)
            filled = filling
            filling = 1 - filling
        }
        if bus.read(P.eventsStarted) != 0 {
            bus.write(P.eventsStarted, 0)
            // The buffer now being filled is latched; queue the other one.
            bus.write(P.samplePointer, filling == 0 ? buffers.1 : buffers.0)
        }
        return filled
    }
}
