import Foundation
import KinuCore

/// Tuning hook for engineers (not for users): KINU_TUNE="reject=9000 minconf=3 gate=256 onset=4"
/// overrides decision and detector settings for one run, so a sweep needs no rebuild.
public enum Tuning {
    nonisolated(unsafe) public static var detector = DetectorConfig()
    nonisolated(unsafe) public static var rejectDistance: Int32? = nil
    nonisolated(unsafe) public static var minimumConfidence: Int? = nil
    nonisolated(unsafe) public static var spreadGate: Int32? = nil
    nonisolated(unsafe) public static var hubShare: Int32? = nil
    nonisolated(unsafe) public static var classifiesParts: Bool? = nil

    public static func apply() {
        guard let spec = ProcessInfo.processInfo.environment["KINU_TUNE"] else { return }
        for part in spec.split(separator: " ") {
            let pair = part.split(separator: "=")
            guard pair.count == 2, let value = Double(pair[1]) else { fail("cannot read '\(part)'") }
            // Every setting is a count, a shift or a level in octaves: none is negative, and
            // none near 2^31 (levels are kept x256 in an Int32).
            guard (0...1_000_000).contains(value) else { fail("'\(part)': settings are 0 to 1000000") }
            switch pair[0] {
            case "reject": rejectDistance = Int32(value)
            case "minconf": minimumConfidence = Int(value)
            case "gate": spreadGate = Int32(value)
            case "hub":
                guard (0...8).contains(value) else { fail("hub is in eighths of the hub distance, 0 to 8") }
                hubShare = Int32(value)
            case "parts":
                guard value == 0 || value == 1 else { fail("parts is 1 (classify an event's parts too) or 0") }
                classifiesParts = value == 1
            case "pre": detector.preRollFrames = Int(value)
            case "post": detector.postRollFrames = Int(value)
            case "hang":
                // A hangover under the one after a body is then the only one.
                detector.hangoverFrames = Int(value)
                detector.bodyHangoverFrames = min(detector.bodyHangoverFrames, Int(value))
            case "onset": detector.onsetQ8 = Int32(value * 256)
            case "offset": detector.offsetQ8 = Int32(value * 256)
            case "margin": detector.bandMarginQ8 = Int32(value * 256)
            case "wfall": detector.warmUpFallShift = Int32(value)
            case "devf": detector.deviationFactor = Int32(value)
            case "sub": detector.subtractsBackground = value != 0
            case "close": detector.closeToRoomQ8 = Int32(value * 256)
            case "faded": detector.fadedShift = Int32(value)
            case "wrise": detector.floorRiseShift = Int32(value)
            case "wumargin": detector.warmUpSoundMarginQ8 = Int32(value * 256)
            case "wusound": detector.warmUpSoundQ8 = Int32(value * 256)
            case "firstfade": detector.backToFirstFadeQ8 = Int32(value * 256)
            case "fadeshift": detector.firstFadeShift = Int32(value)
            case "click": detector.clickFrames = Int(value)
            case "clickgap":
                guard value >= 1 else { fail("clickgap is at least 1 quiet frame") }
                detector.clickGapFrames = Int(value)
            case "bodyrun": detector.bodyRunFrames = Int(value)
            case "clicklong": detector.leavesClicksOutOfLongEvents = value != 0
            case "bodyhang": detector.bodyHangoverFrames = Int(value)
            default: fail("unknown setting '\(pair[0])'")
            }
        }
        guard detector.bodyHangoverFrames <= detector.hangoverFrames else { fail("bodyhang is at most the hangover (hang)") }
        FileHandle.standardError.write("tuning: \(spec)\n".data(using: .utf8)!)
    }

    public static func configure(_ learner: inout SoundLearner) {
        if let r = rejectDistance { learner.rejectDistance = r }
        if let c = minimumConfidence { learner.minimumConfidence = c }
        if let g = spreadGate { learner.spreadGate = g }
        if let h = hubShare { learner.hubShare = h }
        if let p = classifiesParts { learner.classifiesParts = p }
    }

    private static func fail(_ message: String) -> Never {
        FileHandle.standardError.write("KINU_TUNE: \(message)\n".data(using: .utf8)!)
        exit(1)
    }
}
