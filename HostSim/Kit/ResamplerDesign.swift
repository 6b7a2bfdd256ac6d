// Low-pass design for the rational resampler: a Kaiser-windowed sinc evaluated on the
// L-phase grid. Kept separate from the filtering loop so the response can be inspected.

import Foundation

/// Filter design for converting `inputRate` to `outputRate` by L/M.
///
/// The low-pass protects min(in, out)/2 (the lower Nyquist): the passband is flat up to
/// `passbandFraction` of it and the stopband starts exactly at it, so every image (up-
/// sampling) or alias (down-sampling) lands in the stopband. The -6 dB cutoff sits in the
/// middle of that transition band. Length and Kaiser beta come from Kaiser's formulas for
/// `attenuationDB` (80 dB by default: a margin over the 70 dB requirement).
public struct ResamplerDesign: Sendable, Equatable {
    public let inputRate: Int
    public let outputRate: Int
    /// Interpolation factor L (outputRate / gcd).
    public let up: Int
    /// Decimation factor M (inputRate / gcd).
    public let down: Int
    public let passbandEdgeHz: Double
    public let stopbandEdgeHz: Double
    /// -6 dB point, midway through the transition band.
    public let cutoffHz: Double
    public let attenuationDB: Double
    public let beta: Double
    /// Half the kernel span, in input samples.
    public let halfWidth: Int
    /// Coefficients per phase (2 * halfWidth rounded up to a multiple of 8 for SIMD).
    public let tapsPerPhase: Int

    public init(inputRate: Int, outputRate: Int, passbandFraction: Double = 0.9, attenuationDB: Double = 80) {
        precondition(inputRate > 0 && outputRate > 0, "sample rates must be positive")
        precondition(passbandFraction > 0 && passbandFraction < 1, "passbandFraction must be in (0, 1)")
        let g = ResamplerDesign.gcd(inputRate, outputRate)
        self.inputRate = inputRate
        self.outputRate = outputRate
        up = outputRate / g
        down = inputRate / g
        let nyquist = Double(min(inputRate, outputRate)) / 2
        passbandEdgeHz = passbandFraction * nyquist
        stopbandEdgeHz = nyquist
        cutoffHz = (passbandEdgeHz + stopbandEdgeHz) / 2
        self.attenuationDB = attenuationDB
        // Kaiser's empirical formulas (Oppenheim & Schafer): beta for the ripple, length
        // for the transition width expressed in radians per input sample.
        let a = attenuationDB
        beta = a > 50 ? 0.1102 * (a - 8.7) : (a >= 21 ? 0.5842 * pow(a - 21, 0.4) + 0.07886 * (a - 21) : 0)
        let transition = 2 * Double.pi * (stopbandEdgeHz - passbandEdgeHz) / Double(inputRate)
        let order = (a - 7.95) / (2.285 * transition)
        halfWidth = max(1, Int((order / 2).rounded(.up)))
        tapsPerPhase = (2 * halfWidth + 7) / 8 * 8
    }

    /// Distance, in input samples, from tap `i` of phase `phase` to the output instant.
    /// Output n reads inputs base+K-T+1 ... base+K where base = floor(n*M/L).
    @inline(__always)
    func offset(phase: Int, tap: Int) -> Double {
        Double(tapsPerPhase - halfWidth - 1 - tap) + Double(phase) / Double(up)
    }

    /// The `tapsPerPhase` coefficients for phase `phase` (0..<up), normalised to sum to 1
    /// so every phase has exactly unit DC gain.
    public func phaseCoefficients(_ phase: Int) -> [Float] {
        let fc = cutoffHz / Double(inputRate)          // cycles per input sample
        let k = Double(halfWidth)
        let i0beta = ResamplerDesign.besselI0(beta)
        var taps = [Double](repeating: 0, count: tapsPerPhase)
        var sum = 0.0
        for i in 0..<tapsPerPhase {
            let t = offset(phase: phase, tap: i)
            guard abs(t) < k else { continue }
            let x = 2 * fc * t
            let sinc = x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x)
            let r = t / k
            let w = ResamplerDesign.besselI0(beta * (1 - r * r).squareRoot()) / i0beta
            taps[i] = 2 * fc * sinc * w
            sum += taps[i]
        }
        return taps.map { Float($0 / sum) }
    }

    /// Magnitude response of the whole (all phases interleaved) filter at each frequency
    /// in `hz`, in dB relative to DC. Frequencies are those of the input signal and are
    /// meaningful up to up * inputRate / 2. Costs O(up * tapsPerPhase) per frequency;
    /// meant for tests and reports, not for the signal path.
    public func magnitudeResponseDB(atHz hz: [Double]) -> [Double] {
        let phases = (0..<up).map { phaseCoefficients($0).map(Double.init) }
        let t = tapsPerPhase
        var cosM = [Double](repeating: 0, count: t), sinM = cosM
        return hz.map { f in
            // offset(p, i) = m_i + p/L with m_i an integer, so e^{-jw offset} factors into
            // a per-tap term shared by all phases times a per-phase term.
            let w = 2 * Double.pi * f / Double(inputRate)
            for i in 0..<t {
                let m = Double(t - halfWidth - 1 - i)
                cosM[i] = cos(w * m); sinM[i] = sin(w * m)
            }
            var re = 0.0, im = 0.0
            for p in 0..<up {
                var pr = 0.0, pi = 0.0
                let c = phases[p]
                for i in 0..<t { pr += c[i] * cosM[i]; pi -= c[i] * sinM[i] }
                let phi = w * Double(p) / Double(up)
                let (cp, sp) = (cos(phi), -sin(phi))
                re += pr * cp - pi * sp
                im += pr * sp + pi * cp
            }
            let mag = (re * re + im * im).squareRoot() / Double(up)
            return 20 * log10(max(mag, 1e-300))
        }
    }

    /// Zeroth-order modified Bessel function of the first kind (power series; converges
    /// fast for the beta values used here, < 15).
    static func besselI0(_ x: Double) -> Double {
        let h = x / 2
        var term = 1.0, sum = 1.0, k = 1.0
        repeat {
            term *= (h / k) * (h / k)
            sum += term
            k += 1
        } while term > 1e-17 * sum
        return sum
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
