import KinuDevice

/// Debounced button changes waiting for the device to ask for them: a small ring
/// allocated once. The device stamps them with its audio clock when it takes them.
public struct TransitionQueue {
    private var buttons = [Button](repeating: .mode, count: 8)
    private var downs = [Bool](repeating: false, count: 8)
    private var head = 0, count = 0

    public init() {}

    public mutating func push(_ button: Button, isDown: Bool) {
        guard count < buttons.count else { return }   // more than 8 changes in 16 ms: drop
        buttons[(head + count) % buttons.count] = button
        downs[(head + count) % buttons.count] = isDown
        count += 1
    }

    public mutating func pop(at milliseconds: Milliseconds) -> ButtonTransition? {
        guard count > 0 else { return nil }
        defer { head = (head + 1) % buttons.count; count -= 1 }
        return ButtonTransition(milliseconds: milliseconds, button: buttons[head], isDown: downs[head])
    }

    /// Queues every button whose debounced state changed: bit k of `changed`/`state` is
    /// pad k, `modeBit` is MODE.
    public mutating func record(changed: UInt32, state: UInt32, padCount: Int, modeBit: UInt32) {
        if changed & modeBit != 0 { push(.mode, isDown: state & modeBit != 0) }
        for k in 0 ..< padCount where changed & (1 << UInt32(k)) != 0 {
            push(.pad(k), isDown: state & (1 << UInt32(k)) != 0)
        }
    }
}
