// JSON log lines the host tools add to the device's own (damaged input, dropped audio),
// in the same shape: `{"t_ms":...,"event":...,...}`, so one reader handles both.

public enum HostLogLine {
    public enum Value {
        case text(String), number(Int)
    }

    public static func make(milliseconds: Int, event: String, _ fields: KeyValuePairs<String, Value> = [:]) -> String {
        var line = "{\"t_ms\":\(milliseconds),\"event\":\(quoted(event))"
        for (key, value) in fields {
            line += ",\(quoted(key)):"
            switch value {
            case .text(let text): line += quoted(text)
            case .number(let number): line += "\(number)"
            }
        }
        return line + "}"
    }

    /// `text` as a JSON string, quotes included.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
