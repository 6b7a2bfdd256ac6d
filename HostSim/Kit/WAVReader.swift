// RIFF/WAVE parsing. Works on the bytes in memory: every offset is checked against the
// real byte count, so a lying header (4 GB chunk in a 100-byte file) can never make us
// allocate or read past the end.

import Foundation

public enum WAVReader {
    /// Reads and decodes a WAV file to mono (see `WAVFile`). Errors carry the file's path.
    ///
    /// Damage policy: a data chunk that claims more bytes than the file holds (cut-off
    /// recording, writer that never patched the size) is not an error. The complete frames
    /// present are decoded and `WAVWarning.truncatedDataChunk` is added to `warnings`;
    /// callers that need pristine files check `warnings.isEmpty`. A header that is cut
    /// short, by contrast, is an error, since nothing after it can be trusted.
    public static func read(_ url: URL) throws(WAVError) -> WAVFile {
        let name = url.path
        let data: Data
        do throws(InputFileError) {
            data = try InputFile.contents(of: url.path)
        } catch {
            throw .cannotRead(file: url.path, reason: error.reason)
        }
        return try decode(data, name: name)
    }

    /// Convenience: mono Int16 at 16 kHz (resampled, rounded, clipped).
    public static func readInt16Mono16k(_ url: URL) throws(WAVError) -> [Int16] {
        try read(url).int16Mono16k()
    }

    /// Decodes WAV bytes. `name` is only used in error messages.
    public static func decode(_ data: Data, name: String = "<memory>") throws(WAVError) -> WAVFile {
        let result: Result<WAVFile, WAVError> = data.withUnsafeBytes { raw in
            do throws(WAVError) {
                return .success(try decode(ByteReader(raw), name: name))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: - Header

    /// Where the interesting chunks are, found by walking the chunk list.
    private struct Layout {
        var fmt: Range<Int>?
        var data: Range<Int>?
        var declaredDataSize: UInt32 = 0
        /// Bytes after the data chunk that do not start with a chunk header.
        var strayBytesAfterData = 0
    }

    private static func decode(_ bytes: ByteReader, name: String) throws(WAVError) -> WAVFile {
        if bytes.count == 0 { throw .emptyFile(file: name) }
        if bytes.count < 12 {
            // Still say what it is not when the magic is readable, e.g. "RIFX" in 8 bytes.
            if bytes.count >= 4, bytes.fourCC(at: 0) != "RIFF" {
                throw .notRIFF(file: name, magic: bytes.fourCC(at: 0))
            }
            throw .truncatedHeader(file: name, detail: "\(bytes.count) bytes, a RIFF/WAVE header needs 12")
        }
        let magic = bytes.fourCC(at: 0)
        guard magic == "RIFF" else { throw .notRIFF(file: name, magic: magic) }
        let form = bytes.fourCC(at: 8)
        guard form == "WAVE" else { throw .notWAVE(file: name, formType: form) }

        let layout = try walkChunks(bytes, name: name)
        guard let fmtRange = layout.fmt else { throw .missingFormatChunk(file: name) }
        let format = try parseFormat(bytes, fmtRange, name: name)
        guard let dataRange = layout.data else { throw .missingDataChunk(file: name) }

        var warnings: [WAVWarning] = []
        if Int(layout.declaredDataSize) > dataRange.count {
            warnings.append(.truncatedDataChunk(declaredBytes: layout.declaredDataSize, availableBytes: dataRange.count))
        }
        let frameBytes = format.bytesPerFrame
        let frames = dataRange.count / frameBytes
        let leftover = dataRange.count - frames * frameBytes
        if leftover != 0 { warnings.append(.partialFrameIgnored(bytes: leftover)) }
        guard frames > 0 else { throw .noSamples(file: name) }

        var clipped = 0
        let samples = SampleDecoder.mono(bytes, start: dataRange.lowerBound, frames: frames,
                                         format: format, clipped: &clipped)
        if clipped > 0 { warnings.append(.floatSamplesClipped(count: clipped)) }
        if layout.strayBytesAfterData > 0 {
            warnings.append(.bytesAfterData(count: layout.strayBytesAfterData, declaredBytes: layout.declaredDataSize))
        }
        return WAVFile(samples: samples, sampleRate: format.sampleRate, format: format, warnings: warnings)
    }

    /// Walks the chunks after the 12-byte RIFF header. The RIFF size field is ignored
    /// (writers often get it wrong); the file length is the only bound we trust.
    private static func walkChunks(_ bytes: ByteReader, name: String) throws(WAVError) -> Layout {
        var layout = Layout()
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = bytes.fourCC(at: offset)
            let size = bytes.u32(at: offset + 4)
            let body = offset + 8
            let available = bytes.count - body
            let declared = Int(size)   // Int is 64-bit on every host we run on: no overflow.
            switch id {
            case "fmt ":
                guard declared <= available else {
                    throw .truncatedHeader(file: name, detail: "'fmt ' chunk declares \(size) bytes but only \(available) remain")
                }
                if layout.fmt == nil { layout.fmt = body..<(body + declared) }
            case "data":
                if layout.data == nil {
                    layout.data = body..<(body + min(declared, available))
                    layout.declaredDataSize = size
                }
            default:
                break   // LIST, fact, cue, JUNK, bext...: not needed.
            }
            // A chunk running past the end ends the walk; nothing after it can be real.
            if declared > available { break }
            // Chunks are word aligned: an odd size is followed by one pad byte.
            offset = body + declared + (declared & 1)
            if layout.fmt != nil, layout.data != nil {
                // Zeros alone are padding (some recorders fill to a sector), not audio.
                if id == "data", offset < bytes.count, !looksLikeChunk(bytes, at: offset),
                   (offset..<bytes.count).contains(where: { bytes.u8(at: $0) != 0 }) {
                    layout.strayBytesAfterData = bytes.count - offset
                }
                break
            }
        }
        return layout
    }

    /// Whether a chunk header starts at `offset`: four printable ASCII characters (LIST,
    /// id3 , cue ...), and a size that fits the file. A lone pad byte at the very end is
    /// not counted as stray.
    private static func looksLikeChunk(_ bytes: ByteReader, at offset: Int) -> Bool {
        if bytes.count - offset == 1 { return true }
        guard offset + 8 <= bytes.count else { return false }
        for i in 0..<4 where !(0x20...0x7E).contains(bytes.u8(at: offset + i)) { return false }
        return Int(bytes.u32(at: offset + 4)) <= bytes.count - offset - 8
    }

    private static func parseFormat(_ bytes: ByteReader, _ range: Range<Int>, name: String) throws(WAVError) -> WAVFormat {
        guard range.count >= 16 else {
            throw .truncatedHeader(file: name, detail: "'fmt ' chunk is \(range.count) bytes, needs at least 16")
        }
        let base = range.lowerBound
        var code = bytes.u16(at: base)
        let channels = Int(bytes.u16(at: base + 2))
        let rate = Int(bytes.u32(at: base + 4))
        let bits = bytes.u16(at: base + 14)
        var extensible = false

        if code == 0xFFFE {
            // WAVE_FORMAT_EXTENSIBLE: cbSize(2) validBits(2) channelMask(4) subFormat GUID(16).
            guard range.count >= 40 else {
                throw .truncatedHeader(file: name, detail: "extensible 'fmt ' chunk is \(range.count) bytes, needs 40")
            }
            // The GUID's first two bytes are the classic format code; the remaining 14
            // are the fixed KSDATAFORMAT suffix. Anything else is a vendor format.
            let guidTail: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
            let sub = bytes.u16(at: base + 24)
            for (i, b) in guidTail.enumerated() where bytes.u8(at: base + 26 + i) != b {
                throw .unsupportedFormat(file: name, formatCode: 0xFFFE, bitsPerSample: bits)
            }
            code = sub
            extensible = true
        }
        if channels == 0 { throw .zeroChannels(file: name) }
        if rate == 0 { throw .zeroSampleRate(file: name) }
        if !WAVLimits.sampleRates.contains(rate) {
            throw .implausibleHeader(file: name, field: "sample rate", value: rate, allowed: WAVLimits.sampleRates, unit: " Hz")
        }
        if !WAVLimits.channels.contains(channels) {
            throw .implausibleHeader(file: name, field: "channels", value: channels, allowed: WAVLimits.channels, unit: "")
        }

        let encoding: WAVFormat.Encoding
        switch (code, bits) {
        case (1, 8), (1, 16), (1, 24), (1, 32): encoding = .pcmInteger
        case (3, 32), (3, 64): encoding = .ieeeFloat
        default: throw .unsupportedFormat(file: name, formatCode: code, bitsPerSample: bits)
        }
        // Frames are channels x container bytes in every format accepted; a header that says
        // otherwise (not 0, which some writers leave) hides where the samples lie.
        let blockAlign = Int(bytes.u16(at: base + 12))
        if blockAlign != 0 && blockAlign != channels * Int(bits / 8) {
            throw .blockAlignMismatch(file: name, blockAlign: blockAlign, channels: channels, bitsPerSample: Int(bits))
        }
        return WAVFormat(encoding: encoding, bitsPerSample: Int(bits), channels: channels,
                         sampleRate: rate, isExtensible: extensible)
    }
}

/// Little-endian, bounds-trusting loads from a raw buffer. Callers check ranges first.
struct ByteReader {
    let raw: UnsafeRawBufferPointer
    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }
    var count: Int { raw.count }

    func u8(at i: Int) -> UInt8 { raw[i] }
    func u16(at i: Int) -> UInt16 { UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt16.self)) }
    func u32(at i: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self)) }

    /// Four bytes as text, non-printable bytes escaped, for chunk ids and messages.
    func fourCC(at i: Int) -> String {
        var s = ""
        for k in 0..<4 {
            let b = raw[i + k]
            if b >= 0x20 && b < 0x7F {
                s.append(Character(UnicodeScalar(b)))
            } else {
                s += b < 16 ? "\\x0" + String(b, radix: 16) : "\\x" + String(b, radix: 16)
            }
        }
        return s
    }
}
