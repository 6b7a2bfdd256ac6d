import Foundation
import KinuCore
import KinuEval

/// `kinu-bench cost`: host time of the core's stages (release build) and its memory.
enum CostBench {
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Ten seconds of speech-like sound with pauses (a fixed seed: the same every run).
    static func testAudio(seconds: Int = 10) -> [Int16] {
        var random = SeededRandom(seed: 42)
        var out: [Int16] = []
        for second in 0..<seconds {
            let f0 = 100 + Double(second % 5) * 30
            for n in 0..<16_000 {
                let t = Double(n) / 16_000
                let voiced = n < 9_000 ? 0.3 * sin(2 * .pi * f0 * t) + 0.1 * sin(2 * .pi * 3 * f0 * t) : 0
                out.append(Int16(max(-32768, min(32767, (voiced + 0.001 * random.gaussian()) * 32768))))
            }
        }
        return out
    }

    static func run() {
        let audio = testAudio()
        let audioSeconds = Double(audio.count) / 16_000
        Report.heading("Host cost (release build, one core)")

        // Front end alone.
        var repeats = 0
        var start = now()
        var frontEnd = FrontEnd()
        var checksum = 0
        repeat {
            audio.withUnsafeBufferPointer { samples in
                var i = 0
                while i < samples.count {
                    let (taken, ready) = frontEnd.consume(samples, from: i)
                    i += taken
                    if ready { checksum &+= Int(frontEnd.features[0]) }
                }
            }
            repeats += 1
        } while now() - start < 1.0
        let frontEndMicros = (now() - start) / (Double(repeats) * audioSeconds) * 1e6
        report(stage: "frontend", value: frontEndMicros, unit: "us per second of audio")

        // Listening: front end + detector, what runs all the time.
        var events: [SoundEvent] = []
        repeats = 0
        start = now()
        repeat {
            var listener = SoundListener()
            audio.withUnsafeBufferPointer { samples in
                listener.listen(samples) { event in
                    if repeats == 0 {
                        events.append(SoundEvent(features: Array(event.features), frameCount: event.frameCount, startFrame: event.startFrame, peaks: Array(event.peaks)))
                    }
                }
            }
            repeats += 1
        } while now() - start < 1.0
        let listenMicros = (now() - start) / (Double(repeats) * audioSeconds) * 1e6
        report(stage: "listening", value: listenMicros, unit: "us per second of audio")
        guard !events.isEmpty else { Report.fail("the cost benchmark's audio produced no events") }

        // Learning one example: encode + store, until the model is full (8 x 16 as the
        // device targets; more classes only cost proportionally more).
        var learner = SoundLearner()
        let classes = 8
        start = now()
        for i in 0..<(classes * ExampleStore.slotsPerClass) {
            learner.learn(events[i % events.count], classIndex: i % classes)
        }
        let learnMicros = (now() - start) / Double(classes * ExampleStore.slotsPerClass) * 1e6
        report(stage: "learn", value: learnMicros, unit: "us per example")

        repeats = 0
        start = now()
        repeat {
            checksum &+= learner.classify(events[repeats % events.count]).confidence
            repeats += 1
        } while now() - start < 1.0
        let classifyMicros = (now() - start) / Double(repeats) * 1e6
        report(stage: "classify", value: classifyMicros, unit: "us per event, model full (8 x 16)")

        Report.heading("Memory")
        let perExample = Template.byteCount + 4
        Report.row("template: \(Template.byteCount) bytes + 4 bytes of bookkeeping = \(perExample) bytes per example")
        Report.row("model: \(ExampleStore.classCount) classes x \(ExampleStore.slotsPerClass) examples, image \(ModelImage.byteCount) bytes")
        Report.json(["bench": "memory", "bytes_per_example": perExample, "model_image_bytes": ModelImage.byteCount,
                     "classes": ExampleStore.classCount, "examples_per_class": ExampleStore.slotsPerClass])
        if checksum == Int.min { print("") }   // keeps the work from being optimised away
    }

    static func report(stage: String, value: Double, unit: String) {
        Report.row(String(format: "%-10@ %9.1f %@", stage, value, unit))
        Report.json(["bench": "host-cost", "stage": stage, "microseconds": value, "unit": unit])
    }
}
