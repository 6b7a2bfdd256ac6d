import Foundation

/// Runs a program with posix_spawn and waits for it with waitpid. For programs that leave
/// a daemon behind (tmux starts its server from the first client): Foundation's Process
/// notices the child's exit through a descriptor the child inherits, so a daemon that
/// keeps that descriptor makes the client look alive for as long as the daemon lives.
/// Here the child gets /dev/null, the output file and nothing else, and no blocked signals.
enum PlainSpawn {
    struct TimedOut: Error, CustomStringConvertible {
        let command: String
        let seconds: Double
        var description: String { "\(command) did not finish within \(seconds) s" }
    }

    /// glibc's posix_spawn_file_actions_addclosefrom_np (2.34 and later), which Swift's
    /// Glibc module does not import.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Runs `executable` with `arguments`; returns its exit status and what it printed
    /// on standard output. Kills it after `seconds`.
    static func run(_ executable: String, _ arguments: [String], seconds: Double = 10) throws -> (status: Int32, output: String) {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        guard let closeFrom = closeFrom else { throw POSIXError(.ENOSYS) }
        closeFrom(&actions, 3)

        // A test runs on a thread that blocks most signals, and a child inherits that mask;
        // a tmux server that never sees SIGCHLD or SIGTERM never exits. Start it clean.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        sigfillset(&signals)
        posix_spawnattr_setsigdefault(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let error = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard error == 0 else { throw POSIXError(POSIXErrorCode(rawValue: error) ?? .EIO) }

        let command = ([executable] + arguments).joined(separator: " ")
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() >= deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                throw TimedOut(command: command, seconds: seconds)
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return ((status >> 8) & 0xFF, text)
    }
}
