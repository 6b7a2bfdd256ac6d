import Foundation

/// A one-line progress bar on stderr, redrawn in place, with the time left. Drawn only
/// when stderr is a terminal, so logs and pipes stay clean; the closing summary line is
/// always written.
public final class ProgressBar {
    public let title: String, total: Int
    public private(set) var done = 0
    let interactive = isatty(2) != 0
    let started = Date()
    private var lastDrawn = Date.distantPast

    public let unit: String

    public init(title: String, total: Int, unit: String = "clips") { self.title = title; self.total = total; self.unit = unit }

    public func advance() {
        done += 1
        // At most ~20 redraws a second: drawing is slower than a clip.
        guard interactive, done == total || Date().timeIntervalSince(lastDrawn) > 0.05 else { return }
        lastDrawn = Date()
        let width = 30, filled = width * done / max(1, total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let elapsed = Date().timeIntervalSince(started)
        let left = done > 0 ? elapsed * Double(total - done) / Double(done) : 0
        let line = String(format: "\r%@ %@ %d/%d  %.0f s left ", title, bar, done, total, left)
        FileHandle.standardError.write(line.data(using: .utf8)!)
    }

    public func finish() {
        let elapsed = String(format: "%.1f s", Date().timeIntervalSince(started))
        if interactive { FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!) }
        FileHandle.standardError.write("\(title): \(total) \(unit) in \(elapsed)\n".data(using: .utf8)!)
    }
}
