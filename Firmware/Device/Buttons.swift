/// A physical button: one of the class pads (0-based here, "pad1" is `.pad(0)`) or MODE.
public enum Button: Equatable {
    case pad(Int)
    case mode
}

/// A button going down or up at a time on the audio clock.
public struct ButtonTransition: Equatable {
    public let milliseconds: Milliseconds
    public let button: Button
    public let isDown: Bool

    public init(milliseconds: Milliseconds, button: Button, isDown: Bool) {
        self.milliseconds = milliseconds
        self.button = button
        self.isDown = isDown
    }
}

/// Button transitions known in advance (a parsed button script), handed out in order as
/// the audio clock reaches them. Holds its array from start-up; never allocates later.
public struct ScriptedButtons: ButtonInput {
    public private(set) var transitions: [ButtonTransition]
    private var nextIndex = 0

    public init(_ transitions: [ButtonTransition] = []) {
        self.transitions = transitions
    }

    public var isFinished: Bool { nextIndex >= transitions.count }

    public mutating func nextTransition(dueBy milliseconds: Milliseconds) -> ButtonTransition? {
        guard nextIndex < transitions.count, transitions[nextIndex].milliseconds <= milliseconds else { return nil }
        nextIndex += 1
        return transitions[nextIndex - 1]
    }
}
