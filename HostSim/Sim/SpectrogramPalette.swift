/// Colours for feature values, shared by the terminal pictures and the PNG: dark for
/// quiet, through purple and red to yellow for loud (readable on dark terminals).
enum SpectrogramPalette {
    /// Band value (log2 energy, Q8) to 0...1: from about -78 dB (0) to -6 dB (1).
    static func level(_ q8: Int16) -> Double {
        let octaves = Double(q8) / 256
        return max(0, min(1, (octaves + 26) / 24))
    }

    private static let stops: [(Double, Double, Double)] = [
        (0, 0, 4), (40, 11, 84), (101, 21, 110), (159, 42, 99), (212, 72, 66), (245, 125, 21), (250, 193, 39), (252, 255, 164),
    ]

    /// RGB for a 0...1 level.
    static func rgb(_ level: Double) -> (UInt8, UInt8, UInt8) {
        let x = max(0, min(1, level)) * Double(stops.count - 1)
        let i = min(Int(x), stops.count - 2)
        let f = x - Double(i)
        let (a, b) = (stops[i], stops[i + 1])
        func mix(_ p: Double, _ q: Double) -> UInt8 { UInt8(max(0, min(255, (p + (q - p) * f).rounded()))) }
        return (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// The nearest colour of the xterm 256-colour cube (works in tmux and old terminals).
    static func xterm256(_ level: Double) -> Int {
        let (r, g, b) = rgb(level)
        func step(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
        return 16 + 36 * step(r) + 6 * step(g) + step(b)
    }
}
