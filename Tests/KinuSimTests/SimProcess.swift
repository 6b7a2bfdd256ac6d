import Foundation
import KinuHostKit

/// Runs the kinu-sim binary built beside this test bundle, the way a person or a script
/// would, and collects what it printed.
struct SimProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        /// False when the process died of a signal (a crash), whatever the status.
        let exitedNormally: Bool
    }

    /// The build's products folder (debug/ or release/), where kinu-sim sits.
    static let binary: URL = {
        // The test runner is .build/<config>/KinuPackageTests.xctest; kinu-sim is its neighbour.
        let runner = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return runner.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("kinu-sim")
    }()

    static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary.path) }

    /// kinu-run, built beside kinu-sim.
    static let runner = binary.deletingLastPathComponent().appendingPathComponent("kinu-run")

    /// Runs kinu-sim (or `tool`, e.g. `runner`); `stdin` bytes arrive through a pipe.
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60,
                    tool: URL = binary, stdin: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        let pipe = stdin.map { _ in Pipe() }
        if let pipe { process.standardInput = pipe }
        // Output goes to files (not pipes), so nothing can fill up and stall the process.
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("out"), errURL = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        if let pipe, let stdin {
            // From another thread: a pipe holds 64 KB, the reader takes it as it runs.
            Thread.detachNewThread {
                try? pipe.fileHandleForWriting.write(contentsOf: stdin)
                try? pipe.fileHandleForWriting.close()
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let outData = (try? Data(contentsOf: outURL)) ?? Data(), errData = (try? Data(contentsOf: errURL)) ?? Data()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self), exitedNormally: process.terminationReason == .exit)
    }

}

/// A fresh temporary folder per test.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kinu-sim-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Test sounds: a quiet room with sharp noise bursts ("claps") at given times.
enum TestSession {
    /// Deterministic white noise (a small LCG), amplitude `level` in Int16 units.
    static func noise(count: Int, level: Double, seed: UInt64) -> [Double] {
        var state = seed &* 6_364_136_223_846_793_005 &+ 1
        return (0 ..< count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) / Double(1 << 53) * 2 - 1) * level
        }
    }

    /// `seconds` of room noise with a clap (80 ms decaying noise) starting at each time.
    static func claps(at times: [Double], seconds: Double) -> [Int16] {
        var samples = noise(count: Int(seconds * 16_000), level: 20, seed: 1)
        for (i, t) in times.enumerated() {
            let start = Int(t * 16_000)
            let burst = noise(count: 1_280, level: 16_000, seed: UInt64(100 + i))
            for (j, v) in burst.enumerated() where start + j < samples.count {
                samples[start + j] += v * exp(-Double(j) / 300)
            }
        }
        return samples.map { Int16(max(-32_768, min(32_767, $0.rounded()))) }
    }

    /// A tone burst of `hz` (a different sound class from the claps).
    static func tone(_ hz: Double, at times: [Double], seconds: Double, seed: UInt64) -> [Int16] {
        var samples = noise(count: Int(seconds * 16_000), level: 20, seed: seed)
        for t in times {
            let start = Int(t * 16_000)
            for j in 0 ..< 4_000 where start + j < samples.count {
                let envelope = min(1, Double(j) / 200, Double(4_000 - j) / 200)
                samples[start + j] += 12_000 * envelope * sin(2 * .pi * hz * Double(j) / 16_000)
            }
        }
        return samples.map { Int16(max(-32_768, min(32_767, $0.rounded()))) }
    }

    static func write(_ samples: [Int16], to url: URL) throws {
        try WAVWriter.write(samples, sampleRate: 16_000, to: url)
    }
}
