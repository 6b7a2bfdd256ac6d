import KinuDSP

/// 512-point real FFT of one analysis window in 16-bit fixed point, on KinuDSP's Q15
/// kernels (the Cortex-M4's dual 16-bit instructions on the firmware, portable C with the
/// same bits on the host).
///
/// The 512 real samples are packed as 256 complex values z[n] = x[2n] + i x[2n+1] (one
/// 32-bit word each: real part in bits 0-15, imaginary part in bits 16-31), transformed by
/// four radix-4 passes (each two radix-2 stages, with three twiddle multiplies per four
/// points), and split into the spectrum of the real input.
///
/// Scaling: block floating point per pass. The input is below 2^14 in magnitude; a pass
/// halves the outputs of neither stage while every input value is below 2^12, of its
/// second stage while they are below 2^13, else of both, and `halvings` counts them.
/// Every complex value stays below 2^15 in magnitude, so nothing overflows, and a quiet
/// spectrum keeps its low bits (halving only where the values grew; tools/q15_study shows
/// what that is worth). Twiddle products and the window round to nearest.
struct RealFFT {
    static let size = 512
    static let bins = size / 2 + 1

    /// The 256 packed complex values: the input, then the transform.
    private(set) var packed = [UInt32](repeating: 0, count: 256)
    /// Halvings applied by the last `transform`: its output is the DFT / 2^halvings.
    private(set) var halvings: Int32 = 0

    /// Loads up to 512 real values (|x| < 2^14) as they are, zero padded, for `transform`
    /// (tests).
    mutating func load(_ x: [Int16]) {
        precondition(x.count <= Self.size && x.count % 2 == 0)
        packed.withUnsafeMutableBufferPointer { z in
        x.withUnsafeBufferPointer { x in
            kinu_pack_q15(x.baseAddress!, bitReversed256.baseAddress!, Int32(x.count), z.baseAddress!)
        }}
    }

    /// Transforms one analysis window: the first `FrontEndConfig.windowLength` samples of
    /// `frame` (512 samples; the rest are not used), with the statistics of those samples
    /// (`kinu_copy_samples`): centred, block-scaled into [2^13, 2^14), times the Hann
    /// window (Q15, rounded), zero padded to 512 and transformed. Returns the block shift
    /// (negative: a right shift), or nil when the window holds nothing but its mean (the
    /// transform is then left as it was).
    mutating func transformWindow(_ frame: UnsafeBufferPointer<Int16>, stats: UnsafeBufferPointer<kinu_sample_stats>) -> Int32? {
        precondition(frame.count == Self.size && hannWindowQ15.count == Self.size)
        var halved: Int32 = 0
        let shift = packed.withUnsafeMutableBufferPointer { z in
            kinu_window_fft256_q15(frame.baseAddress!, Int32(FrontEndConfig.windowLength), stats.baseAddress!,
                                   Int32(stats.count), hannWindowQ15.baseAddress!, bitReversed256.baseAddress!,
                                   twiddlesQ15.baseAddress!, z.baseAddress!, &halved)
        }
        if shift == KINU_SILENT { return nil }
        halvings = halved
        return shift
    }

    mutating func transform() {
        halvings = packed.withUnsafeMutableBufferPointer { kinu_fft256_q15($0.baseAddress!, twiddlesQ15.baseAddress!) }
    }

    /// Transforms the window `assembler` holds (`transformWindow(_:stats:)`). The
    /// assembler comes in inout so its buffers are lent, not retained and released.
    mutating func transformWindow(of assembler: inout FrameAssembler) -> Int32? {
        assembler.withWindow { frame, stats in transformWindow(frame, stats: stats) }
    }

    /// |X[k] / 2|^2 for k in `bins` into `power` (X = DFT / 2^halvings; below 2^30).
    /// `power` comes in inout, so neither array is retained on the way.
    func power(bins: ClosedRange<Int>, into power: inout [UInt32]) {
        precondition(bins.lowerBound >= 0 && bins.upperBound < Self.bins && power.count >= bins.count)
        power.withUnsafeMutableBufferPointer { power in
        packed.withUnsafeBufferPointer { z in
            kinu_split_power_q15(z.baseAddress!, twiddlesQ15.baseAddress!, Int32(bins.lowerBound), Int32(bins.upperBound),
                                 power.baseAddress!)
        }}
    }
}
