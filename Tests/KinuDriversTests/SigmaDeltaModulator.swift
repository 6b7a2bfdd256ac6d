import Foundation

/// A second-order, one-bit sigma-delta modulator (two integrators, feedback 1 and 2),
/// the reference source for the decimator tests: it turns a known signal into the kind
/// of PDM stream a MEMS microphone sends, with noise shaped as (1 - z^-1)^2. Real MEMS
/// microphones use 4th-order modulators with less in-band noise, so this is the harder
/// case. Stable for inputs up to about half of full scale.
struct SigmaDeltaModulator {
    private var i1 = 0.0, i2 = 0.0

    /// One output bit for input `x` in [-1, 1].
    mutating func next(_ x: Double) -> Bool {
        let y: Double = i2 >= 0 ? 1 : -1
        i1 += x - y
        i2 += i1 - 2 * y
        return y > 0
    }

    /// PDM words (16 bits, first bit in the MSB) for `seconds` of a sine.
    static func sine(frequency: Double, amplitude: Double, seconds: Double, bitRate: Double = 1_024_000) -> [UInt16] {
        var modulator = SigmaDeltaModulator()
        let wordCount = Int(seconds * bitRate) / 16
        var words = [UInt16](repeating: 0, count: wordCount)
        var n = 0.0
        for w in 0 ..< wordCount {
            var word: UInt16 = 0
            for _ in 0 ..< 16 {
                let bit = modulator.next(amplitude * sin(2 * .pi * frequency * n / bitRate))
                word = word << 1 | (bit ? 1 : 0)
                n += 1
            }
            words[w] = word
        }
        return words
    }
}

/// Least-squares fit of a sine of known frequency plus DC to `samples` (at 16 kHz).
struct SineFit {
    let amplitude: Double
    /// Signal power over residual power (noise, distortion, aliases), in dB.
    let snr: Double

    init(_ samples: ArraySlice<Int16>, frequency: Double, sampleRate: Double = 16_000, fullScale: Double = 32768) {
        var (scc, sss, scs, sc, ss, n) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        var (xc, xs, x1) = (0.0, 0.0, 0.0)
        for (i, s) in samples.enumerated() {
            let w = 2 * .pi * frequency * Double(i) / sampleRate
            let c = cos(w), si = sin(w), x = Double(s) / fullScale
            scc += c * c; sss += si * si; scs += c * si; sc += c; ss += si; n += 1
            xc += x * c; xs += x * si; x1 += x
        }
        // Normal equations for [a b d] in x ~ a cos + b sin + d (3x3, Cramer's rule).
        let m = [[scc, scs, sc], [scs, sss, ss], [sc, ss, n]]
        let rhs = [xc, xs, x1]
        func det(_ m: [[Double]]) -> Double {
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        }
        let d = det(m)
        var solution = [0.0, 0.0, 0.0]
        for k in 0 ..< 3 {
            var mk = m
            for r in 0 ..< 3 { mk[r][k] = rhs[r] }
            solution[k] = det(mk) / d
        }
        let (a, b, dc) = (solution[0], solution[1], solution[2])
        var signal = 0.0, residual = 0.0
        for (i, s) in samples.enumerated() {
            let w = 2 * .pi * frequency * Double(i) / sampleRate
            let fit = a * cos(w) + b * sin(w)
            signal += fit * fit
            let r = Double(s) / fullScale - fit - dc
            residual += r * r
        }
        amplitude = (a * a + b * b).squareRoot()
        snr = 10 * log10(signal / max(residual, 1e-30))
    }
}
