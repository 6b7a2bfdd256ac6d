import KinuDevice

/// What the real boards' three pad LEDs and one status LED show, as bits (0-2: pads,
/// 3: status) at `ms` milliseconds: an armed pad blinks at 4 Hz, a pause blinks the status
/// LED at 1 Hz, the forget-everything confirmation blinks them all. Each board maps the
/// bits to its own pins and polarity.
func ledBits(for leds: LEDState, atMilliseconds ms: UInt32) -> UInt32 {
    let fast = (ms / 125) % 2 == 0, slow = (ms / 500) % 2 == 0
    switch leds {
    case .off: return 0
    case .armed(let pad): return fast ? 1 << UInt32(pad) : 0
    case .learned(let pad), .heard(let pad): return 1 << UInt32(pad)
    case .unsure: return 0b1000
    case .paused: return slow ? 0b1000 : 0
    case .confirmingForgetAll: return fast ? 0b1111 : 0
    }
}

extension TransitionQueue {
    /// Queues every button whose debounced state changed: bit k of `changed`/`state` is
    /// pad k, `modeBit` is MODE.
    mutating func record(changed: UInt32, state: UInt32, padCount: Int, modeBit: UInt32) {
        if changed & modeBit != 0 { push(.mode, isDown: state & modeBit != 0) }
        for k in 0 ..< padCount where changed & (1 << UInt32(k)) != 0 {
            push(.pad(k), isDown: state & (1 << UInt32(k)) != 0)
        }
    }
}
