import Foundation
import KinuCore
import KinuEval
import KinuHostKit

/// `kinu-bench events`: every event the device's detector finds in every clip of a folder
/// (each clip placed in a quiet room, as the accuracy benchmark places it, with noise mixed
/// in if asked), for the float studies in tools/method_study. `OUT` gets the events' log-mel frames (Int16, 40 bands
/// per frame, little-endian, one event after the other); `OUT.tsv` one line per event:
/// label, group, file, event number (-1: none in this clip), start frame, frames, byte
/// offset in `OUT`.
enum EventDump {
    static func run(dataDirectory: String, output: String, noise: (source: NoiseSource, snrDB: Double)? = nil) throws {
        let dataset: Dataset
        do { dataset = try Dataset(directory: URL(fileURLWithPath: dataDirectory)) } catch { Report.fail("\(error)") }
        var frames = Data()
        var lines = ""
        let progress = ProgressBar(title: "events", total: dataset.clips.count)
        for (index, clip) in dataset.clips.enumerated() {
            let samples = try WAVReader.readInt16Mono16k(clip.url).map { Double($0) / 32768 }
            let stream = ClipPreparation.stream(samples, seed: UInt64(index) &* 7919 &+ 1, noise: noise)
            var listener = SoundListener(detector: Tuning.detector)
            var count = 0
            stream.withUnsafeBufferPointer { all in
                listener.listen(all) { event in
                    lines += "\(clip.label)\t\(clip.group)\t\(clip.url.lastPathComponent)\t\(count)\t"
                        + "\(event.startFrame)\t\(event.frameCount)\t\(frames.count)\n"
                    event.features.withUnsafeBufferPointer {
                        frames.append(UnsafeBufferPointer(rebasing: $0[0 ..< event.frameCount * FrontEnd.bandCount]))
                    }
                    count += 1
                }
            }
            if count == 0 { lines += "\(clip.label)\t\(clip.group)\t\(clip.url.lastPathComponent)\t-1\t0\t0\t\(frames.count)\n" }
            progress.advance()
        }
        progress.finish()
        try frames.write(to: URL(fileURLWithPath: output))
        try lines.write(toFile: output + ".tsv", atomically: true, encoding: .utf8)
        Report.line("kinu-bench: \(lines.split(separator: "\n").count) lines in \(output).tsv")
    }
}
