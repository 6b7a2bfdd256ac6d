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
    var warmUp: [[Double]] = []
    var onsetIndex = 0, lastActive = 0, quietRun = 0, recordingStart = 0
    /// Active frames in a row now, and whether the event has held a body run yet.
    var activeRun = 0, heldBody = false
    /// As `EventDetector`'s first fade.
    var fadingRun = 0, lastStrong = 0
    var firstFadeEnd: Int? = nil
    /// Whether each recorded frame was active (for `leaveOutEdgeClicks`).
    var active: [Bool] = []
    var peakActivity = 0.0
    public private(set) var frameIndex = 0

    public init(config: DetectorConfig = DetectorConfig()) { self.config = config }

    func q8(_ v: Int32) -> Double { Double(v) / 256 }

    /// Returns a finished event (frames of features) and its start frame, if one ended.
    /// As `EventDetector`: the warm-up's frames are kept while the floor settles on their
    /// quietest level, then replayed against it.
    public mutating func push(_ frame: [Double]) -> (frames: [[Double]], start: Int)? {
        defer { frameIndex += 1 }
        let absolute = q8(config.absoluteFloorQ8)
        let frame = frame.map { max(absolute, $0) }
        if floors.isEmpty {
            floors = frame
            deviations = [Double](repeating: q8(config.bandMarginQ8), count: frame.count)
        }
        if frameIndex < config.warmUpFrames {
            warmUp.append(frame)
            // As `EventDetector.standsOutOfTheWarmUp`: such a frame moves no floor.
            if activity(frame, atLeast: q8(config.warmUpSoundMarginQ8)) < q8(config.warmUpSoundQ8) {
                track(frame, rise: Int(config.floorRiseShift), fall: Int(config.warmUpFallShift))
            }
            guard frameIndex == config.warmUpFrames - 1 else { return nil }
            let first = frameIndex - (warmUp.count - 1)
            for (f, kept) in warmUp.enumerated() {
                if let event = step(kept, index: first + f, replay: true) { return event }
                if state == 2 { break }
            }
            return nil
        }
        return step(frame, index: frameIndex, replay: false)
    }

    /// Summed excess of the bands over their thresholds (octaves), each threshold at least
    /// `margin` above its floor.
    func activity(_ frame: [Double], atLeast margin: Double = 0) -> Double {
        var activity = 0.0
        for b in frame.indices {
            let threshold = max(q8(config.bandMarginQ8), Double(config.deviationFactor) * deviations[b], margin)
            activity += max(0, frame[b] - floors[b] - threshold)
        }
        return activity
    }

    mutating func step(_ frame: [Double], index: Int, replay: Bool) -> (frames: [[Double]], start: Int)? {
        let activity = self.activity(frame)
        switch state {
        case 0:
            if activity >= q8(config.onsetQ8) {
                state = 1
                peakActivity = activity
                recording = preRoll
                recordingStart = index - preRoll.count
                onsetIndex = recording.count
                recording.append(frame)
                active = [Bool](repeating: false, count: onsetIndex) + [true]
                lastActive = onsetIndex
                quietRun = 0
                activeRun = 1; heldBody = false
                fadingRun = 0; lastStrong = onsetIndex; firstFadeEnd = nil
            } else {
                if !replay { track(frame, rise: Int(config.floorRiseShift), fall: Int(config.floorFallShift)) }
                preRoll.append(frame)
                if preRoll.count > config.preRollFrames { preRoll.removeFirst() }
            }
            return nil
        case 1:
            if recording.count < config.maxFrames { recording.append(frame) }
            peakActivity = max(peakActivity, activity)
            let faded = peakActivity < q8(config.closeToRoomQ8) && activity * Double(1 << Int(config.fadedShift)) < peakActivity
            let isActive = activity >= q8(config.offsetQ8) && !faded
            if active.count < recording.count { active.append(isActive) }
            if isActive {
                lastActive = recording.count - 1; quietRun = 0
                activeRun += 1
                if activeRun >= config.bodyRunFrames { heldBody = true }
            } else {
                quietRun += 1; activeRun = 0
            }
            if firstFadeEnd == nil {
                if activity >= q8(config.offsetQ8) && activity * Double(1 << Int(config.firstFadeShift)) >= peakActivity {
                    lastStrong = recording.count - 1; fadingRun = 0
                } else {
                    fadingRun += 1
                    if fadingRun == config.hangoverFrames { firstFadeEnd = lastStrong }
                }
            }
            if recording.count == config.maxFrames {
                state = 2
                if let end = firstFadeEnd, peakActivity < q8(config.backToFirstFadeQ8),
                   end - onsetIndex + 1 >= config.minActiveFrames {
                    return finish(min(recording.count, end + 1 + config.postRollFrames))
                }
                let last = lastActive
                let first = config.leavesClicksOutOfLongEvents ? leaveOutEdgeClicks() : 0
                return finish(lastActive == last ? recording.count
                              : min(recording.count, lastActive + 1 + config.postRollFrames), from: first)
            }
            if quietRun >= (heldBody ? config.bodyHangoverFrames : config.hangoverFrames) {
                state = 0; preRoll = []
                let first = leaveOutEdgeClicks()
                return finish(min(recording.count, lastActive + 1 + config.postRollFrames), from: first)
            }
            return nil
        default:
            if !replay { track(frame, rise: Int(config.floorFallShift) + 1, fall: Int(config.floorFallShift)) }
            if activity < q8(config.offsetQ8) { state = 0; preRoll = [] }
            return nil
        }
    }

    mutating func track(_ frame: [Double], rise: Int, fall: Int) {
        let absolute = q8(config.absoluteFloorQ8)
        for b in frame.indices {
            let d = frame[b] - floors[b]
            floors[b] = max(absolute, floors[b] + d / Double(1 << (d < 0 ? fall : rise)))
            deviations[b] += (abs(d) - deviations[b]) / Double(1 << Int(config.deviationShift))
        }
    }

    /// As `EventDetector`'s `clickFrames`: a short burst at either edge, parted from the
    /// rest by quiet, goes when the rest holds a long run. Bursts are runs of active frames
    /// joined over gaps shorter than `clickGapFrames`. Returns the event's new first frame
    /// (the body's onset less the pre-roll).
    mutating func leaveOutEdgeClicks() -> Int {
        guard config.clickFrames > 0 else { return 0 }
        var bursts: [(first: Int, last: Int, longestRun: Int)] = []
        var run = 0
        for i in onsetIndex...lastActive where active[i] {
            run = i > onsetIndex && active[i - 1] ? run + 1 : 1
            if let burst = bursts.last, i - burst.last - 1 < config.clickGapFrames {
                bursts[bursts.count - 1].last = i
                bursts[bursts.count - 1].longestRun = max(burst.longestRun, run)
            } else {
                bursts.append((i, i, run))
            }
        }
        func isClick(_ b: Int) -> Bool { bursts[b].last - bursts[b].first + 1 <= config.clickFrames }
        func holdsBody(_ range: ClosedRange<Int>) -> Bool { bursts[range].contains { $0.longestRun >= config.bodyRunFrames } }
        var lo = 0, hi = bursts.count - 1
        while lo < hi, isClick(lo), holdsBody(lo + 1 ... hi) { lo += 1 }
        while hi > lo, isClick(hi), holdsBody(lo ... hi - 1) { hi -= 1 }
        onsetIndex = bursts[lo].first
        lastActive = bursts[hi].last
        return max(0, onsetIndex - config.preRollFrames)
    }

    mutating func finish(_ length: Int, from first: Int = 0) -> (frames: [[Double]], start: Int)? {
        guard lastActive - onsetIndex + 1 >= config.minActiveFrames else { return nil }
        var frames = Array(recording[first ..< max(first, length)])
        if config.subtractsBackground {
            // Each band's power minus the background's (level plus typical deviation),
            // keeping at least 2^-5 of its own.
            for f in frames.indices {
                for b in frames[f].indices {
                    let x = frames[f][b], background = floors[b] + deviations[b]
                    frames[f][b] = x + log2(max(1 - pow(2, background - x), 1.0 / 32))
                }
            }
        }
        return (frames, recordingStart + first)
    }
}

/// Float template: the same 16 x 12 weighted cepstra and statistics as `Template`,
/// unrounded and unclamped, in the same units (1/32 weighted octave, loudness in 1/16
/// octave) so distances are comparable.
public struct FloatTemplate {
    public var sequence: [[Double]]          // 16 steps x 12 coefficients
    /// As `Template`'s statistics: spread of each coefficient, mean and spread of each
    /// octave's peakiness, spread of each band group, the loudness's rhythm (and two zeros),
    /// the groups' shape, spread and motion of loudness.
    public var statistics: [Double]
    public var frameCount: Int

    public init(sequence: [[Double]], statistics: [Double] = [Double](repeating: 0, count: Template.comparedStatistics),
                frameCount: Int = 16) {
        self.sequence = sequence
        self.statistics = statistics
        self.frameCount = frameCount
    }
}

public enum FloatTemplates {
    static let d = Template.coefficients
    static let frames = Template.steps

    /// Weighted c1..c12 of each frame (after the dynamic-range floor), 1/32 weighted octave.
    public static func cepstra(_ frames: [[Double]]) -> [[Double]] {
        let bands = Double(FrontEnd.bandCount)
        let loudest = frames.map { $0.reduce(0, +) / bands }.max() ?? 0
        let floor = loudest - Double(Template.dynamicRangeQ8) / 256
        return frames.map { x in
            (1...d).map { i in
                let weight = 0.068 * Double(i).squareRoot() * 32
                return x.enumerated().reduce(0) { sum, band in
                    sum + max(floor, band.1) * cos(Double.pi * Double(i) * (Double(band.0) + 0.5) / bands)
                } * (2 / bands).squareRoot() * weight
            }
        }
    }

    /// `peaks`: the peakiness of the event's measured frames (`FloatFrontEnd.peaks`); none
    /// gives zeros, as an event without peaks does on the device.
    public static func encode(_ frames: [[Double]], peaks: [[Double]] = []) -> FloatTemplate {
        let c = cepstra(frames)
        let count = c.count
        let sequence: [[Double]] = (0..<Self.frames).map { t in
            if count >= TemplateMatcher.sustainedFrameCount {
                // The mean of the step's frames.
                let span = (t * count / Self.frames) ..< ((t + 1) * count / Self.frames)
                return (0..<d).map { i in span.reduce(0) { $0 + c[$1][i] } / Double(span.count) }
            }
            let position = Double(t) * Double(count - 1) / Double(Self.frames - 1)
            let first = Int(position), second = min(first + 1, count - 1)
            let fraction = position - Double(first)
            return (0..<d).map { c[first][$0] * (1 - fraction) + c[second][$0] * fraction }
        }
        let bands = FrontEnd.bandCount, width = bands / Template.bandGroups
        let loudness = frames.map { $0.reduce(0, +) / Double(bands) * 16 }
        let floor = (loudness.max() ?? 0) / 16 - Double(Template.dynamicRangeQ8) / 256
        let groups = (0..<Template.bandGroups).map { g in
            frames.map { x in x[g * width ..< (g + 1) * width].reduce(0) { $0 + max(floor, $1) } / Double(width) * 16 }
        }
        let columns = (0..<d).map { i in c.map { $0[i] } }
        // The shape in quarter octaves (groups are in 1/16 octave).
        let means = groups.map { $0.reduce(0, +) / Double($0.count) }
        let shape = means.map { ($0 - means.reduce(0, +) / Double(means.count)) / 4 }
        let octaves = (0..<SpectralPeaks.octaves).map { o in peaks.map { $0[o] } }
        let peakMeans = octaves.map { $0.isEmpty ? 0 : $0.reduce(0, +) / Double($0.count) }
        let freeBytes = [Double](repeating: 0, count: Template.bandGroups - LoudnessRhythm.octaves)
        let statistics = columns.map(spread) + peakMeans + octaves.map(spread) + groups.map(spread)
            + rhythm(loudness.map { $0 / 16 }) + freeBytes + shape + [spread(loudness), motion(loudness)]
        return FloatTemplate(sequence: sequence, statistics: statistics, frameCount: count)
    }

    /// The octaves of modulation frequency of `LoudnessRhythm`, in Hz; FFT bin k (of 256 at
    /// 50 frames a second) belongs to the one with low <= k x 50 / 256 < high.
    public static let rhythmOctaves = [(0.5, 1.0), (1.0, 2.0), (2.0, 4.0), (4.0, 8.0), (8.0, 16.0), (16.0, 25.0)]

    /// `LoudnessRhythm` in Double: the loudness `e` (octaves) less its mean, under the
    /// triangular window min(t + 1, n - t); per octave of modulation frequency the power of
    /// its 256-point DFT over the octave's bins, as 8 log2(total / octave's), at most 255.
    public static func rhythm(_ e: [Double]) -> [Double] {
        let n = e.count, octaves = rhythmOctaves
        precondition(octaves.count == LoudnessRhythm.octaves)
        guard n >= LoudnessRhythm.shortestFrames else { return [Double](repeating: 0, count: octaves.count) }
        let mean = e.reduce(0, +) / Double(n)
        // A loudness that never moves has no rhythm: every octave alike, as on the device
        // (in Double its mean may leave rounding noise, which has a spectrum of its own).
        let alike = [Double](repeating: 8 * log2(Double(octaves.count)), count: octaves.count)
        let scale = e.map(abs).max() ?? 0
        guard e.contains(where: { abs($0 - mean) > 1e-9 * max(scale, 1) }) else { return alike }
        let x = e.indices.map { (e[$0] - mean) * Double(min($0 + 1, n - $0)) }
        let bins = 256.0, frameRate = 50.0
        let energies = octaves.map { low, high in
            (Int((low * bins / frameRate).rounded(.up)) ..< Int((high * bins / frameRate).rounded(.up))).reduce(0.0) { sum, k in
                var re = 0.0, im = 0.0
                for (t, v) in x.enumerated() {
                    let angle = 2 * Double.pi * Double(k * t) / bins
                    re += v * cos(angle); im -= v * sin(angle)
                }
                return sum + re * re + im * im
            }
        }
        let floor = max(energies.reduce(0, +), 1) * 1e-30
        let kept = energies.map { max($0, floor) }, total = kept.reduce(0, +)
        return kept.map { min(255, 8 * log2(total / $0)) }
    }

    /// Mean absolute deviation from the mean.
    static func spread(_ x: [Double]) -> Double {
        guard x.count > 1 else { return 0 }
        let mean = x.reduce(0, +) / Double(x.count)
        return x.reduce(0) { $0 + abs($1 - mean) } / Double(x.count)
    }

    /// Mean absolute change between neighbours.
    static func motion(_ x: [Double]) -> Double {
        guard x.count > 1 else { return 0 }
        return zip(x.dropFirst(), x).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(x.count - 1)
    }

    public static func statisticsDistance(_ a: FloatTemplate, _ b: FloatTemplate) -> Double {
        zip(a.statistics, b.statistics).reduce(0) { $0 + abs($1.0 - $1.1) }
    }

    /// `TemplateMatcher.combined` without rounding: a sustained query `a` is compared mostly
    /// by the statistics, any other mostly by the sequence.
    static func combine(_ sequence: Double, _ a: FloatTemplate, _ b: FloatTemplate, coarse: Bool) -> Double {
        let sustained = a.frameCount >= TemplateMatcher.sustainedFrameCount
        let weight = TemplateMatcher.statisticsWeight(sustained: sustained, coarse: coarse)
        return (sustained ? sequence / 16 : sequence) + statisticsDistance(a, b) * Double(weight) / 8
    }

    /// The first stage's distance with the statistics (`SoundLearner` ranks by it).
    public static func rankingDistance(_ a: FloatTemplate, _ b: FloatTemplate) -> Double {
        combine(coarseDistance(a, b), a, b, coarse: true)
    }

    /// The full distance with the statistics (`TemplateMatcher.combinedDistance`).
    public static func combinedDistance(_ a: FloatTemplate, _ b: FloatTemplate) -> Double {
        combine(distance(a, b), a, b, coarse: false)
    }

    /// View A: mean-normalised; view B: raw; each step ends in the constant floor
    /// (`TemplateMatcher.cosineFloor`).
    static func views(_ x: [[Double]]) -> ([[Double]], [[Double]]) {
        let floor = Double(TemplateMatcher.cosineFloor)
        let means = (0..<d).map { i in x.reduce(0) { $0 + $1[i] } / Double(frames) }
        return (x.map { row in (0..<d).map { row[$0] - means[$0] } + [floor] }, x.map { $0 + [floor] })
    }

    /// The DTW with the cosine distance of two steps, in the kernel's units (KINU_UNIT^2 x
    /// (1 - cos)).
    static func warp(_ p: [[Double]], _ q: [[Double]], band: Int) -> Double {
        let unit = Double(TemplateMatcher.unit * TemplateMatcher.unit)
        func length(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        return bandedWarp(steps: frames, band: band) { i, j in
            let dot = zip(p[i], q[j]).reduce(0) { $0 + $1.0 * $1.1 }
            return max(0, unit * (1 - dot / (length(p[i]) * length(q[j]))))
        }
    }

    /// Banded symmetric DTW from (0, 0) to (steps - 1, steps - 1): a diagonal move counts
    /// the cell's cost twice, so every path weighs the same.
    static func bandedWarp(steps: Int, band: Int, local: (Int, Int) -> Double) -> Double {
        var cost = [[Double]](repeating: [Double](repeating: .infinity, count: steps), count: steps)
        for i in 0..<steps {
            for j in max(0, i - band)...min(steps - 1, i + band) {
                let c = local(i, j)
                var best = 2 * c
                if i > 0 || j > 0 {
                    best = .infinity
                    if i > 0 { best = min(best, cost[i - 1][j] + c) }
                    if j > 0 { best = min(best, cost[i][j - 1] + c) }
                    if i > 0 && j > 0 { best = min(best, cost[i - 1][j - 1] + 2 * c) }
                }
                cost[i][j] = best
            }
        }
        return cost[steps - 1][steps - 1]
    }

    /// The matcher's first stage (`kinu_coarse_view`, `kinu_coarse_distance`): steps
    /// averaged in pairs, then a band-1 DTW whose cells cost 3 x the raw L1 distance plus
    /// 4 x the mean-normalised one.
    public static func coarseDistance(_ a: FloatTemplate, _ b: FloatTemplate) -> Double {
        func coarse(_ x: [[Double]]) -> [[Double]] {
            (0..<frames / 2).map { (j: Int) -> [Double] in
                (0..<d).map { (k: Int) -> Double in (x[2 * j][k] + x[2 * j + 1][k]) / 2 }
            }
        }
        let p = coarse(a.sequence), q = coarse(b.sequence)
        let n = p.count
        let meanP: [Double] = (0..<d).map { k in p.reduce(0.0) { $0 + $1[k] } / Double(n) }
        let meanQ: [Double] = (0..<d).map { k in q.reduce(0.0) { $0 + $1[k] } / Double(n) }
        return bandedWarp(steps: n, band: 1) { i, j in
            var local = 0.0
            for k in 0..<d {
                let raw: Double = abs(p[i][k] - q[j][k])
                let normalised: Double = abs((p[i][k] - meanP[k]) - (q[j][k] - meanQ[k]))
                local += 3 * raw + 4 * normalised
            }
            return local
        }
    }

    public static func distance(_ a: FloatTemplate, _ b: FloatTemplate) -> Double {
        let (a1, b1) = views(a.sequence), (a2, b2) = views(b.sequence)
        return (warp(a1, a2, band: TemplateMatcher.bandA) * Double(TemplateMatcher.weightA)
            + warp(b1, b2, band: TemplateMatcher.bandB) * Double(TemplateMatcher.weightB)) / 65536
    }
}

/// Float front end + detector over a whole clip: the events' float features, each with
/// the clip's spectral peaks by frame (`FloatFrontEnd.peaks`) for `floatTemplate`.
public func floatEvents(_ samples: [Int16], config: DetectorConfig = DetectorConfig())
    -> [(frames: [[Double]], start: Int, peaks: [[Double]?])] {
    var detector = FloatDetector(config: config)
    var events: [(frames: [[Double]], start: Int, peaks: [[Double]?])] = []
    let peaks = FloatFrontEnd.peaks(samples)
    for frame in FloatFrontEnd.features(samples) {
        if let event = detector.push(frame) { events.append((event.frames, event.start, peaks)) }
    }
    return events
}

/// The float template of `frames` of a float event (all of it by default), with the
/// peakiness of its measured frames.
public func floatTemplate(_ event: (frames: [[Double]], start: Int, peaks: [[Double]?]), frames: Range<Int>? = nil) -> FloatTemplate {
    let range = frames ?? 0..<event.frames.count
    return FloatTemplates.encode(Array(event.frames[range]),
                                 peaks: FloatFrontEnd.peaks(event.peaks, frames: event.start + range.lowerBound ..< event.start + range.upperBound))
}
