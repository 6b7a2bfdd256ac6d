import Foundation
import KinuDevice

/// Draws one frame of the live interface as text for an 80×24 (or larger) terminal.
/// Each line overwrites the last frame's line and clears its rest, so nothing blanks
/// between frames (no flicker).
struct LiveScreen {
    struct Content {
        var source = ""
        var milliseconds = 0
        var padCount = 8
        var examples: [Int] = []
        var leds = LEDState.off
        var ledsAge = 0.0
        var confidence: Int?
        var rmsDB = -96.0, peakDB = -96.0
        var clipping = false
        var columns: [[Int16]] = []
        var events: [LiveLog.Entry] = []
        var prompt: String?
        var status = ""
        var ended = false
        /// The last save failed (q tries once more before quitting).
        var unsaved = false
        /// The run has a model file (--model) to save to.
        var keepsModel = true
    }

    let columns: Int
    let rows: Int

    static let esc = "\u{1B}["
    static let reset = esc + "0m"
    static func fg(_ c: Int) -> String { esc + "38;5;\(c)m" }
    static func bg(_ c: Int) -> String { esc + "48;5;\(c)m" }
    static let bold = esc + "1m", dim = esc + "2m"

    func render(_ c: Content) -> String {
        var lines: [String] = []
        let width = max(40, columns)
        let clock = Self.clock(c.milliseconds)
        let title = " KINU  \(c.source)"
        lines.append(Self.bold + Self.pad(title, width - clock.count - 1) + Self.reset + clock)
        lines.append(Self.dim + String(repeating: "─", count: width) + Self.reset)
        lines += padRows(c, width: width)
        lines.append(stateLine(c))
        lines.append(levelLine(c, width: width))
        lines.append(Self.dim + " spectrogram, 125 Hz (bottom) to 7.5 kHz (top), newest on the right" + Self.reset)
        lines += spectrogram(c.columns, width: width - 2, height: max(3, min(20, rows - 15))).map { " " + $0 }
        lines.append(Self.dim + " last events" + Self.reset)
        for i in 0 ..< 4 {
            let index = c.events.count - 4 + i
            guard index >= 0 else { lines.append(""); continue }
            let e = c.events[index]
            let text = " \(Self.clock(e.milliseconds))  \(e.text)"
            lines.append((e.isError ? Self.fg(203) : "") + Self.pad(text, width) + Self.reset)
        }
        lines.append(Self.dim + Self.pad(" " + c.status, width) + Self.reset)
        let keys = " \(KeyCommands.padKeys(c.padCount)) pad  m MODE  l+key long press  u+pad undo  q quit"
        if let prompt = c.prompt {
            lines.append(Self.fg(214) + Self.bold + Self.pad(" " + prompt, width) + Self.reset)
        } else if c.ended {
            let saved = !c.keepsModel ? "nothing is saved without --model FILE; press q to quit"
                : c.unsaved ? "the model could NOT be saved (see the log); q tries again and quits"
                : "the model is saved; press q to quit"
            lines.append(Self.fg(214) + Self.pad(" input ended: " + saved, width) + Self.reset)
        } else {
            lines.append(Self.pad(keys, width))
        }
        let shown = lines.prefix(rows)
        return "\(Self.esc)H" + shown.map { $0 + Self.reset + "\(Self.esc)K" }.joined(separator: "\r\n") + "\(Self.esc)J"
    }

    /// Pad number, LED and examples, one cell per pad.
    private func padRows(_ c: Content, width: Int) -> [String] {
        let cell = max(6, min(9, (width - 2) / max(1, c.padCount)))
        var names = " ", leds = " ", counts = " "
        let blinkOn = Int(c.ledsAge * 4) % 2 == 0
        for k in 0 ..< c.padCount {
            let count = k < c.examples.count ? c.examples[k] : 0
            names += Self.center("pad \(k + 1)", cell)
            let (color, glyph) = led(for: k, c.leds, examples: count, blinkOn: blinkOn)
            leds += Self.center(color + glyph + Self.reset, cell, visible: glyph.count)
            counts += Self.dim + Self.center(count == 1 ? "1 ex" : "\(count) ex", cell) + Self.reset
        }
        return [names, leds, counts]
    }

    private func led(for pad: Int, _ leds: LEDState, examples: Int, blinkOn: Bool) -> (String, String) {
        let off = examples > 0 ? (Self.fg(250), "( )") : (Self.fg(240), " · ")
        switch leds {
        case .armed(let p) where p == pad: return blinkOn ? (Self.fg(226) + Self.bold, "(*)") : (Self.fg(100), "( )")
        case .learned(let p) where p == pad: return (Self.fg(46) + Self.bold, "(@)")
        case .heard(let p) where p == pad: return (Self.fg(51) + Self.bold, "(@)")
        case .confirmingForgetAll: return blinkOn ? (Self.fg(196) + Self.bold, "(!)") : off
        default: return off
        }
    }

    private func stateLine(_ c: Content) -> String {
        let text: String, color: Int
        switch c.leds {
        case .armed(let p): (text, color) = ("pad \(p + 1) ARMED: make the sound to teach it", 226)
        case .learned(let p): (text, color) = ("pad \(p + 1) LEARNED the sound", 46)
        case .heard(let p): (text, color) = ("RECOGNISED pad \(p + 1)" + (c.confidence.map { ", confidence \($0)" } ?? ""), 51)
        case .unsure: (text, color) = ("heard something, UNSURE which pad", 213)
        case .paused: (text, color) = ("PAUSED: not listening (m resumes)", 208)
        case .confirmingForgetAll: (text, color) = ("FORGET EVERYTHING? press l then m again to confirm, anything else cancels", 196)
        case .off: (text, color) = (c.ended ? "stopped" : "listening", 250)
        }
        return " " + Self.fg(color) + Self.bold + text + Self.reset
    }

    private func levelLine(_ c: Content, width: Int) -> String {
        let barWidth = max(10, width - 38)
        let filled = Int((max(-60, min(0, c.rmsDB)) + 60) / 60 * Double(barWidth))
        let peakAt = Int((max(-60, min(0, c.peakDB)) + 60) / 60 * Double(barWidth))
        var bar = ""
        for i in 0 ..< barWidth {
            let color = i < barWidth * 7 / 10 ? 34 : i < barWidth * 9 / 10 ? 220 : 196
            if i < filled { bar += Self.fg(color) + "█" } else if i == peakAt { bar += Self.fg(color) + "|" } else { bar += Self.fg(238) + "·" }
        }
        let numbers = String(format: " %4.0f dBFS  peak %4.0f", max(-96, c.rmsDB), max(-96, c.peakDB))
        let clip = c.clipping ? Self.fg(196) + Self.bold + " CLIPPING" : ""
        return " level " + bar + Self.reset + numbers + clip
    }

    /// Half-block picture: each text row shows two rows of pixels (top in the foreground
    /// colour, bottom in the background colour).
    func spectrogram(_ frames: [[Int16]], width: Int, height: Int) -> [String] {
        let pixelRows = height * 2
        let visible = Array(frames.suffix(width))
        var out: [String] = []
        for row in 0 ..< height {
            var line = String(repeating: " ", count: width - visible.count)
            for frame in visible {
                let top = Self.bandValue(frame, pixelRow: pixelRows - 1 - row * 2, pixelRows: pixelRows)
                let bottom = Self.bandValue(frame, pixelRow: pixelRows - 2 - row * 2, pixelRows: pixelRows)
                line += Self.fg(SpectrogramPalette.xterm256(SpectrogramPalette.level(top)))
                    + Self.bg(SpectrogramPalette.xterm256(SpectrogramPalette.level(bottom))) + "▀"
            }
            out.append(line + Self.reset)
        }
        return out
    }

    /// The loudest band among those a pixel row covers (row 0 is the lowest band).
    static func bandValue(_ frame: [Int16], pixelRow: Int, pixelRows: Int) -> Int16 {
        let bands = frame.count
        let lo = pixelRow * bands / pixelRows, hi = max(lo + 1, (pixelRow + 1) * bands / pixelRows)
        return frame[lo ..< min(hi, bands)].max() ?? 0
    }

    static func clock(_ ms: Int) -> String {
        String(format: "%02d:%02d.%d", ms / 60_000, (ms / 1000) % 60, (ms / 100) % 10)
    }

    /// Cuts or pads plain text to `width` characters.
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }

    static func center(_ text: String, _ width: Int, visible: Int? = nil) -> String {
        let n = visible ?? text.count
        guard n < width else { return text }
        let left = (width - n) / 2
        return String(repeating: " ", count: left) + text + String(repeating: " ", count: width - n - left)
    }
}
