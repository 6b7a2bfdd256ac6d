import KinuDevice

/// Buttons typed on the UART console (QEMU models no buttons). Each key becomes button
/// transitions at the current audio time:
///
///     1...8   short press on that pad (teach)
///     m       short press on MODE (pause / resume)
///     M       long press on MODE (forget everything; twice to confirm)
///     f then 1...8   long press on that pad (forget the class)
///     u then 1...8   MODE + that pad (undo its last example)
///
/// A long press is a down now and an up 1 s of audio later. Keys only work while the
/// audio plays, so use the firmware's `realtime` option when typing.
struct UARTKeys: ButtonInput {
    /// Transitions waiting for their time: a small ring, allocated once. A key is read only
    /// when the ring is empty, and one key makes at most 4 transitions.
    private var queue = [ButtonTransition](repeating: ButtonTransition(milliseconds: 0, button: .mode, isDown: false), count: 4)
    private var head = 0
    private var count = 0
    /// `f` or `u` typed, waiting for the pad digit.
    private var prefix: UInt8 = 0

    mutating func nextTransition(dueBy milliseconds: Milliseconds) -> ButtonTransition? {
        if count == 0, let key = UART0.get() { typed(key, at: milliseconds) }
        guard count > 0, queue[head].milliseconds <= milliseconds else { return nil }
        let transition = queue[head]
        head = (head + 1) % queue.count
        count -= 1
        return transition
    }

    private mutating func typed(_ key: UInt8, at t: Milliseconds) {
        let pad = key >= UInt8(ascii: "1") && key < UInt8(ascii: "1") + UInt8(QEMUBoard.pads)
            ? Int(key - UInt8(ascii: "1")) : nil
        defer { if key != UInt8(ascii: "f") && key != UInt8(ascii: "u") { prefix = 0 } }
        switch (prefix, key, pad) {
        case (UInt8(ascii: "f"), _, .some(let k)):
            press(.pad(k), at: t, for: DeviceTiming.longPressMilliseconds)
        case (UInt8(ascii: "u"), _, .some(let k)):
            push(.mode, true, t); push(.pad(k), true, t); push(.pad(k), false, t); push(.mode, false, t)
        case (_, _, .some(let k)):
            press(.pad(k), at: t, for: 0)
        case (_, UInt8(ascii: "m"), nil):
            press(.mode, at: t, for: 0)
        case (_, UInt8(ascii: "M"), nil):
            press(.mode, at: t, for: DeviceTiming.longPressMilliseconds)
        case (_, UInt8(ascii: "f"), nil), (_, UInt8(ascii: "u"), nil):
            prefix = key
        default:
            break   // other keys (newlines, typos) do nothing
        }
    }

    private mutating func press(_ button: Button, at t: Milliseconds, for duration: Milliseconds) {
        push(button, true, t)
        push(button, false, t + duration)
    }

    private mutating func push(_ button: Button, _ isDown: Bool, _ t: Milliseconds) {
        guard count < queue.count else { return }
        queue[(head + count) % queue.count] = ButtonTransition(milliseconds: t, button: button, isDown: isDown)
        count += 1
    }
}
