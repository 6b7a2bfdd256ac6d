import KinuCore
import KinuReference

/// The device scenario as a benchmark: teach k takes per label one at a time through the
/// device's learner, then classify the held-out takes. An unsure answer, or a clip in which
/// the detector found nothing, counts as wrong. kinu-bench and `kinu-sim eval` both run it.
public struct FewShotProtocol {
    public let clips: [PreparedClip]
    public let labelCount: Int
    /// Labels never taught: their clips are all played, and every sure answer to one of
    /// them is a false accept. The other figures count the taught labels only.
    public let unknownLabels: Set<Int>

    /// Test only clips of recordings none of whose clips was taught (several clips cut from
    /// one recording would otherwise be compared with each other).
    public let recordingDisjoint: Bool

    public init(clips: [PreparedClip], labelCount: Int, unknownLabels: Set<Int> = [], recordingDisjoint: Bool = false) {
        self.clips = clips
        self.labelCount = labelCount
        self.unknownLabels = unknownLabels
        self.recordingDisjoint = recordingDisjoint
    }

    /// `correct` counts the classifier's best class; `sure`/`sureCorrect` what the device
    /// shows after its "unsure" gate; `agreed` clips where the float reference decided the
    /// same (class or unsure). `confusion[true][predicted]` counts the best class, with
    /// column `labelCount` for clips in which the detector found no sound; `sureByLabel`
    /// counts the clips of each label the device was sure about. Both include the clips of
    /// unknown labels (where every sure answer is a false accept); the figures do not.
    public struct Outcome {
        public var correct = 0, sure = 0, sureCorrect = 0, agreed = 0, tested = 0
        /// Clips of unknown labels played, and how many the device was sure about.
        public var unknownTested = 0, falseAccepts = 0
        public var confusion: [[Int]] = []
        public var sureByLabel: [Int] = []

        public init(labelCount: Int = 0) {
            confusion = Array(repeating: Array(repeating: 0, count: labelCount + 1), count: labelCount)
            sureByLabel = Array(repeating: 0, count: labelCount)
        }

        public var accuracy: Double { Double(correct) / Double(max(1, tested)) }
        public var unsureRate: Double { 1 - Double(sure) / Double(max(1, tested)) }
        public var accuracyWhenSure: Double { Double(sureCorrect) / Double(max(1, sure)) }
        /// Taught clips the device lit the right class for (sure and right).
        public var sureRight: Double { Double(sureCorrect) / Double(max(1, tested)) }
        public var agreement: Double { Double(agreed) / Double(max(1, tested)) }
        public var falseAcceptRate: Double { Double(falseAccepts) / Double(max(1, unknownTested)) }

        public static func += (a: inout Outcome, b: Outcome) {
            a.correct += b.correct; a.sure += b.sure; a.sureCorrect += b.sureCorrect
            a.agreed += b.agreed; a.tested += b.tested
            a.unknownTested += b.unknownTested; a.falseAccepts += b.falseAccepts
            if a.confusion.isEmpty { a.confusion = b.confusion; a.sureByLabel = b.sureByLabel; return }
            for i in b.confusion.indices { for j in b.confusion[i].indices { a.confusion[i][j] += b.confusion[i][j] } }
            for i in b.sureByLabel.indices { a.sureByLabel[i] += b.sureByLabel[i] }
        }
    }

    /// Mean over groups of each figure, and the pooled counts.
    public struct Summary {
        public var accuracy = 0.0, unsureRate = 0.0, accuracyWhenSure = 0.0, agreement = 0.0
        public var tested = 0
        public var falseAcceptRate = 0.0
        public var sureRight = 0.0
        public var pooled = Outcome()
        /// Standard error of `accuracy` over the draws (each draw: one teaching per group).
        public var standardError = 0.0
        /// ... and of `falseAcceptRate`.
        public var falseAcceptStandardError = 0.0
    }

    /// Per group (speaker): mean over `seeds` draws, then mean over groups.
    /// `testClips` replaces the held-out clips (same order as `clips`), e.g. noisy copies.
    /// `onDraw` is called after each draw (for progress bars).
    public func perGroup(shots: Int, seeds: Int, testClips: [PreparedClip]? = nil, withFloat: Bool = true,
                         onDraw: () -> Void = {}) -> Summary {
        let groups = groupsToTest(shots: shots).used
        var summary = Summary()
        var drawAccuracy = [Double](repeating: 0, count: seeds)
        var drawFalseAccepts = [Double](repeating: 0, count: seeds)
        for (g, group) in groups.enumerated() {
            var groupOutcome = Outcome(labelCount: labelCount)
            for seed in 0..<seeds {
                var random = SeededRandom(seed: UInt64(g * 1_000_003 + shots * 1_009 + seed))
                let inGroup = clips.indices.filter { clips[$0].group == group }
                let (order, test) = draw(shots: shots, teachFrom: inGroup, testFrom: inGroup, using: &random)
                let outcome = evaluate(teachOrder: order, test: test, testClips: testClips ?? clips, withFloat: withFloat)
                drawAccuracy[seed] += outcome.accuracy / Double(groups.count)
                drawFalseAccepts[seed] += outcome.falseAcceptRate / Double(groups.count)
                groupOutcome += outcome
                onDraw()
            }
            let n = Double(groups.count)
            summary.accuracy += groupOutcome.accuracy / n
            summary.unsureRate += groupOutcome.unsureRate / n
            summary.accuracyWhenSure += groupOutcome.accuracyWhenSure / n
            summary.agreement += groupOutcome.agreement / n
            summary.falseAcceptRate += groupOutcome.falseAcceptRate / n
            summary.sureRight += groupOutcome.sureRight / n
            summary.tested += groupOutcome.tested
            summary.pooled += groupOutcome
        }
        summary.standardError = Self.standardError(drawAccuracy)
        summary.falseAcceptStandardError = Self.standardError(drawFalseAccepts)
        return summary
    }

    /// The groups the per-group protocol can measure, and the others with why: a group
    /// with one taught label is always right, and one whose labels have no more than
    /// `shots` clips has nothing left to test.
    public func groupsToTest(shots: Int) -> (used: [String], leftOut: [(group: String, why: String)]) {
        var used: [String] = [], leftOut: [(group: String, why: String)] = []
        for group in Array(Set(clips.map(\.group))).sorted() {
            let labels = clips.filter { $0.group == group && !unknownLabels.contains($0.label) }.map(\.label)
            let counts = Dictionary(grouping: labels, by: { $0 }).mapValues(\.count)
            if counts.count < 2 {
                leftOut.append((group, "it has only one taught label, which is always right"))
            } else if counts.values.allSatisfy({ $0 <= shots }) {
                leftOut.append((group, "no label in it has more than \(shots) clips, so nothing is left to test"))
            } else {
                used.append(group)
            }
        }
        return (used, leftOut)
    }

    /// Teach k per label drawn from the clips of `trainGroups` (nil: every group), test
    /// on the clips of `testGroups` (nil: every group) that were not taught; pooled over
    /// `seeds` draws.
    /// `testClips` replaces the held-out clips (same order as `clips`), e.g. noisy copies.
    public func pooled(shots: Int, seeds: Int, trainGroups: Set<String>? = nil, testGroups: Set<String>? = nil,
                       testClips: [PreparedClip]? = nil, withFloat: Bool = false, onDraw: () -> Void = {}) -> Summary {
        let teachPool = clips.indices.filter { trainGroups?.contains(clips[$0].group) ?? true }
        let testPool = clips.indices.filter { testGroups?.contains(clips[$0].group) ?? true }
        var outcome = Outcome(labelCount: labelCount)
        var drawAccuracy: [Double] = [], drawFalseAccepts: [Double] = []
        for seed in 0..<seeds {
            var random = SeededRandom(seed: UInt64(7_000_003 + shots * 1_009 + seed))
            let (order, test) = draw(shots: shots, teachFrom: teachPool, testFrom: testPool, using: &random)
            let one = evaluate(teachOrder: order, test: test, testClips: testClips ?? clips, withFloat: withFloat)
            drawAccuracy.append(one.accuracy)
            drawFalseAccepts.append(one.falseAcceptRate)
            outcome += one
            onDraw()
        }
        return Summary(accuracy: outcome.accuracy, unsureRate: outcome.unsureRate,
                       accuracyWhenSure: outcome.accuracyWhenSure, agreement: outcome.agreement,
                       tested: outcome.tested, falseAcceptRate: outcome.falseAcceptRate, sureRight: outcome.sureRight,
                       pooled: outcome, standardError: Self.standardError(drawAccuracy),
                       falseAcceptStandardError: Self.standardError(drawFalseAccepts))
    }

    /// Standard error of the mean of `values` (NaN for fewer than two: it is not known).
    static func standardError(_ values: [Double]) -> Double {
        guard values.count > 1 else { return .nan }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (variance / Double(values.count)).squareRoot()
    }

    /// One random draw: k clips per label to teach (in rounds: one take of every label,
    /// then the next take), and every clip of `testFrom` that was not taught.
    func draw(shots: Int, teachFrom: [Int], testFrom: [Int], using random: inout SeededRandom) -> (teach: [Int], test: [Int]) {
        var teach: [[Int]] = Array(repeating: [], count: labelCount)
        var taught = Set<Int>()
        for label in 0..<labelCount where !unknownLabels.contains(label) {
            let indices = teachFrom.filter { clips[$0].label == label }.shuffled(using: &random)
            teach[label] = Array(indices.prefix(shots))
            taught.formUnion(teach[label])
        }
        // Test clips in label order, as the per-group protocol always had them.
        let taughtRecordings = recordingDisjoint ? Set(taught.map { clips[$0].recording }) : []
        var test: [Int] = []
        for label in 0..<labelCount {
            test += testFrom.filter {
                clips[$0].label == label && !taught.contains($0) && !taughtRecordings.contains(clips[$0].recording)
            }
        }
        var order: [Int] = []
        for round in 0..<shots { for label in 0..<labelCount where round < teach[label].count { order.append(teach[label][round]) } }
        return (order, test)
    }

    /// Teach every clip of the other groups (interleaved, so a full class keeps a mix of
    /// them), test on the held-out group; mean over groups.
    public func crossGroup() -> Double {
        let groups = Array(Set(clips.map(\.group))).sorted()
        var sum = 0.0
        for (g, group) in groups.enumerated() {
            var random = SeededRandom(seed: UInt64(77 + g))
            let order = clips.indices.filter { clips[$0].group != group }.shuffled(using: &random)
            let test = clips.indices.filter { clips[$0].group == group }
            sum += evaluate(teachOrder: order, test: test, testClips: clips, withFloat: false).accuracy
        }
        return sum / Double(groups.count)
    }

    public func evaluate(teachOrder: [Int], test: [Int], testClips: [PreparedClip], withFloat: Bool) -> Outcome {
        var learner = SoundLearner()
        Tuning.configure(&learner)
        var floatModel = FloatModel(labelCount: labelCount, rejectDistance: Double(learner.rejectDistance),
                                    minimumConfidence: learner.minimumConfidence, spreadGate: learner.spreadGate,
                                    hubShare: learner.hubShare, classifiesParts: learner.classifiesParts)
        for index in teachOrder {
            let clip = clips[index]
            if let template = clip.template { learner.learn(template: template, classIndex: clip.label) }
            if withFloat, let template = clip.floatTemplate { floatModel.learn(template, label: clip.label) }
        }
        var outcome = Outcome(labelCount: labelCount)
        for index in test {
            let clip = testClips[index]
            let result = clip.template.map { learner.classify(template: $0, parts: clip.parts) }
            let decision = result?.classIndex
            outcome.confusion[clip.label][result?.nearestClass ?? labelCount] += 1
            if decision != nil { outcome.sureByLabel[clip.label] += 1 }
            if unknownLabels.contains(clip.label) {
                outcome.unknownTested += 1
                if decision != nil { outcome.falseAccepts += 1 }
                continue
            }
            if result?.nearestClass == clip.label { outcome.correct += 1 }
            if decision != nil { outcome.sure += 1 }
            if decision == clip.label { outcome.sureCorrect += 1 }
            if withFloat {
                let floatDecision = clip.floatTemplate.flatMap { floatModel.classify($0, parts: clip.floatParts) }
                if floatDecision == decision { outcome.agreed += 1 }
            }
            outcome.tested += 1
        }
        return outcome
    }
}

/// The float reference of `SoundLearner`'s decision rule (FIFO capacity, teaching
/// distances and hub correction included).
public struct FloatModel {
    let labelCount: Int
    let rejectDistance: Double
    let minimumConfidence: Int
    let spreadGate: Double
    let hubShare: Double
    let classifiesParts: Bool
    /// Per class, its examples, their teaching distances (nil: the first of the class) and
    /// their hub distances (nil: no other class has examples).
    var examples: [[FloatTemplate]]
    var teachingDistances: [[Double?]]
    var hubDistances: [[Double?]]

    init(labelCount: Int, rejectDistance: Double, minimumConfidence: Int, spreadGate: Int32, hubShare: Int32,
         classifiesParts: Bool = true) {
        self.labelCount = labelCount
        self.classifiesParts = classifiesParts
        self.rejectDistance = rejectDistance
        self.minimumConfidence = minimumConfidence
        self.spreadGate = Double(spreadGate) / 256
        self.hubShare = Double(hubShare) / 8
        examples = Array(repeating: [], count: labelCount)
        teachingDistances = Array(repeating: [], count: labelCount)
        hubDistances = Array(repeating: [], count: labelCount)
    }

    mutating func learn(_ template: FloatTemplate, label: Int) {
        let distance = examples[label].isEmpty ? nil : scores(template, only: label).plain[label]
        examples[label].append(template)
        teachingDistances[label].append(distance)
        if examples[label].count > ExampleStore.slotsPerClass {
            examples[label].removeFirst()
            teachingDistances[label].removeFirst()
        }
        hubDistances = examples.indices.map { c in
            let others = examples.indices.filter { $0 != c }.flatMap { examples[$0] }
            return examples[c].map { e in others.map { FloatTemplates.statisticsDistance(e, $0) }.min() }
        }
    }

    /// `TemplateMatcher.hubCorrection` of example `index` of class `c` for `query`.
    func hubCorrection(_ c: Int, _ index: Int, for query: FloatTemplate, coarse: Bool) -> Double {
        guard let hub = hubDistances[c][index] else { return 0 }
        let sustained = query.frameCount >= TemplateMatcher.sustainedFrameCount
        return hubShare * Double(TemplateMatcher.statisticsWeight(sustained: sustained, coarse: coarse)) / 8 * hub
    }

    /// As SoundLearner does: the first stage ranks classes (sum of their two nearest
    /// coarse distances) and examples; the full distance runs on the nearest examples of
    /// the nearest classes; a class scores the mean of its two nearest. `only` scores one
    /// class (a teaching distance). `ranking` has the hub correction, `plain` the same
    /// examples' distances without it.
    func scores(_ query: FloatTemplate, only: Int? = nil) -> (ranking: [Double], plain: [Double]) {
        let coarse = examples.indices.map { c in
            only == nil || only == c ? examples[c].indices.map {
                max(0, FloatTemplates.rankingDistance(query, examples[c][$0]) - hubCorrection(c, $0, for: query, coarse: true))
            } : []
        }
        let coarseScores: [Double] = coarse.map { d in
            let s = d.sorted()
            return s.isEmpty ? .infinity : s.count == 1 ? 2 * s[0] : s[0] + s[1]
        }
        let shortlisted = coarseScores.indices.filter { coarseScores[$0].isFinite }
            .sorted { (coarseScores[$0], $0) < (coarseScores[$1], $1) }.prefix(SoundLearner.shortlistClasses)
        var scores = [Double](repeating: .infinity, count: examples.count)
        var plain = scores
        for (rank, c) in shortlisted.enumerated() {
            let nearestFirst = coarse[c].indices.sorted { (coarse[c][$0], $0) < (coarse[c][$1], $1) }
            let d: [(ranking: Double, plain: Double)] = nearestFirst.prefix(SoundLearner.shortlistExamples(rank: rank)).map {
                let full = FloatTemplates.combinedDistance(query, examples[c][$0])
                return (max(0, full - hubCorrection(c, $0, for: query, coarse: false)), full)
            }.sorted { $0.ranking < $1.ranking }
            scores[c] = d.count == 1 ? d[0].ranking : (d[0].ranking + d[1].ranking) / 2
            plain[c] = d.count == 1 ? d[0].plain : (d[0].plain + d[1].plain) / 2
        }
        return (scores, plain)
    }

    /// As `SoundLearner.classify(template:parts:)`: of the event and its parts, the one whose
    /// best class ranks nearest decides, the event unless a part is clearly nearer
    /// (`EventParts.nearest`).
    func classify(_ query: FloatTemplate, parts: [FloatTemplate] = []) -> Int? {
        let candidates = [query] + (classifiesParts && parts.count == 2 ? parts : [])
        let scored = candidates.map { scores($0) }
        let best = scored.map { $0.ranking.min() ?? .infinity }
        let part = best.count == 3 ? (best[2] < best[1] ? 2 : 1) : 0
        let margin = 1 / Double(1 << EventParts.marginShift)
        return decide(scored[part > 0 && best[part] < best[0] * (1 - margin) ? part : 0])
    }

    func decide(_ scored: (ranking: [Double], plain: [Double])) -> Int? {
        let (ranking, scores) = scored
        let ranked = ranking.indices.filter { ranking[$0].isFinite }.sorted { ranking[$0] < ranking[$1] }
        guard let best = ranked.first else { return nil }
        let runnerUp = ranked.count > 1 ? min(scores[ranked[1]], rejectDistance) : rejectDistance
        let confidence = runnerUp > 0 ? Int(max(0, runnerUp - scores[best]) * 100 / runnerUp) : 0
        guard scores[best] < rejectDistance && confidence >= minimumConfidence else { return nil }
        let taught = teachingDistances[best].compactMap { $0 }
        if spreadGate > 0, !taught.isEmpty {
            let spread = max(Double(SoundLearner.minimumSpread), taught.reduce(0, +) / Double(taught.count))
            if scores[best] * scores[best] > spreadGate * spread * runnerUp { return nil }
        }
        return best
    }
}
