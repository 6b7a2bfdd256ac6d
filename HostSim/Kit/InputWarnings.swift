// How the tools that run the device on a file tell the user the file was damaged: one
// line on stderr per warning, and the same as a JSON line in the log, so a run on a
// cut-off recording says so instead of quietly playing less audio.

public enum InputWarnings {
    /// "x.wav: warning: ...; running the readable part" for stderr.
    public static func text(_ warning: WAVWarning, file: String) -> String {
        "\(file): warning: \(warning); running the readable part"
    }

    /// `{"t_ms":0,"event":"input_warning","file":...,"message":...}`, in the device log's
    /// form (time 0: before the first sample).
    public static func jsonLine(_ warning: WAVWarning, file: String) -> String {
        HostLogLine.make(milliseconds: 0, event: "input_warning", ["file": .text(file), "message": .text("\(warning)")])
    }
}
