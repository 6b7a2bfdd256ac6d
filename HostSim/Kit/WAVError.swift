// Errors and warnings from reading WAV files. Every failure names the file and the
// problem so a tool or test log can be acted on without opening a hex editor.

/// A WAV file that cannot be decoded at all.
public enum WAVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read from disk (missing, permissions, a directory...).
    case cannotRead(file: String, reason: String)
    /// The file has zero bytes.
    case emptyFile(file: String)
    /// Fewer bytes than a RIFF header, or a `fmt ` chunk cut short.
    case truncatedHeader(file: String, detail: String)
    /// The first four bytes are not "RIFF" (e.g. big-endian "RIFX", or not a WAV at all).
    case notRIFF(file: String, magic: String)
    /// A RIFF file whose form type is not "WAVE" (e.g. AVI, WEBP).
    case notWAVE(file: String, formType: String)
    /// No `fmt ` chunk before the end of the file.
    case missingFormatChunk(file: String)
    /// No `data` chunk before the end of the file.
    case missingDataChunk(file: String)
    /// A format code / bit depth pair this reader does not decode (ADPCM, A-law, 12-bit...).
    case unsupportedFormat(file: String, formatCode: UInt16, bitsPerSample: UInt16)
    /// The `fmt ` chunk declares zero channels.
    case zeroChannels(file: String)
    /// The `fmt ` chunk declares a sample rate of zero.
    case zeroSampleRate(file: String)
    /// The `data` chunk holds no complete frame.
    case noSamples(file: String)
    /// A header field outside what any microphone or sound file uses (a rate of 3 Hz,
    /// 65 535 channels): believing it would turn a small file into hours of audio.
    case implausibleHeader(file: String, field: String, value: Int, allowed: ClosedRange<Int>, unit: String)
    /// The bytes per sample frame (blockAlign) do not fit the channels and sample size, so
    /// where each sample lies cannot be told (e.g. 24-bit samples in 4-byte slots without
    /// the extensible header that says so).
    case blockAlignMismatch(file: String, blockAlign: Int, channels: Int, bitsPerSample: Int)

    public var file: String {
        switch self {
        case .cannotRead(let f, _), .emptyFile(let f), .truncatedHeader(let f, _),
             .notRIFF(let f, _), .notWAVE(let f, _), .missingFormatChunk(let f),
             .missingDataChunk(let f), .unsupportedFormat(let f, _, _), .zeroChannels(let f),
             .zeroSampleRate(let f), .noSamples(let f), .implausibleHeader(let f, _, _, _, _),
             .blockAlignMismatch(let f, _, _, _):
            return f
        }
    }

    public var description: String {
        switch self {
        case .cannotRead(let f, let reason):
            return "\(f): cannot read file (\(reason))"
        case .emptyFile(let f):
            return "\(f): file is empty (0 bytes), not a WAV file"
        case .truncatedHeader(let f, let detail):
            return "\(f): truncated header: \(detail)"
        case .notRIFF(let f, let magic):
            if magic == "RIFX" {
                return "\(f): big-endian RIFX file; only little-endian RIFF/WAVE is supported"
            }
            return "\(f): not a RIFF/WAVE file (starts with \(magic) instead of RIFF)"
        case .notWAVE(let f, let formType):
            return "\(f): RIFF file of type \(formType), not WAVE"
        case .missingFormatChunk(let f):
            return "\(f): no 'fmt ' chunk found"
        case .missingDataChunk(let f):
            return "\(f): no 'data' chunk found"
        case .unsupportedFormat(let f, let code, let bits):
            return "\(f): unsupported sample format: code \(code) (\(WAVError.formatName(code))) "
                + "with \(bits) bits per sample; supported are PCM 8/16/24/32-bit and IEEE float 32/64-bit"
        case .zeroChannels(let f):
            return "\(f): format chunk declares 0 channels"
        case .zeroSampleRate(let f):
            return "\(f): format chunk declares a sample rate of 0 Hz"
        case .noSamples(let f):
            return "\(f): data chunk holds no complete sample frame"
        case .implausibleHeader(let f, let field, let value, let allowed, let unit):
            return "\(f): header field '\(field)' is \(value)\(unit), not a real recording "
                + "(accepted: \(allowed.lowerBound)...\(allowed.upperBound)\(unit)); the header is damaged"
        case .blockAlignMismatch(let f, let align, let channels, let bits):
            return "\(f): header says \(align) bytes per sample frame, but \(channels) channel\(channels == 1 ? "" : "s") of "
                + "\(bits)-bit samples take \(channels * ((bits + 7) / 8)): where each sample lies cannot be told; "
                + "save the recording again as plain PCM from the program that made it"
        }
    }

    /// Human name for the common WAVE format codes, for error messages only.
    static func formatName(_ code: UInt16) -> String {
        switch code {
        case 0x0001: return "PCM"
        case 0x0002: return "Microsoft ADPCM"
        case 0x0003: return "IEEE float"
        case 0x0006: return "A-law"
        case 0x0007: return "mu-law"
        case 0x0011: return "IMA ADPCM"
        case 0x0055: return "MP3"
        case 0xFFFE: return "extensible"
        default: return "unknown"
        }
    }
}

/// Something odd that did not stop decoding. Readers return these next to the samples
/// so callers can decide whether a damaged recording is acceptable.
public enum WAVWarning: Equatable, Sendable, CustomStringConvertible {
    /// The data chunk claims more bytes than the file holds (cut-off download, a writer
    /// that never patched the size). The complete frames present were decoded.
    case truncatedDataChunk(declaredBytes: UInt32, availableBytes: Int)
    /// The data length is not a whole number of frames; the trailing bytes were ignored.
    case partialFrameIgnored(bytes: Int)
    /// Float samples outside [-1, 1] (or NaN) were clipped to the range (NaN -> 0).
    case floatSamplesClipped(count: Int)
    /// Bytes after the data chunk that are no chunk: its declared size is probably too
    /// small (a writer that stopped before patching it). Only the declared data was decoded.
    case bytesAfterData(count: Int, declaredBytes: UInt32)

    public var description: String {
        switch self {
        case .truncatedDataChunk(let declared, let available):
            return "data chunk declares \(declared) bytes but only \(available) are present; decoded the complete frames present"
        case .partialFrameIgnored(let bytes):
            return "ignored \(bytes) trailing bytes that do not form a complete frame"
        case .floatSamplesClipped(let count):
            return "\(count) float samples were outside [-1, 1] or NaN and were clipped"
        case .bytesAfterData(let count, let declared):
            return "\(count) bytes after the data chunk are not a chunk: the header's data size (\(declared) bytes) may be "
                + "too small (a recording not finished properly); decoded the declared data only"
        }
    }
}
