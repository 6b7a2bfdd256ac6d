/// A time on the audio clock, in milliseconds since the device started listening.
/// 64-bit: the M4's 32-bit Int would overflow after 24.8 days, and a device stays on.
public typealias Milliseconds = Int64

/// The device's fixed numbers, in one place. All times are milliseconds of audio.
public enum DeviceTiming {
    /// Samples per audio block, as a DMA half-buffer delivers them (16 ms at 16 kHz).
    /// Host and firmware must use the same size: buttons and timers are handled at block
    /// boundaries, so the same block size gives the same log.
    public static let blockSize = 256
    /// Audio clock: samples per millisecond at 16 kHz.
    public static let samplesPerMillisecond = 16
    /// A press held this long is a long press (fires while still held).
    public static let longPressMilliseconds: Milliseconds = 1_000
    /// After a short press on a pad, a sound must begin within this time to be taught (one
    /// begun in time is heard out, however late it ends).
    public static let teachWindowMilliseconds: Milliseconds = 4_000
    /// A taught event may start this much before the press (the press and the clap come
    /// together; the detector keeps a little pre-roll). An event that started earlier was
    /// already under way at the press and is not the one being taught.
    public static let teachGraceMilliseconds: Milliseconds = 300
    /// The second MODE long press must come within this time to forget everything.
    public static let confirmWindowMilliseconds: Milliseconds = 4_000
    /// How long "heard", "unsure" and "learned" stay on the LEDs.
    public static let highlightMilliseconds: Milliseconds = 1_000
}
