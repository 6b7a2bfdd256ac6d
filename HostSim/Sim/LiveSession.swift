import Foundation
import KinuDevice
import KinuHostAudio
import KinuHostDevice
import KinuHostKit

/// The live interface: the device runs block by block; between blocks the keys become
/// button presses on the audio clock and the screen is redrawn (about 20 times a second).
struct LiveSession {
    let setup: RunSetup
    let source: String
    let capture: ALSACapture?
    let duration: Double?

    func run<A: AudioInput>(_ audio: A) throws {
        let terminal = try Terminal()
        defer { Terminal.restore() }
        Interrupts.install()
        let log = LiveLog()
        let monitor = LiveMonitor()
        let setup = self.setup
        let board = HostBoard(padCount: setup.padCount, audio: audio, buttons: setup.buttons, modelFile: setup.modelFile,
                              onLine: { line in log.add(line); setup.record(line) },
                              onLEDs: { log.show($0) },
                              onAudio: { monitor.hear($0) })
        var device = Device(board: board)
        var keys = KeyCommands(padCount: setup.padCount)
        var lastDraw = Date.distantPast
        var running = true
        var quit = false
        let limit = duration.map { Milliseconds($0 * 1000) }
        device.start()
        if let note = classesBeyondPads(device.learner, padCount: setup.padCount) {
            setup.report(HostLogLine.make(milliseconds: 0, event: "note", ["message": .text(note)]), headless: false)
        }

        while !quit {
            for line in setup.hostLines.take() { log.add(line) }
            for byte in terminal.readKeys() {
                guard let command = keys.feed(byte) else { continue }
                if command == .quit { quit = true; break }
                if running { press(command, at: device.milliseconds, buttons: setup.buttons) }
            }
            if Interrupts.pending { quit = true }
            if quit { setup.stop.set() }
            if running {
                if let limit, device.milliseconds >= limit { setup.stop.set() }
                if !device.step() {
                    running = false
                    device.stop()
                    if setup.failure.error != nil { break }
                }
            } else {
                Thread.sleep(forTimeInterval: 0.02)   // input ended: only keys and redraws
            }
            if Date().timeIntervalSince(lastDraw) >= 0.05 || quit || !running {
                lastDraw = Date()
                draw(terminal, device: device, log: log, monitor: monitor, keys: keys, ended: !running,
                     unsaved: device.board.hasUnsavedModel)
            }
        }
        if running { device.stop() }
        var finalBoard = device.board
        if let lost = finalBoard.saveModelAtEnd(device.learner) { throw SimFailure(message: lost) }
    }

    private func press(_ command: KeyCommand, at now: Milliseconds, buttons: HostButtons) {
        switch command {
        case .tap(let pad): buttons.press(.pad(pad), at: now)
        case .hold(let pad): buttons.press(.pad(pad), at: now, for: HostButtons.holdMilliseconds)
        case .undo(let pad): buttons.modeWithPad(pad, at: now)
        case .mode: buttons.press(.mode, at: now)
        case .holdMode: buttons.press(.mode, at: now, for: HostButtons.holdMilliseconds)
        case .quit: break
        }
    }

    private func draw<B: Board>(_ terminal: Terminal, device: Device<B>, log: LiveLog, monitor: LiveMonitor,
                                keys: KeyCommands, ended: Bool, unsaved: Bool) {
        let size = terminal.size
        var c = LiveScreen.Content()
        c.source = source
        c.milliseconds = Int(device.milliseconds)
        c.padCount = setup.padCount
        c.examples = (0 ..< setup.padCount).map { device.learner.exampleCount(classIndex: $0) }
        c.leds = log.leds
        c.ledsAge = Date().timeIntervalSince(log.ledsChangedAt)
        c.confidence = log.lastConfidence
        c.rmsDB = monitor.rmsDB
        c.peakDB = monitor.peakDB
        c.clipping = monitor.clippedRecently
        c.columns = monitor.columns
        c.events = log.entries
        c.prompt = keys.prompt
        c.ended = ended
        c.unsaved = unsaved
        c.keepsModel = setup.modelFile != nil
        var status: [String] = []
        if let capture { status.append("overruns \(capture.overruns)") }
        status.append("model " + (setup.modelFile?.url.lastPathComponent ?? "not kept (--model FILE)"))
        status.append("\(device.learner.store.totalCount) examples")
        c.status = status.joined(separator: " · ")
        terminal.write(LiveScreen(columns: size.columns, rows: size.rows).render(c))
    }
}
