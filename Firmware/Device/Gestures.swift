/// What a person did with the buttons, once it is clear.
public enum Gesture: Equatable {
    /// Short press and release of a pad (0-based): teach.
    case tap(pad: Int)
    /// Pad held for a long press: forget that class. Fires while still held.
    case hold(pad: Int)
    /// A pad pressed while MODE is held: undo that class's last example.
    case modeWithPad(pad: Int)
    /// Short press and release of MODE: pause / resume.
    case modeTap
    /// MODE held for a long press: forget everything (asks for confirmation first).
    case modeHold
    /// Two pads at once, or a pad then MODE: ambiguous, so nothing happens.
    case chord
}

/// Turns button transitions into gestures. Each press yields at most one gesture: once a
/// press has been used (long press fired, part of MODE + pad, part of a chord) its
/// release does nothing.
struct GestureRecognizer {
    private let padCount: Int
    /// Per button (pads, then MODE): the time it went down, or `up` while up (not an
    /// optional, which takes twice the RAM on the M4).
    private var downSince: [Milliseconds]
    private static let up = Milliseconds.min
    /// Per button: this press already produced (or was swallowed by) a gesture.
    private var used = ButtonFlags()

    init(padCount: Int) {
        self.padCount = padCount
        downSince = [Milliseconds](repeating: Self.up, count: padCount + 1)
    }

    private func slot(_ button: Button) -> Int {
        if case .pad(let k) = button { return k }
        return padCount
    }

    private var modeSlot: Int { padCount }

    /// A pad held down whose press may still be a short one (nothing fired for it yet),
    /// and since when: a sound made now may be the one it is to teach.
    var padPressUnderway: (pad: Int, since: Milliseconds)? {
        for k in 0 ..< padCount where downSince[k] != Self.up && !used[k] { return (k, downSince[k]) }
        return nil
    }

    /// MODE is held down.
    var modeIsDown: Bool { downSince[modeSlot] != Self.up }

    /// When the press behind the last `.tap` went down.
    private(set) var lastTapPressedAt: Milliseconds = 0

    /// Applies one transition. Transitions for buttons the board does not have, a second
    /// "down" or a stray "up" are ignored (a bouncing contact, a confused script).
    /// Call `longPress(by:)` until nil first, so presses that became long before this
    /// transition fire in order.
    mutating func apply(_ transition: ButtonTransition) -> Gesture? {
        if case .pad(let k) = transition.button, k < 0 || k >= padCount { return nil }
        let s = slot(transition.button)
        let time = transition.milliseconds
        if transition.isDown {
            guard downSince[s] == Self.up else { return nil }
            downSince[s] = time
            used[s] = false
            return pressStarted(s)
        }
        let since = downSince[s]
        guard since != Self.up else { return nil }
        downSince[s] = Self.up
        if used[s] { return nil }
        let long = time - since >= DeviceTiming.longPressMilliseconds
        if s == modeSlot { return long ? .modeHold : .modeTap }
        if !long { lastTapPressedAt = since }
        return long ? .hold(pad: s) : .tap(pad: s)
    }

    /// The next press that has been held long enough by `milliseconds`, or nil. Each
    /// press fires once; call until nil.
    mutating func longPress(by milliseconds: Milliseconds) -> Gesture? {
        for s in 0 ... padCount {
            let since = downSince[s]
            guard since != Self.up, !used[s],
                  milliseconds - since >= DeviceTiming.longPressMilliseconds else { continue }
            used[s] = true
            if s == modeSlot { modeUse = .longPress }
            return s == modeSlot ? .modeHold : .hold(pad: s)
        }
        return nil
    }

    private mutating func pressStarted(_ s: Int) -> Gesture? {
        if s == modeSlot { modeUse = .none }
        if s != modeSlot, downSince[modeSlot] != Self.up, !used[modeSlot] || modeUse != .none {
            // MODE + pad: undo. MODE is marked used so its release does not pause; more
            // pads while MODE is still held undo those classes too, and a pad pressed after
            // MODE's own long press fired undoes as well (it is never a forget).
            used[modeSlot] = true
            used[s] = true
            modeUse = .withPad
            return .modeWithPad(pad: s)
        }
        var otherPadHeld = false
        for o in 0 ..< padCount where o != s && downSince[o] != Self.up { otherPadHeld = true }
        guard otherPadHeld else { return nil }
        // Two pads at once, or a pad then MODE: swallow every press involved, and say so
        // once per chord.
        var newlySwallowed = false
        for o in 0 ... padCount where downSince[o] != Self.up && !used[o] {
            used[o] = true
            newlySwallowed = true
        }
        return newlySwallowed ? .chord : nil
    }

    /// What the MODE press under way has done: nothing yet, undone with a pad (further pads
    /// undo too), or fired its long press (a pad then undoes, not a chord).
    private enum ModeUse { case none, withPad, longPress }
    private var modeUse = ModeUse.none
}

/// One flag per button (pads, then MODE) in the bits of a word: no array to allocate.
struct ButtonFlags {
    private var bits: UInt16 = 0

    subscript(_ button: Int) -> Bool {
        get { bits & (1 << UInt16(button)) != 0 }
        set { if newValue { bits |= 1 << UInt16(button) } else { bits &= ~(1 << UInt16(button)) } }
    }
}
