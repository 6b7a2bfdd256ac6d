import KinuDevice
import KinuDrivers

/// The buttons and LEDs of a board, with what their levels mean.
public struct BoardWiring<Pin: DigitalPin> {
    public let pads: [Wire<Pin>]
    public let mode: Wire<Pin>
    /// One per pad, in pad order.
    public let padLEDs: [Wire<Pin>]
    /// Unsure, paused, and (with the pads') the forget-everything confirmation.
    public let statusLED: Wire<Pin>

    public init(pads: [Wire<Pin>], mode: Wire<Pin>, padLEDs: [Wire<Pin>], statusLED: Wire<Pin>) {
        precondition(pads.count == padLEDs.count && pads.count <= 30, "one LED per pad, at most 30 pads")
        self.pads = pads; self.mode = mode; self.padLEDs = padLEDs; self.statusLED = statusLED
    }
}

/// The device's view of any board that is polled from one loop: while the device waits
/// for audio, the buttons are sampled and debounced (20 ms) and the LEDs redrawn once per
/// millisecond; the model goes to A/B slots on the board's flash; log lines go out on a
/// serial port ending in CR LF. A board is a description: its wiring and its parts.
public struct PolledBoard<Pin: DigitalPin, Bus: RegisterBus, Microphone: PolledMicrophone, Flash: FlashDevice,
                          Serial: SerialPort, Clock: MillisecondClock>: Board {
    public let wiring: BoardWiring<Pin>
    public var bus: Bus
    public var microphone: Microphone
    public var storage: ABModelStorage<Flash>
    public var serial: Serial
    public var clock: Clock
    private var debouncer = Debouncer(stableSamples: 20)
    private var pending = TransitionQueue()
    private var leds = LEDState.off
    private var lastMillisecond: UInt32?

    /// Bit 31 of a button sample is MODE, bits 0-29 the pads.
    static var modeBit: UInt32 { 1 << 31 }

    public init(wiring: BoardWiring<Pin>, bus: Bus, microphone: Microphone, storage: ABModelStorage<Flash>,
                serial: Serial, clock: Clock) {
        self.wiring = wiring; self.bus = bus; self.microphone = microphone
        self.storage = storage; self.serial = serial; self.clock = clock
    }

    public var padCount: Int { wiring.pads.count }

    // MARK: Audio, with buttons and LEDs serviced while waiting

    public mutating func readAudio(into block: UnsafeMutableBufferPointer<Int16>) -> Int {
        while true {
            serviceMillisecond()
            if let count = microphone.poll(into: block) { return count }
        }
    }

    /// Once per millisecond: sample and debounce the buttons, redraw the LEDs.
    private mutating func serviceMillisecond() {
        let now = clock.milliseconds()
        guard now != lastMillisecond else { return }
        lastMillisecond = now
        var raw: UInt32 = isPressed(wiring.mode) ? Self.modeBit : 0
        for (k, pad) in wiring.pads.enumerated() where isPressed(pad) { raw |= 1 << UInt32(k) }
        let changed = debouncer.sample(raw)
        pending.record(changed: changed, state: debouncer.state, padCount: padCount, modeBit: Self.modeBit)
        drawLEDs(at: now)
    }

    private mutating func isPressed(_ button: Wire<Pin>) -> Bool {
        button.polarity.isOn(level: button.pin.isHigh(&bus))
    }

    public mutating func nextTransition(dueBy milliseconds: Milliseconds) -> ButtonTransition? {
        pending.pop(at: milliseconds)
    }

    // MARK: LEDs

    public mutating func show(_ leds: LEDState) {
        self.leds = leds
        drawLEDs(at: clock.milliseconds())
    }

    private mutating func drawLEDs(at ms: UInt32) {
        let on = ledBits(for: leds, atMilliseconds: ms, padCount: padCount)
        for (i, led) in wiring.padLEDs.enumerated() { led.pin.set(&bus, high: led.polarity.level(on: on & (1 << UInt32(i)) != 0)) }
        let status = wiring.statusLED
        status.pin.set(&bus, high: status.polarity.level(on: on & (1 << UInt32(padCount)) != 0))
    }

    // MARK: Model storage and log

    public mutating func loadModel(into buffer: UnsafeMutableRawBufferPointer) -> StorageLoadResult {
        switch storage.load(into: buffer) {
        case .empty: return .empty
        case .loaded(let count, _): return .loaded(count: count)
        }
    }

    /// Blocks for the flash erase (about 1 s on both chips); the microphone's DMA keeps
    /// running and the audio of that time is lost.
    public mutating func saveModel(_ image: UnsafeRawBufferPointer) -> Bool {
        if case .success = storage.save(image) { return true }
        return false
    }

    public mutating func writeLine(_ line: UnsafeRawBufferPointer) {
        for byte in line { serial.put(byte) }
        serial.put(0x0D)
        serial.put(0x0A)
    }
}

extension BoardWiring: Sendable where Pin: Sendable {}
