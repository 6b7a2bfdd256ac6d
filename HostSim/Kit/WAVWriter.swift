// Minimal WAV writer: 16-bit PCM mono, the format Kinu's tools exchange.

import Foundation

public enum WAVWriter {
    /// Bytes of a canonical 44-byte-header 16-bit PCM mono WAV file.
    public static func pcm16Mono(_ samples: [Int16], sampleRate: Int) -> Data {
        let dataBytes = samples.count * 2
        var d = Data(capacity: 44 + dataBytes)
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        d.append(contentsOf: Array("RIFF".utf8)); u32(UInt32(36 + dataBytes))
        d.append(contentsOf: Array("WAVE".utf8))
        d.append(contentsOf: Array("fmt ".utf8)); u32(16)
        u16(1); u16(1)                                  // PCM, mono
        u32(UInt32(sampleRate)); u32(UInt32(sampleRate * 2))
        u16(2); u16(16)                                 // block align, bits
        d.append(contentsOf: Array("data".utf8)); u32(UInt32(dataBytes))
        samples.withUnsafeBufferPointer { buf in
            for s in buf { withUnsafeBytes(of: s.littleEndian) { d.append(contentsOf: $0) } }
        }
        return d
    }

    /// Float samples in [-1, 1] quantised like `WAVFile.quantize`.
    public static func pcm16Mono(quantizing samples: [Float], sampleRate: Int) -> Data {
        pcm16Mono(WAVFile.quantize(samples), sampleRate: sampleRate)
    }

    /// Writes a 16-bit PCM mono WAV file (atomically).
    public static func write(_ samples: [Int16], sampleRate: Int, to url: URL) throws {
        try pcm16Mono(samples, sampleRate: sampleRate).write(to: url, options: .atomic)
    }
}
