import Foundation
import KinuCore

/// Double-precision reference of the detector, the template encoder and the matcher:
/// the same algorithms as KinuCore written from their definitions, with no rounding, no
/// int8 storage and no Q formats. Benchmarks compare decisions against it (agreement).

/// Detector on float features (octaves).
public struct FloatDetector {
    let config: DetectorConfig
    var floors: [Double] = []
    var deviations: [Double] = []
    var state = 0                       // 0 idle, 1 active, 2 refractory
    var preRoll: [[Double]] = []
    var recording: [[Double]] = []
    var onsetIndex = 0, lastActive = 0, quietRun = 0, recordingStart = 0
    public private(set) var frameIndex = 0

    public init(config: DetectorConfig = DetectorConfig()) { self.config = config }

    func q8(_ v: Int32) -> Double { Double(v) / 256 }

    /// Returns a finished event (frames of features) and its start frame, if one ended.
    public mutating func push(_ frame: [Double]) -> (frames: [[Double]], start: Int)? {
        defer { frameIndex += 1 }
        let absolute = q8(config.absoluteFloorQ8)
        if floors.isEmpty {
            floors = frame.map { max(absolute, $0) }
            deviations = [Double](repeating: q8(config.bandMarginQ8), count: frame.count)
        }
        var activity = 0.0
        for b in frame.indices {
            let threshold = max(q8(config.bandMarginQ8), Double(config.deviationFactor) * deviations[b])
            activity += max(0, frame[b] - floors[b] - threshold)
        }
        switch state {
        case 0:
            if frameIndex < config.warmUpFrames {
                track(frame, rise: Int(config.floorFallShift))
            } else if activity >= q8(config.onsetQ8) {
                state = 1
                recording = preRoll
                recordingStart = frameIndex - preRoll.count
                onsetIndex = recording.count
                recording.append(frame)
                lastActive = onsetIndex
                quietRun = 0
            } else {
                track(frame, rise: Int(config.floorRiseShift))
                preRoll.append(frame)
                if preRoll.count > config.preRollFrames { preRoll.removeFirst() }
            }
            return nil
        case 1:
            if recording.count < config.maxFrames { recording.append(frame) }
            if activity >= q8(config.offsetQ8) { lastActive = recording.count - 1; quietRun = 0 } else { quietRun += 1 }
            if recording.count == config.maxFrames { state = 2; return finish(recording.count) }
            if quietRun >= config.hangoverFrames {
                state = 0; preRoll = []
                return finish(min(recording.count, lastActive + 1 + config.postRollFrames))
            }
            return nil
        default:
            track(frame, rise: Int(config.floorFallShift) + 1)
            if activity < q8(config.offsetQ8) { state = 0; preRoll = [] }
            return nil
        }
    }

    mutating func track(_ frame: [Double], rise: Int) {
        let absolute = q8(config.absoluteFloorQ8)
        for b in frame.indices {
            let d = frame[b] - floors[b]
            floors[b] = max(absolute, floors[b] + d / Double(1 << (d < 0 ? Int(config.floorFallShift) : rise)))
            deviations[b] += (abs(d) - deviations[b]) / Double(1 << Int(config.deviationShift))
        }
    }

    mutating func finish(_ length: Int) -> (frames: [[Double]], start: Int)? {
        guard lastActive - onsetIndex + 1 >= config.minActiveFrames else { return nil }
        return (Array(recording.prefix(length)), recordingStart)
    }
}

/// Float template: the same fields as `Template`, unquantised, in int8-step units so
/// distances are on the same scale as the fixed-point matcher's.
public struct FloatTemplate {
    public var sequence: [[Double]]          // frames x coefficients
    public var statistics: [Double]          // means c1..c12, then deviations c0..c12
}

public enum FloatTemplates {
    static let d = Template.coefficients

    public static func encode(_ frames: [[Double]]) -> FloatTemplate {
        // Orthonormal DCT-II of each frame.
        let bands = Double(FrontEnd.bandCount)
        let cepstra: [[Double]] = frames.map { x in
            (0..<d).map { i in
                let norm = i == 0 ? sqrt(1 / bands) : sqrt(2 / bands)
                return x.enumerated().reduce(0) { $0 + $1.1 * cos(Double.pi * Double(i) * (Double($1.0) + 0.5) / bands) } * norm
            }
        }
        let count = cepstra.count
        var means = [Double](repeating: 0, count: d), deviations = means
        for i in 0..<d {
            means[i] = cepstra.reduce(0) { $0 + $1[i] } / Double(count)
            deviations[i] = sqrt(cepstra.reduce(0) { $0 + pow($1[i] - means[i], 2) } / Double(count))
        }
        var sequence = [[Double]](repeating: [Double](repeating: 0, count: d), count: Template.frames)
        for t in 0..<Template.frames {
            let first = t * count / Template.frames
            let last = max(first + 1, (t + 1) * count / Template.frames)
            for i in 0..<d {
                let avg = (first..<last).reduce(0) { $0 + cepstra[$1][i] - means[i] } / Double(last - first)
                sequence[t][i] = avg * Double(TemplateScale.sequence[i]) / 16
            }
        }
        var stats: [Double] = []
        for i in 1..<d { stats.append(means[i] * Double(TemplateScale.mean[i]) / 16) }
        for i in 0..<d { stats.append(deviations[i] * Double(TemplateScale.deviation[i]) / 16) }
        return FloatTemplate(sequence: sequence, statistics: stats)
    }

    public static func distance(_ a: FloatTemplate, _ b: FloatTemplate) -> Double {
        let n = Template.frames, band = TemplateMatcher.band
        var cost = [[Double]](repeating: [Double](repeating: .infinity, count: n), count: n)
        for i in 0..<n {
            for j in max(0, i - band)...min(n - 1, i + band) {
                let local = zip(a.sequence[i], b.sequence[j]).reduce(0) { $0 + abs($1.0 - $1.1) }
                var best = 0.0
                if i > 0 || j > 0 {
                    best = .infinity
                    if i > 0 { best = min(best, cost[i - 1][j]) }
                    if j > 0 { best = min(best, cost[i][j - 1]) }
                    if i > 0 && j > 0 { best = min(best, cost[i - 1][j - 1]) }
                }
                cost[i][j] = best + local
            }
        }
        let stats = zip(a.statistics, b.statistics).reduce(0) { $0 + abs($1.0 - $1.1) }
        return cost[n - 1][n - 1] + Double(TemplateMatcher.statisticsWeightQ4) / 16 * stats
    }
}

/// Float front end + detector over a whole clip: the events' float features.
public func floatEvents(_ samples: [Int16], config: DetectorConfig = DetectorConfig()) -> [(frames: [[Double]], start: Int)] {
    var detector = FloatDetector(config: config)
    var events: [(frames: [[Double]], start: Int)] = []
    for frame in FloatFrontEnd.features(samples) {
        if let event = detector.push(frame) { events.append(event) }
    }
    return events
}
