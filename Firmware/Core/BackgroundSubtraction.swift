import KinuDSP

/// Takes the room out of an event: each band's power minus the background's, keeping at
/// least 1/32 of its own. In the log domain that is a correction depending only on how far
/// the band is above its background, d = x - n (Q8 octaves):
///
///     x' = x + 256 log2(max(1 - 2^(-d/256), 2^-5))
///
/// (`backgroundSubtractionQ8`, steps of 1/128 octave, interpolated; from 7 octaves up the
/// correction, under 1/85 octave, is left out). A band far above the background keeps its
/// level; one at the background drops by 5 octaves, below the template's dynamic-range
/// floor. Templates are taught in a quiet room and heard in rain
/// or next to a fan: without this, the noise filled the quiet bands and the gaps of a word
/// and no taught example looked like it (tools/method_study/REPORT.md, "Real noise").
public enum BackgroundSubtraction {
    /// From here on the correction is 0 (the table's last entry is there for the interpolation).
    static let end = Int32(KINU_BACKGROUND_SUBTRACTION_Q8_COUNT - 2) << Int32(KINU_SUBTRACTION_STEP_SHIFT)

    /// The correction the kernel makes to a band `d` Q8 octaves above its background (<= 0;
    /// tests, tools): one value `d` over a background of 0.
    public static func correction(_ d: Int16) -> Int32 {
        var frame = [d]
        subtract(&frame, count: 1, bandCount: 1, floors: [0], deviations: [0])
        return Int32(frame[0]) - Int32(d)
    }

    /// Subtracts, in place, the background `floors[b] + deviations[b]` (the detector's level
    /// of the band plus its typical deviation, about the noise's mean; Q8 octaves with
    /// `KINU_FLOOR_FRACTION_BITS` more, rounded to Q8) from `count` frames of `bandCount`
    /// bands (`kinu_subtract_background`).
    static func subtract(_ frames: inout [Int16], count: Int, bandCount: Int, floors: [Int32], deviations: [Int32]) {
        precondition(count * bandCount <= frames.count && floors.count >= bandCount && deviations.count >= bandCount)
        frames.withUnsafeMutableBufferPointer { frames in
        floors.withUnsafeBufferPointer { floors in
        deviations.withUnsafeBufferPointer { deviations in
            kinu_subtract_background(frames.baseAddress!, Int32(count), Int32(bandCount), floors.baseAddress!,
                                     deviations.baseAddress!, backgroundSubtractionQ8.baseAddress!, end)
        }}}
    }
}
