// What a real recording's header can say. Telephone audio is 8 kHz and studio audio at
// most 768 kHz; anything outside is a damaged header, not a recording, and believing it
// would make a 20 KB file "resample" into hours of audio.

public enum WAVLimits {
    /// Sample rates accepted, in Hz. The lower bound also bounds resampling to 16 kHz:
    /// at most 16 output samples per input sample.
    public static let sampleRates: ClosedRange<Int> = 1_000 ... 768_000
    /// Channel counts accepted (mono up to a large microphone array or 22.2 surround).
    public static let channels: ClosedRange<Int> = 1 ... 64
}
