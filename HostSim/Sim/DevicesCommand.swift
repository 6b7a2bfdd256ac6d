import ArgumentParser
import KinuHostAudio

/// `kinu-sim devices`: the capture devices ALSA knows, like `arecord -l` (and `-L`).
struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List audio capture devices (sound cards, and named ALSA PCMs that can record).",
        discussion: """
            Pass a name from this list to 'kinu-sim run --device NAME'.

            Examples:
              kinu-sim devices
              kinu-sim run --device hw:1,0
            """)

    func run() throws {
        let list = CaptureDeviceList()
        print("**** List of CAPTURE Hardware Devices ****")
        if list.hardware.isEmpty {
            print("no sound cards with a capture device found")
        }
        for d in list.hardware {
            print("card \(d.card): \(d.cardID) [\(d.cardName)], device \(d.device): \(d.deviceID) [\(d.deviceName)]"
                  + "   → --device \(d.pcmName)")
        }
        print("")
        print("**** Named PCMs that can capture (from the ALSA configuration) ****")
        if list.named.isEmpty { print("none") }
        for n in list.named {
            print(n.name)
            if !n.description.isEmpty { print("    \(n.description)") }
        }
    }
}
