import KinuBoard
import KinuDevice
import KinuDrivers
import Testing

/// The shared board against fake parts: pins are bits of one fake register, time moves
/// one millisecond per look at the clock, the microphone completes a block every 16 ms.
@Suite struct PolledBoardTests {
    struct Pins: RegisterBus {
        var levels: UInt32 = 0
        mutating func load(_ address: UInt32) -> UInt32 { levels }
        mutating func store(_ address: UInt32, _ value: UInt32) { levels = value }
    }

    struct Pin: DigitalPin, Sendable {
        let bit: UInt32
        init(_ n: UInt32) { bit = 1 << n }
        func set<Bus: RegisterBus>(_ bus: inout Bus, high: Bool) {
            let levels = bus.load(0)
            bus.store(0, high ? levels | bit : levels & ~bit)
        }
        func isHigh<Bus: RegisterBus>(_ bus: inout Bus) -> Bool { bus.load(0) & bit != 0 }
    }

    struct Microphone: PolledMicrophone {
        var polls = 0
        mutating func poll(into block: UnsafeMutableBufferPointer<Int16>) -> Int? {
            polls += 1
            guard polls % 16 == 0 else { return nil }
            for i in block.indices { block[i] = Int16(polls) }
            return block.count
        }
    }

    struct Clock: MillisecondClock {
        var now: UInt32 = 0
        mutating func milliseconds() -> UInt32 { now += 1; return now }
    }

    struct Serial: SerialPort {
        var bytes: [UInt8] = []
        mutating func put(_ byte: UInt8) { bytes.append(byte) }
    }

    struct RAMFlash: FlashDevice {
        var words = [UInt32](repeating: 0xFFFF_FFFF, count: 2048)
        mutating func erase(_ region: FlashRegion) -> Bool {
            for a in stride(from: region.base, to: region.base + region.size, by: 4) { words[Int(a / 4)] = 0xFFFF_FFFF }
            return true
        }
        mutating func program(_ word: UInt32, at address: UInt32) -> Bool {
            words[Int(address / 4)] &= word
            return true
        }
        mutating func read(at address: UInt32) -> UInt32 { words[Int(address / 4)] }
    }

    // Pads on bits 0-2 (to GND: active low), MODE on bit 3 (active high); pad LEDs on bits
    // 8-10 (active low), status LED on bit 11 (active high).
    static let wiring = BoardWiring(
        pads: [Wire(Pin(0), .activeLow), Wire(Pin(1), .activeLow), Wire(Pin(2), .activeLow)],
        mode: Wire(Pin(3), .activeHigh),
        padLEDs: [Wire(Pin(8), .activeLow), Wire(Pin(9), .activeLow), Wire(Pin(10), .activeLow)],
        statusLED: Wire(Pin(11), .activeHigh))

    static func board(levels: UInt32 = 0b111) -> PolledBoard<Pin, Pins, Microphone, RAMFlash, Serial, Clock> {
        PolledBoard(wiring: wiring, bus: Pins(levels: levels), microphone: Microphone(),
                    storage: ABModelStorage(flash: RAMFlash(), slotA: FlashRegion(base: 0, size: 4096),
                                            slotB: FlashRegion(base: 4096, size: 4096)),
                    serial: Serial(), clock: Clock())
    }

    /// Reads `blocks` audio blocks (16 ms each on this microphone).
    static func listen(_ board: inout PolledBoard<Pin, Pins, Microphone, RAMFlash, Serial, Clock>, blocks: Int) {
        var block = [Int16](repeating: 0, count: 256)
        for _ in 0 ..< blocks { _ = block.withUnsafeMutableBufferPointer { board.readAudio(into: $0) } }
    }

    @Test func audioComesFromTheMicrophone() {
        var board = Self.board()
        var block = [Int16](repeating: 0, count: 256)
        let count = block.withUnsafeMutableBufferPointer { board.readAudio(into: $0) }
        #expect(count == 256 && block[0] == 16)
    }

    @Test func buttonsAreDebouncedWithTheirPolarity() {
        var board = Self.board()
        Self.listen(&board, blocks: 2)
        #expect(board.nextTransition(dueBy: 0) == nil, "released: pads high, MODE low")
        board.bus.levels &= ~0b010   // pad 2 pressed (to GND)
        board.bus.levels |= 0b1000   // MODE pressed (high)
        Self.listen(&board, blocks: 1)   // 16 ms: not yet stable for 20 ms
        #expect(board.nextTransition(dueBy: 16) == nil)
        Self.listen(&board, blocks: 1)
        let first = board.nextTransition(dueBy: 32), second = board.nextTransition(dueBy: 32)
        #expect(first == ButtonTransition(milliseconds: 32, button: .mode, isDown: true))
        #expect(second == ButtonTransition(milliseconds: 32, button: .pad(1), isDown: true))
        #expect(board.nextTransition(dueBy: 32) == nil)
        // A bounce shorter than 20 ms is ignored.
        board.bus.levels |= 0b010
        Self.listen(&board, blocks: 1)
        board.bus.levels &= ~0b010
        Self.listen(&board, blocks: 2)
        #expect(board.nextTransition(dueBy: 64) == nil)
    }

    @Test func ledsAreDrawnWithTheirPolarity() {
        var board = Self.board()
        board.show(.learned(pad: 1))
        // Pad 2's LED on = its pin low; the others off = high; status off = low.
        #expect(board.bus.levels >> 8 & 0b1111 == 0b0101)
        board.show(.unsure)
        #expect(board.bus.levels >> 8 & 0b1111 == 0b1111)
        board.show(.off)
        #expect(board.bus.levels >> 8 & 0b1111 == 0b0111)
    }

    @Test func armedPadBlinksAt4HzWhileListening() {
        var board = Self.board()
        board.show(.armed(pad: 0))
        var onMilliseconds = 0, changes = 0, last = true
        var block = [Int16](repeating: 0, count: 256)
        for _ in 0 ..< 1000 {   // one poll = one millisecond
            _ = block.withUnsafeMutableBufferPointer { board.microphone.poll(into: $0) }
            board.show(.armed(pad: 0))
            let on = board.bus.levels & (1 << 8) == 0
            onMilliseconds += on ? 1 : 0
            if on != last { changes += 1; last = on }
        }
        #expect(changes == 7 || changes == 8, "4 Hz: 8 edges a second")
        #expect(abs(onMilliseconds - 500) <= 130)
    }

    @Test func logLinesEndInCRLFAndTheModelRoundTrips() {
        var board = Self.board()
        Array("hello".utf8).withUnsafeBytes { board.writeLine($0) }
        #expect(board.serial.bytes == Array("hello\r\n".utf8))
        let image = (0 ..< 777).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        #expect(image.withUnsafeBytes { board.saveModel($0) })
        var back = [UInt8](repeating: 0, count: 1000)
        #expect(back.withUnsafeMutableBytes { board.loadModel(into: $0) } == .loaded(count: 777))
        #expect(Array(back[..<777]) == image)
    }
}
