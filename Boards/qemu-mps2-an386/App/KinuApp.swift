// The Kinu device on QEMU's MPS2 AN386: the same KinuDevice logic as every board, with
// audio, the button script and the model flash as host files (semihosting), interactive keys
// and the JSON log on UART0, and the two user LEDs.
//
// Run: run.sh kinu.elf <audio.raw> <events.txt|-> <model.bin|-> [stats] [realtime] [clock=MS]
//   audio.raw   16 kHz mono Int16 little-endian (`kinu-run --to-raw` makes it from a WAV)
//   events.txt  button script, or - for none
//   model.bin   the model flash (two A/B slots, 128 KB; created erased if missing), or -
//               for none; restored at boot, the newer slot rewritten on each change
//   stats       print "# kinu stats: ..." (heap allocations after start-up, stack) at the end
//   realtime    pace the audio at 16 kHz of emulated time, for typing keys (see UARTKeys)
//   clock=MS    start the audio clock at MS milliseconds, as `kinu-run --clock-start`
// Exits with status 0 when the audio ends, 1 on a usage or input error.

import KinuCore
import KinuDevice

@main
struct KinuApp {
    static func main() {
        CodeProtection.enable()
        UART0.enable()
        SysTick.start()
        Semihosting.withArguments { args in
            guard let audioPath = args[1], let eventsPath = args[2], let modelPath = args[3] else {
                fail("usage: kinu.elf <audio.raw> <events.txt|-> <model.bin|-> [stats] [realtime] [clock=MS]")
            }
            var options = Options()
            var i = 4
            while let word = args[i] {
                if equals(word, "stats") { options.stats = true }
                else if equals(word, "realtime") { options.realtime = true }
                else if let ms = clockValue(word) { options.clockStart = ms }
                else { fail("unknown option (expected stats, realtime or clock=MS with at most 12 digits)") }
                i += 1
            }
            run(audio: audioPath, events: isDash(eventsPath) ? nil : eventsPath,
                model: isDash(modelPath) ? nil : modelPath, options: options)
        }
        BoardRuntime.exit(0)
    }

    struct Options {
        var stats = false
        var realtime = false
        var clockStart: Milliseconds = 0
    }

    static func run(audio: UnsafePointer<CChar>, events: UnsafePointer<CChar>?, model: UnsafePointer<CChar>?, options: Options) {
        guard let audioHandle = Semihosting.open(audio, .readBinary) else { fail("cannot open the audio file") }
        let script = events.map { loadScript($0) } ?? []
        let board = QEMUBoard(audioHandle: audioHandle, script: script, flash: model.map(openFlash), realtime: options.realtime)
        var device = Device(board: board, clockStart: options.clockStart)
        device.start()

        // Steady state from here: listening, learning, classifying, saving must not
        // allocate (`make test-firmware` requires heap_allocs_after_start=0).
        let allocationsAtStart = BoardRuntime.heapAllocations
        while device.step() {}
        device.stop()
        let allocationsAfterStart = BoardRuntime.heapAllocations - allocationsAtStart
        Semihosting.close(audioHandle)

        if options.stats {
            Console.write("# kinu stats: heap_allocs_after_start=")
            Console.write(allocationsAfterStart)
            Console.write(" heap_peak=")
            Console.write(BoardRuntime.heapPeakBytes)
            Console.write(" stack_peak=")
            Console.write(BoardRuntime.stackPeakBytes)
            Console.write("/")
            Console.write(BoardRuntime.stackSizeBytes)
            Console.newline()
        }
    }

    static func openFlash(_ path: UnsafePointer<CChar>) -> HostFileFlash {
        switch HostFileFlash.open(path) {
        case .success(let flash):
            return flash
        case .failure(.cannotOpen):
            fail("cannot open or create the model flash file")
        case .failure(.notAFlashImage(let length)):
            Console.write("kinu: the model file is not this board's flash image (")
            Console.write(length)
            Console.write(" bytes; a new one is ")
            Console.write(Int(HostFileFlash.size))
            Console.line(" bytes): left as it is; give another path, or - for none")
            BoardRuntime.exit(1)
        }
    }

    /// Reads and parses the button script (start-up: allocating is fine here).
    static func loadScript(_ path: UnsafePointer<CChar>) -> [ButtonTransition] {
        guard let handle = Semihosting.open(path, .readBinary), let length = Semihosting.length(handle) else {
            fail("cannot open the button script")
        }
        Semihosting.close(handle)
        // Refused before it is read: the file and the device share the heap.
        guard length <= ButtonScript.maximumBytes else {
            Console.write("kinu: button script: ")
            Console.line(ButtonScript.ParseError.Reason.tooLong.message)
            BoardRuntime.exit(1)
        }
        var text = [UInt8](repeating: 0, count: length)
        let read = text.withUnsafeMutableBytes { Semihosting.readFile(path, into: $0) }
        guard read == length else { fail("cannot read the button script") }
        let parsed = text.withUnsafeBytes { raw in
            Result { () throws(ButtonScript.ParseError) in try ButtonScript.parse(raw, padCount: QEMUBoard.pads) }
        }
        switch parsed {
        case .success(let transitions):
            return transitions
        case .failure(let error):
            Console.write("kinu: button script line ")
            Console.write(error.line)
            Console.write(": ")
            Console.line(error.reason.message)
            BoardRuntime.exit(1)
        }
    }

    static func isDash(_ word: UnsafePointer<CChar>) -> Bool { equals(word, "-") }

    /// The MS of `clock=MS` (1 to 12 digits, as a button script's times), or nil.
    static func clockValue(_ word: UnsafePointer<CChar>) -> Milliseconds? {
        let prefix: StaticString = "clock="
        let start = prefix.utf8CodeUnitCount
        let matches = prefix.withUTF8Buffer { utf8 in (0 ..< start).allSatisfy { UInt8(bitPattern: word[$0]) == utf8[$0] } }
        guard matches else { return nil }
        var end = start
        while word[end] != 0 { end += 1 }
        return ButtonScript.parseNumber(UnsafeRawBufferPointer(start: word + start, count: end - start), digits: 12)
    }

    static func equals(_ word: UnsafePointer<CChar>, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { utf8 in
            for i in 0 ..< utf8.count where UInt8(bitPattern: word[i]) != utf8[i] { return false }
            return word[utf8.count] == 0
        }
    }

    static func fail(_ message: StaticString) -> Never {
        Console.write("kinu: ")
        Console.line(message)
        BoardRuntime.exit(1)
    }
}
