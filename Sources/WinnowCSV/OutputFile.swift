import CFileSystem
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// An output file written front to back: the one place that writes Winnow's output and work files (`CSVWriter`,
/// export's sinks).
///
/// Where the file system allows it, the file is written with direct I/O: the bytes are gathered in an aligned
/// staging block and each full block goes to the device without passing through the page cache. On the VM this
/// was measured on, a fresh page-cache page costs far more than the copy into it: `dd` wrote 2 GB in 11.0 s (8.7 s
/// of system time) through the cache and in 1.1-1.6 s direct (Benchmarks/README.md). The last, partial block is
/// written through the cache, so the file ends exactly where its bytes do. Without direct I/O (a file system that
/// refuses it, other platforms), writes go through the cache with write-behind (`winnow_write_behind`), which keeps
/// that cache small. Failures throw `CSVWriteError`.
public final class OutputFile: @unchecked Sendable {
    public let path: String
    private var fd: Int32
    /// Bytes written so far; the window not yet handed to write-behind starts at `windowStart`, the one
    /// before it (being written to disk) at `previousStart`.
    private var written = 0
    private var windowStart = 0
    private var previousStart = 0
    /// Bytes per write-behind window.
    private let window: Int
    /// The staging block of direct I/O, nil when the file is written through the cache.
    private var staging: UnsafeMutableRawBufferPointer?
    private var staged = 0
    /// Direct I/O wants file offsets, addresses and lengths in multiples of the device's block size.
    static let directAlignment = 4096
    public static let stagingSize = 1 << 20

    /// Creates or truncates the file with `mode` (the umask applies). Throws `CSVError.cannotOpen`.
    public init(path: String, mode: UInt32 = 0o644, writeBehindWindow: Int = 32 << 20, direct: Bool = true) throws {
        let flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
        var fd: Int32 = direct ? path.withCString { winnow_open_direct($0, flags, mode) } : -1
        let isDirect = fd >= 0
        if fd < 0 {
            fd = path.withCString { open($0, flags, mode_t(mode)) }
        }
        if fd < 0 {
            throw CSVError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        self.path = path
        self.fd = fd
        self.window = writeBehindWindow
        if isDirect {
            staging = .allocate(byteCount: Self.stagingSize, alignment: Self.directAlignment)
        }
    }

    deinit {
        if fd >= 0 { _ = closeDescriptor(fd) }
        staging?.deallocate()
    }

    /// Whether the file is being written with direct I/O.
    public var isDirect: Bool { staging != nil }

    /// False once `close` has been called.
    public var isOpen: Bool { fd >= 0 }

    /// Writes `bytes` after the ones before.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard fd >= 0 else { throw CSVWriteError(path: path, reason: "the file is closed") }
        guard let staging else { return try writeThroughCache(bytes) }
        guard let source = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let n = min(bytes.count - offset, staging.count - staged)
            (staging.baseAddress! + staged).copyMemory(from: source + offset, byteCount: n)
            staged += n
            offset += n
            if staged == staging.count { try flushStaging() }
        }
    }

    /// Writes what is staged and closes the file; later calls do nothing.
    public func close() throws {
        guard fd >= 0 else { return }
        do {
            if staging != nil {
                try flushStaging()
                // The tail, shorter than a block, is written through the cache.
                if staging != nil {
                    guard winnow_clear_direct(fd) == 0 else { throw failure() }
                    try leaveDirectIO()
                }
            }
        } catch {
            _ = closeDescriptor(fd)
            fd = -1
            throw error
        }
        let result = closeDescriptor(fd)
        fd = -1
        if result != 0 { throw failure() }
    }

    /// Writes the staging block's whole blocks directly; what is left (less than a block) moves to its front.
    private func flushStaging() throws {
        guard let block = staging else { return }
        let whole = staged - staged % Self.directAlignment
        var offset = 0
        var directIOStopped = false
        while offset < whole {
            let n = writeDescriptor(fd, block.baseAddress! + offset, whole - offset)
            if n < 0 {
                if errno == EINTR { continue }
                // A file system that opened the file for direct I/O but refuses its writes: go on through the cache.
                guard errno == EINVAL, winnow_clear_direct(fd) == 0 else { throw failure() }
                directIOStopped = true
                break
            }
            offset += n
            // A short write leaves the file offset unaligned for the next direct write.
            if offset < whole && n % Self.directAlignment != 0 {
                guard winnow_clear_direct(fd) == 0 else { throw failure() }
                directIOStopped = true
                break
            }
        }
        written += offset
        staged -= offset
        if staged > 0 && offset > 0 { block.baseAddress!.copyMemory(from: block.baseAddress! + offset, byteCount: staged) }
        if directIOStopped { try leaveDirectIO() }
    }

    /// Writes what is staged through the cache (direct I/O already turned off) and stops staging.
    private func leaveDirectIO() throws {
        guard let block = staging else { return }
        let rest = staged
        staging = nil
        staged = 0
        defer { block.deallocate() }
        // Write-behind starts from here: what is written so far is on the device already.
        windowStart = written
        previousStart = written
        try writeThroughCache(UnsafeRawBufferPointer(start: block.baseAddress, count: rest))
    }

    private func writeThroughCache(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = writeDescriptor(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure()
            }
            offset += n
        }
        written += bytes.count
        if written - windowStart >= window {
            winnow_write_behind(fd, Int64(windowStart), Int64(written - windowStart), Int64(previousStart), Int64(windowStart - previousStart))
            previousStart = windowStart
            windowStart = written
        }
    }

    private func failure() -> CSVWriteError { CSVWriteError(path: path, reason: String(cString: strerror(errno))) }
}

private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }

private func writeDescriptor(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
