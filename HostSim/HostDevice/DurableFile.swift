// Replacing a file so that a crash or power cut at any moment leaves either the old or
// the new contents, both on disk for good: a temporary file in the same folder, fsync,
// rename over the target, fsync of the folder (the rename itself lives in the folder).

import Foundation

enum DurableFile {
    /// Temporary files are `.<name>.tmp-<pid>-<n>` beside the file they replace.
    static func temporaryPrefix(for url: URL) -> String { ".\(url.lastPathComponent).tmp-" }

    /// Replaces `url`'s contents with `bytes`, keeping its permissions. Returns false (and
    /// leaves the file as it was, no temporary file behind) if any step fails.
    static func replace(_ url: URL, with bytes: UnsafeRawBufferPointer, sequence: Int) -> Bool {
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/" + temporaryPrefix(for: url) + "\(getpid())-\(sequence)"
        var info = stat()
        let mode = stat(url.path, &info) == 0 ? mode_t(info.st_mode & 0o7777) : 0o644
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { return false }
        var written = 0
        while written < bytes.count {
            let n = write(fd, bytes.baseAddress! + written, bytes.count - written)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            written += n
        }
        // fchmod: the umask may have narrowed the mode open() was given.
        let ok = written == bytes.count && fchmod(fd, mode) == 0 && fsync(fd) == 0
        guard close(fd) == 0, ok, rename(temporary, url.path) == 0 else {
            unlink(temporary)
            return false
        }
        return syncFolder(folder)
    }

    /// Makes a rename or a new file in `folder` durable.
    static func syncFolder(_ folder: String) -> Bool {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return fsync(fd) == 0
    }

    /// Removes temporary files of `url` left by a process that no longer runs (killed in
    /// the middle of a save). Returns their names.
    static func removeStaleTemporaries(of url: URL) -> [String] {
        let folder = url.deletingLastPathComponent()
        let prefix = temporaryPrefix(for: url)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var removed: [String] = []
        for name in names where name.hasPrefix(prefix) {
            let pid = name.dropFirst(prefix.count).split(separator: "-").first.flatMap { pid_t($0) }
            if let pid, pid != getpid(), kill(pid, 0) == 0 || errno == EPERM { continue }   // its writer still runs
            if unlink(folder.appendingPathComponent(name).path) == 0 { removed.append(name) }
        }
        return removed
    }
}
