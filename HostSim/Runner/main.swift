// kinu-run: the Kinu device on a WAV file and a button script, headless. Prints the
// device's JSON log on standard output, exactly as the firmware prints it on its UART.
//
//   kinu-run [--events script.txt] [--model model.bin] [--pads N] [--leds] [--clock-start MS] audio.wav
//   kinu-run --to-raw out.raw audio.wav     16 kHz mono Int16 little-endian, for QEMU

import Foundation
import KinuDevice
import KinuHostDevice
import KinuHostKit

let usage = """
    usage: kinu-run [--events FILE] [--model FILE] [--pads N] [--leds] [--clock-start MS] AUDIO.wav
           kinu-run --to-raw OUT.raw AUDIO.wav
      --events FILE   button script: lines '<milliseconds> <pad1..padN|mode> <down|up>'
      --model FILE    model storage: restored at boot if present, rewritten after each change
      --pads N        number of pads (default \(RunOptions.defaultPadCount), at most \(Device<HostBoard<SampleAudio>>.maximumPadCount))
      --leds          also print LED changes on standard error
      --clock-start MS  start the audio clock at MS instead of 0, as on a device that has
                      been on that long (button script times are on the same clock)
      --to-raw OUT    only convert AUDIO.wav to raw 16 kHz mono Int16 (what the firmware reads)
    """

func fail(_ message: String, status: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data("kinu-run: \(message)\n".utf8))
    exit(status)
}

if CommandLine.arguments.dropFirst().contains(where: { $0 == "--help" || $0 == "-h" }) {
    print(usage)
    exit(0)
}

let options: RunOptions
do throws(RunOptions.UsageError) {
    options = try RunOptions(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    fail("\(error.message)\n\(usage)", status: 2)
}

let wav: WAVFile
do throws(WAVError) {
    wav = try WAVReader.read(URL(fileURLWithPath: options.audioPath))
} catch {
    fail("\(error)")
}
let samples = wav.int16Mono16k()
// A damaged file still runs (what is readable), but never silently. With --to-raw the
// JSON line goes out too: it heads the log of the firmware that plays the raw file.
for warning in wav.warnings {
    FileHandle.standardError.write(Data("kinu-run: \(InputWarnings.text(warning, file: options.audioPath))\n".utf8))
    print(InputWarnings.jsonLine(warning, file: options.audioPath))
}

// The raw file holds the recording only: the emulated board plays the silence after it
// itself (`QEMUBoard`), and the firmware benchmark measures the recording alone.
if let rawPath = options.rawOutputPath {
    let bytes = samples.withUnsafeBytes { Data($0) }   // little-endian host, like the board
    do { try bytes.write(to: URL(fileURLWithPath: rawPath)) } catch { fail("cannot write \(rawPath): \(error.localizedDescription)") }
    exit(0)
}

var script: [ButtonTransition] = []
if let eventsPath = options.eventsPath {
    do throws(ButtonScriptFile.LoadError) {
        script = try ButtonScriptFile.load(eventsPath, padCount: options.padCount)
    } catch {
        fail(error.description)
    }
}

let heard = SampleAudio.file(samples)
for warning in ScriptCoverage.warnings(script, audioMilliseconds: Milliseconds(heard.count / 16)) {
    FileHandle.standardError.write(Data("kinu-run: warning: \(warning)\n".utf8))
}

var modelFile: ModelFile?
if let modelPath = options.modelPath {
    do throws(ModelFile.Refusal) {
        modelFile = try ModelFile(path: modelPath)
    } catch {
        fail(error.description)
    }
    for note in modelFile?.notes ?? [] { FileHandle.standardError.write(Data("kinu-run: \(note)\n".utf8)) }
}

let showLEDs = options.showLEDs
let board = HostBoard(padCount: options.padCount, audio: SampleAudio(samples: heard), buttons: HostButtons(script: script),
                      modelFile: modelFile,
                      onLEDs: { leds in if showLEDs { FileHandle.standardError.write(Data("leds: \(leds)\n".utf8)) } })
var device = Device(board: board, clockStart: options.clockStart)
device.start()
if let note = classesBeyondPads(device.learner, padCount: options.padCount) {
    FileHandle.standardError.write(Data("kinu-run: note: \(note)\n".utf8))
}
while device.step() {}
device.stop()
var finalBoard = device.board
if let lost = finalBoard.saveModelAtEnd(device.learner) { fail(lost) }
