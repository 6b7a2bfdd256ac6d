// Smoke test of the board layer and of the Embedded Swift build of KinuCore: the image
// checks every result itself and exits with status 1 at the first mismatch, 0 when all
// hold (Tests/Firmware/smoke.sh runs it).
//
// Run: run.sh -i smoke.elf <input file> <output file> <input bytes> <input byte sum>

import KinuCore
import KinuDrivers
import KinuDSP

@main
struct SmokeApp {
    static func main() {
        CodeProtection.enable()
        UART0.enable()
        SysTick.start()
        Console.line("kinu smoke: uart")
        HostConsole.line("kinu smoke: semihosting")

        let frames = coreFrames()
        // 0.5 s of audio makes (8000 - window) / hop + 1 windows.
        let window = FrontEndConfig.windowLength, hop = FrontEndConfig.hopLength
        check(frames == (KinuCoreInfo.sampleRate / 2 - window) / hop + 1, "front end frame count")
        let dsp = DSPCheck.run()
        check(kinu_dsp_uses_simd() == 1, "the M4 build uses the DSP-instruction kernels")
        check(dsp.cases > 1000 && dsp.mismatches == 0, "DSP kernels equal their portable bodies")

        Semihosting.withArguments { args in
            // `smoke.elf fault`: a write to code must end the run through the fault handler.
            if let word = args[1], word[0] == 0x66, word[1] == 0x61, word[2] == 0x75 {
                var bus = MMIOBus()
                bus.store(0x100, 0)
                fail("a write to code did not fault")
            }
        }
        let ticks = SysTick.measure {
            Semihosting.withArguments { args in
                guard let input = args[1], let output = args[2], let bytes = args[3], let sum = args[4] else {
                    fail("usage: smoke.elf <input> <output> <input bytes> <input byte sum>")
                }
                checkInput(input, bytes: number(bytes), sum: number(sum))
                checkOutput(output)
            }
        }

        FPGAIO.setLED(0, on: true)
        check(FPGAIO.leds == 1, "LED 0 lit")
        check(BoardRuntime.stackPeakBytes > 0 && BoardRuntime.stackPeakBytes < BoardRuntime.stackSizeBytes,
              "stack within its region")

        // Under `-icount shift=0` this number is the same on every run (smoke.sh compares two).
        Console.write("kinu smoke: ticks=")
        Console.write(ticks)
        Console.newline()
        Console.line("kinu smoke: all checks passed")
    }

    /// The one place that touches KinuCore, so the link pulls real core code in and it
    /// runs on the target: the windows the front end makes from 0.5 s of a 1 kHz square
    /// wave fed in 160-sample blocks.
    static func coreFrames() -> Int {
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
        return frontEnd.frameCount
    }

    /// Streams the host file through a 64-byte block buffer (several semihosting reads
    /// for any non-trivial file) and checks its length and byte sum.
    static func checkInput(_ path: UnsafePointer<CChar>, bytes: Int, sum expected: Int) {
        var sum = 0
        var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        let length = withUnsafeMutableBytes(of: &block) { buffer in
            Semihosting.forEachBlock(ofFile: path, buffer: buffer) { bytes in
                for b in bytes { sum += Int(b) }
                return true
            }
        }
        guard let length else { fail("cannot open the input file") }
        check(length == bytes && sum == expected, "input file read whole (length and byte sum)")
    }

    /// Writes a host file and reads it back.
    static func checkOutput(_ path: UnsafePointer<CChar>) {
        let text: StaticString = "kinu smoke wrote this\n"
        let written = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        check(Semihosting.writeFile(path, written), "output file written")
        var back: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let read = withUnsafeMutableBytes(of: &back) { Semihosting.readFile(path, into: $0) }
        let same = withUnsafeBytes(of: &back) { back in
            read == written.count && (0 ..< written.count).allSatisfy { back[$0] == written[$0] }
        }
        check(same, "output file reads back as written")
    }

    /// A decimal command-line argument (-1 if it is not one).
    static func number(_ text: UnsafePointer<CChar>) -> Int {
        var value = 0, i = 0
        while text[i] != 0 {
            guard text[i] >= 0x30 && text[i] <= 0x39 else { return -1 }
            value = value * 10 + Int(text[i] - 0x30)
            i += 1
        }
        return i > 0 ? value : -1
    }

    static func check(_ condition: Bool, _ what: StaticString) {
        if !condition { fail(what) }
    }

    static func fail(_ message: StaticString) -> Never {
        Console.write("kinu smoke: FAIL ")
        Console.line(message)
        BoardRuntime.exit(1)
    }
}
