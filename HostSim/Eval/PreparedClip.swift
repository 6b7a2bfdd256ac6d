import Foundation
import KinuCore
import KinuHostKit
import KinuReference

/// One labelled clip as the device hears it: the recording placed in a stream of quiet
/// background (so the detector has a room to measure first), cut by the detector, and
/// encoded. Both pipelines, the fixed-point one and its float reference, see the same
/// Int16 stream.
public struct PreparedClip {
    public let label: Int
    public let group: String
    public let take: Int
    /// The recording it was cut from (`LabelledClip.recording`); "" when unknown.
    public var recording = ""
    /// nil when the detector found no event (the device would not have reacted).
    public let template: [Int8]?
    /// The event's two parts, when it may hold two sounds (`EventParts`); else empty.
    public let parts: [[Int8]]
    public let floatTemplate: FloatTemplate?
    public let floatParts: [FloatTemplate]
    /// Events the detector found (1 is the expected answer).
    public let eventCount: Int
    public let seconds: Double
}

public enum ClipPreparation {
    public static let leadSeconds = 0.6
    /// Long enough for any event begun on the clip to end (the detector's maximum length):
    /// in rain or sea waves an event may run past the recording, and a stream that stopped
    /// first would lose it, which a device that keeps listening never does.
    public static let tailSeconds = 1.6
    /// Microphone self-noise of the quiet room around each clip.
    public static let roomNoiseDBFS = -70.0

    /// Places `speech` (16 kHz, in full-scale units) in a quiet room, with optional noise
    /// mixed over the whole stream at `snrDB` relative to the sound's active power
    /// (`activePower`).
    public static func stream(_ speech: [Double], seed: UInt64, noise: (source: NoiseSource, snrDB: Double)? = nil) -> [Int16] {
        let lead = Int(leadSeconds * 16_000), tail = Int(tailSeconds * 16_000)
        let total = lead + speech.count + tail
        let roomRMS = pow(10, roomNoiseDBFS / 20)
        var out = NoiseKind.white.samples(count: total, seed: seed).map { $0 * roomRMS }
        for (i, v) in speech.enumerated() { out[lead + i] += v }
        if let noise {
            let noiseRMS = activePower(speech).squareRoot() / pow(10, noise.snrDB / 20)
            let extra = noise.source.samples(count: total, seed: seed &+ 0x5EED)
            for i in out.indices { out[i] += extra[i] * noiseRMS }
        }
        return out.map { Int16(max(-32768, min(32767, ($0 * 32768).rounded()))) }
    }

    /// Runs both pipelines over `stream`. The event that overlaps the recording most (the
    /// longer one on a tie) stands for the clip: in noise the detector may also hear a
    /// wave or a gust, which is not the sound being taught or tested. `sound` is where the
    /// recording lies in the stream, in samples (nil: anywhere).
    public static func prepare(stream: [Int16], sound: Range<Int>? = nil, label: Int, group: String, take: Int,
                               learner: inout SoundLearner, withFloat: Bool = true) -> PreparedClip {
        let soundFrames = sound.map { ($0.lowerBound / 320) ..< max($0.lowerBound / 320 + 1, $0.upperBound / 320) }
        /// Frames of the event inside the sound, then the event's length: larger is better.
        func rank(start: Int, frames: Int) -> (Int, Int) {
            guard let soundFrames else { return (0, frames) }
            return (max(0, min(start + frames, soundFrames.upperBound) - max(start, soundFrames.lowerBound)), frames)
        }
        var listener = SoundListener(detector: Tuning.detector)
        var best: [Int8]? = nil
        var bestParts: [[Int8]] = []
        var bestRank = (0, 0)
        var events = 0
        stream.withUnsafeBufferPointer { samples in
            listener.listen(samples) { event in
                events += 1
                let r = rank(start: event.startFrame, frames: event.frameCount)
                if best == nil || r > bestRank {
                    bestRank = r
                    let encoded = learner.encodeWithParts(event)
                    best = encoded.whole
                    bestParts = encoded.parts
                }
            }
        }
        let floatEvent = withFloat ? floatEvents(stream, config: Tuning.detector)
            .max { rank(start: $0.start, frames: $0.frames.count) < rank(start: $1.start, frames: $1.frames.count) } : nil
        return PreparedClip(label: label, group: group, take: take, template: best, parts: bestParts,
                            floatTemplate: floatEvent.map { floatTemplate($0) },
                            floatParts: floatEvent.map { event in
                                FloatEventParts.ranges(event.frames).map { floatTemplate(event, frames: $0) } } ?? [],
                            eventCount: events, seconds: Double(stream.count) / 16_000)
    }

    /// Reads a data set's clips and prepares them, with a progress line on stderr.
    /// `warn` gets one line per damage found in a recording (read anyway, as far as it goes).
    public static func prepareAll(_ dataset: Dataset, labels: [String: Int], noise: (source: NoiseSource, snrDB: Double)? = nil,
                           withFloat: Bool = true, progressTitle: String,
                           warn: (String) -> Void = { _ in }) throws -> [PreparedClip] {
        var learner = SoundLearner()
        var prepared: [PreparedClip] = []
        let progress = ProgressBar(title: progressTitle, total: dataset.clips.count)
        for (index, clip) in dataset.clips.enumerated() {
            let wav = try WAVReader.read(clip.url)
            for warning in wav.warnings { warn(InputWarnings.text(warning, file: clip.url.path)) }
            let samples = wav.int16Mono16k().map { Double($0) / 32768 }
            let s = stream(samples, seed: UInt64(index) &* 7919 &+ 1, noise: noise)
            let lead = Int(leadSeconds * 16_000)
            var one = prepare(stream: s, sound: lead ..< lead + samples.count, label: labels[clip.label]!,
                              group: clip.group, take: clip.take, learner: &learner, withFloat: withFloat)
            one.recording = clip.recording
            prepared.append(one)
            progress.advance()
        }
        progress.finish()
        return prepared
    }
}
