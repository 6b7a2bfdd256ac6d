import Foundation

/// Prints a benchmark figure twice: a row of the human table and one JSON line that a
/// script can pick out (every JSON line starts with `{"bench":`).
enum Report {
    static func heading(_ text: String) {
        print("")
        print(text)
        print(String(repeating: "-", count: text.count))
    }

    static func row(_ text: String) { print(text) }

    static func json(_ fields: KeyValuePairs<String, Any>) {
        let body = fields.map { key, value -> String in
            switch value {
            case let s as String: return "\"\(key)\":\"\(s)\""
            case let d as Double: return "\"\(key)\":\(String(format: "%.4f", d))"
            default: return "\"\(key)\":\(value)"
            }
        }
        print("{" + body.joined(separator: ",") + "}")
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write("kinu-bench: \(message)\n".data(using: .utf8)!)
        exit(1)
    }
}
