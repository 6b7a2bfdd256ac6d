import Foundation
import Testing
import KinuCore
import KinuEval
import KinuHostKit

/// Words taught in a quiet room and heard in real rain (esc10-dev's recordings) at 10 dB
/// below the word's active power, mixed as `kinu-sim eval --noise` mixes them: taking the
/// room out of each event is what keeps them recognisable.
@Suite(.enabled(if: TestData.hasFSDD && TestData.hasESC10, "needs ../shared/data/fsdd and esc10-dev (absent in a fresh clone)"))
struct RealNoiseTests {
    /// A clip as the device hears it: its stream's feature frames (computed once, so the
    /// two detectors compared share them) and where the recording lies, in frames.
    struct Heard { let digit: Int; let frames: [[Int16]]; let recording: Range<Int> }

    func hear(_ speaker: String, digit: Int, take: Int, rain: RecordedNoise?) throws -> Heard {
        let samples = try TestData.fsddClip("\(digit)_\(speaker)_\(take).wav").map { Double($0) / 32768 }
        let stream = ClipPreparation.stream(samples, seed: UInt64(digit * 100 + take), noise: rain.map { (.recorded($0), 10) })
        var frontEnd = FrontEnd()
        var frames: [[Int16]] = []
        stream.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                let (taken, ready) = frontEnd.consume(all, from: start)
                start += taken
                if ready { frames.append(Array(frontEnd.features)) }
            }
        }
        let lead = Int(ClipPreparation.leadSeconds * 16_000) / 320
        return Heard(digit: digit, frames: frames, recording: lead ..< lead + samples.count / 320)
    }

    /// The template of the event on the recording (as the evaluation picks it).
    func template(_ heard: Heard, config: DetectorConfig, learner: inout SoundLearner) -> [Int8]? {
        var detector = EventDetector(config: config)
        var best: (overlap: Int, template: [Int8])? = nil
        for frame in heard.frames where detector.push(frame) {
            let start = detector.eventStartFrame, end = start + detector.eventFrameCount
            let overlap = min(end, heard.recording.upperBound) - max(start, heard.recording.lowerBound)
            if overlap > (best?.overlap ?? 0) {
                let event = SoundEvent(features: detector.eventFeatures, frameCount: detector.eventFrameCount, startFrame: start)
                best = (overlap, learner.encode(event))
            }
        }
        return best?.template
    }

    @Test func wordsTaughtInQuietAreKnownInRain() throws {
        let rain = try RecordedNoise(directory: TestData.esc10.appendingPathComponent("rain"))
        var plain = DetectorConfig()
        plain.subtractsBackground = false
        var right = [0, 0], tested = 0
        // Two speakers: takes 0-4 of every digit taught clean, takes 5-12 heard in rain.
        for speaker in ["jackson", "nicolas"] {
            let taught = try (0..<5).flatMap { take in try (0...9).map { try hear(speaker, digit: $0, take: take, rain: nil) } }
            let heard = try (5..<13).flatMap { take in try (0...9).map { try hear(speaker, digit: $0, take: take, rain: rain) } }
            for (n, config) in [DetectorConfig(), plain].enumerated() {
                var learner = SoundLearner()
                for clip in taught { if let t = template(clip, config: config, learner: &learner) { learner.learn(template: t, classIndex: clip.digit) } }
                for clip in heard {
                    if let t = template(clip, config: config, learner: &learner), learner.classify(template: t).nearestClass == clip.digit {
                        right[n] += 1
                    }
                }
            }
            tested += heard.count
        }
        let a = Double(right[0]) / Double(tested), b = Double(right[1]) / Double(tested)
        print(String(format: "rain at 10 dB: %.1f %% right (%.1f %% without taking the background out), %d words", 100 * a, 100 * b, tested))
        #expect(tested == 160)
        #expect(a >= 0.75)
        #expect(a >= b + 0.05)
    }
}
