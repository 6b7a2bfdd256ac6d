// The real Free Spoken Digit Dataset, when it is present on this machine. It lives outside
// the repository (../shared/data/fsdd/recordings from the package root), so on machines
// without it the tests are skipped rather than failed.

import Foundation
import Testing
import KinuHostKit

enum FSDD {
    /// Package root = two levels above this file (Tests/KinuHostKitTests/FSDDTests.swift).
    static let recordings = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data/fsdd/recordings").standardizedFileURL

    static var isPresent: Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: recordings.path, isDirectory: &isDir) && isDir.boolValue
    }
}

#if DEBUG
let isReleaseBuild = false
#else
let isReleaseBuild = true
#endif

@Suite struct FSDDTests {
    // Skipped when the data set is not on this machine: it is not part of the repository.
    @Test(.enabled(if: FSDD.isPresent, "FSDD recordings not found at ../shared/data/fsdd/recordings"))
    func readsEveryRecording() throws {
        let ds = try Dataset(directory: FSDD.recordings)
        #expect(ds.count == 2000)
        #expect(ds.labels() == (0...9).map(String.init))
        #expect(ds.groups().count == 4)
        #expect(ds.skipped.isEmpty)
        var failures: [String] = []
        var total = 0
        for clip in ds.clips {
            do {
                let wav = try WAVReader.read(clip.url)
                if wav.sampleRate != 8000 || !wav.warnings.isEmpty { failures.append("\(clip): \(wav.format) \(wav.warnings)") }
                total += wav.samples.count
            } catch {
                failures.append(error.description)
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        #expect(total > 0)
    }

    // Timing only means something with optimisation: run with `swift test -c release`.
    @Test(.enabled(if: FSDD.isPresent && isReleaseBuild, "needs FSDD and a release build"))
    func readAndResampleAllUnderFiveSeconds() throws {
        let ds = try Dataset(directory: FSDD.recordings)
        let start = Date()
        var samples = 0
        for clip in ds.clips { samples += try WAVReader.readInt16Mono16k(clip.url).count }
        let seconds = Date().timeIntervalSince(start)
        print("FSDD: read + resample \(ds.count) files to \(samples) samples at 16 kHz in \(String(format: "%.2f", seconds)) s")
        #expect(seconds < 5)
    }
}
