// Decoding of every supported sample format, mixdown, chunk walking and round trips.

import Foundation
import Testing
import KinuHostKit

@Suite struct WAVReaderTests {
    /// A short ramp that exercises both signs and the extremes.
    let values: [Double] = [0, 0.5, -0.5, 0.25, -1, 0.999, -0.125, 0.0625]

    func mono(_ encode: (Double) -> [UInt8]) -> [UInt8] { values.flatMap(encode) }

    @Test func roundTrip16BitMono() throws {
        let samples: [Int16] = [0, 1, -1, 32767, -32768, 1234, -4321, 100]
        let tmp = try TempDir()
        let url = tmp.url.appendingPathComponent("rt.wav")
        try WAVWriter.write(samples, sampleRate: 16_000, to: url)
        let wav = try WAVReader.read(url)
        #expect(wav.sampleRate == 16_000)
        #expect(wav.format == WAVFormat(encoding: .pcmInteger, bitsPerSample: 16, channels: 1, sampleRate: 16_000, isExtensible: false))
        #expect(wav.warnings.isEmpty)
        #expect(wav.int16Mono16k() == samples)
        #expect(try WAVReader.readInt16Mono16k(url) == samples)
        #expect(WAVWriter.pcm16Mono(samples, sampleRate: 16_000).count == 44 + 2 * samples.count)
    }

    @Test func pcm8BitUnsigned() throws {
        let wav = try WAVReader.decode(TestWAV.file(fmt: TestWAV.fmtBody(code: 1, channels: 1, rate: 8000, bits: 8),
                                                    data: mono(TestWAV.pcm8)))
        #expect(wav.format.bitsPerSample == 8)
        for (x, v) in zip(wav.samples, values) { #expect(abs(Double(x) - v) <= 1.0 / 128) }
        #expect(wav.samples[4] == -1)
    }

    @Test(arguments: [16, 24, 32])
    func pcmSigned(bits: Int) throws {
        let enc: (Double) -> [UInt8]
        switch bits {
        case 16: enc = TestWAV.pcm16
        case 24: enc = TestWAV.pcm24
        default: enc = TestWAV.pcm32
        }
        let wav = try WAVReader.decode(TestWAV.file(fmt: TestWAV.fmtBody(code: 1, channels: 1, rate: 44_100, bits: UInt16(bits)),
                                                    data: mono(enc)))
        #expect(wav.format.bitsPerSample == bits)
        #expect(wav.sampleRate == 44_100)
        #expect(wav.samples.count == values.count)
        for (x, v) in zip(wav.samples, values) { #expect(abs(Double(x) - v) <= 1.0 / 32768) }
        #expect(wav.samples[4] == -1)
    }

    @Test func float32And64() throws {
        let cases: [(UInt16, (Double) -> [UInt8])] = [(32, TestWAV.float32), (64, TestWAV.float64)]
        for (bits, enc) in cases {
            let wav = try WAVReader.decode(TestWAV.file(fmt: TestWAV.fmtBody(code: 3, channels: 1, rate: 48_000, bits: bits),
                                                        data: mono(enc)))
            #expect(wav.format.encoding == .ieeeFloat)
            for (x, v) in zip(wav.samples, values) { #expect(abs(Double(x) - v) < 1e-6) }
            #expect(wav.warnings.isEmpty)
        }
    }

    @Test func floatOutOfRangeIsClippedWithWarning() throws {
        let data = [1.5, -2, .nan, 0.25].flatMap(TestWAV.float32)
        let wav = try WAVReader.decode(TestWAV.file(fmt: TestWAV.fmtBody(code: 3, channels: 1, rate: 8000, bits: 32), data: data))
        #expect(wav.samples == [1, -1, 0, 0.25])
        #expect(wav.warnings == [.floatSamplesClipped(count: 3)])
    }

    @Test func stereoIsAveraged() throws {
        // Left = values, right = 0.5: mono = (l + 0.5) / 2.
        let data = values.flatMap { TestWAV.pcm16($0) + TestWAV.pcm16(0.5) }
        let wav = try WAVReader.decode(TestWAV.file(fmt: TestWAV.fmtBody(code: 1, channels: 2, rate: 22_050, bits: 16), data: data))
        #expect(wav.format.channels == 2)
        #expect(wav.samples.count == values.count)
        for (x, v) in zip(wav.samples, values) { #expect(abs(Double(x) - (v + 0.5) / 2) <= 1.0 / 32768) }
    }

    @Test func sixChannels24Bit() throws {
        let data = values.flatMap { v in (0..<6).flatMap { ch in TestWAV.pcm24(ch == 0 ? v : 0) } }
        let wav = try WAVReader.decode(TestWAV.file(fmt: TestWAV.fmtBody(code: 1, channels: 6, rate: 96_000, bits: 24), data: data))
        for (x, v) in zip(wav.samples, values) { #expect(abs(Double(x) - v / 6) < 1e-6) }
    }

    @Test func extensibleSubformats() throws {
        let pcm = try WAVReader.decode(TestWAV.file(
            fmt: TestWAV.extensibleFmtBody(subFormat: 1, channels: 2, rate: 48_000, bits: 24),
            data: values.flatMap { TestWAV.pcm24($0) + TestWAV.pcm24($0) }))
        #expect(pcm.format == WAVFormat(encoding: .pcmInteger, bitsPerSample: 24, channels: 2, sampleRate: 48_000, isExtensible: true))
        for (x, v) in zip(pcm.samples, values) { #expect(abs(Double(x) - v) <= 1.0 / 8_388_608) }

        let flt = try WAVReader.decode(TestWAV.file(
            fmt: TestWAV.extensibleFmtBody(subFormat: 3, channels: 1, rate: 16_000, bits: 32),
            data: mono(TestWAV.float32)))
        #expect(flt.format.encoding == .ieeeFloat && flt.format.isExtensible)
        #expect(flt.samples == values.map { Float($0) })

        // 20 valid bits in a 32-bit container decode by the container width.
        let padded = try WAVReader.decode(TestWAV.file(
            fmt: TestWAV.extensibleFmtBody(subFormat: 1, channels: 1, rate: 16_000, bits: 32, validBits: 20),
            data: mono(TestWAV.pcm32)))
        #expect(padded.samples[1] == 0.5)
    }

    @Test func unknownChunksAndOddPaddingAreSkipped() throws {
        // LIST with an odd size (5 bytes + pad), an odd 'junk' chunk, then fmt, then data.
        let wav = try WAVReader.decode(TestWAV.file(
            fmt: TestWAV.fmtBody(code: 1, channels: 1, rate: 8000, bits: 16),
            data: mono(TestWAV.pcm16),
            extra: [("LIST", Array("INFOa".utf8)), ("JUNK", [1, 2, 3])]))
        #expect(wav.samples.count == values.count)
        #expect(wav.warnings.isEmpty)
    }

    @Test func dataBeforeFmtAndTrailingChunks() throws {
        var w = TestWAV()
        w.chunk("data", mono(TestWAV.pcm16))
        w.chunk("fmt ", TestWAV.fmtBody(code: 1, channels: 1, rate: 8000, bits: 16))
        w.chunk("LIST", [0, 0, 0])
        let wav = try WAVReader.decode(TestWAV.riff(w.bytes))
        #expect(wav.samples.count == values.count)
    }

    @Test func odd8BitDataChunkIsPadded() throws {
        // 3 samples of 8-bit = odd data size; the pad byte must not become a sample.
        var w = TestWAV()
        w.chunk("fmt ", TestWAV.fmtBody(code: 1, channels: 1, rate: 8000, bits: 8))
        w.chunk("data", [128, 255, 0])
        w.chunk("LIST", [])
        let wav = try WAVReader.decode(TestWAV.riff(w.bytes))
        #expect(wav.samples == [0, 127.0 / 128, -1])
    }

    @Test func partialFrameIsIgnoredWithWarning() throws {
        let wav = try WAVReader.decode(TestWAV.file(fmt: TestWAV.fmtBody(code: 1, channels: 2, rate: 8000, bits: 16),
                                                    data: [0, 0, 0, 0, 1, 2, 3]))
        #expect(wav.samples == [0])
        #expect(wav.warnings == [.partialFrameIgnored(bytes: 3)])
    }

    @Test func int16At16kFromOtherRates() throws {
        // 1 s at 8 kHz -> 16000 samples; a full-scale square is clipped, not wrapped.
        let x = (0..<8000).map { $0 % 40 < 20 ? Float(1) : Float(-1) }
        let wav = WAVFile(samples: x, sampleRate: 8000,
                          format: WAVFormat(encoding: .ieeeFloat, bitsPerSample: 32, channels: 1, sampleRate: 8000, isExtensible: false))
        let y = wav.int16Mono16k()
        #expect(y.count == 16_000)
        #expect(y.contains(32767) && y.contains(-32768))   // Gibbs overshoot clipped
        #expect(WAVFile.quantize([1, -1, 0.5, -0.5, 2, .nan]) == [32767, -32768, 16384, -16384, 32767, 0])
    }
}
