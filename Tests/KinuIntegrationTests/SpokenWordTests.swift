import Foundation
import Testing
import KinuCore

/// Learning real speech made on the spot by espeak-ng: teach each word once in one
/// voice, then recognise it said faster, slower, higher and lower.
@Suite(.enabled(if: TestData.hasEspeak, "needs espeak-ng (make deps installs it)"))
struct SpokenWordTests {
    let words = ["zero", "seven", "banana", "hello", "stop"]

    /// The one event the listener finds in `speech` placed in a quiet room.
    func event(_ speech: [Int16]) -> SoundEvent? {
        let lead = 9_600
        let stream = place(speech, in: roomNoise(lead + speech.count + 8_000), at: lead)
        var listener = SoundListener()
        var found: [SoundEvent] = []
        stream.withUnsafeBufferPointer { samples in
            listener.listen(samples) { found.append(SoundEvent(features: Array($0.features), frameCount: $0.frameCount, startFrame: $0.startFrame, peaks: Array($0.peaks))) }
        }
        return found.max { $0.frameCount < $1.frameCount }
    }

    @Test func wordsTaughtOnceAreRecognisedInOtherDeliveries() throws {
        var learner = SoundLearner()
        for (c, word) in words.enumerated() {
            let taught = try #require(event(try TestData.spoken(word)), "no event for '\(word)'")
            learner.learn(taught, classIndex: c)
        }
        var wrong: [String] = []
        for (c, word) in words.enumerated() {
            for (speed, pitch) in [(130, 50), (175, 50), (150, 35), (150, 65)] {
                guard let heard = event(try TestData.spoken(word, speed: speed, pitch: pitch)) else {
                    wrong.append("\(word) s\(speed) p\(pitch): no event"); continue
                }
                let result = learner.classify(heard)
                if result.classIndex != c { wrong.append("\(word) s\(speed) p\(pitch): \(result)") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong)")
    }
}
