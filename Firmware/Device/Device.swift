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
    /// Where the listener's frame 0 lies on the audio clock.
    private var listenerEpoch: Milliseconds
    /// The core counts frames in an Int, 32 bits on the M4: enough for 497 days. The
    /// listener restarts, between sounds, once it has counted this many (2^30 frames,
    /// 248 days), and judges the room afresh for its first 0.5 s, as at power-on.
    let listenerFrameLimit: Int
    /// How often it did (for tests).
    private(set) var listenerRestarts = 0
    /// One audio block, filled by the board.
    private var block = [Int16](repeating: 0, count: DeviceTiming.blockSize)
    private var controller: Controller<B>

    /// `clockStart`: where the audio clock starts, 0 on a board; a later start checks that
    /// a device that has been on for months keeps its times (`kinu-run --clock-start`).
    public init(board: B, clockStart: Milliseconds = 0) {
        self.init(board: board, clockStart: clockStart, listenerFrameLimit: 1 << 30)
    }

    init(board: B, clockStart: Milliseconds, listenerFrameLimit: Int) {
        precondition(board.padCount >= 1 && board.padCount <= Self.maximumPadCount,
                     "a board has 1...10 pads")
        precondition(clockStart >= 0, "the audio clock starts at 0 or later")
        controller = Controller(board: board)
        controller.samples = clockStart * Int64(DeviceTiming.samplesPerMillisecond)
        listenerEpoch = clockStart
        self.listenerFrameLimit = listenerFrameLimit
    }

    /// The board, for tests and for apps that need it after the run.
    public var board: B { controller.board }
    /// The audio clock: milliseconds of audio heard so far (after `clockStart`).
    public var milliseconds: Milliseconds { controller.now }
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
        let epoch = listenerEpoch
        controller.handleButtonsAndTimers(
            soundUnderwaySince: listener.detector.eventUnderwayStartFrame.map { epoch + SoundEvent.milliseconds(ofFrame: $0) })
        restartListenerIfDue()
        controller.advance(samples: count)
        Self.listen(&listener, to: &block, count: count, epoch: listenerEpoch, reportingTo: &controller)
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

    /// Restarts the listener before its frame count can overflow, never during a sound.
    /// Called at a block's start, so its frame 0 begins at this block's first sample.
    private mutating func restartListenerIfDue() {
        guard listener.detector.frameIndex >= listenerFrameLimit, listener.detector.isIdle else { return }
        listener.reset()
        listenerEpoch = controller.now
        listenerRestarts += 1
    }

    // Static, with the parts passed inout: the block, the listener and the controller are
    // used together but are distinct stored properties, which Swift's exclusivity rules
    // allow only when passed like this (a closure capturing `self` would be rejected).

    private static func read(_ block: inout [Int16], from board: inout B) -> Int {
        block.withUnsafeMutableBufferPointer { board.readAudio(into: $0) }
    }

    private static func listen(
        _ listener: inout SoundListener, to block: inout [Int16], count: Int, epoch: Milliseconds,
        reportingTo controller: inout Controller<B>
    ) {
        block.withUnsafeBufferPointer { samples in
            listener.listen(UnsafeBufferPointer(rebasing: samples[0 ..< count])) { event in
                controller.hear(event, startedAt: epoch + SoundEvent.milliseconds(ofFrame: event.startFrame))
            }
        }
    }
}
