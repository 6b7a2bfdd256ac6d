import KinuDSP

/// Fixed-point log-mel front end: 16 kHz Int16 samples in, one frame of 40 log2 band
/// energies (Q8) out every 20 ms.
///
/// Stages and their number formats, per frame:
/// 1. Window of 480 samples minus its mean (DC would otherwise eat headroom).
/// 2. Block floating point: shifted by `s` so the largest |x| lies in [2^13, 2^14), Int16
///    (one bit of headroom: a complex value can reach sqrt 2 times its largest part).
///    This is what keeps a -60 dBFS sound as precise as a 0 dBFS one.
/// 3. Hann window (Q15) and a 512-point real FFT on packed 16-bit values with block
///    floating point per pass (see RealFFT): X / 2^h.
/// 4. Power |X/2|^2 per bin, UInt32 (< 2^30).
/// 5. Mel filterbank: sum of P * w (Q16), UInt64; each bin feeds two filters with weights
///    w and 1 - w (UMLAL on the M4).
/// 6. log2 in Q8, minus the scale of stages 2-5 (44 + 2s - 2h octaves), clamped at
///    `floorQ8`.
/// 7. On every fourth frame, each octave's peakiness from the same power (`SpectralPeaks`).
///
/// The result is log2 of the band energy of the window with samples as x/32768, the same
/// quantity `FloatFrontEnd` in the tests computes in Double.
public struct FrontEnd {
    public static let bandCount = FrontEndConfig.bandCount

    /// The newest frame: log2 band energies, Q8, lowest band first.
    public private(set) var features = [Int16](repeating: FrontEndConfig.floorQ8, count: FrontEndConfig.bandCount)
    /// Frames produced since start (or `reset`).
    public private(set) var frameCount = 0
    /// The octaves' peakiness of the newest measured frames.
    public private(set) var peaks = SpectralPeaks()

    private var assembler = FrameAssembler()
    private var fft = RealFFT()
    /// Power of the bins the mel filters use.
    private var power = [UInt32](repeating: 0, count: melLastBin - melFirstBin + 1)

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
        peaks.reset()
        for i in features.indices { features[i] = FrontEndConfig.floorQ8 }
    }

    /// Never inlined: `consume` is small and inlined where samples come in; the frame's
    /// work is long and needs one copy.
    @inline(never)
    private mutating func computeFrame() {
        let index = frameCount
        frameCount += 1
        let measured = SpectralPeaks.isMeasured(frame: index)
        // 1.-3. Centre, block-scale, window and transform (KinuDSP).
        let transformed = fft.transformWindow(of: &assembler)
        guard let shift = transformed else {
            for b in features.indices { features[b] = FrontEndConfig.floorQ8 }
            if measured { peaks.store(frame: index, (0, 0, 0, 0, 0, 0)) }
            return
        }

        // 4.-7. Power, mel filterbank (with the octaves' peakiness on a measured frame), log
        //       and the scaling undone (KinuDSP): band energy = mel * 2^-(44 + 2 shift - 2
        //       halvings); the peakiness, a ratio, needs no scale.
        fft.power(bins: melFirstBin...melLastBin, into: &power)
        let scaleQ8 = Int32((44 + 2 * shift - 2 * fft.halvings) << 8)
        if measured {
            var octaves: SpectralPeaks.Octaves = (0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &octaves) { melAndLog(scaleQ8: scaleQ8, peakiness: $0.bindMemory(to: UInt8.self).baseAddress!) }
            peaks.store(frame: index, octaves)
        } else {
            melAndLog(scaleQ8: scaleQ8, peakiness: nil)
        }
    }

    private mutating func melAndLog(scaleQ8: Int32, peakiness: UnsafeMutablePointer<UInt8>?) {
        power.withUnsafeBufferPointer { power in
        features.withUnsafeMutableBufferPointer { features in
            kinu_mel_log2_q8(power.baseAddress!, melBinsPerSegment.baseAddress!, melRiseWeightQ16.baseAddress!,
                             log2MantissaQ16.baseAddress!, scaleQ8, Int32(FrontEndConfig.floorQ8), features.baseAddress!,
                             peakiness)
        }}
    }
}
