import Testing
import KinuDevice

@Suite struct StorageTests {
    @Test func aSavedModelIsRestoredAtBoot() throws {
        var (audio, script) = teachClapAndWhistle()
        let first = try runDevice(audio, script: script)
        let model = try #require(first.storedModel)
        #expect(first.events.first?.name == "boot")
        #expect(first.events.named("no_model").count == 1)

        audio = TestAudio()
        audio.quiet(1_000); audio.whistle(); audio.quiet(1_000); audio.clap(); audio.quiet(1_000)
        let second = try runDevice(audio) { $0.storedModel = model }
        let restored = try #require(second.events.named("restored").first)
        #expect(restored.int("examples") == 2 && restored.milliseconds == 0)
        #expect(second.events.named("heard").map(\.pad) == [2, 1])
    }

    @Test func aFailingSaveIsLoggedAndTheModelStaysInRAM() throws {
        var (audio, script) = teachClapAndWhistle()
        audio.clap(); audio.quiet(1_000)
        let board = try runDevice(audio, script: script) { $0.failSaves = true }
        let errors = board.events.named("error")
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.string("what") == "save" && ($0.string("message") ?? "").contains("RAM") })
        #expect(board.events.named("saved").isEmpty)
        #expect(board.events.named("heard").first?.pad == 1, "still recognises from RAM")
    }

    @Test func aFailingReadStartsEmpty() throws {
        var audio = TestAudio()
        audio.quiet(500)
        let board = try runDevice(audio) { $0.failLoads = true }
        let error = try #require(board.events.named("error").first)
        #expect(error.string("what") == "restore")
        #expect(board.events.named("restored").isEmpty)
    }

    @Test func aCorruptedModelIsReportedAndIgnored() throws {
        let (audio, script) = teachClapAndWhistle()
        var model = try #require(try runDevice(audio, script: script).storedModel)
        model[100] ^= 0xFF
        var quiet = TestAudio()
        quiet.quiet(500)
        let board = try runDevice(quiet) { $0.storedModel = model }
        let error = try #require(board.events.named("error").first)
        #expect(error.string("message")?.contains("CRC") == true, "\(error)")
        #expect(board.events.named("stopped").first?.int("examples") == 0)
    }

    @Test func aModelCutShortIsReported() throws {
        let (audio, script) = teachClapAndWhistle()
        let model = try #require(try runDevice(audio, script: script).storedModel)
        var quiet = TestAudio()
        quiet.quiet(500)
        let board = try runDevice(quiet) { $0.storedModel = Array(model.prefix(1000)) }
        #expect(board.events.named("error").first?.string("message")?.contains("truncated") == true)
    }
}
