// Cost of the core on the emulated Cortex-M4, counted in SysTick ticks (under
// `qemu -icount shift=0` one tick is 40 executed instructions, the same on every run).
//
// Run: run.sh -i bench.elf <audio.raw>   (16 kHz mono Int16, e.g. 10 s of speech)
// Prints one "bench <stage> ..." line per figure; Boards/qemu-mps2-an386/bench-firmware.sh
// turns them into the table and JSON lines of `make bench-firmware`.
//
// Only the core's work is timed: the semihosting reads that stand in for the microphone
// DMA happen outside the measured spans.

import KinuCore

@main
struct BenchApp {
    static let blockSamples = 256            // one DMA half-buffer
    static let keptEvents = 4
    static let classes = 8                   // the model "full": 8 classes x 16 examples

    static func main() {
        UART0.enable()
        SysTick.start()
        Semihosting.withArguments { args in
            guard let audio = args[1] else { fail("usage: bench.elf <audio.raw>") }
            run(audio)
        }
        BoardRuntime.exit(0)
    }

    static func run(_ audio: UnsafePointer<CChar>) {
        var block = [Int16](repeating: 0, count: blockSamples)

        // 1. Front end alone.
        var frontEnd = FrontEnd()
        var frontEndTicks: UInt64 = 0
        var frames = 0
        let samples = stream(audio, &block) { samples in
            frontEndTicks += SysTick.measure {
                var start = 0
                while start < samples.count {
                    let (taken, ready) = frontEnd.consume(samples, from: start)
                    start += taken
                    if ready { frames += 1 }
                }
            }
        }
        report("frontend", ticks: frontEndTicks, samples: samples)

        // 2. Listening: front end + event detector. The events are kept for 3 and 4.
        var listener = SoundListener()
        var events = [[Int16]](repeating: [Int16](repeating: 0, count: DetectorConfig().maxFrames * FrontEnd.bandCount), count: keptEvents)
        var eventFrames = [Int](repeating: 0, count: keptEvents)
        var eventCount = 0
        var listeningTicks: UInt64 = 0
        _ = stream(audio, &block) { samples in
            listeningTicks += SysTick.measure {
                listener.listen(samples) { event in
                    if eventCount < keptEvents {
                        for i in 0..<(event.frameCount * FrontEnd.bandCount) { events[eventCount][i] = event.features[i] }
                        eventFrames[eventCount] = event.frameCount
                    }
                    eventCount += 1
                }
            }
        }
        report("listening", ticks: listeningTicks, samples: samples)
        Console.write("bench events count=")
        Console.write(eventCount)
        Console.newline()
        guard eventCount >= 1 else { fail("the audio gave no sound events") }
        let kept = min(eventCount, keptEvents)

        // 3. Learning: fill 8 classes x 16 examples, one example at a time.
        var learner = SoundLearner()
        var learnTicks: UInt64 = 0, learnWorst: UInt64 = 0
        let learns = classes * ExampleStore.slotsPerClass
        for n in 0..<learns {
            let e = n % kept
            let event = SoundEvent(features: events[e], frameCount: eventFrames[e], startFrame: 0)
            let ticks = SysTick.measure { learner.learn(event, classIndex: n % classes) }
            learnTicks += ticks
            learnWorst = max(learnWorst, ticks)
        }
        reportEach("learn", total: learnTicks, count: learns, worst: learnWorst)

        // 4. Classifying one event against the full model.
        var classifyTicks: UInt64 = 0, classifyWorst: UInt64 = 0
        var checksum = 0
        for e in 0..<kept {
            let event = SoundEvent(features: events[e], frameCount: eventFrames[e], startFrame: 0)
            let ticks = SysTick.measure { checksum &+= learner.classify(event).confidence }
            classifyTicks += ticks
            classifyWorst = max(classifyWorst, ticks)
        }
        reportEach("classify", total: classifyTicks, count: kept, worst: classifyWorst)
        Console.write("bench done checksum=")
        Console.write(checksum)
        Console.newline()
    }

    /// Streams the raw audio file block by block; returns the number of samples.
    static func stream(_ path: UnsafePointer<CChar>, _ block: inout [Int16], _ body: (UnsafeBufferPointer<Int16>) -> Void) -> Int {
        var total = 0
        let delivered = block.withUnsafeMutableBytes { raw in
            Semihosting.forEachBlock(ofFile: path, buffer: raw) { bytes in
                let count = bytes.count / 2
                total += count
                body(UnsafeBufferPointer(start: bytes.baseAddress!.assumingMemoryBound(to: Int16.self), count: count))
                return true
            }
        }
        if delivered == nil { fail("cannot open the audio file") }
        return total
    }

    static func report(_ stage: StaticString, ticks: UInt64, samples: Int) {
        Console.write("bench ")
        Console.write(stage)
        Console.write(" ticks=")
        Console.write(ticks)
        Console.write(" samples=")
        Console.write(samples)
        Console.newline()
    }

    static func reportEach(_ stage: StaticString, total: UInt64, count: Int, worst: UInt64) {
        Console.write("bench ")
        Console.write(stage)
        Console.write(" ticks=")
        Console.write(total)
        Console.write(" count=")
        Console.write(count)
        Console.write(" worst=")
        Console.write(worst)
        Console.newline()
    }

    static func fail(_ message: StaticString) -> Never {
        Console.write("bench: ")
        Console.line(message)
        BoardRuntime.exit(1)
    }
}
