// Block-by-block resampling for live input. Keeps the input history the kernel still
// needs; output n is emitted as soon as its last input sample has arrived, so feeding
// any block sizes and then calling finish() gives exactly the one-shot result.

/// Streaming form of `Resampler`. Create with `Resampler.makeStream()` or
/// `StreamingResampler(inputRate:outputRate:)`.
public struct StreamingResampler: Sendable {
    let kernel: ResamplerKernel
    /// Input samples from absolute index `bufferStart` on (negative indices are the
    /// zeros before the signal starts).
    private var buffer: [Float]
    private var bufferStart: Int
    /// Real input samples received so far.
    private var received = 0
    /// Index of the next output sample.
    private var produced = 0

    init(kernel: ResamplerKernel) {
        self.kernel = kernel
        let t = kernel.design.tapsPerPhase
        buffer = [Float](repeating: 0, count: t)
        bufferStart = -t
    }

    public init(inputRate: Int, outputRate: Int) {
        self = Resampler(inputRate: inputRate, outputRate: outputRate).makeStream()
    }

    public var design: ResamplerDesign { kernel.design }

    /// Feeds a block; returns every output sample that is now fully determined.
    public mutating func process(_ input: some Collection<Float>) -> [Float] {
        let d = kernel.design
        if d.up == d.down { received += input.count; produced += input.count; return Array(input) }
        buffer.append(contentsOf: input)
        received += input.count
        return emit(whileLastInputBelow: received, limit: Int.max)
    }

    /// Flushes the tail (treating the input as followed by silence) and resets the stream
    /// so it can be reused for a new signal.
    public mutating func finish() -> [Float] {
        let d = kernel.design
        defer { reset() }
        if d.up == d.down { return [] }
        // Zeros after the end, as the one-shot form assumes; enough for the last output.
        buffer += [Float](repeating: 0, count: d.halfWidth + 1)
        let total = (received * d.up + d.down - 1) / d.down
        return emit(whileLastInputBelow: Int.max, limit: total)
    }

    /// Drops all history, as if newly created.
    public mutating func reset() {
        let t = kernel.design.tapsPerPhase
        buffer = [Float](repeating: 0, count: t)
        bufferStart = -t
        received = 0
        produced = 0
    }

    /// Emits outputs while their newest input index is < `available` and n < `limit`.
    private mutating func emit(whileLastInputBelow available: Int, limit: Int) -> [Float] {
        let d = kernel.design
        let (up, down, k, t) = (d.up, d.down, d.halfWidth, d.tapsPerPhase)
        var out = [Float]()
        out.reserveCapacity(max(0, (buffer.count - t) * up / down + 1))
        var scratch = [Float]()
        var lastPhase = -1
        let table = kernel.table ?? []
        let useTable = kernel.table != nil
        buffer.withUnsafeBufferPointer { buf in table.withUnsafeBufferPointer { coeffs in
            while produced < limit {
                let pos = produced * down
                let base = pos / up
                if base + k >= available { break }
                let phase = pos - base * up
                let first = base + k - t + 1 - bufferStart
                if useTable {
                    out.append(dot(buf, first, coeffs, phase * t, t))
                } else {
                    if phase != lastPhase { scratch = d.phaseCoefficients(phase); lastPhase = phase }
                    out.append(scratch.withUnsafeBufferPointer { dot(buf, first, $0, 0, t) })
                }
                produced += 1
            }
        } }
        // Forget inputs no future output reads; only occasionally, to keep it O(n).
        let keepFrom = (produced * down) / up + k - t + 1
        let drop = keepFrom - bufferStart
        if drop > 4096 && drop * 2 > buffer.count {
            buffer.removeFirst(drop)
            bufferStart += drop
        }
        return out
    }
}

/// Dot product of n (a multiple of 8) samples and coefficients, 8 lanes at a time.
@inline(__always)
private func dot(_ x: UnsafeBufferPointer<Float>, _ xi: Int, _ c: UnsafeBufferPointer<Float>, _ ci: Int, _ n: Int) -> Float {
    let xr = UnsafeRawPointer(x.baseAddress! + xi)
    let cr = UnsafeRawPointer(c.baseAddress! + ci)
    var acc = SIMD8<Float>()
    var j = 0
    while j < n {
        acc += xr.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
            * cr.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
        j += 8
    }
    return acc.sum()
}
