/// Interleaved device samples to mono Int16: the formats a capture device may insist on,
/// mixed down by averaging the channels (a stereo microphone heard as one).
public enum DeviceSampleFormat: String, CaseIterable, Sendable {
    case s16 = "S16_LE", s32 = "S32_LE", s24 = "S24_LE", s24Packed = "S24_3LE", float32 = "FLOAT_LE", u8 = "U8"

    public var bytesPerSample: Int {
        switch self {
        case .s16: return 2
        case .s32, .s24, .float32: return 4
        case .s24Packed: return 3
        case .u8: return 1
        }
    }

    /// One sample at `offset` as a value in Int16 units (not yet rounded or clamped).
    @inline(__always)
    func value(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Float {
        switch self {
        case .s16: return Float(bytes.loadUnaligned(fromByteOffset: offset, as: Int16.self))
        case .s32: return Float(bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)) / 65_536
        case .s24:
            // 24 significant bits in the low bytes of a 32-bit word, sign-extended here.
            let raw = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self) << 8
            return Float(raw >> 8) / 256
        case .s24Packed:
            let v = Int32(bytes[offset]) | Int32(bytes[offset + 1]) << 8 | Int32(Int8(bitPattern: bytes[offset + 2])) << 16
            return Float(v) / 256
        case .float32: return bytes.loadUnaligned(fromByteOffset: offset, as: Float.self) * 32_768
        case .u8: return (Float(bytes[offset]) - 128) * 256
        }
    }

    /// Converts `frames` interleaved frames of `channels` channels to mono, in Int16 units.
    public func mono(_ bytes: UnsafeRawBufferPointer, frames: Int, channels: Int) -> [Float] {
        let step = bytesPerSample
        var out = [Float](repeating: 0, count: frames)
        let scale = 1 / Float(channels)
        for f in 0 ..< frames {
            var sum: Float = 0
            for c in 0 ..< channels { sum += value(bytes, at: (f * channels + c) * step) }
            out[f] = sum * scale
        }
        return out
    }
}

extension Array where Element == Float {
    /// Rounded and clamped to Int16 (a resampler's overshoot on a clipped input must not wrap).
    public func clampedToInt16() -> [Int16] {
        map { Int16(Swift.max(-32_768, Swift.min(32_767, $0.rounded()))) }
    }
}
