// One labelled recording in a data set, and the FSDD file-name convention.

import Foundation

/// A recording with its class label, the group it belongs to (speaker, session...) and a
/// take number that tells recordings of the same label and group apart.
public struct LabelledClip: Hashable, Sendable, CustomStringConvertible {
    public var url: URL
    public var label: String
    public var group: String
    public var take: Int

    public init(url: URL, label: String, group: String, take: Int) {
        self.url = url
        self.label = label
        self.group = group
        self.take = take
    }

    /// Parses an FSDD-style name `<label>_<group>_<take>.wav` (e.g. `7_theo_23.wav`).
    /// The label is everything before the first underscore, the take the integer after the
    /// last one, and the group what lies between (so groups may contain underscores).
    /// Returns nil for names that do not follow the convention.
    public init?(fsddURL url: URL) {
        let name = url.lastPathComponent
        guard name.lowercased().hasSuffix(".wav") else { return nil }
        let stem = name.dropLast(4)
        guard let firstUnderscore = stem.firstIndex(of: "_"),
              let lastUnderscore = stem.lastIndex(of: "_"),
              firstUnderscore < lastUnderscore else { return nil }
        let label = stem[..<firstUnderscore]
        let group = stem[stem.index(after: firstUnderscore)..<lastUnderscore]
        let takeText = stem[stem.index(after: lastUnderscore)...]
        guard !label.isEmpty, !group.isEmpty, !takeText.isEmpty,
              takeText.allSatisfy({ $0.isASCII && $0.isNumber }), let take = Int(takeText) else { return nil }
        self.init(url: url, label: String(label), group: String(group), take: take)
    }

    /// The recording a clip was cut from: clips named `<recording>-<one letter>.wav` (ESC's
    /// `1-30226-A.wav`, `1-30226-B.wav`) share one; any other name is its own recording.
    public var recording: String {
        let stem = url.deletingPathExtension().lastPathComponent
        guard let dash = stem.lastIndex(of: "-"), stem.distance(from: dash, to: stem.endIndex) == 2,
              stem.last!.isLetter else { return "\(label)/\(stem)" }
        return "\(label)/\(stem[..<dash])"
    }

    public var description: String { "\(label)/\(group)/\(take) (\(url.lastPathComponent))" }
}

/// Orders strings with embedded numbers numerically ("2" < "10", "a9" < "a10"), so labels
/// and file listings come out the way a person expects and independent of the file system.
public func naturalLess(_ a: String, _ b: String) -> Bool {
    var i = a.unicodeScalars.makeIterator(), j = b.unicodeScalars.makeIterator()
    var ca = i.next(), cb = j.next()
    while let x = ca, let y = cb {
        let xd = x.properties.numericType == .decimal && x.isASCII
        let yd = y.properties.numericType == .decimal && y.isASCII
        if xd && yd {
            // Compare whole digit runs: by length after dropping leading zeros, then by text.
            var ra = "", rb = ""
            while let c = ca, c.isASCII, c.properties.numericType == .decimal { ra.unicodeScalars.append(c); ca = i.next() }
            while let c = cb, c.isASCII, c.properties.numericType == .decimal { rb.unicodeScalars.append(c); cb = j.next() }
            let ta = ra.drop { $0 == "0" }, tb = rb.drop { $0 == "0" }
            if ta.count != tb.count { return ta.count < tb.count }
            if ta != tb { return ta < tb }
            if ra.count != rb.count { return ra.count > rb.count }   // "01" before "1": any fixed rule will do
            continue
        }
        if x != y { return x.value < y.value }
        ca = i.next(); cb = j.next()
    }
    return ca == nil && cb != nil
}
