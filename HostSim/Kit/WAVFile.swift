// A decoded WAV file: mono samples in [-1, 1] at the file's own rate, plus what the
// header said, so tools can report the original format after the mixdown.

/// How the samples were stored in the file.
public struct WAVFormat: Equatable, Sendable, CustomStringConvertible {
    /// Sample encoding after resolving WAVE_FORMAT_EXTENSIBLE to its sub-format.
    public enum Encoding: Equatable, Sendable {
        case pcmInteger   // format code 1: unsigned 8-bit, signed 16/24/32-bit
        case ieeeFloat    // format code 3: 32- or 64-bit float
    }

    public var encoding: Encoding
    /// Bits per sample of the container (e.g. 24 for packed 24-bit, 32 for float).
    public var bitsPerSample: Int
    public var channels: Int
    public var sampleRate: Int
    /// True when the header used WAVE_FORMAT_EXTENSIBLE (0xFFFE).
    public var isExtensible: Bool

    public init(encoding: Encoding, bitsPerSample: Int, channels: Int, sampleRate: Int, isExtensible: Bool) {
        self.encoding = encoding
        self.bitsPerSample = bitsPerSample
        self.channels = channels
        self.sampleRate = sampleRate
        self.isExtensible = isExtensible
    }

    public var bytesPerFrame: Int { channels * (bitsPerSample / 8) }

    public var description: String {
        let kind = encoding == .ieeeFloat ? "float" : "PCM"
        return "\(bitsPerSample)-bit \(kind), \(channels) ch, \(sampleRate) Hz\(isExtensible ? " (extensible)" : "")"
    }
}

/// A WAV file decoded to mono. Multi-channel files are mixed down by averaging channels.
public struct WAVFile: Sendable {
    /// Mono samples in [-1, 1] at `sampleRate`.
    public var samples: [Float]
    /// Sample rate of `samples` in Hz (the file's own rate).
    public var sampleRate: Int
    /// The format found in the header.
    public var format: WAVFormat
    /// Non-fatal problems met while decoding (see `WAVWarning`).
    public var warnings: [WAVWarning]

    public init(samples: [Float], sampleRate: Int, format: WAVFormat, warnings: [WAVWarning] = []) {
        self.samples = samples
        self.sampleRate = sampleRate
        self.format = format
        self.warnings = warnings
    }

    /// Length in seconds.
    public var duration: Double { Double(samples.count) / Double(sampleRate) }

    /// The samples resampled to `rate` Hz (a copy when the rate already matches).
    public func samples(atRate rate: Int) -> [Float] {
        if rate == sampleRate { return samples }
        return Resampler(inputRate: sampleRate, outputRate: rate).resample(samples)
    }

    /// Mono 16-bit samples at 16 kHz: resampled, scaled by 32768, rounded, clipped.
    /// A 16-bit 16 kHz file comes back bit-exact.
    public func int16Mono16k() -> [Int16] {
        WAVFile.quantize(samples(atRate: 16_000))
    }

    /// Float in [-1, 1] to Int16: scale by 32768 (so 16-bit input round-trips exactly),
    /// round to nearest, clip to the Int16 range.
    public static func quantize(_ samples: [Float]) -> [Int16] {
        samples.map { x in
            let v = (x * 32768).rounded()
            if v.isNaN { return 0 }
            return Int16(min(max(v, -32768), 32767))
        }
    }
}
