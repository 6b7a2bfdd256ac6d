/// Arm semihosting: the program asks the debugger, here QEMU with
/// `-semihosting-config enable=on,target=native`, to do I/O on the host. It is how
/// tests feed host files (audio, models) to the firmware, get results back and end the
/// run with an exit status. The trap itself is `kinu_semihost` in C/support.c.
///
/// Every call blocks the CPU until the host is done: use it for tests and tools, never
/// inside a timed or real-time path.
enum Semihosting {
    enum Operation: UInt32 {
        case open = 0x01, close = 0x02, writeC = 0x03, write0 = 0x04
        case write = 0x05, read = 0x06, seek = 0x0A, fileLength = 0x0C
        case commandLine = 0x15, exitExtended = 0x20
    }

    /// SYS_OPEN modes (ISO C fopen modes in this order: r rb r+ r+b w wb w+ w+b a ab ...).
    enum Mode: UInt32 {
        case readBinary = 1, readWriteBinary = 3, writeBinary = 5, createReadWriteBinary = 7, appendBinary = 9
    }

    /// A semihosting call whose argument is a block of up to three words. The block
    /// lives on the stack for the duration of the trap; the host may write into it.
    @discardableResult
    static func call(_ op: Operation, _ a: UInt32, _ b: UInt32 = 0, _ c: UInt32 = 0) -> Int32 {
        var block = (a, b, c)
        return withUnsafeMutableBytes(of: &block) { Int32(bitPattern: kinu_semihost(op.rawValue, $0.baseAddress)) }
    }

    static func word(_ p: UnsafeRawPointer) -> UInt32 { UInt32(UInt(bitPattern: p)) }

    /// Prints a NUL-terminated string on the host's console.
    static func write0(_ text: UnsafePointer<CChar>) {
        _ = kinu_semihost(Operation.write0.rawValue, text)
    }

    /// Prints a string literal (literals are stored NUL-terminated).
    static func write0(_ text: StaticString) {
        _ = kinu_semihost(Operation.write0.rawValue, text.utf8Start)
    }

    /// Ends the QEMU run with `status` as its exit code (SYS_EXIT_EXTENDED).
    static func exit(_ status: Int32) -> Never { BoardRuntime.exit(status) }

    // MARK: Host files

    /// Opens a host file; returns its handle, or nil if the host refused.
    static func open(_ path: UnsafePointer<CChar>, _ mode: Mode) -> Int32? {
        var length: UInt32 = 0
        while path[Int(length)] != 0 { length += 1 }
        let handle = call(.open, word(path), mode.rawValue, length)
        return handle >= 0 ? handle : nil
    }

    static func close(_ handle: Int32) {
        call(.close, UInt32(bitPattern: handle))
    }

    /// Length of an open file in bytes, or nil on error.
    static func length(_ handle: Int32) -> Int? {
        let n = call(.fileLength, UInt32(bitPattern: handle))
        return n >= 0 ? Int(n) : nil
    }

    /// Reads up to `buffer.count` bytes; returns how many were read (0 at end of file).
    static func read(_ handle: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let notRead = call(.read, UInt32(bitPattern: handle), word(base), UInt32(buffer.count))
        return notRead >= 0 ? buffer.count - Int(notRead) : 0
    }

    /// Writes all of `bytes`; returns false if the host wrote less.
    static func write(_ handle: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return true }
        return call(.write, UInt32(bitPattern: handle), word(base), UInt32(bytes.count)) == 0
    }

    /// Moves to byte `position` of the file; false if the host refused.
    static func seek(_ handle: Int32, to position: Int) -> Bool {
        call(.seek, UInt32(bitPattern: handle), UInt32(position)) == 0
    }

    /// Streams a host file through `buffer`, one block of at most `buffer.count` bytes at
    /// a time, calling `body` with each block until the file ends or `body` returns
    /// false. Returns the number of bytes delivered, or nil if the file cannot be opened.
    /// Nothing is allocated: the caller owns the buffer (e.g. one audio block).
    static func forEachBlock(
        ofFile path: UnsafePointer<CChar>, buffer: UnsafeMutableRawBufferPointer,
        _ body: (UnsafeRawBufferPointer) -> Bool
    ) -> Int? {
        guard let handle = open(path, .readBinary) else { return nil }
        defer { close(handle) }
        var total = 0
        while true {
            let n = read(handle, into: buffer)
            if n == 0 { break }
            total += n
            if !body(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) { break }
        }
        return total
    }

    /// Reads a whole host file into `buffer` (in blocks of `blockSize` bytes). Returns
    /// the file's length, or nil if it cannot be opened or does not fit.
    static func readFile(
        _ path: UnsafePointer<CChar>, into buffer: UnsafeMutableRawBufferPointer, blockSize: Int = 512
    ) -> Int? {
        guard let handle = open(path, .readBinary) else { return nil }
        defer { close(handle) }
        guard let length = length(handle), length <= buffer.count else { return nil }
        var done = 0
        while done < length {
            let end = min(done + blockSize, length)
            let n = read(handle, into: UnsafeMutableRawBufferPointer(rebasing: buffer[done..<end]))
            if n == 0 { return nil }
            done += n
        }
        return length
    }

    /// Creates (or truncates) a host file and writes `bytes` to it.
    static func writeFile(_ path: UnsafePointer<CChar>, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let handle = open(path, .writeBinary) else { return false }
        defer { close(handle) }
        return write(handle, bytes)
    }

    // MARK: Command line

    /// The run's command line, split at spaces: argument 0 is the ELF file, the rest come
    /// from QEMU's `-append "..."`. Calls `body` with the arguments, stored in a
    /// stack buffer of `capacity` bytes that lives only during the call. 1 KB: the runs
    /// pass up to four absolute paths, and a clone may sit deep in a file system (a command
    /// line that does not fit gives no arguments, so the app prints its usage).
    static func withArguments<R>(capacity: Int = 1024, _ body: (Arguments) -> R) -> R {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            var arguments = Arguments(buffer: UnsafeMutablePointer(buffer.baseAddress!), count: 0)
            buffer.initialize(repeating: 0)
            let status = call(.commandLine, word(buffer.baseAddress!), UInt32(capacity - 1))
            if status == 0 { arguments.split(length: capacity - 1) }
            return body(arguments)
        }
    }

    /// Command-line arguments as NUL-terminated strings inside a caller-owned buffer.
    struct Arguments {
        fileprivate let buffer: UnsafeMutablePointer<CChar>
        private(set) var count: Int

        /// Argument `index` (0-based), or nil past the end.
        subscript(index: Int) -> UnsafePointer<CChar>? {
            guard index >= 0, index < count else { return nil }
            var p = 0
            for _ in 0..<index {
                while buffer[p] != 0 { p += 1 }
                while buffer[p] == 0 { p += 1 }     // skip runs of separators
            }
            return UnsafePointer(buffer + p)
        }

        /// Turns spaces into NULs and counts the words; leading spaces are dropped.
        fileprivate mutating func split(length: Int) {
            var start = 0
            while start < length, buffer[start] == 0x20 { start += 1 }
            if start > 0 {   // move the text down so argument 0 starts at buffer[0]
                var i = 0
                while start + i < length { buffer[i] = buffer[start + i]; i += 1 }
                while i < length { buffer[i] = 0; i += 1 }
            }
            var inWord = false
            for i in 0..<length {
                if buffer[i] == 0x20 || buffer[i] == 0 {
                    buffer[i] = 0
                    inWord = false
                } else if !inWord {
                    inWord = true
                    count += 1
                }
            }
        }
    }
}
