// The KinuDSP kernels on the host (their portable C bodies) against plain Swift loops.
// The firmware's smoke test runs the same comparison on the emulated Cortex-M4, where the
// SIMD bodies are built; both must equal these loops, so host and firmware agree.

import KinuDSP
import Testing

@Suite struct DSPKernelTests {
    /// Values in [-limit, limit], a quarter of them at the extremes.
    static func values(_ count: Int, limit: Int32, seed: UInt64) -> [Int16] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            switch state >> 61 {
            case 0: return Int16(limit)
            case 1: return Int16(-limit)
            default: return Int16(Int64(bitPattern: state >> 1) % Int64(limit + 1))
            }
        }
    }

    /// A 16 x 12 template: values in [-128, 127], a quarter of them at the extremes.
    static func template(seed: UInt64) -> [Int8] {
        values(Int(KINU_TEMPLATE_BYTES), limit: 128, seed: seed).map { Int8(max(-128, min(127, $0))) }
    }

    /// The matcher's two views in plain integers, as KinuDSP.h defines them: per step 13
    /// values (view A 16 x - S, view B 16 x, then 16 x the floor); a query's scaled to
    /// length 127 and rounded, an example's kept with 127 / its length in Q16.
    static func plainViews(_ x: [Int8]) -> (a: [[Int32]], b: [[Int32]]) {
        let value = { (t: Int, k: Int) in Int32(x[t * 12 + k]) }
        let sums = (0..<12).map { k in (0..<16).reduce(Int32(0)) { $0 + value($1, k) } }
        let floor = 16 * Int32(KINU_COSINE_FLOOR)
        let a = (0..<16).map { t in (0..<12).map { k in 16 * value(t, k) - sums[k] } + [floor] }
        let b = (0..<16).map { t in (0..<12).map { k in 16 * value(t, k) } + [floor] }
        return (a, b)
    }

    static func length(_ v: [Int32]) -> Int32 {
        let squares = v.reduce(0) { $0 + Int64($1) * Int64($1) }
        var root = Int64(Double(squares).squareRoot())
        while root * root > squares { root -= 1 }
        while (root + 1) * (root + 1) <= squares { root += 1 }
        return Int32(root)
    }

    static func unitScale(_ v: [Int32]) -> Int32 {
        let l = length(v)
        return ((Int32(KINU_UNIT) << 16) + l / 2) / l
    }

    static func queryStep(_ v: [Int32]) -> [Int32] {
        let scale = unitScale(v)
        return v.map { ($0 * scale + (1 << 15)) >> 16 }
    }

    /// A cell: 127^2 minus the query step's dot product with the example step, times 127 /
    /// the example step's length.
    static func cosineCost(_ query: [Int32], _ example: [Int32]) -> Int32 {
        let dot = zip(queryStep(query), example).reduce(Int32(0)) { $0 + $1.0 * $1.1 }
        let unit = Int32(KINU_UNIT)
        return max(0, unit * unit - (Int32(truncatingIfNeeded: UInt32(bitPattern: dot) &* UInt32(unitScale(example))) >> 16))
    }

    static func plainWarp(_ p: [[Int32]], _ q: [[Int32]], band: Int32) -> Int32 {
        plainWarp(steps: 16, band: Int(band)) { i, j in cosineCost(p[i], q[j]) }
    }

    /// Banded symmetric DTW written the textbook way: a full cost matrix.
    static func plainWarp(steps: Int, band: Int, local: (Int, Int) -> Int32) -> Int32 {
        let far = Int32.max / 4
        var cost = [[Int32]](repeating: [Int32](repeating: far, count: steps), count: steps)
        for i in 0..<steps {
            for j in max(0, i - band)...min(steps - 1, i + band) {
                let c = local(i, j)
                if i == 0 && j == 0 { cost[i][j] = 2 * c; continue }
                var best = far
                if i > 0 { best = min(best, cost[i - 1][j] + c) }
                if j > 0 { best = min(best, cost[i][j - 1] + c) }
                if i > 0 && j > 0 { best = min(best, cost[i - 1][j - 1] + 2 * c) }
                cost[i][j] = best
            }
        }
        return cost[steps - 1][steps - 1]
    }

    static func queryViews(_ x: [Int8]) -> (a: [UInt32], b: [UInt32]) {
        var a = [UInt32](repeating: 0, count: 16 * Int(KINU_QUERY_VIEW_WORDS)), b = a
        kinu_query_views(x, &a, &b)
        return (a, b)
    }

    static func exampleViews(_ x: [Int8]) -> (a: [UInt32], b: [UInt32]) {
        var a = [UInt32](repeating: 0, count: 16 * Int(KINU_EXAMPLE_VIEW_WORDS)), b = a
        kinu_example_views(x, &a, &b)
        return (a, b)
    }

    /// The detector's frame copy: every value, an odd count included, and a copy down
    /// inside one buffer (the warm-up's replay moves frames to lower offsets).
    @Test func copyBandsCopiesEveryValue() {
        for count in [1, 2, 39, 40] {
            let from = Self.values(count, limit: 32_767, seed: UInt64(count))
            var to = [Int16](repeating: 0, count: count)
            from.withUnsafeBufferPointer { f in to.withUnsafeMutableBufferPointer { kinu_copy_bands(f.baseAddress!, $0.baseAddress!, Int32(count)) } }
            #expect(to == from, "\(count) values")
        }
        let buffer = Self.values(120, limit: 32_767, seed: 9)
        for (to, from) in [(0, 40), (0, 1), (3, 4), (40, 40)] {
            var copy = buffer
            copy.withUnsafeMutableBufferPointer { kinu_copy_bands($0.baseAddress! + from, $0.baseAddress! + to, 40) }
            var expected = buffer
            for b in 0..<40 { expected[to + b] = buffer[from + b] }
            #expect(copy == expected, "from \(from) to \(to)")
        }
    }

    @Test func warpEqualsTheTextbookDTW() {
        for seed in 0..<40 as Range<UInt64> {
            let x = Self.template(seed: seed), y = Self.template(seed: seed + 100)
            let (xa, xb) = Self.queryViews(x), (ya, yb) = Self.exampleViews(y)
            let (pa, pb) = Self.plainViews(x), (qa, qb) = Self.plainViews(y)
            #expect(kinu_warp_a(xa, ya, Int32.max) == Self.plainWarp(pa, qa, band: KINU_DTW_BAND_A), "seed \(seed)")
            #expect(kinu_warp_b(xb, yb, Int32.max) == Self.plainWarp(pb, qb, band: KINU_DTW_BAND_B), "seed \(seed)")
        }
    }

    /// A template against itself: every step points the same way, so only the rounding to
    /// bytes is left (well under 1 % of a right angle per cell).
    @Test func warpOfATemplateWithItselfIsAlmostZero() {
        for seed in 0..<40 as Range<UInt64> {
            let x = Self.template(seed: seed)
            let (qa, qb) = Self.queryViews(x), (ea, eb) = Self.exampleViews(x)
            let rightAngle = Int32(KINU_UNIT * KINU_UNIT)
            #expect(kinu_warp_a(qa, ea, Int32.max) < 32 * rightAngle / 100, "seed \(seed)")
            #expect(kinu_warp_b(qb, eb, Int32.max) < 32 * rightAngle / 100, "seed \(seed)")
        }
    }

    @Test func warpOnTheExtremes() {
        // All -128 against all 127: view A is the floor alone for both (no change over
        // time), so the same direction; view B points nearly opposite (12 values of -2048
        // against 2032, the floor 512 alike): the cheapest path is the diagonal, 16 cells
        // each counted twice, at 127^2 (1 - cos) each.
        let low = [Int8](repeating: -128, count: 192), high = [Int8](repeating: 127, count: 192)
        let (qa, qb) = Self.queryViews(low), (ea, eb) = Self.exampleViews(high)
        #expect(kinu_warp_a(qa, ea, Int32.max) == 0)
        let dot: Double = 12 * -2048 * 2032 + 512 * 512
        let lengthLow: Double = (12 * 2048 * 2048 + 512 * 512 as Double).squareRoot()
        let lengthHigh: Double = (12 * 2032 * 2032 + 512 * 512 as Double).squareRoot()
        let expected: Double = 32 * 127 * 127 * (1 - dot / (lengthLow * lengthHigh))
        #expect(abs(Double(kinu_warp_b(qb, eb, Int32.max)) - expected) < expected / 100)
    }

    @Test func warpStopsOnlyAtTheLimit() {
        for seed in 0..<40 as Range<UInt64> {
            let (xa, xb) = Self.queryViews(Self.template(seed: seed)), (ya, yb) = Self.exampleViews(Self.template(seed: seed + 7))
            for (full, warp) in [(kinu_warp_a(xa, ya, Int32.max), { kinu_warp_a(xa, ya, $0) }),
                                 (kinu_warp_b(xb, yb, Int32.max), { kinu_warp_b(xb, yb, $0) })] as [(Int32, (Int32) -> Int32)] {
                #expect(warp(full + 1) == full)
                let stopped = warp(full / 2)
                #expect(stopped >= full / 2 && stopped <= full)
            }
        }
    }

    /// The first stage as KinuDSP.h defines it, in plain integers: steps averaged in pairs
    /// (rounding down), means as a tree of such averages, the example moved by the
    /// difference of the means (clamped to a byte), a band-1 DTW over 8 steps.
    static func plainCoarseDistance(_ x: [Int8], _ y: [Int8]) -> Int32 {
        func coarse(_ t: [Int8]) -> (steps: [[Int32]], means: [Int32]) {
            let steps: [[Int32]] = (0..<8).map { (j: Int) -> [Int32] in
                (0..<12).map { (k: Int) -> Int32 in (Int32(t[2 * j * 12 + k]) + Int32(t[(2 * j + 1) * 12 + k])) >> 1 }
            }
            let means = (0..<12).map { k -> Int32 in
                var level = steps.map { $0[k] }
                while level.count > 1 { level = stride(from: 0, to: level.count, by: 2).map { (level[$0] + level[$0 + 1]) >> 1 } }
                return level[0]
            }
            return (steps, means)
        }
        let (p, mp) = coarse(x), (q, mq) = coarse(y)
        let moved: [[Int32]] = q.map { (row: [Int32]) -> [Int32] in
            (0..<12).map { (k: Int) -> Int32 in max(-128, min(127, row[k] + mp[k] - mq[k])) }
        }
        return plainWarp(steps: 8, band: 1) { i, j in
            var local: Int32 = 0
            for k in 0..<12 {
                let raw: Int32 = abs(p[i][k] - q[j][k]), normalised: Int32 = abs(p[i][k] - moved[j][k])
                local += 3 * raw + 4 * normalised
            }
            return local
        }
    }

    @Test func coarseDistanceEqualsItsDefinition() {
        // Random templates (a quarter of the values at -128 or 127, so the means differ by
        // up to 255 and the clamp is exercised), and the extremes against each other.
        var templates = (0..<30 as Range<UInt64>).map { Self.template(seed: 300 + $0) }
        templates += [[Int8](repeating: -128, count: Int(KINU_TEMPLATE_BYTES)), [Int8](repeating: 127, count: Int(KINU_TEMPLATE_BYTES))]
        var sequences = [UInt8](repeating: 0, count: 4 * templates.count)
        for n in templates.indices where n % 7 != 3 { sequences[4 * n + n % 4] = 1 }   // every 7th slot empty
        let flat = templates.flatMap { $0 }
        for query in templates {
            var view = [UInt32](repeating: 0, count: Int(KINU_COARSE_WORDS))
            kinu_coarse_view(query, &view)
            var out = [Int32](repeating: 0, count: templates.count)
            kinu_coarse_distances(view, flat, sequences, Int32(templates.count), &out)
            for (n, example) in templates.enumerated() {
                #expect(out[n] == (n % 7 == 3 ? Int32.max : Self.plainCoarseDistance(query, example)), "slot \(n)")
            }
        }
        // All -128 against all 127: the raw distance is 255 in every value, the
        // mean-normalised one 0 (the means differ by the same 255); diagonal path of 8 cells.
        var low = [UInt32](repeating: 0, count: Int(KINU_COARSE_WORDS))
        kinu_coarse_view(templates[templates.count - 2], &low)
        var out: [Int32] = [0]
        kinu_coarse_distances(low, templates[templates.count - 1], [1, 0, 0, 0], 1, &out)
        #expect(out[0] == 2 * 8 * 3 * 12 * 255)
    }

    @Test func statisticsDistanceEqualsItsDefinition() {
        // Random templates and the byte extremes; only the compared statistics count, read
        // as unsigned bytes; empty slots give Int32.max.
        let bytes = Int(KINU_TEMPLATE_BYTES), sequenceBytes = bytes - Int(KINU_TEMPLATE_STATISTICS)
        var templates = (0..<20 as Range<UInt64>).map { Self.template(seed: 700 + $0) }
        templates += [[Int8](repeating: -128, count: bytes), [Int8](repeating: 127, count: bytes)]
        var sequences = [UInt8](repeating: 0, count: 4 * templates.count)
        for n in templates.indices where n % 5 != 2 { sequences[4 * n + 3] = 7 }
        let flat = templates.flatMap { $0 }
        for query in templates {
            var words = [UInt32](repeating: 0, count: Int(KINU_TEMPLATE_STATISTICS) / 4)
            words.withUnsafeMutableBytes { raw in
                for i in 0..<raw.count { raw[i] = UInt8(bitPattern: query[sequenceBytes + i]) }
            }
            var out = [Int32](repeating: 0, count: templates.count)
            kinu_statistics_distances(words, flat, sequences, Int32(templates.count), &out)
            for (n, example) in templates.enumerated() {
                var plain: Int32 = 0
                for i in 0..<Int(KINU_COMPARED_STATISTICS) {
                    plain += abs(Int32(UInt8(bitPattern: query[sequenceBytes + i])) - Int32(UInt8(bitPattern: example[sequenceBytes + i])))
                }
                #expect(out[n] == (n % 5 == 2 ? Int32.max : plain), "slot \(n)")
            }
        }
        // 0x80 against 0x7F in every compared byte: 1 each.
        var out: [Int32] = [0]
        var low = [UInt32](repeating: 0x8080_8080, count: Int(KINU_TEMPLATE_STATISTICS) / 4)
        kinu_statistics_distances(&low, templates[templates.count - 1], [0, 0, 1, 0], 1, &out)
        #expect(out[0] == Int32(KINU_COMPARED_STATISTICS))
    }

    /// The detector's per-band kernels against their definitions, on frames, floors and
    /// deviations at their extremes (log-mel values of +-2^13 and the absolute floor).
    @Test func detectorBandKernelsEqualThePlainLoops() {
        let lowest: Int32 = -20 * 256, margin: Int32 = 256, factor: Int32 = 3
        for seed in 0..<60 as Range<UInt64> {
            let frame = Self.values(40, limit: 8191, seed: seed)
            // Floors and deviations carry 8 bits below the Q8 octave.
            var floors = Self.values(40, limit: 5000, seed: seed + 300).map { max(lowest, Int32($0)) * 256 + Int32(seed % 256) }
            var deviations = Self.values(40, limit: 2000, seed: seed + 600).map { abs(Int32($0)) * 256 + Int32(seed % 200) }
            var thresholds = [Int32](repeating: 0, count: 40)
            let (rise, fall) = (Int32(seed % 6), Int32(1 + seed % 3))
            // The plain loop first, on copies.
            var plainFloors = floors, plainDeviations = deviations, plainThresholds = thresholds
            for b in 0..<40 {
                let difference = max(lowest, Int32(frame[b])) * 256 - plainFloors[b]
                plainFloors[b] = max(lowest * 256, plainFloors[b] + (difference < 0 ? difference >> fall : difference >> rise))
                plainDeviations[b] += (abs(difference) - plainDeviations[b]) >> 4
                let level = plainFloors[b] + max(margin * 256, factor * plainDeviations[b])
                plainThresholds[b] = Int32((Double(level) / 256).rounded(.down) + ((level & 255) >= 128 ? 1 : 0))
            }
            var tracking = kinu_floor_tracking(lowest: lowest, rise_shift: rise, fall_shift: fall, deviation_shift: 4,
                                               margin: margin, factor: factor)
            kinu_track_floors(frame, &floors, &deviations, &thresholds, 40, &tracking)
            #expect(floors == plainFloors && deviations == plainDeviations && thresholds == plainThresholds, "seed \(seed)")
            let plainActivity = (0..<40).reduce(Int32(0)) { $0 + max(0, Int32(frame[$1]) - thresholds[$1]) }
            #expect(kinu_band_activity(frame, thresholds, 40) == plainActivity, "seed \(seed)")
        }
    }

    @Test func sumAndFlooredDCTEqualThePlainLoops() {
        for seed in 0..<50 as Range<UInt64> {
            let frame = Self.values(40, limit: 8191, seed: seed), dct = Self.values(12 * 40, limit: 511, seed: seed + 900)
            #expect(kinu_sum_int16(frame, 40) == frame.reduce(Int32(0)) { $0 + Int32($1) })
            let floor = Self.values(1, limit: 8191, seed: seed + 77)[0]
            var out = [Int32](repeating: 0, count: 12)
            kinu_floored_dct(frame, floor, dct, 40, 12, &out)
            for i in 0..<12 {
                let sum = (0..<40).reduce(Int32(0)) { $0 + Int32(max(frame[$1], floor)) * Int32(dct[i * 40 + $1]) }
                #expect(out[i] == (sum + 32768) >> 16, "seed \(seed), coefficient \(i)")
            }
        }
    }
}
