import ArgumentParser
import Foundation

/// A failure the user can act on: printed as one "kinu-sim: ..." line on stderr, then the
/// program exits with `status` (never a crash or a stack trace).
struct SimFailure: Error, CustomStringConvertible {
    let message: String
    var status: Int32 = 1
    var description: String { message }

    /// Exit status for "this machine has no capture device" (make sim tells it apart).
    static let noDeviceStatus: Int32 = 3

    /// Prints the message and turns it into the exit code ArgumentParser will use.
    func report() -> ExitCode {
        FileHandle.standardError.write(Data("kinu-sim: \(message)\n".utf8))
        return ExitCode(status)
    }
}

/// Runs `body`, turning a SimFailure into its message and exit status.
func reportingFailures(_ body: () throws -> Void) throws {
    do { try body() } catch let failure as SimFailure { throw failure.report() }
}
