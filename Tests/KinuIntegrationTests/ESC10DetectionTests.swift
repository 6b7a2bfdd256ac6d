import Foundation
import Testing
import KinuCore

/// The detector on real environmental recordings (esc10-dev): a bark in digital silence,
/// a crow there from the first sample, textures, click trains.
@Suite(.enabled(if: TestData.hasESC10, "needs ../shared/data/esc10-dev (absent in a fresh clone)"))
struct ESC10DetectionTests {
    struct Event { let start: Int, end: Int, frames: Int }

    func events(_ samples: [Int16]) -> [Event] {
        var listener = SoundListener()
        var found: [Event] = []
        samples.withUnsafeBufferPointer { all in
            listener.listen(all) { found.append(Event(start: Int($0.startMilliseconds), end: Int($0.endMilliseconds), frames: $0.frameCount)) }
        }
        return found
    }

    func clip(_ label: String, _ name: String) throws -> [Int16] {
        try TestData.esc10Clips(label).first { $0.name == name }!.samples
    }

    @Test func aBarkInDigitalSilenceIsOneEventWhereItIs() throws {
        // One bark at about 2.2-2.6 s, exact zeros everywhere else.
        let found = events(try clip("dog-bark", "1-100032-A.wav"))
        try #require(found.count == 1, "\(found)")
        #expect((2_000...2_400).contains(found[0].start), "start \(found[0].start) ms")
        #expect((2_450...2_900).contains(found[0].end), "end \(found[0].end) ms")
    }

    @Test func digitalSilenceBetweenSoundsLeavesTheDetectorWorking() throws {
        // The bark twice, with 3 s of exact zeros before, between and after: both found.
        let bark = Array(try clip("dog-bark", "1-100032-A.wav")[33_600 ..< 44_800])
        let zeros = [Int16](repeating: 0, count: 48_000)
        let found = events(zeros + bark + zeros + bark + zeros)
        #expect(found.count == 2, "\(found)")
    }

    @Test func aSoundThereFromTheStartIsHeardNotLearnedAsTheRoom() throws {
        // The crow starts at the first sample and lasts about 1.4 s.
        let found = events(try clip("rooster", "1-26806-A.wav"))
        try #require(!found.isEmpty)
        #expect(found[0].start <= 200, "first event at \(found[0].start) ms")
    }

    @Test func texturesGiveOneEventFromTheirOnsetToTheMaximumLength() throws {
        let maximum = DetectorConfig().maxFrames
        var failures: [String] = []
        var clips = 0
        for label in ["rain", "sea-waves", "helicopter", "chainsaw"] {
            for (name, samples) in try TestData.esc10Clips(label) {
                // After 1 s of a quiet room; the recordings start with sound.
                let lead = 16_000
                let stream = place(samples, in: roomNoise(lead + samples.count + 8_000, seed: UInt64(clips + 1)), at: lead)
                clips += 1
                guard let first = events(stream).first else { failures.append("\(label)/\(name): no event"); continue }
                if !(900...1_060).contains(first.start) || first.frames != maximum {
                    failures.append("\(label)/\(name): \(first.start) ms, \(first.frames) frames")
                }
            }
        }
        // Measured: 2 of 96 clips miss (they start quieter than they go on).
        #expect(failures.count <= 5, "\(failures.count) of \(clips): \(failures)")
    }

    @Test func clickTrainsGiveATrainNotABlip() throws {
        var short: [String] = []
        var clips = 0
        for label in ["clock-tick", "fire-crackling"] {
            for (name, samples) in try TestData.esc10Clips(label) {
                let lead = 16_000
                let stream = place(samples, in: roomNoise(lead + samples.count + 8_000, seed: UInt64(clips + 1)), at: lead)
                clips += 1
                let found = events(stream)
                if (found.first?.frames ?? 0) < 50 { short.append("\(label)/\(name): \(found.first.map { "\($0.frames) frames" } ?? "none")") }
            }
        }
        // Measured: 5 of 48 (single ticks more than 0.2 s apart stay single events).
        #expect(short.count <= clips / 5, "\(short.count) of \(clips) first events under 1 s: \(short)")
    }
}
