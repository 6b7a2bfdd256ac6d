// The KinuDSP kernels on the host (their portable C bodies) against plain Swift loops.
// The firmware's smoke test runs the same comparison on the emulated Cortex-M4, where the
// SIMD bodies are built; both must equal these loops, so host and firmware agree.

import KinuDSP
import Testing

@Suite struct DSPKernelTests {
    /// Values in [-limit, limit], a quarter of them at the extremes.
    static func values(_ count: Int, limit: Int32, seed: UInt64) -> [Int16] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            switch state >> 61 {
            case 0: return Int16(limit)
            case 1: return Int16(-limit)
            default: return Int16(Int64(bitPattern: state >> 1) % Int64(limit + 1))
            }
        }
    }

    @Test(arguments: [4, 12, 24, 40])
    func l1RowsEqualsThePlainSum(width: Int) {
        for seed in 0..<50 as Range<UInt64> {
            let rows = 1 + Int(seed % 7)
            let a = Self.values(width, limit: 8191, seed: seed), b = Self.values(rows * width, limit: 8191, seed: seed + 1000)
            var out = [Int32](repeating: -1, count: rows)
            kinu_l1_rows_int16(a, b, Int32(width), Int32(rows), &out)
            for r in 0..<rows {
                let expected = (0..<width).reduce(Int32(0)) { $0 + abs(Int32(a[$1]) - Int32(b[r * width + $1])) }
                #expect(out[r] == expected, "width \(width), row \(r)")
            }
        }
    }

    @Test func l1OfARowWithItselfIsZeroAndExtremesAddUp() {
        let row = Self.values(24, limit: 8191, seed: 7)
        var out: [Int32] = [-1]
        kinu_l1_rows_int16(row, row, 24, 1, &out)
        #expect(out == [0])
        let high = [Int16](repeating: 8191, count: 24), low = [Int16](repeating: -8191, count: 24)
        kinu_l1_rows_int16(high, low, 24, 1, &out)
        #expect(out == [24 * 16382])
    }

    @Test func dotProductEqualsThePlainSum() {
        for seed in 0..<50 as Range<UInt64> {
            let count = 2 + 2 * Int(seed % 20)
            let a = Self.values(count, limit: 8191, seed: seed), b = Self.values(count, limit: 511, seed: seed + 500)
            let expected = (0..<count).reduce(Int32(0)) { $0 + Int32(a[$1]) * Int32(b[$1]) }
            #expect(kinu_dot_int16(a, b, Int32(count)) == expected)
        }
    }

    @Test func theHostBuildUsesThePortableBodies() {
        #expect(kinu_dsp_uses_simd() == 0)
    }
}
