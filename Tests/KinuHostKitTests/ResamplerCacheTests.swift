import Testing
@testable import KinuHostKit

/// Files at odd rates (a damaged header's 1 001 Hz, 44 101 Hz) each need a large filter
/// table; reading many of them must not keep every table.
@Suite struct ResamplerCacheTests {
    @Test func oddRatesDoNotGrowTheCacheWithoutBound() {
        for rate in [36_001, 36_003, 36_007, 36_009, 36_011] {   // 3.7 M coefficients each: over the bound by the 5th
            _ = Resampler(inputRate: rate, outputRate: 16_000)
            #expect(ResamplerKernel.cachedEntries <= ResamplerKernel.maxCachedEntries)
        }
        #expect(ResamplerKernel.cachedEntries > 0)
    }
}
