import Foundation
import Testing
@testable import KinuCore

@Suite struct BackgroundSubtractionTests {
    /// The definition: 256 log2(max(1 - 2^(-d/256), 2^-5)), Q8 octaves.
    func exact(_ d: Int16) -> Double {
        d <= 0 ? -1280 : 256 * log2(max(1 - pow(2, -Double(d) / 256), 1.0 / 32))
    }

    @Test func correctionFollowsItsDefinition() {
        var previous = Int32.min
        for d in Int16(-600)...4000 {
            let c = BackgroundSubtraction.correction(d)
            // Within 4 units (1/64 octave): the interpolation's error at the knee, where the
            // curve bends from the 5-octave floor, and the correction the table leaves out
            // where it ends.
            #expect(abs(Double(c) - exact(d)) <= 4.1, "d = \(d): \(c) against \(exact(d))")
            #expect(c <= 0 && c >= previous, "d = \(d)")
            previous = c
        }
        #expect(BackgroundSubtraction.correction(-5000) == -1280)
        #expect(BackgroundSubtraction.correction(Int16(BackgroundSubtraction.end)) == 0)
    }

    /// A whistle in steady noise: the bands it does not reach sink by about 5 octaves once
    /// the background is taken out, the bands it fills keep their level.
    @Test func theRoomLeavesTheEventAndTheSoundStays() {
        var g = SignalGenerator(seed: 5)
        var samples = g.whiteNoise(count: 32_000, rms: Signals.dbfs(-40))
        let tone = Signals.toneBurst(frequency: 1_000, amplitude: 0.3, count: 8_000)
        for (i, v) in tone.enumerated() { samples[16_000 + i] += v }
        func event(subtracting: Bool) -> SoundEvent? {
            var config = DetectorConfig()
            config.subtractsBackground = subtracting
            var listener = SoundListener(detector: config)
            var found: SoundEvent?
            Signals.int16(samples).withUnsafeBufferPointer { all in
                listener.listen(all) { e in
                    if found == nil { found = SoundEvent(features: Array(e.features), frameCount: e.frameCount, startFrame: e.startFrame, peaks: Array(e.peaks)) }
                }
            }
            return found
        }
        let raw = event(subtracting: false)!, clean = event(subtracting: true)!
        #expect(raw.frameCount == clean.frameCount && raw.startFrame == clean.startFrame)
        // Mean level of each band over the middle of the whistle.
        func levels(_ e: SoundEvent) -> [Double] {
            (0..<FrontEnd.bandCount).map { b in
                let frames = (e.frameCount / 4)..<(3 * e.frameCount / 4)
                return frames.reduce(0.0) { $0 + Double(e.value(frame: $1, band: b)) } / Double(frames.count) / 256
            }
        }
        let before = levels(raw), after = levels(clean)
        let loudest = before.indices.max { before[$0] < before[$1] }!
        #expect(abs(after[loudest] - before[loudest]) < 0.05, "the whistle's band: \(before[loudest]) -> \(after[loudest])")
        let far = before.indices.filter { abs($0 - loudest) > 8 }
        let sunk = far.filter { before[$0] - after[$0] > 3 }.count
        #expect(sunk >= far.count * 3 / 4, "\(sunk) of \(far.count) bands away from the whistle sank by over 3 octaves")
    }
}
