import Foundation
import KinuCore
import KinuHostKit

/// Where the shared test data lives: ../shared beside the repository root. A fresh clone
/// has no ../shared; tests that need it are then skipped (with this reason), not failed.
enum TestData {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let fsdd = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/fsdd/recordings")
    static var hasFSDD: Bool { FileManager.default.fileExists(atPath: fsdd.appendingPathComponent("0_jackson_0.wav").path) }

    static func fsddClip(_ name: String) throws -> [Int16] {
        try WAVReader.readInt16Mono16k(fsdd.appendingPathComponent(name))
    }

    static let esc10 = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/esc10-dev")
    static var hasESC10: Bool { FileManager.default.fileExists(atPath: esc10.appendingPathComponent("dog-bark/1-100032-A.wav").path) }

    /// The clips of one esc10-dev class, in name order.
    static func esc10Clips(_ label: String) throws -> [(name: String, samples: [Int16])] {
        let folder = esc10.appendingPathComponent(label)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".wav") }.sorted()
        return try names.map { ($0, try WAVReader.readInt16Mono16k(folder.appendingPathComponent($0))) }
    }

    static var hasEspeak: Bool { tool("espeak-ng") != nil }

    static func tool(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Speech from espeak-ng (voice, speed, pitch), as 16 kHz Int16.
    static func spoken(_ text: String, voice: String = "en", speed: Int = 150, pitch: Int = 50) throws -> [Int16] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kinu-\(UUID().uuidString).wav")
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool("espeak-ng")!)
        process.arguments = ["-v", voice, "-s", "\(speed)", "-p", "\(pitch)", "-w", file.path, text]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        return try WAVReader.readInt16Mono16k(file)
    }
}

/// A deterministic quiet room: white noise at `dbfs`.
func roomNoise(_ count: Int, dbfs: Double = -70, seed: UInt64 = 1) -> [Int16] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    let rms = pow(10, dbfs / 20) * 32768
    return (0..<count).map { _ in
        var sum = 0.0
        for _ in 0..<6 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            sum += Double(state >> 11) / Double(1 << 52) - 1
        }
        return Int16((sum / 2.0.squareRoot() * rms).rounded())
    }
}

/// An FSDD clip as the device would encode it: placed in a quiet room (0.6 s before it,
/// 0.5 s after), the template of the first event the detector finds.
func firstEventTemplate(_ name: String, seed: UInt64, learner: inout SoundLearner) throws -> [Int8]? {
    try firstEventEncoded(name, seed: seed, learner: &learner)?.template
}

/// The same, with the event's parts when it would be classified as two sounds (`EventParts`).
func firstEventEncoded(_ name: String, seed: UInt64, learner: inout SoundLearner) throws -> (template: [Int8], parts: [[Int8]])? {
    let clip = try TestData.fsddClip(name)
    let stream = place(clip, in: roomNoise(9_600 + clip.count + 8_000, seed: seed), at: 9_600)
    var listener = SoundListener()
    var encoded: (template: [Int8], parts: [[Int8]])? = nil
    stream.withUnsafeBufferPointer { samples in
        listener.listen(samples) { event in if encoded == nil { let e = learner.encodeWithParts(event); encoded = (e.whole, e.parts) } }
    }
    return encoded
}

/// Mixes `sound` into `background` starting at `offset` (with clipping).
func place(_ sound: [Int16], in background: [Int16], at offset: Int) -> [Int16] {
    var out = background
    for (i, v) in sound.enumerated() where offset + i < out.count {
        out[offset + i] = Int16(clamping: Int(out[offset + i]) + Int(v))
    }
    return out
}
