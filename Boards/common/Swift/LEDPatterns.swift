import KinuDevice

/// What a board's pad LEDs and status LED show at `ms` milliseconds, as bits: bit k is
/// pad k's LED (k < `padCount`), bit `padCount` the status LED. An armed pad blinks at
/// 4 Hz, a pause blinks the status LED at 1 Hz, the forget-everything confirmation
/// blinks them all.
public func ledBits(for leds: LEDState, atMilliseconds ms: UInt32, padCount: Int) -> UInt32 {
    let fast = (ms / 125) % 2 == 0, slow = (ms / 500) % 2 == 0
    let status: UInt32 = 1 << UInt32(padCount)
    switch leds {
    case .off: return 0
    case .armed(let pad): return fast ? 1 << UInt32(pad) : 0
    case .learned(let pad), .heard(let pad): return 1 << UInt32(pad)
    case .unsure: return status
    case .paused: return slow ? status : 0
    case .confirmingForgetAll: return fast ? (status << 1) - 1 : 0
    }
}
