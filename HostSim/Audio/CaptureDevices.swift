import CALSA
import Foundation

/// What `kinu-sim devices` lists: sound cards' capture devices (as `arecord -l` shows
/// them) and the named PCMs from the ALSA configuration that can capture.
public struct CaptureDeviceList {
    public struct Hardware: Equatable {
        public let card: Int, device: Int
        public let cardID: String, cardName: String, deviceID: String, deviceName: String
        /// The name to pass to --device.
        public var pcmName: String { "hw:\(card),\(device)" }
    }

    public struct Named: Equatable {
        public let name: String
        public let description: String
    }

    public let hardware: [Hardware]
    public let named: [Named]

    public init() {
        kinu_alsa_silence_errors()
        hardware = Self.cards()
        named = Self.hints()
    }

    private static func cards() -> [Hardware] {
        var found: [Hardware] = []
        var card: Int32 = -1
        while snd_card_next(&card) >= 0 && card >= 0 {
            var ctl: OpaquePointer?
            guard snd_ctl_open(&ctl, "hw:\(card)", 0) >= 0, let ctl else { continue }
            defer { snd_ctl_close(ctl) }
            var info: OpaquePointer?
            var pcmInfo: OpaquePointer?
            snd_ctl_card_info_malloc(&info)
            snd_pcm_info_malloc(&pcmInfo)
            defer { snd_ctl_card_info_free(info); snd_pcm_info_free(pcmInfo) }
            guard snd_ctl_card_info(ctl, info) >= 0 else { continue }
            let cardID = String(cString: snd_ctl_card_info_get_id(info))
            let cardName = String(cString: snd_ctl_card_info_get_name(info))
            var device: Int32 = -1
            while snd_ctl_pcm_next_device(ctl, &device) >= 0 && device >= 0 {
                snd_pcm_info_set_device(pcmInfo, UInt32(device))
                snd_pcm_info_set_subdevice(pcmInfo, 0)
                snd_pcm_info_set_stream(pcmInfo, SND_PCM_STREAM_CAPTURE)
                guard snd_ctl_pcm_info(ctl, pcmInfo) >= 0 else { continue }   // playback only
                found.append(Hardware(card: Int(card), device: Int(device), cardID: cardID, cardName: cardName,
                                      deviceID: String(cString: snd_pcm_info_get_id(pcmInfo)),
                                      deviceName: String(cString: snd_pcm_info_get_name(pcmInfo))))
            }
        }
        return found
    }

    private static func hints() -> [Named] {
        var hints: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        guard snd_device_name_hint(-1, "pcm", &hints) >= 0, let hints else { return [] }
        defer { snd_device_name_free_hint(hints) }
        func text(_ hint: UnsafeMutableRawPointer, _ field: String) -> String? {
            guard let c = snd_device_name_get_hint(hint, field) else { return nil }
            defer { free(c) }
            return String(cString: c)
        }
        var named: [Named] = []
        var i = 0
        while let hint = hints[i] {
            i += 1
            guard let name = text(hint, "NAME"), name != "null" else { continue }
            if text(hint, "IOID") == "Output" { continue }   // playback only
            let description = (text(hint, "DESC") ?? "").split(separator: "\n").joined(separator: " — ")
            named.append(Named(name: name, description: description))
        }
        return named
    }
}
