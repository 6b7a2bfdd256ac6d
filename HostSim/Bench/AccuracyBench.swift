import Foundation
import KinuCore
import KinuEval
import KinuHostKit

/// `kinu-bench accuracy`: the few-shot device scenario on a folder of FSDD-style clips.
enum AccuracyBench {
    static let tableHeader = " k   accuracy (+- s.e.)  agreement   unsure  right when sure  test clips"

    /// One row of the table; `agreement` false where the float reference did not run.
    static func tableRow(_ k: Int, _ r: FewShotProtocol.Summary, agreement: Bool = true) -> String {
        let agreed = agreement ? String(format: "%7.1f %%", r.agreement * 100) : "      -  "
        return String(format: "%2d   %6.1f %% (+- %.1f)  %@  %5.1f %%  %13.1f %%  %d", k, r.accuracy * 100, r.standardError * 100,
                      agreed, r.unsureRate * 100, r.accuracyWhenSure * 100, r.tested)
    }

    /// The same protocol on synthetic non-speech sounds (claps, knocks, whistles...).
    static func runSynthetic(shots: [Int], seeds: Int) {
        var learner = SoundLearner()
        var clips: [PreparedClip] = []
        let progress = ProgressBar(title: "synthetic sounds", total: SyntheticSounds.kinds.count * SyntheticSounds.people.count * SyntheticSounds.takes)
        for kind in SyntheticSounds.kinds.indices {
            for person in SyntheticSounds.people.indices {
                for take in 0..<SyntheticSounds.takes {
                    let sound = SyntheticSounds.take(kind: kind, person: person, take: take)
                    let stream = ClipPreparation.stream(sound, seed: UInt64(kind * 10_000 + person * 100 + take))
                    clips.append(ClipPreparation.prepare(stream: stream, label: kind, group: SyntheticSounds.people[person],
                                                         take: take, learner: &learner))
                    progress.advance()
                }
            }
        }
        progress.finish()
        let missed = clips.filter { $0.template == nil }.count
        Report.heading("Accuracy on synthetic non-speech sounds: \(SyntheticSounds.kinds.joined(separator: ", "))")
        Report.row("\(clips.count) clips, 4 synthetic people; detector: \(missed) clips with no event")
        let runner = FewShotProtocol(clips: clips, labelCount: SyntheticSounds.kinds.count)
        reportPerGroup(runner, set: "synthetic", protocol: "per-person", shots: shots, seeds: seeds)
    }

    /// The per-group table for each k, one row and one JSON line per k.
    static func reportPerGroup(_ runner: FewShotProtocol, set: String, protocol name: String, shots: [Int], seeds: Int) {
        Report.row(tableHeader)
        for k in shots {
            let result = runner.perGroup(shots: k, seeds: seeds)
            Report.row(tableRow(k, result))
            Report.json(["bench": "accuracy", "set": set, "protocol": name, "k": k, "accuracy": result.accuracy,
                         "agreement": result.agreement, "unsure": result.unsureRate, "accuracy_when_sure": result.accuracyWhenSure,
                         "standard_error": result.standardError, "seeds": seeds, "clips": result.tested])
        }
    }

    /// FSDD taught clean, tested with real noise recordings mixed in at 20, 10 and 5 dB.
    static func runRecordedNoise(_ dataset: Dataset, labels: [String: Int], runner: FewShotProtocol,
                                 noise: [RecordedNoise], seeds: Int) throws {
        Report.heading("Accuracy in recorded noise: taught clean, tested with \(noise.map(\.name).joined(separator: ", ")) mixed in")
        Report.row("SNR against the clip's active power; k = 5 and k = 1; mean over the speakers (+- s.e. over draws)")
        for snr in [20.0, 10.0, 5.0] {
            var sums = [1: 0.0, 5: 0.0]
            for source in noise {
                let noisyClips = try ClipPreparation.prepareAll(dataset, labels: labels, noise: (.recorded(source), snr),
                                                                withFloat: false, progressTitle: "\(source.name) \(Int(snr)) dB")
                var row = String(format: "%-11@ %2.0f dB:", source.name, snr)
                for k in [5, 1] {
                    let result = runner.perGroup(shots: k, seeds: seeds, testClips: noisyClips, withFloat: false)
                    sums[k]! += result.accuracy / Double(noise.count)
                    row += String(format: "  k=%d %5.1f %% (+- %.1f, unsure %.1f %%)", k, result.accuracy * 100,
                                  result.standardError * 100, result.unsureRate * 100)
                    Report.json(["bench": "accuracy", "set": "fsdd-noise", "noise": source.name, "snr_db": Int(snr), "k": k,
                                 "accuracy": result.accuracy, "standard_error": result.standardError, "unsure": result.unsureRate,
                                 "seeds": seeds])
                }
                Report.row(row)
            }
            Report.row(String(format: "mean        %2.0f dB:  k=5 %5.1f %%  k=1 %5.1f %%", snr, sums[5]! * 100, sums[1]! * 100))
            for k in [5, 1] {
                Report.json(["bench": "accuracy", "set": "fsdd-noise", "noise": "mean", "snr_db": Int(snr), "k": k,
                             "accuracy": sums[k]!, "seeds": seeds])
            }
        }
    }

    /// esc10-dev: real environmental sounds, pooled (one folder per class, no speakers).
    static func runEnvironmental(directory: String, shots: [Int], seeds: Int) throws {
        let dataset: Dataset
        do { dataset = try Dataset(directory: URL(fileURLWithPath: directory)) } catch { Report.fail("\(error)") }
        let labels = dataset.labels()
        let clips = try ClipPreparation.prepareAll(dataset, labels: dataset.labelIndex(), withFloat: false,
                                                   progressTitle: "environmental sounds")
        let missed = clips.filter { $0.template == nil }.count
        Report.heading("Accuracy on real environmental sounds: \(dataset.count) clips of \(labels.joined(separator: ", "))")
        Report.row("pooled: k clips per class taught, every other clip tested, \(seeds) draws; \(missed) clips with no event")
        Report.row(tableHeader)
        for disjoint in [false, true] {
            if disjoint { Report.row("recording-disjoint: no clip tested whose recording gave a taught clip") }
            let runner = FewShotProtocol(clips: clips, labelCount: labels.count, recordingDisjoint: disjoint)
            for k in shots {
                let result = runner.pooled(shots: k, seeds: seeds)
                Report.row(tableRow(k, result, agreement: false))
                Report.json(["bench": "accuracy", "set": "esc10-dev", "protocol": disjoint ? "pooled-recording-disjoint" : "pooled",
                             "k": k, "accuracy": result.accuracy, "standard_error": result.standardError, "unsure": result.unsureRate,
                             "accuracy_when_sure": result.accuracyWhenSure, "seeds": seeds, "clips": result.tested])
            }
        }
        // Unknown sounds: teach one half of the classes, play the other; both halves.
        var falseAccept = 0.0, falseAcceptError = 0.0, accuracy = 0.0, sureRight = 0.0
        let half = labels.count / 2
        for unknown in [Set(half..<labels.count), Set(0..<half)] {
            let result = FewShotProtocol(clips: clips, labelCount: labels.count, unknownLabels: unknown).pooled(shots: 5, seeds: seeds)
            falseAccept += result.falseAcceptRate / 2
            // The halves' draws are independent: their errors add in quadrature.
            falseAcceptError += result.falseAcceptStandardError * result.falseAcceptStandardError / 4
            accuracy += result.accuracy / 2
            sureRight += result.sureRight / 2
        }
        falseAcceptError = falseAcceptError.squareRoot()
        Report.row(String(format: "never taught (teach 5 classes, play the other 5, k=5, both halves): taken for a taught class %.1f %% (+- %.1f); "
                          + "taught classes %.1f %% right, %.1f %% sure and right", falseAccept * 100, falseAcceptError * 100,
                          accuracy * 100, sureRight * 100))
        Report.json(["bench": "false_accept", "set": "esc10-dev", "k": 5, "false_accept": falseAccept,
                     "false_accept_standard_error": falseAcceptError, "accuracy": accuracy, "sure_right": sureRight, "seeds": seeds])
    }

    static func run(dataDirectory: String, shots: [Int], seeds: Int, noisy: Bool, recordedNoise: [RecordedNoise]?) throws {
        let url = URL(fileURLWithPath: dataDirectory)
        let dataset: Dataset
        do { dataset = try Dataset(directory: url) } catch { Report.fail("\(error)") }
        let labels = dataset.labels()
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        guard labels.count <= ExampleStore.classCount || labels.count == 10 else {
            Report.fail("\(labels.count) labels; the device holds \(ExampleStore.classCount) classes")
        }

        let clips = try ClipPreparation.prepareAll(dataset, labels: labelIndex, progressTitle: "preparing clips")
        let groups = Set(clips.map(\.group)).count
        let missed = clips.filter { $0.template == nil }.count
        let split = clips.filter { $0.eventCount > 1 }.count

        Report.heading("Accuracy, device scenario: \(dataset.count) clips, \(labels.count) labels, \(groups) groups, \(seeds) draws")
        Report.row("accuracy: the classifier's best class is right; unsure: the device shows 'unsure' instead;")
        Report.row("agreement: the float reference pipeline makes the same decision (class or unsure)")
        Report.row("detector: \(missed) clips with no event, \(split) with more than one (the one on the recording is used)")
        Report.json(["bench": "detector", "clips": clips.count, "no_event": missed, "several_events": split])
        // The device has 8 class pads; ten digits need ExampleStore's capacity, which is
        // not limited to the pads a board has.
        let protocolRunner = FewShotProtocol(clips: clips, labelCount: labels.count)
        reportPerGroup(protocolRunner, set: "fsdd", protocol: "per-speaker", shots: shots, seeds: seeds)
        let cross = protocolRunner.crossGroup()
        Report.row(String(format: "cross-speaker (teach 3, test the 4th, %d examples kept per class): %.1f %%",
                          ExampleStore.slotsPerClass, cross * 100))
        Report.json(["bench": "accuracy", "set": "fsdd", "protocol": "cross-speaker", "accuracy": cross])

        // Unknown sounds: the digits 5-9 never taught, all played.
        let open = FewShotProtocol(clips: clips, labelCount: labels.count, unknownLabels: Set(5..<labels.count))
        let unknown = open.perGroup(shots: 5, seeds: seeds, withFloat: false)
        Report.row(String(format: "never taught (teach 0-4, play 5-9, k=5): taken for a taught digit %.1f %% (+- %.1f); "
                          + "taught digits %.1f %% right, %.1f %% sure and right, %.1f %% unsure",
                          unknown.falseAcceptRate * 100, unknown.falseAcceptStandardError * 100, unknown.accuracy * 100,
                          unknown.sureRight * 100, unknown.unsureRate * 100))
        Report.json(["bench": "false_accept", "set": "fsdd", "k": 5, "false_accept": unknown.falseAcceptRate,
                     "false_accept_standard_error": unknown.falseAcceptStandardError, "accuracy": unknown.accuracy,
                     "sure_right": unknown.sureRight, "unsure": unknown.unsureRate, "accuracy_when_sure": unknown.accuracyWhenSure,
                     "seeds": seeds])

        runSynthetic(shots: shots, seeds: seeds)
        if let recordedNoise {
            try runRecordedNoise(dataset, labels: labelIndex, runner: protocolRunner, noise: recordedNoise, seeds: seeds)
        }

        guard noisy else { return }
        Report.heading("Accuracy in noise: taught clean, tested with noise mixed in (k = 1 and 5)")
        for kind in NoiseKind.allCases {
            for snr in [20.0, 10.0] {
                let noisyClips = try ClipPreparation.prepareAll(dataset, labels: labelIndex, noise: (.synthetic(kind), snr),
                                                                withFloat: false, progressTitle: "\(kind) noise \(Int(snr)) dB")
                let missedNoisy = noisyClips.filter { $0.template == nil }.count
                for k in [1, 5] {
                    let result = protocolRunner.perGroup(shots: k, seeds: seeds, testClips: noisyClips, withFloat: false)
                    Report.row(String(format: "%@ noise, %2.0f dB SNR, k=%d: %6.1f %%  (unsure %.1f %%, %d clips with no event)",
                                      kind.rawValue, snr, k, result.accuracy * 100, result.unsureRate * 100, missedNoisy))
                    Report.json(["bench": "accuracy", "protocol": "per-speaker-noisy", "noise": kind.rawValue, "snr_db": Int(snr),
                                 "k": k, "accuracy": result.accuracy, "unsure": result.unsureRate, "no_event": missedNoisy])
                }
            }
        }
    }
}
