import Foundation
import KinuCore

/// What the interface shows about the sound itself: the input level with a clipping
/// warning, and a scrolling strip of the same log-mel features the device computes.
final class LiveMonitor {
    /// Columns kept for the strip (each `framesPerColumn` frames of 20 ms).
    let capacity: Int
    static let framesPerColumn = 2
    private(set) var columns: [[Int16]] = []
    private var pending: [Int16]?
    private var pendingFrames = 0
    private var frontEnd = FrontEnd()

    /// Level of the last ~0.25 s, in dBFS (RMS and peak).
    private(set) var rmsDB = -96.0
    private(set) var peakDB = -96.0
    /// Samples at full scale (clipped) in the last ~1.5 s.
    private(set) var clippedRecently = false
    private var recentPeaks: [Double] = []
    private var recentRMS: [Double] = []
    private var blocksSinceClip = Int.max

    init(capacity: Int = 160) { self.capacity = capacity }

    func hear(_ block: UnsafeBufferPointer<Int16>) {
        var sumSquares = 0.0
        var peak = 0
        for s in block {
            let v = abs(Int(s))
            peak = max(peak, v)
            sumSquares += Double(v * v)
        }
        blocksSinceClip = peak >= 32_767 ? 0 : min(blocksSinceClip, 1_000) + 1
        clippedRecently = blocksSinceClip < 94   // 94 blocks of 16 ms
        recentPeaks.append(Double(peak)); recentRMS.append(sumSquares / Double(max(1, block.count)))
        if recentPeaks.count > 16 { recentPeaks.removeFirst(); recentRMS.removeFirst() }
        peakDB = Self.dB(recentPeaks.max() ?? 0)
        rmsDB = Self.dB((recentRMS.reduce(0, +) / Double(recentRMS.count)).squareRoot())

        var start = 0
        while start < block.count {
            let (taken, ready) = frontEnd.consume(block, from: start)
            start += taken
            if ready { addFrame(frontEnd.features) }
        }
    }

    private func addFrame(_ frame: [Int16]) {
        if var column = pending {
            for i in column.indices { column[i] = max(column[i], frame[i]) }
            pending = column
        } else {
            pending = frame
        }
        pendingFrames += 1
        if pendingFrames == Self.framesPerColumn, let column = pending {
            columns.append(column)
            if columns.count > capacity { columns.removeFirst(columns.count - capacity) }
            pending = nil
            pendingFrames = 0
        }
    }

    static func dB(_ amplitude: Double) -> Double {
        amplitude < 1 ? -96 : 20 * log10(amplitude / 32_768)
    }
}
