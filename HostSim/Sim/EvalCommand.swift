import ArgumentParser
import Foundation
import KinuCore
import KinuEval
import KinuHostKit

/// `kinu-sim eval`: the few-shot protocol of kinu-bench on any labelled folder: teach k
/// clips per label one at a time through the device's detector and learner, classify
/// the rest, report per class, the confusion matrix and one JSON line.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Few-shot evaluation over labelled WAV files.",
        discussion: """
            Layouts: FSDD-style names <label>_<group>_<take>.wav (groups are speakers), or one
            folder per label (sub-folders inside a label folder are groups). Several folders
            are pooled. The last line of the output is JSON with accuracy (a fraction), shots,
            seeds, clips and more.

            Examples:
              kinu-sim eval ../shared/data/fsdd/recordings --shots 5 --seeds 5 --per-group
              kinu-sim eval my-sounds/ --shots 3
              kinu-sim eval fsdd/ --train-groups jackson,nicolas --test-groups theo,yweweler
            """)

    @Argument(help: ArgumentHelp("Folders of labelled WAV files.", valueName: "dir"))
    var folders: [String]

    @Option(help: "Examples taught per label.")
    var shots = 5

    @Option(help: "Random draws of the taught examples.")
    var seeds = 5

    @Flag(help: "Teach and test within each group (a person teaching their own board); figures are means over groups.")
    var perGroup = false

    @Option(help: ArgumentHelp("Teach only from these groups (comma-separated).", valueName: "g1,g2"))
    var trainGroups: String?

    @Option(help: ArgumentHelp("Test only on these groups (comma-separated).", valueName: "g1,g2"))
    var testGroups: String?

    func validate() throws {
        if folders.isEmpty { throw ValidationError("give at least one folder of WAV files") }
        if shots < 1 { throw ValidationError("--shots must be 1 or more") }
        if seeds < 1 { throw ValidationError("--seeds must be 1 or more") }
        if perGroup && (trainGroups != nil || testGroups != nil) {
            throw ValidationError("--per-group teaches and tests within each group; leave out --train-groups/--test-groups")
        }
    }

    func run() throws {
        try reportingFailures {
            let started = Date()
            let dataset = try loadFolders()
            let labels = dataset.labels()
            guard labels.count >= 2 else { throw SimFailure(message: "only one label (\(labels[0])) found; evaluation needs two or more") }
            guard labels.count <= SoundLearner.classCount else {
                throw SimFailure(message: "\(labels.count) labels found; the device holds at most \(SoundLearner.classCount) classes")
            }
            let groups = dataset.groups()
            let train = try groupSet(trainGroups, known: groups, option: "--train-groups")
            let test = try groupSet(testGroups, known: groups, option: "--test-groups")

            Tuning.apply()
            let clips: [PreparedClip]
            do {
                clips = try ClipPreparation.prepareAll(dataset, labels: dataset.labelIndex(), withFloat: false,
                                                       progressTitle: "listening to clips")
            } catch {
                throw SimFailure(message: "\(error); fix or remove that file and run again")
            }
            let runner = FewShotProtocol(clips: clips, labelCount: labels.count)
            let draws = ProgressBar(title: "teaching and testing", total: perGroup ? seeds * groups.count : seeds, unit: "draws")
            let summary = perGroup
                ? runner.perGroup(shots: shots, seeds: seeds, withFloat: false, onDraw: draws.advance)
                : runner.pooled(shots: shots, seeds: seeds, trainGroups: train, testGroups: test, onDraw: draws.advance)
            draws.finish()

            let protocolName = perGroup ? "per-group" : (train != nil || test != nil) ? "train-test-groups" : "pooled"
            let report = EvalReport(labels: labels, outcome: summary.pooled)
            print("")
            print("few-shot evaluation: \(dataset.count) clips, \(labels.count) labels, \(groups.count) groups; "
                  + "k = \(shots) taught per label, \(seeds) draws, \(protocolName)")
            print("")
            report.printClassTable()
            print("")
            report.printConfusion()
            print("")
            let noEvent = clips.filter { $0.template == nil }.count
            print(String(format: "accuracy %.1f %%, unsure %.1f %%, right when sure %.1f %%, %d clips with no sound detected",
                         summary.accuracy * 100, summary.unsureRate * 100, summary.accuracyWhenSure * 100, noEvent))
            let fields: [(String, String)] = [
                ("accuracy", String(format: "%.4f", summary.accuracy)),
                ("accuracy_when_sure", String(format: "%.4f", summary.accuracyWhenSure)),
                ("unsure", String(format: "%.4f", summary.unsureRate)),
                ("shots", "\(shots)"), ("seeds", "\(seeds)"), ("clips", "\(dataset.count)"),
                ("tested", "\(summary.tested)"), ("labels", "\(labels.count)"), ("groups", "\(groups.count)"),
                ("no_event", "\(noEvent)"), ("protocol", "\"\(protocolName)\""),
                ("seconds", String(format: "%.1f", Date().timeIntervalSince(started))),
            ]
            print("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
        }
    }

    private func loadFolders() throws -> Dataset {
        var clips: [LabelledClip] = []
        for folder in folders {
            do {
                clips += try Dataset(directory: URL(fileURLWithPath: folder)).clips
            } catch {
                throw SimFailure(message: "\(error); expected <label>_<group>_<take>.wav files or one sub-folder per label")
            }
        }
        return Dataset(clips: clips, root: URL(fileURLWithPath: folders[0]))
    }

    private func groupSet(_ text: String?, known: [String], option: String) throws -> Set<String>? {
        guard let text else { return nil }
        let names = Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        if let unknown = names.subtracting(known).sorted().first {
            throw SimFailure(message: "\(option): no group named '\(unknown)'; the groups are \(known.joined(separator: ", "))")
        }
        if names.isEmpty { throw SimFailure(message: "\(option) needs group names, e.g. \(known.prefix(2).joined(separator: ","))") }
        return names
    }
}
