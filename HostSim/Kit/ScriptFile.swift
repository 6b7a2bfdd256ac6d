// Reading a button script: a small text file, a pipe, or /dev/null (no presses). Read with
// plain POSIX calls so that any of them works as on the boards, and bounded, so that a
// device or a huge file cannot fill memory: a script longer than the bound is refused by
// the parser (`ButtonScript.maximumBytes`) whatever its length.

import Foundation

public enum ScriptFile {
    /// At most `limit` bytes of `path`, or why not in words.
    public static func read(_ path: String, atMost limit: Int) throws(InputFileError) -> Data {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputFileError(reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        do { return try InputFile.read(fd, atMost: limit) } catch {
            throw InputFileError(reason: error.code == EISDIR ? "it is a folder" : String(cString: strerror(error.code)))
        }
    }
}
