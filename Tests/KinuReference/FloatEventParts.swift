import KinuCore

/// The float reference of `EventParts`: the same split of an event that may hold two
/// sounds, on the float frames (octaves).
public enum FloatEventParts {
    /// The frame where the second part starts, or nil (`EventParts.dip`).
    public static func dip(_ frames: [[Double]]) -> Int? {
        let n = frames.count
        guard n >= EventParts.minimumFrames && n < TemplateMatcher.sustainedFrameCount else { return nil }
        let loudness = frames.map { $0.reduce(0, +) / Double(FrontEnd.bandCount) }
        let s = (0..<n).map { t in t == 0 || t == n - 1 ? -Double.infinity : loudness[t - 1] + loudness[t] + loudness[t + 1] }
        // The deepest dip below the lower of the highest points on either side; the
        // earliest of equal ones.
        var best: Int? = nil, bestDepth = 0.0
        for t in EventParts.minimumPartFrames ..< n - EventParts.minimumPartFrames {
            let depth = min(s[1..<t].max()!, s[t...(n - 2)].max()!) - s[t]
            if depth > bestDepth { best = t; bestDepth = depth }
        }
        return bestDepth >= Double(EventParts.dipDepth) / 256 ? best : nil
    }

    /// The two parts' frame ranges, or none.
    public static func ranges(_ frames: [[Double]]) -> [Range<Int>] {
        guard let t = dip(frames) else { return [] }
        return [0..<t, t..<frames.count]
    }
}
