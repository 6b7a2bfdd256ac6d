import Testing
@testable import KinuCore

/// The learner's hub correction: every stored example's hub distance stays that of the
/// store as it is, through learning, full classes, undo, forget and loading; and it moves a
/// decision away from an example that is near everything, while the gates keep judging the
/// plain distances.
@Suite struct HubDistanceTests {
    /// A template with a sequence of zeros, the given statistics bytes and frame count.
    static func template(statistics: [UInt8], frames: Int = 30) -> [Int8] {
        var t = [Int8](repeating: 0, count: Template.byteCount)
        for (i, s) in statistics.enumerated() { t[Template.statisticsOffset + i] = Int8(bitPattern: s) }
        t[Template.frameCountOffset] = Int8(bitPattern: UInt8(frames))
        return t
    }

    static func randomStatistics(_ g: inout SignalGenerator, around centre: Double) -> [UInt8] {
        (0..<Template.comparedStatistics).map { _ in UInt8(max(0, min(255, (centre + 30 * g.uniform()).rounded()))) }
    }

    static func statisticsDistance(_ a: [Int8], _ b: [Int8]) -> Int {
        (0..<Template.comparedStatistics).reduce(0) { sum, i in
            let x = Int(UInt8(bitPattern: a[Template.statisticsOffset + i]))
            let y = Int(UInt8(bitPattern: b[Template.statisticsOffset + i]))
            return sum + abs(x - y)
        }
    }

    /// Every occupied slot's hub distance, from the store's templates by brute force.
    static func expectedHubs(_ store: ExampleStore) -> [Int: UInt16?] {
        var hubs: [Int: UInt16?] = [:]
        for slot in 0..<ExampleStore.slotCount where store.isOccupied(slot) {
            let others = (0..<ExampleStore.slotCount).filter {
                store.isOccupied($0) && ExampleStore.classIndex(ofSlot: $0) != ExampleStore.classIndex(ofSlot: slot)
            }
            hubs[slot] = others.map { UInt16(statisticsDistance(store.payload(slot), store.payload($0))) }.min()
        }
        return hubs
    }

    static func expectCurrent(_ learner: SoundLearner, _ step: String) {
        let expected = expectedHubs(learner.store)
        for (slot, hub) in expected {
            #expect(learner.hubDistance(slot: slot) == hub, "slot \(slot) after \(step)")
        }
    }

    /// Learning into empty and full classes, undo, forget, reset and loading an image: after
    /// each, every hub distance equals the brute-force one. Full classes are taught until
    /// an example whose nearest of another class gave way had to look again.
    @Test func hubDistancesFollowTheStoreThroughEveryChange() throws {
        var g = SignalGenerator(seed: 41)
        var learner = SoundLearner()
        Self.expectCurrent(learner, "start")
        var lookedAgain = 0
        for step in 0..<160 {
            let c = step % 3 == 2 ? 2 : Int((g.uniform() + 1) * 1.5) % 2   // classes 0, 1 fill up first
            let t = Self.template(statistics: Self.randomStatistics(&g, around: 100 + 10 * Double(c)))
            // Which examples of other classes lose their nearest when this one gives way.
            let (slot, replacing) = learner.store.slotForNewExample(ofClass: c)
            if replacing {
                let before = Self.expectedHubs(learner.store)
                let gone = learner.store.payload(slot)
                for (other, hub) in before where ExampleStore.classIndex(ofSlot: other) != c {
                    let viaGone = UInt16(Self.statisticsDistance(learner.store.payload(other), gone))
                    if hub == viaGone && UInt16(Self.statisticsDistance(learner.store.payload(other), t)) > viaGone { lookedAgain += 1 }
                }
            }
            learner.learn(template: t, classIndex: c)
            Self.expectCurrent(learner, "learning \(step)")
        }
        #expect(lookedAgain > 0, "some example had to look for its nearest again")
        let undone = learner.undoLast(classIndex: 1)
        #expect(undone)
        Self.expectCurrent(learner, "undo")
        var image = [UInt8](repeating: 0, count: ModelImage.byteCount)
        image.withUnsafeMutableBytes { _ = learner.writeImage(into: $0) }
        let forgotten = learner.forget(classIndex: 0)
        #expect(forgotten > 0)
        Self.expectCurrent(learner, "forget")
        var loaded = SoundLearner()
        try image.withUnsafeBytes { try loaded.loadImage($0) }
        Self.expectCurrent(loaded, "loading")
        #expect(loaded.hubDistance(slot: 0) != nil)
        var inPlace = SoundLearner()
        let found = try inPlace.loadImageInPlace { (buffer: UnsafeMutableRawBufferPointer) -> Int? in
            for i in 0..<image.count { buffer[i] = image[i] }
            return image.count
        }
        #expect(found)
        Self.expectCurrent(inPlace, "loading in place")
        inPlace.reset()
        #expect(inPlace.hubDistance(slot: 0) == nil)
        // One class alone has no hub distances.
        var single = SoundLearner()
        single.learn(template: Self.template(statistics: Self.randomStatistics(&g, around: 90)), classIndex: 4)
        single.learn(template: Self.template(statistics: Self.randomStatistics(&g, around: 90)), classIndex: 4)
        #expect(single.hubDistance(slot: 64) == nil && single.hubDistance(slot: 65) == nil)
    }

    /// Two classes equally near a query: the one whose example is also near a third class
    /// (a hub) loses to the one whose example stands apart. Without the correction the tie
    /// goes to the first class. The answer's distance is the plain one.
    @Test func anExampleNearEverythingLosesItsPull() {
        let query = [UInt8](repeating: 100, count: Template.comparedStatistics)
        var hub = query, apart = query, nearHub = query
        // Each 100 statistics units from the query, in different bytes.
        for i in 0..<10 { hub[i] = 110; apart[10 + i] = 110 }
        // The third class sits 120 units from the hub, 320 from the one apart, 220 from the query.
        for i in 0..<10 { nearHub[i] = 112 }
        nearHub[40] = 0
        var learner = SoundLearner()
        learner.learn(template: Self.template(statistics: hub), classIndex: 0)
        learner.learn(template: Self.template(statistics: apart), classIndex: 1)
        learner.learn(template: Self.template(statistics: nearHub), classIndex: 2)
        #expect(learner.hubDistance(slot: 0) == UInt16(120))
        #expect(learner.hubDistance(slot: 16) == UInt16(200))
        let q = Self.template(statistics: query)
        let corrected = learner.classify(template: q)
        #expect(corrected.nearestClass == 1)
        #expect(corrected.distance == TemplateMatcher.combined(sequence: 0, statistics: 100, sustained: false))
        learner.hubShare = 0
        #expect(learner.classify(template: q).nearestClass == 0)
    }

    /// Three classes of hubs (each 20 units from the others) and one example that stands
    /// apart, a little farther from the query: the first stage already has to take the
    /// correction, or the example apart is not even shortlisted. It wins, and the gates
    /// judge plain distances: plainly the runner-up is nearer, so the answer is unsure.
    @Test func theCorrectionChoosesAndThePlainDistancesJudge() {
        let query = [UInt8](repeating: 100, count: Template.comparedStatistics)
        var hubs = [query, query, query], apart = query
        for h in 0..<3 { for i in 0..<9 { hubs[h][i] = 110 } }
        hubs[0][9] = 110; hubs[1][10] = 110; hubs[2][11] = 110     // 100 from the query, 20 apart
        for i in 20..<31 { apart[i] = 110 }                          // 110 from the query, 210 from each
        var learner = SoundLearner()
        for (c, h) in hubs.enumerated() { learner.learn(template: Self.template(statistics: h), classIndex: c) }
        learner.learn(template: Self.template(statistics: apart), classIndex: 3)
        #expect(learner.hubDistance(slot: 0) == UInt16(20) && learner.hubDistance(slot: 48) == UInt16(210))
        let result = learner.classify(template: Self.template(statistics: query))
        #expect(result.nearestClass == 3)
        #expect(result.distance == TemplateMatcher.combined(sequence: 0, statistics: 110, sustained: false))
        #expect(result.runnerUp == TemplateMatcher.combined(sequence: 0, statistics: 100, sustained: false))
        #expect(result.confidence == 0 && result.classIndex == nil)
    }

    /// A class of two examples scores the plain mean of the two, and a teaching distance is
    /// plain: the learner's figures equal the combined distances without any correction.
    @Test func classScoresAndTeachingDistancesArePlain() {
        let query = [UInt8](repeating: 100, count: Template.comparedStatistics)
        var first = query, second = query, other = query
        for i in 0..<10 { first[i] = 110 }                  // 100 from the query
        for i in 0..<10 { second[10 + i] = 112 }            // 120 from the query, 220 from `first`
        for i in 30..<50 { other[i] = 90 }                  // 200 from the query
        var learner = SoundLearner()
        learner.learn(template: Self.template(statistics: other), classIndex: 1)
        learner.learn(template: Self.template(statistics: first), classIndex: 0)
        learner.learn(template: Self.template(statistics: second), classIndex: 0)
        #expect(learner.hubDistance(slot: 1) != nil)
        // The teaching distance of `second`: its plain distance to `first`.
        #expect(learner.store.teachingDistance(1) == TemplateMatcher.combined(sequence: 0, statistics: 220, sustained: false))
        let result = learner.classify(template: Self.template(statistics: query))
        #expect(result.nearestClass == 0)
        let plain = (TemplateMatcher.combined(sequence: 0, statistics: 100, sustained: false)
                     + TemplateMatcher.combined(sequence: 0, statistics: 120, sustained: false)) / 2
        #expect(result.distance == plain)
        #expect(result.runnerUp == TemplateMatcher.combined(sequence: 0, statistics: 200, sustained: false))
    }

    /// Random templates, sequences included, the learner's answer against an exhaustive
    /// search that compares every example in full without stopping early, less its
    /// correction, for sustained and short queries alike. The stores are small enough for
    /// the shortlist to hold every example: three classes of two, or one class of three
    /// takes of one sound, the query another take, and a class of two (the third take is
    /// where the full comparison may stop early).
    @Test func theLearnerDecidesAsAnExhaustiveCorrectedSearch() {
        var g = SignalGenerator(seed: 59)
        func random(frames: Int) -> [Int8] {
            var t = (0..<Template.byteCount).map { _ in Int8(max(-127, min(127, (g.uniform() * 40).rounded()))) }
            for i in 0..<Template.comparedStatistics { t[Template.statisticsOffset + i] = Int8(bitPattern: UInt8((g.uniform() + 1) * 60)) }
            t[Template.frameCountOffset] = Int8(bitPattern: UInt8(frames))
            return t
        }
        func take(of base: [Int8]) -> [Int8] {
            var t = base
            for i in 0..<Template.sequenceByteCount { t[i] = Int8(max(-127, min(127, Double(t[i]) + (g.uniform() * 12).rounded()))) }
            for i in 0..<Template.comparedStatistics {
                let s = Double(UInt8(bitPattern: t[Template.statisticsOffset + i])) + (g.uniform() * 8).rounded()
                t[Template.statisticsOffset + i] = Int8(bitPattern: UInt8(max(0, min(255, s))))
            }
            return t
        }
        var corrected = 0, rounds = 0
        for round in 0..<60 {
            let sustained = round % 2 == 1
            let frames = sustained ? TemplateMatcher.sustainedFrameCount : 30
            var learner = SoundLearner()
            var queries: [[Int8]] = []
            if round < 30 {
                for c in 0..<3 { for _ in 0..<2 { learner.learn(template: random(frames: frames), classIndex: c) } }
                queries = (0..<4).map { _ in random(frames: frames) }
            } else {
                let base = random(frames: frames)
                for _ in 0..<3 { learner.learn(template: take(of: base), classIndex: 0) }
                for _ in 0..<2 { learner.learn(template: random(frames: frames), classIndex: 1) }
                queries = (0..<4).map { _ in take(of: base) }
            }
            for query in queries {
                var matcher = TemplateMatcher()
                matcher.setQuery(query)
                var statistics = [Int32](repeating: 0, count: ExampleStore.slotCount)
                matcher.statisticsDistances(in: learner.store, into: &statistics)
                // A class's score: the mean of its two nearest by the corrected distance. Where
                // corrections bring several examples to the same value (0), which two the
                // learner keeps depends on the order it met them: any such pair will do.
                var ranking = [Int32](), plainChoices = [Set<Int32>]()
                for c in 0..<ExampleStore.classCount where learner.exampleCount(classIndex: c) > 0 {
                    let d: [(ranking: Int32, plain: Int32)] = learner.store.slots(ofClass: c).filter { learner.store.isOccupied($0) }.map { slot in
                        let full = learner.store.withPayloads { matcher.combinedDistance(to: $0, at: slot * Template.byteCount, statistics: statistics[slot]) }
                        let correction = TemplateMatcher.hubCorrection(learner.hubDistance(slot: slot) ?? TemplateMatcher.noHub, share: 4,
                                                                       sustained: sustained, coarse: false)
                        if correction > 0 { corrected += 1 }
                        return (max(0, full - correction), full)
                    }.sorted { $0.ranking < $1.ranking }
                    ranking.append((d[0].ranking + d[1].ranking) / 2)
                    let first = d.filter { $0.ranking == d[0].ranking }, second = d.filter { $0.ranking == d[1].ranking }
                    var choices = Set<Int32>()
                    for (i, x) in first.enumerated() {
                        for (j, y) in second.enumerated() where d[0].ranking != d[1].ranking || i != j {
                            choices.insert((x.plain + y.plain) / 2)
                        }
                    }
                    plainChoices.append(choices)
                }
                let order = ranking.indices.sorted { (ranking[$0], $0) < (ranking[$1], $1) }
                let result = learner.classify(template: query)
                #expect(result.nearestClass == order[0], "round \(round)")
                #expect(plainChoices[order[0]].contains(result.distance), "round \(round)")
                #expect(plainChoices[order[1]].map { min($0, learner.rejectDistance) }.contains(result.runnerUp), "round \(round)")
                rounds += 1
            }
        }
        #expect(rounds == 240 && corrected > 200, "the corrections were not all zero")
    }
}
