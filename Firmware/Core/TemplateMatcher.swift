import KinuDSP

/// Distance between two templates: two dynamic-time-warping comparisons summed.
///
/// - View A, mean-normalised: each coefficient minus its mean over the 16 steps. Robust to
///   the microphone, the room and the speaker's voice.
/// - View B, raw plus deltas: the coefficients as stored and their slope
///   ((x[t+1] - x[t-1]) / 4).
///
/// Both views are kept scaled up (A by 16, B by 4) so the integer arithmetic is exact. Keeps the absolute spectral shape, which is what tells a
///   knock from a clap, and holds up better in babble.
///
/// Each DTW: L1 local cost, Sakoe-Chiba band of 3 steps, symmetric steps (a diagonal move
/// costs twice, so every alignment weighs the same). The sum weighs A by 342/256: each
/// view divided by its median distance on FSDD (the one fitted constant; see
/// tools/method_study/REPORT.md). Integer throughout; scratch memory is preallocated.
public struct TemplateMatcher {
    public static let band = 3
    static let weightA: Int32 = 342
    static let weightB: Int32 = 256
    static let frames = Template.frames
    static let d = Template.coefficients

    /// The query's two views, computed once per classification.
    private var queryA: [Int16]
    private var queryB: [Int16]
    /// The stored example's two views, recomputed for each comparison.
    private var exampleA: [Int16]
    private var exampleB: [Int16]
    /// Scratch for `warp` and `makeViews`: two DTW rows, one row's local costs, the
    /// column sums (see `Scratch`).
    private var scratch: [Int32]

    /// Where each piece of scratch lives.
    enum Scratch {
        static let rowLength = frames + 1          // slot 0 is column -1
        static let rowA = 0
        static let rowB = rowLength
        static let locals = 2 * rowLength
        static let sums = locals + 2 * band + 1
        static let count = sums + d
    }

    public init() {
        // Each its own buffer: a shared one would be copied on first write, which is an
        // allocation in the middle of listening.
        queryA = [Int16](repeating: 0, count: Self.frames * Self.d)
        exampleA = [Int16](repeating: 0, count: Self.frames * Self.d)
        queryB = [Int16](repeating: 0, count: Self.frames * 2 * Self.d)
        exampleB = [Int16](repeating: 0, count: Self.frames * 2 * Self.d)
        scratch = [Int32](repeating: 0, count: Scratch.count)
    }

    /// Prepares the views of the template every following `distance` compares against.
    public mutating func setQuery(_ template: [Int8], at offset: Int = 0) {
        template.withUnsafeBufferPointer { x in
        queryA.withUnsafeMutableBufferPointer { a in
        queryB.withUnsafeMutableBufferPointer { b in
        scratch.withUnsafeMutableBufferPointer { scratch in
            Self.makeViews(x.baseAddress! + offset, a.baseAddress!, b.baseAddress!, sums: scratch.baseAddress! + Scratch.sums)
        }}}}
    }

    /// Distance between the query and the template at `offset` in `bytes`. Smaller is
    /// closer; 0 for identical templates.
    public mutating func distance(to bytes: [Int8], at offset: Int) -> Int32 {
        bytes.withUnsafeBufferPointer { distance(to: $0, at: offset) }
    }

    /// The same, for templates in any memory (the store's buffer). With a `limit`, the
    /// comparison stops as soon as the distance is sure to reach it: the result is then
    /// some value >= `limit`; below it, the result is exact.
    public mutating func distance(to x: UnsafeBufferPointer<Int8>, at offset: Int, limit: Int32 = Int32.max) -> Int32 {
        var a: Int32 = 0, b: Int32 = 0
        // Combined distance = (A * 342 + B * 1024) >> 12 (A, B: the scaled view sums), so
        // it reaches `limit` once A * 342 + B * 1024 >= limit * 4096.
        let target = Int64(limit) << 12
        exampleA.withUnsafeMutableBufferPointer { viewA in
        exampleB.withUnsafeMutableBufferPointer { viewB in
        queryA.withUnsafeBufferPointer { qA in
        queryB.withUnsafeBufferPointer { qB in
        scratch.withUnsafeMutableBufferPointer { scratch in
            precondition(offset >= 0 && offset + Template.byteCount <= x.count)
            let s = scratch.baseAddress!
            Self.makeViews(x.baseAddress! + offset, viewA.baseAddress!, viewB.baseAddress!, sums: s + Scratch.sums)
            a = Self.warp(qA.baseAddress!, viewA.baseAddress!, width: Self.d, scratch: s,
                          stopAt: Self.threshold(target, perUnit: Int64(Self.weightA)))
            let remaining = target - Int64(a) * Int64(Self.weightA)
            if remaining <= 0 { b = 0; return }
            b = Self.warp(qB.baseAddress!, viewB.baseAddress!, width: 2 * Self.d, scratch: s,
                          stopAt: Self.threshold(remaining, perUnit: Int64(Self.weightB) * 4))
        }}}}}
        // (A/16 * 342 + B/4 * 256) / 256, in 64 bits: the scaled sums reach 2^27.
        return Int32(truncatingIfNeeded: min(Int64(Int32.max), (Int64(a) &* Int64(Self.weightA) &+ Int64(b) &* Int64(Self.weightB) &* 4) >> 12))
    }

    /// The smallest cost c with c * perUnit >= amount (capped to Int32), for `warp`.
    static func threshold(_ amount: Int64, perUnit: Int64) -> Int32 {
        Int32(truncatingIfNeeded: min(Int64(Int32.max), (amount + perUnit - 1) / perUnit))
    }

    /// Both views in exact integers, scaled instead of divided so nothing is rounded:
    /// view A holds 16 x (x - mean) = 16 x - sum, view B holds 4 x and the delta
    /// x[t+1] - x[t-1] (= 4 x the float delta). `distance` divides the scales back out.
    /// `sums` is scratch for the 12 column sums. Row by row, on plain pointers: this runs
    /// once per stored example in every classification.
    static func makeViews(_ x: UnsafePointer<Int8>, _ viewA: UnsafeMutablePointer<Int16>,
                          _ viewB: UnsafeMutablePointer<Int16>, sums: UnsafeMutablePointer<Int32>) {
        for i in 0..<d { sums[i] = 0 }
        for t in 0..<frames {
            let row = x + t &* d
            for i in 0..<d { sums[i] &+= Int32(row[i]) }
        }
        for t in 0..<frames {
            let row = x + t &* d
            let before = x + (t > 0 ? t &- 1 : 0) &* d
            let after = x + (t < frames - 1 ? t &+ 1 : t) &* d
            let outA = viewA + t &* d, outB = viewB + t &* 2 &* d
            for i in 0..<d {
                let value = Int32(row[i])
                outA[i] = Int16(truncatingIfNeeded: 16 &* value &- sums[i])
                outB[i] = Int16(truncatingIfNeeded: 4 &* value)
                outB[d &+ i] = Int16(truncatingIfNeeded: Int32(after[i]) &- Int32(before[i]))
            }
        }
    }

    /// Banded symmetric DTW between two 16-step sequences of `width` values per step:
    /// cell (i, j) costs the L1 distance of step i of `p` and step j of `q`, a diagonal
    /// move counts it twice. Every alignment crosses every row and costs never decrease
    /// along it, so a row whose cheapest cell has reached `stopAt` bounds the result: it
    /// returns that cell's cost.
    ///
    /// The two rows live in `scratch` (see `Scratch`) with column j in slot j + 1 and an
    /// unreachable column -1 in slot 0, and the cell just past a row's band is marked
    /// unreachable, so every cell takes the minimum of its three moves with no edge
    /// tests. Every cell has at least one real move, far below `unreachable`, so the
    /// costs are those of the plain recursion exactly.
    static func warp(_ p: UnsafePointer<Int16>, _ q: UnsafePointer<Int16>, width: Int,
                     scratch: UnsafeMutablePointer<Int32>, stopAt: Int32 = Int32.max) -> Int32 {
        let unreachable = Int32.max / 4
        var previous = scratch + Scratch.rowA, current = scratch + Scratch.rowB
        let locals = scratch + Scratch.locals
        for j in 0..<Scratch.rowLength { previous[j] = unreachable }
        previous[0] = 0            // the path starts at (0, 0) as if by a diagonal move
        for i in 0..<frames {
            let low = i > band ? i &- band : 0
            let high = i &+ band < frames - 1 ? i &+ band : frames - 1
            // L1 local costs of the row's cells, the hot loop of classification: two
            // 16-bit lanes at a time on the Cortex-M4 (KinuDSP). Values are below 2^13.
            kinu_l1_rows_int16(p + i &* width, q + low &* width, Int32(width), Int32(high &- low &+ 1), locals)
            current[low] = unreachable                       // column low - 1
            var cheapest = Int32.max
            // Slots low...high + 1 of both rows, walked by pointer (no index arithmetic).
            var up = previous + low, left = current + low, local = UnsafePointer(locals)
            let end = current + (high &+ 1)
            repeat {
                let cost = local.pointee
                var best = up[1] &+ cost                                 // from (i-1, j)
                best = min(best, left.pointee &+ cost)                   // from (i, j-1)
                best = min(best, up.pointee &+ 2 &* cost)                // diagonal
                left += 1
                left.pointee = best
                cheapest = min(cheapest, best)
                up += 1
                local += 1
            } while left != end
            if high < frames - 1 { current[high &+ 2] = unreachable }   // column high + 1
            if cheapest >= stopAt { return cheapest }
            swap(&previous, &current)
        }
        return previous[frames]
    }
}
