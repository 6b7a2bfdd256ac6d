import Foundation
import KinuDevice
import KinuHostKit

/// A button script file as both host tools load it: bounded read, the firmware's parser,
/// and an error that names the file, the line and what that line says.
public enum ButtonScriptFile {
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func load(_ path: String, padCount: Int) throws(LoadError) -> [ButtonTransition] {
        let text: Data
        do { text = try ScriptFile.read(path, atMost: ButtonScript.maximumBytes + 1) } catch {
            throw LoadError(description: "cannot read button script \(path): \(error.reason)")
        }
        let parsed = text.withUnsafeBytes { raw in
            Result { () throws(ButtonScript.ParseError) in try ButtonScript.parse(raw, padCount: padCount) }
        }
        switch parsed {
        case .success(let transitions): return transitions
        case .failure(let error):
            guard error.line > 0 else { throw LoadError(description: "\(path): \(error.reason.message)") }
            let lines = String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let said = error.line <= lines.count ? lines[error.line - 1].trimmingCharacters(in: .whitespacesAndNewlines) : ""
            throw LoadError(description: "\(path):\(error.line): \(error.reason.message) in '\(said.prefix(80))'; lines are "
                            + "'<milliseconds> <pad1..pad\(padCount)|mode> <down|up>'")
        }
    }
}
