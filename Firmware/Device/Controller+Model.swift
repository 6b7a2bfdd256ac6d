import KinuCore

extension Controller {
    /// Writes the model to the board's storage after every change. A failure is logged
    /// and the device carries on with the model in RAM (it is saved again next change).
    mutating func save() {
        let bytes = Self.write(&learner, to: &board)
        if let bytes {
            log("saved") { $0.add("bytes", bytes) }
        } else {
            log("error") { $0.add("what", "save"); $0.add("message", "storage write failed; the model stays in RAM") }
        }
    }

    /// Loads the stored model at boot. A missing model starts empty; a broken one is
    /// reported and ignored (the learner keeps its empty model).
    mutating func restore() {
        switch Self.read(into: &learner, from: &board) {
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

    /// Returns the image size, or nil if the board could not store it. The image is the
    /// learner's own memory: no copy of the model is made to save it.
    private static func write(_ learner: inout SoundLearner, to board: inout B) -> Int? {
        learner.withImage { image in board.saveModel(image) ? image.count : nil }
    }

    /// Reads the stored image straight into the (still empty) model and checks it.
    private static func read(into learner: inout SoundLearner, from board: inout B) -> RestoreOutcome {
        var storageFailed = false
        do throws(ModelImage.ReadError) {
            let loaded = try learner.loadImageInPlace { buffer in
                switch board.loadModel(into: buffer) {
                case .empty: return nil
                case .failed: storageFailed = true; return nil
                case .loaded(let count): return count
                }
            }
            if storageFailed { return .storageFailed }
            return loaded ? .restored : .empty
        } catch {
            return .invalid(error)
        }
    }
}
