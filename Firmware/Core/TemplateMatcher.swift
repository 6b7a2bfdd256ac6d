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
    private var previous: [Int32]
    private var current: [Int32]

    public init() {
        // Each its own buffer: a shared one would be copied on first write, which is an
        // allocation in the middle of listening.
        queryA = [Int16](repeating: 0, count: Self.frames * Self.d)
        exampleA = [Int16](repeating: 0, count: Self.frames * Self.d)
        queryB = [Int16](repeating: 0, count: Self.frames * 2 * Self.d)
        exampleB = [Int16](repeating: 0, count: Self.frames * 2 * Self.d)
        previous = [Int32](repeating: 0, count: Self.frames)
        current = [Int32](repeating: 0, count: Self.frames)
    }

    /// Prepares the views of the template every following `distance` compares against.
    public mutating func setQuery(_ template: [Int8], at offset: Int = 0) {
        template.withUnsafeBufferPointer { x in
        queryA.withUnsafeMutableBufferPointer { a in
        queryB.withUnsafeMutableBufferPointer { b in
            Self.makeViews(UnsafeBufferPointer(rebasing: x[offset ..< offset + Template.byteCount]), a, b)
        }}}
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
        previous.withUnsafeMutableBufferPointer { previous in
        current.withUnsafeMutableBufferPointer { current in
            Self.makeViews(UnsafeBufferPointer(rebasing: x[offset ..< offset + Template.byteCount]), viewA, viewB)
            a = Self.warp(qA, UnsafeBufferPointer(viewA), width: Self.d, previous, current,
                          stopAt: Self.threshold(target, perUnit: Int64(Self.weightA)))
            let remaining = target - Int64(a) * Int64(Self.weightA)
            if remaining <= 0 { b = 0; return }
            b = Self.warp(qB, UnsafeBufferPointer(viewB), width: 2 * Self.d, previous, current,
                          stopAt: Self.threshold(remaining, perUnit: Int64(Self.weightB) * 4))
        }}}}}}
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
    static func makeViews(_ x: UnsafeBufferPointer<Int8>, _ viewA: UnsafeMutableBufferPointer<Int16>, _ viewB: UnsafeMutableBufferPointer<Int16>) {
        for i in 0..<d {
            var sum: Int32 = 0
            for t in 0..<frames { sum &+= Int32(x[t * d + i]) }
            for t in 0..<frames {
                let value = Int32(x[t * d + i])
                viewA[t * d + i] = Int16(truncatingIfNeeded: 16 &* value &- sum)
                let before = Int32(x[(t > 0 ? t - 1 : 0) * d + i])
                let after = Int32(x[(t < frames - 1 ? t + 1 : t) * d + i])
                viewB[t * 2 * d + i] = Int16(truncatingIfNeeded: 4 &* value)
                viewB[t * 2 * d + d + i] = Int16(truncatingIfNeeded: after &- before)
            }
        }
    }

    /// Banded symmetric DTW between two 16-step sequences of `width` values per step.
    /// `previous` and `current` are two rows of 16 cells, reused (they alternate). Every
    /// alignment crosses every row and costs never decrease along it, so a row whose
    /// cheapest cell has reached `stopAt` bounds the result: it returns that cell's cost.
    static func warp(_ p: UnsafeBufferPointer<Int16>, _ q: UnsafeBufferPointer<Int16>, width: Int,
                     _ rowA: UnsafeMutableBufferPointer<Int32>, _ rowB: UnsafeMutableBufferPointer<Int32>,
                     stopAt: Int32 = Int32.max) -> Int32 {
        let unreachable = Int32.max / 4
        var previous = rowA, current = rowB
        for j in 0..<frames { previous[j] = unreachable }
        for i in 0..<frames {
            let low = i > band ? i - band : 0
            let high = i + band < frames - 1 ? i + band : frames - 1
            for j in low...high {
                // L1 distance of two steps: the hot loop of classification, so plain
                // pointers and wrapping arithmetic (values are < 2^13, nothing can wrap).
                var local: Int32 = 0
                let pRow = p.baseAddress! + i &* width, qRow = q.baseAddress! + j &* width
                for k in 0..<width {
                    let difference = Int32(pRow[k]) &- Int32(qRow[k])
                    local &+= difference < 0 ? 0 &- difference : difference
                }
                if i == 0 && j == 0 {
                    current[j] = 2 &* local
                } else {
                    var best = previous[j] &+ local                                   // from (i-1, j)
                    if j > low { best = min(best, current[j - 1] &+ local) }          // from (i, j-1)
                    if j > 0 { best = min(best, previous[j - 1] &+ 2 &* local) }      // diagonal
                    current[j] = best
                }
            }
            if high < frames - 1 { current[high + 1] = unreachable }
            var cheapest = Int32.max
            for j in low...high { cheapest = min(cheapest, current[j]) }
            if cheapest >= stopAt { return cheapest }
            swap(&previous, &current)
        }
        return previous[frames - 1]
    }
}
