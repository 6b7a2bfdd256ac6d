import Foundation
import Testing
@testable import KinuCore
import KinuReference
import KinuDSP

@Suite struct FrontEndTests {
    static let halfDecibelQ8 = 0.5 / (10 * log10(2.0))   // 0.5 dB in octaves of power

    /// Largest |fixed - float| in dB over bands within `range` dB of the frame's strongest
    /// band (weaker bands are dominated by the input's own quantisation noise).
    func worstErrorDB(_ samples: [Int16], rangeDB: Double = 60) -> Double {
        let fixed = fixedFeatures(samples)
        let float = FloatFrontEnd.features(samples)
        #expect(fixed.count == float.count)
        var worst = 0.0
        let octaves = rangeDB / (10 * log10(2.0))
        for (f, r) in zip(fixed, float) {
            let strongest = r.max()!
            for b in 0..<FrontEndConfig.bandCount where r[b] > strongest - octaves {
                worst = max(worst, abs(Double(f[b]) / 256 - r[b]) * 10 * log10(2.0))
            }
        }
        return worst
    }

    @Test func blockSizeDoesNotChangeFeatures() {
        var g = SignalGenerator(seed: 7)
        let audio = Signals.int16(Signals.add(g.whiteNoise(count: 40_000, rms: 0.05),
                                              Signals.speechLike(count: 40_000, amplitude: 0.3, seed: 3)))
        let reference = fixedFeatures(audio, blockSize: 16_000)
        #expect(reference.count == (40_000 - 480) / 320 + 1)
        for size in [1, 7, 256] {
            #expect(fixedFeatures(audio, blockSize: size) == reference, "block size \(size)")
        }
    }

    @Test(arguments: [0.0, -10, -20, -30, -40, -50, -60])
    func noiseMatchesFloatWithinHalfDecibel(levelDB: Double) {
        var g = SignalGenerator(seed: 11)
        let audio = Signals.int16(g.whiteNoise(count: 8_000, rms: Signals.dbfs(levelDB) / 3))
        #expect(worstErrorDB(audio) < 0.5)
    }

    @Test(arguments: [0.0, -20, -40, -60])
    func speechLikeSoundMatchesFloatWithinHalfDecibel(levelDB: Double) {
        let audio = Signals.int16(Signals.speechLike(count: 8_000, amplitude: Signals.dbfs(levelDB) * 0.5, seed: 5))
        #expect(worstErrorDB(audio) < 0.5)
    }

    @Test(arguments: [250.0, 1000, 3000, 7000])
    func sineMatchesFloatWithinHalfDecibel(frequency: Double) {
        for level in [0.0, -30, -60] {
            let audio = Signals.int16(Signals.sine(frequency: frequency, amplitude: Signals.dbfs(level) * 0.999, count: 4_000))
            #expect(worstErrorDB(audio, rangeDB: 40) < 0.5, "\(frequency) Hz at \(level) dBFS")
        }
    }

    @Test func fullScaleSquareAndClippingDoNotOverflow() {
        // Overflow would put whole bands tens of dB off; 45 dB of range is what a 16-bit
        // FFT keeps clean below the strongest band of such harmonic-rich signals (their
        // weak bands between harmonics sit in its rounding noise).
        let square = (0..<8_000).map { ($0 / 20) % 2 == 0 ? Int16.max : Int16.min }
        #expect(worstErrorDB(square, rangeDB: 45) < 0.5)
        // A sine driven 12 dB into clipping, and a full-swing step (largest DC offset).
        let clipped = Signals.int16(Signals.sine(frequency: 440, amplitude: 4, count: 8_000))
        #expect(worstErrorDB(clipped, rangeDB: 45) < 0.5)
        let step = [Int16](repeating: Int16.min, count: 4_000) + [Int16](repeating: Int16.max, count: 4_000)
        #expect(worstErrorDB(step) < 0.5)
    }

    @Test func silenceGivesTheFloorValue() {
        let frames = fixedFeatures([Int16](repeating: 0, count: 4_000))
        #expect(frames.count == (4_000 - 480) / 320 + 1)
        #expect(frames.allSatisfy { $0.allSatisfy { $0 == FrontEndConfig.floorQ8 } })
        // A constant (pure DC) is silence too once the mean is removed.
        let dc = fixedFeatures([Int16](repeating: 1234, count: 4_000))
        #expect(dc.allSatisfy { $0.allSatisfy { $0 == FrontEndConfig.floorQ8 } })
    }

    @Test func louderSoundGivesProportionallyHigherFeatures() {
        // 20 dB more input = 20 dB more band energy = 6.64 octaves, independent of block
        // floating point.
        var g = SignalGenerator(seed: 2)
        let noise = g.whiteNoise(count: 4_000, rms: 0.01)
        let quiet = fixedFeatures(Signals.int16(noise))
        let loud = fixedFeatures(Signals.int16(noise.map { $0 * 10 }))
        let expected = 20 / (10 * log10(2.0)) * 256
        for (q, l) in zip(quiet, loud) {
            for b in 0..<FrontEndConfig.bandCount {
                #expect(abs(Double(l[b] - q[b]) - expected) < 0.1 * 256)
            }
        }
    }
}

@Suite struct TableTests {
    @Test func hannWindowMatchesDefinition() {
        for n in 0..<FrontEndConfig.windowLength {
            #expect(abs(Double(hannWindowQ15[n]) / 32768 - FloatFrontEnd.hann(n)) <= 1.0 / 32768)
        }
        // Then zeros up to the FFT size: the window kernel reads whole FFT frames.
        #expect(hannWindowQ15.count == 512)
        #expect(hannWindowQ15[FrontEndConfig.windowLength...].allSatisfy { $0 == 0 })
    }

    /// The template DCT against its definition (gen_tables.py), and the symmetry the
    /// Cortex-M4 body of kinu_floored_dct folds the frame by: the row of c_i is
    /// antisymmetric about the middle band for odd i and symmetric for even i.
    @Test func templateDCTMatchesDefinitionAndIsSymmetric() {
        let bands = FrontEndConfig.bandCount
        for i in 1...Template.coefficients {
            let weight = 0.068 * Double(i).squareRoot() * 32
            for b in 0..<bands {
                let value = (2 / Double(bands)).squareRoot() * cos(Double.pi * Double(i) * (Double(b) + 0.5) / Double(bands)) * weight
                let entry = templateDCT[(i - 1) * bands + b], mirror = templateDCT[(i - 1) * bands + bands - 1 - b]
                #expect(entry == Int16((value * 256).rounded()), "c\(i), band \(b)")
                #expect(mirror == (i % 2 == 0 ? entry : -entry), "c\(i), band \(b)")
            }
        }
    }

    @Test func twiddlesMatchDefinition() {
        for k in 0...256 {
            let word = twiddlesQ15[k]
            let c = Int16(bitPattern: UInt16(word & 0xFFFF)), s = Int16(bitPattern: UInt16(word >> 16))
            #expect(abs(Double(c) / 32768 - cos(2 * .pi * Double(k) / 512)) <= 1.0 / 32768)
            #expect(abs(Double(s) / 32768 - sin(2 * .pi * Double(k) / 512)) <= 1.0 / 32768)
        }
    }

    @Test func melWeightsMatchDefinition() {
        // Rebuild each filter from the tables and compare with the float filters.
        let segmentOfBin = melBinsPerSegment.enumerated().flatMap { [Int](repeating: $0.offset, count: Int($0.element)) }
        #expect(segmentOfBin.count == melLastBin - melFirstBin + 1)
        for j in 0..<FrontEndConfig.bandCount {
            for k in 0...256 {
                var weight = 0.0
                if k >= melFirstBin && k <= melLastBin {
                    let segment = segmentOfBin[k - melFirstBin]
                    let rise = Double(melRiseWeightQ16[k - melFirstBin]) / 65536
                    if segment == j { weight = rise } else if segment == j + 1 { weight = 1 - rise }
                }
                #expect(abs(weight - FloatFrontEnd.melWeights[j][k]) < 2e-5, "band \(j) bin \(k)")
            }
        }
    }

    @Test func log2IsAccurate() {
        var g = SignalGenerator(seed: 9)
        for _ in 0..<2_000 {
            let v = UInt64(abs(g.uniform()) * pow(2, 60)) + 1
            #expect(abs(Double(log2Q8(v)) / 256 - log2(Double(v))) < 0.003)
        }
        #expect(log2Q8(0) == Int32.min)
        #expect(log2Q8(1) == 0)
        #expect(log2Q8(UInt64.max) == 64 * 256)
        let oneTera: UInt64 = 1 << 40
        #expect(log2Q8(oneTera) == Int32(40 * 256))
    }

    /// The mel and log kernel against the plain definition: 64-bit band sums bin by bin,
    /// and log2 in 64-bit arithmetic (the kernel works in 32 bits), on random spectra
    /// with empty bins, full-scale bins and silent bands.
    @Test func melAndLogMatchThePlainDefinition() {
        var g = SignalGenerator(seed: 21)
        let bins = melLastBin - melFirstBin + 1
        let segmentOfBin = melBinsPerSegment.enumerated().flatMap { [Int](repeating: $0.offset, count: Int($0.element)) }
        func plainLog2Q8(_ value: UInt64) -> Int32 {
            let msb = 63 - value.leadingZeroBitCount
            let mantissa = value << UInt64(63 - msb)
            let index = Int((mantissa >> 58) & 31), fraction = Int64((mantissa >> 42) & 0xFFFF)
            let low = Int64(log2MantissaQ16[index]), high = Int64(log2MantissaQ16[index + 1])
            return Int32(((Int64(msb) << 16) + low + (((high - low) * fraction) >> 16) + 128) >> 8)
        }
        for round in 0..<300 {
            let top = [1 << 30 - 1, 1 << 20, 1_000, 1, 0][round % 5]
            var power = (0..<bins).map { _ in UInt32(Double(top) * abs(g.uniform())) }
            if round % 7 == 0 { for i in 0..<60 { power[i] = 0 } }              // silent low bands
            if round % 11 == 0 { for i in power.indices { power[i] = 1 << 30 - 1 } }
            let scale = Int32(round * 97 % 9_000) - 1_000
            var energy = [UInt64](repeating: 0, count: FrontEndConfig.bandCount + 2)
            for i in 0..<bins {
                let p = UInt64(power[i]), w = UInt64(melRiseWeightQ16[i])
                energy[segmentOfBin[i] + 1] += p * w
                energy[segmentOfBin[i]] += p * (65_536 - w)
            }
            let floor = Int32(FrontEndConfig.floorQ8)
            let expected = (0..<FrontEndConfig.bandCount).map { b -> Int16 in
                let value = energy[b + 1] == 0 ? floor : plainLog2Q8(energy[b + 1]) - scale
                return Int16(max(floor, min(Int32(Int16.max), value)))
            }
            var features = [Int16](repeating: 0, count: FrontEndConfig.bandCount)
            kinu_mel_log2_q8(power, melBinsPerSegment.baseAddress!, melRiseWeightQ16.baseAddress!, log2MantissaQ16.baseAddress!, scale, floor, &features, nil)
            #expect(features == expected, "round \(round)")
            // Measuring the peakiness too gives the same features, and each octave's log2(n
            // sum q^2 / (sum p)^2) + 4 (q = p / 4 rounded down) to within rounding: half a
            // unit (1/32 octave) for the result, a quarter for its Q8 logs.
            var peakiness = [UInt8](repeating: 0, count: SpectralPeaks.octaves)
            features = [Int16](repeating: 0, count: FrontEndConfig.bandCount)
            kinu_mel_log2_q8(power, melBinsPerSegment.baseAddress!, melRiseWeightQ16.baseAddress!, log2MantissaQ16.baseAddress!, scale, floor, &features, &peakiness)
            #expect(features == expected, "round \(round)")
            for (o, bins) in FloatFrontEnd.peakOctaves.enumerated() {
                let p = bins.map { Double(power[$0 - melFirstBin]) }, q = bins.map { Double(power[$0 - melFirstBin] >> 2) }
                let total = p.reduce(0, +), squares = q.reduce(0) { $0 + $1 * $1 }
                let plain = total > 0 && squares > 0 ? max(0, min(255, 32 * (log2(Double(p.count) * squares / (total * total)) + 4))) : 0
                #expect(abs(Double(peakiness[o]) - plain) <= 0.8, "round \(round), octave \(o): \(peakiness[o]) vs \(plain)")
            }
        }
    }

    func log2Q8(_ value: UInt64) -> Int32 {
        kinu_log2_q8(value, log2MantissaQ16.baseAddress!)
    }
}
