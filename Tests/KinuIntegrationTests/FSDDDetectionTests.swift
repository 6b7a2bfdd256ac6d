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
                        listener.listen(samples) { events.append((Int($0.startMilliseconds), Int($0.endMilliseconds))) }
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
    /// the loudest one. (FSDD clips are trimmed, but some keep ~200 ms of near-silence.) A
    /// burst at either end of at most 120 ms, parted from the rest by 40 ms or more under
    /// that level (a click or a breath before or after the word), is not part of it: the
    /// detector leaves such edge clicks out (`DetectorConfig.clickFrames`).
    func loudExtent(_ clip: [Int16]) -> (Int, Int) {
        let block = 160
        let energies = stride(from: 0, to: clip.count, by: block).map { start in
            clip[start..<min(clip.count, start + block)].reduce(0.0) { $0 + Double($1) * Double($1) }
        }
        let threshold = energies.max()! / 1_000
        // Loud stretches, joined across gaps shorter than 40 ms.
        var parts: [(first: Int, last: Int)] = []
        for (i, e) in energies.enumerated() where e >= threshold {
            if let part = parts.last, i - part.last - 1 < 4 { parts[parts.count - 1].last = i } else { parts.append((i, i)) }
        }
        let loudest = energies.indices.max { energies[$0] < energies[$1] }!
        let isBurst = { (part: (first: Int, last: Int)) in part.last - part.first + 1 <= 12 && !(part.first...part.last).contains(loudest) }
        while parts.count > 1, isBurst(parts[0]) { parts.removeFirst() }
        while parts.count > 1, isBurst(parts[parts.count - 1]) { parts.removeLast() }
        return (parts[0].first * 10, min(clip.count / 16, (parts[parts.count - 1].last + 1) * 10))
    }
}
