// Reading an input file whatever the path names: a regular file is mapped, a pipe or
// FIFO (`--input /dev/stdin`, `<(sox ...)`) is read to its end, anything else gets a
// sentence saying what it is instead of a Foundation error code.

import Foundation

enum InputFile {
    /// A pipe is read to its end, but not past this (an endless stream would fill memory).
    static let maximumStreamBytes = 1 << 31

    /// The bytes at `path`, or why not in words.
    static func contents(of path: String) throws(InputFileError) -> Data {
        var info = stat()
        guard stat(path, &info) == 0 else { throw InputFileError(reason: String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            do { return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) }
            catch { throw InputFileError(reason: Self.describe(error)) }
        case S_IFIFO, S_IFSOCK:
            return try readStream(path)
        case S_IFDIR:
            throw InputFileError(reason: "it is a folder; give one WAV file inside it")
        case S_IFCHR where isTerminal(path):
            throw InputFileError(reason: "it is a terminal; pipe a WAV file into it (e.g. 'sox in.flac -t wav - | ...')")
        default:
            throw InputFileError(reason: "it is a device, not a file or a pipe")
        }
    }

    private static func readStream(_ path: String) throws(InputFileError) -> Data {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputFileError(reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let data: Data
        do { data = try read(fd, atMost: maximumStreamBytes + 1) } catch {
            throw InputFileError(reason: "reading the pipe failed: \(String(cString: strerror(error.code)))")
        }
        if data.count > maximumStreamBytes {
            throw InputFileError(reason: "the pipe gave more than \(maximumStreamBytes >> 20) MB without ending")
        }
        return data
    }

    /// A read(2) that failed, with its errno.
    struct ReadFailure: Error { let code: Int32 }

    /// Up to `limit` bytes from `fd`: to its end, or to the limit.
    static func read(_ fd: Int32, atMost limit: Int) throws(ReadFailure) -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while data.count < limit {
            let wanted = min(chunk.count, limit - data.count)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, wanted) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadFailure(code: errno)
            }
            data.append(contentsOf: chunk[0 ..< n])
        }
        return data
    }

    /// The system's words for a read error (Foundation's description is "error 256").
    private static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }

    private static func isTerminal(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return isatty(fd) != 0
    }
}

public struct InputFileError: Error { public let reason: String }
