import KinuCore

/// The device's state and decisions: what is armed, paused or awaiting confirmation,
/// what each gesture and each sound event does, and what gets logged and shown.
/// `Device` owns it and feeds it buttons, time and sound events.
struct Controller<B: Board> {
    var board: B
    let padCount: Int
    var learner = SoundLearner()
    var gestures: GestureRecognizer
    var line = JSONLine()

    /// Audio clock: samples since start (64-bit, as `Milliseconds`).
    var samples: Int64 = 0
    var now: Milliseconds { samples / Int64(DeviceTiming.samplesPerMillisecond) }

    /// The pad waiting for a sound to learn, when it was armed (its teach window starts),
    /// and when the press that armed it went down (a sound begun from just before then on
    /// is the one being taught).
    var armedPad: Int?
    var armedAt: Milliseconds = 0
    var armedPressedAt: Milliseconds = 0
    /// The pad whose press under way holds a sound made during it (`SoundLearner.keep`):
    /// taught if the press is a short one, dropped otherwise.
    var keptSoundPad: Int?
    /// Not listening: sound events are ignored (edits still work), and so are sounds that
    /// began before listening resumed.
    var paused = false
    var resumedAt = Milliseconds.min
    /// When the first MODE long press asked to confirm forgetting everything.
    var confirmingSince: Milliseconds?
    /// A brief LED feedback (heard, unsure, learned) and when it ends.
    var highlight = LEDState.off
    var highlightUntil: Milliseconds = 0
    var shownLEDs: LEDState?

    init(board: B) {
        self.board = board
        padCount = board.padCount
        gestures = GestureRecognizer(padCount: board.padCount)
    }

    mutating func advance(samples count: Int) { samples += Int64(count) }

    // MARK: Boot and end

    mutating func boot() {
        let pads = padCount
        log("boot") { $0.add("pads", pads); $0.add("block_samples", DeviceTiming.blockSize) }
        restore()
        updateLEDs()
    }

    mutating func stop() {
        let total = learner.store.totalCount
        log("stopped") { $0.add("examples", total) }
    }

    // MARK: Buttons and timers

    /// Applies every button transition due by now, then the timeouts. `soundUnderwaySince`:
    /// when the sound the detector is hearing began (nil between sounds); one begun within
    /// the teach window is heard out and taught, even if it ends after the window.
    mutating func handleButtonsAndTimers(soundUnderwaySince: Milliseconds?) {
        while let transition = board.nextTransition(dueBy: now) {
            firePendingLongPresses(by: transition.milliseconds)
            if let gesture = gestures.apply(transition) { perform(gesture) }
        }
        firePendingLongPresses(by: now)

        if let pad = armedPad, now - armedAt >= DeviceTiming.teachWindowMilliseconds,
           (soundUnderwaySince ?? .min) < armedPressedAt - DeviceTiming.teachGraceMilliseconds {
            disarm(pad, reason: "no_sound")
        }
        // A MODE press begun in time may still become the confirming long press.
        if let since = confirmingSince, now - since >= DeviceTiming.confirmWindowMilliseconds, !gestures.modeIsDown {
            cancelConfirmation(reason: "timeout")
        }
    }

    private mutating func firePendingLongPresses(by milliseconds: Milliseconds) {
        while let gesture = gestures.longPress(by: milliseconds) { perform(gesture) }
    }

    mutating func perform(_ gesture: Gesture) {
        // A sound kept for a press is taught only if that press is a short one.
        if let pad = keptSoundPad, gesture != .tap(pad: pad) {
            keptSoundPad = nil
            learner.dropKeptSound()
            log("ignored") { $0.add("reason", "sound_during_a_press"); $0.add("class", pad + 1) }
        }
        // Anything but the second MODE long press cancels a pending "forget everything".
        if confirmingSince != nil, gesture != .modeHold {
            cancelConfirmation(reason: "other_button")
            if gesture == .modeTap { return }   // MODE tap = "no", not "pause"
        }
        switch gesture {
        case .tap(let pad): tap(pad)
        case .hold(let pad): forget(pad)
        case .modeWithPad(let pad): undo(pad)
        case .modeTap: togglePause()
        case .modeHold: forgetAllGesture()
        case .chord: log("ignored") { $0.add("reason", "two_buttons_at_once") }
        }
    }

    private mutating func tap(_ pad: Int) {
        if paused {
            log("ignored") { $0.add("reason", "paused") }
        } else if armedPad == pad {
            disarm(pad, reason: "cancelled")   // pressing the armed pad again takes it back
        } else {
            if let other = armedPad { disarm(other, reason: "other_pad") }
            let kept = keptSoundPad == pad ? learner.learnKept(classIndex: pad) : nil
            keptSoundPad = nil
            if let outcome = kept {
                taught(pad, outcome)   // the sound made while the pad was held down
            } else {
                armedPad = pad
                armedAt = now
                armedPressedAt = gestures.lastTapPressedAt
                highlightUntil = 0
                log("armed") { $0.add("class", pad + 1) }
            }
        }
    }

    private mutating func disarm(_ pad: Int, reason: StaticString) {
        armedPad = nil
        log("disarmed") { $0.add("class", pad + 1); $0.add("reason", reason) }
    }

    private mutating func forget(_ pad: Int) {
        if armedPad == pad { disarm(pad, reason: "cancelled") }
        let removed = learner.forget(classIndex: pad)
        log("forgot") { $0.add("class", pad + 1); $0.add("examples", removed) }
        if removed > 0 { save() }
    }

    private mutating func undo(_ pad: Int) {
        guard learner.undoLast(classIndex: pad) else {
            log("ignored") { $0.add("reason", "nothing_to_undo"); $0.add("class", pad + 1) }
            return
        }
        let left = learner.exampleCount(classIndex: pad)
        log("undone") { $0.add("class", pad + 1); $0.add("examples", left) }
        save()
    }

    private mutating func togglePause() {
        paused.toggle()
        if !paused { resumedAt = now }
        if paused, let pad = armedPad { disarm(pad, reason: "paused") }
        log(paused ? "paused" : "resumed")
    }

    private mutating func forgetAllGesture() {
        guard confirmingSince != nil else {
            if let pad = armedPad { disarm(pad, reason: "cancelled") }
            confirmingSince = now
            log("confirm_forget_all")
            return
        }
        confirmingSince = nil
        let removed = learner.store.totalCount
        learner.reset()
        log("forgot_all") { $0.add("examples", removed) }
        save()
    }

    private mutating func cancelConfirmation(reason: StaticString) {
        confirmingSince = nil
        log("cancelled") { $0.add("what", "forget_all"); $0.add("reason", reason) }
    }

    // MARK: LEDs

    /// Shows the current state if it changed: a brief feedback wins over the steady state.
    mutating func updateLEDs() {
        let wanted: LEDState
        if confirmingSince != nil { wanted = .confirmingForgetAll }
        else if let pad = armedPad { wanted = .armed(pad: pad) }
        else if now < highlightUntil { wanted = highlight }
        else if paused { wanted = .paused }
        else { wanted = .off }
        if shownLEDs != wanted {
            shownLEDs = wanted
            board.show(wanted)
        }
    }

    mutating func showBriefly(_ leds: LEDState) {
        highlight = leds
        highlightUntil = now + DeviceTiming.highlightMilliseconds
    }

    // MARK: Log

    /// Writes one log line stamped with the audio clock. `fields` must not touch `self`
    /// (copy what it needs into locals first).
    mutating func log(_ event: StaticString, _ fields: (inout JSONLine) -> Void = { _ in }) {
        line.start(milliseconds: now, event: event)
        fields(&line)
        line.finish(to: &board)
    }
}
