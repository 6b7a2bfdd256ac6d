/// Per-coefficient scales from cepstra (Q8 octaves) to int8 template values:
/// stored = c * scale / 2^12, i.e. scale / 16 steps per octave. They equalise the
/// coefficients so each counts about as much in a distance (higher cepstra vary less but
/// carry as much of the sound).
public enum TemplateScale {
    public static let sequence: [Int16] = [96, 160, 224, 256, 288, 320, 352, 384, 384, 384, 384, 384, 384]
    public static let mean: [Int16] = [0, 128, 192, 224, 256, 288, 320, 352, 352, 352, 352, 352, 352]
    public static let deviation: [Int16] = [128, 224, 320, 384, 416, 448, 480, 512, 512, 512, 512, 512, 512]
}
