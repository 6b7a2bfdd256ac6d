import KinuDSP

/// Distance between two templates: two dynamic-time-warping comparisons summed.
///
/// - View A, mean-normalised: each coefficient minus its mean over the 16 steps. Robust to
///   the microphone, the room and the speaker's voice.
/// - View B, raw: the coefficients as stored. Keeps the absolute spectral shape, which is
///   what tells a knock from a clap.
///
/// Each step of a view is compared by its direction only (cosine distance): every step
/// counts by how its spectral shape differs, so the weak consonants and transitions that
/// part similar words weigh as much as the loud vowels, and a word never taught that
/// shares a taught one's vowel no longer lies as near as a new take of it. A constant last
/// component (one octave) makes near-flat steps compare as flat. Each DTW: a Sakoe-Chiba
/// band of 3 steps, symmetric steps (a diagonal move costs twice, so every alignment weighs
/// the same). The two sums are weighed so that each view's median distance over FSDD is
/// what it was with L1 steps (the fitted constants), which keeps every threshold built on
/// the distance in its units (tools/method_study/REPORT.md, "Cosine steps"). Integer
/// throughout; the views are preallocated. The views and the DTW are KinuDSP kernels
/// (`kinu_query_views`, `kinu_example_views`, `kinu_warp_a`/`_b`): classification runs
/// them once per stored example, with the Cortex-M4's SIMD instructions on the firmware and
/// the same sums in portable C on the host.
public struct TemplateMatcher {
    public static let bandA = Int(KINU_DTW_BAND_A)
    public static let bandB = Int(KINU_DTW_BAND_B)
    /// The views' weights: combined = (A x weightA + B x weightB) >> 16.
    public static let weightA: Int64 = 1979
    public static let weightB: Int64 = 2833
    /// A unit vector's length in the query's bytes, and the steps' constant last component.
    public static let unit = Int(KINU_UNIT)
    public static let cosineFloor = Int(KINU_COSINE_FLOOR)
    static let queryWords = Int(KINU_QUERY_VIEW_WORDS) * Template.steps
    static let exampleWords = Int(KINU_EXAMPLE_VIEW_WORDS) * Template.steps

    /// The query's two views (layout: `kinu_query_views`), computed once per
    /// classification.
    private var queryA: [UInt32]
    private var queryB: [UInt32]
    /// The stored example's two views (`kinu_example_views`), recomputed for each comparison.
    private var exampleA: [UInt32]
    private var exampleB: [UInt32]
    /// The query's coarse view (`kinu_coarse_view`), for the first stage.
    private var queryCoarse: [UInt32]
    /// The query's statistics (`Template`, word aligned for the kernel), and whether it was
    /// a sustained sound.
    private var queryStatistics: [UInt32]
    private(set) var querySustained = false

    /// Sustained sounds: events of the detector's maximum length (it cut them there, and
    /// neither an earlier fade nor a click at an edge shortened them).
    public static let sustainedFrameCount = DetectorConfig().maxFrames

    public init() {
        // Each its own buffer: a shared one would be copied on first write, which is an
        // allocation in the middle of listening.
        queryA = [UInt32](repeating: 0, count: Self.queryWords)
        exampleA = [UInt32](repeating: 0, count: Self.exampleWords)
        queryB = [UInt32](repeating: 0, count: Self.queryWords)
        exampleB = [UInt32](repeating: 0, count: Self.exampleWords)
        queryCoarse = [UInt32](repeating: 0, count: Int(KINU_COARSE_WORDS))
        queryStatistics = [UInt32](repeating: 0, count: Template.statisticsByteCount / 4)
    }

    /// Prepares the views of the template every following `distance` compares against.
    public mutating func setQuery(_ template: [Int8], at offset: Int = 0) {
        precondition(offset >= 0 && offset + Template.byteCount <= template.count)
        template.withUnsafeBufferPointer { x in
        queryA.withUnsafeMutableBufferPointer { a in
        queryB.withUnsafeMutableBufferPointer { b in
            kinu_query_views(x.baseAddress! + offset, a.baseAddress!, b.baseAddress!)
        }}}
        template.withUnsafeBufferPointer { x in
        queryCoarse.withUnsafeMutableBufferPointer { coarse in
            kinu_coarse_view(x.baseAddress! + offset, coarse.baseAddress!)
        }}
        queryStatistics.withUnsafeMutableBytes { statistics in
            for i in 0..<Template.statisticsByteCount {
                statistics[i] = UInt8(bitPattern: template[offset + Template.statisticsOffset + i])
            }
        }
        querySustained = template.withUnsafeBufferPointer { Template.frameCount($0, at: offset) } >= Self.sustainedFrameCount
    }

    /// The first stage: the distance of the query to each of the store's `slotCount`
    /// templates, `Int32.max` for an empty slot. A DTW at half the time resolution, about 20
    /// times cheaper than `distance`, that ranks the stored examples so the full comparison
    /// runs only on the nearest few (`kinu_coarse_distances`). Its units are not those of
    /// `distance`.
    /// `slots` limits it to a range of slots (one class), the others left as they were.
    public func coarseDistances(in store: ExampleStore, slots: Range<Int> = 0..<ExampleStore.slotCount,
                                into out: inout [Int32]) {
        Self.run(kinu_coarse_distances, query: queryCoarse, in: store, slots: slots, into: &out)
    }

    // MARK: Statistics

    /// The statistics distance of the query to each of the store's templates (L1 over the
    /// compared statistics bytes; `Int32.max` for an empty slot).
    /// `slots` as for `coarseDistances`.
    public func statisticsDistances(in store: ExampleStore, slots: Range<Int> = 0..<ExampleStore.slotCount,
                                    into out: inout [Int32]) {
        Self.run(kinu_statistics_distances, query: queryStatistics, in: store, slots: slots, into: &out)
    }

    /// The statistics distance of the example in `slot` to each of the store's templates, as
    /// `statisticsDistances` would give it with that example as the query.
    public static func statisticsDistances(fromSlot slot: Int, in store: ExampleStore, into out: inout [Int32]) {
        precondition(out.count >= ExampleStore.slotCount)
        out.withUnsafeMutableBufferPointer { out in
            withStatistics(ofSlot: slot, in: store) { statistics, templates, sequences in
                kinu_statistics_distances(statistics, templates, sequences, Int32(ExampleStore.slotCount), out.baseAddress!)
            }
        }
    }

    /// The smallest statistics distance from the example in `slot` to a stored example of
    /// another class (`kinu_nearest_statistics`); `Int32.max` if there is none.
    public static func nearestStatisticsDistance(fromSlot slot: Int, in store: ExampleStore) -> Int32 {
        let own = store.slots(ofClass: ExampleStore.classIndex(ofSlot: slot))
        return withStatistics(ofSlot: slot, in: store) { statistics, templates, sequences in
            kinu_nearest_statistics(statistics, templates, sequences, Int32(ExampleStore.slotCount),
                                    Int32(own.lowerBound), Int32(own.upperBound))
        }
    }

    /// Calls `body` with the statistics of the example in `slot` (as a kernel's query), the
    /// store's templates and their sequence numbers.
    private static func withStatistics<R>(ofSlot slot: Int, in store: ExampleStore,
                                          _ body: (UnsafePointer<UInt32>, UnsafePointer<Int8>, UnsafePointer<UInt8>) -> R) -> R {
        precondition((0..<ExampleStore.slotCount).contains(slot))
        return store.withTemplatesAndSequences { templates, sequences in
            // A template's statistics start word aligned (the stride and the sequence are
            // multiples of 4 bytes, and the store's buffer is aligned).
            let statistics = UnsafeRawPointer(templates + slot * Template.byteCount + Template.statisticsOffset)
            return body(statistics.assumingMemoryBound(to: UInt32.self), templates, sequences)
        }
    }

    /// A KinuDSP kernel that compares a query with each of `count` stored templates.
    typealias SlotKernel = @convention(c) (UnsafePointer<UInt32>?, UnsafePointer<Int8>?, UnsafePointer<UInt8>?, Int32,
                                           UnsafeMutablePointer<Int32>?) -> Void

    /// Runs `kernel` over the store's `slots`, writing each slot's result at its index in `out`.
    private static func run(_ kernel: SlotKernel, query: [UInt32], in store: ExampleStore, slots: Range<Int>,
                            into out: inout [Int32]) {
        precondition(out.count >= ExampleStore.slotCount && slots.upperBound <= ExampleStore.slotCount)
        query.withUnsafeBufferPointer { query in
        out.withUnsafeMutableBufferPointer { out in
            store.withTemplatesAndSequences { templates, sequences in
                kernel(query.baseAddress!, templates + slots.lowerBound * Template.byteCount,
                       sequences + 4 * slots.lowerBound, Int32(slots.count), out.baseAddress! + slots.lowerBound)
            }
        }}
    }

    /// The sequence distance (`distance`, or the first stage's) and the statistics distance
    /// in one figure. A sustained query (a texture, whose 1.5 s window has no time course
    /// worth aligning) goes mostly by its statistics: the sequence counts 1/16, the
    /// statistics 18.25 per unit (in the full distance's units, whose FSDD median is about
    /// 10 600). Any other query goes by its full sequence distance plus the statistics at
    /// about a quarter of that weight per unit (4.6): enough to tell a sneeze from a bark,
    /// too little to move words, whose time course decides. `coarse` scales the weights by
    /// 1.32, the ratio of the first stage's median to the full one's on FSDD and esc10-dev
    /// alike. The same rule for every stored example of one query keeps its ranking
    /// consistent. How it was chosen: tools/method_study/REPORT.md, "Sounds that are not words".
    public static func combined(sequence: Int32, statistics: Int32, sustained: Bool, coarse: Bool = false) -> Int32 {
        // Statistics reach 50 x 255, so the product stays far below 2^31.
        let sum = Int64(sustained ? sequence >> 4 : sequence)
            + Int64((statistics &* statisticsWeight(sustained: sustained, coarse: coarse)) >> 3)
        return Int32(min(Int64(Int32.max), sum))
    }

    /// `combined` for the `slots` of a whole store at once, each less its example's hub
    /// correction (`hubCorrection`, none where `hubs` is `noHub`), in place
    /// (`kinu_add_statistics`); `Int32.max`, an empty slot, stays.
    public static func combine(_ distances: inout [Int32], statistics: [Int32], hubs: [UInt16], hubShare: Int32,
                               slots: Range<Int>, sustained: Bool, coarse: Bool) {
        precondition(slots.upperBound <= distances.count && slots.upperBound <= statistics.count
                     && slots.upperBound <= hubs.count)
        // An empty slot is Int32.max in both and skipped; any other statistics distance is at
        // most 50 x 255, so the kernel's products stay far inside 32 bits.
        distances.withUnsafeMutableBufferPointer { distances in
        statistics.withUnsafeBufferPointer { statistics in
        hubs.withUnsafeBufferPointer { hubs in
            kinu_add_statistics(distances.baseAddress! + slots.lowerBound, statistics.baseAddress! + slots.lowerBound,
                                hubs.baseAddress! + slots.lowerBound, Int32(slots.count), sustained ? 4 : 0,
                                statisticsWeight(sustained: sustained, coarse: coarse),
                                hubWeight(share: hubShare, sustained: sustained, coarse: coarse))
        }}}
    }

    /// Marks an example with no stored example of another class to measure its hub distance by.
    public static let noHub = UInt16(KINU_NO_HUB)

    /// How much an example's distance to a query shrinks for the example being far from
    /// every other class: `share` eighths of its hub distance (the statistics distance to its
    /// nearest stored example of another class), weighed as the query weighs statistics. A
    /// "hub", an example near everything (a steady texture), gains little; a distinctive one
    /// gains much (tools/method_study/REPORT.md, "Hub examples").
    public static func hubCorrection(_ hub: UInt16, share: Int32, sustained: Bool, coarse: Bool) -> Int32 {
        hub == noHub ? 0 : (Int32(hub) &* hubWeight(share: share, sustained: sustained, coarse: coarse)) >> 6
    }

    static func hubWeight(share: Int32, sustained: Bool, coarse: Bool) -> Int32 {
        precondition((0...8).contains(share), "the hub share is in eighths, 0...8")
        return share &* statisticsWeight(sustained: sustained, coarse: coarse)
    }

    /// The statistics' weights, in eighths: for a sustained query 18.25 per unit against the
    /// full distance and 24.1 against the first stage's; for any other, about a quarter of
    /// those (4.6 and 6.1, the second 1.32 times the first as for sustained queries).
    public static let statisticsWeight: Int32 = 146
    public static let coarseStatisticsWeight: Int32 = 193
    public static let shortStatisticsWeight: Int32 = 37
    public static let shortCoarseStatisticsWeight: Int32 = 49

    public static func statisticsWeight(sustained: Bool, coarse: Bool) -> Int32 {
        sustained ? (coarse ? coarseStatisticsWeight : statisticsWeight) : (coarse ? shortCoarseStatisticsWeight : shortStatisticsWeight)
    }

    /// The matcher's early stop for `combined`: a sequence distance at or above the returned
    /// value puts the combination at or above `limit`.
    static func sequenceLimit(_ limit: Int32, statistics: Int32, sustained: Bool) -> Int32 {
        guard limit != Int32.max else { return limit }
        let rest = Int64(limit) - Int64((statistics &* statisticsWeight(sustained: sustained, coarse: false)) >> 3)
        return Int32(max(0, min(Int64(Int32.max), sustained ? rest << 4 : rest)))
    }

    /// The full distance between the query and the template at `offset` whose statistics
    /// distance is `statistics`. With a `limit`, the result is some value >= `limit` as soon
    /// as it is sure to reach it; below it, exact.
    public mutating func combinedDistance(to x: UnsafeBufferPointer<Int8>, at offset: Int, statistics: Int32,
                                          limit: Int32 = Int32.max) -> Int32 {
        let sustained = querySustained
        let sequence = distance(to: x, at: offset, limit: Self.sequenceLimit(limit, statistics: statistics, sustained: sustained))
        return Self.combined(sequence: sequence, statistics: statistics, sustained: sustained)
    }

    /// Distance between the query and the template at `offset` in `bytes`. Smaller is
    /// closer; near 0 for identical templates (only the query's rounding to bytes).
    public mutating func distance(to bytes: [Int8], at offset: Int) -> Int32 {
        bytes.withUnsafeBufferPointer { distance(to: $0, at: offset) }
    }

    /// The same, for templates in any memory (the store's buffer). With a `limit`, the
    /// comparison stops as soon as the distance is sure to reach it: the result is then
    /// some value >= `limit`; below it, the result is exact.
    public mutating func distance(to x: UnsafeBufferPointer<Int8>, at offset: Int, limit: Int32 = Int32.max) -> Int32 {
        var a: Int32 = 0, b: Int32 = 0
        // Combined distance = (A * weightA + B * weightB) >> 16, so it reaches `limit` once
        // A * weightA + B * weightB >= limit << 16.
        let target = Int64(limit) << 16
        exampleA.withUnsafeMutableBufferPointer { viewA in
        exampleB.withUnsafeMutableBufferPointer { viewB in
        queryA.withUnsafeBufferPointer { qA in
        queryB.withUnsafeBufferPointer { qB in
            precondition(offset >= 0 && offset + Template.byteCount <= x.count)
            kinu_example_views(x.baseAddress! + offset, viewA.baseAddress!, viewB.baseAddress!)
            a = kinu_warp_a(qA.baseAddress!, viewA.baseAddress!, Self.threshold(target, perUnit: Self.weightA))
            let remaining = target - Int64(a) * Self.weightA
            if remaining <= 0 { b = 0; return }
            b = kinu_warp_b(qB.baseAddress!, viewB.baseAddress!, Self.threshold(remaining, perUnit: Self.weightB))
        }}}}
        return Int32(truncatingIfNeeded: min(Int64(Int32.max), (Int64(a) &* Self.weightA &+ Int64(b) &* Self.weightB) >> 16))
    }

    /// The smallest cost c with c * perUnit >= amount (capped to Int32), for the DTW's
    /// early stop.
    static func threshold(_ amount: Int64, perUnit: Int64) -> Int32 {
        Int32(truncatingIfNeeded: min(Int64(Int32.max), (amount + perUnit - 1) / perUnit))
    }
}

