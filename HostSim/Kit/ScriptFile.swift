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
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 14)
        while data.count < limit {
            let wanted = min(chunk.count, limit - data.count)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, wanted) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputFileError(reason: errno == EISDIR ? "it is a folder" : String(cString: strerror(errno)))
            }
            data.append(contentsOf: chunk[0 ..< n])
        }
        return data
    }
}
