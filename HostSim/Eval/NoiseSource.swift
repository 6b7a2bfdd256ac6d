import Foundation
import KinuHostKit

/// Noise the benchmarks mix into test clips: synthetic (white, pink) or recordings (rain,
/// sea waves, a helicopter...), as unit-RMS stretches of any length.
public enum NoiseSource: Sendable {
    case synthetic(NoiseKind)
    case recorded(RecordedNoise)

    public var name: String {
        switch self {
        case .synthetic(let kind): return kind.rawValue
        case .recorded(let noise): return noise.name
        }
    }

    /// `count` samples with unit RMS; the same `seed` gives the same samples.
    public func samples(count: Int, seed: UInt64) -> [Double] {
        switch self {
        case .synthetic(let kind): return kind.samples(count: count, seed: seed)
        case .recorded(let noise): return noise.samples(count: count, seed: seed)
        }
    }
}

/// The noise recordings of a folder (its .wav files, sub-folders included). A stretch is
/// taken from a seeded clip at a seeded place, looped if the clip is shorter; digital
/// silence (a zero-padded end) is cut off first, so every stretch is the noise itself.
public struct RecordedNoise: Sendable {
    public let name: String
    let clips: [[Double]]

    public enum LoadError: Error, CustomStringConvertible {
        case noRecordings(path: String)
        case notAFolder(path: String, exists: Bool)
        public var description: String {
            switch self {
            case .noRecordings(let path): return "\(path): no noise recordings (.wav files with sound in them) found"
            case .notAFolder(let path, true): return "\(path): --noise takes a folder of noise recordings, not a file"
            case .notAFolder(let path, false): return "\(path): no such folder"
            }
        }
    }

    /// `warn` gets one line per damage found in a recording (used anyway, as far as it goes).
    public init(directory: URL, warn: (String) -> Void = { _ in }) throws {
        name = directory.lastPathComponent
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder)
        guard exists && isFolder.boolValue else { throw LoadError.notAFolder(path: directory.path, exists: exists) }
        var found: [[Double]] = []
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension.lowercased() == "wav" }
            .sorted { $0.path < $1.path } ?? []
        for file in files {
            let wav = try WAVReader.read(file)
            for warning in wav.warnings { warn(InputWarnings.text(warning, file: file.path)) }
            let samples = wav.int16Mono16k()
            // Without the digital silence at either end: 20 ms of exact zeros or more.
            guard let first = samples.firstIndex(where: { $0 != 0 }),
                  let last = samples.lastIndex(where: { $0 != 0 }), last - first >= 16_000 / 2 else { continue }
            found.append(samples[first...last].map { Double($0) / 32768 })
        }
        if found.isEmpty { throw LoadError.noRecordings(path: directory.path) }
        clips = found
    }

    public func samples(count: Int, seed: UInt64) -> [Double] {
        var random = SeededRandom(seed: seed)
        let clip = clips[Int(random.next() % UInt64(clips.count))]
        let start = Int(random.next() % UInt64(clip.count))
        var out = [Double](repeating: 0, count: count)
        for i in 0..<count { out[i] = clip[(start + i) % clip.count] }
        let rms = (out.reduce(0) { $0 + $1 * $1 } / Double(max(1, count))).squareRoot()
        return out.map { $0 / max(rms, 1e-12) }
    }
}

/// The power of a sound where it sounds: the mean power of its 20 ms frames within 30 dB
/// of the loudest, so a clip's silent or zero-padded parts do not lower it. Signal-to-noise
/// ratios are taken against it.
public func activePower(_ samples: [Double]) -> Double {
    let hop = 320
    var powers: [Double] = []
    var start = 0
    while start < samples.count {
        let frame = samples[start ..< min(samples.count, start + hop)]
        powers.append(frame.reduce(0) { $0 + $1 * $1 } / Double(frame.count))
        start += hop
    }
    guard let loudest = powers.max(), loudest > 0 else { return 0 }
    let active = powers.filter { $0 >= loudest / 1000 }
    return active.reduce(0, +) / Double(active.count)
}
