import KinuDevice

/// The device's view of the emulated board. Audio comes from a host file in fixed
/// blocks (as a microphone DMA delivers them), buttons from the script and the UART
/// keyboard, the model lives in a host file ("flash"), the log goes out on UART0.
struct QEMUBoard: Board {
    /// Pads: the script's pad1...pad8 and keys 1...8. The same as kinu-run's default,
    /// so host and firmware logs compare line for line.
    static let pads = 8
    var padCount: Int { Self.pads }

    private let audioHandle: Int32
    private var buttons: ScriptedButtons
    private var keys = UARTKeys()
    private let modelPath: UnsafePointer<CChar>?
    private let realtime: Bool
    private var samplesRead = 0

    init(audioHandle: Int32, script: [ButtonTransition], modelPath: UnsafePointer<CChar>?, realtime: Bool) {
        self.audioHandle = audioHandle
        buttons = ScriptedButtons(script)
        self.modelPath = modelPath
        self.realtime = realtime
    }

    mutating func readAudio(into block: UnsafeMutableBufferPointer<Int16>) -> Int {
        if realtime {
            // Wait until the emulated clock (25 MHz SysTick) reaches this block's time.
            let due = UInt64(samplesRead) * 25_000_000 / 16_000
            while SysTick.now < due {}
        }
        let bytes = Semihosting.read(audioHandle, into: UnsafeMutableRawBufferPointer(block))
        samplesRead += bytes / 2
        return bytes / 2   // little-endian Int16, like the Cortex-M4
    }

    mutating func nextTransition(dueBy milliseconds: Int) -> ButtonTransition? {
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
        guard let modelPath else { return .empty }
        // No file yet is a new board. (Semihosting cannot tell "missing" from
        // "unreadable"; both start empty.)
        guard let handle = Semihosting.open(modelPath, .readBinary) else { return .empty }
        defer { Semihosting.close(handle) }
        guard let length = Semihosting.length(handle) else { return .failed }
        let wanted = min(length, buffer.count)
        var done = 0
        while done < wanted {
            let n = Semihosting.read(handle, into: UnsafeMutableRawBufferPointer(rebasing: buffer[done ..< wanted]))
            if n == 0 { return .failed }
            done += n
        }
        return .loaded(count: done)
    }

    mutating func saveModel(_ image: UnsafeRawBufferPointer) -> Bool {
        guard let modelPath else { return true }
        return Semihosting.writeFile(modelPath, image)
    }

    mutating func writeLine(_ line: UnsafeRawBufferPointer) {
        for byte in line { UART0.put(byte) }
        UART0.put(0x0A)
    }
}
