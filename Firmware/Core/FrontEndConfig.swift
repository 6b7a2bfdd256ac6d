/// The front end's fixed shape. Tables.swift is generated for exactly these values
/// (tools/gen_tables.py); the tests check that the two agree.
public enum FrontEndConfig {
    /// Samples per analysis window: 30 ms at 16 kHz.
    public static let windowLength = 480
    /// Samples between frames: 20 ms, so 50 frames per second.
    public static let hopLength = 320
    /// Mel bands between 125 Hz and 7500 Hz.
    public static let bandCount = 40
    /// Feature value of a band with no energy (digital silence): -30 octaves of power
    /// below a full-scale band, i.e. about -90 dB. Features are log2(energy) in Q8.
    public static let floorQ8: Int16 = -30 * 256
}
