import Foundation
import KinuCore
import KinuDevice

/// The device's board on the host, shared by kinu-run and kinu-sim: audio from any
/// source (a decoded WAV file, a live ALSA capture), buttons from a script and/or the
/// keyboard, the model in a file, and the log and LEDs handed to whoever shows them.
public struct HostBoard<Audio: AudioInput>: Board {
    public let padCount: Int
    public private(set) var audio: Audio
    /// Shared with the keyboard, which adds presses while the device runs.
    public let buttons: HostButtons
    /// nil: no storage (every boot starts empty, saves succeed and go nowhere).
    public private(set) var modelFile: ModelFile?
    /// The last save failed: what was taught since the last good one is only in RAM.
    public private(set) var hasUnsavedModel = false
    /// Called with each finished log line (without the newline).
    private let onLine: (String) -> Void
    /// Called whenever the LEDs change.
    private let onLEDs: (LEDState) -> Void
    /// Called with each audio block the device hears (level meters, spectrograms).
    private let onAudio: (UnsafeBufferPointer<Int16>) -> Void

    public init(padCount: Int, audio: Audio, buttons: HostButtons = HostButtons(), modelFile: ModelFile?,
                onLine: @escaping (String) -> Void = { print($0) },
                onLEDs: @escaping (LEDState) -> Void = { _ in },
                onAudio: @escaping (UnsafeBufferPointer<Int16>) -> Void = { _ in }) {
        self.padCount = padCount
        self.audio = audio
        self.buttons = buttons
        self.modelFile = modelFile
        self.onLine = onLine
        self.onLEDs = onLEDs
        self.onAudio = onAudio
    }

    public mutating func readAudio(into block: UnsafeMutableBufferPointer<Int16>) -> Int {
        let count = audio.readAudio(into: block)
        if count > 0 { onAudio(UnsafeBufferPointer(rebasing: block[0 ..< count])) }
        return count
    }

    public mutating func nextTransition(dueBy milliseconds: Milliseconds) -> ButtonTransition? {
        buttons.nextTransition(dueBy: milliseconds)
    }

    public mutating func show(_ leds: LEDState) { onLEDs(leds) }

    public mutating func loadModel(into buffer: UnsafeMutableRawBufferPointer) -> StorageLoadResult {
        modelFile?.load(into: buffer) ?? .empty
    }

    public mutating func saveModel(_ image: UnsafeRawBufferPointer) -> Bool {
        let saved = modelFile?.save(image) ?? true
        hasUnsavedModel = !saved
        return saved
    }

    /// At the end of a run whose last save failed, or that never saved over a model that
    /// did not load: saves the model in RAM. Returns nil when everything is saved, else
    /// what was lost, in words.
    public mutating func saveModelAtEnd(_ learner: SoundLearner) -> String? {
        guard hasUnsavedModel || modelFile?.replacesBrokenModel == true, let path = modelFile?.url.path else { return nil }
        var image = [UInt8](repeating: 0, count: ModelImage.byteCount)
        let count = image.withUnsafeMutableBytes { learner.writeImage(into: $0) }
        if image.withUnsafeBytes({ saveModel(UnsafeRawBufferPointer(rebasing: $0[0 ..< count])) }) { return nil }
        return "the model could not be saved to \(path) (is the folder writable, the disk full?); "
            + "what was taught since the last save is lost"
    }

    public mutating func writeLine(_ line: UnsafeRawBufferPointer) {
        onLine(String(decoding: line, as: UTF8.self))
    }
}
