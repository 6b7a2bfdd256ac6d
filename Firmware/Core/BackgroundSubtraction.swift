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
    static let stepShift = Int32(KINU_SUBTRACTION_STEP_SHIFT)
    static let step: Int32 = 1 << stepShift
    /// From here on the correction is 0.
    static let end = Int32(backgroundSubtractionQ8.count - 2) * step

    /// The correction for a band `d` Q8 octaves above its background (<= 0), as the
    /// kernel computes it (tests, tools).
    public static func correction(_ d: Int32) -> Int32 {
        if d >= end { return 0 }
        let at = max(0, d)
        let i = Int(at >> stepShift), fraction = at & (step - 1)
        let a = Int32(backgroundSubtractionQ8[i]), b = Int32(backgroundSubtractionQ8[i + 1])
        return a + (((b - a) * fraction) >> stepShift)
    }

    /// Subtracts, in place, the background `floors[b] + deviations[b]` (Q8 octaves: the
    /// detector's level of the band plus its typical deviation, about the noise's mean)
    /// from `count` frames of `bandCount` bands (`kinu_subtract_background`).
    static func subtract(_ frames: inout [Int16], count: Int, bandCount: Int, floors: [Int32], deviations: [Int32]) {
        precondition(count * bandCount <= frames.count && floors.count >= bandCount && deviations.count >= bandCount)
        backgroundSubtractionQ8.withUnsafeBufferPointer { table in
        frames.withUnsafeMutableBufferPointer { frames in
        floors.withUnsafeBufferPointer { floors in
        deviations.withUnsafeBufferPointer { deviations in
            kinu_subtract_background(frames.baseAddress!, Int32(count), Int32(bandCount), floors.baseAddress!,
                                     deviations.baseAddress!, table.baseAddress!, end)
        }}}}
    }
}
