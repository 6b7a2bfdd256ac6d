import KinuDSP

/// What the device stores of one sound event: a 244-byte "template".
///
/// Bytes 0..<192, the sequence: 16 time steps x 12 int8. The event's n frames linearly
/// interpolated to 16 steps, end points kept; for a sustained sound (an event of the
/// detector's maximum length) step t is instead the mean of frames t n/16 ..< (t + 1) n/16, so a
/// texture or a click train gives the same steps whichever frames the grid hits. Column i is cepstral coefficient c(i+1) of the log-mel
/// frame, weighted by 0.068 sqrt(i+1), in steps of 1/32 weighted octave. Before the DCT
/// every band is floored 5 octaves (15 dB) below the loudest frame's average level, so
/// the room's noise inside and around the event looks the same whatever the room.
///
/// Bytes 192..<244, the statistics (unsigned bytes, saturated at 255): what a sound is
/// made of over time, whatever its alignment. 0..<12: the spread of each coefficient
/// over the frames (mean absolute deviation, 1/32 weighted octave); 12..<18 and 18..<24:
/// each octave's peakiness (`SpectralPeaks`, 1/32 octave) over the event's measured frames,
/// its mean (rounded) and its spread; 24..<32: the spread of eight band groups (five
/// neighbouring mel bands each, floored as for the cepstra, 1/16 octave); 32..<38: the
/// loudness's rhythm (`LoudnessRhythm`, 1/8 octave); 38, 39: zero; 40..<48: the groups'
/// shape, each group's mean level above the mean of the eight (1/4 octave, + 128); 48, 49:
/// the spread and motion of the frame's loudness (mean band level, 1/16 octave); 50: the
/// frame count, capped at 255; 51: zero.
///
/// Why this shape (measured in tools/method_study/REPORT.md): the sequence carries the time
/// course that tells words apart; the statistics carry textures (rain, an engine, fire),
/// whose 1.5 s window has no time course worth aligning; the peakiness tells a tonal
/// sound (an engine, a cry) from a noise-like one (rain, waves) of the same bands, and the
/// rhythm a clock's ticks, crackling and a rotor's beat from each other.
public enum Template {
    /// Changes whenever the bytes above would mean something else: a model image made
    /// with another format is refused instead of being compared with ours.
    public static let formatVersion: UInt16 = 6
    public static let steps = Int(KINU_TEMPLATE_STEPS)
    public static let coefficients = Int(KINU_TEMPLATE_COEFFICIENTS)
    public static let sequenceByteCount = steps * coefficients
    public static let statisticsOffset = sequenceByteCount
    public static let statisticsByteCount = Int(KINU_TEMPLATE_STATISTICS)
    /// Statistics compared by the matcher (the frame count and the pad byte are not).
    public static let comparedStatistics = Int(KINU_COMPARED_STATISTICS)
    public static let bandGroups = Int(KINU_GROUPS)
    public static let frameCountOffset = statisticsOffset + comparedStatistics
    /// Where the octaves' peakiness (`SpectralPeaks.octaves` means, then as many spreads) lies.
    public static let peaksOffset = statisticsOffset + coefficients
    /// Where the loudness's rhythm (`LoudnessRhythm.octaves` bytes) lies.
    public static let rhythmOffset = statisticsOffset + 2 * coefficients + bandGroups
    public static let byteCount = Int(KINU_TEMPLATE_BYTES)
    /// Dynamic-range floor below the loudest frame's mean band level (Q8 octaves).
    public static let dynamicRangeQ8: Int32 = 5 * 256

    /// The event's frame count as stored in `template` (at `offset`).
    @inline(__always)
    public static func frameCount(_ template: UnsafeBufferPointer<Int8>, at offset: Int = 0) -> Int {
        Int(UInt8(bitPattern: template[offset + frameCountOffset]))
    }
}

/// Turns a `SoundEvent` into a template. Holds its scratch memory, so encoding allocates
/// nothing.
public struct TemplateEncoder {
    /// Per-frame weighted cepstra, frames x coefficients, 1/32 weighted octave.
    private var cepstra: [Int32]
    /// Per-frame loudness (mean band level, Q8 octaves; the mean of Int16 values is one).
    private var loudness: [Int16]

    public init(maxFrames: Int = DetectorConfig().maxFrames) {
        precondition(maxFrames <= LoudnessRhythm.longestFrames)
        cepstra = [Int32](repeating: 0, count: max(maxFrames * Template.coefficients, LoudnessRhythm.scratchWords))
        loudness = [Int16](repeating: 0, count: maxFrames)
    }

    /// Encodes `event` into `template` (`Template.byteCount` bytes).
    public mutating func encode(_ event: SoundEvent, into template: inout [Int8]) {
        encode(event, frames: 0..<event.frameCount, into: &template)
    }

    /// Encodes `frames` of `event` as if they were an event of their own (a part of it,
    /// `EventParts`).
    public mutating func encode(_ event: SoundEvent, frames: Range<Int>, into template: inout [Int8]) {
        precondition(template.count >= Template.byteCount && frames.lowerBound >= 0 && frames.upperBound <= event.frameCount)
        let count = min(frames.count, loudness.count), first = frames.lowerBound
        let floor = measureLoudness(event, first: first, frames: count)
        computeCepstra(event, first: first, frames: count, floor: floor)
        template.withUnsafeMutableBufferPointer { out in
            writeSequence(frames: count, into: out.baseAddress!)
            writeStatistics(event, first: first, frames: count, floor: floor, into: out.baseAddress!)
            writePeaks(event, first: first, frames: count, into: out.baseAddress!)
        }
    }

    /// Where the event just encoded (`frames` long) would be split into two sounds
    /// (`EventParts.dip`), from the loudness its encoding measured.
    public func partsDip(frames: Int) -> Int? { EventParts.dip(frames: frames) { Int32(loudness[$0]) } }

    private func writeSequence(frames count: Int, into template: UnsafeMutablePointer<Int8>) {
        let d = Template.coefficients, steps = Template.steps
        cepstra.withUnsafeBufferPointer { buffer in
            let cepstra = buffer.baseAddress!
            if count >= TemplateMatcher.sustainedFrameCount {
                // A sustained sound: step means, rounded half up, floor((2 sum + n) / 2n).
                for t in 0..<steps {
                    let first = t * count / steps, end = (t + 1) * count / steps
                    let n = Int32(end - first)
                    for i in 0..<d {
                        var sum: Int32 = 0
                        var c = cepstra + first * d + i
                        for _ in first..<end { sum &+= c.pointee; c += d }
                        template[t * d + i] = saturatingInt8(Self.floorDivide(2 * sum + n, 2 * n))
                    }
                }
                return
            }
            // Linear interpolation; position in Q8 frames.
            for t in 0..<steps {
                let position = t * max(0, count - 1) * 256 / (steps - 1)
                let first = position >> 8, fraction = Int32(position & 255)
                let second = min(first + 1, max(0, count - 1))
                let a = cepstra + first * d, b = cepstra + second * d, out = template + t * d
                for i in 0..<d {
                    out[i] = saturatingInt8((a[i] &* (256 - fraction) &+ b[i] &* fraction &+ 128) >> 8)
                }
            }
        }
    }

    /// Writes the statistics. The cepstra buffer is free once the sequence is written, so
    /// it then holds the band groups' levels, one row of `bandGroups` per frame.
    private mutating func writeStatistics(_ event: SoundEvent, first: Int, frames count: Int, floor low: Int16,
                                          into template: UnsafeMutablePointer<Int8>) {
        let d = Template.coefficients, groups = Template.bandGroups, base = Template.statisticsOffset
        let width = FrontEnd.bandCount / groups
        precondition((first + count) * FrontEnd.bandCount <= event.features.count && count * groups <= cepstra.count)
        cepstra.withUnsafeMutableBufferPointer { buffer in
            let values = buffer.baseAddress!
            for i in 0..<d {
                template[base + i] = Self.statisticByte(Self.spreadAndSum(values + i, count: count, stride: d).spread)
            }
            // A band group's level as the sum of its floored bands (Q8); in 1/16 octave once
            // divided by 16 x its band count, at the end, so the sums stay exact.
            event.features.withUnsafeBufferPointer { features in
                kinu_group_levels(features.baseAddress! + first &* FrontEnd.bandCount, Int32(count), low, values)
            }
            var totals: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &totals) { raw in
                let total = raw.bindMemory(to: Int32.self)
                precondition(total.count == groups)
                var all: Int32 = 0
                for group in 0..<groups {
                    let (spread, sum) = Self.spreadAndSum(values + group, count: count, stride: groups)
                    template[base + 2 * d + group] = Self.statisticByte(spread / Int32(16 * width))
                    total[group] = sum
                    all &+= sum
                }
                // The shape: (group's total - mean total) / (frames x band count x 64), a
                // quarter octave being 64 in Q8; taken exactly from groups x totals.
                let unit = Int32(groups * count * width * 64)
                for group in 0..<groups {
                    let above = Self.floorDivide(Int32(groups) &* total[group] &- all, unit)
                    template[base + 2 * d + 2 * groups + group] = Int8(bitPattern: UInt8(max(0, min(255, above + 128))))
                }
            }
        }
        // Loudness in 1/16 octave: Q8 >> 4, kept exact by dividing only at the end; widened
        // into the buffer of the group levels, which are done with.
        let (spread, motion, _) = cepstra.withUnsafeMutableBufferPointer { buffer in
            for f in 0..<count { buffer[f] = Int32(loudness[f]) }
            return Self.spreadAndMotion(buffer.baseAddress!, count: count, stride: 1)
        }
        template[base + 2 * d + 3 * groups] = Self.statisticByte(spread >> 4)
        template[base + 2 * d + 3 * groups + 1] = Self.statisticByte(motion >> 4)
        // The rhythm, with the buffer as its scratch; then the two bytes it leaves free.
        let rhythm = Template.rhythmOffset
        loudness.withUnsafeBufferPointer { loudness in
            cepstra.withUnsafeMutableBufferPointer { scratch in
                LoudnessRhythm.write(loudness: loudness.baseAddress!, count: count, scratch: scratch.baseAddress!,
                                     into: template + rhythm)
            }
        }
        for i in rhythm + LoudnessRhythm.octaves ..< base + 2 * d + 2 * groups { template[i] = 0 }
        template[Template.frameCountOffset] = Int8(bitPattern: UInt8(min(count, 255)))
        template[Template.frameCountOffset + 1] = 0
    }

    /// Each octave's mean peakiness over the measured frames among `first ..< first +
    /// count`, rounded half up, and its spread (zeros when the event has no peaks).
    private func writePeaks(_ event: SoundEvent, first: Int, frames count: Int, into template: UnsafeMutablePointer<Int8>) {
        let octaves = SpectralPeaks.octaves, step = SpectralPeaks.frameStep
        let out = template + Template.peaksOffset
        let start = event.startFrame + first
        let firstMeasured = (start + step - 1) / step * step
        let measured = event.peaks.count < SpectralPeaks.slots * octaves || firstMeasured >= start + count
            ? 0 : (start + count - 1 - firstMeasured) / step + 1
        guard measured > 0 else {
            for o in 0..<2 * octaves { out[o] = 0 }
            return
        }
        let n = Int32(measured), firstOffset = SpectralPeaks.offset(ofFrame: firstMeasured)
        let ringBytes = SpectralPeaks.slots * octaves
        event.peaks.withUnsafeBufferPointer { buffer in
            let ring = buffer.baseAddress!
            for o in 0..<octaves {
                var sum: Int32 = 0
                var at = firstOffset + o
                for _ in 0..<measured {
                    sum &+= Int32(ring[at])
                    at += octaves; if at >= ringBytes { at -= ringBytes }
                }
                var deviation: Int32 = 0
                at = firstOffset + o
                for _ in 0..<measured {
                    deviation &+= Self.magnitude(n &* Int32(ring[at]) &- sum)
                    at += octaves; if at >= ringBytes { at -= ringBytes }
                }
                out[o] = Self.statisticByte((2 * sum + n) / (2 * n))
                out[octaves + o] = Self.statisticByte(deviation / (n * n))
            }
        }
    }

    /// Mean absolute deviation from the mean of the `count` values at `values`, `values +
    /// stride`, ..., rounded down; and their sum.
    @inline(__always)
    private static func spreadAndSum(_ values: UnsafePointer<Int32>, count: Int, stride: Int) -> (spread: Int32, sum: Int32) {
        var sum: Int32 = 0
        var p = values
        for _ in 0..<count { sum &+= p.pointee; p += stride }
        guard count > 1 else { return (0, sum) }
        let n = Int32(count)
        var deviation: Int32 = 0
        p = values
        for _ in 0..<count { deviation &+= magnitude(n &* p.pointee &- sum); p += stride }
        return (deviation / (n * n), sum)
    }

    /// Mean absolute deviation from the mean, and mean absolute change between neighbours,
    /// of the `count` values at `values`, `values + stride`, ..., rounded down; and their sum.
    @inline(__always)
    private static func spreadAndMotion(_ values: UnsafePointer<Int32>, count: Int, stride: Int) -> (Int32, Int32, Int32) {
        guard count > 1 else { return (0, 0, count == 1 ? values.pointee : 0) }
        var sum: Int32 = 0
        var p = values
        for _ in 0..<count { sum &+= p.pointee; p += stride }
        // Deviations are taken from count x value, so the mean needs no rounding.
        let n = Int32(count)
        var deviation: Int32 = 0, change: Int32 = 0
        var previous = values.pointee
        p = values
        for _ in 0..<count {
            let v = p.pointee
            deviation &+= magnitude(n &* v &- sum)
            change &+= magnitude(v &- previous)
            previous = v
            p += stride
        }
        return (deviation / (n * n), change / (n - 1), sum)
    }

    /// |x| without the overflow check of `abs` (the sums here stay far from Int32.min).
    @inline(__always)
    private static func magnitude(_ x: Int32) -> Int32 { (x ^ (x >> 31)) &- (x >> 31) }

    private static func statisticByte(_ value: Int32) -> Int8 { Int8(bitPattern: UInt8(min(255, max(0, value)))) }

    private static func floorDivide(_ a: Int32, _ b: Int32) -> Int32 {
        a >= 0 ? a / b : (a - b + 1) / b
    }

    /// Each frame's mean band level (Q8 octaves, floor division like the float definition);
    /// returns the loudest one minus the dynamic range: the floor of the cepstra and the band
    /// groups (within Int16, as the kernels take it).
    private mutating func measureLoudness(_ event: SoundEvent, first: Int, frames: Int) -> Int16 {
        let bands = FrontEnd.bandCount
        precondition((first + frames) * bands <= event.features.count)
        var loudest = Int32.min
        event.features.withUnsafeBufferPointer { features in
        loudness.withUnsafeMutableBufferPointer { loudness in
            for f in 0..<frames {
                let sum = kinu_sum_int16(features.baseAddress! + (first &+ f) &* bands, Int32(bands))
                let mean = Self.floorDivide(sum, Int32(bands))
                loudness[f] = Int16(truncatingIfNeeded: mean)
                loudest = max(loudest, mean)
            }
        }}
        return Int16(truncatingIfNeeded: max(Int32(Int16.min), min(Int32(Int16.max), loudest - Template.dynamicRangeQ8)))
    }

    /// c[i] = (K[i] . max(logMel, floor) + 2^15) >> 16. |K| < 2^9 and |logMel| < 2^13,
    /// so the 40-term sum stays below 2^28. Two terms per instruction on the Cortex-M4
    /// (KinuDSP).
    private mutating func computeCepstra(_ event: SoundEvent, first: Int, frames: Int, floor low: Int16) {
        let bands = FrontEnd.bandCount, d = Template.coefficients
        precondition((first + frames) * bands <= event.features.count && frames * d <= cepstra.count)
        let dct = templateDCT.baseAddress!
        event.features.withUnsafeBufferPointer { features in
        cepstra.withUnsafeMutableBufferPointer { cepstra in
            for f in 0..<frames {
                kinu_floored_dct(features.baseAddress! + (first &+ f) &* bands, low, dct, Int32(bands), Int32(d),
                                 cepstra.baseAddress! + f &* d)
            }
        }}
    }
}
