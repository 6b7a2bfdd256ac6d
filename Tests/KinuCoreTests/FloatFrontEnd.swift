import Foundation
@testable import KinuCore

/// Double-precision reference of every front-end stage, written from the definitions
/// (not from Tables.swift), so it checks the generated tables too.
enum FloatFrontEnd {
    static let sampleRate = 16_000.0
    static let fftSize = 512

    static func hann(_ n: Int) -> Double {
        0.5 - 0.5 * cos(2 * .pi * Double(n) / Double(FrontEndConfig.windowLength))
    }

    static func mel(_ f: Double) -> Double { 2595 * log10(1 + f / 700) }
    static func hz(_ m: Double) -> Double { 700 * (pow(10, m / 2595) - 1) }

    /// Triangular filter weights, [band][bin], bins 0...256.
    static let melWeights: [[Double]] = {
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

    /// Complex DFT by recursive radix-2 FFT (size a power of two).
    static func fft(_ re: [Double], _ im: [Double]) -> ([Double], [Double]) {
        let n = re.count
        if n == 1 { return (re, im) }
        let evenIdx = stride(from: 0, to: n, by: 2), oddIdx = stride(from: 1, to: n, by: 2)
        let (er, ei) = fft(evenIdx.map { re[$0] }, evenIdx.map { im[$0] })
        let (or, oi) = fft(oddIdx.map { re[$0] }, oddIdx.map { im[$0] })
        var outR = [Double](repeating: 0, count: n), outI = outR
        for k in 0..<(n / 2) {
            let angle = -2 * Double.pi * Double(k) / Double(n)
            let c = cos(angle), s = sin(angle)
            let tr = or[k] * c - oi[k] * s, ti = or[k] * s + oi[k] * c
            outR[k] = er[k] + tr; outI[k] = ei[k] + ti
            outR[k + n / 2] = er[k] - tr; outI[k + n / 2] = ei[k] - ti
        }
        return (outR, outI)
    }

    /// Power spectrum (bins 0...256) of one window of samples (as x/32768), mean removed.
    static func powerSpectrum(_ window: ArraySlice<Int16>) -> [Double] {
        let x = window.map { Double($0) / 32768 }
        let mean = x.reduce(0, +) / Double(x.count)
        var re = [Double](repeating: 0, count: fftSize)
        for (n, v) in x.enumerated() { re[n] = (v - mean) * hann(n) }
        let (r, i) = fft(re, [Double](repeating: 0, count: fftSize))
        return (0...(fftSize / 2)).map { r[$0] * r[$0] + i[$0] * i[$0] }
    }

    /// Mel band energies (linear) of one window.
    static func melEnergies(_ window: ArraySlice<Int16>) -> [Double] {
        let power = powerSpectrum(window)
        return melWeights.map { w in zip(w, power).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    /// log2 band energies of every frame, floored like the fixed-point front end.
    static func features(_ samples: [Int16]) -> [[Double]] {
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
