import Foundation
import Testing
@testable import KinuCore
import KinuReference

/// The loudness's rhythm (`LoudnessRhythm`): which octave of modulation frequency holds a
/// loudness's rise and fall, in integers, against its float definition
/// (`FloatTemplates.rhythm`).
@Suite struct LoudnessRhythmTests {
    /// The device's bytes for a loudness given in Q8 octaves.
    func rhythm(_ loudness: [Int16]) -> [Int] {
        var scratch = [Int32](repeating: 0, count: LoudnessRhythm.scratchWords)
        var out = [Int8](repeating: -1, count: LoudnessRhythm.octaves)
        loudness.withUnsafeBufferPointer { e in
            scratch.withUnsafeMutableBufferPointer { s in
                out.withUnsafeMutableBufferPointer { o in
                    LoudnessRhythm.write(loudness: e.baseAddress!, count: e.count, scratch: s.baseAddress!, into: o.baseAddress!)
                }
            }
        }
        return out.map { Int(UInt8(bitPattern: $0)) }
    }

    func float(_ loudness: [Int16]) -> [Double] { FloatTemplates.rhythm(loudness.map { Double($0) / 256 }) }

    /// A loudness swelling at `hertz` (frames at 50 per second), `depth` Q8 either side of
    /// -8 octaves, with a little seeded unevenness (3 % of the depth) so no octave is
    /// exactly empty.
    func swell(hertz: Double, frames: Int = 75, depth: Double = 300, seed: UInt64 = 1) -> [Int16] {
        var g = SignalGenerator(seed: seed)
        return (0..<frames).map { t in
            Int16((-2_048 + depth * (sin(2 * Double.pi * hertz * Double(t) / 50) + 0.03 * g.uniform())).rounded())
        }
    }

    /// A swell in the middle of each octave puts most of its energy there: that octave's
    /// byte is the smallest, under 8 (more than half the total), every other is larger; the
    /// bytes follow the float definition to within rounding wherever the octave holds more
    /// than 2^-8 of the total (the rest lies within the 16-bit values' rounding). In 1.5 s
    /// a slow swell spreads into the next octave (the window is only a cycle or two long).
    @Test(arguments: [(0.75, 0), (1.5, 1), (3.0, 2), (6.0, 3), (12.0, 4), (20.0, 5)])
    func aSwellLandsInItsOctave(hertz: Double, octave: Int) {
        let loudness = swell(hertz: hertz)
        let fixed = rhythm(loudness), reference = float(loudness)
        #expect(fixed[octave] < 8, "\(hertz) Hz: \(fixed)")
        for o in 0..<LoudnessRhythm.octaves where o != octave {
            #expect(fixed[o] > fixed[octave], "\(hertz) Hz, octave \(o): \(fixed)")
        }
        for o in 0..<LoudnessRhythm.octaves where reference[o] < 64 {
            #expect(abs(Double(fixed[o]) - reference[o]) <= 1, "\(hertz) Hz, octave \(o): \(fixed[o]) vs \(reference[o])")
        }
    }

    /// Only the shape of the rhythm counts: a swell twice as deep, or on a louder sound,
    /// gives the same bytes.
    @Test func depthAndLevelDoNotMatter() {
        let base = rhythm(swell(hertz: 5))
        let deeper = rhythm(swell(hertz: 5, depth: 600))
        let louder = rhythm(swell(hertz: 5).map { $0 + 1_024 })
        #expect(zip(base, louder).allSatisfy { $0 == $1 }, "\(base) vs \(louder)")
        #expect(zip(base, deeper).allSatisfy { abs($0 - $1) <= 1 }, "\(base) vs \(deeper)")
    }

    /// A loudness that never moves gives every octave the same share (8 log2 6, rounded);
    /// an event too short to have a rhythm gives zeros.
    @Test func steadyAndShortEvents() {
        #expect(rhythm([Int16](repeating: -1_500, count: 40)) == [Int](repeating: 21, count: 6))
        #expect(float([Int16](repeating: -1_500, count: 40)).allSatisfy { abs($0 - 8 * log2(6)) < 1e-9 })
        #expect(rhythm([Int16](repeating: -1_500, count: LoudnessRhythm.shortestFrames - 1).enumerated().map {
            $0.element + Int16($0.offset * 100)
        }) == [Int](repeating: 0, count: 6))
    }

    /// The kernel's bounds, reached: the longest event, its loudness swinging across the whole
    /// Int16 range frame by frame, each value divided by its window weight so that every
    /// windowed value is near the largest (r(0) near 100 x 2^22). The energy lies in the top
    /// octave, and the octaves that hold any of it follow Double.
    @Test func extremesDoNotOverflow() {
        let n = LoudnessRhythm.longestFrames
        let loudness = (0..<n).map { t in
            Int16((t % 2 == 0 ? -32_767.0 : 32_767.0) / Double(min(t + 1, n - t)))
        }
        let fixed = rhythm(loudness), reference = float(loudness)
        #expect(fixed[5] == 0, "\(fixed)")
        for o in 0..<LoudnessRhythm.octaves where reference[o] < 64 {
            #expect(abs(Double(fixed[o]) - reference[o]) <= 1, "octave \(o): \(fixed[o]) vs \(reference[o])")
        }
    }

    /// The cosine table against its definition: per octave, the sum over its bins k (k x 50 /
    /// 256 Hz in [low, high)) of cos(2 pi k lag / 256), doubled for lag > 0, Q14.
    @Test func cosineTableMatchesItsDefinition() {
        let octaves = FloatTemplates.rhythmOctaves
        #expect(rhythmCosinesQ14.count == LoudnessRhythm.octaves * LoudnessRhythm.longestFrames)
        for (o, (low, high)) in octaves.enumerated() {
            let bins = Int((low * 256 / 50).rounded(.up)) ..< Int((high * 256 / 50).rounded(.up))
            for lag in 0..<LoudnessRhythm.longestFrames {
                let c = bins.reduce(0.0) { $0 + cos(2 * Double.pi * Double($1 * lag) / 256) } * (lag == 0 ? 1 : 2)
                let entry = Double(rhythmCosinesQ14[o * LoudnessRhythm.longestFrames + lag])
                #expect(abs(entry - c * 16_384) <= 0.5, "octave \(o), lag \(lag): \(entry) vs \(c * 16_384)")
            }
        }
    }
}
