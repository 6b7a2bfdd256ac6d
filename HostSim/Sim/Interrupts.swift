import Foundation
import KinuHostDevice

/// Ctrl-C and `kill`: the handler only sets a flag; the run loop sees it, stops the
/// audio and ends through the device's normal end (log "stopped", terminal restored).
enum Interrupts {
    nonisolated(unsafe) static var received: sig_atomic_t = 0

    static func install() {
        received = 0
        signal(SIGINT) { _ in Interrupts.received = 1 }
        signal(SIGTERM) { _ in Interrupts.received = 1 }
        signal(SIGHUP) { _ in Interrupts.received = 1 }
        // A parent may have left these blocked (some job runners, test harnesses), and
        // a blocked SIGINT would make Ctrl-C do nothing at all.
        var set = sigset_t()
        sigemptyset(&set)
        for s in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, s) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    static var pending: Bool { received != 0 }
}
