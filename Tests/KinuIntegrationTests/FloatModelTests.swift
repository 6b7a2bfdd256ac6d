import Testing
import KinuCore
import KinuReference
@testable import KinuEval

/// The float reference of the learner's decision rule mirrors its hub correction: the same
/// hub distances, the correction in both stages, the ranking on corrected distances and
/// the gates on plain ones.
@Suite struct FloatModelTests {
    /// Sequences of zeros, so only the statistics differ.
    static func template(statistics: [Double]) -> FloatTemplate {
        FloatTemplate(sequence: [[Double]](repeating: [Double](repeating: 0, count: Template.coefficients), count: Template.steps),
                      statistics: statistics, frameCount: 30)
    }

    /// Three classes of hubs (20 units apart) and one example apart, 110 units from the query
    /// against the hubs' 100 (as `HubDistanceTests.theCorrectionChoosesAndThePlainDistancesJudge`).
    @Test func theFloatModelRanksCorrectedAndJudgesPlain() {
        let query = [Double](repeating: 100, count: Template.comparedStatistics)
        var hubs = [query, query, query], apart = query
        for h in 0..<3 { for i in 0..<9 { hubs[h][i] = 110 } }
        hubs[0][9] = 110; hubs[1][10] = 110; hubs[2][11] = 110
        for i in 20..<31 { apart[i] = 110 }
        var model = FloatModel(labelCount: 4, rejectDistance: 12_000, minimumConfidence: 5, spreadGate: 256, hubShare: 4)
        for (c, h) in hubs.enumerated() { model.learn(Self.template(statistics: h), label: c) }
        model.learn(Self.template(statistics: apart), label: 3)
        #expect(model.hubDistances[0][0] == 20 && model.hubDistances[3][0] == 210)
        let (ranking, plain) = model.scores(Self.template(statistics: query))
        let shortWeight = Double(TemplateMatcher.statisticsWeight(sustained: false, coarse: false)) / 8
        #expect(ranking.indices.min { ranking[$0] < ranking[$1] } == 3)
        #expect(abs(plain[3] - 110 * shortWeight) < 1e-9)
        #expect(abs(ranking[3] - max(0, 110 * shortWeight - 0.5 * shortWeight * 210)) < 1e-9)
        // Plainly the runner-up is nearer: unsure.
        #expect(model.classify(Self.template(statistics: query)) == nil)
        var uncorrected = FloatModel(labelCount: 4, rejectDistance: 12_000, minimumConfidence: 5, spreadGate: 256, hubShare: 0)
        for (c, h) in hubs.enumerated() { uncorrected.learn(Self.template(statistics: h), label: c) }
        uncorrected.learn(Self.template(statistics: apart), label: 3)
        let (plainRanking, _) = uncorrected.scores(Self.template(statistics: query))
        #expect(plainRanking.indices.min { plainRanking[$0] < plainRanking[$1] } == 0)
    }

    /// Teaching distances are plain, and a full class's hub distances are those of the
    /// examples it keeps.
    @Test func teachingDistancesArePlainAndHubsFollowTheFullClass() {
        var model = FloatModel(labelCount: 2, rejectDistance: 12_000, minimumConfidence: 5, spreadGate: 256, hubShare: 4)
        let base = [Double](repeating: 100, count: Template.comparedStatistics)
        var other = base
        other[0] = 300
        model.learn(Self.template(statistics: other), label: 1)
        var first = base
        first[1] = 110
        model.learn(Self.template(statistics: first), label: 0)
        var second = base
        second[2] = 130
        model.learn(Self.template(statistics: second), label: 0)
        let shortWeight = Double(TemplateMatcher.statisticsWeight(sustained: false, coarse: false)) / 8
        #expect(model.teachingDistances[0][1].map { abs($0 - 40 * shortWeight) < 1e-9 } == true)
        // Fill class 0 with copies of `second` until `first` gives way: class 1's hub
        // distance moves from `first` (210) to `second` (230).
        #expect(model.hubDistances[1][0] == 210)
        for _ in 0..<ExampleStore.slotsPerClass { model.learn(Self.template(statistics: second), label: 0) }
        #expect(model.examples[0].count == ExampleStore.slotsPerClass && model.hubDistances[1][0] == 230)
    }
}
