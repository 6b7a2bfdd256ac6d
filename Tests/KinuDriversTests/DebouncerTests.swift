import KinuDrivers
import Testing

@Suite struct DebouncerTests {
    @Test func bounceIsIgnoredAndStablePressesPass() {
        var d = Debouncer(stableSamples: 5)
        var changes: [(Int, UInt32)] = []
        // 1 ms samples: a bouncy press of button 0 (on/off for 3 ms), held, then released.
        let raw: [UInt32] = [0, 1, 0, 1, 1, 0, 1] + Array(repeating: 1, count: 10) + [0, 1] + Array(repeating: 0, count: 8)
        for (t, r) in raw.enumerated() {
            let changed = d.sample(r)
            if changed != 0 { changes.append((t, changed)) }
        }
        #expect(changes.map(\.1) == [1, 1])      // one press, one release
        #expect(changes[0].0 == 10)              // 5 stable samples after the last bounce at t = 6
        #expect(d.state == 0)
    }

    @Test func shortGlitchNeverRegisters() {
        var d = Debouncer(stableSamples: 20)
        for t in 0 ..< 100 { #expect(d.sample(t % 7 == 0 ? 0b100 : 0) == 0) }
        #expect(d.state == 0)
    }
}
