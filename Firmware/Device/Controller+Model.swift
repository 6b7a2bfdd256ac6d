import KinuCore

extension Controller {
    /// Writes the model to the board's storage after every change. A failure is logged
    /// and the device carries on with the model in RAM (it is saved again next change).
    mutating func save() {
        let bytes = Self.write(learner, through: &image, to: &board)
        if let bytes {
            log("saved") { $0.add("bytes", bytes) }
        } else {
            log("error") { $0.add("what", "save"); $0.add("message", "storage write failed; the model stays in RAM") }
        }
    }

    /// Loads the stored model at boot. A missing model starts empty; a broken one is
    /// reported and ignored (the learner keeps its empty model).
    mutating func restore() {
        switch Self.read(into: &learner, through: &image, from: &board) {
        case .restored:
            let total = learner.store.totalCount
            log("restored") { $0.add("examples", total) }
        case .empty:
            log("no_model")
        case .storageFailed:
            log("error") { $0.add("what", "restore"); $0.add("message", "storage read failed; starting empty") }
        case .invalid(let error):
            log("error") { $0.add("what", "restore"); $0.add("message", error.message) }
        }
    }

    enum RestoreOutcome {
        case restored, empty, storageFailed
        case invalid(ModelImage.ReadError)
    }

    // Static with inout parts, for the same exclusivity reason as in `Device`.

    /// Returns the image size, or nil if the board could not store it.
    private static func write(_ learner: SoundLearner, through image: inout [UInt8], to board: inout B) -> Int? {
        image.withUnsafeMutableBytes { buffer in
            let count = learner.writeImage(into: buffer)
            return board.saveModel(UnsafeRawBufferPointer(rebasing: buffer[0 ..< count])) ? count : nil
        }
    }

    private static func read(
        into learner: inout SoundLearner, through image: inout [UInt8], from board: inout B
    ) -> RestoreOutcome {
        image.withUnsafeMutableBytes { buffer in
            switch board.loadModel(into: buffer) {
            case .empty: return .empty
            case .failed: return .storageFailed
            case .loaded(let count):
                do throws(ModelImage.ReadError) {
                    try learner.loadImage(UnsafeRawBufferPointer(rebasing: buffer[0 ..< min(count, buffer.count)]))
                    return .restored
                } catch {
                    return .invalid(error)
                }
            }
        }
    }
}
