import Foundation

/// Checks a `--log` path before it is opened for writing (which empties it): a log must
/// never replace the recording, the button script or the model it was given beside, nor a
/// file that is not a log (a tab-completed `--log take.wav`).
public enum LogFileGuard {
    /// Why `logPath` must not be written, or nil. `others` are the run's other files as
    /// (what it is, path); the same file reached by another name or a symlink counts.
    public static func refusal(logPath: String, others: [(role: String, path: String)]) -> String? {
        for other in others where sameFile(logPath, other.path) {
            return "--log \(logPath) is the \(other.role) too; writing the log would destroy it: give the log another name"
        }
        guard let head = FileHandle(forReadingAtPath: logPath).map({ handle in
            defer { try? handle.close() }
            return handle.readData(ofLength: 256)
        }) else { return nil }
        let firstByte = head.first { !(" \t\r\n" as String).utf8.contains($0) }
        guard let firstByte, firstByte != UInt8(ascii: "{") else { return nil }
        return "--log \(logPath) exists and is not a Kinu log (it does not start with a JSON line); "
            + "it would be overwritten: remove it or give the log another name"
    }

    /// Whether two paths name one existing file (device and inode, symlinks followed).
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
}
