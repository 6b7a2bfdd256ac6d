import Foundation
import KinuDevice

/// The device's board on the host: audio from memory (a decoded WAV file), buttons from
/// a parsed script, the model in a file, the log on standard output, LEDs optionally on
/// standard error.
struct HostBoard: Board {
    let padCount: Int
    private let samples: [Int16]
    private var position = 0
    private var buttons: ScriptedButtons
    /// nil: no storage (every boot starts empty, saves succeed and go nowhere).
    private let modelFile: URL?
    private let showLEDs: Bool

    init(padCount: Int, samples: [Int16], script: [ButtonTransition], modelFile: URL?, showLEDs: Bool) {
        self.padCount = padCount
        self.samples = samples
        buttons = ScriptedButtons(script)
        self.modelFile = modelFile
        self.showLEDs = showLEDs
    }

    mutating func readAudio(into block: UnsafeMutableBufferPointer<Int16>) -> Int {
        let count = min(block.count, samples.count - position)
        for i in 0 ..< count { block[i] = samples[position + i] }
        position += count
        return count
    }

    mutating func nextTransition(dueBy milliseconds: Int) -> ButtonTransition? {
        buttons.nextTransition(dueBy: milliseconds)
    }

    mutating func show(_ leds: LEDState) {
        guard showLEDs else { return }
        FileHandle.standardError.write(Data("leds: \(leds)\n".utf8))
    }

    mutating func loadModel(into buffer: UnsafeMutableRawBufferPointer) -> StorageLoadResult {
        guard let modelFile else { return .empty }
        guard FileManager.default.fileExists(atPath: modelFile.path) else { return .empty }
        guard let data = try? Data(contentsOf: modelFile) else { return .failed }
        let count = min(data.count, buffer.count)
        data.copyBytes(to: buffer.bindMemory(to: UInt8.self), count: count)
        return .loaded(count: count)
    }

    mutating func saveModel(_ image: UnsafeRawBufferPointer) -> Bool {
        guard let modelFile else { return true }
        // Written beside the file and renamed over it, so a crash mid-save leaves the
        // old model whole (the host's version of surviving a power cut during a save).
        return (try? Data(image).write(to: modelFile, options: .atomic)) != nil
    }

    mutating func writeLine(_ line: UnsafeRawBufferPointer) {
        print(String(decoding: line, as: UTF8.self))
    }
}
