// Integer helpers shared by the DSP stages. Each says its Q format in its name or doc.

/// Clamps to the Int8 range: stored templates are int8.
@inline(__always)
func saturatingInt8(_ value: Int32) -> Int8 {
    Int8(truncatingIfNeeded: max(-128, min(127, value)))
}
