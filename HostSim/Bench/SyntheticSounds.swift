import Foundation
import KinuEval

/// A synthetic set of non-speech sounds for the "sounds other than words" benchmark:
/// 8 kinds (clap, knock, whistle, snap, double clap, shh, chirp, buzz), 4 "people" who
/// each make them their own way (base pitch, decay, length), 50 takes each with the
/// take-to-take variation of a person repeating a sound. Synthetic, so it says how the
/// method treats such sounds, not how it does on real recordings.
enum SyntheticSounds {
    static let kinds = ["clap", "knock", "whistle", "snap", "doubleclap", "shh", "chirp", "buzz"]
    static let people = ["ann", "ben", "cas", "dee"]
    static let takes = 50
    static let rate = 16_000.0

    /// One take, in full-scale units.
    static func take(kind: Int, person: Int, take: Int) -> [Double] {
        var personal = SeededRandom(seed: UInt64(1_000 + kind * 10 + person))
        var random = SeededRandom(seed: UInt64(kind * 100_000 + person * 1_000 + take))
        func personalValue(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &personal) }
        func vary(_ base: Double, _ spread: Double) -> Double { base * (1 + Double.random(in: -spread...spread, using: &random)) }
        let level = vary(0.25, 0.4)

        switch kinds[kind] {
        case "clap":
            return band(noise(Int(0.12 * rate), &random), low: vary(personalValue(800...1500), 0.1), high: vary(personalValue(3000...5000), 0.1))
                .decaying(vary(personalValue(0.010...0.025), 0.2)).scaled(level)
        case "knock":
            let f = vary(personalValue(150...350), 0.05)
            return tone(f, 0.25).mixed(with: tone(f * 2.7, 0.25).scaled(0.4))
                .mixed(with: band(noise(Int(0.25 * rate), &random), low: 100, high: 2000).scaled(0.2))
                .decaying(vary(personalValue(0.03...0.06), 0.2)).scaled(level)
        case "whistle":
            let f = vary(personalValue(1400...2800), 0.04)
            return glide(from: f, to: f * vary(personalValue(0.9...1.15), 0.03), seconds: vary(personalValue(0.3...0.6), 0.15))
                .enveloped(0.02).scaled(level)
        case "snap":
            return band(noise(Int(0.06 * rate), &random), low: vary(personalValue(2500...4000), 0.1), high: 7500)
                .decaying(vary(personalValue(0.004...0.008), 0.2)).scaled(level * 1.5)
        case "doubleclap":
            let one = band(noise(Int(0.1 * rate), &random), low: 1000, high: 4000).decaying(vary(0.015, 0.2))
            let gap = [Double](repeating: 0, count: Int(vary(personalValue(0.12...0.2), 0.15) * rate))
            let two = band(noise(Int(0.1 * rate), &random), low: 1000, high: 4000).decaying(vary(0.015, 0.2))
            return (one + gap + two).scaled(level)
        case "shh":
            return band(noise(Int(vary(personalValue(0.4...0.8), 0.15) * rate), &random), low: vary(personalValue(1800...2600), 0.1), high: 7000)
                .enveloped(0.08).scaled(level * 0.7)
        case "chirp":
            let f = vary(personalValue(350...600), 0.05)
            return glide(from: f, to: f * vary(personalValue(3...5), 0.05), seconds: vary(personalValue(0.3...0.5), 0.1))
                .enveloped(0.015).scaled(level)
        default: // buzz
            let f = vary(personalValue(100...200), 0.05)
            let seconds = vary(personalValue(0.3...0.6), 0.15)
            let harmonics = (1...12).map { h in tone(f * Double(h), seconds).scaled(1 / Double(h)) }
            let summed = harmonics.dropFirst().reduce(harmonics[0]) { $0.mixed(with: $1) }
            let tremolo = vary(personalValue(6...12), 0.1)
            return summed.enumerated().map { $1 * (0.75 + 0.25 * sin(2 * .pi * tremolo * Double($0) / rate)) }
                .enveloped(0.02).scaled(level * 0.5)
        }
    }

    static func noise(_ count: Int, _ random: inout SeededRandom) -> [Double] { (0..<count).map { _ in random.gaussian() } }

    static func tone(_ f: Double, _ seconds: Double) -> [Double] {
        (0..<Int(seconds * rate)).map { sin(2 * .pi * f * Double($0) / rate) }
    }

    static func glide(from f0: Double, to f1: Double, seconds: Double) -> [Double] {
        let count = Int(seconds * rate)
        var phase = 0.0
        return (0..<count).map { n in
            phase += 2 * .pi * (f0 + (f1 - f0) * Double(n) / Double(count)) / rate
            return sin(phase)
        }
    }

    /// Band-pass by a low-pass minus a lower low-pass (two one-pole pairs): enough to give
    /// each kind its colour.
    static func band(_ x: [Double], low: Double, high: Double) -> [Double] {
        func lowPass(_ x: [Double], _ cutoff: Double) -> [Double] {
            let a = exp(-2 * .pi * cutoff / rate)
            var y1 = 0.0, y2 = 0.0
            return x.map { v in y1 = (1 - a) * v + a * y1; y2 = (1 - a) * y1 + a * y2; return y2 }
        }
        let wide = lowPass(x, high), narrow = lowPass(x, low)
        return zip(wide, narrow).map { $0 - $1 }
    }
}

extension Array where Element == Double {
    func scaled(_ gain: Double) -> [Double] {
        let peak = self.map(abs).max() ?? 1
        return map { $0 * gain / Swift.max(peak, 1e-9) }
    }

    func decaying(_ seconds: Double) -> [Double] {
        enumerated().map { $1 * exp(-Double($0) / 16_000 / seconds) }
    }

    /// Raised-cosine fade in and out.
    func enveloped(_ seconds: Double) -> [Double] {
        let ramp = Swift.max(1, Int(seconds * 16_000))
        return enumerated().map { n, v in
            let edge = Swift.min(n, count - 1 - n)
            return edge < ramp ? v * 0.5 * (1 - cos(.pi * Double(edge) / Double(ramp))) : v
        }
    }

    /// Sample-by-sample sum (the longer one sets the length).
    func mixed(with other: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: Swift.max(count, other.count))
        for i in indices { out[i] += self[i] }
        for i in other.indices { out[i] += other[i] }
        return out
    }
}
