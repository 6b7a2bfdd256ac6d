import KinuDSP

/// How tonal each octave of the spectrum is, measured on every fourth frame: the
/// peakiness log2(n sum p^2 / (sum p)^2) of the octave's n FFT bins, in 1/32 octave
/// (from the mel kernel, `kinu_mel_log2_q8`). 0 for bins all alike, about 32 (one octave)
/// for noise (rain, waves, crackling), up to 32 log2 n where one harmonic holds the power
/// (an engine, a rooster, a cry). The mel bands smooth this away, so the template's
/// statistics get it from here.
///
/// Frame f is measured when f is a multiple of `frameStep` (frames counted from the
/// start of the stream, as `SoundEvent.startFrame`). The newest `slots` measurements are
/// kept in a ring: 104 frames. An event is handed out at most `DetectorConfig.maxFrames`
/// frames after it began, so its frames are all still there while that is at most 100
/// (`SoundListener` checks it).
public struct SpectralPeaks {
    public static let octaves = Int(KINU_PEAK_OCTAVES)   // the arity of `Octaves`
    public static let frameStep = 4
    public static let slots = 26

    /// `slots` x `octaves` bytes; slot (f / frameStep) % slots holds frame f's octaves.
    public private(set) var ring = [UInt8](repeating: 0, count: slots * octaves)

    public init() {}

    @inline(__always)
    public static func isMeasured(frame: Int) -> Bool { frame % frameStep == 0 }

    /// Offset in `ring` of measured frame `frame`'s first octave.
    @inline(__always)
    public static func offset(ofFrame frame: Int) -> Int { (frame / frameStep) % slots * octaves }

    /// One frame's octaves, lowest first.
    public typealias Octaves = (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)

    /// Stores measured frame `frame`'s octaves.
    mutating func store(frame: Int, _ octaves: Octaves) {
        let at = Self.offset(ofFrame: frame)
        ring[at] = octaves.0; ring[at + 1] = octaves.1; ring[at + 2] = octaves.2
        ring[at + 3] = octaves.3; ring[at + 4] = octaves.4; ring[at + 5] = octaves.5
    }

    mutating func reset() {
        for i in ring.indices { ring[i] = 0 }
    }
}
