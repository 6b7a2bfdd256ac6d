/// What the device stores of one sound event: a small int8 "template".
///
///     bytes                   content
///     frames x coefficients   cepstra c0..c12 of the event, mean-normalised over the event,
///                             pooled to 16 time steps, scaled per coefficient
///     coefficients - 1        mean of c1..c12 over the event (the average spectral shape;
///                             c0, the loudness, is left out on purpose)
///     coefficients            standard deviation of c0..c12 over the event (how it moves)
///     1                       length of the event in frames
///     padding                 to a multiple of 4
///
/// Words are told apart by how the spectrum moves (the pooled sequence, compared with
/// dynamic time warping); claps, knocks and whistles mostly by their average shape and
/// spread (the statistics). The matcher uses both.
public enum Template {
    /// Changes whenever the bytes above would mean something else: a model image made
    /// with another format is refused instead of being compared with ours.
    public static let formatVersion: UInt16 = 1
    public static let frames = 16
    public static let coefficients = 13
    static let sequenceBytes = frames * coefficients
    static let meanOffset = sequenceBytes
    static let deviationOffset = meanOffset + coefficients - 1
    static let lengthOffset = deviationOffset + coefficients
    public static let byteCount = (lengthOffset + 1 + 3) & ~3
}

/// Turns a `SoundEvent` into a template. Holds its scratch memory, so encoding allocates
/// nothing.
public struct TemplateEncoder {
    /// Per-frame cepstra, Q8 octaves, frames x coefficients.
    private var cepstra: [Int32]

    public init(maxFrames: Int = DetectorConfig().maxFrames) {
        cepstra = [Int32](repeating: 0, count: maxFrames * Template.coefficients)
    }

    /// Encodes `event` into `template` (`Template.byteCount` bytes).
    public mutating func encode(_ event: SoundEvent, into template: inout [Int8]) {
        let count = min(event.frameCount, cepstra.count / Template.coefficients)
        let d = Template.coefficients
        computeCepstra(event, frames: count)

        for i in 0..<d {
            // Mean and spread over time, per coefficient.
            var sum: Int64 = 0
            for f in 0..<count { sum += Int64(cepstra[f * d + i]) }
            let mean = Int32(truncatingIfNeeded: sum / Int64(count))
            var squares: UInt64 = 0
            for f in 0..<count {
                let deviation = Int64(cepstra[f * d + i] - mean)
                squares &+= UInt64(deviation * deviation)
            }
            let deviation = Int32(truncatingIfNeeded: integerSquareRoot(squares / UInt64(count)))
            if i > 0 { template[Template.meanOffset + i - 1] = quantise(mean, TemplateScale.mean[i]) }
            template[Template.deviationOffset + i] = quantise(deviation, TemplateScale.deviation[i])

            // Pool the mean-normalised coefficient to 16 steps: each step averages its
            // share of the frames (an event shorter than 16 frames repeats frames).
            for t in 0..<Template.frames {
                let first = t * count / Template.frames
                let last = max(first + 1, (t + 1) * count / Template.frames)
                var total: Int32 = 0
                for f in first..<last { total += cepstra[f * d + i] - mean }
                template[t * d + i] = quantise(total / Int32(last - first), TemplateScale.sequence[i])
            }
        }
        template[Template.lengthOffset] = Int8(truncatingIfNeeded: min(count, 127))
        for i in (Template.lengthOffset + 1)..<Template.byteCount { template[i] = 0 }
    }

    /// c[i] = sum over bands of logMel[b] * DCT[i][b]: features are Q8, halved first so the
    /// 40-term sum stays inside Int32 (40 * 2^13 * 2^13 < 2^31), then Q22 >> 14 = Q8.
    private mutating func computeCepstra(_ event: SoundEvent, frames: Int) {
        let bands = FrontEnd.bandCount
        for f in 0..<frames {
            for i in 0..<Template.coefficients {
                var accumulator: Int32 = 0
                for b in 0..<bands {
                    accumulator &+= (Int32(event.value(frame: f, band: b)) >> 1) &* Int32(dctQ15[i * bands + b])
                }
                cepstra[f * Template.coefficients + i] = accumulator >> 14
            }
        }
    }

    @inline(__always)
    private func quantise(_ value: Int32, _ scale: Int16) -> Int8 {
        saturatingInt8((value &* Int32(scale) + 2048) >> 12)    // rounds
    }
}
