/// Distance between two templates: dynamic time warping over the pooled cepstra plus a
/// weighted L1 distance between their statistics. Integer throughout; the DTW keeps two
/// rows of a band around the diagonal in preallocated scratch memory.
public struct TemplateMatcher {
    /// Sakoe-Chiba band: an alignment may drift at most this many steps off the diagonal.
    public static let band = 4
    /// Weight of the statistics against the sequence, Q4 (16 = 1).
    public static let statisticsWeightQ4: Int32 = 16

    private var previous: [Int32]
    private var current: [Int32]

    public init() {
        previous = [Int32](repeating: 0, count: Template.frames)
        current = [Int32](repeating: 0, count: Template.frames)
    }

    /// Distance between template `a` at `aOffset` in `aBytes` and template `b` (both
    /// `Template.byteCount` long). Smaller is closer; 0 for identical templates.
    public mutating func distance(_ aBytes: [Int8], at aOffset: Int, _ b: [Int8]) -> Int32 {
        sequenceDistance(aBytes, aOffset, b) + (Self.statisticsWeightQ4 &* statisticsDistance(aBytes, aOffset, b)) >> 4
    }

    private mutating func sequenceDistance(_ a: [Int8], _ aOffset: Int, _ b: [Int8]) -> Int32 {
        let n = Template.frames, d = Template.coefficients, band = Self.band
        let unreachable = Int32.max / 2
        for j in 0..<n { previous[j] = unreachable }
        for i in 0..<n {
            let low = max(0, i - band), high = min(n - 1, i + band)
            for j in 0..<n where j < low || j > high { current[j] = unreachable }
            for j in low...high {
                var local: Int32 = 0
                let ai = aOffset + i * d, bj = j * d
                for k in 0..<d { local &+= abs(Int32(a[ai + k]) - Int32(b[bj + k])) }
                var best: Int32
                if i == 0 && j == 0 {
                    best = 0
                } else {
                    best = previous[j]                                    // (i-1, j)
                    if j > 0 { best = min(best, current[j - 1], previous[j - 1]) }
                }
                current[j] = best &+ local
            }
            swap(&previous, &current)
        }
        return previous[n - 1]
    }

    private func statisticsDistance(_ a: [Int8], _ aOffset: Int, _ b: [Int8]) -> Int32 {
        var total: Int32 = 0
        for k in Template.meanOffset..<Template.lengthOffset {
            total &+= abs(Int32(a[aOffset + k]) - Int32(b[k]))
        }
        return total
    }
}
