// ALSA capture without a sound card: ALSA's `file` plugin plays a known recording as the
// microphone (see ../shared/design.md). It is not paced and returns silence past the end
// of the file, so each test reads as much as it needs and stops.

import CALSA
import Foundation
import KinuHostAudio
import Testing

@Suite(.serialized) struct ALSACaptureTests {
    /// A folder with session.wav, its raw samples, and an ALSA configuration defining
    /// the PCM `kinu_replay` that captures those samples.
    struct Replay {
        let folder: URL
        let samples: [Int16]
        var config: URL { folder.appendingPathComponent("replay.conf") }
        var wav: URL { folder.appendingPathComponent("session.wav") }
        var environment: [String: String] { ["ALSA_CONFIG_PATH": "/usr/share/alsa/alsa.conf:\(config.path)"] }

        init(_ samples: [Int16]) throws {
            folder = try temporaryFolder()
            self.samples = samples
            try TestSession.write(samples, to: wav)
            let raw = folder.appendingPathComponent("session.raw")
            try samples.withUnsafeBytes { Data($0) }.write(to: raw)
            let text = """
                pcm.kinu_replay { type file; slave.pcm null; file "/dev/null"; infile "\(raw.path)"; format "raw" }
                """
            try text.write(to: config, atomically: true, encoding: .utf8)
        }
    }

    static let hasALSAConfig = FileManager.default.fileExists(atPath: "/usr/share/alsa/alsa.conf")

    @Test(.enabled(if: hasALSAConfig, "ALSA's configuration (libasound2-data) is not installed"))
    func captureReturnsTheRecordingSampleForSample() throws {
        let replay = try Replay(TestSession.claps(at: [0.5, 1.0], seconds: 1.5))
        setenv("ALSA_CONFIG_PATH", replay.environment["ALSA_CONFIG_PATH"]!, 1)
        snd_config_update_free_global()   // read the configuration again, with our PCM
        defer { unsetenv("ALSA_CONFIG_PATH"); snd_config_update_free_global() }

        let capture = try ALSACapture(device: "kinu_replay")
        #expect(capture.format == .s16 && capture.channels == 1 && capture.rate == 16_000)
        var heard: [Int16] = []
        // Bounded: a capture that returns nothing must fail the test, not hang it.
        for _ in 0..<10_000 where heard.count < replay.samples.count { heard += try capture.read() }
        #expect(Array(heard.prefix(replay.samples.count)) == replay.samples)
        #expect(capture.overruns == 0)
    }

    @Test(.enabled(if: SimProcess.isBuilt && hasALSAConfig, "kinu-sim is not built or ALSA is not configured"))
    func deviceHearsFromTheMicrophoneWhatItHearsFromTheFile() throws {
        let replay = try Replay(TestSession.claps(at: [1.2, 2.4, 3.6], seconds: 4.5))
        let script = replay.folder.appendingPathComponent("buttons.txt")
        try "1000 pad1 down\n1060 pad1 up\n".write(to: script, atomically: true, encoding: .utf8)

        let fromFile = try SimProcess.run(["run", "--input", replay.wav.path, "--fast", "--headless", "--events", script.path])
        let fromMicrophone = try SimProcess.run(["run", "--device", "kinu_replay", "--headless", "--events", script.path,
                                                 "--duration", "4.5"], environment: replay.environment)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromMicrophone.status == 0, "\(fromMicrophone.stderr)")
        // Everything but the last line ("stopped", stamped when each run ended) is the same.
        let fileLines = fromFile.stdout.split(separator: "\n").dropLast()
        let micLines = fromMicrophone.stdout.split(separator: "\n").dropLast()
        #expect(Array(micLines) == Array(fileLines))
        #expect(micLines.contains { $0.contains("\"learned\",\"class\":1") })
        #expect(micLines.filter { $0.contains("\"heard\",\"class\":1") }.count == 2)
    }

    @Test(.enabled(if: SimProcess.isBuilt, "kinu-sim is not built"))
    func absentDeviceIsNamedWithWhatToDo() throws {
        let result = try SimProcess.run(["run", "--device", "no_such_microphone", "--headless"])
        #expect(result.exitedNormally)
        #expect(result.status == 3)
        #expect(result.stderr.contains("'no_such_microphone' not found"))
        #expect(result.stderr.contains("kinu-sim devices"))
    }

    @Test(.enabled(if: SimProcess.isBuilt, "kinu-sim is not built"))
    func devicesListsLikeArecord() throws {
        let result = try SimProcess.run(["devices"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("List of CAPTURE Hardware Devices"))
    }

    @Test func sampleFormatsBecomeMonoInt16() {
        // Stereo S32: left 0x4000_0000 (half scale), right 0 → mono quarter scale.
        let words: [Int32] = [0x4000_0000, 0, -0x4000_0000, 0]
        let mono = words.withUnsafeBytes { DeviceSampleFormat.s32.mono($0, frames: 2, channels: 2) }.clampedToInt16()
        #expect(mono == [8_192, -8_192])
        let floats: [Float] = [0.5, -1.5]
        #expect(floats.withUnsafeBytes { DeviceSampleFormat.float32.mono($0, frames: 2, channels: 1) }.clampedToInt16() == [16_384, -32_768])
        let packed: [UInt8] = [0x00, 0x00, 0x80, 0x00, 0x00, 0x40]   // S24_3LE: -full scale, +half
        #expect(packed.withUnsafeBytes { DeviceSampleFormat.s24Packed.mono($0, frames: 2, channels: 1) }.clampedToInt16() == [-32_768, 16_384])
        let bytes: [UInt8] = [0, 128, 255]
        #expect(bytes.withUnsafeBytes { DeviceSampleFormat.u8.mono($0, frames: 3, channels: 1) }.clampedToInt16() == [-32_768, 0, 32_512])
    }
}
