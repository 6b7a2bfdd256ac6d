/// Fixed-point log-mel front end: 16 kHz Int16 samples in, one frame of 40 log2 band
/// energies (Q8) out every 20 ms.
///
/// Stages and their number formats, per frame:
/// 1. Window of 480 samples (Int16) minus its mean (DC would otherwise eat headroom).
/// 2. Block floating point: shift left by `s` so the largest |x| lies in [2^14, 2^15).
///    This is what keeps a -60 dBFS sound as precise as a 0 dBFS one.
/// 3. Hann window, Q15: v = x * w < 2^30 (Int32).
/// 4. 512-point real FFT (zero padded), output X / 2^9, |X| < 2^31 (see RealFFT).
/// 5. Power |X|^2 in UInt64 (< 2^62).
/// 6. Mel filterbank: sum of (P >> 16) * w(Q16), UInt64; each bin feeds two filters with
///    weights w and 1 - w, so one multiply per bin.
/// 7. log2 in Q8, minus the scale of stages 2-6 (2s + 42 octaves), clamped at `floorQ8`.
///
/// The result is log2 of the band energy of the window with samples as x/32768, the same
/// quantity `FloatFrontEnd` in the tests computes in Double.
public struct FrontEnd {
    public static let bandCount = FrontEndConfig.bandCount

    /// The newest frame: log2 band energies, Q8, lowest band first.
    public private(set) var features = [Int16](repeating: FrontEndConfig.floorQ8, count: FrontEndConfig.bandCount)
    /// Frames produced since start (or `reset`).
    public private(set) var frameCount = 0

    private var assembler = FrameAssembler()
    private var fft = RealFFT()
    private var melEnergy = [UInt64](repeating: 0, count: FrontEndConfig.bandCount + 2)
    /// The current window, centred, as Int32.
    private var window = [Int32](repeating: 0, count: FrontEndConfig.windowLength)

    public init() {}

    /// Feeds samples from `samples[start...]` until a frame completes or the input ends.
    /// Returns the number of samples consumed and whether `features` holds a new frame.
    /// Call it in a loop over a block; any block length works and gives the same frames.
    public mutating func consume(_ samples: UnsafeBufferPointer<Int16>, from start: Int = 0) -> (taken: Int, frameReady: Bool) {
        let (taken, ready) = assembler.consume(samples, from: start)
        if ready { computeFrame() }
        return (taken, ready)
    }

    public mutating func reset() {
        assembler.reset()
        frameCount = 0
        for i in features.indices { features[i] = FrontEndConfig.floorQ8 }
    }

    private mutating func computeFrame() {
        frameCount += 1
        let length = FrontEndConfig.windowLength
        var shift: Int32 = 0
        var silent = false
        window.withUnsafeMutableBufferPointer { x in
            assembler.copyWindow(into: x)

            // 1. Mean, rounded to nearest; one division per frame. Then centre and find
            //    the peak in the same pass.
            var sum: Int32 = 0
            for n in 0..<length { sum &+= x[n] }
            let mean = (sum >= 0 ? sum + Int32(length / 2) : sum - Int32(length / 2)) / Int32(length)
            var peak: Int32 = 0
            for n in 0..<length {
                let centred = x[n] &- mean
                x[n] = centred
                peak = max(peak, centred < 0 ? 0 &- centred : centred)
            }
            if peak == 0 { silent = true; return }

            // 2. Block exponent: peak << shift in [2^14, 2^15). shift is -1 only for the
            //    rare DC-offset frame whose swing exceeds 16 bits.
            shift = Int32(15 - (32 - UInt32(peak).leadingZeroBitCount))

            // 3. Normalise and window, straight into the FFT's bit-reversed input.
            fft.loadWindowed(UnsafeBufferPointer(x), shift: shift)
        }
        if silent {
            for b in features.indices { features[b] = FrontEndConfig.floorQ8 }
            return
        }

        // 4. Spectrum.
        fft.transform()

        // 5.-6. Power and mel filterbank. melEnergy[j + 1] is filter j; slots 0 and 41
        //       catch the outer halves of the first and last segment and are ignored.
        fft.spectrumReal.withUnsafeBufferPointer { real in
        fft.spectrumImaginary.withUnsafeBufferPointer { imaginary in
        melSegmentOfBin.withUnsafeBufferPointer { segments in
        melRiseWeightQ16.withUnsafeBufferPointer { weights in
        melEnergy.withUnsafeMutableBufferPointer { energy in
            for j in 0..<energy.count { energy[j] = 0 }
            for k in melFirstBin...melLastBin {
                let re = Int64(real[k]), im = Int64(imaginary[k])
                let power = UInt64(bitPattern: re &* re &+ im &* im) >> 16
                let segment = Int(segments[k - melFirstBin])
                let rising = power &* UInt64(weights[k - melFirstBin])
                energy[segment + 1] &+= rising
                energy[segment] &+= (power << 16) &- rising
            }
        }}}}}

        // 7. Log and undo the scaling: energy = mel * 2^-(2 * (21 + shift)).
        let scaleQ8 = (2 * (21 + shift)) << 8
        let floor = Int32(FrontEndConfig.floorQ8)
        for b in 0..<FrontEndConfig.bandCount {
            let value = log2Q8(melEnergy[b + 1]).map { $0 - scaleQ8 } ?? floor
            features[b] = Int16(truncatingIfNeeded: max(floor, min(Int32(Int16.max), value)))
        }
    }
}
