import KinuDevice
import KinuDrivers

/// The device's view of the Nano 33 BLE Sense:
/// - audio: the on-board PDM microphone, decimated to 16 kHz by the PDM peripheral,
///   EasyDMA into two buffers of one device block each;
/// - buttons: pads on D2 (P1.11), D3 (P1.12), D4 (P1.15), MODE on D5 (P1.13), each to
///   GND with the internal pull-up; sampled every millisecond, debounced over 20 ms;
/// - LEDs: RGB (active low: red P0.24, green P0.16, blue P0.06) for pads 1-3, orange
///   (P0.13, active high) for status;
/// - model: A/B slots at 0xE_0000 and 0xE_C000 via the NVMC; log: UART, 115200 baud.
struct NanoBoard: Board {
    static let padPins = [NRF52.Pin(1, 11), NRF52.Pin(1, 12), NRF52.Pin(1, 15)]
    static let modePin = NRF52.Pin(1, 13)
    /// Pad LEDs (active low) and the status LED (active high).
    static let padLEDs = [NRF52.Pin(0, 24), NRF52.Pin(0, 16), NRF52.Pin(0, 6)]
    static let statusLED = NRF52.Pin(0, 13)
    static let modeBit: UInt32 = 1 << 31

    var padCount: Int { Self.padPins.count }

    private var bus = MMIOBus()
    private let samples = DeviceTiming.blockSize
    private let dmaBuffers: UnsafeMutablePointer<Int16>
    private var microphone: NRF52Microphone
    private var debouncer = Debouncer(stableSamples: 20)
    private var pending = TransitionQueue()
    private var leds = LEDState.off
    private var lastMillisecond: UInt32 = 0
    private var storage = ABModelStorage(
        flash: NRF52NVMC(bus: MMIOBus()),
        slotA: NRF52NVMC<MMIOBus>.modelSlots.0, slotB: NRF52NVMC<MMIOBus>.modelSlots.1)

    init() {
        for pin in Self.padPins + [Self.modePin] { pin.makeInput(&bus, pullUp: true) }
        for pin in Self.padLEDs { pin.makeOutput(&bus, high: true) }   // off (active low)
        Self.statusLED.makeOutput(&bus, high: false)
        dmaBuffers = .allocate(capacity: 2 * samples)
        dmaBuffers.initialize(repeating: 0, count: 2 * samples)
        microphone = NRF52Microphone(buffer0: Self.address(dmaBuffers), buffer1: Self.address(dmaBuffers + samples))
        microphone.start(&bus, samplesPerBuffer: samples)
    }

    static func address(_ p: UnsafeMutablePointer<Int16>) -> UInt32 { UInt32(UInt(bitPattern: p)) }

    /// Stops for good with the orange LED on (boot failures).
    static func halt() -> Never {
        var bus = MMIOBus()
        statusLED.makeOutput(&bus, high: true)
        while true {}
    }

    // MARK: Audio, with buttons and LEDs serviced while waiting

    mutating func readAudio(into block: UnsafeMutableBufferPointer<Int16>) -> Int {
        while true {
            serviceMillisecond()
            guard let filled = microphone.poll(&bus) else { continue }
            let source = dmaBuffers + filled * samples
            let count = min(samples, block.count)
            for i in 0 ..< count { block[i] = source[i] }
            return count
        }
    }

    private mutating func serviceMillisecond() {
        let now = kinu_milliseconds()
        guard now != lastMillisecond else { return }
        lastMillisecond = now
        var raw: UInt32 = Self.modePin.isHigh(&bus) ? 0 : Self.modeBit
        for (k, pin) in Self.padPins.enumerated() where !pin.isHigh(&bus) { raw |= 1 << UInt32(k) }
        let changed = debouncer.sample(raw)
        pending.record(changed: changed, state: debouncer.state, padCount: Self.padPins.count, modeBit: Self.modeBit)
        drawLEDs(at: now)
    }

    mutating func nextTransition(dueBy milliseconds: Int) -> ButtonTransition? {
        pending.pop(at: milliseconds)
    }

    // MARK: LEDs

    mutating func show(_ leds: LEDState) {
        self.leds = leds
        drawLEDs(at: kinu_milliseconds())
    }

    /// Pads 1-3: red, green, blue; orange: status. Blinking: armed 4 Hz, paused 1 Hz.
    private mutating func drawLEDs(at ms: UInt32) {
        let on = ledBits(for: leds, atMilliseconds: ms)   // bits 0-2: pads, bit 3: status
        for (i, pin) in Self.padLEDs.enumerated() { pin.set(&bus, high: on & (1 << UInt32(i)) == 0) }
        Self.statusLED.set(&bus, high: on & 0b1000 != 0)
    }

    // MARK: Model storage and log

    mutating func loadModel(into buffer: UnsafeMutableRawBufferPointer) -> StorageLoadResult {
        switch storage.load(into: buffer) {
        case .empty: return .empty
        case .loaded(let count, _): return .loaded(count: count)
        }
    }

    /// Blocks for the page erases (12 pages x 85 ms, about 1 s); the PDM keeps running,
    /// the audio of that time is lost.
    mutating func saveModel(_ image: UnsafeRawBufferPointer) -> Bool {
        if case .success = storage.save(image) { return true }
        return false
    }

    mutating func writeLine(_ line: UnsafeRawBufferPointer) {
        for byte in line { NRF52UART.put(&bus, byte) }
        NRF52UART.put(&bus, 0x0D)
        NRF52UART.put(&bus, 0x0A)
    }
}
