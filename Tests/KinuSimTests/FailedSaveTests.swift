import Foundation
import Testing
import KinuDevice
import KinuHostDevice

/// Saves that keep failing (the folder went away, the disk filled up) are not hidden:
/// the end of a run tries once more from the model in RAM, and says so if that fails too.
@Suite struct FailedSaveTests {
    func run(_ file: ModelFile) -> Device<HostBoard<SampleAudio>> {
        let audio = SampleAudio(samples: TestSession.claps(at: [1.0], seconds: 2))
        let script = [ButtonTransition(milliseconds: 800, button: .pad(0), isDown: true),
                      ButtonTransition(milliseconds: 860, button: .pad(0), isDown: false)]
        let board = HostBoard(padCount: 2, audio: audio, buttons: HostButtons(script: script), modelFile: file,
                              onLine: { _ in })
        var device = Device(board: board)
        device.run()
        return device
    }

    @Test func aModelThatCouldNotBeSavedIsReportedAtTheEnd() throws {
        let folder = try temporaryFolder().appendingPathComponent("models")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = try ModelFile(path: folder.appendingPathComponent("a.kinu").path)
        try FileManager.default.removeItem(at: folder)   // gone after the start-up checks

        let device = run(file)
        #expect(device.learner.store.totalCount == 1)
        #expect(device.board.hasUnsavedModel)
        var board = device.board
        let lost = board.saveModelAtEnd(device.learner) ?? ""
        #expect(lost.contains("could not be saved to") && lost.contains("is lost"), "\(lost)")

        // Back in place before the end: the last try saves what was taught.
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let second = board.saveModelAtEnd(device.learner)
        #expect(second == nil && !board.hasUnsavedModel)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("a.kinu").path))
    }

    @Test func aRunWhoseSavesWorkedHasNothingToSayAtTheEnd() throws {
        let folder = try temporaryFolder()
        let device = run(try ModelFile(path: folder.appendingPathComponent("a.kinu").path))
        var board = device.board
        let said = board.saveModelAtEnd(device.learner)
        #expect(!board.hasUnsavedModel && said == nil)
    }
}
