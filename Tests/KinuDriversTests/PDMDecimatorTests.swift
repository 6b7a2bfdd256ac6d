import Foundation
import KinuDrivers
import Testing

/// The PDM decimator against a sigma-delta model of a known sine (1.024 MHz PDM in,
/// 16 kHz out). Figures are printed so the test log records them.
@Suite struct PDMDecimatorTests {
    static let amplitude = 0.5   // -6 dBFS: the modulator's comfortable range
    /// Output samples skipped while the filters fill (79-tap FIR + CIC: about 45 samples).
    static let settle = 64

    static func decimate(_ words: [UInt16], gainShift: Int = 0) -> [Int16] {
        var decimator = PDMDecimator(gainShift: gainShift)
        var out = [Int16](repeating: 0, count: words.count * 16 / PDMDecimator.bitsPerSample)
        // In DMA-sized blocks, as the board feeds it (state must carry across calls).
        let block = 1024
        var written = 0
        words.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                var start = 0
                while start < input.count {
                    let end = min(start + block, input.count)
                    let rest = UnsafeMutableBufferPointer(rebasing: output[written...])
                    written += decimator.process(UnsafeBufferPointer(rebasing: input[start ..< end]), into: rest)
                    start = end
                }
            }
        }
        #expect(written == out.count)
        return out
    }

    static func gain(atHz f: Double, seconds: Double = 0.1) -> Double {
        let out = decimate(SigmaDeltaModulator.sine(frequency: f, amplitude: amplitude, seconds: seconds))
        return 20 * log10(SineFit(out[settle...], frequency: f).amplitude / amplitude)
    }

    @Test func snrAt1kHzIsAtLeast60dB() {
        let out = Self.decimate(SigmaDeltaModulator.sine(frequency: 1000, amplitude: Self.amplitude, seconds: 0.5))
        let fit = SineFit(out[Self.settle...], frequency: 1000)
        print(String(format: "PDM decimator: 1 kHz at -6 dBFS: SNR %.1f dB (0-8 kHz, all noise and aliases), gain %.3f dB",
                     fit.snr, 20 * log10(fit.amplitude / Self.amplitude)))
        #expect(fit.snr >= 60)
        #expect(abs(fit.amplitude - Self.amplitude) < 0.01)
    }

    @Test func passBandIsFlatAndMinus3dBPointIsAbove7kHz() {
        var worst = 0.0
        for f in stride(from: 100.0, through: 6500, by: 400) {
            worst = max(worst, abs(Self.gain(atHz: f)))
        }
        var corner = 0.0
        for f in stride(from: 6800.0, through: 7950, by: 50) where Self.gain(atHz: f) < -3 {
            corner = f
            break
        }
        print(String(format: "PDM decimator: pass band 100-6500 Hz within ±%.2f dB; -3 dB point %.0f Hz", worst, corner))
        #expect(worst < 0.5)
        #expect(corner >= 7000)
    }

    @Test func stopBandAliasesAreBelowMinus60dB() {
        // A tone above 8.7 kHz would fold to 16 kHz - f; it must (nearly) vanish.
        var worst = -200.0
        for f in [9000.0, 10_000, 12_000, 14_000] {
            let out = Self.decimate(SigmaDeltaModulator.sine(frequency: f, amplitude: Self.amplitude, seconds: 0.1))
            let alias = SineFit(out[Self.settle...], frequency: 16_000 - f).amplitude
            worst = max(worst, 20 * log10(max(alias, 1e-9) / Self.amplitude))
        }
        print(String(format: "PDM decimator: worst alias of a 9-14 kHz tone %.1f dB", worst))
        #expect(worst < -60)
    }

    @Test func scaleBitOrderAndGain() {
        func first(_ word: UInt16, gainShift: Int = 0) -> Int16 {
            Self.decimate([UInt16](repeating: word, count: 4096), gainShift: gainShift).last!
        }
        #expect(first(0xFFFF) == Int16.max)            // density +1 saturates at full scale
        #expect(first(0x0000) == Int16.min)
        #expect(abs(Int(first(0xAAAA))) <= 1)          // density 0
        // 0xFFF0: 12 ones, 4 zeros per word -> density 0.5 -> 16384.
        #expect(abs(Int(first(0xFFF0)) - 16384) <= 8)
        #expect(abs(Int(first(0xF000)) + 16384) <= 8)  // 4 ones -> -0.5
        // 0xFF80: 9 ones -> density 0.125 -> 4096; gainShift 2 multiplies by 4.
        #expect(abs(Int(first(0xFF80)) - 4096) <= 4)
        #expect(abs(Int(first(0xFF80, gainShift: 2)) - 16384) <= 8)
    }
}
