/// Debounces up to 32 buttons sampled together (bit i = button i held), e.g. once per
/// millisecond from the SysTick clock. A button's state changes only after the raw
/// input has held the new value for `stableSamples` consecutive samples, so contact
/// bounce (typically under 5 ms) never produces extra presses.
public struct Debouncer {
    public let stableSamples: Int
    /// The debounced state: bit i set while button i is held.
    public private(set) var state: UInt32 = 0
    private var candidate: UInt32 = 0
    private var agreeing = 0

    public init(stableSamples: Int = 20) {
        precondition(stableSamples >= 1)
        self.stableSamples = stableSamples
    }

    /// Takes one raw sample; returns the bits that changed in the debounced state (0 if
    /// none). All bits move together: a change in any button restarts the count, which
    /// at most delays a simultaneous press by one debounce time.
    public mutating func sample(_ raw: UInt32) -> UInt32 {
        if raw == state {
            agreeing = 0
            candidate = raw
            return 0
        }
        if raw != candidate {
            candidate = raw
            agreeing = 1
        } else {
            agreeing += 1
        }
        guard agreeing >= stableSamples else { return 0 }
        let changed = state ^ raw
        state = raw
        agreeing = 0
        return changed
    }
}
