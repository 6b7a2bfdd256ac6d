import Foundation
import KinuCore

/// Double-precision reference of every front-end stage (host only: tests and benchmarks), written from the definitions
/// (not from Tables.swift), so it checks the generated tables too.
public enum FloatFrontEnd {
    public static let sampleRate = 16_000.0
    public static let fftSize = 512

    public static func hann(_ n: Int) -> Double {
        0.5 - 0.5 * cos(2 * .pi * Double(n) / Double(FrontEndConfig.windowLength))
    }

    public static func mel(_ f: Double) -> Double { 2595 * log10(1 + f / 700) }
    public static func hz(_ m: Double) -> Double { 700 * (pow(10, m / 2595) - 1) }

    /// Triangular filter weights, [band][bin], bins 0...256.
    public static let melWeights: [[Double]] = {
        let bands = FrontEndConfig.bandCount
        let low = mel(125), high = mel(7500)
        let edges = (0..<(bands + 2)).map { hz(low + (high - low) * Double($0) / Double(bands + 1)) * Double(fftSize) / sampleRate }
        return (0..<bands).map { j in
            (0...(fftSize / 2)).map { k in
                let f = Double(k)
                if f >= edges[j] && f < edges[j + 1] { return (f - edges[j]) / (edges[j + 1] - edges[j]) }
                if f >= edges[j + 1] && f < edges[j + 2] { return (edges[j + 2] - f) / (edges[j + 2] - edges[j + 1]) }
                return 0
            }
        }
    }()

    /// Complex DFT, iterative radix-2 (size a power of two).
    public static func fft(_ re: [Double], _ im: [Double]) -> ([Double], [Double]) {
        var re = re, im = im
        let n = re.count
        var j = 0
        for i in 1..<n {
            var bit = n >> 1
            while j & bit != 0 { j ^= bit; bit >>= 1 }
            j |= bit
            if i < j { re.swapAt(i, j); im.swapAt(i, j) }
        }
        var size = 2
        while size <= n {
            let step = -2 * Double.pi / Double(size)
            for k in 0..<(size / 2) {
                let c = cos(step * Double(k)), s = sin(step * Double(k))
                var start = 0
                while start < n {
                    let a = start + k, b = a + size / 2
                    let tr = re[b] * c - im[b] * s, ti = re[b] * s + im[b] * c
                    re[b] = re[a] - tr; im[b] = im[a] - ti
                    re[a] += tr; im[a] += ti
                    start += size
                }
            }
            size *= 2
        }
        return (re, im)
    }

    /// Power spectrum (bins 0...256) of one window of samples (as x/32768), mean removed.
    public static func powerSpectrum(_ window: ArraySlice<Int16>) -> [Double] {
        let x = window.map { Double($0) / 32768 }
        let mean = x.reduce(0, +) / Double(x.count)
        var re = [Double](repeating: 0, count: fftSize)
        for (n, v) in x.enumerated() { re[n] = (v - mean) * hann(n) }
        let (r, i) = fft(re, [Double](repeating: 0, count: fftSize))
        return (0...(fftSize / 2)).map { r[$0] * r[$0] + i[$0] * i[$0] }
    }

    /// Mel band energies (linear) of one window.
    public static func melEnergies(_ window: ArraySlice<Int16>) -> [Double] {
        let power = powerSpectrum(window)
        return melWeights.map { w in zip(w, power).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    /// FFT bins of each octave whose peakiness `SpectralPeaks` measures.
    public static let peakOctaves = [5..<8, 8..<15, 15..<33, 33..<64, 64..<128, 128..<240]

    /// Each octave's peakiness, log2(n sum p^2 / (sum p)^2) in 1/32 octave (0 for an octave
    /// with no power), of one window.
    public static func peakiness(_ window: ArraySlice<Int16>) -> [Double] {
        let power = powerSpectrum(window)
        return peakOctaves.map { bins in
            let total = bins.reduce(0.0) { $0 + power[$1] }, squares = bins.reduce(0.0) { $0 + power[$1] * power[$1] }
            return total > 0 ? 32 * log2(Double(bins.count) * squares / (total * total)) : 0
        }
    }

    /// The peakiness of every measured frame (`SpectralPeaks.isMeasured`), nil for the others.
    public static func peaks(_ samples: [Int16]) -> [[Double]?] {
        let length = FrontEndConfig.windowLength, hop = FrontEndConfig.hopLength
        var frames: [[Double]?] = []
        var start = 0
        while start + length <= samples.count {
            frames.append(SpectralPeaks.isMeasured(frame: frames.count) ? peakiness(samples[start..<(start + length)]) : nil)
            start += hop
        }
        return frames
    }

    /// The peakiness of the measured frames among `frames` (stream frame numbers).
    public static func peaks(_ all: [[Double]?], frames: Range<Int>) -> [[Double]] {
        frames.compactMap { $0 < all.count ? all[$0] : nil }
    }

    /// log2 band energies of every frame, floored like the fixed-point front end.
    public static func features(_ samples: [Int16]) -> [[Double]] {
        let length = FrontEndConfig.windowLength, hop = FrontEndConfig.hopLength
        let floor = Double(FrontEndConfig.floorQ8) / 256
        var frames: [[Double]] = []
        var start = 0
        while start + length <= samples.count {
            frames.append(melEnergies(samples[start..<(start + length)]).map { e in e > 0 ? max(floor, log2(e)) : floor })
            start += hop
        }
        return frames
    }
}
