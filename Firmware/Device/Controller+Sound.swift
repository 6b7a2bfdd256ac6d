import KinuCore

extension Controller {
    /// A sound event, begun at `start` on the audio clock, ended: teach it to the armed
    /// pad, keep it for a pad held down, or recognise it.
    mutating func hear(_ event: SoundEvent, startedAt start: Milliseconds) {
        if paused || start < resumedAt { return }
        let grace = DeviceTiming.teachGraceMilliseconds
        if let pad = armedPad, start >= armedPressedAt - grace {
            teach(event, to: pad)
        } else if let press = gestures.padPressUnderway, start >= press.since - grace {
            keep(event, for: press.pad)
        } else {
            // No pad armed, or the sound was already under way when the pad was pressed
            // (it is not the one being taught; the pad stays armed for the next one).
            recognise(event)
        }
    }

    // Not inlined into `hear`: its frame is on the stack under every classification, the
    // deepest the device goes (RAM is measured with the stack's peak).
    @inline(never)
    private mutating func teach(_ event: SoundEvent, to pad: Int) {
        taught(pad, learner.learn(event, classIndex: pad))
    }

    /// Made while a pad is held down: taught when the press ends as a short one.
    @inline(never)
    private mutating func keep(_ event: SoundEvent, for pad: Int) {
        learner.keep(event)
        keptSoundPad = pad
    }

    /// Logs, shows and saves an example just learned for `pad`.
    mutating func taught(_ pad: Int, _ outcome: ExampleStore.AddOutcome) {
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
