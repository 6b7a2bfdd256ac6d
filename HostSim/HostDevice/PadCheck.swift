import KinuCore

/// A model taught with more pads than this run has (`--pads`): its classes beyond the pads
/// are still heard, but no pad teaches or forgets them. Says so, in words, or nil.
public func classesBeyondPads(_ learner: SoundLearner, padCount: Int) -> String? {
    let beyond = (padCount ..< SoundLearner.classCount).filter { learner.exampleCount(classIndex: $0) > 0 }
    guard let first = beyond.first, let last = beyond.last else { return nil }
    let pads = first == last ? "pad \(first + 1)" : "pads \(first + 1) to \(last + 1)"
    return "the model has examples for \(pads), beyond this run's \(padCount) pads: they can still be heard, "
        + "but not taught, undone or forgotten (--pads \(last + 1) gives them their pads)"
}
