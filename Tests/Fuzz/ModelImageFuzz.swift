// The model image on any bytes. The first byte picks what is repaired before reading, so
// mutations reach past the cheap checks: bit 0 writes a valid header, bit 1 re-seals the
// CRC, bit 2 keeps bytes past an image. Whatever loads must then survive edits and save
// an image that loads again identically.
import KinuCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelImage(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let mode = data[0]
    let body = UnsafeBufferPointer(start: data + 1, count: size - 1)
    let count = mode & 4 != 0 ? body.count : min(body.count, ModelImage.byteCount)
    var image = [UInt8](repeating: 0, count: max(count, 16))
    for i in 0 ..< min(count, body.count) { image[i] = body[i] }
    if image.count >= ModelImage.byteCount {
        if mode & 1 != 0 { writeHeader(&image) }
        if mode & 2 != 0 { reseal(&image) }
    }
    var store = ExampleStore()
    let loaded: Bool
    do {
        try image[0 ..< count].withUnsafeBytes { try ModelImage.read($0, into: &store) }
        loaded = true
    } catch {
        loaded = false
    }
    guard loaded else {
        precondition(store.totalCount == 0, "a rejected image changed the store")
        return 0
    }
    precondition(count == ModelImage.byteCount || count == ModelImage.byteCount(version: 1), "an image of \(count) bytes loaded")
    // Edits driven by the input's tail, then the saved image must load to the same store.
    let template = [Int8](repeating: 3, count: Template.byteCount)
    for k in 0 ..< min(8, body.count) {
        let c = Int(body[body.count - 1 - k]) % ExampleStore.classCount
        switch body[k] % 4 {
        case 0, 1: _ = store.add(template, toClass: c)
        case 2: _ = store.removeNewest(ofClass: c)
        default: _ = store.removeAll(ofClass: c)
        }
    }
    let saved = store.withImage { Array($0) }
    var again = ExampleStore()
    do {
        try saved.withUnsafeBytes { try ModelImage.read($0, into: &again) }
    } catch {
        preconditionFailure("an edited model saved an image that does not load: \(error)")
    }
    precondition(again.withImage { Array($0) } == saved, "reloaded image differs")
    return 0
}

private func writeHeader(_ image: inout [UInt8]) {
    let v = ModelImage.version, t = Template.formatVersion, b = UInt16(Template.byteCount)
    let header: [UInt8] = [0x4B, 0x49, 0x4E, 0x55, UInt8(v & 0xFF), UInt8(v >> 8), UInt8(t & 0xFF), UInt8(t >> 8),
                           UInt8(ExampleStore.classCount), UInt8(ExampleStore.slotsPerClass), UInt8(b & 0xFF), UInt8(b >> 8)]
    for (i, byte) in header.enumerated() { image[i] = byte }
}

private func reseal(_ image: inout [UInt8]) {
    let end = ModelImage.byteCount - 4
    let crc = image[0 ..< end].withUnsafeBytes { CRC32.checksum($0) }
    for k in 0 ..< 4 { image[end + k] = UInt8((crc >> (8 * UInt32(k))) & 0xFF) }
}
