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
            Layouts: FSDD-style names <label>_<group>_<take>.wav (groups are speakers), or
            one folder per label (sub-folders inside a label folder are groups). Several
            folders are pooled. The last line of the output is JSON with accuracy (a
            fraction), shots, seeds, clips and more.

            Examples:
              kinu-sim eval ../shared/data/fsdd/recordings --shots 5 --seeds 5 --per-group
              kinu-sim eval my-sounds/ --shots 3
              kinu-sim eval fsdd/ --train-groups jackson,nicolas --test-groups theo,yweweler
              kinu-sim eval fsdd/ --per-group --noise esc10-dev/rain --snr 10
              kinu-sim eval esc10-dev/ --unknown-labels rain,rooster,sea-waves

            With --noise, clips are taught clean and tested with the noise recordings of
            DIR (seeded stretches, looped when short) mixed in at --snr dB below the
            clip's active power. With --unknown-labels, those labels are never taught but
            all their clips are played: false_accept is how often the device then lights a
            taught class.
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

    @Option(help: ArgumentHelp("Mix the noise recordings of this folder into the test clips (taught clean).", valueName: "dir"))
    var noise: String?

    @Option(help: ArgumentHelp("Signal-to-noise ratio of --noise, in dB (default 10).", valueName: "db"))
    var snr: Double?
    var snrDB: Double { snr ?? 10 }

    @Option(help: ArgumentHelp("Labels never taught, played to measure false accepts (comma-separated).", valueName: "a,b"))
    var unknownLabels: String?

    @Flag(help: "Test no clip cut from the same recording as a taught one (clips named <recording>-A.wav, -B.wav...).")
    var recordingDisjoint = false

    func validate() throws {
        if let snr, !(-20...60).contains(snr) { throw ValidationError("--snr must be between -20 and 60 dB") }
        if snr != nil && noise == nil { throw ValidationError("--snr sets the level of --noise; give --noise DIR too") }
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
            let names = dataset.labels()
            guard names.count >= 2 else { throw SimFailure(message: "only one label (\(names[0])) found; evaluation needs two or more") }
            let untaughtNames = try labelSet(unknownLabels, known: names)
            if untaughtNames.count >= names.count - 1 {
                throw SimFailure(message: "--unknown-labels must leave at least two labels to teach")
            }
            // The labels taught come first, so that they are the device's classes 0...9;
            // the untaught ones may go past its 10.
            let labels = names.filter { !untaughtNames.contains($0) } + names.filter { untaughtNames.contains($0) }
            let unknown = Set(labels.count - untaughtNames.count ..< labels.count)
            let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
            guard labels.count - unknown.count <= SoundLearner.classCount else {
                throw SimFailure(message: "\(labels.count - unknown.count) labels to teach; the device holds at most "
                                 + "\(SoundLearner.classCount) classes (name the others in --unknown-labels)")
            }
            let groups = dataset.groups()
            let train = try groupSet(trainGroups, known: groups, option: "--train-groups")
            let test = try groupSet(testGroups, known: groups, option: "--test-groups")
            let noiseSource: NoiseSource?
            do {
                noiseSource = try noise.map { .recorded(try RecordedNoise(directory: URL(fileURLWithPath: $0), warn: Self.warn)) }
            } catch {
                throw SimFailure(message: "--noise: \(error)")
            }

            try checkClipsLeftToTest(dataset, labels: labels, labelIndex: labelIndex, unknown: unknown, train: train)
            Tuning.apply()
            let clips: [PreparedClip]
            var noisyClips: [PreparedClip]? = nil
            do {
                var damaged: [String] = []   // told after the progress line, not through it
                clips = try ClipPreparation.prepareAll(dataset, labels: labelIndex, withFloat: false,
                                                       progressTitle: "listening to clips", warn: { damaged.append($0) })
                damaged.forEach(Self.warn)
                if let noiseSource {
                    noisyClips = try ClipPreparation.prepareAll(dataset, labels: labelIndex, noise: (noiseSource, snrDB),
                                                                withFloat: false, progressTitle: "the same in noise")
                }
            } catch {
                throw SimFailure(message: "\(error); fix or remove that file and run again")
            }
            let runner = FewShotProtocol(clips: clips, labelCount: labels.count, unknownLabels: unknown,
                                         recordingDisjoint: recordingDisjoint)
            var measuredGroups = groups.count
            if perGroup {
                let (used, leftOut) = runner.groupsToTest(shots: shots)
                for (group, why) in leftOut { Self.warn("warning: group '\(group)' left out: \(why)") }
                if used.isEmpty { throw SimFailure(message: "no group can be measured on its own; leave out --per-group") }
                measuredGroups = used.count
            }
            let draws = ProgressBar(title: "teaching and testing", total: perGroup ? seeds * measuredGroups : seeds, unit: "draws")
            let summary = perGroup
                ? runner.perGroup(shots: shots, seeds: seeds, testClips: noisyClips, withFloat: false, onDraw: draws.advance)
                : runner.pooled(shots: shots, seeds: seeds, trainGroups: train, testGroups: test, testClips: noisyClips,
                                onDraw: draws.advance)
            draws.finish()
            if summary.tested == 0 { throw SimFailure(message: "no clip was left to test; lower --shots") }

            let protocolName = perGroup ? "per-group" : (train != nil || test != nil) ? "train-test-groups" : "pooled"
            let report = EvalReport(labels: labels, outcome: summary.pooled, unknown: unknown)
            let untaught = unknown.isEmpty ? "" : " (none of " + unknown.sorted().map { labels[$0] }.joined(separator: ", ") + ")"
            print("")
            let measured = measuredGroups < groups.count ? " (\(measuredGroups) measured)" : ""
            print("few-shot evaluation: \(dataset.count) clips, \(labels.count) labels, \(groups.count) group\(groups.count == 1 ? "" : "s")\(measured); "
                  + "k = \(shots) taught per label\(untaught), \(seeds) draws, \(protocolName)")
            print("")
            report.printClassTable()
            print("")
            report.printConfusion()
            print("")
            let noEvent = (noisyClips ?? clips).filter { $0.template == nil }.count
            print(String(format: "accuracy %.1f %% (%@), unsure %.1f %%, right when sure %.1f %%; in %d of the %d clips no sound was detected",
                         summary.accuracy * 100, Self.plusMinus(summary.standardError), summary.unsureRate * 100,
                         summary.accuracyWhenSure * 100, noEvent, clips.count))
            if !unknown.isEmpty {
                print(String(format: "never taught (%@): %d clips played, taken for a taught class %.1f %% (%@); taught clips sure and right %.1f %%",
                             unknown.sorted().map { labels[$0] }.joined(separator: ", "), summary.pooled.unknownTested,
                             summary.falseAcceptRate * 100, Self.plusMinus(summary.falseAcceptStandardError),
                             summary.sureRight * 100))
            }
            var fields: [(String, String)] = [
                ("accuracy", String(format: "%.4f", summary.accuracy)),
                ("standard_error", Self.json(summary.standardError)),
                ("accuracy_when_sure", String(format: "%.4f", summary.accuracyWhenSure)),
                ("unsure", String(format: "%.4f", summary.unsureRate)),
                ("shots", "\(shots)"), ("seeds", "\(seeds)"), ("clips", "\(dataset.count)"),
                ("tested", "\(summary.tested)"), ("labels", "\(labels.count)"), ("groups", "\(measuredGroups)"),
                ("no_event", "\(noEvent)"), ("protocol", "\"\(protocolName)\""),
            ]
            if !unknown.isEmpty {
                fields += [("false_accept", String(format: "%.4f", summary.falseAcceptRate)),
                           ("false_accept_standard_error", Self.json(summary.falseAcceptStandardError)),
                           ("sure_right", String(format: "%.4f", summary.sureRight))]
            }
            if let noise { fields += [("noise", HostLogLine.quoted(URL(fileURLWithPath: noise).lastPathComponent)), ("snr_db", "\(snrDB)")] }
            fields.append(("seconds", String(format: "%.1f", Date().timeIntervalSince(started))))
            print("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
        }
    }

    /// One line on stderr.
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("kinu-sim eval: \(message)\n".utf8))
    }

    /// "± 0.7 over draws", or why there is no standard error.
    static func plusMinus(_ standardError: Double) -> String {
        standardError.isNaN ? "no standard error from one draw" : String(format: "± %.1f over draws", standardError * 100)
    }

    /// A JSON number with 4 decimals, or null when it is not known.
    static func json(_ value: Double) -> String { value.isNaN ? "null" : String(format: "%.4f", value) }

    /// A taught label with no more clips than `--shots` where it is taught has every clip
    /// taught and none left to test it: a warning (stderr) for each, an error if that is
    /// every label.
    private func checkClipsLeftToTest(_ dataset: Dataset, labels: [String], labelIndex index: [String: Int],
                                      unknown: Set<Int>, train: Set<String>?) throws {
        var warnings: [String] = []
        for (label, name) in labels.enumerated() where !unknown.contains(label) {
            let clips = dataset.clips.filter { index[$0.label] == label && (perGroup || train?.contains($0.group) ?? true) }
            let counts = perGroup ? Dictionary(grouping: clips, by: \.group).mapValues(\.count) : ["": clips.count]
            let shortGroups = counts.filter { $0.value <= shots }.keys.sorted()
            guard !shortGroups.isEmpty else { continue }
            let fewest = counts.values.min() ?? 0
            let place = perGroup ? " in \(shortGroups.count == counts.count ? "every group" : "group " + shortGroups.joined(separator: ", "))" : ""
            warnings.append("warning: label '\(name)' has \(fewest) clip\(fewest == 1 ? "" : "s")"
                            + "\(place); with --shots \(shots) every one is taught and none is left to test it")
        }
        if warnings.count == labels.count - unknown.count {
            throw SimFailure(message: "nothing would be left to test: no label has more than \(shots) clips"
                             + (perGroup ? " in a group" : "") + "; lower --shots")
        }
        warnings.forEach(Self.warn)
    }

    private func loadFolders() throws -> Dataset {
        var clips: [LabelledClip] = []
        for folder in folders {
            let dataset: Dataset
            do {
                dataset = try Dataset(directory: URL(fileURLWithPath: folder))
            } catch {
                // A mixed folder's message names the two layouts itself.
                let hint = if case .mixedLayouts = error { "" } else { "; expected <label>_<group>_<take>.wav files or one sub-folder per label" }
                throw SimFailure(message: "\(error)\(hint)")
            }
            clips += dataset.clips
            if !dataset.skipped.isEmpty {
                let names = dataset.skipped.prefix(3).map(\.lastPathComponent).joined(separator: ", ")
                    + (dataset.skipped.count > 3 ? ", …" : "")
                let why = dataset.layout == .fsddNames ? "not named <label>_<group>_<take>.wav" : "outside the label folders"
                Self.warn("warning: \(folder): \(dataset.skipped.count) .wav file\(dataset.skipped.count == 1 ? "" : "s") \(why), left out: \(names)")
            }
        }
        return Dataset(clips: clips, root: URL(fileURLWithPath: folders[0]))
    }

    private func labelSet(_ text: String?, known: [String]) throws -> Set<String> {
        guard let text else { return [] }
        var set = Set<String>()
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard known.contains(name) else {
                throw SimFailure(message: "--unknown-labels: no label named '\(name)'; the labels are \(known.joined(separator: ", "))")
            }
            set.insert(name)
        }
        return set
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
