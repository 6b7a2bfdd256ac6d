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

    /// The fixed-point power spectrum, undone to the DFT's scale: |X|^2 = 4 P 4^h.
    func runFixed(_ input: [Int16]) -> [Double] {
        var fft = RealFFT()
        fft.load(input)
        fft.transform()
        var power = [UInt32](repeating: 0, count: RealFFT.bins)
        fft.power(bins: 0...256, into: &power)
        let scale = 4 * pow(4, Double(fft.halvings))
        return power.map { Double($0) * scale }
    }

    /// Error of the 16-bit FFT against the direct DFT on full-scale random input (|x| <
    /// 2^14): every bin's amplitude within 1/128 of the peak amplitude (the rounding of 8
    /// stages of 16-bit arithmetic), and the total energy within 0.1 dB.
    @Test(arguments: [1, 2, 3])
    func matchesDirectDFTOnRandomInput(seed: UInt64) {
        var g = SignalGenerator(seed: seed)
        let input = (0..<512).map { _ in Int16(g.uniform() * 16383) }
        let fixed = runFixed(input)
        let exact = directDFT(input.map(Double.init)).map { $0.0 * $0.0 + $0.1 * $0.1 }
        let peak = exact.max()!
        for k in 0..<RealFFT.bins {
            // Amplitude error relative to the peak amplitude.
            let error = abs(fixed[k].squareRoot() - exact[k].squareRoot()) / peak.squareRoot()
            #expect(error < 1.0 / 128, "bin \(k): error \(error)")
        }
        let total = fixed.reduce(0, +), exactTotal = exact.reduce(0, +)
        #expect(abs(10 * log10(total / exactTotal)) < 0.1)
    }

    @Test func pureToneLandsInItsBin() {
        let input = (0..<512).map { Int16((8191 * cos(2 * .pi * 32 * Double($0) / 512)).rounded()) }
        let fixed = runFixed(input)
        let exact = directDFT(input.map(Double.init)).map { $0.0 * $0.0 + $0.1 * $0.1 }
        #expect(abs(10 * log10(fixed[32] / exact[32])) < 0.01)
        for k in 0..<RealFFT.bins where k != 32 {
            #expect(fixed[k] < exact[32] * 1e-6, "bin \(k)")   // the rounding floor, 60 dB below
        }
    }

    @Test func quietInputKeepsItsBits() {
        // A tone at 1/64 of full scale: the passes only halve where the values grew, so
        // it keeps most of the precision a full-scale tone has.
        let input = (0..<512).map { Int16((256 * cos(2 * .pi * 40 * Double($0) / 512)).rounded()) }
        var fft = RealFFT()
        fft.load(input)
        fft.transform()
        #expect(fft.halvings < 8)
        let fixed = runFixed(input)
        let exact = directDFT(input.map(Double.init)).map { $0.0 * $0.0 + $0.1 * $0.1 }
        #expect(abs(10 * log10(fixed[40] / exact[40])) < 0.1)
    }

    @Test func largestInputsDoNotOverflow() {
        // Every input at the largest allowed magnitude, and an alternating one (all
        // energy at Nyquist): all the energy in one bin, every stage at its largest.
        let largest = Int16(16383)
        let constant = runFixed([Int16](repeating: largest, count: 512))
        let dc = pow(512 * Double(largest), 2)
        #expect(abs(10 * log10(constant[0] / dc)) < 0.01)
        let alternating = runFixed((0..<512).map { $0 % 2 == 0 ? largest : -largest })
        #expect(abs(10 * log10(alternating[256] / dc)) < 0.01)
        let negative = runFixed([Int16](repeating: -16384, count: 512))
        #expect(abs(10 * log10(negative[0] / pow(512 * 16384, 2))) < 0.01)
    }
}
