import Foundation

/// Prints a benchmark figure twice: a row of the human table and one JSON line that a
/// script can pick out (every JSON line starts with `{"bench":`).
enum Report {
    /// One line to stdout in one unbuffered write: with stdout and stderr in one file
    /// (`make bench > log 2>&1`), a progress line on stderr then never lands inside a
    /// figure's line, as it did when stdout's buffer filled mid-line.
    static func line(_ text: String) {
        FileHandle.standardOutput.write((text + "\n").data(using: .utf8)!)
    }

    static func heading(_ text: String) {
        line("\n" + text + "\n" + String(repeating: "-", count: text.count))
    }

    static func row(_ text: String) { line(text) }

    static func json(_ fields: KeyValuePairs<String, Any>) {
        let body = fields.map { key, value -> String in
            switch value {
            case let s as String: return "\"\(key)\":\"\(s)\""
            case let d as Double: return "\"\(key)\":" + (d.isNaN ? "null" : String(format: "%.4f", d))   // NaN: not known
            default: return "\"\(key)\":\(value)"
            }
        }
        line("{" + body.joined(separator: ",") + "}")
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write("kinu-bench: \(message)\n".data(using: .utf8)!)
        exit(1)
    }
}
