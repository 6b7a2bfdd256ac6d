/// Distance between two templates: two dynamic-time-warping comparisons summed.
///
/// - View A, mean-normalised: each coefficient minus its mean over the 16 steps. Robust to
///   the microphone, the room and the speaker's voice.
/// - View B, raw plus deltas: the coefficients as stored and their slope
///   ((x[t+1] - x[t-1]) / 4). Keeps the absolute spectral shape, which is what tells a
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
        Self.makeViews(template, offset, &queryA, &queryB)
    }

    /// Distance between the query and the template at `offset` in `bytes`. Smaller is
    /// closer; 0 for identical templates.
    public mutating func distance(to bytes: [Int8], at offset: Int) -> Int32 {
        Self.makeViews(bytes, offset, &exampleA, &exampleB)
        let a = Self.warp(queryA, exampleA, width: Self.d, &previous, &current)
        let b = Self.warp(queryB, exampleB, width: 2 * Self.d, &previous, &current)
        return (a &* Self.weightA &+ b &* Self.weightB) >> 8
    }

    static func makeViews(_ x: [Int8], _ offset: Int, _ viewA: inout [Int16], _ viewB: inout [Int16]) {
        for i in 0..<d {
            var sum: Int32 = 0
            for t in 0..<frames { sum += Int32(x[offset + t * d + i]) }
            let mean = (sum + 8) >> 4
            for t in 0..<frames {
                let value = Int32(x[offset + t * d + i])
                viewA[t * d + i] = Int16(truncatingIfNeeded: value - mean)
                let before = Int32(x[offset + max(0, t - 1) * d + i])
                let after = Int32(x[offset + min(frames - 1, t + 1) * d + i])
                viewB[t * 2 * d + i] = Int16(truncatingIfNeeded: value)
                viewB[t * 2 * d + d + i] = Int16(truncatingIfNeeded: (after - before) >> 2)
            }
        }
    }

    /// Banded symmetric DTW between two 16-step sequences of `width` values per step.
    static func warp(_ p: [Int16], _ q: [Int16], width: Int, _ previous: inout [Int32], _ current: inout [Int32]) -> Int32 {
        let unreachable = Int32.max / 4
        for j in 0..<frames { previous[j] = unreachable }
        for i in 0..<frames {
            let low = max(0, i - band), high = min(frames - 1, i + band)
            if low > 0 { current[low - 1] = unreachable }
            for j in low...high {
                var local: Int32 = 0
                let pi = i * width, qj = j * width
                for k in 0..<width { local &+= abs(Int32(p[pi + k]) - Int32(q[qj + k])) }
                if i == 0 && j == 0 {
                    current[j] = 2 &* local
                } else {
                    var best = previous[j] &+ local                          // from (i-1, j)
                    if j > low { best = min(best, current[j - 1] &+ local) } // from (i, j-1)
                    if j > 0 { best = min(best, previous[j - 1] &+ 2 &* local) } // diagonal
                    current[j] = best
                }
            }
            if high < frames - 1 { current[high + 1] = unreachable }
            swap(&previous, &current)
        }
        return previous[frames - 1]
    }
}
