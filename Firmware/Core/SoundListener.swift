/// A finished sound event: `frameCount` frames of `FrontEnd.bandCount` log-mel features,
/// starting at frame `startFrame` of the stream (frame i covers samples 320 i ..< 320 i + 480),
/// and the spectral peaks of its measured frames.
public struct SoundEvent {
    /// Frames x bands, flat; only the first `frameCount * bandCount` values belong to it.
    public let features: [Int16]
    public let frameCount: Int
    public let startFrame: Int
    /// The front end's `SpectralPeaks.ring` when the event was handed out; empty when the
    /// event has no peaks (made up in a test), which the template then stores as zeros.
    public let peaks: [UInt8]

    public init(features: [Int16], frameCount: Int, startFrame: Int, peaks: [UInt8] = []) {
        self.features = features
        self.frameCount = frameCount
        self.startFrame = startFrame
        self.peaks = peaks
    }

    @inline(__always)
    public func value(frame: Int, band: Int) -> Int16 { features[frame * FrontEnd.bandCount + band] }

    /// Start and end in milliseconds of stream time (64-bit: a 32-bit Int holds 497 days
    /// of 20 ms frames, but only 24.8 days of milliseconds).
    public var startMilliseconds: Int64 { Self.milliseconds(ofFrame: startFrame) }
    public var endMilliseconds: Int64 { Self.milliseconds(ofFrame: startFrame + frameCount - 1) + 30 }

    /// Stream time in milliseconds of the start of frame `frame` (20 ms frames).
    public static func milliseconds(ofFrame frame: Int) -> Int64 { Int64(frame) * 20 }
}

/// Front end plus event detector: audio blocks in, sound events out. This is the whole
/// listening path of the device; the firmware, the simulator and the benchmarks all use it.
public struct SoundListener {
    public private(set) var frontEnd = FrontEnd()
    public private(set) var detector: EventDetector

    public init(detector config: DetectorConfig = DetectorConfig()) {
        precondition(config.maxFrames + SpectralPeaks.frameStep <= SpectralPeaks.slots * SpectralPeaks.frameStep,
                     "the spectral peaks' ring must outlast an event")
        detector = EventDetector(config: config)
    }

    /// Feeds one block of 16 kHz samples (any length) and calls `onEvent` for every event
    /// that ends inside it. The event is only valid during the call.
    public mutating func listen(_ samples: UnsafeBufferPointer<Int16>, onEvent: (SoundEvent) -> Void) {
        var start = 0
        while start < samples.count {
            let (taken, frameReady) = frontEnd.consume(samples, from: start)
            start += taken
            if frameReady && detector.push(frontEnd.features) {
                onEvent(SoundEvent(features: detector.eventFeatures,
                                   frameCount: detector.eventFrameCount,
                                   startFrame: detector.eventStartFrame,
                                   peaks: frontEnd.peaks.ring))
            }
        }
    }

    public mutating func reset() {
        frontEnd.reset()
        detector.reset()
    }
}
