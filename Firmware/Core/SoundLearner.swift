/// The result of classifying one sound event.
public struct Classification: Equatable {
    /// The recognised class, or nil when no class is close enough ("unsure").
    public let classIndex: Int?
    /// 0...100: how clearly the best class beat the runner-up (0 = a tie).
    public let confidence: Int
    /// Distance to the nearest example of the best class (`Int32.max` if nothing is learned).
    public let distance: Int32
    /// The best class even when unsure (nil if nothing is learned), for logs and tuning.
    public let nearestClass: Int?
    /// The runner-up's score, capped at the reject distance (what the gates compare with).
    public var runnerUp: Int32 = Int32.max
    /// The best class's score with the hub correction, which ranks the classes (and the
    /// parts of an event, `EventParts`).
    public var ranking: Int32 = Int32.max
}

/// Online few-shot learner: each taught event becomes a stored template at once, and the
/// next classification already uses it. A class scores the mean distance of its two
/// nearest examples; the best score wins. Each example's distance is first lowered by its
/// hub correction (`hubShare`, `TemplateMatcher.hubCorrection`): an example near every
/// other class, such as a steady texture, would otherwise be the nearest to almost
/// anything. The gates below judge the plain distances of the examples so chosen.
/// The answer is "unsure" when that score is too
/// far (a sound unlike anything taught), when the runner-up class is nearly as close, or
/// when the best score is far for that class: each example keeps its teaching distance
/// (its class score when it was taught, against the examples already there), a class's
/// spread is the mean of those, and a sound is sure only if
/// best^2 <= spreadGate/256 x spread x runner-up: closer to the class than the geometric
/// mean of how far its own takes lay and how far the next class is. Why: a sound never
/// taught is still nearest to *some* class, and how near is only telling against that
/// class's own spread (tools/method_study/REPORT.md, "Unknown sounds").
public struct SoundLearner {
    public static let classCount = ExampleStore.classCount

    /// Unsure beyond this distance (a sound unlike anything taught).
    public var rejectDistance: Int32 = 12_000
    /// Unsure below this confidence (two classes equally close).
    public var minimumConfidence = 5
    /// The spread gate, in 256ths (see above); 0 turns it off. 224 (7/8) is the strictest
    /// that keeps taught FSDD words sure and right 95 % of the time (k = 5;
    /// tools/method_study/REPORT.md, "Cosine steps").
    public var spreadGate: Int32 = 224
    /// Whether an event that may hold two sounds is also classified as its parts
    /// (`EventParts`); off only to measure what the parts bring.
    public var classifiesParts = true
    /// A class's spread counts as at least this: a class taught the same sound twice would
    /// otherwise accept nothing but exact copies.
    public static let minimumSpread: Int32 = 1024
    /// The hub correction, in eighths of each example's hub distance (see `hubDistance`;
    /// 0 turns it off): 4, CSLS's one half.
    public var hubShare: Int32 = 4 {
        didSet { precondition((0...8).contains(hubShare), "hubShare is in eighths, 0...8") }
    }

    public private(set) var store = ExampleStore()
    private var encoder = TemplateEncoder()
    private var matcher = TemplateMatcher()
    private var query = [Int8](repeating: 0, count: Template.byteCount)
    /// `query` holds a sound kept for a press (`keep`).
    private var keepsQuery = false
    private var nearest = [Int32](repeating: Int32.max, count: ExampleStore.classCount)
    private var secondNearest = [Int32](repeating: Int32.max, count: ExampleStore.classCount)
    /// The same two examples' distances without the hub correction: what the gates judge.
    private var plainNearest = [Int32](repeating: Int32.max, count: ExampleStore.classCount)
    private var plainSecondNearest = [Int32](repeating: Int32.max, count: ExampleStore.classCount)
    /// The first stage's distance of every slot (`Int32.max`: empty, or already taken).
    private var coarseDistances = [Int32](repeating: Int32.max, count: ExampleStore.slotCount)
    /// The statistics distance of every slot (`Int32.max`: empty).
    private var statisticsDistances = [Int32](repeating: Int32.max, count: ExampleStore.slotCount)
    /// Per class, the first stage's score: the sum of its two nearest coarse distances
    /// (twice the one, for a class with one example); `Int32.max` for an empty class.
    private var coarseScores = [Int32](repeating: Int32.max, count: ExampleStore.classCount)
    /// Every slot's hub distance (`hubDistance`), `TemplateMatcher.noHub` where it has none.
    private var hubDistances = [UInt16](repeating: TemplateMatcher.noHub, count: ExampleStore.slotCount)

    /// The shortlist: the full comparison runs only on the examples nearest by the first
    /// stage, 3 of the nearest class and 2 of each of the next two: 7 of up to 160.
    /// The best class needs its two nearest examples found; the others matter only as the
    /// runner-up. Measured on FSDD and esc10-dev (tools/method_study/REPORT.md, "Coarse
    /// first stage" and "Sounds that are not words"): the same accuracy as comparing every
    /// example in full.
    public static let shortlistClasses = 3
    public static func shortlistExamples(rank: Int) -> Int { rank == 0 ? 3 : 2 }

    public init() {}

    // MARK: Teaching

    @discardableResult
    public mutating func learn(_ event: SoundEvent, classIndex: Int) -> ExampleStore.AddOutcome {
        keepsQuery = false
        encoder.encode(event, into: &query)
        return addQuery(toClass: classIndex)
    }

    /// Learns an already encoded template (benchmarks encode each clip once).
    @discardableResult
    public mutating func learn(template: [Int8], classIndex: Int) -> ExampleStore.AddOutcome {
        keepsQuery = false
        for i in 0..<Template.byteCount { query[i] = template[i] }
        return addQuery(toClass: classIndex)
    }

    // MARK: A sound kept for a press

    /// Encodes `event` and keeps it, to be learned by `learnKept` once a press under way
    /// turns out to mean "teach this" (a sound made while a pad is held down). It lives in
    /// the query's buffer, so any learning or classifying in between discards it.
    public mutating func keep(_ event: SoundEvent) {
        encoder.encode(event, into: &query)
        keepsQuery = true
    }

    /// Learns the kept sound, if one is waiting.
    public mutating func learnKept(classIndex: Int) -> ExampleStore.AddOutcome? {
        guard keepsQuery else { return nil }
        keepsQuery = false
        return addQuery(toClass: classIndex)
    }

    public mutating func dropKeptSound() { keepsQuery = false }

    /// Stores the query with its teaching distance: its score against the class as it is,
    /// computed as a classification computes the best class's. Then brings the hub
    /// distances up to date.
    private mutating func addQuery(toClass classIndex: Int) -> ExampleStore.AddOutcome {
        prepareQuery()
        var distance: Int32? = nil
        if store.count(ofClass: classIndex) > 0 {
            scoreClasses(only: classIndex)
            distance = plainNearest[classIndex]
        }
        // The example that gives way, if the class is full: its distances to the others
        // tell whose hub distance it was (`coarseDistances` is free until the next query).
        let (slot, replacing) = store.slotForNewExample(ofClass: classIndex)
        if replacing { TemplateMatcher.statisticsDistances(fromSlot: slot, in: store, into: &coarseDistances) }
        let outcome = store.add(query, toClass: classIndex, teachingDistance: distance)
        updateHubDistances(newSlot: slot, replacedDistances: replacing)
        return outcome
    }

    /// Forgets a class. Returns how many examples it had.
    @discardableResult
    public mutating func forget(classIndex: Int) -> Int {
        let removed = store.removeAll(ofClass: classIndex)
        refreshHubDistances()
        return removed
    }

    /// Removes the newest example of a class. Returns false if it had none.
    @discardableResult
    public mutating func undoLast(classIndex: Int) -> Bool {
        let removed = store.removeNewest(ofClass: classIndex)
        refreshHubDistances()
        return removed
    }

    public mutating func reset() {
        store.removeAll()
        refreshHubDistances()
    }

    public func exampleCount(classIndex: Int) -> Int { store.count(ofClass: classIndex) }

    /// A class's spread: the mean teaching distance of its examples (at least
    /// `minimumSpread`), or nil when none has one (fewer than two were taught).
    public func spread(ofClass classIndex: Int) -> Int32? {
        var sum: Int64 = 0, count: Int64 = 0
        for slot in store.slots(ofClass: classIndex) where store.isOccupied(slot) {
            if let d = store.teachingDistance(slot) { sum += Int64(d); count += 1 }
        }
        return count == 0 ? nil : max(Self.minimumSpread, Int32(sum / count))
    }

    // MARK: Hub distances

    /// A stored example's hub distance: the statistics distance (`TemplateMatcher`) to its
    /// nearest stored example of another class, saturated at 65 534; nil while no other
    /// class has examples. Always that of the store as it is: learning updates it, and
    /// removing examples or loading a model recomputes it.
    public func hubDistance(slot: Int) -> UInt16? {
        hubDistances[slot] == TemplateMatcher.noHub ? nil : hubDistances[slot]
    }

    /// After `add` put the query into `newSlot`, whose statistics distances to the store (as
    /// it was) are in `statisticsDistances`; with `replacedDistances`, it replaced an example
    /// whose own distances are in `coarseDistances`.
    private mutating func updateHubDistances(newSlot: Int, replacedDistances: Bool) {
        let classIndex = ExampleStore.classIndex(ofSlot: newSlot)
        var own = TemplateMatcher.noHub
        for slot in 0..<ExampleStore.slotCount where store.isOccupied(slot) && ExampleStore.classIndex(ofSlot: slot) != classIndex {
            let d = Self.hubValue(statisticsDistances[slot])
            own = min(own, d)
            if replacedDistances && hubDistances[slot] == Self.hubValue(coarseDistances[slot]) && d > hubDistances[slot] {
                // Its nearest of another class was the example that gave way: look again below.
                hubDistances[slot] = TemplateMatcher.noHub
            } else {
                hubDistances[slot] = min(hubDistances[slot], d)
            }
        }
        hubDistances[newSlot] = own
        guard replacedDistances else { return }
        // Only examples of other classes can have lost their nearest, and the new example's
        // class is one for them, so each still has a hub distance.
        for slot in 0..<ExampleStore.slotCount where hubDistances[slot] == TemplateMatcher.noHub && store.isOccupied(slot)
            && ExampleStore.classIndex(ofSlot: slot) != classIndex {
            hubDistances[slot] = Self.hubValue(TemplateMatcher.nearestStatisticsDistance(fromSlot: slot, in: store))
        }
    }

    /// Recomputes every hub distance from the store (after examples were removed, or a model
    /// loaded).
    private mutating func refreshHubDistances() {
        for slot in 0..<ExampleStore.slotCount {
            hubDistances[slot] = store.isOccupied(slot)
                ? Self.hubValue(TemplateMatcher.nearestStatisticsDistance(fromSlot: slot, in: store)) : TemplateMatcher.noHub
        }
    }

    /// A statistics distance as a hub distance: `Int32.max` (none) as `noHub`; any other is at
    /// most 50 x 255.
    private static func hubValue(_ distance: Int32) -> UInt16 {
        distance == Int32.max ? TemplateMatcher.noHub : UInt16(clamping: min(distance, Int32(TemplateMatcher.noHub) - 1))
    }

    // MARK: Recognising

    /// Classifies the event, and its two parts when it may hold two sounds (`EventParts`);
    /// a part answers only when clearly nearer than the whole (`EventParts.nearest`).
    public mutating func classify(_ event: SoundEvent) -> Classification {
        keepsQuery = false
        encoder.encode(event, into: &query)
        let whole = classifyQuery()
        guard classifiesParts, let dip = encoder.partsDip(frames: event.frameCount) else { return whole }
        encoder.encode(event, frames: 0..<dip, into: &query)
        let first = classifyQuery()
        encoder.encode(event, frames: dip..<event.frameCount, into: &query)
        return EventParts.nearest(whole, first, classifyQuery())
    }

    public mutating func classify(template: [Int8]) -> Classification {
        keepsQuery = false
        for i in 0..<Template.byteCount { query[i] = template[i] }
        return classifyQuery()
    }

    /// Classifies an encoded event and its encoded parts (`encodeWithParts`) as
    /// `classify(_ event:)` does (benchmarks encode each clip once).
    public mutating func classify(template: [Int8], parts: [[Int8]]) -> Classification {
        let whole = classify(template: template)
        guard classifiesParts, parts.count == 2 else { return whole }
        let first = classify(template: parts[0])
        return EventParts.nearest(whole, first, classify(template: parts[1]))
    }

    /// Encodes an event without learning it (tools, tests).
    public mutating func encode(_ event: SoundEvent) -> [Int8] {
        var template = [Int8](repeating: 0, count: Template.byteCount)
        encoder.encode(event, into: &template)
        return template
    }

    /// Encodes an event without learning it, and its two parts when it may hold two sounds
    /// (whatever `classifiesParts`), else no parts (tools).
    public mutating func encodeWithParts(_ event: SoundEvent) -> (whole: [Int8], parts: [[Int8]]) {
        let whole = encode(event)
        guard let dip = encoder.partsDip(frames: event.frameCount) else { return (whole, []) }
        var template = whole
        return (whole, [0..<dip, dip..<event.frameCount].map { frames in
            encoder.encode(event, frames: frames, into: &template)
            return template
        })
    }

    private mutating func classifyQuery() -> Classification {
        prepareQuery()
        scoreClasses(only: nil)
        var best = -1, second = -1
        for c in nearest.indices where nearest[c] != Int32.max {
            if best < 0 || nearest[c] < nearest[best] {
                second = best; best = c
            } else if second < 0 || nearest[c] < nearest[second] {
                second = c
            }
        }
        if best < 0 {
            return Classification(classIndex: nil, confidence: 0, distance: Int32.max, nearestClass: nil)
        }
        let score = plainNearest[best]
        let runnerUp = second >= 0 ? min(plainNearest[second], rejectDistance) : rejectDistance
        let confidence = runnerUp > 0 ? Int(Int64(max(0, runnerUp - score)) * 100 / Int64(runnerUp)) : 0
        var sure = score < rejectDistance && confidence >= minimumConfidence
        if sure, spreadGate > 0, let spread = spread(ofClass: best) {
            // Each factor capped at 2^24 (distances are about 10^4) and the gate at 2^12,
            // so neither side can pass 2^63 whatever the settings.
            let cap: Int64 = 1 << 24
            let s = min(Int64(score), cap)
            sure = s * s * 256 <= min(Int64(spreadGate), 1 << 12) * min(Int64(spread), cap) * min(Int64(runnerUp), cap)
        }
        return Classification(classIndex: sure ? best : nil, confidence: confidence, distance: score, nearestClass: best,
                              runnerUp: runnerUp, ranking: nearest[best])
    }

    /// Sets the query in the matcher and measures its statistics distance to every stored
    /// example, which the first stage and the full comparison mix in and learning turns
    /// into hub distances.
    private mutating func prepareQuery() {
        matcher.setQuery(query)
        matcher.statisticsDistances(in: store, into: &statisticsDistances)
    }

    /// Every class's score against the query `prepareQuery` set (`nearest`, `Int32.max`
    /// where not scored): the first stage ranks classes and examples, the full comparison
    /// runs on the shortlist, and a class scores the mean of its two nearest (its one, if
    /// it has one). `only` scores that class alone (a teaching distance).
    private mutating func scoreClasses(only classIndex: Int?) {
        rankByCoarseDistance(only: classIndex)
        // The full comparison, on the shortlist only: in each of the classes the first stage
        // found nearest, its examples nearest by that stage, nearest first.
        for c in nearest.indices {
            nearest[c] = Int32.max; secondNearest[c] = Int32.max
            plainNearest[c] = Int32.max; plainSecondNearest[c] = Int32.max
        }
        for rank in 0..<Self.shortlistClasses {
            guard let c = Self.takeSmallest(&coarseScores) else { break }
            for _ in 0..<Self.shortlistExamples(rank: rank) {
                guard let slot = Self.takeSmallest(&coarseDistances, in: store.slots(ofClass: c)) else { break }
                // Only a distance below the class's current second nearest can change its
                // score, so the matcher may stop early above it.
                let correction = TemplateMatcher.hubCorrection(hubDistances[slot], share: hubShare,
                                                                sustained: matcher.querySustained, coarse: false)
                let limit = Int32(clamping: Int64(secondNearest[c]) + Int64(correction))
                let full = store.withPayloads {
                    matcher.combinedDistance(to: $0, at: slot * Template.byteCount,
                                             statistics: statisticsDistances[slot], limit: limit)
                }
                let d = max(0, full - correction)
                if d < nearest[c] {
                    secondNearest[c] = nearest[c]; plainSecondNearest[c] = plainNearest[c]
                    nearest[c] = d; plainNearest[c] = full
                } else if d < secondNearest[c] {
                    secondNearest[c] = d; plainSecondNearest[c] = full
                }
            }
        }
        // A class scores the mean of its two nearest examples (one, if it has one):
        // a single stray example then cannot win on its own.
        for c in nearest.indices where nearest[c] != Int32.max && secondNearest[c] != Int32.max {
            nearest[c] = (nearest[c] + secondNearest[c]) / 2
            plainNearest[c] = (plainNearest[c] + plainSecondNearest[c]) / 2
        }
    }

    /// The first stage: every stored example's coarse distance combined with its statistics
    /// distance, and each class's score; with `only`, that class's examples alone.
    private mutating func rankByCoarseDistance(only classIndex: Int?) {
        let slots = classIndex.map { store.slots(ofClass: $0) } ?? 0..<ExampleStore.slotCount
        // Scoring one class: the others' slots must not be shortlisted.
        if classIndex != nil {
            for slot in 0..<ExampleStore.slotCount where !slots.contains(slot) { coarseDistances[slot] = Int32.max }
        }
        matcher.coarseDistances(in: store, slots: slots, into: &coarseDistances)
        TemplateMatcher.combine(&coarseDistances, statistics: statisticsDistances, hubs: hubDistances, hubShare: hubShare,
                                slots: slots, sustained: matcher.querySustained, coarse: true)
        rankClasses()
    }

    /// Each class's first-stage score from its examples' distances.
    private mutating func rankClasses() {
        for c in coarseScores.indices {
            var lowest = Int32.max, second = Int32.max
            for slot in store.slots(ofClass: c) {
                let d = coarseDistances[slot]
                if d < lowest { second = lowest; lowest = d } else if d < second { second = d }
            }
            coarseScores[c] = lowest == Int32.max ? Int32.max : lowest &+ (second == Int32.max ? lowest : second)
        }
    }

    /// The index of the smallest value below `Int32.max` in `range` (the first, on a tie),
    /// marked taken; nil when none is left.
    private static func takeSmallest(_ values: inout [Int32], in range: Range<Int>? = nil) -> Int? {
        var found: Int? = nil
        for i in range ?? values.indices where values[i] != Int32.max && (found == nil || values[i] < values[found!]) {
            found = i
        }
        if let i = found { values[i] = Int32.max }
        return found
    }

    // MARK: Persistence

    /// Writes the model image (see `ModelImage`) into `buffer`; returns its length.
    @discardableResult
    public func writeImage(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        ModelImage.write(store, into: buffer)
    }

    /// Replaces the model with the image in `bytes`, or throws and changes nothing.
    public mutating func loadImage(_ bytes: UnsafeRawBufferPointer) throws(ModelImage.ReadError) {
        try ModelImage.read(bytes, into: &store)
        refreshHubDistances()
    }

    /// Calls `body` with the current model image, straight from the store (no copy).
    public mutating func withImage<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        store.withImage(body)
    }

    /// Start-up: lets `fill` read the stored image straight into the model's memory and
    /// returns how many bytes it read (nil: nothing stored), then checks it. Returns false
    /// when nothing was stored; throws when the image is not valid. Either way the model
    /// is then empty, as it was before.
    public mutating func loadImageInPlace(_ fill: (UnsafeMutableRawBufferPointer) -> Int?) throws(ModelImage.ReadError) -> Bool {
        defer { refreshHubDistances() }
        return try store.loadInPlace(fill)
    }
}
