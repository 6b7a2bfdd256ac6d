import Foundation
import KinuDevice

/// The device's log as the interface tells it: the last few events in words, the LEDs
/// and since when they show what they show.
final class LiveLog {
    struct Entry { let milliseconds: Int; let text: String; let isError: Bool }

    private(set) var entries: [Entry] = []
    private(set) var leds = LEDState.off
    private(set) var ledsChangedAt = Date()
    /// Confidence of the last "heard", for the pad that lights.
    private(set) var lastConfidence: Int?
    let keep: Int

    init(keep: Int = 6) { self.keep = keep }

    func show(_ newLEDs: LEDState) {
        leds = newLEDs
        ledsChangedAt = Date()
    }

    func add(_ line: String) {
        guard let data = line.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let event = object["event"] as? String else { return }
        let t = object["t_ms"] as? Int ?? 0
        let pad = (object["class"] as? Int).map { "pad \($0)" } ?? "?"
        let text: String
        switch event {
        case "armed": text = "\(pad) armed: make the sound now"
        case "disarmed": text = "\(pad) disarmed (\(Self.words(object["reason"])))"
        case "learned":
            text = "\(pad) learned an example (\(object["examples"] ?? 0) now)"
                + ((object["replaced_oldest"] as? Bool) == true ? ", replacing its oldest" : "")
        case "heard":
            let confidence = object["confidence"] as? Int ?? 0
            lastConfidence = confidence
            text = object["class"] is Int ? "heard \(pad), confidence \(confidence)" : "heard a sound, unsure (confidence \(confidence))"
        case "forgot": text = "\(pad) forgotten (\(object["examples"] ?? 0) examples)"
        case "undone": text = "\(pad): last example undone (\(object["examples"] ?? 0) left)"
        case "paused": text = "paused: not listening (m resumes)"
        case "resumed": text = "listening again"
        case "confirm_forget_all": text = "forget everything? l m again to confirm"
        case "forgot_all": text = "forgot everything (\(object["examples"] ?? 0) examples)"
        case "cancelled": text = "forget everything cancelled"
        case "ignored": text = "ignored: \(Self.words(object["reason"]))"
        case "restored": text = "model restored (\(object["examples"] ?? 0) examples)"
        case "error": text = "error: \(object["message"] ?? "")"
        case "stopped": text = "stopped (\(object["examples"] ?? 0) examples kept)"
        case "input_warning": text = "input damaged: \(object["message"] ?? "")"
        case "overrun": text = "audio dropped: overrun \(object["overruns"] ?? 0) on \(object["device"] ?? "")"
        default: return   // boot, saved, no_model: not worth a line
        }
        entries.append(Entry(milliseconds: t, text: text, isError: ["error", "input_warning", "overrun"].contains(event)))
        if entries.count > keep { entries.removeFirst(entries.count - keep) }
    }

    static func words(_ value: Any?) -> String {
        (value as? String ?? "").replacingOccurrences(of: "_", with: " ")
    }
}
