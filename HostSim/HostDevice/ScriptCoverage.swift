import KinuDevice

/// What a button script does that a recording cannot show: presses timed after the audio
/// has ended (a script in seconds, or written for a longer recording) and buttons still held
/// when it ends. The device runs anyway; these only explain why nothing was taught.
public enum ScriptCoverage {
    /// One sentence per problem (none when the script fits the audio).
    public static func warnings(_ script: [ButtonTransition], audioMilliseconds: Milliseconds) -> [String] {
        var warnings: [String] = []
        let late = script.filter { $0.milliseconds >= audioMilliseconds }
        if let first = late.first {
            warnings.append("the button script goes on after the audio ends (\(audioMilliseconds) ms): its \(late.count) "
                + "transition\(late.count == 1 ? "" : "s") from \(first.milliseconds) ms on never happen "
                + "(times are in milliseconds from the start of the file)")
        }
        var held: [String] = []
        for button in Set(script.map { name($0.button) }).sorted() {
            let last = script.last { name($0.button) == button && $0.milliseconds < audioMilliseconds }
            if last?.isDown == true { held.append(button) }
        }
        if !held.isEmpty {
            warnings.append("\(held.joined(separator: ", ")) \(held.count == 1 ? "is" : "are") still held down when "
                + "the audio ends (the script never releases \(held.count == 1 ? "it" : "them")): what a press does "
                + "on its release never happens")
        }
        return warnings
    }

    private static func name(_ button: Button) -> String {
        switch button {
        case .pad(let index): "pad\(index + 1)"
        case .mode: "mode"
        }
    }
}
