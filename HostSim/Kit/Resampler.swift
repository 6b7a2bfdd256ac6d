// One-shot rational resampling. Implemented on top of the streaming resampler so both
// forms are bit-identical by construction.

import Foundation

/// The design plus (usually) a precomputed coefficient table. Shared between resampler
/// values; immutable, so safe to share across threads.
final class ResamplerKernel: Sendable {
    let design: ResamplerDesign
    /// up * tapsPerPhase coefficients, phase-major; nil when the table would be too large
    /// (odd rates such as 44101 -> 16000 give L = 16000): then phases are built on demand.
    let table: [Float]?

    static let maxTableEntries = 4 << 20
    /// Coefficients kept in the cache at most (64 MB).
    static let maxCachedEntries = 16 << 20

    init(design: ResamplerDesign) {
        self.design = design
        if design.up * design.tapsPerPhase <= ResamplerKernel.maxTableEntries {
            var t = [Float]()
            t.reserveCapacity(design.up * design.tapsPerPhase)
            for p in 0..<design.up { t += design.phaseCoefficients(p) }
            table = t
        } else {
            table = nil
        }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [Key: ResamplerKernel] = [:]
    private struct Key: Hashable { let input: Int, output: Int, passband: Double, attenuation: Double }

    /// Coefficients held by the cache now.
    static var cachedEntries: Int {
        lock.lock()
        defer { lock.unlock() }
        return cache.values.reduce(0) { $0 + ($1.table?.count ?? 0) }
    }

    /// Kernels are cached per rate pair: reading 2000 files must not redesign 2000 filters.
    static func shared(_ design: ResamplerDesign, passband: Double) -> ResamplerKernel {
        let key = Key(input: design.inputRate, output: design.outputRate, passband: passband, attenuation: design.attenuationDB)
        lock.lock()
        defer { lock.unlock() }
        if let k = cache[key] { return k }
        let k = ResamplerKernel(design: design)
        // Bound memory for tools that sweep rates: a table of an odd rate is up to 16 MB.
        let entries = cache.values.reduce(k.table?.count ?? 0) { $0 + ($1.table?.count ?? 0) }
        if cache.count >= 64 || entries > maxCachedEntries { cache.removeAll() }
        cache[key] = k
        return k
    }
}

/// Converts mono Float audio from `inputRate` to `outputRate` with a polyphase
/// Kaiser-windowed-sinc low-pass (see `ResamplerDesign`). Equal rates are an exact copy.
///
/// Timing: output sample n is the band-limited input evaluated at input time n*in/out, so
/// there is no delay to compensate; the output has ceil(count * out / in) samples.
public struct Resampler: Sendable {
    public let design: ResamplerDesign
    let kernel: ResamplerKernel

    /// Output samples per input sample at most: the output of a resampler is bounded by
    /// its input (readers reject rates that would need more, see `WAVLimits`).
    public static let maximumUpsampling = 16

    public init(inputRate: Int, outputRate: Int, passbandFraction: Double = 0.9, attenuationDB: Double = 80) {
        precondition(inputRate > 0 && outputRate <= inputRate * Self.maximumUpsampling,
                     "resampling \(inputRate) Hz to \(outputRate) Hz exceeds \(Self.maximumUpsampling)x")
        let d = ResamplerDesign(inputRate: inputRate, outputRate: outputRate,
                                passbandFraction: passbandFraction, attenuationDB: attenuationDB)
        design = d
        kernel = ResamplerKernel.shared(d, passband: passbandFraction)
    }

    public var inputRate: Int { design.inputRate }
    public var outputRate: Int { design.outputRate }

    /// Resamples a whole signal.
    public func resample(_ input: [Float]) -> [Float] {
        if design.up == design.down { return input }
        var s = makeStream()
        var out = s.process(input)
        out += s.finish()
        return out
    }

    /// A streaming resampler with the same filter, for live input.
    public func makeStream() -> StreamingResampler { StreamingResampler(kernel: kernel) }

    /// Number of output samples `resample` produces for `inputCount` input samples.
    public func outputCount(forInputCount inputCount: Int) -> Int {
        if design.up == design.down { return inputCount }
        return (inputCount * design.up + design.down - 1) / design.down
    }
}
