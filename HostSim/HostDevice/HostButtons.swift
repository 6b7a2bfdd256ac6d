import KinuDevice

/// The host's buttons: a button script known in advance, plus presses added while the
/// device runs (keys in kinu-sim). A class, so the keyboard can add presses to the board
/// the device owns. Transitions come out in time order whatever order they were added.
public final class HostButtons: ButtonInput {
    private var pending: [ButtonTransition]

    public init(script: [ButtonTransition] = []) {
        pending = script
    }

    /// How long an emulated short press is held (a quick tap).
    public static let tapMilliseconds: Milliseconds = 60
    /// How long an emulated long press is held: just past the device's long-press time.
    public static let holdMilliseconds = DeviceTiming.longPressMilliseconds + 100

    /// Presses `button` at `milliseconds` for `duration` ms.
    public func press(_ button: Button, at milliseconds: Milliseconds, for duration: Milliseconds = tapMilliseconds) {
        add(ButtonTransition(milliseconds: milliseconds, button: button, isDown: true))
        add(ButtonTransition(milliseconds: milliseconds + duration, button: button, isDown: false))
    }

    /// MODE held while `pad` is tapped: undo the pad's last example.
    public func modeWithPad(_ pad: Int, at milliseconds: Milliseconds) {
        add(ButtonTransition(milliseconds: milliseconds, button: .mode, isDown: true))
        press(.pad(pad), at: milliseconds + 20)
        add(ButtonTransition(milliseconds: milliseconds + 20 + Self.tapMilliseconds + 20, button: .mode, isDown: false))
    }

    /// True once every transition has been handed to the device.
    public var isIdle: Bool { pending.isEmpty }

    public func nextTransition(dueBy milliseconds: Milliseconds) -> ButtonTransition? {
        guard let first = pending.first, first.milliseconds <= milliseconds else { return nil }
        return pending.removeFirst()
    }

    private func add(_ transition: ButtonTransition) {
        // Stable: after everything at the same time or earlier.
        let index = pending.firstIndex { $0.milliseconds > transition.milliseconds } ?? pending.endIndex
        pending.insert(transition, at: index)
    }
}
