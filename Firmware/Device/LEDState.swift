/// What the LEDs show. A board renders it as best it can (one LED per pad on a full
/// board; the QEMU model has two LEDs and also logs it).
public enum LEDState: Equatable {
    case off
    /// Pad `pad` (0-based) is armed: its LED blinks until a sound is taught or it times out.
    case armed(pad: Int)
    /// Pad `pad` just learned an example: its LED confirms (steady, briefly).
    case learned(pad: Int)
    /// A sound was recognised as class `pad`: its LED lights briefly.
    case heard(pad: Int)
    /// A sound was heard but no class was close enough.
    case unsure
    /// Not listening (MODE short press).
    case paused
    /// Waiting for the second MODE long press that forgets everything: all LEDs blink.
    case confirmingForgetAll
}
