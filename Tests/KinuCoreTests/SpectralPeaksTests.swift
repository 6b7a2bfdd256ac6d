import Foundation
import Testing
@testable import KinuCore
import KinuReference

/// The octaves' peakiness (`SpectralPeaks`): what the front end measures, on which frames,
/// and what the template keeps of it.
@Suite struct SpectralPeaksTests {
    /// Each measured frame's octaves, by frame number, as the front end gives them.
    func measuredPeaks(_ samples: [Int16]) -> [Int: [UInt8]] {
        var frontEnd = FrontEnd()
        var found: [Int: [UInt8]] = [:]
        var previousRing = frontEnd.peaks.ring
        samples.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                let (taken, ready) = frontEnd.consume(all, from: start)
                start += taken
                guard ready else { continue }
                let frame = frontEnd.frameCount - 1
                let ring = frontEnd.peaks.ring
                if SpectralPeaks.isMeasured(frame: frame) {
                    let at = SpectralPeaks.offset(ofFrame: frame)
                    found[frame] = Array(ring[at ..< at + SpectralPeaks.octaves])
                } else {
                    #expect(ring == previousRing, "frame \(frame) is not measured, yet the ring changed")
                }
                previousRing = ring
            }
        }
        return found
    }

    /// A tone lights its own octave and leaves noise-like ones near 1 octave (white noise's
    /// bins are exponentially distributed: n sum p^2 / (sum p)^2 is about 2); the fixed-point
    /// values follow the float definition.
    @Test func aToneIsPeakyAndNoiseIsFlat() {
        var g = SignalGenerator(seed: 5)
        let count = 16_000
        // 1.5 kHz lies in the octave of bins 33-63 (1031-1969 Hz), the fourth.
        let tone = Signals.add(Signals.sine(frequency: 1_500, amplitude: Signals.dbfs(-20), count: count),
                                       g.whiteNoise(count: count, rms: Signals.dbfs(-70)))
        let noise = g.whiteNoise(count: count, rms: Signals.dbfs(-25))
        for (name, signal, peaky) in [("tone", tone, 3), ("noise", noise, -1)] {
            let samples = Signals.int16(signal)
            let fixed = measuredPeaks(samples)
            let float = FloatFrontEnd.peaks(samples)
            #expect(fixed.count == (float.count + 3) / 4)
            for (frame, octaves) in fixed where frame >= 4 && frame < float.count {
                for o in 0..<SpectralPeaks.octaves {
                    let value = Double(octaves[o]), reference = float[frame]![o]
                    if o == peaky {
                        #expect(value > 100, "\(name), frame \(frame), octave \(o): \(value)")
                    } else if peaky < 0 && o >= 3 {   // octaves of 31 bins and more vary less
                        #expect(value > 10 && value < 56, "\(name), frame \(frame), octave \(o): \(value)")
                    }
                    // Octaves far below the frame's loudest lie in the 16-bit FFT's rounding
                    // noise; the others follow the float definition.
                    if peaky < 0 || o == peaky {
                        #expect(abs(value - reference) <= 2, "\(name), frame \(frame), octave \(o): \(value) vs \(reference)")
                    }
                }
            }
        }
    }

    /// An event's template keeps each octave's mean over its measured frames (rounded half
    /// up) and their spread, whatever frame the event starts on; a part keeps its own
    /// frames'; an event without peaks keeps zeros.
    @Test func theTemplateKeepsTheMeanAndSpreadOfTheMeasuredFrames() {
        var g = SignalGenerator(seed: 9)
        let bands = FrontEnd.bandCount, octaves = SpectralPeaks.octaves
        var ring = [UInt8](repeating: 0, count: SpectralPeaks.slots * octaves)
        for i in ring.indices { ring[i] = UInt8(Int(100 + 60 * g.uniform()) & 255) }
        var encoder = TemplateEncoder()
        var template = [Int8](repeating: 0, count: Template.byteCount)
        for (start, frames, range) in [(0, 40, 0..<40), (5, 30, 0..<30), (203, 75, 0..<75), (61, 50, 10..<33), (7, 3, 0..<3)] {
            let features = (0..<frames * bands).map { _ in Int16(-2_000 + 800 * g.uniform()) }
            let event = SoundEvent(features: features, frameCount: frames, startFrame: start, peaks: ring)
            encoder.encode(event, frames: range, into: &template)
            let measured = (start + range.lowerBound ..< start + range.upperBound).filter { SpectralPeaks.isMeasured(frame: $0) }
            for o in 0..<octaves {
                let values = measured.map { Int(ring[SpectralPeaks.offset(ofFrame: $0) + o]) }
                let n = values.count, sum = values.reduce(0, +)
                let mean = n == 0 ? 0 : (2 * sum + n) / (2 * n)
                let spread = n == 0 ? 0 : values.reduce(0) { $0 + abs(n * $1 - sum) } / (n * n)
                let base = Template.peaksOffset
                #expect(Int(UInt8(bitPattern: template[base + o])) == mean, "start \(start), frames \(range), octave \(o)")
                #expect(Int(UInt8(bitPattern: template[base + octaves + o])) == spread, "start \(start), frames \(range), octave \(o)")
            }
            encoder.encode(SoundEvent(features: features, frameCount: frames, startFrame: start), frames: range, into: &template)
            let base = Template.peaksOffset
            #expect(template[base ..< base + 2 * octaves].allSatisfy { $0 == 0 })
        }
    }

    /// The ring still holds every measured frame of an event when it is handed out, even of
    /// one cut at the maximum length with its hangover heard after it: the template's peaks
    /// are those of its frames as the front end measured them.
    @Test func anEventHasThePeaksOfAllItsFrames() {
        var g = SignalGenerator(seed: 13)
        // Quiet, then 3 s of a buzzing tone in noise (longer than an event), then quiet.
        let quiet = g.whiteNoise(count: 16_000, rms: Signals.dbfs(-70))
        let sound = Signals.add(Signals.sine(frequency: 700, amplitude: Signals.dbfs(-20), count: 48_000),
                                        g.whiteNoise(count: 48_000, rms: Signals.dbfs(-35)))
        let samples = Signals.int16(quiet + sound + quiet)
        let measured = measuredPeaks(samples)
        var listener = SoundListener()
        var encoder = TemplateEncoder()
        var template = [Int8](repeating: 0, count: Template.byteCount)
        var events = 0, longest = 0
        samples.withUnsafeBufferPointer { all in
            listener.listen(all) { event in
                events += 1
                longest = max(longest, event.frameCount)
                encoder.encode(event, into: &template)
                let frames = (event.startFrame ..< event.startFrame + event.frameCount).filter { SpectralPeaks.isMeasured(frame: $0) }
                for o in 0..<SpectralPeaks.octaves {
                    let values = frames.map { Int(measured[$0]![o]) }
                    let n = values.count, sum = values.reduce(0, +)
                    let base = Template.peaksOffset
                    #expect(Int(UInt8(bitPattern: template[base + o])) == (2 * sum + n) / (2 * n), "event \(events), octave \(o)")
                }
            }
        }
        #expect(events >= 1 && longest == DetectorConfig().maxFrames)
    }
}
