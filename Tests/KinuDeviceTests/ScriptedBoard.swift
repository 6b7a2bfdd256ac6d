import Foundation
import KinuDevice

/// A board for tests: audio and buttons from memory, storage in memory (with switches
/// to make it fail), and every log line and LED change recorded.
struct ScriptedBoard: Board {
    var padCount = 4
    var audio: [Int16] = []
    var position = 0
    var buttons = ScriptedButtons()

    /// The "flash": nil until the first save.
    var storedModel: [UInt8]?
    var failSaves = false
    var failLoads = false
    var saveCount = 0

    var lines: [String] = []
    var leds: [LEDState] = []

    mutating func readAudio(into block: UnsafeMutableBufferPointer<Int16>) -> Int {
        let count = min(block.count, audio.count - position)
        for i in 0 ..< count { block[i] = audio[position + i] }
        position += count
        return count
    }

    mutating func nextTransition(dueBy milliseconds: Milliseconds) -> ButtonTransition? {
        buttons.nextTransition(dueBy: milliseconds)
    }

    mutating func show(_ leds: LEDState) { self.leds.append(leds) }

    mutating func loadModel(into buffer: UnsafeMutableRawBufferPointer) -> StorageLoadResult {
        if failLoads { return .failed }
        guard let storedModel else { return .empty }
        let count = min(storedModel.count, buffer.count)
        for i in 0 ..< count { buffer[i] = storedModel[i] }
        return .loaded(count: count)
    }

    mutating func saveModel(_ image: UnsafeRawBufferPointer) -> Bool {
        if failSaves { return false }
        storedModel = Array(image)
        saveCount += 1
        return true
    }

    mutating func writeLine(_ line: UnsafeRawBufferPointer) {
        lines.append(String(decoding: line, as: UTF8.self))
    }

    /// The log decoded: one dictionary per line (a test fails on a line that is not JSON).
    var events: [LogEvent] { lines.map(LogEvent.init) }
}

/// One decoded log line.
struct LogEvent: CustomStringConvertible {
    let line: String
    let fields: [String: Any]

    init(_ line: String) {
        self.line = line
        fields = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? ["unparsed": line]
    }

    var name: String { fields["event"] as? String ?? "?" }
    var milliseconds: Int { fields["t_ms"] as? Int ?? -1 }
    func int(_ key: String) -> Int? { fields[key] as? Int }
    func string(_ key: String) -> String? { fields[key] as? String }
    /// `class` as a pad number, nil for `null` or absent.
    var pad: Int? { fields["class"] as? Int }
    var isUnsure: Bool { fields["class"] is NSNull }
    var description: String { line }
}

extension Array where Element == LogEvent {
    func named(_ name: String) -> [LogEvent] { filter { $0.name == name } }
}
