// The button-script parser on any bytes (the first picks the pad count). A script that
// parses is well formed: time never goes back, every button alternates down and up, pads
// are within the board's; written out again it parses to the same transitions.
import KinuCore
import KinuDevice

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzButtonScript(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let padCount = Int(data[0]) % SoundLearner.classCount + 1   // Device.maximumPadCount
    let text = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    guard let transitions = try? ButtonScript.parse(text, padCount: padCount, limit: 64) else { return 0 }
    var held = [Bool](repeating: false, count: padCount + 1)
    var last: Milliseconds = 0
    var written = ""
    for t in transitions {
        precondition(t.milliseconds >= last, "time went back")
        last = t.milliseconds
        let slot: Int
        switch t.button {
        case .pad(let k): precondition(k >= 0 && k < padCount, "pad out of range"); slot = k; written += "\(t.milliseconds) pad\(k + 1)"
        case .mode: slot = padCount; written += "\(t.milliseconds) mode"
        }
        precondition(held[slot] != t.isDown, "pressed twice")
        held[slot] = t.isDown
        written += t.isDown ? " down\n" : " up\n"
    }
    let again = Array(written.utf8).withUnsafeBytes { try? ButtonScript.parse($0, padCount: padCount, limit: 64) }
    precondition(again == transitions, "the script does not parse back to itself")
    return 0
}
