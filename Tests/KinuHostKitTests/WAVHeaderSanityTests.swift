// Headers that are well formed but cannot describe a real recording: each is refused
// with a message naming the field and its value, before anything is resampled.

import Foundation
import Testing
import KinuHostKit

@Suite struct WAVHeaderSanityTests {
    let data = [UInt8](repeating: 0x10, count: 20_000)

    func error(rate: UInt32 = 8000, channels: UInt16 = 1) -> WAVError? {
        let file = TestWAV.file(fmt: TestWAV.fmtBody(code: 1, channels: channels, rate: rate, bits: 16), data: data)
        do { _ = try WAVReader.decode(file, name: "t.wav"); return nil } catch { return error }
    }

    @Test func absurdSampleRatesAreRefused() {
        for rate: UInt32 in [1, 3, 999, 768_001, 4_294_967_295] {
            let e = error(rate: rate)
            #expect(e == .implausibleHeader(file: "t.wav", field: "sample rate", value: Int(rate),
                                            allowed: WAVLimits.sampleRates, unit: " Hz"), "rate \(rate)")
            #expect(e?.description.contains("'sample rate' is \(rate) Hz") == true)
        }
    }

    @Test func absurdChannelCountsAreRefused() {
        let e = error(channels: 65_535)
        #expect(e == .implausibleHeader(file: "t.wav", field: "channels", value: 65_535, allowed: WAVLimits.channels, unit: ""))
        #expect(e?.description.hasPrefix("t.wav: header field 'channels' is 65535") == true)
    }

    @Test func ratesAtTheLimitsDecodeAndResampleBounded() throws {
        for rate: UInt32 in [1_000, 8_000, 768_000] {
            #expect(error(rate: rate) == nil)
        }
        // The lowest rate gives the most output: 16 samples per input sample, no more.
        let file = TestWAV.file(fmt: TestWAV.fmtBody(code: 1, channels: 1, rate: 1_000, bits: 16), data: data)
        let wav = try WAVReader.decode(file, name: "t.wav")
        let out = wav.int16Mono16k()
        #expect(wav.samples.count == 10_000)
        #expect(out.count == 160_000)
        #expect(Resampler(inputRate: 1_000, outputRate: 16_000).outputCount(forInputCount: 10_000)
                <= 10_000 * Resampler.maximumUpsampling)
    }

    @Test func streamingPlaceholderSizeIsAWarningNotAnError() throws {
        // Writers that stream (arecord to a pipe) leave 0xFFFFFFFF in the data size.
        var w = TestWAV()
        w.chunk("fmt ", TestWAV.fmtBody(code: 1, channels: 1, rate: 16_000, bits: 16))
        w.ascii("data"); w.u32(0xFFFF_FFFF); w.bytes += [1, 0, 2, 0]
        let wav = try WAVReader.decode(TestWAV.riff(w.bytes), name: "t.wav")
        #expect(wav.samples.count == 2)
        #expect(wav.warnings == [.truncatedDataChunk(declaredBytes: 0xFFFF_FFFF, availableBytes: 4)])
    }
}
