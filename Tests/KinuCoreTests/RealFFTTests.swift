import Foundation
import Testing
@testable import KinuCore

@Suite struct RealFFTTests {
    /// Direct O(N^2) DFT of a real sequence, bins 0...N/2.
    func directDFT(_ x: [Double]) -> [(Double, Double)] {
        let n = x.count
        return (0...(n / 2)).map { k in
            var re = 0.0, im = 0.0
            for (t, v) in x.enumerated() {
                let angle = -2 * Double.pi * Double(k * t % n) / Double(n)
                re += v * cos(angle); im += v * sin(angle)
            }
            return (re, im)
        }
    }

    func runFixed(_ input: [Int32]) -> [(Double, Double)] {
        var fft = RealFFT()
        for (n, v) in input.enumerated() { fft.setInput(n, v) }
        fft.transform()
        let scale = Double(1 << RealFFT.outputShift)
        return (0..<RealFFT.bins).map { (Double(fft.spectrumReal[$0]) * scale, Double(fft.spectrumImaginary[$0]) * scale) }
    }

    /// Error of the fixed-point FFT against the direct DFT, relative to the input's peak
    /// (2^30 here). Bound: 2^-19 of full scale times N, i.e. at most ~2^10 per bin at this
    /// scale, against spectra of up to 2^38.
    @Test(arguments: [1, 2, 3])
    func matchesDirectDFTOnRandomInput(seed: UInt64) {
        var g = SignalGenerator(seed: seed)
        let input = (0..<512).map { _ in Int32(g.uniform() * Double(1 << 30 - 1)) }
        let fixed = runFixed(input)
        let exact = directDFT(input.map(Double.init))
        var worst = 0.0
        for k in 0..<RealFFT.bins {
            worst = max(worst, abs(fixed[k].0 - exact[k].0), abs(fixed[k].1 - exact[k].1))
        }
        // Peak spectrum magnitude is ~2^30 * sqrt(512/3) ~ 2^33.7; require ~90 dB accuracy.
        #expect(worst < Double(1 << 20), "worst error \(worst)")
    }

    @Test func pureToneLandsInItsBin() {
        let input = (0..<512).map { Int32((Double(1 << 29) * cos(2 * .pi * 32 * Double($0) / 512)).rounded()) }
        let fixed = runFixed(input)
        let exact = directDFT(input.map(Double.init))
        #expect(abs(fixed[32].0 - exact[32].0) / exact[32].0 < 1e-6)
        for k in 0..<RealFFT.bins where k != 32 {
            #expect(hypot(fixed[k].0, fixed[k].1) < Double(1 << 12), "bin \(k)")
        }
    }

    @Test func fullScaleExtremesDoNotOverflow() {
        // Every input at the largest allowed magnitude, and an alternating one (all
        // energy at Nyquist): the arithmetic is trapping, so overflow would crash.
        let maxInput = Int32(1 << 30) - 1
        let constant = runFixed([Int32](repeating: maxInput, count: 512))
        #expect(abs(constant[0].0 - 512 * Double(maxInput)) / (512 * Double(maxInput)) < 1e-6)
        let alternating = runFixed((0..<512).map { $0 % 2 == 0 ? maxInput : -maxInput })
        #expect(abs(alternating[256].0 - 512 * Double(maxInput)) / (512 * Double(maxInput)) < 1e-6)
    }
}

/// The plain radix-2 stages, as first written: the two-stages-per-pass FFT must give the
/// very same bits (so every figure measured with it still holds).
@Suite struct RealFFTRestructuringTests {
    static func radix2(_ re: inout [Int32], _ im: inout [Int32]) {
        var half = 1
        while half < 256 {
            let stride = 256 / half
            for j in 0..<half {
                let c = twiddleCosQ31[j * stride], s = twiddleSinQ31[j * stride]
                var top = j
                while top < 256 {
                    let bottom = top + half
                    let br = re[bottom], bi = im[bottom]
                    let tr = multiplyHigh(br, c) &+ multiplyHigh(bi, s)
                    let ti = multiplyHigh(bi, c) &- multiplyHigh(br, s)
                    let ar = re[top] >> 1, ai = im[top] >> 1
                    re[top] = ar &+ tr; im[top] = ai &+ ti
                    re[bottom] = ar &- tr; im[bottom] = ai &- ti
                    top += 2 * half
                }
            }
            half *= 2
        }
    }

    @Test(arguments: [1, 2, 3, 4])
    func twoStagesPerPassEqualsRadix2BitForBit(seed: UInt64) {
        var g = SignalGenerator(seed: seed)
        var fft = RealFFT()
        for n in 0..<512 { fft.setInput(n, Int32(g.uniform() * Double(1 << 30 - 1))) }
        var re = fft.real, im = fft.imaginary
        Self.radix2(&re, &im)
        fft.complexTransform()
        #expect(fft.real == re)
        #expect(fft.imaginary == im)
    }
}
