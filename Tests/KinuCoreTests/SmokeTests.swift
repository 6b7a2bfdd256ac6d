import Testing
@testable import KinuCore

@Test func sampleRateIs16k() { #expect(KinuCoreInfo.sampleRate == 16_000) }
