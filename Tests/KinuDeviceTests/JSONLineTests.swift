import Testing
@testable import KinuDevice

/// Collects log lines as strings.
struct LineCollector: LogOutput {
    var lines: [String] = []
    mutating func writeLine(_ line: UnsafeRawBufferPointer) {
        lines.append(String(decoding: line, as: UTF8.self))
    }
}

@Suite struct JSONLineTests {
    @Test func writesFieldsInOrder() {
        var line = JSONLine()
        var out = LineCollector()
        line.start(milliseconds: 5230, event: "heard")
        line.add("class", 2)
        line.add("confidence", 87)
        line.finish(to: &out)
        #expect(out.lines == [#"{"t_ms":5230,"event":"heard","class":2,"confidence":87}"#])
    }

    @Test func writesNullBooleansNegativesAndZero() {
        var line = JSONLine()
        var out = LineCollector()
        line.start(milliseconds: 0, event: "x")
        line.addNull("class")
        line.add("ok", true)
        line.add("no", false)
        line.add("n", -1203)
        line.add("z", 0)
        line.finish(to: &out)
        #expect(out.lines == [#"{"t_ms":0,"event":"x","class":null,"ok":true,"no":false,"n":-1203,"z":0}"#])
    }

    @Test func escapesQuotesInStrings() {
        var line = JSONLine()
        var out = LineCollector()
        line.start(milliseconds: 1, event: "error")
        line.add("message", #"say "hi" \ now"#)
        line.finish(to: &out)
        #expect(out.lines == [#"{"t_ms":1,"event":"error","message":"say \"hi\" \\ now"}"#])
    }

    @Test func reusesItsBufferAndCutsOverlongLines() {
        var line = JSONLine()
        var out = LineCollector()
        line.start(milliseconds: 1, event: "long")
        for _ in 0 ..< 40 { line.add("field", 123456) }
        line.finish(to: &out)
        line.start(milliseconds: 2, event: "short")
        line.finish(to: &out)
        #expect(out.lines[0].utf8.count == JSONLine.capacity)
        #expect(out.lines[0].hasSuffix("}"))
        #expect(out.lines[1] == #"{"t_ms":2,"event":"short"}"#)
    }
}
