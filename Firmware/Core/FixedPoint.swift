// Integer helpers shared by the DSP stages. Each says its Q format in its name or doc.

/// log2 of a positive 64-bit integer in Q8 (1/256 of an octave of power = 0.0118 dB).
/// The integer part comes from the leading-zero count, the fraction from a 33-entry table
/// with linear interpolation (error < 0.0002 octaves). Returns nil for zero.
@inline(__always)
func log2Q8(_ value: UInt64) -> Int32? {
    if value == 0 { return nil }
    let msb = 63 - value.leadingZeroBitCount
    // Mantissa with its leading one at bit 63; the next 5 bits index the table and the
    // 16 below them interpolate.
    let mantissa = value << UInt64(63 - msb)
    let index = Int((mantissa >> 58) & 31)
    let fraction = Int64((mantissa >> 42) & 0xFFFF)            // Q16
    let low = Int64(log2MantissaQ16[index])
    let high = Int64(log2MantissaQ16[index + 1])
    let fractionalQ16 = low + (((high - low) * fraction) >> 16)
    let resultQ16 = Int64(msb) << 16 + fractionalQ16
    return Int32(truncatingIfNeeded: (resultQ16 + 128) >> 8)
}

/// Clamps to the Int8 range: stored templates are int8.
@inline(__always)
func saturatingInt8(_ value: Int32) -> Int8 {
    Int8(truncatingIfNeeded: max(-128, min(127, value)))
}
