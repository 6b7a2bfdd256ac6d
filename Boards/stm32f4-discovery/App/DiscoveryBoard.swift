import KinuDevice
import KinuDrivers

/// The device's view of the STM32F4-Discovery:
/// - audio: MP45DT02 PDM microphone -> I2S2 + DMA double buffer -> `PDMDecimator`;
/// - buttons: pads on PE7, PE8, PE9 (to GND, internal pull-ups), MODE = blue user
///   button PA0 (active high, pulled down on the board); sampled every millisecond
///   while waiting for audio, debounced over 20 ms;
/// - LEDs: green PD12, orange PD13, red PD14 for pads 1-3, blue PD15 for status;
/// - model: A/B slots in flash sectors 10 and 11; log: USART2 at 115200 baud.
struct DiscoveryBoard: Board {
    static let padPins = [STM32F4Pin(.e, 7), STM32F4Pin(.e, 8), STM32F4Pin(.e, 9)]
    static let modePin = STM32F4Pin(.a, 0)
    static let ledPins = [STM32F4Pin(.d, 12), STM32F4Pin(.d, 13), STM32F4Pin(.d, 14), STM32F4Pin(.d, 15)]
    static let modeBit: UInt32 = 1 << 31
    /// Extra decimator gain: +18 dB, since the MP45DT02 gives -26 dBFS at 94 dB SPL.
    static let micGainShift = 3

    var padCount: Int { Self.padPins.count }

    private var bus = MMIOBus()
    private let dmaWords = STM32F4Microphone.words(forSamples: DeviceTiming.blockSize)
    private let dmaBuffers: UnsafeMutablePointer<UInt16>
    private var decimator = PDMDecimator(gainShift: micGainShift)
    private var debouncer = Debouncer(stableSamples: 20)
    private var pending = TransitionQueue()
    private var leds = LEDState.off
    private var lastMillisecond: UInt32 = 0
    private var storage = ABModelStorage(
        flash: STM32F4Flash(bus: MMIOBus()),
        slotA: STM32F4Flash<MMIOBus>.modelSlots.0, slotB: STM32F4Flash<MMIOBus>.modelSlots.1)

    init() {
        for pin in Self.padPins { pin.makeInput(&bus, pull: .up) }
        Self.modePin.makeInput(&bus, pull: .none)
        for pin in Self.ledPins { pin.makeOutput(&bus); pin.set(&bus, high: false) }
        // Two DMA halves on the heap (SRAM, start-up only).
        dmaBuffers = .allocate(capacity: 2 * dmaWords)
        dmaBuffers.initialize(repeating: 0, count: 2 * dmaWords)
        STM32F4Microphone.start(&bus, buffer0: Self.address(dmaBuffers), buffer1: Self.address(dmaBuffers + dmaWords),
                                wordCount: dmaWords)
    }

    static func address(_ p: UnsafeMutablePointer<UInt16>) -> UInt32 { UInt32(UInt(bitPattern: p)) }

    /// Stops for good with the red LED on (boot failures).
    static func halt() -> Never {
        var bus = MMIOBus()
        ledPins[2].makeOutput(&bus)
        ledPins[2].set(&bus, high: true)
        while true {}
    }

    // MARK: Audio, with buttons and LEDs serviced while waiting

    mutating func readAudio(into block: UnsafeMutableBufferPointer<Int16>) -> Int {
        while true {
            serviceMillisecond()
            guard let filled = STM32F4Microphone.takeFilledBuffer(&bus) else { continue }
            let words = UnsafeBufferPointer(start: dmaBuffers + filled.buffer * dmaWords, count: dmaWords)
            return decimator.process(words, into: block)
        }
    }

    /// Once per SysTick millisecond: sample and debounce the buttons, redraw the LEDs.
    private mutating func serviceMillisecond() {
        let now = kinu_milliseconds()
        guard now != lastMillisecond else { return }
        lastMillisecond = now
        var raw: UInt32 = Self.modePin.isHigh(&bus) ? Self.modeBit : 0
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

    /// Pads 1-3: green, orange, red; blue: status. Blinking: armed 4 Hz, paused 1 Hz.
    private mutating func drawLEDs(at ms: UInt32) {
        let on = ledBits(for: leds, atMilliseconds: ms)   // bits 0-2: pads, bit 3: status
        for (i, pin) in Self.ledPins.enumerated() { pin.set(&bus, high: on & (1 << UInt32(i)) != 0) }
    }

    // MARK: Model storage and log

    mutating func loadModel(into buffer: UnsafeMutableRawBufferPointer) -> StorageLoadResult {
        switch storage.load(into: buffer) {
        case .empty: return .empty
        case .loaded(let count, _): return .loaded(count: count)
        }
    }

    /// Blocks for the sector erase (about 1-2 s for 128 KB, RM0090 / datasheet t_ERASE128KB);
    /// the CPU stalls on flash reads meanwhile and the audio of that time is lost.
    mutating func saveModel(_ image: UnsafeRawBufferPointer) -> Bool {
        if case .success = storage.save(image) { return true }
        return false
    }

    mutating func writeLine(_ line: UnsafeRawBufferPointer) {
        for byte in line { STM32F4USART2.put(&bus, byte) }
        STM32F4USART2.put(&bus, 0x0D)
        STM32F4USART2.put(&bus, 0x0A)
    }
}
