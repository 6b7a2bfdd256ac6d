import KinuCore

/// The Kinu device: listens all the time, learns a sound when a pad is armed, recognises
/// sounds otherwise, and keeps its model in the board's storage. Generic over the board,
/// so the same logic runs on every board, in the host runner and in tests.
///
/// Everything is allocated in `init`; `start()` and `step()` allocate nothing (checked on
/// the firmware by `make test-firmware`). Time is the audio clock: samples fed so far.
public struct Device<B: Board> {
    /// Pads beyond the learner's classes could not be taught.
    public static var maximumPadCount: Int { SoundLearner.classCount }

    private var listener = SoundListener()
    /// One audio block, filled by the board.
    private var block = [Int16](repeating: 0, count: DeviceTiming.blockSize)
    private var controller: Controller<B>

    public init(board: B) {
        precondition(board.padCount >= 1 && board.padCount <= Self.maximumPadCount,
                     "a board has 1...10 pads")
        controller = Controller(board: board)
    }

    /// The board, for tests and for apps that need it after the run.
    public var board: B { controller.board }
    /// Milliseconds of audio heard so far.
    public var milliseconds: Int { controller.now }
    /// The learner (read-only), for tests and reports.
    public var learner: SoundLearner { controller.learner }

    /// Boot: announces the device and restores the stored model.
    public mutating func start() {
        controller.boot()
    }

    /// Handles one audio block: buttons and timers due by its start, then its sound.
    /// Returns false, and handles nothing, once the audio has ended.
    public mutating func step() -> Bool {
        let count = Self.read(&block, from: &controller.board)
        if count == 0 { return false }
        controller.handleButtonsAndTimers(soundUnderwaySince: listener.detector.eventUnderwayStartFrame.map(SoundEvent.milliseconds(ofFrame:)))
        controller.advance(samples: count)
        Self.listen(&listener, to: &block, count: count, reportingTo: &controller)
        controller.updateLEDs()
        return true
    }

    /// Boot, then steps until the audio ends; logs the end.
    public mutating func run() {
        start()
        while step() {}
        controller.stop()
    }

    /// Logs the end of the audio (when driving `step()` by hand).
    public mutating func stop() { controller.stop() }

    // Static, with the parts passed inout: the block, the listener and the controller are
    // used together but are distinct stored properties, which Swift's exclusivity rules
    // allow only when passed like this (a closure capturing `self` would be rejected).

    private static func read(_ block: inout [Int16], from board: inout B) -> Int {
        block.withUnsafeMutableBufferPointer { board.readAudio(into: $0) }
    }

    private static func listen(
        _ listener: inout SoundListener, to block: inout [Int16], count: Int,
        reportingTo controller: inout Controller<B>
    ) {
        block.withUnsafeBufferPointer { samples in
            listener.listen(UnsafeBufferPointer(rebasing: samples[0 ..< count])) { event in
                controller.hear(event)
            }
        }
    }
}
