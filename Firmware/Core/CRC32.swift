/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), the one zlib and PNG use, so a
/// model image can be checked with any standard tool. Nibble-wise: a 16-entry table keeps
/// flash small, and a model image is checked only at boot and on save.
public struct CRC32 {
    private static let nibbleTable: [UInt32] = [
        0x0000_0000, 0x1DB7_1064, 0x3B6E_20C8, 0x26D9_30AC, 0x76DC_4190, 0x6B6B_51F4, 0x4DB2_6158, 0x5005_713C,
        0xEDB8_8320, 0xF00F_9344, 0xD6D6_A3E8, 0xCB61_B38C, 0x9B64_C2B0, 0x86D3_D2D4, 0xA00A_E278, 0xBDBD_F21C,
    ]

    public private(set) var value: UInt32 = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = ~value
        for byte in bytes {
            crc ^= UInt32(byte)
            crc = (crc >> 4) ^ Self.nibbleTable[Int(crc & 0xF)]
            crc = (crc >> 4) ^ Self.nibbleTable[Int(crc & 0xF)]
        }
        value = ~crc
    }

    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}
