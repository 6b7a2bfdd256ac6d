// Cost of the core on the emulated Cortex-M4, counted in SysTick ticks (under
// `qemu -icount shift=0` one tick is 40 executed instructions, the same on every run).
//
// Run: run.sh -i bench.elf <speech.raw> <teach.raw>   (16 kHz mono Int16)
//   speech.raw: what the device hears while listening (words with pauses);
//   teach.raw:  8 words spoken 16 ways, word after word, to fill the model.
// Prints one "bench <stage> ..." line per figure; Boards/qemu-mps2-an386/bench-firmware.sh
// turns them into the table and JSON lines of `make bench-firmware`.
//
// Only the core's work is timed: the semihosting reads that stand in for the microphone
// DMA happen outside the measured spans.

import KinuCore

@main
struct BenchApp {
    static let blockSamples = 256            // one DMA half-buffer
    static let classes = 8                   // the model "full": 8 classes x 16 examples

    static func main() {
        UART0.enable()
        SysTick.start()
        Semihosting.withArguments { args in
            guard let speech = args[1], let teach = args[2] else { fail("usage: bench.elf <speech.raw> <teach.raw>") }
            run(speech: speech, teach: teach)
        }
        BoardRuntime.exit(0)
    }

    static func run(speech: UnsafePointer<CChar>, teach: UnsafePointer<CChar>) {
        var block = [Int16](repeating: 0, count: blockSamples)

        // 1. Front end alone.
        var frontEnd = FrontEnd()
        var frontEndTicks: UInt64 = 0
        let samples = stream(speech, &block) { samples in
            frontEndTicks += SysTick.measure {
                var start = 0
                while start < samples.count {
                    start += frontEnd.consume(samples, from: start).taken
                }
            }
        }
        report("frontend", ticks: frontEndTicks, samples: samples)

        // 2. Learning: every event of the teaching audio becomes an example of the next
        //    class in turn (word k of each round is class k), until 8 x 16 are stored:
        //    128 different sounds, as a person would teach them.
        var learner = SoundLearner()
        var listener = SoundListener()
        let learns = classes * ExampleStore.slotsPerClass
        var learned = 0
        var learnTicks: UInt64 = 0, learnWorst: UInt64 = 0
        _ = stream(teach, &block) { samples in
            listener.listen(samples) { event in
                guard learned < learns else { return }
                let ticks = SysTick.measure { learner.learn(event, classIndex: learned % classes) }
                learnTicks += ticks
                learnWorst = max(learnWorst, ticks)
                learned += 1
            }
        }
        guard learned == learns else { fail("the teaching audio gave fewer than 128 sound events") }
        reportEach("learn", total: learnTicks, count: learns, worst: learnWorst)

        // 3. Listening: front end + event detector on the speech, and each event heard
        //    classified against the full model (timed apart, then taken out of listening).
        listener = SoundListener()
        var listeningTicks: UInt64 = 0
        var classifyTicks: UInt64 = 0, classifyWorst: UInt64 = 0
        var events = 0
        var checksum = 0
        _ = stream(speech, &block) { samples in
            listeningTicks += SysTick.measure {
                listener.listen(samples) { event in
                    let ticks = SysTick.measure { checksum &+= learner.classify(event).confidence }
                    classifyTicks += ticks
                    classifyWorst = max(classifyWorst, ticks)
                    events += 1
                }
            }
        }
        guard events >= 1 else { fail("the speech gave no sound events") }
        report("listening", ticks: listeningTicks - classifyTicks, samples: samples)
        Console.write("bench events count=")
        Console.write(events)
        Console.newline()
        reportEach("classify", total: classifyTicks, count: events, worst: classifyWorst)

        // 3b. An event that holds two sounds: the speech's first two words with 80 ms of
        //     near silence between them (too short to end an event), classified whole and as
        //     its two parts (`EventParts`).
        listener = SoundListener()
        var words: [[Int16]] = []
        _ = stream(speech, &block) { samples in
            listener.listen(samples) { event in
                if words.count < 2 { words.append(Array(event.features[0 ..< min(event.frameCount, 33) * FrontEnd.bandCount])) }
            }
        }
        // (The texture run's first events may not split this way; the script reads the
        // figure from the speech run, where they must.)
        if words.count == 2 {
            var lowest = Int16.max
            for word in words { for value in word { lowest = min(lowest, value) } }
            let silence = [Int16](repeating: max(Int16.min + 1_024, lowest) - 1_024, count: 4 * FrontEnd.bandCount)
            let joinedFeatures = words[0] + silence + words[1]
            // Its spectral peaks: the listener's ring as it stands (real measurements, so the
            // encoder does the peaks' full work).
            let joined = SoundEvent(features: joinedFeatures, frameCount: joinedFeatures.count / FrontEnd.bandCount, startFrame: 0,
                                    peaks: listener.frontEnd.peaks.ring)
            if learner.encodeWithParts(joined).parts.count == 2 {
                let partsTicks = SysTick.measure { checksum &+= learner.classify(joined).confidence }
                reportEach("classify-parts", total: partsTicks, count: 1, worst: partsTicks)
            }
        }

        // 4. Learning into full classes: the teaching audio's first events again, each into
        //    the class after its own, so each replaces that class's oldest example with a
        //    different sound and the examples that had it as their nearest look again.
        listener = SoundListener()
        var replaced = 0
        var replaceTicks: UInt64 = 0, replaceWorst: UInt64 = 0
        _ = stream(teach, &block) { samples in
            listener.listen(samples) { event in
                guard replaced < classes else { return }
                let ticks = SysTick.measure { learner.learn(event, classIndex: (replaced + 1) % classes) }
                replaceTicks += ticks
                replaceWorst = max(replaceWorst, ticks)
                replaced += 1
            }
        }
        reportEach("learn-full", total: replaceTicks, count: replaced, worst: replaceWorst)

        // 5. Forgetting a class, which recomputes every hub distance of the full model.
        let forgetTicks = SysTick.measure { _ = learner.forget(classIndex: 0) }
        reportEach("forget", total: forgetTicks, count: 1, worst: forgetTicks)
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
