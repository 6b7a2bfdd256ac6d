// Data-set discovery in both layouts, name parsing, ordering and the error cases.

import Foundation
import Testing
import KinuHostKit

@Suite struct DatasetTests {
    let tiny = WAVWriter.pcm16Mono([0, 100, -100, 0], sampleRate: 8000)

    @Test func parsesFSDDNames() throws {
        let c = try #require(LabelledClip(fsddURL: URL(fileURLWithPath: "/x/7_theo_23.wav")))
        #expect(c.label == "7" && c.group == "theo" && c.take == 23)
        let u = try #require(LabelledClip(fsddURL: URL(fileURLWithPath: "/x/yes_anne_marie_04.WAV")))
        #expect(u.label == "yes" && u.group == "anne_marie" && u.take == 4)
        for bad in ["7_theo.wav", "7_theo_x.wav", "_theo_1.wav", "7__1.wav", "7_theo_1.txt", "7_theo_-1.wav", "7_theo_.wav", "notes.wav"] {
            #expect(LabelledClip(fsddURL: URL(fileURLWithPath: "/x/" + bad)) == nil, "\(bad)")
        }
    }

    @Test func naturalOrder() {
        #expect(["10", "9", "1", "b2", "b10", "a"].sorted(by: naturalLess) == ["1", "9", "10", "a", "b2", "b10"])
        #expect(naturalLess("x01", "x1") && !naturalLess("x1", "x01"))
        #expect(!naturalLess("same", "same"))
    }

    @Test func discoversFSDDFolder() throws {
        let tmp = try TempDir()
        for label in 0..<3 {
            for group in ["theo", "jackson"] {
                for take in [0, 1, 10, 2] { try tmp.write(tiny, "\(label)_\(group)_\(take).wav") }
            }
        }
        try tmp.write(tiny, "README_notes.wav")       // does not parse: skipped, reported
        try tmp.write(Data("hi".utf8), "README.md")   // not a wav: ignored
        try tmp.write(tiny, ".hidden_x_1.wav")        // hidden: ignored
        let ds = try Dataset(directory: tmp.url)
        #expect(ds.count == 24)
        #expect(ds.labels() == ["0", "1", "2"])
        #expect(ds.groups() == ["jackson", "theo"])
        #expect(ds.groups(label: "1") == ["jackson", "theo"])
        #expect(ds.clips(label: "1", group: "theo").map(\.take) == [0, 1, 2, 10])
        #expect(ds.clips(label: "2").count == 8)
        #expect(ds.clips(group: "jackson").count == 12)
        #expect(ds.skipped.map(\.lastPathComponent) == ["README_notes.wav"])
        #expect(ds.countsByLabel() == ["0": 8, "1": 8, "2": 8])
        #expect(ds.labelIndex() == ["0": 0, "1": 1, "2": 2])
        #expect(ds.clips.first?.url.lastPathComponent == "0_jackson_0.wav")
        // Every discovered file is readable.
        for c in ds.clips { #expect(try WAVReader.read(c.url).samples.count == 4) }
    }

    @Test func discoversFolderPerLabel() throws {
        let tmp = try TempDir()
        for name in ["b.wav", "a.wav", "c10.wav", "c9.wav"] { try tmp.write(tiny, "yes/\(name)") }
        for name in ["x.wav", "y.wav"] { try tmp.write(tiny, "no/alice/\(name)") }
        try tmp.write(tiny, "no/bob/z.wav")
        try tmp.write(tiny, "no/loose.wav")
        try tmp.write(Data(), "no/notes.txt")
        try tmp.write(tiny, "stray.wav")   // not in a label folder: left out, and reported
        let ds = try Dataset(directory: tmp.url, layout: .folderPerLabel)
        #expect(ds.labels() == ["no", "yes"])
        #expect(ds.groups() == ["alice", "all", "bob"])
        #expect(ds.clips(label: "yes", group: "all").map(\.url.lastPathComponent) == ["a.wav", "b.wav", "c9.wav", "c10.wav"])
        #expect(ds.clips(label: "yes").map(\.take) == [0, 1, 2, 3])
        #expect(ds.clips(label: "no", group: "alice").map(\.take) == [0, 1])
        #expect(ds.clips(label: "no", group: "bob").first?.take == 0)
        #expect(ds.clips(label: "no", group: "all").map(\.url.lastPathComponent) == ["loose.wav"])
        #expect(ds.count == 8)
        #expect(ds.skipped.map(\.lastPathComponent) == ["stray.wav"])
        // Automatic layout picks folders here: stray.wav is not FSDD-named.
        let automatic = try Dataset(directory: tmp.url)
        #expect(automatic.count == 8 && automatic.layout == .folderPerLabel)
        #expect(automatic.skipped.map(\.lastPathComponent) == ["stray.wav"])
    }

    @Test func sessionsInsideAPersonAndLinkedLabelFoldersAreRead() throws {
        // label/person/session/*.wav belongs to that person; a label folder linked in
        // (ln -s elsewhere/bark bark) is a label like any other.
        let tmp = try TempDir()
        for session in ["monday", "tuesday"] {
            for name in ["a.wav", "b.wav"] { try tmp.write(tiny, "yes/alice/\(session)/\(name)") }
        }
        try tmp.write(tiny, "yes/alice/c.wav")
        let elsewhere = try TempDir()
        for name in ["x.wav", "y.wav"] { try elsewhere.write(tiny, "bark/\(name)") }
        try FileManager.default.createSymbolicLink(at: tmp.url.appendingPathComponent("bark"),
                                                   withDestinationURL: elsewhere.url.appendingPathComponent("bark"))
        let ds = try Dataset(directory: tmp.url)
        #expect(ds.labels() == ["bark", "yes"])
        #expect(ds.clips(label: "yes", group: "alice").count == 5)
        #expect(ds.clips(label: "bark").count == 2)
        for c in ds.clips { #expect(try WAVReader.read(c.url).samples.count == 4) }
    }

    @Test func fsddNamesBesideLabelFoldersAreRefused() throws {
        // One FSDD-like name among label folders must not turn the folders' clips into
        // nothing: which layout is meant cannot be told, so it is asked.
        let tmp = try TempDir()
        for name in ["a.wav", "b.wav"] { try tmp.write(tiny, "yes/\(name)"); try tmp.write(tiny, "no/\(name)") }
        try tmp.write(tiny, "my_take_1.wav")
        #expect(throws: DatasetError.mixedLayouts(path: tmp.url.path, fsddFiles: 1, labelFolders: 2)) {
            try Dataset(directory: tmp.url)
        }
        #expect(try Dataset(directory: tmp.url, layout: .folderPerLabel).count == 4)
        #expect(try Dataset(directory: tmp.url, layout: .fsddNames).count == 1)
    }

    @Test func emptyFolderError() throws {
        let tmp = try TempDir()
        #expect(throws: DatasetError.emptyFolder(path: tmp.url.path)) { try Dataset(directory: tmp.url) }
    }

    @Test func noMatchingFilesError() throws {
        let tmp = try TempDir()
        try tmp.write(Data("x".utf8), "notes.txt")
        try tmp.write(tiny, "recording.wav")
        #expect(throws: DatasetError.noMatchingFiles(path: tmp.url.path, layout: .fsddNames, entriesSeen: 2)) {
            try Dataset(directory: tmp.url, layout: .fsddNames)
        }
        do {
            _ = try Dataset(directory: tmp.url)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("none of the 2 entries"))
            #expect(error.description.hasPrefix(tmp.url.path))
        }
        // Label folders with no .wav inside also count as no match.
        try tmp.write(Data(), "yes/readme.txt")
        #expect(throws: DatasetError.self) { try Dataset(directory: tmp.url, layout: .folderPerLabel) }
    }

    @Test func notADirectoryError() throws {
        let tmp = try TempDir()
        let file = try tmp.write(tiny, "1_a_1.wav")
        #expect(throws: DatasetError.notADirectory(path: file.path)) { try Dataset(directory: file) }
        let missing = tmp.url.appendingPathComponent("missing")
        #expect(throws: DatasetError.notADirectory(path: missing.path)) { try Dataset(directory: missing) }
    }
}

@Suite struct RecordingNameTests {
    func clip(_ name: String, label: String = "rain") -> LabelledClip {
        LabelledClip(url: URL(fileURLWithPath: "/data/\(label)/\(name)"), label: label, group: "all", take: 0)
    }

    @Test func clipsCutFromOneRecordingShareIt() {
        #expect(clip("1-17367-A.wav").recording == clip("1-17367-B.wav").recording)
        #expect(clip("1-17367-A.wav").recording != clip("1-21189-A.wav").recording)
        // The same name under another label is another recording.
        #expect(clip("1-17367-A.wav").recording != clip("1-17367-A.wav", label: "rooster").recording)
    }

    @Test func otherNamesAreTheirOwnRecording() {
        #expect(clip("7_theo_23.wav").recording != clip("7_theo_24.wav").recording)
        #expect(clip("knock-10.wav").recording != clip("knock-11.wav").recording)
        #expect(clip("take.wav").recording == "rain/take")
    }
}
