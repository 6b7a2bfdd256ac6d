import CALSA
import Foundation
import KinuHostKit

/// Records from an ALSA capture device by name (`default`, `hw:1,0`, `plughw:…`, or a PCM
/// defined in an ALSA configuration file) and hands out 16 kHz mono Int16 samples, one
/// period at a time. Converts whatever sample format and channel count the device
/// insists on, and resamples from its rate with KinuHostKit's filter.
public final class ALSACapture {
    public let device: String
    /// What the device agreed to.
    public let format: DeviceSampleFormat
    public let channels: Int
    public let rate: Int
    public let periodFrames: Int
    /// Overruns (the program fell behind and the device dropped audio), each recovered.
    public var overruns: Int { recovery.overruns }
    /// Called as soon as an overrun is recovered, with the total so far.
    public var onOverrun: ((Int) -> Void)?
    private var recovery = CaptureRecovery()

    private var pcm: OpaquePointer?
    private var buffer: [UInt8]
    private var resampler: StreamingResampler?

    /// The rate the device logic works at.
    public static let targetRate = 16_000

    /// Opens `device` for capture. `periodFrames` is at the target rate (256 = one device
    /// block, 16 ms).
    public init(device: String, periodFrames wantedPeriod: Int = 256) throws(CaptureError) {
        kinu_alsa_silence_errors()
        self.device = device
        var handle: OpaquePointer?
        // Non-blocking open: a device held by another program fails at once with EBUSY
        // instead of hanging until it is free.
        let opened = snd_pcm_open(&handle, device, SND_PCM_STREAM_CAPTURE, SND_PCM_NONBLOCK)
        guard opened >= 0, let handle else { throw CaptureError.opening(device, code: opened) }
        pcm = handle
        do {
            let agreed = try Self.configure(handle, device: device, wantedPeriod: wantedPeriod)
            (format, channels, rate, periodFrames) = agreed
        } catch {
            snd_pcm_close(handle)
            pcm = nil
            throw error
        }
        buffer = [UInt8](repeating: 0, count: periodFrames * channels * format.bytesPerSample)
        if rate != Self.targetRate { resampler = StreamingResampler(inputRate: rate, outputRate: Self.targetRate) }
        let started = snd_pcm_start(handle)
        if started < 0 && started != -EBADFD {
            throw CaptureError.readFailed(device: device, detail: "cannot start capture: \(CaptureError.text(started))")
        }
    }

    deinit { close() }

    public func close() {
        if let pcm { snd_pcm_close(pcm) }
        pcm = nil
    }

    /// A one-line summary, e.g. "default: S16_LE 2 ch 44100 Hz, resampled to 16000 Hz mono".
    public var summary: String {
        var s = "\(device): \(format.rawValue) \(channels == 1 ? "mono" : "\(channels) ch") \(rate) Hz"
        if rate != Self.targetRate || channels != 1 { s += " → 16000 Hz mono" }
        return s
    }

    /// Waits up to `timeoutMilliseconds` for one period and returns it as 16 kHz mono
    /// (empty when nothing arrived in time). Overruns and transient errors are recovered
    /// (`CaptureRecovery`); errors that persist are thrown.
    public func read(timeoutMilliseconds: Int32 = 200) throws(CaptureError) -> [Int16] {
        guard let pcm else { return [] }
        let ready = snd_pcm_wait(pcm, timeoutMilliseconds)
        if ready == 0 { return [] }
        if ready < 0 { try recover(from: ready); return [] }
        let got = buffer.withUnsafeMutableBytes { snd_pcm_readi(pcm, $0.baseAddress, snd_pcm_uframes_t(periodFrames)) }
        if got == -Int(EAGAIN) { return [] }   // non-blocking: nothing yet, not an error
        if got < 0 { try recover(from: Int32(got)); return [] }
        recovery.succeeded()
        let mono = buffer.withUnsafeBytes { format.mono($0, frames: Int(got), channels: channels) }
        guard var resampler else { return mono.clampedToInt16() }
        let out = resampler.process(mono)
        self.resampler = resampler
        return out.clampedToInt16()
    }

    /// Handles a failed wait or read with code `code` (negative errno).
    func recover(from code: Int32) throws(CaptureError) {
        guard let pcm else { return }
        switch recovery.failed(code: code, text: CaptureError.text(code)) {
        case .giveUp(let detail):
            throw CaptureError.readFailed(device: device, detail: detail)
        case .overrun(let count):
            try restart(pcm, after: code)
            onOverrun?(count)
        case .retry(let pause):
            usleep(useconds_t(pause * 1000))
            try restart(pcm, after: code)
        }
    }

    /// Brings the stream back to capturing: snd_pcm_recover knows overruns, suspends and
    /// signals; for anything else the stream is prepared again.
    private func restart(_ pcm: OpaquePointer, after code: Int32) throws(CaptureError) {
        var status = snd_pcm_recover(pcm, code, 1)
        if status < 0 { status = snd_pcm_prepare(pcm) }
        if status < 0 {
            throw CaptureError.readFailed(device: device, detail: "\(CaptureError.text(code)), and it could not be restarted "
                                          + "(\(CaptureError.text(status)))")
        }
        _ = snd_pcm_start(pcm)
    }

    /// Negotiates interleaved access, the best format, mono if possible, the rate nearest
    /// 16 kHz and a period of about 16 ms.
    private static func configure(
        _ pcm: OpaquePointer, device: String, wantedPeriod: Int
    ) throws(CaptureError) -> (DeviceSampleFormat, Int, Int, Int) {
        var params: OpaquePointer?
        guard snd_pcm_hw_params_malloc(&params) >= 0, let params else {
            throw .unsupported(device: device, detail: "out of memory")
        }
        defer { snd_pcm_hw_params_free(params) }
        func check(_ code: Int32, _ what: String) throws(CaptureError) {
            if code < 0 { throw .unsupported(device: device, detail: "\(what): \(CaptureError.text(code))") }
        }
        try check(snd_pcm_hw_params_any(pcm, params), "no configuration")
        try check(snd_pcm_hw_params_set_access(pcm, params, SND_PCM_ACCESS_RW_INTERLEAVED), "interleaved access")

        let candidates: [(DeviceSampleFormat, snd_pcm_format_t)] = [
            (.s16, SND_PCM_FORMAT_S16_LE), (.s32, SND_PCM_FORMAT_S32_LE), (.float32, SND_PCM_FORMAT_FLOAT_LE),
            (.s24, SND_PCM_FORMAT_S24_LE), (.s24Packed, SND_PCM_FORMAT_S24_3LE), (.u8, SND_PCM_FORMAT_U8),
        ]
        guard let chosen = candidates.first(where: { snd_pcm_hw_params_test_format(pcm, params, $0.1) == 0 }) else {
            throw .unsupported(device: device, detail: "none of the sample formats "
                + candidates.map(\.0.rawValue).joined(separator: ", ") + " is offered")
        }
        try check(snd_pcm_hw_params_set_format(pcm, params, chosen.1), "format \(chosen.0.rawValue)")

        var channels: UInt32 = 1
        try check(snd_pcm_hw_params_set_channels_near(pcm, params, &channels), "channels")
        var rate = UInt32(targetRate)
        var direction: Int32 = 0
        try check(snd_pcm_hw_params_set_rate_near(pcm, params, &rate, &direction), "sample rate")
        var period = snd_pcm_uframes_t(max(32, wantedPeriod * Int(rate) / targetRate))
        try check(snd_pcm_hw_params_set_period_size_near(pcm, params, &period, &direction), "period size")
        // A few periods of slack, so a slow redraw does not overrun.
        var bufferSize = period * 16
        try check(snd_pcm_hw_params_set_buffer_size_near(pcm, params, &bufferSize), "buffer size")
        try check(snd_pcm_hw_params(pcm, params), "applying the settings")
        try check(snd_pcm_prepare(pcm), "preparing")
        return (chosen.0, Int(channels), Int(rate), Int(period))
    }
}
