// Sample decoding and mono mixdown. One tight loop per encoding: the per-sample switch
// would otherwise dominate reading the 2000-file FSDD set.

enum SampleDecoder {
    /// Decodes `frames` frames starting at byte `start` and averages the channels.
    /// Float samples outside [-1, 1] are clipped and NaN becomes 0; `clipped` counts them.
    static func mono(_ bytes: ByteReader, start: Int, frames: Int, format: WAVFormat, clipped: inout Int) -> [Float] {
        let channels = format.channels
        let width = format.bitsPerSample / 8
        let raw = bytes.raw
        let decodeOne: (Int) -> Float
        switch (format.encoding, format.bitsPerSample) {
        case (.pcmInteger, 8):
            // 8-bit WAV is unsigned with 128 as silence.
            decodeOne = { i in (Float(raw[i]) - 128) * (1 / 128) }
        case (.pcmInteger, 16):
            decodeOne = { i in Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: Int16.self))) * (1 / 32768) }
        case (.pcmInteger, 24):
            decodeOne = { i in
                // Place the 3 bytes in the top of an Int32 so the arithmetic shift sign-extends.
                let v = Int32(bitPattern: UInt32(raw[i]) << 8 | UInt32(raw[i + 1]) << 16 | UInt32(raw[i + 2]) << 24) >> 8
                return Float(v) * (1 / 8_388_608)
            }
        case (.pcmInteger, _):
            decodeOne = { i in Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: Int32.self))) * (1 / 2_147_483_648) }
        case (.ieeeFloat, 32):
            decodeOne = { i in Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self))) }
        case (.ieeeFloat, _):
            decodeOne = { i in Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))) }
        }

        var out = [Float](repeating: 0, count: frames)
        let isFloat = format.encoding == .ieeeFloat
        var clips = 0
        out.withUnsafeMutableBufferPointer { dst in
            if channels == 1 {
                for f in 0..<frames { dst[f] = decodeOne(start + f * width) }
            } else {
                let frameBytes = channels * width
                let scale = 1 / Float(channels)
                for f in 0..<frames {
                    var sum: Float = 0
                    var p = start + f * frameBytes
                    for _ in 0..<channels {
                        var x = decodeOne(p)
                        // Clip each float channel before mixing so one NaN channel cannot poison the mix.
                        if isFloat, !(x >= -1 && x <= 1) { x = x.isNaN ? 0 : min(max(x, -1), 1); clips += 1 }
                        sum += x
                        p += width
                    }
                    dst[f] = sum * scale
                }
            }
            if isFloat && channels == 1 {
                for f in 0..<frames where !(dst[f] >= -1 && dst[f] <= 1) {
                    dst[f] = dst[f].isNaN ? 0 : min(max(dst[f], -1), 1)
                    clips += 1
                }
            }
        }
        clipped = clips
        return out
    }
}
