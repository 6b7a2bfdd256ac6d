import Foundation
import Testing
@testable import KinuCore

/// Synthetic sound classes the tests teach: each call makes a new take with its own small
/// variations (level, pitch, length, noise), like a person repeating a sound.
enum SoundKind: CaseIterable {
    case whistle, clap, hum, chirp

    func take(_ n: UInt64) -> [Double] {
        var g = SignalGenerator(seed: 100 + n * 31 + UInt64(SoundKind.allCases.firstIndex(of: self)!))
        let level = 0.2 * (1 + 0.3 * g.uniform())
        let stretch = 1 + 0.1 * g.uniform()
        switch self {
        case .whistle:
            // A person whistling again lands within a few percent of the same pitch.
            let pitch = 1 + 0.04 * g.uniform()
            return Signals.toneBurst(frequency: 2000 * pitch, amplitude: level, count: Int(6_000 * stretch))
        case .clap:
            return Signals.clap(count: 2_400, amplitude: level * 2, decaySeconds: 0.015 * stretch, seed: n)
        case .hum:
            return Signals.speechLike(count: Int(8_000 * stretch), amplitude: level, seed: n)
        case .chirp:
            let count = Int(7_000 * stretch)
            return (0..<count).map { i in
                let t = Double(i) / 16_000
                return level * sin(2 * .pi * (500 * t + 2_000 * t * t) * stretch) * min(1, Double(count - i) / 400)
            }
        }
    }
}

/// Listens to `sound` placed in a quiet stream and returns the event it makes.
func event(of sound: [Double]) -> SoundEvent? {
    var g = SignalGenerator(seed: 77)
    var samples = g.whiteNoise(count: 12_000, rms: Signals.dbfs(-65))
    samples += sound.map { $0 + g.gaussian() * Signals.dbfs(-65) }
    samples += g.whiteNoise(count: 8_000, rms: Signals.dbfs(-65))
    var listener = SoundListener()
    var found: SoundEvent?
    Signals.int16(samples).withUnsafeBufferPointer { all in
        listener.listen(all) { e in
            if found == nil || e.frameCount > found!.frameCount {
                found = SoundEvent(features: Array(e.features), frameCount: e.frameCount, startFrame: e.startFrame, peaks: Array(e.peaks))
            }
        }
    }
    return found
}

@Suite struct LearnerTests {
    func learned(_ kinds: [SoundKind], takes: Int = 1) -> SoundLearner {
        var learner = SoundLearner()
        for t in 0..<takes {
            for (c, kind) in kinds.enumerated() { learner.learn(event(of: kind.take(UInt64(t)))!, classIndex: c) }
        }
        return learner
    }

    @Test func nothingLearnedIsUnsure() {
        var learner = SoundLearner()
        let result = learner.classify(event(of: SoundKind.clap.take(0))!)
        #expect(result.classIndex == nil)
        #expect(result.nearestClass == nil)
    }

    @Test func learningIsImmediateAndRecognisesNewTakes() {
        var learner = SoundLearner()
        let kinds = SoundKind.allCases
        for (c, kind) in kinds.enumerated() {
            learner.learn(event(of: kind.take(0))!, classIndex: c)
            // The very next classification already knows the new class.
            #expect(learner.classify(event(of: kind.take(50))!).classIndex == c, "\(kind) right after learning")
        }
        for (c, kind) in kinds.enumerated() {
            for take in 1...4 {
                let result = learner.classify(event(of: kind.take(UInt64(take)))!)
                #expect(result.classIndex == c, "\(kind) take \(take): \(result)")
                #expect(result.confidence > 0)
            }
        }
    }

    @Test func forgetRemovesAClass() {
        var learner = learned([.whistle, .clap, .hum], takes: 2)
        #expect(learner.forget(classIndex: 1) == 2)
        #expect(learner.exampleCount(classIndex: 1) == 0)
        let result = learner.classify(event(of: SoundKind.clap.take(9))!)
        #expect(result.classIndex != 1)
        #expect(learner.forget(classIndex: 1) == 0)
    }

    @Test func undoRemovesOnlyTheNewestExample() {
        var learner = learned([.whistle, .clap])
        // A mistake: a clap taught as class 0.
        learner.learn(event(of: SoundKind.clap.take(5))!, classIndex: 0)
        #expect(learner.exampleCount(classIndex: 0) == 2)
        let firstUndo = learner.undoLast(classIndex: 0)
        #expect(firstUndo)
        #expect(learner.exampleCount(classIndex: 0) == 1)
        #expect(learner.classify(event(of: SoundKind.whistle.take(3))!).classIndex == 0)
        #expect(learner.classify(event(of: SoundKind.clap.take(3))!).classIndex == 1)
        let secondUndo = learner.undoLast(classIndex: 0)
        let undoOnEmpty = learner.undoLast(classIndex: 0)
        #expect(secondUndo)
        #expect(!undoOnEmpty)
    }

    @Test func fullClassReplacesItsOldestExample() {
        var learner = SoundLearner()
        let clap = event(of: SoundKind.clap.take(0))!
        for i in 0..<ExampleStore.slotsPerClass {
            #expect(learner.learn(clap, classIndex: 2) == .added(slot: 2 * ExampleStore.slotsPerClass + i))
        }
        let oldestSlot = learner.store.slots(ofClass: 2).min { learner.store.sequence($0) < learner.store.sequence($1) }!
        #expect(learner.learn(clap, classIndex: 2) == .replacedOldest(slot: oldestSlot))
        #expect(learner.exampleCount(classIndex: 2) == ExampleStore.slotsPerClass)
        #expect(learner.store.totalCount == ExampleStore.slotsPerClass)
    }

    @Test func resetForgetsEverything() {
        var learner = learned([.whistle, .clap, .hum])
        learner.reset()
        #expect(learner.store.totalCount == 0)
        #expect(learner.classify(event(of: SoundKind.hum.take(1))!).classIndex == nil)
    }

    @Test func eachExampleKeepsHowFarItLayFromItsClass() {
        var learner = SoundLearner()
        let takes = (0..<4).map { learner.encode(event(of: SoundKind.whistle.take(UInt64($0)))!) }
        learner.learn(template: takes[0], classIndex: 2)
        #expect(learner.store.teachingDistance(32) == nil)
        #expect(learner.spread(ofClass: 2) == nil)
        var expected: [Int32] = []
        for take in takes.dropFirst() {
            // Its teaching distance is the class score a classification gave it just before.
            let score = learner.classify(template: take).distance
            expected.append(score)
            learner.learn(template: take, classIndex: 2)
        }
        #expect((33...35).map { learner.store.teachingDistance($0) } == expected)
        let mean = expected.reduce(0, +) / Int32(expected.count)
        #expect(learner.spread(ofClass: 2) == max(SoundLearner.minimumSpread, mean))
        learner.undoLast(classIndex: 2)
        #expect(learner.spread(ofClass: 2) == max(SoundLearner.minimumSpread, (expected[0] + expected[1]) / 2))
    }

    @Test func aSoundFarForItsClassIsUnsureEvenWithoutARival() {
        // Two classes; probes from both and from sounds never taught. The gate decides by
        // its rule: of the probes the other gates let through, sure exactly when
        // best^2 <= spreadGate/256 x spread x runner-up.
        var learner = learned([.whistle, .chirp], takes: 3)
        var ungated = learner
        ungated.spreadGate = 0
        var turnedAway = 0
        for kind in SoundKind.allCases {
            for take in 3..<6 {
                let probe = event(of: kind.take(UInt64(take)))!
                let gated = learner.classify(probe), plain = ungated.classify(probe)
                #expect(gated.distance == plain.distance && gated.nearestClass == plain.nearestClass)
                guard let best = plain.classIndex else { #expect(gated.classIndex == nil); continue }
                let spread = Int64(learner.spread(ofClass: best)!)
                let far = Int64(gated.distance) * Int64(gated.distance) * 256
                    > Int64(learner.spreadGate) * spread * Int64(gated.runnerUp)
                #expect(gated.classIndex == (far ? nil : best), "\(kind) \(take)")
                if gated.classIndex == nil { turnedAway += 1 }
            }
        }
        // The hums and claps were never taught: the gate turns some of them away.
        #expect(turnedAway >= 1)
    }

    @Test func soundUnlikeAnythingTaughtIsUnsure() {
        var learner = learned([.whistle], takes: 2)
        let result = learner.classify(event(of: SoundKind.hum.take(3))!)
        #expect(result.classIndex == nil, "\(result)")
        #expect(result.nearestClass == 0)
    }
}

@Suite struct ModelImageTests {
    func sampleLearner() -> SoundLearner {
        var learner = SoundLearner()
        for (c, kind) in SoundKind.allCases.enumerated() {
            for take in 0..<3 { learner.learn(event(of: kind.take(UInt64(take)))!, classIndex: c) }
        }
        learner.undoLast(classIndex: 1)
        return learner
    }

    func image(of learner: SoundLearner) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: ModelImage.byteCount)
        let written = bytes.withUnsafeMutableBytes { learner.writeImage(into: $0) }
        #expect(written == ModelImage.byteCount)
        return bytes
    }

    @Test func roundTripIsIdentical() throws {
        let original = sampleLearner()
        let bytes = image(of: original)
        var restored = SoundLearner()
        try bytes.withUnsafeBytes { try restored.loadImage($0) }
        for slot in 0..<ExampleStore.slotCount {
            #expect(restored.store.sequence(slot) == original.store.sequence(slot))
            #expect(restored.store.payload(slot) == original.store.payload(slot))
        }
        #expect(restored.store.nextSequence == original.store.nextSequence)
        #expect(image(of: restored) == bytes)
        // It decides like the original.
        var a = original, b = restored
        let probe = event(of: SoundKind.chirp.take(8))!
        let decisionA = a.classify(probe), decisionB = b.classify(probe)
        #expect(decisionA == decisionB)
    }

    @Test func loadsInPlaceFromStorage() throws {
        let bytes = image(of: sampleLearner())
        var learner = SoundLearner()
        let loaded = try learner.loadImageInPlace { buffer in
            for i in 0..<bytes.count { buffer[i] = bytes[i] }
            return bytes.count
        }
        #expect(loaded)
        #expect(image(of: learner) == bytes)
        // The device saves straight from the store: the same bytes.
        let saved = learner.withImage { Array($0) }
        #expect(saved == bytes)
    }

    @Test func aBrokenImageInStorageLeavesTheModelEmpty() {
        var bytes = image(of: sampleLearner())
        bytes[300] ^= 1
        var learner = SoundLearner()
        #expect(throws: ModelImage.ReadError.self) {
            try learner.loadImageInPlace { buffer in
                for i in 0..<bytes.count { buffer[i] = bytes[i] }
                return bytes.count
            }
        }
        #expect(learner.store.totalCount == 0)
        #expect(image(of: learner) == image(of: SoundLearner()))
        let nothingStored = (try? learner.loadImageInPlace { _ in nil }) ?? true
        #expect(!nothingStored)
    }

    @Test func teachingDistancesSurviveARoundTrip() throws {
        let original = sampleLearner()
        var restored = SoundLearner()
        try image(of: original).withUnsafeBytes { try restored.loadImage($0) }
        for slot in 0..<ExampleStore.slotCount where original.store.isOccupied(slot) {
            #expect(restored.store.teachingDistance(slot) == original.store.teachingDistance(slot))
        }
        #expect(original.spread(ofClass: 0) != nil)
        #expect(restored.spread(ofClass: 0) == original.spread(ofClass: 0))
    }

    /// The image of `learner` as an older format wrote it: version 1 before teaching
    /// distances, versions 2 and 3 with them measured by other distances.
    func olderImage(of learner: SoundLearner, version: UInt8) -> [UInt8] {
        var bytes = Array(image(of: learner).dropLast(4))
        if version == 1 { bytes = Array(bytes.prefix(ModelImage.distancesOffset)) }
        bytes[4] = version; bytes[5] = 0
        let crc = bytes.withUnsafeBytes { CRC32.checksum($0) }
        return bytes + (0..<4).map { UInt8((crc >> (8 * UInt32($0))) & 0xFF) }
    }

    @Test(arguments: [UInt8(1), 2, 3])
    func anOlderModelIsReadWithoutItsTeachingDistances(version: UInt8) throws {
        let original = sampleLearner()
        #expect(original.spread(ofClass: 0) != nil)
        let old = olderImage(of: original, version: version)
        var read = sampleLearner(), inPlace = SoundLearner()
        read.reset()
        try old.withUnsafeBytes { try read.loadImage($0) }
        #expect(try inPlace.loadImageInPlace { buffer in
            for i in 0..<old.count { buffer[i] = old[i] }
            return old.count
        })
        for learner in [read, inPlace] {
            for slot in 0..<ExampleStore.slotCount {
                #expect(learner.store.sequence(slot) == original.store.sequence(slot))
                #expect(learner.store.payload(slot) == original.store.payload(slot))
                #expect(learner.store.teachingDistance(slot) == nil)
            }
            #expect(learner.spread(ofClass: 0) == nil)
            // Saved again, it is a current image.
            let saved = image(of: learner)
            #expect(saved[4] == UInt8(ModelImage.version) && saved.count == ModelImage.byteCount)
        }
        #expect(image(of: read) == image(of: inPlace))
        // An older image one byte short is truncated at its own length.
        expectRejected(Array(old.dropLast()), .truncated(expected: old.count, actual: old.count - 1))
    }

    @Test func crcIsTheStandardOne() {
        let text = Array("123456789".utf8)
        #expect(text.withUnsafeBytes { CRC32.checksum($0) } == 0xCBF4_3926)
    }

    /// Loading `bytes` must fail with `expected` and leave a learned model exactly as it was.
    func expectRejected(_ bytes: [UInt8], _ expected: ModelImage.ReadError) {
        var learner = sampleLearner()
        let before = image(of: learner)
        #expect(throws: expected) { try bytes.withUnsafeBytes { try learner.loadImage($0) } }
        #expect(image(of: learner) == before)
        // The message names the cause, so a user can tell the cases apart.
        let cause: String
        switch expected {
        case .truncated: cause = "truncated"
        case .notAModelImage: cause = "magic"
        case .unsupportedVersion: cause = "version"
        case .incompatibleTemplates: cause = "front end"
        case .shapeMismatch: cause = "classes"
        case .checksumMismatch: cause = "CRC"
        case .inconsistent: cause = "inconsistent"
        case .trailingBytes: cause = "extra bytes"
        }
        #expect(expected.message.description.contains(cause), "\(expected.message)")
    }

    @Test func truncatedImageIsRejected() {
        let bytes = image(of: sampleLearner())
        expectRejected(Array(bytes.prefix(1000)), .truncated(expected: ModelImage.byteCount, actual: 1000))
        expectRejected([], .truncated(expected: ModelImage.byteCount, actual: 0))
    }

    @Test func corruptedImageIsRejected() {
        var bytes = image(of: sampleLearner())
        let stored = bytes.suffix(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.1) << (8 * UInt32($1.0)) }
        bytes[5_000] ^= 0x10
        let computed = bytes.prefix(bytes.count - 4).withUnsafeBytes { CRC32.checksum($0) }
        expectRejected(bytes, .checksumMismatch(stored: stored, computed: computed))
    }

    @Test func foreignImagesAreRejected() {
        let good = image(of: sampleLearner())
        var magic = good; magic[0] = 0x50
        expectRejected(magic, .notAModelImage)
        var version = good; version[4] = 99
        expectRejected(version, .unsupportedVersion(found: 99, supported: ModelImage.version))
        var format = good; format[6] &+= 1
        expectRejected(format, .incompatibleTemplates(found: Template.formatVersion &+ 1, expected: Template.formatVersion))
        var shape = good; shape[8] = 4
        expectRejected(shape, .shapeMismatch)
        expectRejected(Array("RIFF....WAVEfmt ".utf8) + [UInt8](repeating: 0, count: ModelImage.byteCount), .notAModelImage)
    }
}
