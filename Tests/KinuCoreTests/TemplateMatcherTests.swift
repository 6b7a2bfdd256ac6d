import Testing
@testable import KinuCore
import KinuReference

@Suite struct TemplateMatcherTests {
    func randomTemplate(_ g: inout SignalGenerator, spread: Double) -> [Int8] {
        (0..<Template.byteCount).map { _ in Int8(max(-127, min(127, (g.uniform() * spread).rounded()))) }
    }

    /// A template against itself: only the query's rounding to bytes is left, far below the
    /// distance to any other template.
    @Test func identicalTemplatesAreNearlyAtDistanceZero() {
        var g = SignalGenerator(seed: 3)
        var matcher = TemplateMatcher()
        for _ in 0..<20 {
            let t = randomTemplate(&g, spread: 60), other = randomTemplate(&g, spread: 60)
            matcher.setQuery(t)
            let itself = matcher.distance(to: t, at: 0), apart = matcher.distance(to: other, at: 0)
            #expect(itself < 64 && itself * 50 < apart, "itself \(itself), another \(apart)")
        }
    }

    /// The float reference computes the cosine exactly; the kernel rounds the query's steps
    /// to bytes (half a unit in 127 per value): they agree within 1 %.
    static func agrees(_ fixed: Int32, _ reference: Double) -> Bool {
        abs(Double(fixed) - reference) <= 0.01 * reference + 2
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
    /// (where the statistics weigh most) as for any other.
    @Test func combinedDistanceStopsEarlyOnlyAtTheLimit() {
        var g = SignalGenerator(seed: 21)
        var matcher = TemplateMatcher()
        var store = ExampleStore()
        let sustained = TemplateMatcher.sustainedFrameCount
        for slot in 0..<8 { store.add(withFrameCount(randomTemplate(&g, spread: 60), slot % 2 == 0 ? sustained : 30), toClass: slot % 2) }
        var statistics = [Int32](repeating: 0, count: ExampleStore.slotCount)
        var checked = 0, stoppedEarly = [0, 0]
        for round in 0..<100 {
            let query = withFrameCount(randomTemplate(&g, spread: 60), round % 2 == 0 ? sustained : 20)
            matcher.setQuery(query)
            matcher.statisticsDistances(in: store, into: &statistics)
            for slot in 0..<8 {
                let s = statistics[slot]
                func distance(limit: Int32) -> Int32 {
                    store.withPayloads { matcher.combinedDistance(to: $0, at: slot * Template.byteCount, statistics: s, limit: limit) }
                }
                let full = distance(limit: Int32.max)
                // Limits around the statistics' share, where the sequence's own limit is small,
                // and right at the distance.
                let share = Double(full - TemplateMatcher.combined(sequence: 0, statistics: s, sustained: round % 2 == 0))
                for limit in [Int32(Double(full) - share * (0.2 + g.uniform() * 0.8)), full, full + 1] {
                    let limited = distance(limit: limit)
                    if full < limit { #expect(limited == full) } else { #expect(limited >= limit) }
                    if limited != full { stoppedEarly[round % 2] += 1 }
                }
                checked += 1
            }
        }
        #expect(checked == 800)
        // Both kinds of query did stop early somewhere, so the stops were exercised.
        #expect(stoppedEarly[0] > 20 && stoppedEarly[1] > 20, "early stops (sustained, short): \(stoppedEarly)")
    }

    /// A sustained query is told apart mostly by its statistics, any other mostly by its
    /// sequence: with two stored examples, one sharing the query's sequence and the other
    /// its statistics, the sustained query picks the second and the short one the first.
    @Test func sustainedQueriesGoByTheirStatistics() {
        var g = SignalGenerator(seed: 5)
        let sequenceTwin = randomTemplate(&g, spread: 40)
        // The other: another sequence, statistics near the first one's (each byte 5 to 15 off).
        var statisticsTwin = randomTemplate(&g, spread: 40)
        for i in Template.statisticsOffset ..< Template.byteCount {
            let off = Int(5 + (g.uniform() + 1) * 5) * (g.uniform() < 0 ? -1 : 1)
            statisticsTwin[i] = Int8(bitPattern: UInt8(max(0, min(255, Int(UInt8(bitPattern: sequenceTwin[i])) + off))))
        }
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
        let examples = (0..<16).map { _ in randomTemplate(&g, spread: 40) }
        let store = Self.oneClass(examples)
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

    /// The first stage's whole-store mixing equals `combined` less the hub correction, slot
    /// by slot, for both kinds of query and both weights; empty slots stay empty, large
    /// distances saturate, a correction larger than the distance gives 0.
    @Test func combiningAStoreEqualsCombiningEachSlot() {
        var g = SignalGenerator(seed: 17)
        for sustained in [true, false] {
            for coarse in [true, false] {
                var distances = (0..<40).map { _ in Int32((g.uniform() + 1) * 40_000) }
                var statistics = (0..<40).map { _ in Int32((g.uniform() + 1) * 6_000) }
                var hubs = (0..<40).map { _ in UInt16((g.uniform() + 1) * 1_000) }
                distances[3] = Int32.max
                distances[7] = Int32.max - 5
                hubs[7] = TemplateMatcher.noHub
                hubs[9] = TemplateMatcher.noHub
                hubs[11] = 12_750                  // the largest a statistics distance can be
                distances[11] = 0
                statistics[11] = 100
                let expected = (0..<40).map { n in
                    distances[n] == Int32.max ? Int32.max
                        : max(0, TemplateMatcher.combined(sequence: distances[n], statistics: statistics[n], sustained: sustained, coarse: coarse)
                              - TemplateMatcher.hubCorrection(hubs[n], share: 4, sustained: sustained, coarse: coarse))
                }
                let before = distances
                TemplateMatcher.combine(&distances, statistics: statistics, hubs: hubs, hubShare: 4, slots: 2..<38,
                                        sustained: sustained, coarse: coarse)
                #expect(Array(distances[2..<38]) == Array(expected[2..<38]), "sustained \(sustained), coarse \(coarse)")
                if !sustained { #expect(distances[7] == Int32.max, "saturates") }
                #expect(distances[3] == Int32.max)
                #expect(distances[9] == TemplateMatcher.combined(sequence: before[9], statistics: statistics[9], sustained: sustained,
                                                                 coarse: coarse), "no hub, no correction")
                #expect(distances[11] == 0, "never below 0")
                #expect(distances[20] < TemplateMatcher.combined(sequence: before[20], statistics: statistics[20], sustained: sustained,
                                                                 coarse: coarse), "a hub distance shrinks the distance")
                // Slots outside the range are left as they were.
                #expect(distances[0..<2] == before[0..<2] && distances[38...] == before[38...])
            }
        }
    }

    /// Sequence and statistics together against the float reference, for sustained and
    /// short queries: the statistics weigh in for both, with the weights the reference uses.
    @Test func combinedDistanceFollowsTheFloatReference() {
        var g = SignalGenerator(seed: 13)
        var matcher = TemplateMatcher()
        let examples = (0..<6).map { _ in randomTemplate(&g, spread: 40) }
        let store = Self.oneClass(examples)
        var statistics = [Int32](repeating: 0, count: ExampleStore.slotCount)
        for frames in [TemplateMatcher.sustainedFrameCount, 30] {
            let query = withFrameCount(randomTemplate(&g, spread: 40), frames)
            matcher.setQuery(query)
            matcher.statisticsDistances(in: store, into: &statistics)
            for (slot, e) in examples.enumerated() {
                #expect(statistics[slot] > 0)
                let fixed = store.withPayloads { matcher.combinedDistance(to: $0, at: slot * Template.byteCount, statistics: statistics[slot]) }
                let reference = FloatTemplates.combinedDistance(Self.toFloatWithStatistics(query), Self.toFloatWithStatistics(e))
                let sequence = FloatTemplates.distance(Self.toFloat(query), Self.toFloat(e))
                // The statistics weigh in for both: a quarter of the sustained weight
                // for a short query, against a sequence counting 1/16 for a sustained one.
                let share = frames == 30 ? reference - sequence : reference - sequence / 16
                #expect(share > 0.2 * reference, "\(frames) frames: statistics \(share) of \(reference)")
                #expect(Self.agrees(fixed, reference), "\(frames) frames: fixed \(fixed), float \(reference)")
            }
        }
    }

    /// A store holding `examples` as class 0.
    static func oneClass(_ examples: [[Int8]]) -> ExampleStore {
        var store = ExampleStore()
        for e in examples { store.add(e, toClass: 0) }
        return store
    }

    static func toFloatWithStatistics(_ t: [Int8]) -> FloatTemplate {
        FloatTemplate(sequence: toFloat(t).sequence,
                      statistics: (0..<Template.comparedStatistics).map { Double(UInt8(bitPattern: t[Template.statisticsOffset + $0])) },
                      frameCount: Template.frameCount(t.withUnsafeBufferPointer { $0 }))
    }

    static func toFloat(_ t: [Int8]) -> FloatTemplate {
        FloatTemplate(sequence: (0..<Template.steps).map { f in
            (0..<Template.coefficients).map { Double(t[f * Template.coefficients + $0]) }
        })
    }

    @Test func matchesTheFloatReferenceOnExactTemplates() {
        // Integer templates through both matchers: the distances agree to the query's
        // rounding to bytes.
        var g = SignalGenerator(seed: 5)
        var matcher = TemplateMatcher()
        for _ in 0..<50 {
            let a = randomTemplate(&g, spread: 40), b = randomTemplate(&g, spread: 40)
            matcher.setQuery(a)
            let fixed = matcher.distance(to: b, at: 0)
            let reference = FloatTemplates.distance(Self.toFloat(a), Self.toFloat(b))
            #expect(Self.agrees(fixed, reference), "fixed \(fixed), float \(reference)")
        }
    }
}
