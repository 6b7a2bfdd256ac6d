// Broken and hostile inputs: each must give its specific error (never a crash), and a
// lying size field must never make the reader allocate what the file does not hold.

import Foundation
import Testing
import KinuHostKit

@Suite struct WAVMalformedTests {
    let fmt16 = TestWAV.fmtBody(code: 1, channels: 1, rate: 8000, bits: 16)
    let someData: [UInt8] = [1, 0, 2, 0, 3, 0, 4, 0]

    func decode(_ data: Data) -> Result<WAVFile, WAVError> {
        do { return .success(try WAVReader.decode(data, name: "t.wav")) } catch { return .failure(error) }
    }

    func expectError(_ data: Data, _ expected: WAVError, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: expected, sourceLocation: sourceLocation) { try WAVReader.decode(data, name: "t.wav") }
    }

    @Test func emptyFile() { expectError(Data(), .emptyFile(file: "t.wav")) }

    @Test func threeBytes() {
        expectError(Data([0x52, 0x49, 0x46]), .truncatedHeader(file: "t.wav", detail: "3 bytes, a RIFF/WAVE header needs 12"))
    }

    @Test func rifx() {
        var d = TestWAV.file(fmt: fmt16, data: someData)
        d.replaceSubrange(0..<4, with: Array("RIFX".utf8))
        expectError(d, .notRIFF(file: "t.wav", magic: "RIFX"))
        #expect(WAVError.notRIFF(file: "t.wav", magic: "RIFX").description.contains("big-endian"))
    }

    @Test func notRIFFAtAll() {
        expectError(Data("hello, this is text".utf8), .notRIFF(file: "t.wav", magic: "hell"))
        expectError(Data([0, 1, 0x7F, 0x41] + [UInt8](repeating: 0, count: 20)), .notRIFF(file: "t.wav", magic: "\\x00\\x01\\x7fA"))
    }

    @Test func notWAVE() {
        expectError(TestWAV.riff([], form: "AVI "), .notWAVE(file: "t.wav", formType: "AVI "))
    }

    @Test func headerOnly() {
        expectError(TestWAV.riff([]), .missingFormatChunk(file: "t.wav"))
    }

    @Test func missingFmt() {
        var w = TestWAV(); w.chunk("data", someData)
        expectError(TestWAV.riff(w.bytes), .missingFormatChunk(file: "t.wav"))
    }

    @Test func missingData() {
        var w = TestWAV(); w.chunk("fmt ", fmt16); w.chunk("LIST", [1, 2, 3, 4])
        expectError(TestWAV.riff(w.bytes), .missingDataChunk(file: "t.wav"))
    }

    @Test func zeroChannels() {
        expectError(TestWAV.file(fmt: TestWAV.fmtBody(code: 1, channels: 0, rate: 8000, bits: 16), data: someData),
                    .zeroChannels(file: "t.wav"))
    }

    @Test func zeroRate() {
        expectError(TestWAV.file(fmt: TestWAV.fmtBody(code: 1, channels: 1, rate: 0, bits: 16), data: someData),
                    .zeroSampleRate(file: "t.wav"))
    }

    @Test func adpcmIsUnsupported() {
        let e = WAVError.unsupportedFormat(file: "t.wav", formatCode: 2, bitsPerSample: 4)
        expectError(TestWAV.file(fmt: TestWAV.fmtBody(code: 2, channels: 1, rate: 8000, bits: 4), data: someData), e)
        #expect(e.description.contains("code 2") && e.description.contains("ADPCM") && e.description.contains("4 bits"))
    }

    @Test func unsupportedBitDepths() {
        expectError(TestWAV.file(fmt: TestWAV.fmtBody(code: 1, channels: 1, rate: 8000, bits: 12), data: someData),
                    .unsupportedFormat(file: "t.wav", formatCode: 1, bitsPerSample: 12))
        expectError(TestWAV.file(fmt: TestWAV.fmtBody(code: 3, channels: 1, rate: 8000, bits: 16), data: someData),
                    .unsupportedFormat(file: "t.wav", formatCode: 3, bitsPerSample: 16))
        expectError(TestWAV.file(fmt: TestWAV.extensibleFmtBody(subFormat: 2, channels: 1, rate: 8000, bits: 16), data: someData),
                    .unsupportedFormat(file: "t.wav", formatCode: 2, bitsPerSample: 16))
    }

    @Test func extensibleWithForeignGUID() {
        var fmt = TestWAV.extensibleFmtBody(subFormat: 1, channels: 1, rate: 8000, bits: 16)
        fmt[30] ^= 0xFF
        expectError(TestWAV.file(fmt: fmt, data: someData), .unsupportedFormat(file: "t.wav", formatCode: 0xFFFE, bitsPerSample: 16))
    }

    @Test func shortFmtChunks() {
        expectError(TestWAV.file(fmt: Array(fmt16.prefix(10)), data: someData),
                    .truncatedHeader(file: "t.wav", detail: "'fmt ' chunk is 10 bytes, needs at least 16"))
        expectError(TestWAV.file(fmt: Array(TestWAV.extensibleFmtBody(subFormat: 1, channels: 1, rate: 8000, bits: 16).prefix(24)),
                                 data: someData),
                    .truncatedHeader(file: "t.wav", detail: "extensible 'fmt ' chunk is 24 bytes, needs 40"))
    }

    @Test func hugeFmtChunkSize() {
        var w = TestWAV(); w.ascii("fmt "); w.u32(0xFFFF_FFF0); w.bytes += fmt16
        guard case .failure(.truncatedHeader) = decode(TestWAV.riff(w.bytes)) else {
            Issue.record("expected truncatedHeader"); return
        }
    }

    @Test func hugeUnknownChunkSize() {
        // A LIST claiming ~4 GB swallows the rest of the file: no data chunk is reachable.
        var w = TestWAV(); w.chunk("fmt ", fmt16); w.ascii("LIST"); w.u32(0xFFFF_FFF0); w.chunk("data", someData)
        expectError(TestWAV.riff(w.bytes), .missingDataChunk(file: "t.wav"))
    }

    @Test func hugeDataChunkSizeKeepsFramesPresent() throws {
        var w = TestWAV(); w.chunk("fmt ", fmt16); w.ascii("data"); w.u32(0xFFFF_FFF0); w.bytes += someData + [9]
        let wav = try WAVReader.decode(TestWAV.riff(w.bytes))
        #expect(wav.samples.count == 4)
        #expect(wav.warnings == [.truncatedDataChunk(declaredBytes: 0xFFFF_FFF0, availableBytes: 9), .partialFrameIgnored(bytes: 1)])
    }

    @Test func truncatedDataChunk() throws {
        // A 100-sample file cut off after 10.5 samples.
        let full = WAVWriter.pcm16Mono([Int16](repeating: 7, count: 100), sampleRate: 8000)
        let wav = try WAVReader.decode(full.prefix(44 + 21))
        #expect(wav.samples.count == 10)
        #expect(wav.warnings.contains(.truncatedDataChunk(declaredBytes: 200, availableBytes: 21)))
    }

    @Test func dataChunkWithNoSamples() {
        expectError(TestWAV.file(fmt: fmt16, data: []), .noSamples(file: "t.wav"))
        // Cut off right after the data chunk header.
        expectError(WAVWriter.pcm16Mono([1, 2, 3], sampleRate: 8000).prefix(44), .noSamples(file: "t.wav"))
        // Half a frame only.
        expectError(TestWAV.file(fmt: fmt16, data: [1]), .noSamples(file: "t.wav"))
    }

    @Test func missingFileNamesThePath() {
        let url = URL(fileURLWithPath: "/nonexistent/kinu/nothing.wav")
        do {
            _ = try WAVReader.read(url)
            Issue.record("expected an error")
        } catch {
            guard case .cannotRead(let file, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(file == url.path)
            #expect(error.description.contains("nothing.wav"))
        }
    }

    @Test func errorMessagesNameTheFile() {
        let errors: [WAVError] = [.emptyFile(file: "a.wav"), .truncatedHeader(file: "a.wav", detail: "x"),
                                  .notRIFF(file: "a.wav", magic: "abcd"), .notWAVE(file: "a.wav", formType: "AVI "),
                                  .missingFormatChunk(file: "a.wav"), .missingDataChunk(file: "a.wav"),
                                  .zeroChannels(file: "a.wav"), .zeroSampleRate(file: "a.wav"), .noSamples(file: "a.wav"),
                                  .unsupportedFormat(file: "a.wav", formatCode: 85, bitsPerSample: 0)]
        for e in errors { #expect(e.description.hasPrefix("a.wav: ")); #expect(e.file == "a.wav") }
    }

    /// Fuzz: random corruptions and truncations of valid files must throw or decode, never trap.
    @Test func randomCorruptionNeverCrashes() {
        var rng = SplitMix(state: 42)
        let seeds: [Data] = [
            WAVWriter.pcm16Mono((0..<64).map { Int16($0 * 100) }, sampleRate: 8000),
            TestWAV.file(fmt: TestWAV.extensibleFmtBody(subFormat: 3, channels: 2, rate: 44_100, bits: 32),
                         data: (0..<32).flatMap { _ in TestWAV.float32(0.1) }, extra: [("LIST", [1, 2, 3])]),
        ]
        var decoded = 0
        for i in 0..<3000 {
            var bytes = [UInt8](seeds[i % seeds.count])
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[at] = i % 3 == 0 ? 0xFF : UInt8.random(in: 0...255, using: &rng)
            }
            if i % 4 == 0 { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng))) }
            if case .success = decode(Data(bytes)) { decoded += 1 }
        }
        #expect(decoded > 0)
    }

    /// 24-bit samples in 4-byte slots without the extensible header that says how they sit:
    /// refused, not decoded as packed 24-bit noise.
    @Test func blockAlignThatDoesNotFitTheSamples() {
        var fmt = TestWAV.fmtBody(code: 1, channels: 1, rate: 16_000, bits: 24)
        fmt[12] = 4
        expectError(TestWAV.file(fmt: fmt, data: [UInt8](repeating: 1, count: 40)),
                    .blockAlignMismatch(file: "t.wav", blockAlign: 4, channels: 1, bitsPerSample: 24))
        #expect(WAVError.blockAlignMismatch(file: "t.wav", blockAlign: 4, channels: 1, bitsPerSample: 24).description
            .contains("4 bytes per sample frame, but 1 channel of 24-bit samples take 3"))
        fmt[12] = 0   // left as 0 by some writers: the frame size follows from the rest
        guard case .success(let file) = decode(TestWAV.file(fmt: fmt, data: [UInt8](repeating: 1, count: 42))) else {
            Issue.record("blockAlign 0 refused"); return
        }
        #expect(file.samples.count == 14)
    }

    /// A writer that stopped before patching the data size: the audio after the declared
    /// data is no chunk, and the reader says so (zeros alone are padding, a real chunk is fine).
    @Test func audioAfterAnUnderDeclaredDataChunk() throws {
        let audio = (0 ..< 400).flatMap { TestWAV.pcm16(sin(Double($0) / 5) * 0.5) }
        var w = TestWAV()
        w.chunk("fmt ", fmt16)
        w.chunk("data", Array(audio.prefix(40)))
        w.bytes += audio.dropFirst(40)
        let under = try WAVReader.decode(TestWAV.riff(w.bytes), name: "t.wav")
        #expect(under.samples.count == 20)
        #expect(under.warnings == [.bytesAfterData(count: 760, declaredBytes: 40)])
        #expect(under.warnings[0].description.contains("760 bytes after the data chunk are not a chunk"))
        for tail: [UInt8] in [[UInt8](repeating: 0, count: 512), Array("LIST".utf8) + [4, 0, 0, 0] + Array("INFO".utf8), [0]] {
            var v = TestWAV()
            v.chunk("fmt ", fmt16)
            v.chunk("data", Array(audio.prefix(40)))
            v.bytes += tail
            #expect(try WAVReader.decode(TestWAV.riff(v.bytes), name: "t.wav").warnings.isEmpty, "\(tail.prefix(8))")
        }
    }
}
