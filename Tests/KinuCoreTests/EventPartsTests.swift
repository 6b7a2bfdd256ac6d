import Testing
@testable import KinuCore
import KinuReference

/// Splitting an event that may hold two sounds (`EventParts`), against its float
/// definition (`FloatEventParts`), and classifying its parts.
@Suite struct EventPartsTests {
    /// An event whose every band of frame f is at `levels[f]` (Q8 octaves), and its float frames.
    func flatEvent(_ levels: [Int16]) -> (SoundEvent, [[Double]]) {
        let bands = FrontEnd.bandCount
        let features = levels.flatMap { [Int16](repeating: $0, count: bands) }
        let float = levels.map { [Double](repeating: Double($0) / 256, count: bands) }
        return (SoundEvent(features: features, frameCount: levels.count, startFrame: 0), float)
    }

    func dip(_ event: SoundEvent) -> Int? {
        var encoder = TemplateEncoder()
        var template = [Int8](repeating: 0, count: Template.byteCount)
        encoder.encode(event, into: &template)
        return encoder.partsDip(frames: event.frameCount)
    }

    @Test func aDipBetweenTwoSoundsSplitsTheEvent() {
        // 20 loud frames, 4 two octaves quieter, 26 a little less loud than the first.
        let levels = [Int16](repeating: 2_000, count: 20) + [Int16](repeating: 1_488, count: 4) + [Int16](repeating: 1_800, count: 26)
        let (event, float) = flatEvent(levels)
        // The 3-frame sums are lowest at frames 21 and 22; the earliest wins.
        #expect(dip(event) == 21)
        #expect(FloatEventParts.dip(float) == 21)
    }

    @Test func shallowShortSustainedAndEdgeDipsDoNotSplit() {
        let loud = [Int16](repeating: 2_000, count: 20), quiet = [Int16](repeating: 1_488, count: 4)
        // A dip of 2/3 octave over three frames: under one octave of the 3-frame sum.
        let shallow = loud + [Int16](repeating: 1_830, count: 4) + loud
        // 29 frames: a word in a quiet room.
        let short = [Int16](repeating: 2_000, count: 13) + quiet + [Int16](repeating: 2_000, count: 12)
        // The detector's maximum length: a texture.
        let sustained = loud + quiet + [Int16](repeating: 2_000, count: TemplateMatcher.sustainedFrameCount - 24)
        // A dip in the first 8 frames would leave a part too short to classify.
        let edge = [Int16](repeating: 2_000, count: 3) + quiet + [Int16](repeating: 2_000, count: 33)
        for levels in [shallow, short, sustained, edge] {
            let (event, float) = flatEvent(levels)
            #expect(dip(event) == nil, "\(levels.count) frames")
            #expect(FloatEventParts.dip(float) == nil, "\(levels.count) frames")
        }
        // One octave deep exactly is enough.
        let (event, float) = flatEvent(loud + [Int16](repeating: 1_744, count: 4) + loud)
        #expect(dip(event) == 21)
        #expect(FloatEventParts.dip(float) == 21)
    }

    /// The one-pass search finds the dip the definition does (every t, the lower of the
    /// highest points on either side), ties included.
    @Test func theSearchFindsTheDeepestEarliestDip() {
        var g = SignalGenerator(seed: 7)
        var split = 0
        for trial in 0..<400 {
            let frames = 30 + trial % 45
            // Coarse levels (multiples of 64) so that equal dips are common.
            let levels = (0..<frames).map { _ in Int16(1_024 + 64 * Int((g.uniform() + 1) * 4)) }
            let (event, float) = flatEvent(levels)
            let found = dip(event)
            #expect(found == FloatEventParts.dip(float), "trial \(trial)")
            if found != nil { split += 1 }
        }
        #expect(split > 50 && split < 350, "\(split) of 400 split")
    }

    @Test func aPartIsEncodedAsAnEventOfItsOwn() {
        var g = SignalGenerator(seed: 3)
        let bands = FrontEnd.bandCount, frames = 50
        let features = (0..<frames * bands).map { i in Int16(-1_500 + 40 * (i % bands) + Int(600 * g.uniform())) }
        let event = SoundEvent(features: features, frameCount: frames, startFrame: 0)
        var encoder = TemplateEncoder()
        var part = [Int8](repeating: 0, count: Template.byteCount), alone = part
        for range in [0..<21, 21..<50, 10..<40] {
            encoder.encode(event, frames: range, into: &part)
            let own = SoundEvent(features: Array(features[range.lowerBound * bands ..< range.upperBound * bands]),
                                 frameCount: range.count, startFrame: 0)
            encoder.encode(own, into: &alone)
            #expect(part == alone, "\(range)")
        }
    }

    /// A taught sound right after an untaught one, with a dip between them: the event as a
    /// whole is far from everything taught, its second part is the taught sound.
    @Test func theNearestOfTheEventAndItsPartsAnswers() {
        let bands = FrontEnd.bandCount
        /// A sound: each frame a spectral shape that moves with the frame, at a level.
        func sound(_ kind: Int, frames: Int, seed: UInt64) -> [[Int16]] {
            var g = SignalGenerator(seed: seed)
            return (0..<frames).map { f in
                (0..<bands).map { b in
                    let shape = kind == 0 ? 30 * b + 40 * f : kind == 1 ? 1_200 - 30 * b + 25 * f : 600 + 300 * ((b + f) % 4)
                    return Int16(-1_000 + shape + Int(120 * g.uniform()))
                }
            }
        }
        func event(_ frames: [[Int16]]) -> SoundEvent {
            SoundEvent(features: frames.flatMap { $0 }, frameCount: frames.count, startFrame: 0)
        }
        var learner = SoundLearner()
        for take in 0..<3 as Range<UInt64> {
            learner.learn(event(sound(0, frames: 20, seed: take)), classIndex: 0)
            learner.learn(event(sound(1, frames: 20, seed: 10 + take)), classIndex: 1)
        }
        let quiet = [[Int16]](repeating: [Int16](repeating: -1_200, count: bands), count: 4)
        let joined = event(sound(2, frames: 24, seed: 20) + quiet + sound(1, frames: 20, seed: 21))
        #expect(dip(joined) != nil)
        let answer = learner.classify(joined)
        learner.classifiesParts = false
        let whole = learner.classify(joined)
        #expect(answer.nearestClass == 1)
        #expect(answer.ranking < whole.ranking)
        // Encoded once, as the benchmarks do, the same answer.
        learner.classifiesParts = true
        let encoded = learner.encodeWithParts(joined)
        #expect(learner.classify(template: encoded.whole, parts: encoded.parts) == answer)
    }

    /// A part answers only when clearly nearer than the whole: by more than 1/32 of its score.
    @Test func aPartMustBeClearlyNearerThanTheWhole() {
        func scored(_ c: Int, _ ranking: Int32) -> Classification {
            Classification(classIndex: c, confidence: 50, distance: ranking, nearestClass: c, ranking: ranking)
        }
        let whole = scored(0, 3_200)
        #expect(EventParts.nearest(whole, scored(1, 3_101), scored(2, 3_150)).nearestClass == 0)
        #expect(EventParts.nearest(whole, scored(1, 3_100), scored(2, 3_150)).nearestClass == 0)
        #expect(EventParts.nearest(whole, scored(1, 3_099), scored(2, 3_150)).nearestClass == 1)
        #expect(EventParts.nearest(whole, scored(1, 3_099), scored(2, 2_000)).nearestClass == 2)
    }
}
