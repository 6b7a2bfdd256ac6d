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
}
