import ArgumentParser

/// kinu-sim: the Kinu device on a laptop: a real microphone (ALSA) or a WAV file, pads on
/// the keyboard, LEDs in the terminal; plus batch evaluation and a look inside a recording.
@main
struct KinuSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kinu-sim",
        abstract: "The Kinu sound-learning device, simulated on this computer.",
        discussion: """
            Runs the same device logic as the board (KinuCore + KinuDevice). Teach it a
            sound: press a pad key (1, 2, ...), then make the sound; from then on it
            lights that pad when it hears the sound again.

            Examples:
              kinu-sim                                  listen on the default microphone
              kinu-sim run --device hw:1,0 --model my.kinu
              kinu-sim run --input session.wav --events buttons.txt --headless --fast
              kinu-sim devices
              kinu-sim eval ../shared/data/fsdd/recordings --shots 5 --seeds 5 --per-group
              kinu-sim inspect clap.wav --png clap.png
            """,
        subcommands: [RunCommand.self, DevicesCommand.self, EvalCommand.self, InspectCommand.self],
        defaultSubcommand: RunCommand.self)
}
