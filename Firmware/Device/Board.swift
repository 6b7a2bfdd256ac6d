import KinuCore

/// What a board gives the device and takes from it. Each board (the QEMU model, a real
/// PCB, the host runner, a test) is one concrete type; the device is generic over it
/// (`Device<B: Board>`), so Embedded Swift specialises everything and needs no
/// existentials. Boards only move bytes: every decision is made in `Device`.

/// Microphone: fills `block` with the next 16 kHz mono samples, as a DMA half-buffer
/// would. Returns how many it wrote; 0 means the audio has ended (files, tests).
public protocol AudioInput {
    mutating func readAudio(into block: UnsafeMutableBufferPointer<Int16>) -> Int
}

extension AudioInput {
    /// The digital silence, in samples, that an input playing a recording (not a microphone)
    /// adds after it, as long as the longest event: a device goes on listening, so a sound
    /// still going on where the recording ends is finished and heard, not lost.
    public static var silenceAfterRecording: Int { DetectorConfig().maxFrames * FrontEndConfig.hopLength }
}

/// Buttons: the next transition that happened at or before `milliseconds` on the audio
/// clock, oldest first, or nil when there is none yet.
public protocol ButtonInput {
    mutating func nextTransition(dueBy milliseconds: Milliseconds) -> ButtonTransition?
}

/// LEDs: called whenever what the LEDs should show changes.
public protocol LEDOutput {
    mutating func show(_ leds: LEDState)
}

/// Where the model image lives across power cycles (flash, a host file).
public protocol ModelStorage {
    /// Reads the stored image into `buffer` (at least `ModelImage.byteCount` bytes).
    mutating func loadModel(into buffer: UnsafeMutableRawBufferPointer) -> StorageLoadResult
    /// Replaces the stored image with `image`. Returns false if it could not.
    mutating func saveModel(_ image: UnsafeRawBufferPointer) -> Bool
}

public enum StorageLoadResult: Equatable {
    /// Nothing stored yet (a new board, a missing file).
    case empty
    /// `count` bytes are stored (they may still fail validation). A count above the
    /// buffer's size is reported as trailing bytes, not cut off silently.
    case loaded(count: Int)
    /// The storage itself failed (read error).
    case failed
}

/// Console: one finished log line (without the newline) per call.
public protocol LogOutput {
    mutating func writeLine(_ line: UnsafeRawBufferPointer)
}

/// A whole board. `padCount` is the number of class pads (at most
/// `Device.maximumPadCount`); MODE is always there.
public protocol Board: AudioInput, ButtonInput, LEDOutput, ModelStorage, LogOutput {
    var padCount: Int { get }
}
