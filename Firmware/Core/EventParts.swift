/// An event may hold two sounds with no quiet between them: a word right after a cry, a
/// bark or a burst of babble. Such an event is also classified as its two parts, split at
/// the deepest dip of its loudness, and a part answers when it is clearly nearer to a
/// taught class than the whole event.
///
/// Only events of 0.6 s or more are split (a word in a quiet room is seldom that long) and
/// shorter than the detector's maximum length: a texture runs to it, has no part that is a
/// word, and its 1.5 s window is what its statistics were taught on. Measured in
/// tools/method_study/REPORT.md, "Two sounds in one event".
public enum EventParts {
    /// The shortest event that is split (0.6 s).
    public static let minimumFrames = 30
    /// Each part keeps at least this many frames (160 ms).
    public static let minimumPartFrames = 8
    /// How far the dip must fall below the lower of the two sides' highest points, in Q8
    /// octaves of the 3-frame sum of mean band levels: one octave per frame.
    public static let dipDepth: Int32 = 3 * 256

    /// The frame where the second part starts, or nil when the event is not split.
    /// `loudness(f)` is frame f's mean band level (Q8 octaves), f < `frames`.
    ///
    /// The loudness is smoothed over three frames (s(t) for 1 <= t <= frames - 2); a dip at t
    /// is as deep as min(highest s before t, highest s from t on) - s(t). Left of the highest
    /// point the lower side is the left one, right of it the right one, so one pass each
    /// way finds the deepest dip; the earliest of equal dips wins.
    public static func dip(frames: Int, loudness: (Int) -> Int32) -> Int? {
        guard frames >= minimumFrames && frames < TemplateMatcher.sustainedFrameCount else { return nil }
        func smoothed(_ t: Int) -> Int32 { loudness(t - 1) &+ loudness(t) &+ loudness(t + 1) }
        var peak = 1
        for t in 2...(frames - 2) where smoothed(t) > smoothed(peak) { peak = t }
        let first = minimumPartFrames, end = frames - minimumPartFrames
        var best = -1, bestDepth: Int32 = 0
        // Left of the peak: the left side's highest point so far.
        var leftHigh = Int32.min
        for t in 1..<first { leftHigh = max(leftHigh, smoothed(t)) }
        var t = first
        while t < min(peak, end) {
            let s = smoothed(t)
            if leftHigh - s > bestDepth { best = t; bestDepth = leftHigh - s }
            leftHigh = max(leftHigh, s)
            t += 1
        }
        // Right of the peak, walking back: the right side's highest point from t on.
        var rightHigh = Int32.min
        var rightBest = -1, rightDepth: Int32 = 0
        t = frames - 2
        while t > max(peak, first - 1) {
            let s = smoothed(t)
            rightHigh = max(rightHigh, s)
            if t < end && rightHigh - s >= rightDepth && rightHigh - s > 0 { rightBest = t; rightDepth = rightHigh - s }
            t -= 1
        }
        if rightDepth > bestDepth { best = rightBest; bestDepth = rightDepth }
        return best >= 0 && bestDepth >= dipDepth ? best : nil
    }

    /// A part answers only when its best class is nearer than the whole event's by more than
    /// 1/32 of the whole's score: on a near tie, rounding alone would decide between them
    /// (and the device and its float reference could decide apart).
    public static let marginShift: Int32 = 5

    /// Of the whole event's classification and its parts', the one whose best class is
    /// nearest (its hub-corrected score), the whole one unless a part is clearly nearer.
    public static func nearest(_ whole: Classification, _ first: Classification, _ second: Classification) -> Classification {
        let part = second.ranking < first.ranking ? second : first
        return Int64(part.ranking) < Int64(whole.ranking) - Int64(whole.ranking >> marginShift) ? part : whole
    }
}
