// Resampler quality (flat passband, >= 70 dB image/alias rejection), timing, and the
// streaming form matching the one-shot form exactly.

import Foundation
import Testing
import KinuHostKit

/// Power of DFT bins [lo, hi) of x (plain DFT; x should hold whole periods of its tones).
func binPower(_ x: ArraySlice<Float>, _ bins: Range<Int>) -> Double {
    let n = x.count
    var total = 0.0
    for k in bins {
        var re = 0.0, im = 0.0
        for (j, v) in x.enumerated() {
            let ph = 2 * Double.pi * Double(k * j % n) / Double(n)
            re += Double(v) * cos(ph); im -= Double(v) * sin(ph)
        }
        total += re * re + im * im
    }
    return total
}

@Suite struct ResamplerTests {
    static let commonRates = [8000, 11025, 16000, 22050, 32000, 44100, 48000, 96000]

    @Test func identityWhenRatesMatch() {
        let x = sine(hz: 440, rate: 16_000, count: 1000)
        let r = Resampler(inputRate: 16_000, outputRate: 16_000)
        #expect(r.resample(x) == x)
        var s = r.makeStream()
        #expect(s.process(Array(x[..<300])) + s.process(Array(x[300...])) + s.finish() == x)
    }

    @Test func factorsComeFromGCD() {
        let d = ResamplerDesign(inputRate: 44_100, outputRate: 16_000)
        #expect(d.up == 160 && d.down == 441)
        #expect(ResamplerDesign(inputRate: 11_025, outputRate: 16_000).up == 640)
        #expect(ResamplerDesign(inputRate: 8000, outputRate: 16_000).up == 2)
        #expect(ResamplerDesign(inputRate: 48_000, outputRate: 16_000).down == 3)
        #expect(d.stopbandEdgeHz == 8000 && d.passbandEdgeHz == 7200)
    }

    @Test(arguments: commonRates)
    func outputLengthAndTiming(rate: Int) {
        // An impulse at input time t must come out centred at output time t (no delay).
        let r = Resampler(inputRate: rate, outputRate: 16_000)
        let count = rate / 10
        var x = [Float](repeating: 0, count: count)
        x[count / 2] = 1
        let y = r.resample(x)
        #expect(y.count == r.outputCount(forInputCount: count))
        #expect(y.count == (count * 16_000 + rate - 1) / rate)
        let peak = y.indices.max { abs(y[$0]) < abs(y[$1]) }!
        let expected = Double(count / 2) * 16_000 / Double(rate)
        #expect(abs(Double(peak) - expected) <= 1)
    }

    @Test func upsample1kHzKeepsAmplitudeAndFrequency() {
        let x = sine(hz: 1000, rate: 8000, count: 8000, amp: 0.5)
        let y = Resampler(inputRate: 8000, outputRate: 16_000).resample(x)
        #expect(y.count == 16_000)
        let steady = 2000..<14_000
        let a = toneAmplitude(y, hz: 1000, rate: 16_000, range: steady)
        #expect(abs(db(a / 0.5)) < 0.1)
        // Frequency from interpolated rising zero crossings across the steady part.
        var crossings: [Double] = []
        for n in steady.dropLast() where y[n] < 0 && y[n + 1] >= 0 {
            crossings.append(Double(n) + Double(-y[n] / (y[n + 1] - y[n])))
        }
        let hz = Double(crossings.count - 1) * 16_000 / (crossings.last! - crossings.first!)
        #expect(abs(hz - 1000) < 0.01)
        // Exact periodicity: one 16-sample period later the signal repeats.
        for n in steady.prefix(200) { #expect(abs(y[n] - y[n + 16]) < 1e-4) }
    }

    @Test func upsampleImagingBelow70dB() {
        // Tones at 1, 2.5 and 3.5 kHz (3.5 kHz is near the top of the passband): their images
        // at 7, 5.5 and 4.5 kHz must carry < -70 dB of the energy. 1600 samples at 16 kHz =
        // 10 Hz bins, every tone on a bin, so no window is needed.
        var x = [Float](repeating: 0, count: 8000)
        for f in [1000.0, 2500, 3500] {
            for (i, v) in sine(hz: f, rate: 8000, count: 8000, amp: 0.3).enumerated() { x[i] += v }
        }
        let y = Resampler(inputRate: 8000, outputRate: 16_000).resample(x)
        let seg = y[4000..<5600]
        let below = binPower(seg, 0..<400), above = binPower(seg, 401..<801)
        let rel = 10 * log10(above / below)
        print("8k->16k imaging: energy above 4 kHz = \(String(format: "%.1f", rel)) dB")
        #expect(rel < -70)
    }

    @Test func downsample48kPreserves7kAndRejects10k() {
        let r = Resampler(inputRate: 48_000, outputRate: 16_000)
        let pass = r.resample(sine(hz: 7000, rate: 48_000, count: 48_000, amp: 0.5))
        let a7 = toneAmplitude(pass, hz: 7000, rate: 16_000, range: 2000..<14_000)
        #expect(abs(db(a7 / 0.5)) < 0.1)

        // 10 kHz aliases to 6 kHz at a 16 kHz output rate.
        let stop = r.resample(sine(hz: 10_000, rate: 48_000, count: 48_000, amp: 0.5))
        let a6 = toneAmplitude(stop, hz: 6000, rate: 16_000, range: 2000..<14_000)
        print("48k->16k: 7 kHz gain \(String(format: "%.4f", db(a7 / 0.5))) dB, 10 kHz alias \(String(format: "%.1f", db(a6 / 0.5))) dB")
        #expect(db(a6 / 0.5) <= -70)
    }

    @Test(arguments: [(44_100, 9000.0), (44_100, 15_000.0), (22_050, 8500.0), (11_025, 4000.0), (32_000, 8200.0), (96_000, 30_000.0)])
    func aliasesAndImagesBelow70dB(rate: Int, hz: Double) {
        let out = Resampler(inputRate: rate, outputRate: 16_000).resample(sine(hz: hz, rate: rate, count: rate / 2))
        // Down-sampling folds hz about 16 kHz; up-sampling (11025) creates an image at rate - hz.
        var alias = rate < 16_000 ? Double(rate) - hz : hz.truncatingRemainder(dividingBy: 16_000)
        if alias > 8000 { alias = 16_000 - alias }
        // 6400 samples = whole cycles of both 4000 and 7025 Hz (25 Hz grid), so the tone
        // still present in the up-sampling case does not leak into the fit.
        let a = toneAmplitude(out, hz: alias, rate: 16_000, range: 1000..<7400)
        #expect(db(a / 0.5) <= -70, "\(rate) Hz: \(hz) Hz tone leaks at \(db(a / 0.5)) dB")
    }

    @Test(arguments: [(44_100, 7000.0), (22_050, 3000.0), (11_025, 5000.0), (96_000, 7100.0), (32_000, 100.0)])
    func passbandTonesKeepAmplitude(rate: Int, hz: Double) {
        let out = Resampler(inputRate: rate, outputRate: 16_000).resample(sine(hz: hz, rate: rate, count: rate / 2))
        let a = toneAmplitude(out, hz: hz, rate: 16_000, range: 1000..<7000)
        #expect(abs(db(a / 0.5)) < 0.1, "\(rate) Hz: \(hz) Hz tone gain \(db(a / 0.5)) dB")
    }

    /// Design figures: passband ripple over [0, 0.9 Nyquist] and worst stopband level over
    /// [Nyquist, L * in / 2] (every frequency that can alias or image into the output).
    @Test(arguments: commonRates.filter { $0 != 16_000 })
    func designResponse(rate: Int) {
        let d = ResamplerDesign(inputRate: rate, outputRate: 16_000)
        let pass = d.magnitudeResponseDB(atHz: (0...200).map { d.passbandEdgeHz * Double($0) / 200 })
        let ripple = pass.max()! - pass.min()!
        let top = Double(d.up) * Double(rate) / 2
        let near = (0..<600).map { d.stopbandEdgeHz + (min(top, 4 * d.stopbandEdgeHz) - d.stopbandEdgeHz) * Double($0) / 599 }
        let far = top > 4 * d.stopbandEdgeHz
            ? (0..<150).map { 4 * d.stopbandEdgeHz * pow(top / (4 * d.stopbandEdgeHz), Double($0) / 149) } : []
        let stop = d.magnitudeResponseDB(atHz: near + far).max()!
        print("\(rate)->16000: L/M \(d.up)/\(d.down), taps/phase \(d.tapsPerPhase), passband ripple \(String(format: "%.5f", ripple)) dB, stopband \(String(format: "%.1f", -stop)) dB")
        #expect(ripple < 0.1)
        #expect(stop <= -70)
    }

    @Test(arguments: [(8000, 16_000), (44_100, 16_000), (11_025, 16_000), (48_000, 16_000), (16_000, 8000), (22_050, 16_000)])
    func streamingEqualsOneShot(input: Int, output: Int) {
        var rng = SplitMix(state: UInt64(input * 7 + output))
        let x = (0..<(input / 4)).map { _ in Float.random(in: -1...1, using: &rng) }
        let r = Resampler(inputRate: input, outputRate: output)
        let oneShot = r.resample(x)
        for _ in 0..<3 {
            var s = r.makeStream()
            var y: [Float] = []
            var i = 0
            while i < x.count {
                let n = min(x.count - i, [0, 1, 2, 7, 64, 333, 1500].randomElement(using: &rng)!)
                y += s.process(x[i..<(i + n)])
                i += n
            }
            y += s.finish()
            #expect(y == oneShot)
            // finish() resets: the stream can be reused for another signal.
            #expect(s.process(x) + s.finish() == oneShot)
        }
    }

    @Test func oddRateUsesOnTheFlyCoefficients() {
        // 44101 Hz gives L = 16000: too many phases to tabulate; results must still match.
        var rng = SplitMix(state: 5)
        let x = (0..<441).map { _ in Float.random(in: -1...1, using: &rng) }
        let r = Resampler(inputRate: 44_101, outputRate: 16_000)
        #expect(r.design.up == 16_000)
        var s = StreamingResampler(inputRate: 44_101, outputRate: 16_000)
        let y = s.process(Array(x[..<200])) + s.process(Array(x[200...])) + s.finish()
        #expect(y == r.resample(x))
        #expect(y.count == r.outputCount(forInputCount: 441))
        let dc = Resampler(inputRate: 44_101, outputRate: 16_000).resample([Float](repeating: 0.25, count: 4410))
        #expect(abs(dc[800] - 0.25) < 1e-4)
    }

    @Test func emptyInput() {
        #expect(Resampler(inputRate: 8000, outputRate: 16_000).resample([]).isEmpty)
        var s = StreamingResampler(inputRate: 48_000, outputRate: 16_000)
        #expect(s.process([]).isEmpty && s.finish().isEmpty)
    }
}
