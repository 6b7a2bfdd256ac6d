import Testing
@testable import KinuCore
import KinuReference

/// The template's statistics against their float definition (`FloatTemplates.encode`): the
/// integer ones are taken from rounded cepstra and round down, so they may differ by a unit
/// and a half at most, and by well under one on average.
@Suite struct TemplateStatisticsTests {
    /// A sustained event: `frames` frames of log-mel values (Q8) with a slow swell, a
    /// spectral tilt and random texture, as a rain or an engine gives.
    func event(frames: Int, seed: UInt64) -> (SoundEvent, [[Double]]) {
        var g = SignalGenerator(seed: seed)
        let bands = FrontEnd.bandCount
        var features = [Int16](repeating: 0, count: frames * bands)
        for f in 0..<frames {
            let swell = 400 * (1 + (Double(f) / 7).truncatingRemainder(dividingBy: 2))
            for b in 0..<bands {
                features[f * bands + b] = Int16(-2_000 - 60 * Double(b) + swell + 700 * g.uniform())
            }
        }
        let float = (0..<frames).map { f in (0..<bands).map { Double(features[f * bands + $0]) / 256 } }
        return (SoundEvent(features: features, frameCount: frames, startFrame: 0), float)
    }

    @Test func statisticsFollowTheirFloatDefinition() {
        var encoder = TemplateEncoder()
        var template = [Int8](repeating: 0, count: Template.byteCount)
        var totalError = 0.0, compared = 0
        for (frames, seed) in [(75, 1), (75, 2), (30, 3), (8, 4)] as [(Int, UInt64)] {
            let (event, float) = event(frames: frames, seed: seed)
            encoder.encode(event, into: &template)
            let reference = FloatTemplates.encode(float)
            #expect(reference.statistics.count == Template.comparedStatistics)
            for i in 0..<Template.comparedStatistics {
                let fixed = Double(UInt8(bitPattern: template[Template.statisticsOffset + i]))
                // The shape bytes are biased by 128; the others are plain magnitudes.
                let shapeRange = (2 * Template.coefficients + 2 * Template.bandGroups) ..< (2 * Template.coefficients + 3 * Template.bandGroups)
                let expected = shapeRange.contains(i) ? reference.statistics[i] + 128 : reference.statistics[i]
                let error = abs(fixed - min(255, expected))
                #expect(error <= 1.5, "\(frames) frames, statistic \(i): \(fixed) vs \(expected)")
                totalError += error
                compared += 1
            }
            #expect(Template.frameCount(template.withUnsafeBufferPointer { $0 }) == frames)
        }
        #expect(totalError / Double(compared) < 0.7, "mean error \(totalError / Double(compared))")
    }
}
