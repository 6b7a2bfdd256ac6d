// The host board's "flash": the model in a file named by --model. Checked before the
// device starts so that no file a person cares about is ever lost:
//   - a file that is not a Kinu model (a WAV given by mistake) is refused, untouched;
//   - a Kinu model that does not load (damaged, from another version) is copied aside
//     before the device, starting empty, first saves over it;
//   - a symlink is followed (its target is updated); devices, pipes, folders refused;
//   - saves are atomic and durable (`DurableFile`); stale temporary files are removed.

import Foundation
import KinuCore
import KinuDevice

public struct ModelFile {
    /// The file that is read and replaced (symlinks resolved).
    public let url: URL
    /// What was done before the start, one sentence each (a backup made, files cleaned).
    public let notes: [String]
    /// The file held a model that did not load (now backed up): it is to be written even
    /// if nothing is taught, so that the next run does not back it up again.
    public private(set) var replacesBrokenModel = false
    private var saves = 0

    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    /// Checks `path` and prepares it; throws a sentence saying why the path cannot be used.
    public init(path: String) throws(Refusal) {
        let resolved = try Self.resolve(path)
        url = URL(fileURLWithPath: resolved)
        var notes: [String] = []
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw Refusal(description: "cannot keep the model in \(path): folder \(folder) does not exist (create it first)")
        }
        guard access(folder, W_OK) == 0 else {
            throw Refusal(description: "cannot keep the model in \(path): folder \(folder) is not writable")
        }
        for name in DurableFile.removeStaleTemporaries(of: url) {
            notes.append("removed \(name), left by a save that was interrupted")
        }
        if let note = try Self.check(url, named: path) { replacesBrokenModel = true; notes.append(note) }
        self.notes = notes
    }

    // MARK: Storage

    public func load(into buffer: UnsafeMutableRawBufferPointer) -> StorageLoadResult {
        guard FileManager.default.fileExists(atPath: url.path) else { return .empty }
        guard let data = try? Data(contentsOf: url) else { return .failed }
        if data.isEmpty { return .empty }
        data.copyBytes(to: buffer.bindMemory(to: UInt8.self), count: min(data.count, buffer.count))
        // The file's real size: bytes past an image are reported, not silently dropped.
        return .loaded(count: data.count)
    }

    public mutating func save(_ image: UnsafeRawBufferPointer) -> Bool {
        saves += 1
        let saved = DurableFile.replace(url, with: image, sequence: saves)
        if saved { replacesBrokenModel = false }
        return saved
    }

    // MARK: Checks

    /// Follows symlinks (also one whose target does not exist yet) to the real path.
    static func resolve(_ path: String) throws(Refusal) -> String {
        var current = path
        for _ in 0 ..< 40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else {
                throw Refusal(description: "cannot follow the symlink \(current)")
            }
            current = target.hasPrefix("/") ? target
                : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(target).path
        }
        throw Refusal(description: "--model \(path): too many levels of symlinks")
    }

    /// Refuses what must not be replaced; copies a damaged model aside. Returns a note.
    static func check(_ url: URL, named path: String) throws(Refusal) -> String? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }   // a new file
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Refusal(description: "--model \(path) is a folder; give a file name such as \(path)/kinu.model")
        default: throw Refusal(description: "--model \(path) is not a regular file (a device or a pipe); give a file name")
        }
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw Refusal(description: "--model \(path) cannot be read (permissions?)")
        }
        // The magic first: a large file given by mistake (a recording) is not read whole.
        let start = (try? handle.read(upToCount: 4)) ?? Data()
        try? handle.close()
        if start.isEmpty { return nil }   // nothing to lose: the first save fills it
        guard Array(start) == Array("KINU".utf8) else {
            let shown = String(decoding: start.map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: ".") }, as: UTF8.self)
            throw Refusal(description: "--model \(path) is not a Kinu model (it starts with '\(shown)', not 'KINU'); "
                          + "it was left untouched. Give a new file name, or move that file away")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Refusal(description: "--model \(path) cannot be read (permissions?)")
        }
        var store = ExampleStore()
        let loaded = data.withUnsafeBytes { raw in
            Result { () throws(ModelImage.ReadError) in try ModelImage.read(raw, into: &store) }
        }
        guard case .failure(let error) = loaded else { return nil }
        let backup = try Self.backUp(url, data)
        return "\(path): \(error.message)\(Self.details(error)); kept it as \(backup.lastPathComponent), "
            + "starting empty and saving to \(path)"
    }

    /// What the user can act on, in words: sizes and versions, not the error's fields.
    static func details(_ error: ModelImage.ReadError) -> String {
        switch error {
        case .truncated(let expected, let actual): return " (\(actual) of its \(expected) bytes)"
        case .unsupportedVersion(let found, let supported): return " (version \(found); this build reads up to \(supported))"
        case .incompatibleTemplates(let found, let expected):
            return " (template format \(found), this build's is \(expected): teach the sounds again)"
        case .trailingBytes(let count): return " (\(count) byte\(count == 1 ? "" : "s") after the model)"
        case .notAModelImage, .shapeMismatch, .checksumMismatch, .inconsistent: return ""
        }
    }

    /// Copies a model that does not load to `<name>.unloadable[-n]`, durably, never over
    /// an earlier copy.
    static func backUp(_ url: URL, _ data: Data) throws(Refusal) -> URL {
        for n in 0 ..< 1000 {
            let backup = URL(fileURLWithPath: url.path + ".unloadable" + (n == 0 ? "" : "-\(n)"))
            let fd = open(backup.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd < 0 { if errno == EEXIST { continue } else { break } }
            let ok = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) == $0.count } && fsync(fd) == 0
            close(fd)
            if ok && DurableFile.syncFolder(url.deletingLastPathComponent().path) { return backup }
            unlink(backup.path)
            break
        }
        throw Refusal(description: "\(url.path) does not load and no backup copy could be written beside it; "
                      + "nothing was changed. Copy it somewhere safe or give another --model file")
    }
}
