/// SplitMix64: a small, fixed, seedable generator so every benchmark draw is repeatable.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Approximately Gaussian with unit variance.
    public mutating func gaussian() -> Double {
        var sum = 0.0
        for _ in 0..<6 { sum += Double.random(in: -1...1, using: &self) }
        return sum / 2.0.squareRoot()
    }
}

/// Background noises the benchmarks mix in: white, and pink (-3 dB/octave, closer to
/// rooms, fans and crowds), both with unit RMS.
public enum NoiseKind: String, CaseIterable, Sendable {
    case white, pink

    public func samples(count: Int, seed: UInt64) -> [Double] {
        var random = SeededRandom(seed: seed)
        var out = (0..<count).map { _ in random.gaussian() }
        if self == .pink {
            // Paul Kellet's economy filter: white noise through three one-pole sections.
            var b0 = 0.0, b1 = 0.0, b2 = 0.0
            for i in out.indices {
                let w = out[i]
                b0 = 0.99765 * b0 + w * 0.0990460
                b1 = 0.96300 * b1 + w * 0.2965164
                b2 = 0.57000 * b2 + w * 1.0526913
                out[i] = b0 + b1 + b2 + w * 0.1848
            }
        }
        let rms = (out.reduce(0) { $0 + $1 * $1 } / Double(max(1, count))).squareRoot()
        return out.map { $0 / max(rms, 1e-12) }
    }
}
