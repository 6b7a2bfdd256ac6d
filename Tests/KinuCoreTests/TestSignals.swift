import Foundation

/// Deterministic test signals (a fixed-seed generator, so every run sees the same audio).
struct SignalGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    /// Uniform in [-1, 1).
    mutating func uniform() -> Double {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return Double(state >> 11) / Double(1 << 52) - 1
    }

    /// Approximately Gaussian, unit variance (sum of uniforms).
    mutating func gaussian() -> Double {
        (0..<6).reduce(0) { acc, _ in acc + uniform() } / sqrt(2)
    }

    mutating func whiteNoise(count: Int, rms: Double) -> [Double] {
        (0..<count).map { _ in gaussian() * rms }
    }
}

enum Signals {
    static let rate = 16_000.0

    static func dbfs(_ db: Double) -> Double { pow(10, db / 20) }

    static func sine(frequency: Double, amplitude: Double, count: Int, phase: Double = 0) -> [Double] {
        (0..<count).map { amplitude * sin(2 * .pi * frequency * Double($0) / rate + phase) }
    }

    static func silence(_ count: Int) -> [Double] { [Double](repeating: 0, count: count) }

    /// Quantises to Int16 with rounding and clipping (values are in units of full scale).
    static func int16(_ x: [Double]) -> [Int16] {
        x.map { Int16(max(-32768, min(32767, ($0 * 32768).rounded()))) }
    }

    static func add(_ a: [Double], _ b: [Double]) -> [Double] {
        (0..<max(a.count, b.count)).map { (($0 < a.count) ? a[$0] : 0) + (($0 < b.count) ? b[$0] : 0) }
    }

    static func rms(_ x: [Double]) -> Double { sqrt(x.reduce(0) { $0 + $1 * $1 } / Double(max(1, x.count))) }

    /// A burst of noise with an exponential decay: a clap-like transient.
    static func clap(count: Int, amplitude: Double, decaySeconds: Double, seed: UInt64) -> [Double] {
        var g = SignalGenerator(seed: seed)
        return (0..<count).map { n in g.gaussian() * amplitude * exp(-Double(n) / rate / decaySeconds) }
    }

    /// A tone burst with 5 ms raised-cosine edges.
    static func toneBurst(frequency: Double, amplitude: Double, count: Int) -> [Double] {
        let ramp = Int(0.005 * rate)
        return sine(frequency: frequency, amplitude: amplitude, count: count).enumerated().map { n, v in
            let edge = min(n, count - 1 - n)
            return edge < ramp ? v * 0.5 * (1 - cos(.pi * Double(edge) / Double(ramp))) : v
        }
    }

    /// Noise shaped like speech: a few harmonic tones with vibrato plus a little noise.
    static func speechLike(count: Int, amplitude: Double, seed: UInt64) -> [Double] {
        var g = SignalGenerator(seed: seed)
        let f0 = 110 + 40 * (g.uniform() + 1)
        var out = [Double](repeating: 0, count: count)
        for h in 1...30 where Double(h) * f0 < 7800 {
            let a = amplitude / Double(h) * 0.5
            let phase = g.uniform() * .pi
            for n in 0..<count {
                let t = Double(n) / rate
                out[n] += a * sin(2 * .pi * Double(h) * f0 * (t + 0.002 * sin(2 * .pi * 5 * t)) + phase)
            }
        }
        let noise = g.whiteNoise(count: count, rms: amplitude * 0.05)
        return zip(out, noise).map { $0 + $1 }
    }
}

/// Runs the fixed-point front end over a whole signal in blocks of `blockSize`.
import KinuCore
func fixedFeatures(_ samples: [Int16], blockSize: Int = 256) -> [[Int16]] {
    var frontEnd = FrontEnd()
    var frames: [[Int16]] = []
    var offset = 0
    samples.withUnsafeBufferPointer { all in
        while offset < all.count {
            let end = min(all.count, offset + blockSize)
            let block = UnsafeBufferPointer(rebasing: all[offset..<end])
            var start = 0
            while start < block.count {
                let (taken, ready) = frontEnd.consume(block, from: start)
                start += taken
                if ready { frames.append(frontEnd.features) }
            }
            offset = end
        }
    }
    return frames
}
