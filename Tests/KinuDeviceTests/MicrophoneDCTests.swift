import Foundation
import Testing
import KinuDevice

/// Digital MEMS microphones and their PDM decimators (the STM32F4 board's in software,
/// the nRF52840's in hardware) pass a DC offset through, and a microphone settles from a
/// large offset for some milliseconds after power-up. Neither decimator has a DC-blocking
/// high-pass. These tests are the measurement behind leaving it out: the device decides
/// the same with and without offsets, steps and a power-up transient, because the front
/// end removes each window's mean before anything else.
@Suite struct MicrophoneDCTests {
    /// Teach a clap and a whistle, then play each twice.
    static func session() -> (TestAudio, String) {
        var (audio, script) = teachClapAndWhistle()
        for _ in 0 ..< 2 {
            audio.clap(); audio.quiet(1_200)
            audio.whistle(); audio.quiet(1_200)
        }
        return (audio, script)
    }

    /// What the device decided: each line's event, class and time.
    static func decisions(_ board: ScriptedBoard) -> [String] {
        board.events.map { "\($0.name) \($0.pad.map(String.init) ?? "-") \($0.milliseconds)" }
    }

    static func run(offset: (Int) -> Double) throws -> [String] {
        var (audio, script) = session()
        audio.addOffset(offset)
        return decisions(try runDevice(audio, script: script))
    }

    @Test(arguments: [300.0, 1_000, 4_000, -4_000])
    func constantOffsetChangesNothing(offset: Double) throws {
        let clean = try Self.run { _ in 0 }
        #expect(clean.contains { $0.hasPrefix("heard 2") }, "the session itself works: \(clean)")
        #expect(try Self.run { _ in offset } == clean)
    }

    @Test func powerUpTransientChangesNothing() throws {
        // Starts 8000 LSB off (a quarter of full scale) and settles to 300 with 20 ms.
        let clean = try Self.run { _ in 0 }
        #expect(try Self.run { 300 + 8_000 * exp(-Double($0) / (0.020 * 16_000)) } == clean)
    }

    @Test(arguments: [2_000.0, 16_000])
    func offsetStepWhileListeningChangesNothing(step: Double) throws {
        // A step in the quiet after the first clap played (at 5.8 s), held to the end: no
        // event. A 100 ms tone in the same place is heard, so the place is not deaf.
        let clean = try Self.run { _ in 0 }
        #expect(try Self.run { $0 >= 92_800 ? step : 0 } == clean)
        let tone = try Self.run { (92_800 ..< 94_400).contains($0) ? 2_000 * sin(Double($0) * 0.3) : 0 }
        let extra = tone.filter { !clean.contains($0) }
        #expect(extra.count == 1 && extra.first?.hasPrefix("heard") == true, "\(tone)")
    }
}
