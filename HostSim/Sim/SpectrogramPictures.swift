import KinuCore

/// The inspect pictures: a terminal spectrogram (40 bands as 20 rows of half blocks, or
/// ASCII shades without colour) and a PNG image, both with the detected events marked.
struct TerminalSpectrogram {
    let analysis: FeatureAnalysis
    let width: Int
    let color: Bool

    func render() -> String {
        let frames = analysis.frames
        guard !frames.isEmpty else { return "(too short for a single 30 ms frame)" }
        let perColumn = max(1, (frames.count + width - 1) / width)
        let columns = stride(from: 0, to: frames.count, by: perColumn).map { start -> (bands: [Int16], event: Bool) in
            let group = frames[start ..< min(frames.count, start + perColumn)]
            let bands = (0 ..< FeatureBands.count).map { b in group.map { $0[b] }.max()! }
            return (bands, (start ..< start + group.count).contains { analysis.inEvent($0) })
        }
        var lines: [String] = []
        let esc = "\u{1B}["
        let shades = Array(" .:-=+*#%@")
        for row in 0 ..< FeatureBands.count / 2 {
            let topBand = FeatureBands.count - 1 - row * 2, bottomBand = topBand - 1
            var line = row == 0 ? "7.5k  " : row == FeatureBands.count / 2 - 1 ? "125   " : "      "
            for column in columns {
                let top = SpectrogramPalette.level(column.bands[topBand])
                let bottom = SpectrogramPalette.level(column.bands[bottomBand])
                if color {
                    line += "\(esc)38;5;\(SpectrogramPalette.xterm256(top))m\(esc)48;5;\(SpectrogramPalette.xterm256(bottom))m▀"
                } else {
                    line.append(shades[min(shades.count - 1, Int((top + bottom) / 2 * Double(shades.count)))])
                }
            }
            lines.append(line + (color ? "\(esc)0m" : ""))
        }
        lines.append("event " + columns.map { $0.event ? "━" : " " }.joined())
        let seconds = Double(frames.count) * 0.02
        let axis = String(format: "0 s%@%.2f s", String(repeating: " ", count: max(1, columns.count - 8)), seconds)
        lines.append("      " + axis)
        if perColumn > 1 { lines.append("      (each column is \(perColumn * 20) ms)") }
        return lines.joined(separator: "\n")
    }
}

/// The PNG picture: 3 pixels per 20 ms frame, 4 pixel rows per band (high bands on top),
/// and a strip under it that is white where the detector found an event.
struct SpectrogramImage {
    static let xScale = 3, yScale = 4, strip = 8
    let width: Int
    let height: Int
    let pixels: [UInt8]

    init(analysis: FeatureAnalysis) {
        let frames = analysis.frames
        width = max(1, frames.count * Self.xScale)
        height = FeatureBands.count * Self.yScale + Self.strip
        var p = [UInt8](repeating: 0, count: width * height * 3)
        for (f, frame) in frames.enumerated() {
            let event = analysis.inEvent(f)
            for y in 0 ..< height {
                let (r, g, b): (UInt8, UInt8, UInt8)
                if y >= FeatureBands.count * Self.yScale {
                    (r, g, b) = y == FeatureBands.count * Self.yScale ? (40, 40, 40) : event ? (240, 240, 240) : (20, 20, 20)
                } else {
                    let band = FeatureBands.count - 1 - y / Self.yScale
                    (r, g, b) = SpectrogramPalette.rgb(SpectrogramPalette.level(frame[band]))
                }
                for x in f * Self.xScale ..< (f + 1) * Self.xScale {
                    let i = (y * width + x) * 3
                    p[i] = r; p[i + 1] = g; p[i + 2] = b
                }
            }
        }
        pixels = p
    }
}

enum FeatureBands {
    static let count = FrontEnd.bandCount
}
