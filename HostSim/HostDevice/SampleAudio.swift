import Foundation
import KinuDevice

/// Audio from memory (a decoded WAV file): as fast as the device takes it, or paced at
/// 16 kHz against the wall clock so a person can watch and press keys along.
public struct SampleAudio: AudioInput {
    private let samples: [Int16]
    public private(set) var position = 0
    private let realTime: Bool
    private var started: Date?
    /// Set from outside (a quit key, Ctrl-C) to end the audio early.
    private let stop: StopFlag

    public init(samples: [Int16], realTime: Bool = false, stop: StopFlag = StopFlag()) {
        self.samples = samples
        self.realTime = realTime
        self.stop = stop
    }

    public var seconds: Double { Double(samples.count) / 16_000 }

    /// `samples` followed by `silenceAfterRecording`: what a run on a file hears.
    public static func file(_ samples: [Int16]) -> [Int16] {
        samples + [Int16](repeating: 0, count: silenceAfterRecording)
    }

    public mutating func readAudio(into block: UnsafeMutableBufferPointer<Int16>) -> Int {
        if stop.isSet { return 0 }
        let count = min(block.count, samples.count - position)
        if realTime, count > 0 {
            // The block ends at position + count: wait until the wall clock gets there.
            let start = started ?? Date()
            started = start
            let due = start.addingTimeInterval(Double(position + count) / 16_000)
            let wait = due.timeIntervalSinceNow
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        }
        for i in 0 ..< count { block[i] = samples[position + i] }
        position += count
        return count
    }
}

/// A flag one part of the program sets (a key, a signal handler's poll) and the audio
/// source reads, to end the run cleanly through the device's normal end.
public final class StopFlag: @unchecked Sendable {
    private var flag = false
    public init() {}
    public var isSet: Bool { flag }
    public func set() { flag = true }
}
