// `kinu-sim eval` and `kinu-sim inspect` at the command line.

import Foundation
import Testing

@Suite struct EvalAndInspectTests {
    /// Two labels (claps, 1 kHz tones) by two "people", a folder per label and one
    /// sub-folder per person.
    func makeDataset() throws -> URL {
        let root = try temporaryFolder()
        for (label, make) in [("clap", { (take: Int, person: Int) in TestSession.claps(at: [0.8], seconds: 1.6) }),
                              ("tone", { (take: Int, person: Int) in
                                  TestSession.tone(800 + 200 * Double(person), at: [0.8], seconds: 1.6, seed: UInt64(take)) })] {
            for person in 0 ..< 2 {
                let folder = root.appendingPathComponent("\(label)/person\(person)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                for take in 0 ..< 3 {
                    try TestSession.write(make(take, person), to: folder.appendingPathComponent("take\(take).wav"))
                }
            }
        }
        return root
    }

    func lastJSON(_ text: String) throws -> [String: Any] {
        let line = try #require(text.split(separator: "\n").last)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func evalReportsTableConfusionAndJSON() throws {
        let root = try makeDataset()
        let result = try SimProcess.run(["eval", root.path, "--shots", "1", "--seeds", "2", "--per-group"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("confusion matrix"))
        #expect(result.stdout.contains("clap") && result.stdout.contains("tone"))
        let json = try lastJSON(result.stdout)
        #expect(json["shots"] as? Int == 1 && json["seeds"] as? Int == 2 && json["clips"] as? Int == 12)
        #expect((json["accuracy"] as? Double ?? 0) >= 0.7)
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func evalTrainAndTestGroups() throws {
        let root = try makeDataset()
        let result = try SimProcess.run(["eval", root.path, "--shots", "2", "--seeds", "1",
                                         "--train-groups", "person0", "--test-groups", "person1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try lastJSON(result.stdout)["tested"] as? Int == 6)
        let unknown = try SimProcess.run(["eval", root.path, "--train-groups", "nobody"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no group named 'nobody'; the groups are person0, person1"))
    }

    /// A third label never taught: its clips are played, and the JSON line says how often
    /// they lit a taught class.
    @Test(.enabled(if: SimProcess.isBuilt)) func evalMeasuresFalseAcceptsOfUntaughtLabels() throws {
        let root = try makeDataset()
        let folder = root.appendingPathComponent("hum/person0")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for take in 0 ..< 3 {
            try TestSession.write(TestSession.tone(300, at: [0.8], seconds: 1.6, seed: UInt64(9 + take)),
                                  to: folder.appendingPathComponent("take\(take).wav"))
        }
        let result = try SimProcess.run(["eval", root.path, "--shots", "1", "--seeds", "2", "--unknown-labels", "hum"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("never taught (hum): 6 clips played"))
        #expect(result.stdout.contains("k = 1 taught per label (none of hum)"))
        // Its row says how many of its clips were played, and that it was never taught.
        #expect(result.stdout.split(separator: "\n").contains {
            $0.hasPrefix("hum") && $0.contains("     6   untaught")
        })
        let json = try lastJSON(result.stdout)
        let falseAccept = try #require(json["false_accept"] as? Double)
        #expect((0...1).contains(falseAccept))
        let wrong = try SimProcess.run(["eval", root.path, "--unknown-labels", "bark"])
        #expect(wrong.status == 1 && wrong.stderr.contains("no label named 'bark'"))
    }

    /// Noise recordings mixed into the test clips: louder noise can only make the figures
    /// worse, and a folder without recordings is refused with a sentence.
    @Test(.enabled(if: SimProcess.isBuilt)) func evalMixesNoiseRecordingsIntoTheTestClips() throws {
        let root = try makeDataset()
        // A folder name that JSON must escape.
        let noiseFolder = try temporaryFolder().appendingPathComponent("noise \"q\"\\x")
        try FileManager.default.createDirectory(at: noiseFolder, withIntermediateDirectories: true)
        let hiss = TestSession.noise(count: 48_000, level: 8_000, seed: 77).map { Int16($0.rounded()) }
        try TestSession.write(hiss, to: noiseFolder.appendingPathComponent("hiss.wav"))
        var accuracy: [Double] = []
        for snr in ["30", "-10"] {
            let result = try SimProcess.run(["eval", root.path, "--shots", "1", "--seeds", "3", "--per-group",
                                             "--noise", noiseFolder.path, "--snr=\(snr)"])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try lastJSON(result.stdout)
            #expect(json["noise"] as? String == noiseFolder.lastPathComponent)
            accuracy.append(try #require(json["accuracy"] as? Double))
        }
        #expect(accuracy[1] < accuracy[0], "\(accuracy)")
        let empty = try temporaryFolder()
        let none = try SimProcess.run(["eval", root.path, "--noise", empty.path])
        #expect(none.status == 1 && none.stderr.contains("no noise recordings"))
        let file = noiseFolder.appendingPathComponent("hiss.wav").path
        let notFolder = try SimProcess.run(["eval", root.path, "--noise", file])
        #expect(notFolder.status == 1 && notFolder.stderr.contains("\(file): --noise takes a folder"), "\(notFolder.stderr)")
        let missing = try SimProcess.run(["eval", root.path + "-gone"])
        #expect(missing.status == 1 && missing.stderr.contains("\(root.path)-gone: no such folder"), "\(missing.stderr)")
    }

    /// Eleven labels: one more than the device's classes. Refused, unless one of them is
    /// only played (--unknown-labels), which needs no class.
    @Test(.enabled(if: SimProcess.isBuilt)) func evalTeachesAtMostTheDevicesClassesAndPlaysTheRest() throws {
        let root = try temporaryFolder()
        for k in 0 ..< 11 {
            let folder = root.appendingPathComponent(String(format: "tone%02d", k))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for take in 0 ..< 2 {
                try TestSession.write(TestSession.tone(400 + 300 * Double(k), at: [0.8], seconds: 1.6, seed: UInt64(take)),
                                      to: folder.appendingPathComponent("take\(take).wav"))
            }
        }
        let all = try SimProcess.run(["eval", root.path, "--shots", "1", "--seeds", "1"])
        #expect(all.status == 1 && all.stderr.contains("11 labels to teach; the device holds at most 10"), "\(all.stderr)")
        let ten = try SimProcess.run(["eval", root.path, "--shots", "1", "--seeds", "1", "--unknown-labels", "tone00"])
        #expect(ten.status == 0, "\(ten.stderr)")
        #expect(ten.stdout.contains("never taught (tone00): 2 clips played"), "\(ten.stdout)")
        #expect(try lastJSON(ten.stdout)["tested"] as? Int == 10)
    }

    /// Nothing to test, or options that cannot be meant, are refused with a sentence; one
    /// draw gives no standard error (null), not a made-up 0.
    @Test(.enabled(if: SimProcess.isBuilt)) func evalRefusesWhatCannotBeMeasured() throws {
        let root = try makeDataset()
        let allTaught = try SimProcess.run(["eval", root.path, "--shots", "3", "--per-group"])
        #expect(allTaught.status == 1 && allTaught.stderr.contains("nothing would be left to test"), "\(allTaught.stderr)")
        #expect(!allTaught.stdout.contains("accuracy"))
        let snrAlone = try SimProcess.run(["eval", root.path, "--snr", "5"])
        #expect(snrAlone.status != 0 && snrAlone.stderr.contains("--snr sets the level of --noise"))
        let oneDraw = try SimProcess.run(["eval", root.path, "--shots", "1", "--seeds", "1"])
        #expect(oneDraw.status == 0, "\(oneDraw.stderr)")
        #expect(oneDraw.stdout.contains("no standard error from one draw"))
        #expect(try lastJSON(oneDraw.stdout)["standard_error"] is NSNull)
    }

    /// Per group, a person with one label would always be right: left out, and said so,
    /// so the figure is the same as without them.
    @Test(.enabled(if: SimProcess.isBuilt)) func evalPerGroupLeavesOutGroupsItCannotMeasure() throws {
        let root = try makeDataset()
        let before = try SimProcess.run(["eval", root.path, "--shots", "1", "--seeds", "2", "--per-group"])
        let folder = root.appendingPathComponent("clap/person2")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for take in 0 ..< 3 {
            try TestSession.write(TestSession.claps(at: [0.8], seconds: 1.6), to: folder.appendingPathComponent("take\(take).wav"))
        }
        let after = try SimProcess.run(["eval", root.path, "--shots", "1", "--seeds", "2", "--per-group"])
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stderr.contains("group 'person2' left out: it has only one taught label"), "\(after.stderr)")
        #expect(try lastJSON(after.stdout)["accuracy"] as? Double == lastJSON(before.stdout)["accuracy"] as? Double)
    }

    /// A recording cut short is used as far as it goes, and said so; a stray file beside
    /// the label folders is named, not silently left out.
    @Test(.enabled(if: SimProcess.isBuilt)) func evalSaysWhatItReadOnlyInPartOrLeftOut() throws {
        let root = try makeDataset()
        let take = root.appendingPathComponent("clap/person0/take1.wav")
        let bytes = try Data(contentsOf: take)
        try bytes.prefix(bytes.count / 2).write(to: take)
        try bytes.write(to: root.appendingPathComponent("stray.wav"))
        let result = try SimProcess.run(["eval", root.path, "--shots", "1", "--seeds", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("take1.wav: warning: data chunk declares"), "\(result.stderr)")
        #expect(result.stderr.contains("1 .wav file outside the label folders, left out: stray.wav"), "\(result.stderr)")
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func evalOnAFolderWithoutRecordings() throws {
        let empty = try temporaryFolder()
        let result = try SimProcess.run(["eval", empty.path])
        #expect(result.exitedNormally && result.status == 1)
        #expect(result.stderr.contains("folder is empty"))
    }

    static let fsdd = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/fsdd/recordings")

    /// A small slice of FSDD (3 digits, 2 speakers, 8 takes) through the whole protocol;
    /// all of FSDD, timed, is `make bench-sim-eval`.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: fsdd.path), "../shared/data/fsdd is absent; skipped"))
    func evalOnAFewSpokenDigits() throws {
        let slice = try temporaryFolder()
        for digit in 0 ..< 3 { for speaker in ["jackson", "theo"] { for take in 0 ..< 8 {
            let name = "\(digit)_\(speaker)_\(take).wav"
            try FileManager.default.createSymbolicLink(at: slice.appendingPathComponent(name),
                                                       withDestinationURL: Self.fsdd.appendingPathComponent(name))
        } } }
        let result = try SimProcess.run(["eval", slice.path, "--shots", "3", "--seeds", "2", "--per-group"], timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try lastJSON(result.stdout)
        #expect(json["clips"] as? Int == 48)
        #expect((json["accuracy"] as? Double ?? 0) > 0.8)
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func inspectListsEventsAndWritesAPNG() throws {
        let folder = try temporaryFolder()
        let wav = folder.appendingPathComponent("claps.wav"), png = folder.appendingPathComponent("claps.png")
        try TestSession.write(TestSession.claps(at: [1.0, 2.0, 3.0], seconds: 4), to: wav)
        let result = try SimProcess.run(["inspect", wav.path, "--png", png.path, "--color", "always"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("3 sound events"))
        #expect(result.stdout.contains("\u{1B}[38;5;"))   // coloured
        #expect(result.stdout.contains("━"))              // events marked under the picture
        let image = try PNGCheck(Data(contentsOf: png))
        #expect(image.width == 199 * 3 && image.height == 168)
        #expect(image.pixelBytes == image.height * (image.width * 3 + 1))
    }

    /// Two sounds 60 ms apart (a low tone for 0.5 s, then a high one): one event, which the
    /// classifier also takes as its two parts, split in the gap.
    /// A steady noise from the first sample on is the room: no event, and the output says
    /// why rather than only "0"; the claps are still found in it when they come.
    @Test(.enabled(if: SimProcess.isBuilt)) func inspectSaysWhyItFoundNothing() throws {
        let folder = try temporaryFolder()
        let steady = folder.appendingPathComponent("steady.wav")
        try TestSession.write(TestSession.noise(count: 48_000, level: 3_000, seed: 5).map { Int16($0.rounded()) }, to: steady)
        let result = try SimProcess.run(["inspect", steady.path, "--color", "never"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("0 sound events found by the device's detector: nothing in it rises above"),
                "\(result.stdout)")
        #expect(result.stdout.contains("a sound already there at the start counts as the room"))
        let claps = folder.appendingPathComponent("claps.wav")
        try TestSession.write(TestSession.claps(at: [1.0], seconds: 2), to: claps)
        let found = try SimProcess.run(["inspect", claps.path, "--color", "never"])
        #expect(found.stdout.contains("1 sound event found by the device's detector\n"), "\(found.stdout)")
    }

    @Test(.enabled(if: SimProcess.isBuilt)) func inspectShowsWhereAnEventOfTwoSoundsIsSplit() throws {
        let wav = try temporaryFolder().appendingPathComponent("two.wav")
        let low = TestSession.tone(600, at: [0.8, 1.05], seconds: 2.5, seed: 1)
        let high = TestSession.tone(1_500, at: [1.36, 1.61], seconds: 2.5, seed: 2)
        try TestSession.write(zip(low, high).map { Int16(clamping: Int($0) + Int($1)) }, to: wav)
        let result = try SimProcess.run(["inspect", wav.path, "--color", "never"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1 sound event found"), "\(result.stdout)")
        // The gap is 1.30-1.36 s; the split lands on a frame start within it (20 ms frames).
        #expect(result.stdout.contains("split at 1.30 s") || result.stdout.contains("split at 1.32 s")
                || result.stdout.contains("split at 1.34 s"), "\(result.stdout)")
    }

    /// Each event says whether it is tonal and where (the octaves whose harmonics hold the
    /// power) or noise-like: a 1.5 kHz whistle against a burst of hiss.
    @Test(.enabled(if: SimProcess.isBuilt)) func inspectSaysWhereASoundIsTonal() throws {
        let folder = try temporaryFolder()
        let whistle = folder.appendingPathComponent("whistle.wav"), hiss = folder.appendingPathComponent("hiss.wav")
        try TestSession.write(TestSession.tone(1_500, at: [0.8], seconds: 2, seed: 4), to: whistle)
        var noise = TestSession.noise(count: 32_000, level: 20, seed: 5)
        let burst = TestSession.noise(count: 4_000, level: 4_000, seed: 6)
        for j in burst.indices { noise[12_800 + j] += burst[j] }
        try TestSession.write(noise.map { Int16(max(-32_768, min(32_767, $0.rounded()))) }, to: hiss)
        let tonal = try SimProcess.run(["inspect", whistle.path, "--color", "never"])
        #expect(tonal.status == 0 && tonal.stdout.contains("1 sound event found"), "\(tonal.stdout)\(tonal.stderr)")
        #expect(tonal.stdout.contains("tonal at 1–2 kHz"), "\(tonal.stdout)")
        let flat = try SimProcess.run(["inspect", hiss.path, "--color", "never"])
        #expect(flat.status == 0 && flat.stdout.contains("1 sound event found"), "\(flat.stdout)\(flat.stderr)")
        #expect(flat.stdout.contains("noise-like"), "\(flat.stdout)")
    }

    /// Each event says at what pace its loudness moves most: a train of clicks 6 or 12 times
    /// a second (one event of 1.5 s each, the clicks closer than the detector's hangover).
    @Test(.enabled(if: SimProcess.isBuilt)) func inspectSaysAtWhatPaceALoudnessMoves() throws {
        let folder = try temporaryFolder()
        for (rate, octave) in [(6.0, "4–8 Hz"), (12.0, "8–16 Hz")] {
            var samples = TestSession.noise(count: 48_000, level: 20, seed: 7)
            let click = TestSession.noise(count: 160, level: 6_000, seed: 8)
            for time in stride(from: 0.5, to: 2.6, by: 1 / rate) {
                let at = Int(time * 16_000)
                for j in click.indices { samples[at + j] += click[j] * exp(-Double(j) / 40) }
            }
            let wav = folder.appendingPathComponent("clicks-\(Int(rate)).wav")
            try TestSession.write(samples.map { Int16(max(-32_768, min(32_767, $0.rounded()))) }, to: wav)
            let result = try SimProcess.run(["inspect", wav.path, "--color", "never"])
            #expect(result.status == 0, "\(result.stderr)")
            let first = result.stdout.split(separator: "\n").first { $0.contains(" 1 ") && $0.contains("frames") } ?? ""
            #expect(first.contains("75 frames") && first.contains("its loudness moves most at \(octave)"), "\(rate) clicks a second: \(result.stdout)")
        }
    }

    /// A short file whose sound begins while the detector is still learning the room and
    /// is still going on where the file ends (a tone at 0.15-0.40 s of 0.45 s, whose event
    /// lasts 160 ms past its end): the sound is found, as a device that keeps listening
    /// would hear it.
    @Test(.enabled(if: SimProcess.isBuilt)) func inspectFindsASoundAtTheStartOfAShortFile() throws {
        let wav = try temporaryFolder().appendingPathComponent("tone.wav")
        try TestSession.write(TestSession.tone(880, at: [0.15], seconds: 0.45, seed: 3), to: wav)
        let result = try SimProcess.run(["inspect", wav.path, "--color", "never"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1 sound event found"), "\(result.stdout)")
        // It ends after the tone does (0.40 s), past the end of the file.
        #expect(result.stdout.contains("–    0.4") || result.stdout.contains("–    0.5"), "\(result.stdout)")
    }
}

/// Reads back a PNG as a decoder would: signature, chunk CRCs, header, and the stored
/// deflate blocks of the zlib stream with its Adler-32.
struct PNGCheck {
    var width = 0, height = 0, pixelBytes = 0

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        try #require(bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var i = 8
        var idat: [UInt8] = []
        func be32(_ at: Int) -> Int { Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]) }
        while i + 12 <= bytes.count {
            let length = be32(i)
            let type = String(decoding: bytes[i + 4 ..< i + 8], as: UTF8.self)
            let body = Array(bytes[i + 8 ..< i + 8 + length])
            #expect(UInt32(be32(i + 8 + length)) == Self.crc32(Array(bytes[i + 4 ..< i + 8 + length])), "CRC of \(type)")
            if type == "IHDR" { width = be32(i + 8); height = be32(i + 12); #expect(body[8] == 8 && body[9] == 2) }
            if type == "IDAT" { idat += body }
            i += 12 + length
        }
        // zlib header, then stored blocks: flag byte, LEN, NLEN, bytes.
        #expect(idat[0] == 0x78 && (Int(idat[0]) << 8 | Int(idat[1])) % 31 == 0)
        var j = 2, raw: [UInt8] = []
        while true {
            let final = idat[j] & 1
            let len = Int(idat[j + 1]) | Int(idat[j + 2]) << 8
            #expect(len ^ (Int(idat[j + 3]) | Int(idat[j + 4]) << 8) == 0xFFFF)
            raw += idat[j + 5 ..< j + 5 + len]
            j += 5 + len
            if final == 1 { break }
        }
        var a = 1, b = 0
        for v in raw { a = (a + Int(v)) % 65_521; b = (b + a) % 65_521 }
        #expect(be32ArrayValue(Array(idat[j ..< j + 4])) == b << 16 | a)
        pixelBytes = raw.count
    }

    private func be32ArrayValue(_ b: [UInt8]) -> Int { Int(b[0]) << 24 | Int(b[1]) << 16 | Int(b[2]) << 8 | Int(b[3]) }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            c ^= UInt32(byte)
            for _ in 0 ..< 8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return ~c
    }
}
