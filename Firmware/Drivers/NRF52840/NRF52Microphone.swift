import KinuCortexM
import KinuDrivers

/// The Nano 33 BLE Sense's MP34DT05/06 PDM microphone on the nRF52840 PDM peripheral
/// (PS §6.16): CLK P0.26, DIN P0.25, power P0.17 (Arduino's variant pin table). The
/// decimation to 16 kHz is done in hardware (1.280 MHz clock, ratio 80); EasyDMA writes
/// Int16 samples into two buffers in turn.
///
/// Double buffering (PS §6.16.6), driven from EVENTS_STARTED alone, as nrfx_pdm does:
/// SAMPLE.PTR is latched when a buffer starts, so each STARTED means "the buffer queued
/// last is now being filled" (queue the other one) and, from the second STARTED on, "the
/// buffer before it is full". EVENTS_END is not used: read separately from STARTED, the
/// two can arrive between the reads, and a driver that hands out on END and queues on
/// STARTED then queues the buffer being filled (one block repeated, one lost).
public struct NRF52Microphone {
    public static let clockPin = NRF52.Pin(0, 26)
    public static let dataPin = NRF52.Pin(0, 25)
    public static let powerPin = NRF52.Pin(0, 17)

    /// PDM gain, from the microphone's sensitivity: the MP34DT05/06 gives -26 dBFS at
    /// 94 dB SPL, so its own full scale is 120 dB SPL, and the PDM module adds its default
    /// gain of +3.2 dB (PS §6.16.10, G_PDM,default) before GAINL/GAINR (0.5 dB steps,
    /// §6.16.7). -4 dB maps the microphone's full scale to -0.8 dBFS: the microphone
    /// saturates before the PCM does, so a clap close by (peaks of 110-120 dB SPL) does not
    /// clip here, and a word at 1 m (about 60 dB SPL) comes out near -61 dBFS, about 30 dB
    /// above the microphone's own noise (SNR 64 dB) and 40 dB above 16-bit quantisation.
    public static let gainDecibels = -4
    public static let sensitivityDBFS = -26, sensitivityReferenceSPL = 94
    public static let pdmDefaultGainTenthsDB = 32

    /// PCM level in tenths of dBFS of a sound of `spl` dB SPL at `gainDecibels`.
    public static func levelTenthsDBFS(spl: Int, gainDecibels: Int = gainDecibels) -> Int {
        10 * (sensitivityDBFS + spl - sensitivityReferenceSPL + gainDecibels) + pdmDefaultGainTenthsDB
    }

    public let buffers: (UInt32, UInt32)
    /// The buffer EasyDMA is filling now (0 or 1), nil until the first STARTED.
    public private(set) var filling: Int?

    public init(buffer0: UInt32, buffer1: UInt32) { buffers = (buffer0, buffer1) }

    public mutating func start<Bus: RegisterBus>(_ bus: inout Bus, samplesPerBuffer: Int, gainDecibels: Int = gainDecibels) {
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
        filling = nil
    }

    /// Handles a pending STARTED; returns the buffer (0 or 1) that has just been filled.
    public mutating func poll<Bus: RegisterBus>(_ bus: inout Bus) -> Int? {
        typealias P = NRF52.PDM
        guard bus.read(P.eventsStarted) != 0 else { return nil }
        bus.write(P.eventsStarted, 0)
        let filled = filling
        // The first STARTED latched buffer 0 (set in `start`); each later one latched the
        // buffer queued at the STARTED before it.
        let now = filled.map { 1 - $0 } ?? 0
        filling = now
        bus.write(P.samplePointer, now == 0 ? buffers.1 : buffers.0)
        return filled
    }
}

/// The microphone as a polled block source: owns the two EasyDMA buffers (allocated
/// once) and hands out each one as it is filled.
public struct NRF52PolledMicrophone<Bus: RegisterBus>: PolledMicrophone {
    public var bus: Bus
    private let samples: Int
    private let buffers: UnsafeMutablePointer<Int16>
    private var microphone: NRF52Microphone

    public init(bus: Bus, samplesPerBlock: Int) {
        self.bus = bus
        samples = samplesPerBlock
        buffers = .allocate(capacity: 2 * samples)
        buffers.initialize(repeating: 0, count: 2 * samples)
        microphone = NRF52Microphone(buffer0: UInt32(UInt(bitPattern: buffers)),
                                     buffer1: UInt32(UInt(bitPattern: buffers + samples)))
        microphone.start(&self.bus, samplesPerBuffer: samples)
    }

    public mutating func poll(into block: UnsafeMutableBufferPointer<Int16>) -> Int? {
        guard let filled = microphone.poll(&bus) else { return nil }
        let source = buffers + filled * samples
        let count = min(samples, block.count)
        for i in 0 ..< count { block[i] = source[i] }
        return count
    }
}
