// Capture errors: an overrun is recovered and reported at once, a transient error is
// retried a few times, errors that persist end the capture with a sentence. The policy
// alone, then on a real ALSA stream (the replay PCM of ALSACaptureTests) fed those codes.

import CALSA
import Foundation
@testable import KinuHostAudio
import KinuHostKit
import Testing

@Suite(.serialized) struct CaptureRecoveryTests {
    @Test func transientErrorsAreRetriedThenGivenUp() {
        var r = CaptureRecovery()
        for k in 1 ... CaptureRecovery.maximumRetries {
            #expect(r.failed(code: -EIO, text: "Input/output error") == .retry(pauseMilliseconds: 10 * k))
        }
        #expect(r.failed(code: -EIO, text: "Input/output error")
                == .giveUp(detail: "Input/output error, 6 times in a row; is the microphone still connected?"))
    }

    @Test func aGoodReadStartsTheCountAgain() {
        var r = CaptureRecovery()
        for _ in 0 ..< 10 {
            for _ in 0 ..< CaptureRecovery.maximumRetries {
                guard case .retry = r.failed(code: -EAGAIN, text: "x") else { Issue.record("gave up too early"); return }
            }
            r.succeeded()
        }
        #expect(r.failuresInARow == 0)
    }

    @Test func overrunsAreCountedAndNeverEndARunThatStillReads() {
        var r = CaptureRecovery()
        for k in 1 ... 300 {
            #expect(r.failed(code: -EPIPE, text: "Broken pipe") == .overrun(count: k))
            r.succeeded()
        }
        #expect(r.overruns == 300)
    }

    @Test func aDeviceThatWentAwayEndsAtOnce() {
        var r = CaptureRecovery()
        #expect(r.failed(code: -ENODEV, text: "No such device") == .giveUp(detail: "the device went away (unplugged?)"))
        var s = CaptureRecovery()
        #expect(s.failed(code: -EINVAL, text: "Invalid argument") == .giveUp(detail: "Invalid argument"))
    }

    @Test func overrunLineHasTheDeviceLogShape() {
        let line = HostLogLine.make(milliseconds: 1234, event: "overrun", ["device": .text("hw:1,0"), "overruns": .number(2)])
        #expect(line == #"{"t_ms":1234,"event":"overrun","device":"hw:1,0","overruns":2}"#)
    }
}

/// In ALSACaptureTests' suite: serialized with the other tests that set ALSA_CONFIG_PATH.
extension ALSACaptureTests {
    @Test(.enabled(if: hasALSAConfig, "ALSA's configuration (libasound2-data) is not installed"))
    func aRealStreamRecoversFromOverrunsAndRetriesTransientErrors() throws {
        let replay = try Replay(TestSession.claps(at: [0.5], seconds: 2))
        setenv("ALSA_CONFIG_PATH", replay.environment["ALSA_CONFIG_PATH"]!, 1)
        snd_config_update_free_global()
        defer { unsetenv("ALSA_CONFIG_PATH"); snd_config_update_free_global() }

        let capture = try ALSACapture(device: "kinu_replay")
        var reported: [Int] = []
        capture.onOverrun = { reported.append($0) }
        func readSome() throws -> Int {
            var heard = 0
            for _ in 0 ..< 1000 where heard < 4096 { heard += try capture.read().count }
            return heard
        }
        #expect(try readSome() >= 4096)
        try capture.recover(from: -EPIPE)
        try capture.recover(from: -EPIPE)
        #expect(reported == [1, 2] && capture.overruns == 2)
        #expect(try readSome() >= 4096, "capture goes on after an overrun")
        for _ in 0 ..< CaptureRecovery.maximumRetries { try capture.recover(from: -EIO) }
        #expect(try readSome() >= 4096, "capture goes on after transient errors")
        for _ in 0 ..< CaptureRecovery.maximumRetries { try capture.recover(from: -EIO) }
        #expect(throws: CaptureError.readFailed(device: "kinu_replay",
                                                detail: "Input/output error, 6 times in a row; is the microphone still connected?")) {
            try capture.recover(from: -EIO)
        }
    }
}
