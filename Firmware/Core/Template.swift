import KinuDSP

/// What the device stores of one sound event: a 16 x 12 int8 "template" (192 bytes).
///
/// Row t is time step t of the event (the event's frames linearly resampled to 16 steps,
/// end points kept); column i is cepstral coefficient c(i+1) of the log-mel frame,
/// weighted by 0.068 sqrt(i+1), in steps of 1/32 weighted octave. Before the DCT every
/// band is floored 5 octaves (15 dB) below the loudest frame's average level, so the
/// room's noise inside and around the event looks the same whatever the room.
///
/// Why this shape (measured in tools/method_study/REPORT.md): 16 steps cost nothing
/// against the native length once the matcher aligns them; c0 (loudness) hurts; the
/// sqrt weighting beats both no scaling and per-coefficient 1/std; the dynamic-range
/// floor is the largest single gain in noise.
public enum Template {
    /// Changes whenever the bytes above would mean something else: a model image made
    /// with another format is refused instead of being compared with ours.
    public static let formatVersion: UInt16 = 2
    public static let frames = 16
    public static let coefficients = 12
    public static let byteCount = frames * coefficients
    /// Dynamic-range floor below the loudest frame's mean band level (Q8 octaves).
    public static let dynamicRangeQ8: Int32 = 5 * 256
}

/// Turns a `SoundEvent` into a template. Holds its scratch memory, so encoding allocates
/// nothing.
public struct TemplateEncoder {
    /// Per-frame weighted cepstra, frames x coefficients, 1/32 weighted octave.
    private var cepstra: [Int32]

    public init(maxFrames: Int = DetectorConfig().maxFrames) {
        cepstra = [Int32](repeating: 0, count: maxFrames * Template.coefficients)
    }

    /// Encodes `event` into `template` (`Template.byteCount` bytes).
    public mutating func encode(_ event: SoundEvent, into template: inout [Int8]) {
        let count = min(event.frameCount, cepstra.count / Template.coefficients)
        let d = Template.coefficients
        computeCepstra(event, frames: count, floor: dynamicRangeFloor(event, frames: count))

        // Linear interpolation to 16 steps; position in Q8 frames.
        for t in 0..<Template.frames {
            let position = t * (count - 1) * 256 / (Template.frames - 1)
            let first = position >> 8, fraction = Int32(position & 255)
            let second = min(first + 1, count - 1)
            for i in 0..<d {
                let a = cepstra[first * d + i], b = cepstra[second * d + i]
                template[t * d + i] = saturatingInt8((a * (256 - fraction) + b * fraction + 128) >> 8)
            }
        }
    }

    /// The loudest frame's mean band level minus the dynamic range (Q8 octaves).
    private func dynamicRangeFloor(_ event: SoundEvent, frames: Int) -> Int32 {
        let bands = FrontEnd.bandCount
        precondition(frames * bands <= event.features.count)
        var loudest = Int32.min
        event.features.withUnsafeBufferPointer { features in
            for f in 0..<frames {
                let sum = kinu_sum_int16(features.baseAddress! + f &* bands, Int32(bands))
                // Floor division, like the float definition.
                let mean = sum >= 0 ? sum / Int32(bands) : (sum - Int32(bands) + 1) / Int32(bands)
                loudest = max(loudest, mean)
            }
        }
        return loudest - Template.dynamicRangeQ8
    }

    /// c[i] = (K[i] . max(logMel, floor) + 2^15) >> 16. |K| < 2^9 and |logMel| < 2^13,
    /// so the 40-term sum stays below 2^28. Two terms per instruction on the Cortex-M4
    /// (KinuDSP).
    private mutating func computeCepstra(_ event: SoundEvent, frames: Int, floor: Int32) {
        let bands = FrontEnd.bandCount, d = Template.coefficients
        precondition(frames * bands <= event.features.count && frames * d <= cepstra.count)
        let low = Int16(truncatingIfNeeded: max(Int32(Int16.min), min(Int32(Int16.max), floor)))
        event.features.withUnsafeBufferPointer { features in
        templateDCT.withUnsafeBufferPointer { dct in
        cepstra.withUnsafeMutableBufferPointer { cepstra in
            for f in 0..<frames {
                kinu_floored_dct(features.baseAddress! + f &* bands, low, dct.baseAddress!, Int32(bands), Int32(d),
                                 cepstra.baseAddress! + f &* d)
            }
        }}}
    }
}
