// Test-only WAV byte builder: writes the formats the library writer does not (8/24/32-bit,
// float, stereo, extensible) and lets tests hand-craft broken headers.

import Foundation

struct TestWAV {
    var bytes: [UInt8] = []

    mutating func ascii(_ s: String) { bytes += Array(s.utf8) }
    mutating func u16(_ v: UInt16) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    mutating func u32(_ v: UInt32) { for k in 0..<4 { bytes.append(UInt8((v >> (8 * UInt32(k))) & 0xFF)) } }
    mutating func chunk(_ id: String, _ body: [UInt8], declaredSize: UInt32? = nil) {
        ascii(id)
        u32(declaredSize ?? UInt32(body.count))
        bytes += body
        if body.count % 2 == 1 { bytes.append(0) }   // RIFF pad byte
    }

    static func fmtBody(code: UInt16, channels: UInt16, rate: UInt32, bits: UInt16) -> [UInt8] {
        var w = TestWAV()
        // Wrapping: hostile headers (65 535 channels, 4 GHz) overflow these derived fields.
        let align = UInt16(truncatingIfNeeded: Int(channels) * Int(bits) / 8)
        w.u16(code); w.u16(channels); w.u32(rate); w.u32(rate &* UInt32(align)); w.u16(align); w.u16(bits)
        return w.bytes
    }

    static func extensibleFmtBody(subFormat: UInt16, channels: UInt16, rate: UInt32, bits: UInt16, validBits: UInt16? = nil) -> [UInt8] {
        var w = TestWAV()
        w.bytes = fmtBody(code: 0xFFFE, channels: channels, rate: rate, bits: bits)
        w.u16(22); w.u16(validBits ?? bits); w.u32(channels == 1 ? 0x4 : 0x3)
        w.u16(subFormat)
        w.bytes += [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
        return w.bytes
    }

    /// RIFF/WAVE around the given chunks (each already id+size+body).
    static func riff(_ chunks: [UInt8], form: String = "WAVE", magic: String = "RIFF") -> Data {
        var w = TestWAV()
        w.ascii(magic); w.u32(UInt32(4 + chunks.count)); w.ascii(form)
        w.bytes += chunks
        return Data(w.bytes)
    }

    static func file(fmt: [UInt8], data: [UInt8], extra: [(String, [UInt8])] = []) -> Data {
        var w = TestWAV()
        for (id, body) in extra { w.chunk(id, body) }
        w.chunk("fmt ", fmt)
        w.chunk("data", data)
        return riff(w.bytes)
    }

    // Encoders for one sample value in [-1, 1].
    static func pcm8(_ x: Double) -> [UInt8] { [UInt8(clamping: Int((x * 128).rounded()) + 128)] }
    static func pcm16(_ x: Double) -> [UInt8] {
        let v = UInt16(bitPattern: Int16(clamping: Int((x * 32768).rounded())))
        return [UInt8(v & 0xFF), UInt8(v >> 8)]
    }
    static func pcm24(_ x: Double) -> [UInt8] {
        let v = UInt32(bitPattern: Int32(clamping: min(Int((x * 8_388_608).rounded()), 8_388_607)))
        return [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF)]
    }
    static func pcm32(_ x: Double) -> [UInt8] {
        let v = UInt32(bitPattern: Int32(clamping: Int((x * 2_147_483_648).rounded())))
        return (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) }
    }
    static func float32(_ x: Double) -> [UInt8] {
        let v = Float(x).bitPattern
        return (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) }
    }
    static func float64(_ x: Double) -> [UInt8] {
        let v = x.bitPattern
        return (0..<8).map { UInt8((v >> (8 * UInt64($0))) & 0xFF) }
    }
}

/// A scratch directory removed when the value is deinitialised.
final class TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kinu-hostkit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ data: Data, _ relativePath: String) throws -> URL {
        let u = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: u)
        return u
    }
}

/// Deterministic pseudo-random numbers (SplitMix64) so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Sine of amplitude `amp` at `hz` sampled at `rate`.
func sine(hz: Double, rate: Int, count: Int, amp: Double = 0.5) -> [Float] {
    (0..<count).map { Float(amp * sin(2 * Double.pi * hz * Double($0) / Double(rate))) }
}

/// Amplitude of the `hz` component of x (least-squares fit of sin+cos over the given range,
/// which should span many cycles).
func toneAmplitude(_ x: [Float], hz: Double, rate: Int, range: Range<Int>) -> Double {
    var ss = 0.0, cc = 0.0, sc = 0.0, xs = 0.0, xc = 0.0
    for n in range {
        let ph = 2 * Double.pi * hz * Double(n) / Double(rate)
        let s = sin(ph), c = cos(ph), v = Double(x[n])
        ss += s * s; cc += c * c; sc += s * c; xs += v * s; xc += v * c
    }
    let det = ss * cc - sc * sc
    let a = (xs * cc - xc * sc) / det
    let b = (xc * ss - xs * sc) / det
    return (a * a + b * b).squareRoot()
}

func db(_ ratio: Double) -> Double { 20 * log10(ratio) }
