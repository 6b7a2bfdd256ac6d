/// KinuCore: fixed-point audio front end, sound-event detector and online learner.
///
/// Everything in this module runs unchanged on the host and, in Embedded Swift, on a
/// Cortex-M4. Rules for this folder: integer arithmetic only, no Foundation, no
/// existentials, no allocation after `init`.
public enum KinuCoreInfo {
    /// Sample rate of every audio stream the core accepts.
    public static let sampleRate = 16_000
}
