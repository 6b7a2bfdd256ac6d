// Smoke test of the board layer and of the Embedded Swift build of KinuCore.
//
// Run: qemu ... -kernel smoke.elf -append "<input file> <output file>"
// It prints over UART0 and over semihosting, calls into KinuCore, streams the input
// file from the host, writes the output file, lights LED 0 and exits with status 0.
// `make test-firmware-smoke` checks each line (Boards/firmware.mk).

import KinuCore

@main
struct SmokeApp {
    static func main() {
        UART0.enable()
        SysTick.start()
        Console.line("kinu smoke: uart ok")
        HostConsole.line("kinu smoke: semihosting ok")

        Console.write("kinu smoke: core ")
        probeCore()
        Console.newline()

        let ticks = SysTick.measure {
            Semihosting.withArguments { args in
                guard let input = args[1], let output = args[2] else {
                    fail("usage: -append \"<input file> <output file>\"")
                }
                readInput(input)
                writeOutput(output)
            }
        }

        FPGAIO.setLED(0, on: true)
        Console.write("kinu smoke: leds=")
        Console.write(FPGAIO.leds)
        Console.newline()

        // Under `-icount shift=0` this number is the same on every run (the test checks).
        Console.write("kinu smoke: ticks=")
        Console.write(ticks)
        Console.newline()
        Console.write("kinu smoke: heap allocs=")
        Console.write(BoardRuntime.heapAllocations)
        Console.write(" peak=")
        Console.write(BoardRuntime.heapPeakBytes)
        Console.write(" stack peak=")
        Console.write(BoardRuntime.stackPeakBytes)
        Console.write("/")
        Console.write(BoardRuntime.stackSizeBytes)
        Console.newline()
        Console.line("kinu smoke: done")
    }

    /// The one place that touches KinuCore, so the link pulls real core code in and it
    /// runs on the target. Update it as the core's public API changes; it must print
    /// exactly one `name=number`. Now: frames the front end makes from 0.5 s of a 1 kHz
    /// square wave fed in 160-sample blocks.
    static func probeCore() {
        var frontEnd = FrontEnd()
        var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                    UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                    UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                    UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                    UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
             0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)   // 160 x Int16
        withUnsafeMutableBytes(of: &block) { raw in
            let samples = raw.bindMemory(to: Int16.self)
            for i in samples.indices { samples[i] = (i / 8) % 2 == 0 ? 8000 : -8000 }
            let input = UnsafeBufferPointer(samples)
            for _ in 0..<(KinuCoreInfo.sampleRate / 2 / input.count) {
                var start = 0
                while start < input.count { start += frontEnd.consume(input, from: start).taken }
            }
        }
        Console.write("frontEndFrames=")
        Console.write(frontEnd.frameCount)
    }

    /// Streams the host file through a 64-byte block buffer (several semihosting reads
    /// for any non-trivial file) and prints its length and byte sum.
    static func readInput(_ path: UnsafePointer<CChar>) {
        var sum = 0
        var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        let length = withUnsafeMutableBytes(of: &block) { buffer in
            Semihosting.forEachBlock(ofFile: path, buffer: buffer) { bytes in
                for b in bytes { sum += Int(b) }
                return true
            }
        }
        guard let length else { fail("cannot open input file") }
        Console.write("kinu smoke: file bytes=")
        Console.write(length)
        Console.write(" sum=")
        Console.write(sum)
        Console.newline()
    }

    static func writeOutput(_ path: UnsafePointer<CChar>) {
        let text: StaticString = "kinu smoke wrote this\n"
        let ok = Semihosting.writeFile(path, UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        if !ok { fail("cannot write output file") }
        Console.line("kinu smoke: wrote file")
    }

    static func fail(_ message: StaticString) -> Never {
        Console.write("kinu smoke: FAIL ")
        Console.line(message)
        BoardRuntime.exit(1)
    }
}
