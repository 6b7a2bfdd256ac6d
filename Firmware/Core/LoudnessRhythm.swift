import KinuDSP

/// How an event's loudness rises and falls: the share of its fluctuation in six octaves of
/// modulation frequency, 0.5-1, 1-2, 2-4, 4-8, 8-16 and 16-25 Hz. A clock ticks at a
/// steady rate, crackling and sneezes burst at random, a helicopter's blades beat fast,
/// rain and an engine hardly fluctuate at all: what the spectrum's envelope does not tell.
///
/// Over the event's loudness e (Q8 octaves, one value per frame, n frames): x = n e - sum e
/// (the mean removed, exactly), under a triangular window (weights min(t + 1, n - t)),
/// scaled down by a power of two until |x| <= 2^11; its autocorrelation r; each octave's
/// energy sum r(l) C(l), which is the sum of |X(k)|^2 over the octave's bins k of x's
/// 256-point DFT (`rhythmCosinesQ14`; exact for any sequence up to 256 long). Byte o is 8 log2(total / energy of octave o), rounded: 0 where one
/// octave holds all of it, one step per 1/8 octave less. Events under `shortestFrames`
/// frames get zeros.
public enum LoudnessRhythm {
    public static let octaves = 6
    public static let shortestFrames = 8
    /// The longest event it measures (the rows of `rhythmCosinesQ14`).
    public static let longestFrames = 100
    /// Scratch the caller lends: Int32 words.
    public static let scratchWords = longestFrames + longestFrames / 2 + 1

    /// Writes the `octaves` bytes of `loudness[0 ..< count]` to `out`. `scratch` holds
    /// `scratchWords` Int32.
    static func write(loudness: UnsafePointer<Int16>, count: Int, scratch: UnsafeMutablePointer<Int32>,
                      into out: UnsafeMutablePointer<Int8>) {
        precondition(count <= longestFrames && rhythmCosinesQ14.count == octaves * longestFrames)
        guard count >= shortestFrames else {
            for o in 0..<octaves { out[o] = 0 }
            return
        }
        var energies: (Int64, Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &energies) { raw in
            let energy = raw.bindMemory(to: Int64.self)
            precondition(energy.count == octaves && octaves == Int(KINU_RHYTHM_OCTAVES))
            kinu_rhythm_energies(loudness, Int32(count), rhythmCosinesQ14.baseAddress!, Int32(longestFrames), scratch,
                                 energy.baseAddress!)
            // Rounding can leave a silent octave a little below zero.
            var total: Int64 = 0
            for o in 0..<octaves {
                energy[o] = max(1, energy[o])
                total &+= energy[o]
            }
            let table = log2MantissaQ16.baseAddress!
            let whole = kinu_log2_q8(UInt64(total), table)
            for o in 0..<octaves {
                let below = whole &- kinu_log2_q8(UInt64(energy[o]), table)
                out[o] = Int8(bitPattern: UInt8(min(255, max(0, (below &+ 16) >> 5))))
            }
        }
    }
}
