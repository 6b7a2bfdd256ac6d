// WAV reader and resampler on any bytes: decode must throw or return samples, and the
// 16 kHz output stays within its bound (never hours of audio from a small file).
import Foundation
import KinuHostKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWAVReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard let wav = try? WAVReader.decode(bytes, name: "fuzz.wav") else { return 0 }
    precondition(WAVLimits.sampleRates.contains(wav.sampleRate) && WAVLimits.channels.contains(wav.format.channels))
    precondition(wav.samples.count * wav.format.bytesPerFrame <= size, "more frames than bytes")
    let out = wav.int16Mono16k()
    precondition(out.count <= wav.samples.count * Resampler.maximumUpsampling + 1, "resampler output unbounded")
    // The streaming form in uneven blocks gives the same samples as the one-shot form.
    if wav.sampleRate != 16_000 && wav.samples.count < 4_096 {
        var stream = StreamingResampler(inputRate: wav.sampleRate, outputRate: 16_000)
        var streamed: [Float] = []
        var at = 0, block = 1
        while at < wav.samples.count {
            let end = min(wav.samples.count, at + block)
            streamed += stream.process(wav.samples[at ..< end])
            at = end
            block = block * 3 % 509 + 1
        }
        streamed += stream.finish()
        precondition(WAVFile.quantize(streamed) == out, "streaming and one-shot resampling differ")
    }
    return 0
}
