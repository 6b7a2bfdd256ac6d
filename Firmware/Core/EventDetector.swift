import KinuDSP

/// Finds sound events (a clap, a knock, a word) in the stream of feature frames.
///
/// Per band it tracks the background: its level (falls fast, rises slowly) and its typical
/// deviation, both frozen during an event. A band counts when it rises above level +
/// max(margin, 3 x deviation): narrow low bands flicker by several dB in plain noise,
/// wide ones hardly at all, and the deviation term makes both equally quiet. A frame's
/// activity is the summed excess of its bands, so a sound that stands out in a few bands
/// (a whistle in fan noise) counts as much as a broadband one. Onset when activity >= `onsetQ8`; the event then lasts while activity
/// stays >= `offsetQ8`, with a hangover so the gaps inside a word do not split it (shorter
/// once the event has held a vowel-length run, `bodyHangoverFrames`); for a
/// sound close to the room, a frame under 1/8 of the event's peak also counts as quiet. The
/// event keeps `preRollFrames` from before the onset (the attack) and `postRollFrames`
/// after the last active frame. Events with fewer than `minActiveFrames` active frames are
/// dropped as glitches; an event reaching `maxFrames` is cut there and the detector waits
/// for quiet before it starts another. If that event stood not far above the room, it ends
/// instead where it first faded: in noise that surges (sea waves, a helicopter) a word's
/// event would otherwise run on with the noise after it. Every event leaves out a click at
/// either edge (a clock's tick just before a word; `clickFrames`), and one cut at
/// `maxFrames` whose tail was such clicks ends with its body.
///
/// Start-up: the first `warmUpFrames` are kept while the floor settles on their quieter
/// frames (it falls faster than it rises), then looked at again against that floor, so a
/// sound already there when listening starts becomes an event instead of the room.
/// Values below `absoluteFloorQ8` count as that floor: digital silence (exact zeros)
/// looks like a very quiet room, not like a huge deviation.
///
/// A finished event leaves with the background taken out of its frames (the floors and
/// deviations as they stood during it): what the sound added to the room.
public struct DetectorConfig: Equatable, Sendable {
    /// Least rise above the background before a band counts (Q8 octaves; 256 = 3 dB).
    public var bandMarginQ8: Int32 = 256
    /// ... and at least this many typical deviations of the band's background.
    public var deviationFactor: Int32 = 3
    /// Summed excess that starts an event (Q8 octaves; 1024 = e.g. one band 18 dB up).
    public var onsetQ8: Int32 = 1024
    /// Summed excess that keeps an event going: the onset's. Lower, the ups and downs of
    /// rain or sea waves after a word kept its event open (measured in real noise, see
    /// tools/method_study/REPORT.md, "Real noise").
    public var offsetQ8: Int32 = 1024
    /// An event that stands close to the room (its loudest frame's activity under
    /// `closeToRoomQ8`: 120 octaves summed, 3 a band on average) also counts a frame whose
    /// activity is under 1/2^`fadedShift` of that peak as quiet. In rain or sea waves a
    /// word's fading tail is lost in the noise's ups and downs, which otherwise kept its
    /// event open until a surge joined it; a sound far above the room (a crow fading out)
    /// keeps its tail (tools/method_study/REPORT.md, "Real noise").
    public var closeToRoomQ8: Int32 = 120 * 256
    public var fadedShift: Int32 = 3
    /// An event that reaches `maxFrames` with its loudest frame's activity under
    /// `backToFirstFadeQ8` (240 octaves summed, 6 a band on average) ends where it first
    /// faded: after its last frame before `hangoverFrames` in a row under 1/2^`firstFadeShift`
    /// of its peak so far (or under the offset), if that leaves `minActiveFrames` from the
    /// onset. Words in surging noise end with the word, not with the surge that joined
    /// them; a texture far above the room keeps its 1.5 s; one without such a fade is cut
    /// at `maxFrames`, less any clicks at its edges (tools/method_study/REPORT.md, "Back to
    /// the first fade").
    public var backToFirstFadeQ8: Int32 = 240 * 256
    public var firstFadeShift: Int32 = 1
    /// A burst spanning at most `clickFrames` frames at either edge of an event, parted
    /// from the rest by at least `clickGapFrames` quiet frames (shorter gaps are inside
    /// the burst: a tick that rings), is left out when the rest holds a run of
    /// `bodyRunFrames` active frames (a vowel, a bark): a clock's tick or a crackle just
    /// before or after a word is not part of it. Trains of clicks (no such run) and double
    /// knocks keep every click. 0 turns it off; `clickGapFrames` is at least 1.
    public var clickFrames = 6
    public var clickGapFrames = 2
    public var bodyRunFrames = 12
    /// The same for an event cut at `maxFrames`: a word in a train of ticks faster than
    /// the hangover is cut down to the word (tools/method_study/REPORT.md, "Clicks at an
    /// event's edges").
    public var leavesClicksOutOfLongEvents = true
    /// Quiet frames after which an event ends: 8 x 20 ms, longer than the stops inside a
    /// word and the gap of a double clap or knock.
    public var hangoverFrames = 8
    /// ... once the event has held `bodyRunFrames` active frames in a row (a vowel, a
    /// cry): 6 x 20 ms, still longer than a stop inside a word. A sound that follows a
    /// word 120 to 160 ms later (a baby's cry, another voice, a tick) is then a sound of
    /// its own, not part of the word's event; claps and knocks, which have no such run,
    /// keep the longer hangover (tools/method_study/REPORT.md, "A shorter hangover after
    /// a body").
    public var bodyHangoverFrames = 6
    public var preRollFrames = 2
    public var postRollFrames = 1
    /// 2 active frames (~40 ms of sound). With the rolls an event usually has 5 frames or
    /// more (about 100 ms); right after another event, or at the start of listening, there
    /// may be no pre-roll to keep, so 3.
    public var minActiveFrames = 2
    /// 1.5 s.
    public var maxFrames = 75
    /// Floor tracking as shifts: the floor moves by (x - floor) >> shift per frame.
    public var floorFallShift: Int32 = 2
    public var floorRiseShift: Int32 = 5
    public var deviationShift: Int32 = 4
    /// During the warm-up the floor falls faster than it rises, so it settles on the
    /// quieter frames, and a frame that clearly stands out does not move it at all: a sound
    /// there from the start, or begun during it, stands out when the warm-up is replayed.
    public var warmUpFallShift: Int32 = 1
    /// In the warm-up a frame is a sound, not the room, when its bands stand more than
    /// `warmUpSoundMarginQ8` above their floors (and thresholds) by `warmUpSoundQ8` summed
    /// (Q8 octaves: 5 octaves, 30 dB, and 16 octaves, e.g. four bands 9 octaves up).
    /// See `EventDetector.standsOutOfTheWarmUp`.
    public var warmUpSoundMarginQ8: Int32 = 5 * 256
    public var warmUpSoundQ8: Int32 = 16 * 256
    /// Frames after start during which the background is learned (0.5 s); they are then
    /// judged against it, so an event can begin at the very first frame.
    public var warmUpFrames = 25
    /// No band's floor goes below this (Q8 octaves): about the level of 1 LSB noise, so
    /// digital silence does not make the detector infinitely sensitive.
    public var absoluteFloorQ8: Int32 = -20 * 256
    /// A finished event has the background taken out of its frames (`BackgroundSubtraction`).
    public var subtractsBackground = true

    public init() {}
}

public struct EventDetector {
    public let config: DetectorConfig
    public static let bandCount = FrontEndConfig.bandCount

    private enum State { case idle, active, refractory }
    private var state = State.idle
    /// Per band, the background's level and typical deviation, Q8 octaves with
    /// `fractionBits` more (`kinu_track_floors`).
    private var floors: [Int32]
    private var deviations: [Int32]
    static let fractionBits = Int32(KINU_FLOOR_FRACTION_BITS)
    /// Per band, the level it must pass to count: floor + max(margin, factor x deviation),
    /// kept up to date with the floors so the per-frame activity is a plain sum.
    private var thresholds: [Int32]
    private var floorsValid = false
    /// The loudest activity of the event being recorded (Q8 octaves).
    private var peakActivity: Int32 = 0

    /// Pre-roll ring of the last frames heard while idle.
    private var preRoll: [Int16]
    private var preRollCount = 0
    private var preRollNext = 0

    /// The event being recorded, then the finished one: frames x bands, flat.
    public private(set) var eventFeatures: [Int16]
    public private(set) var eventFrameCount = 0
    /// Index (frames since start) of the event's first frame.
    public private(set) var eventStartFrame = 0
    private var recordingCount = 0
    private var recordingStart = 0
    private var onsetIndex = 0
    private var lastActiveIndex = 0
    private var quietRun = 0
    /// Active frames in a row now, and whether the event has held `bodyRunFrames` of them.
    private var activeRun = 0
    private var heldBody = false
    /// Frames in a row under the fade level (1/2^`firstFadeShift` of the peak), the last
    /// frame over it before them, and where the event first faded, if it did.
    private var fadingRun = 0
    private var lastStrongIndex = 0
    private var firstFadeEnd: Int? = nil
    /// Which frames of the event being recorded were active, a bit each in three 32-bit
    /// words (see `clickFrames`): set on every frame of an event, so no array.
    private var active0: UInt32 = 0
    private var active1: UInt32 = 0
    private var active2: UInt32 = 0

    /// Frames seen so far.
    public private(set) var frameIndex = 0
    /// The first frame of the event being heard, if one is (nil between events).
    public var eventUnderwayStartFrame: Int? { state == .active ? recordingStart : nil }
    /// Between sounds: no event is being recorded, nor a cut one waited out.
    public var isIdle: Bool { state == .idle }
    /// Stands for "no frame" in the warm-up's replay (an empty array allocates nothing).
    private let noFrame: [Int16] = []

    public init(config: DetectorConfig = DetectorConfig()) {
        precondition(config.warmUpFrames <= config.maxFrames, "the warm-up is kept in the event buffer")
        precondition(config.clickGapFrames >= 1, "a click is parted from the rest by at least one quiet frame")
        precondition(config.bodyHangoverFrames <= config.hangoverFrames, "the hangover after a body is the shorter one")
        precondition(config.maxFrames <= 96, "an event's active frames are kept in 96 bits")
        self.config = config
        floors = [Int32](repeating: config.absoluteFloorQ8 << Self.fractionBits, count: Self.bandCount)
        deviations = [Int32](repeating: 0, count: Self.bandCount)
        thresholds = [Int32](repeating: 0, count: Self.bandCount)
        preRoll = [Int16](repeating: 0, count: max(1, config.preRollFrames) * Self.bandCount)
        eventFeatures = [Int16](repeating: 0, count: config.maxFrames * Self.bandCount)
    }

    /// Feeds one frame of features. Returns true when an event has just finished; it is
    /// then in `eventFeatures[0 ..< eventFrameCount * bandCount]` until the next event.
    public mutating func push(_ frame: [Int16]) -> Bool {
        // The per-band loops below read through raw pointers.
        precondition(frame.count >= Self.bandCount)
        defer { frameIndex += 1 }
        if !floorsValid {
            for b in 0..<Self.bandCount {
                floors[b] = max(config.absoluteFloorQ8, Int32(frame[b])) << Self.fractionBits
                deviations[b] = config.bandMarginQ8 << Self.fractionBits
                thresholds[b] = Self.threshold(floor: floors[b], deviation: deviations[b], config: config)
            }
            floorsValid = true
            recordingCount = 0
        }
        if frameIndex < config.warmUpFrames {
            append(frame)
            if !standsOutOfTheWarmUp(frame) {
                trackFloors(frame, riseShift: config.floorRiseShift, fallShift: config.warmUpFallShift)
            }
            return frameIndex == config.warmUpFrames - 1 ? judgeWarmUp() : false
        }
        return step(frame, kept: nil, index: frameIndex)
    }

    /// One frame of the state machine, number `index` of the stream: `frame`, or, in the
    /// warm-up's replay, the frame at offset `kept` of the event buffer (then the floor
    /// stays as it is, and `frame` is not read).
    private mutating func step(_ frame: [Int16], kept: Int?, index: Int) -> Bool {
        let activity = kept.map { self.activity(of: eventFeatures, at: $0) } ?? self.activity(of: frame)
        switch state {
        case .idle:
            if activity >= config.onsetQ8 {
                peakActivity = activity
                beginEvent(with: frame, kept: kept, index: index)
            } else if let kept {
                rememberForPreRoll(eventFeatures, at: kept)
            } else {
                trackFloors(frame, riseShift: config.floorRiseShift, fallShift: config.floorFallShift)
                rememberForPreRoll(frame, at: 0)
            }
            return false
        case .active:
            appendFrame(frame, kept: kept)
            peakActivity = max(peakActivity, activity)
            let faded = peakActivity < config.closeToRoomQ8 && activity < peakActivity >> config.fadedShift
            if activity >= config.offsetQ8 && !faded {
                lastActiveIndex = recordingCount - 1
                quietRun = 0
                activeRun += 1
                if activeRun >= config.bodyRunFrames { heldBody = true }
                markActive(lastActiveIndex)
            } else {
                quietRun += 1
                activeRun = 0
            }
            noteFirstFade(activity)
            if recordingCount == config.maxFrames {
                state = .refractory
                // (A fade right after the onset would leave a glitch: then the cut stands.)
                if let end = firstFadeEnd, peakActivity < config.backToFirstFadeQ8,
                   end - onsetIndex + 1 >= config.minActiveFrames {
                    return finishEvent(length: min(recordingCount, end + 1 + config.postRollFrames))
                }
                let last = lastActiveIndex
                let first = config.leavesClicksOutOfLongEvents ? leaveOutEdgeClicks() : 0
                // With a tail of clicks left out the sound ended, and so does its event;
                // else the sound went on, and the event keeps its frames up to the cut.
                let length = lastActiveIndex == last ? recordingCount
                    : min(recordingCount, lastActiveIndex + 1 + config.postRollFrames)
                return finishEvent(length: length, from: first)
            }
            if quietRun >= (heldBody ? config.bodyHangoverFrames : config.hangoverFrames) {
                state = .idle
                preRollCount = 0
                let first = leaveOutEdgeClicks()
                return finishEvent(length: min(recordingCount, lastActiveIndex + 1 + config.postRollFrames), from: first)
            }
            return false
        case .refractory:
            // After a cut at the maximum length: adapt quickly (it may be a new steady
            // noise) and start listening again once things are quiet.
            if kept == nil { trackFloors(frame, riseShift: config.floorFallShift + 1, fallShift: config.floorFallShift) }
            if activity < config.offsetQ8 { state = .idle; preRollCount = 0 }
            return false
        }
    }

    /// End of the warm-up: the kept frames are replayed, from the event buffer itself,
    /// against the floor they settled (which stays as it is meanwhile). Frames before a sound
    /// only go to the pre-roll; from its first active frame on they form the event, copied
    /// down in place (an event's frame never lands after the one it copies). Returns true
    /// if an event already ended; a second sound inside the warm-up is not looked for.
    private mutating func judgeWarmUp() -> Bool {
        let kept = recordingCount
        recordingCount = 0
        let first = frameIndex - (kept - 1)
        for f in 0..<kept {
            if step(noFrame, kept: f * Self.bandCount, index: first + f) { return true }
            if state == .refractory { break }
        }
        return false
    }

    public mutating func reset() {
        state = .idle
        floorsValid = false
        preRollCount = 0
        preRollNext = 0
        eventFrameCount = 0
        recordingCount = 0
        frameIndex = 0
    }

    /// In the warm-up, a frame that stands far out of the room (`warmUpSoundMarginQ8`,
    /// `warmUpSoundQ8`) is a sound: it moves no floor and no deviation. Else a word begun
    /// 0.1 s after listening started widened the deviations it was then judged against,
    /// and was missed. Only clear sounds: rain's or waves' surges are the room, and leaving
    /// them out (any frame as loud as an onset) made the floors too low in such noise
    /// (FSDD at 10 dB: 84.9 → 82.6 %).
    private func standsOutOfTheWarmUp(_ frame: [Int16]) -> Bool {
        precondition(frame.count >= Self.bandCount)
        let margin = config.warmUpSoundMarginQ8
        var total: Int32 = 0
        frame.withUnsafeBufferPointer { frame in
        floors.withUnsafeBufferPointer { floors in
        thresholds.withUnsafeBufferPointer { thresholds in
            for b in 0..<Self.bandCount {
                let level = max(thresholds[b], (floors[b] >> Self.fractionBits) &+ margin)
                total &+= max(0, Int32(frame[b]) &- level)
            }
        }}}
        return total >= config.warmUpSoundQ8
    }

    /// Summed excess of the bands of the frame at `offset` in `frames` over their
    /// thresholds, Q8 octaves (`kinu_band_activity`). No clamp to the absolute floor is
    /// needed: below it the excess is negative anyway (floors never go under it).
    private func activity(of frames: [Int16], at offset: Int = 0) -> Int32 {
        // This and `trackFloors` run on every frame: C kernels, whose loops the compiler
        // keeps tighter than the Swift ones.
        precondition(offset >= 0 && offset + Self.bandCount <= frames.count)
        return frames.withUnsafeBufferPointer { frames in
            thresholds.withUnsafeBufferPointer { thresholds in
                kinu_band_activity(frames.baseAddress! + offset, thresholds.baseAddress!, Int32(Self.bandCount))
            }
        }
    }

    /// Moves each band's floor towards `frame` by the difference shifted right, and its
    /// deviation towards the difference's size; then its threshold (`kinu_track_floors`).
    private mutating func trackFloors(_ frame: [Int16], riseShift: Int32, fallShift: Int32) {
        precondition(frame.count >= Self.bandCount)
        var tracking = kinu_floor_tracking(lowest: config.absoluteFloorQ8, rise_shift: riseShift, fall_shift: fallShift,
                                           deviation_shift: config.deviationShift, margin: config.bandMarginQ8,
                                           factor: config.deviationFactor)
        frame.withUnsafeBufferPointer { frame in
        floors.withUnsafeMutableBufferPointer { floors in
        deviations.withUnsafeMutableBufferPointer { deviations in
        thresholds.withUnsafeMutableBufferPointer { thresholds in
            kinu_track_floors(frame.baseAddress!, floors.baseAddress!, deviations.baseAddress!, thresholds.baseAddress!,
                              Int32(Self.bandCount), &tracking)
        }}}}
    }

    /// The level a band must pass to count: floor + max(margin, factor x deviation), in Q8
    /// (floor and deviation with `fractionBits` more, rounded as `kinu_track_floors` does).
    @inline(__always)
    private static func threshold(floor: Int32, deviation: Int32, config: DetectorConfig) -> Int32 {
        (floor &+ max(config.bandMarginQ8 << fractionBits, config.deviationFactor &* deviation) &+ (1 << (fractionBits - 1)))
            >> fractionBits
    }

    private mutating func rememberForPreRoll(_ frames: [Int16], at offset: Int) {
        guard config.preRollFrames > 0 else { return }
        precondition(offset >= 0 && offset + Self.bandCount <= frames.count)
        let base = preRollNext * Self.bandCount
        frames.withUnsafeBufferPointer { frames in
        preRoll.withUnsafeMutableBufferPointer { ring in
            kinu_copy_bands(frames.baseAddress! + offset, ring.baseAddress! + base, Int32(Self.bandCount))
        }}
        preRollNext = (preRollNext + 1) % config.preRollFrames
        preRollCount = min(preRollCount + 1, config.preRollFrames)
    }

    private mutating func beginEvent(with frame: [Int16], kept: Int?, index: Int) {
        state = .active
        // In the warm-up's replay the frame sits in the event buffer after the frames that
        // went to the pre-roll, so the pre-roll copied in first cannot overwrite it.
        recordingCount = 0
        // Oldest pre-roll frame first.
        let oldest = (preRollNext - preRollCount + config.preRollFrames) % max(1, config.preRollFrames)
        let ring = preRoll
        for i in 0..<preRollCount {
            append(ring, from: ((oldest + i) % config.preRollFrames) * Self.bandCount)
        }
        recordingStart = index - preRollCount
        onsetIndex = recordingCount
        appendFrame(frame, kept: kept)
        active0 = 0
        active1 = 0
        active2 = 0
        markActive(onsetIndex)
        lastActiveIndex = onsetIndex
        quietRun = 0
        activeRun = 1
        heldBody = false
        fadingRun = 0
        lastStrongIndex = onsetIndex
        firstFadeEnd = nil
    }

    /// Follows the event's first fade (see `backToFirstFadeQ8`), against the peak so far.
    private mutating func noteFirstFade(_ activity: Int32) {
        guard firstFadeEnd == nil else { return }
        if activity >= config.offsetQ8 && activity >= peakActivity >> config.firstFadeShift {
            lastStrongIndex = recordingCount - 1
            fadingRun = 0
        } else {
            fadingRun += 1
            if fadingRun == config.hangoverFrames { firstFadeEnd = lastStrongIndex }
        }
    }

    /// Appends `frame`, or the frame at offset `kept` of the event buffer, to the event.
    /// A kept frame is copied inside the buffer: handing the buffer itself to `append`
    /// would make a second reference to it while it is written, and so a copy of it.
    private mutating func appendFrame(_ frame: [Int16], kept: Int?) {
        guard let kept else { append(frame); return }
        guard recordingCount < config.maxFrames else { return }
        let base = recordingCount * Self.bandCount
        precondition(base <= kept && kept + Self.bandCount <= eventFeatures.count)
        eventFeatures.withUnsafeMutableBufferPointer { buffer in
            kinu_copy_bands(buffer.baseAddress! + kept, buffer.baseAddress! + base, Int32(Self.bandCount))
        }
        recordingCount += 1
    }

    /// Appends the frame at `offset` in `frames` to the event being recorded.
    private mutating func append(_ frames: [Int16], from offset: Int = 0) {
        guard recordingCount < config.maxFrames else { return }
        precondition(offset >= 0 && offset + Self.bandCount <= frames.count)
        let base = recordingCount * Self.bandCount
        frames.withUnsafeBufferPointer { from in
        eventFeatures.withUnsafeMutableBufferPointer { to in
            kinu_copy_bands(from.baseAddress! + offset, to.baseAddress! + base, Int32(Self.bandCount))
        }}
        recordingCount += 1
    }

    private mutating func markActive(_ index: Int) {
        let bit = UInt32(1) << UInt32(index & 31)
        switch index >> 5 {
        case 0: active0 |= bit
        case 1: active1 |= bit
        default: active2 |= bit
        }
    }

    private func isActive(_ index: Int) -> Bool {
        let word = index >> 5 == 0 ? active0 : index >> 5 == 1 ? active1 : active2
        return (word >> UInt32(index & 31)) & 1 != 0
    }

    /// Drops the edge clicks of the event just recorded (see `clickFrames`): moves
    /// `onsetIndex` and `lastActiveIndex` in to the body and returns the event's new first
    /// frame in the buffer (its pre-roll before the body's onset).
    private mutating func leaveOutEdgeClicks() -> Int {
        guard config.clickFrames > 0 else { return 0 }
        while let next = pastClick(at: onsetIndex, step: 1, far: lastActiveIndex) { onsetIndex = next }
        while let previous = pastClick(at: lastActiveIndex, step: -1, far: onsetIndex) { lastActiveIndex = previous }
        return max(0, onsetIndex - config.preRollFrames)
    }

    /// If the burst at `edge` (an end of the event, walking by `step` towards its other
    /// end `far`) is a click parted by quiet from a rest that holds a body, the rest's
    /// nearest active frame; else nil.
    private func pastClick(at edge: Int, step: Int, far: Int) -> Int? {
        // The burst goes on over gaps shorter than `clickGapFrames`, so whatever follows
        // it is parted by at least that many quiet frames.
        var end = edge, probe = edge + step, quiet = 0
        while probe != far + step && quiet < config.clickGapFrames {
            if isActive(probe) { end = probe; quiet = 0 } else { quiet += 1 }
            probe += step
        }
        var next = end + step
        while next != far + step && !isActive(next) { next += step }
        guard abs(end - edge) + 1 <= config.clickFrames, next != far + step,
              holdsBody(from: min(next, far), to: max(next, far)) else { return nil }
        return next
    }

    /// True if frames `first` to `last` hold a run of `bodyRunFrames` active ones.
    private func holdsBody(from first: Int, to last: Int) -> Bool {
        var run = 0
        for i in first...last {
            run = isActive(i) ? run + 1 : 0
            if run >= config.bodyRunFrames { return true }
        }
        return false
    }

    private mutating func finishEvent(length: Int, from first: Int = 0) -> Bool {
        let active = lastActiveIndex - onsetIndex + 1
        recordingCount = 0
        guard active >= config.minActiveFrames else { return false }
        var length = length
        if first > 0 {
            eventFeatures.withUnsafeMutableBufferPointer { buffer in
                for i in 0..<(length - first) * Self.bandCount { buffer[i] = buffer[first * Self.bandCount + i] }
            }
            length -= first
            recordingStart += first
        }
        if config.subtractsBackground {
            BackgroundSubtraction.subtract(&eventFeatures, count: length, bandCount: Self.bandCount,
                                           floors: floors, deviations: deviations)
        }
        eventFrameCount = length
        eventStartFrame = recordingStart
        return true
    }
}
