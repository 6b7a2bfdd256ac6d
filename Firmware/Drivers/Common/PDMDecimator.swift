/// Turns a 1-bit PDM stream (1.024 MHz, as the STM32F4-Discovery's MP45DT02 delivers it
/// through I2S2) into 16 kHz Int16 PCM, in fixed point.
///
/// Two stages, the classic split for an oversampling ratio of 64:
/// 1. CIC, order 5, decimation 32 (-> 32 kHz). Only additions, one set per input bit:
///    cheap enough at 1 MHz (5 adds per bit, roughly 10 MHz of a 168 MHz core). Order 5
///    is above the modulator's noise-shaping order (2-4), so the shaped noise that the
///    decimation folds down stays below the signal band's own noise.
/// 2. `PDMCompensationFIR`: 79 taps at 32 kHz, decimation 2 (-> 16 kHz), flat to 7 kHz
///    (it undoes the CIC droop) and steep above 8 kHz (anti-aliasing).
/// Measured on the host with a sigma-delta model of a sine (Tests/KinuDriversTests):
/// see `PDMDecimatorTests` for the SNR and the -3 dB point it checks.
///
/// Scale: a PDM density d in [-1, 1] (all ones = +1) becomes d * 32768 * 2^gainShift,
/// saturated to Int16. Input words are 16 bits, first bit received in the MSB (the order
/// the STM32 SPI/I2S shifts them in). Allocates only in `init`.
public struct PDMDecimator {
    public static let cicOrder = 5
    public static let cicDecimation = 32
    public static let firDecimation = 2
    /// PDM bits per PCM sample.
    public static let bitsPerSample = cicDecimation * firDecimation

    /// Extra gain as a left shift (0 = unity): digital MEMS microphones are quiet
    /// (-26 dBFS at 94 dB SPL), so a board may want +18 dB (3) or so.
    public let gainShift: Int

    // CIC state: five integrators (wrapping arithmetic: the combs undo any wrap as long
    // as the true output, at most 32^5 = 2^25, fits 32 bits) and five comb delays.
    private var i1: Int32 = 0, i2: Int32 = 0, i3: Int32 = 0, i4: Int32 = 0, i5: Int32 = 0
    private var d1: Int32 = 0, d2: Int32 = 0, d3: Int32 = 0, d4: Int32 = 0, d5: Int32 = 0
    private var bitPhase = 0

    // FIR history, each sample stored twice (at n and n + tapCount) so the newest
    // tapCount samples are always contiguous without a modulo in the inner loop.
    private var history: [Int32]
    private var newest = 0
    private var firPhase = 0

    public init(gainShift: Int = 0) {
        precondition(gainShift >= 0 && gainShift <= 8, "gainShift is 0...8")
        self.gainShift = gainShift
        history = [Int32](repeating: 0, count: 2 * PDMCompensationFIR.tapCount)
    }

    /// Decimates `words` (16 PDM bits each) and writes the PCM samples to `output`.
    /// Returns how many were written: `words.count * 16 / 64` when the input is a whole
    /// number of samples (state carries over between calls otherwise). `output` must
    /// have room for that many.
    public mutating func process(_ words: UnsafeBufferPointer<UInt16>, into output: UnsafeMutableBufferPointer<Int16>) -> Int {
        var written = 0
        for word in words {
            var bits = UInt32(word)
            for _ in 0 ..< 16 {
                // Bit 1 -> +1, bit 0 -> -1, MSB first.
                let x: Int32 = (bits & 0x8000) != 0 ? 1 : -1
                bits <<= 1
                i1 &+= x; i2 &+= i1; i3 &+= i2; i4 &+= i3; i5 &+= i4
                bitPhase += 1
                if bitPhase == Self.cicDecimation {
                    bitPhase = 0
                    if let sample = pushCICOutput() {
                        precondition(written < output.count, "PDMDecimator: output buffer too small")
                        output[written] = sample
                        written += 1
                    }
                }
            }
        }
        return written
    }

    /// Runs the combs on one 32 kHz value and feeds the FIR; returns a 16 kHz sample on
    /// every second call.
    private mutating func pushCICOutput() -> Int16? {
        var c = i5 &- d5; d5 = i5
        var t = c &- d4; d4 = c; c = t
        t = c &- d3; d3 = c; c = t
        t = c &- d2; d2 = c; c = t
        t = c &- d1; d1 = c; c = t
        // c is in [-2^25, 2^25]; keep 14 fractional bits of full scale for the FIR so
        // its Int32 accumulator cannot overflow (2^14 * sum|taps| < 2^31).
        let x = c >> 11
        let n = PDMCompensationFIR.tapCount
        newest = newest == 0 ? n - 1 : newest - 1
        history[newest] = x
        history[newest + n] = x
        firPhase += 1
        guard firPhase == Self.firDecimation else { return nil }
        firPhase = 0
        return filter()
    }

    /// The symmetric FIR over the newest 79 values: 40 multiplies instead of 79.
    private func filter() -> Int16 {
        let n = PDMCompensationFIR.tapCount
        return history.withUnsafeBufferPointer { h in
            PDMCompensationFIR.firstHalf.withUnsafeBufferPointer { taps in
                let base = newest
                var acc: Int32 = taps[n / 2] &* h[base + n / 2]
                for k in 0 ..< n / 2 {
                    acc &+= taps[k] &* (h[base + k] &+ h[base + n - 1 - k])
                }
                // acc = d * 2^29 for density d; round, then to Q15 with the extra gain.
                let shift = Int32(14 - gainShift)
                let rounded = (Int64(acc) + (Int64(1) << (shift - 1))) >> Int64(shift)
                return Int16(clamping: rounded)
            }
        }
    }
}
