import KinuCore

extension Controller {
    /// A sound event, begun at `start` on the audio clock, ended: teach it to the armed
    /// pad, or recognise it.
    mutating func hear(_ event: SoundEvent, startedAt start: Milliseconds) {
        if paused { return }
        if let pad = armedPad, start >= armedAt - DeviceTiming.teachGraceMilliseconds {
            teach(event, to: pad)
        } else {
            // No pad armed, or the sound was already under way when the pad was pressed
            // (it is not the one being taught; the pad stays armed for the next one).
            recognise(event)
        }
    }

    private mutating func teach(_ event: SoundEvent, to pad: Int) {
        let outcome = learner.learn(event, classIndex: pad)
        let count = learner.exampleCount(classIndex: pad)
        let replaced = if case .replacedOldest = outcome { true } else { false }
        armedPad = nil
        log("learned") {
            $0.add("class", pad + 1)
            $0.add("examples", count)
            // The class was full: the core replaced its oldest example.
            if replaced { $0.add("replaced_oldest", true) }
        }
        showBriefly(.learned(pad: pad))
        save()
    }

    private mutating func recognise(_ event: SoundEvent) {
        let result = learner.classify(event)
        let confidence = result.confidence
        if let c = result.classIndex {
            log("heard") { $0.add("class", c + 1); $0.add("confidence", confidence) }
            showBriefly(.heard(pad: c))
        } else {
            log("heard") { $0.addNull("class"); $0.add("confidence", confidence) }
            showBriefly(.unsure)
        }
    }
}
