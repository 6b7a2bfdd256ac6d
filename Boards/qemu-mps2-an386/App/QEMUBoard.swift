import KinuDevice
import KinuDrivers

/// The device's view of the emulated board. Audio comes from a host file in fixed
/// blocks (as a microphone DMA delivers them), buttons from the script and the UART
/// keyboard, the model in A/B slots on a flash kept in a host file (`HostFileFlash`),
/// the log goes out on UART0.
struct QEMUBoard: Board {
    /// Pads: the script's pad1...pad8 and keys 1...8. The same as kinu-run's default,
    /// so host and firmware logs compare line for line.
    static let pads = 8
    var padCount: Int { Self.pads }

    private let audioHandle: Int32
    private var buttons: ScriptedButtons
    private var keys = UARTKeys()
    private var storage: ABModelStorage<HostFileFlash>?
    private let realtime: Bool
    private var samplesRead = 0
    private var fileEnded = false
    /// The silence still to play after the file (the host's `SampleAudio.file` plays the same).
    private var silenceLeft = QEMUBoard.silenceAfterRecording

    init(audioHandle: Int32, script: [ButtonTransition], flash: HostFileFlash?, realtime: Bool) {
        self.audioHandle = audioHandle
        buttons = ScriptedButtons(script)
        storage = flash.map { ABModelStorage(flash: $0, slotA: HostFileFlash.slots.0, slotB: HostFileFlash.slots.1) }
        self.realtime = realtime
    }

    mutating func readAudio(into block: UnsafeMutableBufferPointer<Int16>) -> Int {
        if realtime {
            // Wait until the emulated clock (25 MHz SysTick) reaches this block's time.
            let due = UInt64(samplesRead) * 25_000_000 / 16_000
            while SysTick.now < due {}
        }
        var count = 0
        if !fileEnded {
            count = Semihosting.read(audioHandle, into: UnsafeMutableRawBufferPointer(block)) / 2   // little-endian Int16
            fileEnded = count < block.count
        }
        // The silence continues the file in the same blocks, so buttons are handled at the
        // same sample times as on the host.
        let silence = min(block.count - count, silenceLeft)
        for i in count ..< count + silence { block[i] = 0 }
        silenceLeft -= silence
        samplesRead += count + silence
        return count + silence
    }

    mutating func nextTransition(dueBy milliseconds: Milliseconds) -> ButtonTransition? {
        buttons.nextTransition(dueBy: milliseconds) ?? keys.nextTransition(dueBy: milliseconds)
    }

    /// Two LEDs: LED0 = a class (armed, learned, heard), LED1 = attention (unsure,
    /// paused), both = "really forget everything?". The log says which class.
    mutating func show(_ leds: LEDState) {
        switch leds {
        case .off: FPGAIO.leds = 0b00
        case .armed, .learned, .heard: FPGAIO.leds = 0b01
        case .unsure, .paused: FPGAIO.leds = 0b10
        case .confirmingForgetAll: FPGAIO.leds = 0b11
        }
    }

    mutating func loadModel(into buffer: UnsafeMutableRawBufferPointer) -> StorageLoadResult {
        switch storage?.load(into: buffer) {
        case .loaded(let count, _): return .loaded(count: count)
        case .empty, nil: return .empty
        }
    }

    mutating func saveModel(_ image: UnsafeRawBufferPointer) -> Bool {
        guard storage != nil else { return true }
        if case .success = storage!.save(image) { return true }
        return false
    }

    mutating func writeLine(_ line: UnsafeRawBufferPointer) {
        for byte in line { UART0.put(byte) }
        UART0.put(0x0A)
    }
}
