/// Builds deterministic test recordings: faint background noise everywhere (a real room
/// is never digitally silent) with claps and whistles placed at given times.
struct TestAudio {
    static let rate = 16_000
    private(set) var samples: [Int16] = []
    private var seed: UInt32 = 0x1234_5678

    /// Appends `milliseconds` of background only.
    mutating func quiet(_ milliseconds: Int) {
        for _ in 0 ..< milliseconds * 16 { samples.append(noise(amplitude: 60)) }
    }

    /// A clap: 80 ms of loud noise with a fast decay.
    mutating func clap() {
        let count = 80 * 16
        for i in 0 ..< count {
            let envelope = Double(count - i) / Double(count)
            samples.append(clip(Double(noise(amplitude: 16_000)) * envelope * envelope + Double(noise(amplitude: 60))))
        }
    }

    /// A whistle: a tone (2 kHz unless told) with soft edges.
    mutating func whistle(milliseconds: Int = 400, frequency: Double = 2_000) {
        let count = milliseconds * 16
        for i in 0 ..< count {
            let edge = min(1, Double(min(i, count - i)) / 320)
            let tone = 9_000 * edge * sin(2 * Double.pi * frequency * Double(i) / Double(Self.rate))
            samples.append(clip(tone + Double(noise(amplitude: 60))))
        }
    }

    /// Audio that ends at exactly `milliseconds` (pads with background).
    mutating func quiet(until milliseconds: Int) {
        precondition(samples.count <= milliseconds * 16, "test audio already longer than \(milliseconds) ms")
        quiet(milliseconds - samples.count / 16)
    }

    /// Adds `offset(sample index)` to every sample, saturating as a decimator does (a
    /// microphone's DC offset).
    mutating func addOffset(_ offset: (Int) -> Double) {
        samples = samples.enumerated().map { i, x in clip(Double(x) + offset(i)) }
    }

    /// Current length in milliseconds.
    var milliseconds: Int { samples.count / 16 }

    private mutating func noise(amplitude: Int) -> Int16 {
        seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5
        return Int16(Int(seed % UInt32(2 * amplitude + 1)) - amplitude)
    }

    private func clip(_ x: Double) -> Int16 { Int16(max(-32768, min(32767, x.rounded()))) }
}

import Foundation
