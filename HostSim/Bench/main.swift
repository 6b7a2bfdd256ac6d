import Foundation
import KinuCore
import KinuEval

/// kinu-bench: figures for the README. Every figure is printed as a table row and as a
/// JSON line starting with {"bench":.
let usage = """
    usage: kinu-bench [accuracy|cost|all] [--data DIR] [--esc DIR] [--shots 1,3,5,10] [--seeds 20] [--noisy]
           kinu-bench events --data DIR --out FILE [--noise DIR --snr DB]

      accuracy   few-shot accuracy on a folder of FSDD-style clips (<label>_<speaker>_<take>.wav)
      cost       host time per stage and memory of the model
      all        both (default)
      events     every detector event of every clip of --data, for the float studies
                 (tools/method_study/sounds_study.py); with --noise, noise recordings from DIR
                 mixed into each clip's stream at --snr DB (default 10)

      --data DIR   clips to use (default ../shared/data/fsdd/recordings)
      --esc DIR    real environmental sounds, one folder per class (default ../shared/data/esc10-dev):
                   their accuracy, and their rain, sea-waves and helicopter clips as noise for --data
      --shots LIST examples taught per label (default 1,3,5,10)
      --seeds N    random draws per speaker (default 20: at k=1 one draw set moves the mean by
                   about a point, so 5 draws, the protocol's minimum, are too noisy to compare)
      --noisy      also test with white and pink noise mixed in at 20 and 10 dB SNR
    """

var command = "all"
var dataDirectory = "../shared/data/fsdd/recordings"
var escDirectory = "../shared/data/esc10-dev"
var shots = [1, 3, 5, 10]
var seeds = 20
var noisy = false
var outputFile: String? = nil
var eventNoiseDirectory: String? = nil
var eventSNR = 10.0
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "accuracy", "cost", "all", "events": command = argument
    case "--out":
        guard let file = arguments.popFirst() else { Report.fail("--out needs a file") }
        outputFile = file
    case "--data":
        guard let folder = arguments.popFirst() else { Report.fail("--data needs a folder") }
        dataDirectory = folder
    case "--shots":
        let list = (arguments.popFirst() ?? "").split(separator: ",").compactMap { Int($0) }
        if list.isEmpty || list.contains(where: { $0 < 1 }) { Report.fail("--shots needs a list like 1,3,5") }
        shots = list
    case "--seeds":
        guard let n = arguments.popFirst().flatMap({ Int($0) }), n > 0 else { Report.fail("--seeds needs a positive number") }
        seeds = n
    case "--noisy": noisy = true
    case "--noise":
        guard let folder = arguments.popFirst() else { Report.fail("--noise needs a folder of noise recordings") }
        eventNoiseDirectory = folder
    case "--snr":
        guard let db = arguments.popFirst().flatMap({ Double($0) }), db.isFinite else { Report.fail("--snr needs a number of dB") }
        eventSNR = db
    case "--esc":
        guard let folder = arguments.popFirst() else { Report.fail("--esc needs a folder") }
        escDirectory = folder
    case "-h", "--help": Report.line(usage); exit(0)
    default: Report.fail("unknown argument '\(argument)'\n\(usage)")
    }
}

Tuning.apply()
if command == "events" {
    guard let outputFile else { Report.fail("events needs --out FILE") }
    do {
        let noise = try eventNoiseDirectory.map { (NoiseSource.recorded(try RecordedNoise(directory: URL(fileURLWithPath: $0))), eventSNR) }
        try EventDump.run(dataDirectory: dataDirectory, output: outputFile, noise: noise)
    } catch {
        Report.fail("\(error)")
    }
    exit(0)
}
if command == "cost" || command == "all" { CostBench.run() }
if command == "accuracy" || command == "all" {
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: dataDirectory, isDirectory: &isDirectory) || !isDirectory.boolValue {
        Report.fail("no data folder at \(dataDirectory): pass --data DIR (FSDD-style clips)")
    }
    // The environmental set and its noise recordings are optional: without them the rest runs.
    let escURL = URL(fileURLWithPath: escDirectory)
    let hasESC = FileManager.default.fileExists(atPath: escURL.path, isDirectory: &isDirectory) && isDirectory.boolValue
    if !hasESC { Report.line("kinu-bench: no \(escDirectory): skipping the environmental sounds and the recorded noise") }
    do {
        let noise = hasESC ? try ["rain", "sea-waves", "helicopter"].map { try RecordedNoise(directory: escURL.appendingPathComponent($0)) } : nil
        try AccuracyBench.run(dataDirectory: dataDirectory, shots: shots, seeds: seeds, noisy: noisy, recordedNoise: noise)
        if hasESC { try AccuracyBench.runEnvironmental(directory: escDirectory, shots: shots.filter { $0 <= 5 }, seeds: seeds) }
    } catch {
        Report.fail("\(error)")
    }
}
