import Foundation
import Testing
import KinuCore

/// The detector on real recordings: every FSDD clip of the official test split (takes
/// 0-4: 200 clips), placed in a quiet room, gives exactly one event, and that event
/// covers the spoken digit.
@Suite(.enabled(if: TestData.hasFSDD, "needs ../shared/data/fsdd (absent in a fresh clone)"))
struct FSDDDetectionTests {
    @Test func everyClipGivesOneEventCoveringTheDigit() throws {
        let speakers = ["jackson", "nicolas", "theo", "yweweler"]
        var failures: [String] = []
        for speaker in speakers {
            for digit in 0...9 {
                for take in 0...4 {
                    let name = "\(digit)_\(speaker)_\(take).wav"
                    let clip = try TestData.fsddClip(name)
                    let lead = 9_600                                   // 0.6 s of room first
                    let stream = place(clip, in: roomNoise(lead + clip.count + 8_000, seed: UInt64(take + 1)), at: lead)
                    var listener = SoundListener()
                    var events: [(Int, Int)] = []
                    stream.withUnsafeBufferPointer { samples in
                        listener.listen(samples) { events.append(($0.startMilliseconds, $0.endMilliseconds)) }
                    }
                    let (loudStart, loudEnd) = loudExtent(clip)
                    let clipStart = lead / 16, clipEnd = (lead + clip.count) / 16
                    guard events.count == 1 else { failures.append("\(name): \(events.count) events \(events)"); continue }
                    let (start, end) = events[0]
                    // Covers the digit: all of its loud part (within 30 dB of the peak), and
                    // no more than 150 ms of the room on either side of the clip.
                    if start > clipStart + loudStart || end < clipStart + loudEnd || start < clipStart - 150 || end > clipEnd + 150 {
                        failures.append("\(name): event \(start)-\(end) ms, clip \(clipStart)-\(clipEnd) ms, loud part +\(loudStart)-\(loudEnd)")
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of 200 clips: \(failures.prefix(10))")
    }

    /// First and last millisecond of a clip's loud part: the 10 ms blocks within 30 dB of
    /// the loudest one. (FSDD clips are trimmed, but some keep ~200 ms of near-silence.)
    func loudExtent(_ clip: [Int16]) -> (Int, Int) {
        let block = 160
        let energies = stride(from: 0, to: clip.count, by: block).map { start in
            clip[start..<min(clip.count, start + block)].reduce(0.0) { $0 + Double($1) * Double($1) }
        }
        let threshold = energies.max()! / 1_000
        let first = energies.firstIndex { $0 >= threshold }!, last = energies.lastIndex { $0 >= threshold }!
        return (first * 10, min(clip.count / 16, (last + 1) * 10))
    }
}
