import Testing
@testable import KinuCore
import KinuReference

@Suite struct TemplateMatcherTests {
    func randomTemplate(_ g: inout SignalGenerator, spread: Double) -> [Int8] {
        (0..<Template.byteCount).map { _ in Int8(max(-127, min(127, (g.uniform() * spread).rounded()))) }
    }

    @Test func identicalTemplatesAreAtDistanceZero() {
        var g = SignalGenerator(seed: 3)
        let t = randomTemplate(&g, spread: 60)
        var matcher = TemplateMatcher()
        matcher.setQuery(t)
        #expect(matcher.distance(to: t, at: 0) == 0)
    }

    /// Stopping early at a limit must never change a distance below the limit, and must
    /// report at least the limit otherwise: the learner's decisions stay exact.
    @Test func stoppingEarlyIsExactBelowTheLimit() {
        var g = SignalGenerator(seed: 11)
        var matcher = TemplateMatcher()
        var stoppedEarly = 0
        for _ in 0..<300 {
            let a = randomTemplate(&g, spread: 60), b = randomTemplate(&g, spread: 60)
            matcher.setQuery(a)
            let full = matcher.distance(to: b, at: 0)
            let limit = Int32(Double(full) * (0.5 + g.uniform() * 0.6))   // below and above
            let limited = b.withUnsafeBufferPointer { matcher.distance(to: $0, at: 0, limit: limit) }
            if full < limit {
                #expect(limited == full)
            } else {
                #expect(limited >= limit)
                if limited < full { stoppedEarly += 1 }
            }
        }
        #expect(stoppedEarly > 50)
    }

    /// A template whose frame-count byte says `frames`.
    func withFrameCount(_ t: [Int8], _ frames: Int) -> [Int8] {
        var t = t
        t[Template.frameCountOffset] = Int8(bitPattern: UInt8(frames))
        return t
    }

    /// The combined distance's early stop is exact below its limit for sustained queries
    /// (where the statistics weigh in) as for any other.
    @Test func combinedDistanceStopsEarlyOnlyAtTheLimit() {
        var g = SignalGenerator(seed: 21)
        var matcher = TemplateMatcher()
        var store = ExampleStore()
        let sustained = TemplateMatcher.sustainedFrameCount
        for slot in 0..<8 { store.add(withFrameCount(randomTemplate(&g, spread: 60), slot % 2 == 0 ? sustained : 30), toClass: slot % 2) }
        var statistics = [Int32](repeating: 0, count: ExampleStore.slotCount)
        var checked = 0
        for round in 0..<100 {
            let query = withFrameCount(randomTemplate(&g, spread: 60), round % 2 == 0 ? sustained : 20)
            matcher.setQuery(query)
            matcher.statisticsDistances(in: store, into: &statistics)
            for slot in 0..<8 {
                let s = round % 2 == 0 ? statistics[slot] : 0
                let full = store.withPayloads { matcher.combinedDistance(to: $0, at: slot * Template.byteCount, statistics: s) }
                let limit = Int32(Double(full) * (0.5 + g.uniform() * 0.6))
                let limited = store.withPayloads { matcher.combinedDistance(to: $0, at: slot * Template.byteCount, statistics: s, limit: limit) }
                if full < limit { #expect(limited == full) } else { #expect(limited >= limit) }
                checked += 1
            }
        }
        #expect(checked == 800)
    }

    /// A sustained query is told apart by its statistics, any other by its sequence: with
    /// two stored examples, one sharing the query's sequence and the other its statistics,
    /// the sustained query picks the second and the short one the first.
    @Test func sustainedQueriesGoByTheirStatistics() {
        var g = SignalGenerator(seed: 5)
        let sequenceTwin = randomTemplate(&g, spread: 40), statisticsTwin = randomTemplate(&g, spread: 40)
        var query = sequenceTwin
        for i in Template.statisticsOffset ..< Template.byteCount { query[i] = statisticsTwin[i] }
        for (frames, expected) in [(TemplateMatcher.sustainedFrameCount, 1), (40, 0)] {
            var learner = SoundLearner()
            learner.learn(template: withFrameCount(sequenceTwin, frames), classIndex: 0)
            learner.learn(template: withFrameCount(statisticsTwin, frames), classIndex: 1)
            #expect(learner.classify(template: withFrameCount(query, frames)).nearestClass == expected, "\(frames) frames")
        }
    }

    /// The first stage against its float definition (exact pair averages and means): the
    /// integer one rounds each average down, so it may differ by a few percent, no more.
    @Test func coarseDistanceFollowsTheFloatReference() {
        var g = SignalGenerator(seed: 8)
        var matcher = TemplateMatcher()
        var store = ExampleStore()
        let examples = (0..<16).map { _ in randomTemplate(&g, spread: 40) }
        for e in examples { store.add(e, toClass: 0) }
        var distances = [Int32](repeating: 0, count: ExampleStore.slotCount)
        for _ in 0..<10 {
            let query = randomTemplate(&g, spread: 40)
            matcher.setQuery(query)
            matcher.coarseDistances(in: store, into: &distances)
            for (slot, e) in examples.enumerated() {
                let reference = FloatTemplates.coarseDistance(Self.toFloat(query), Self.toFloat(e))
                #expect(abs(Double(distances[slot]) - reference) <= 0.05 * reference, "fixed \(distances[slot]), float \(reference)")
            }
            #expect(distances[16...].allSatisfy { $0 == Int32.max })   // empty slots
        }
    }

    static func toFloat(_ t: [Int8]) -> FloatTemplate {
        FloatTemplate(sequence: (0..<Template.steps).map { f in
            (0..<Template.coefficients).map { Double(t[f * Template.coefficients + $0]) }
        })
    }

    @Test func matchesTheFloatReferenceOnExactTemplates() {
        // Integer templates through both matchers: the fixed-point views are exact, so the
        // distances agree to the final rounding.
        var g = SignalGenerator(seed: 5)
        var matcher = TemplateMatcher()
        for _ in 0..<50 {
            let a = randomTemplate(&g, spread: 40), b = randomTemplate(&g, spread: 40)
            matcher.setQuery(a)
            let fixed = matcher.distance(to: b, at: 0)
            let reference = FloatTemplates.distance(Self.toFloat(a), Self.toFloat(b))
            #expect(abs(Double(fixed) - reference) <= 1, "fixed \(fixed), float \(reference)")
        }
    }
}
