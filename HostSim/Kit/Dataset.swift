// Discovery of labelled recordings on disk. Two layouts are understood:
//   FSDD names:        dir/7_theo_23.wav            label 7, group theo, take 23
//   folder per label:  dir/yes/a.wav                label yes, group "all", take = index
//                      dir/yes/alice/a.wav          label yes, group alice, take = index
// Takes in the folder layout are positions in the natural-sorted file list, so they are
// stable across machines.

import Foundation

public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    case notADirectory(path: String)
    case cannotList(path: String, reason: String)
    /// The folder has no entries at all (hidden files aside).
    case emptyFolder(path: String)
    /// The folder has entries but none fit the requested layout.
    case noMatchingFiles(path: String, layout: Dataset.Layout, entriesSeen: Int)
    /// FSDD-named files beside label folders: which layout is meant cannot be told.
    case mixedLayouts(path: String, fsddFiles: Int, labelFolders: Int)

    public var description: String {
        switch self {
        case .notADirectory(let p):
            return FileManager.default.fileExists(atPath: p) ? "\(p): not a directory (give the folder that holds the recordings)"
                : "\(p): no such folder"
        case .cannotList(let p, let reason):
            return "\(p): cannot list folder (\(reason))"
        case .emptyFolder(let p):
            return "\(p): folder is empty, no recordings to load"
        case .noMatchingFiles(let p, let layout, let seen):
            let expected = layout == .fsddNames
                ? "files named <label>_<group>_<take>.wav"
                : layout == .folderPerLabel ? "sub-folders (one per label) holding .wav files"
                : "FSDD-style <label>_<group>_<take>.wav files or one sub-folder of .wav files per label"
            return "\(p): none of the \(seen) entries match the expected layout (\(expected))"
        case .mixedLayouts(let p, let files, let folders):
            return "\(p): holds both \(files) FSDD-named .wav files (<label>_<group>_<take>.wav) and \(folders) label "
                + "folders; keep one layout (move the files into label folders, or the folders elsewhere)"
        }
    }
}

/// A set of labelled clips, sorted by label, group and take (natural order).
public struct Dataset: Sendable {
    public enum Layout: Equatable, Sendable {
        /// FSDD if any top-level file matches `<label>_<group>_<take>.wav`, otherwise folder per label.
        case automatic
        case fsddNames
        case folderPerLabel
    }

    public let root: URL
    public let clips: [LabelledClip]
    /// .wav files at the top level that belong to no label: not FSDD-named in the FSDD
    /// layout, any in the folder-per-label layout.
    public let skipped: [URL]
    /// The layout found (`.automatic` for clips gathered by hand).
    public let layout: Layout

    public init(clips: [LabelledClip], root: URL, skipped: [URL] = [], layout: Layout = .automatic) {
        self.root = root
        self.clips = clips.sorted(by: Dataset.order)
        self.skipped = skipped
        self.layout = layout
    }

    /// Scans `directory` for recordings in the given layout.
    public init(directory: URL, layout: Layout = .automatic) throws(DatasetError) {
        let entries = try Dataset.list(directory)
        if entries.isEmpty { throw .emptyFolder(path: directory.path) }
        let wavs = entries.filter { !$0.isDirectory && $0.url.pathExtension.lowercased() == "wav" }
        let fsddNamed = wavs.filter { LabelledClip(fsddURL: $0.url) != nil }.count
        var folderClips: [LabelledClip] = []
        if layout != .fsddNames {
            for folder in entries where folder.isDirectory { folderClips += try Dataset.labelFolder(folder.url) }
        }
        var resolved = layout
        if layout == .automatic {
            if fsddNamed > 0 && !folderClips.isEmpty {
                throw .mixedLayouts(path: directory.path, fsddFiles: fsddNamed,
                                    labelFolders: Set(folderClips.map(\.label)).count)
            }
            resolved = fsddNamed > 0 ? .fsddNames : .folderPerLabel
        }
        var found: [LabelledClip] = []
        var skipped: [URL] = []
        if resolved == .fsddNames {
            for w in wavs {
                if let clip = LabelledClip(fsddURL: w.url) { found.append(clip) } else { skipped.append(w.url) }
            }
        } else {
            found = folderClips
            skipped = wavs.map(\.url)
        }
        if found.isEmpty {
            throw .noMatchingFiles(path: directory.path, layout: layout, entriesSeen: entries.count)
        }
        self.init(clips: found, root: directory, skipped: skipped.sorted { naturalLess($0.lastPathComponent, $1.lastPathComponent) },
                  layout: resolved)
    }

    public var count: Int { clips.count }

    /// Distinct labels, natural order ("2" before "10").
    public func labels() -> [String] { Dataset.distinct(clips.map(\.label)) }

    /// Distinct groups, optionally only those with clips of `label`.
    public func groups(label: String? = nil) -> [String] {
        Dataset.distinct(clips.filter { label == nil || $0.label == label }.map(\.group))
    }

    /// Clips filtered by label and/or group (nil means any), in dataset order.
    public func clips(label: String? = nil, group: String? = nil) -> [LabelledClip] {
        clips.filter { (label == nil || $0.label == label) && (group == nil || $0.group == group) }
    }

    /// Clip counts per label.
    public func countsByLabel() -> [String: Int] {
        clips.reduce(into: [:]) { $0[$1.label, default: 0] += 1 }
    }

    /// Index of each label in `labels()`, for classifiers that want integer classes.
    public func labelIndex() -> [String: Int] {
        Dictionary(uniqueKeysWithValues: labels().enumerated().map { ($1, $0) })
    }

    // MARK: - Helpers

    static func order(_ a: LabelledClip, _ b: LabelledClip) -> Bool {
        if a.label != b.label { return naturalLess(a.label, b.label) }
        if a.group != b.group { return naturalLess(a.group, b.group) }
        if a.take != b.take { return a.take < b.take }
        return a.url.path < b.url.path
    }

    static func distinct(_ values: [String]) -> [String] {
        Array(Set(values)).sorted(by: naturalLess)
    }

    struct Entry { let url: URL; let isDirectory: Bool }

    /// Non-hidden entries of a folder, naturally sorted by name.
    static func list(_ directory: URL) throws(DatasetError) -> [Entry] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDir), isDir.boolValue else {
            throw .notADirectory(path: directory.path)
        }
        let urls: [URL]
        do {
            // Listed at its real path: Foundation lists a linked folder as empty.
            urls = try FileManager.default.contentsOfDirectory(at: directory.resolvingSymlinksInPath(),
                                                               includingPropertiesForKeys: [.isDirectoryKey],
                                                               options: [.skipsHiddenFiles])
        } catch {
            throw .cannotList(path: directory.path, reason: error.localizedDescription)
        }
        return urls
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .map { url in
                var isFolder: ObjCBool = false   // follows links: a folder linked in counts as one
                return Entry(url: url, isDirectory: FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
                             && isFolder.boolValue)
            }
            .sorted { naturalLess($0.url.lastPathComponent, $1.url.lastPathComponent) }
    }

    /// One label folder: .wav files directly inside form group "all"; each sub-folder is a
    /// group, with every .wav file at any depth inside it (sessions, days).
    static func labelFolder(_ folder: URL) throws(DatasetError) -> [LabelledClip] {
        let label = folder.lastPathComponent
        let entries = try list(folder)
        var clips: [LabelledClip] = []
        func add(_ wavs: [URL], group: String) {
            for (i, w) in wavs.enumerated() { clips.append(LabelledClip(url: w, label: label, group: group, take: i)) }
        }
        add(wavFiles(entries), group: "all")
        for sub in entries where sub.isDirectory {
            add(try wavFiles(under: sub.url), group: sub.url.lastPathComponent)
        }
        return clips
    }

    static func wavFiles(_ entries: [Entry]) -> [URL] {
        entries.filter { !$0.isDirectory && $0.url.pathExtension.lowercased() == "wav" }.map(\.url)
    }

    /// Every .wav file under `folder`, folder by folder in natural order (at most 8 deep,
    /// so a link back up cannot loop).
    static func wavFiles(under folder: URL, depth: Int = 0) throws(DatasetError) -> [URL] {
        let entries = try list(folder)
        var found = wavFiles(entries)
        if depth < 8 {
            for sub in entries where sub.isDirectory { found += try wavFiles(under: sub.url, depth: depth + 1) }
        }
        return found
    }
}
