import Testing
@testable import KinuHostKit

@Test func builds() { #expect(Bool(true)) }
