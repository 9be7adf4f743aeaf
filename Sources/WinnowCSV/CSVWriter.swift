/// Buffered CSV writer: RFC 4180 quoting, the dialect's delimiter (comma unless told), LF line ends.
///
/// A field is quoted only when it contains the delimiter, the quote, CR or LF, or starts or ends with a
/// space or tab (which a reader would trim) or with U+FEFF (a byte order mark); inner quotes are doubled. A record made of one empty field is
/// written as `""` so that it does not read back as a blank line. Output goes through a 64 KiB buffer to an
/// `OutputFile`.
public final class CSVWriter {
    public var path: String { file.path }
    public let dialect: CSVDialect

    private let file: OutputFile
    private let buffer: UnsafeMutablePointer<UInt8>
    private static let capacity = 1 << 16
    private var used = 0

    /// Creates or truncates the file. Throws `CSVError.cannotOpen`.
    public init(path: String, dialect: CSVDialect = .comma) throws {
        file = try OutputFile(path: path, mode: 0o644)
        self.dialect = dialect
        buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.capacity)
    }

    deinit {
        if file.isOpen {
            try? flush()
            try? file.close()
        }
        buffer.deallocate()
    }

    /// Writes one record. Throws `CSVWriteError`.
    public func write(_ fields: [String]) throws {
        try write(fields: fields)
    }

    /// Writes one record. Throws `CSVWriteError`.
    public func write<S: Sequence>(fields: S) throws where S.Element == String {
        guard file.isOpen else { throw CSVWriteError(path: path, reason: "the writer is closed") }
        var count = 0
        var onlyFieldEmpty = false
        for field in fields {
            if count > 0 { try put(dialect.delimiter) }
            var field = field
            try field.withUTF8 { try putField($0) }
            if count == 0 { onlyFieldEmpty = field.utf8.isEmpty }
            count += 1
        }
        if count == 1 && onlyFieldEmpty {
            try put(dialect.quote)
            try put(dialect.quote)
        }
        try put(UInt8(ascii: "\n"))
    }

    /// Flushes and closes the file; later calls do nothing. Throws `CSVWriteError`.
    public func close() throws {
        guard file.isOpen else { return }
        do {
            try flush()
        } catch {
            try? file.close()
            throw error
        }
        try file.close()
    }

    // MARK: Private

    private func needsQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        if first == space || first == tab || last == space || last == tab { return true }
        // A leading U+FEFF would read back as a byte order mark at the start of the file.
        if first == 0xEF && bytes.count >= 3 && bytes[1] == 0xBB && bytes[2] == 0xBF { return true }
        let delimiter = dialect.delimiter, quote = dialect.quote
        for b in bytes where b == delimiter || b == quote || b == 0x0A || b == 0x0D {
            return true
        }
        return false
    }

    private func putField(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard needsQuotes(bytes) else {
            try put(bytes)
            return
        }
        let quote = dialect.quote
        try put(quote)
        var segmentStart = 0
        for i in 0..<bytes.count where bytes[i] == quote {
            // Write up to and including the quote, then the quote again.
            try put(UnsafeBufferPointer(rebasing: bytes[segmentStart...i]))
            try put(quote)
            segmentStart = i + 1
        }
        try put(UnsafeBufferPointer(rebasing: bytes[segmentStart...]))
        try put(quote)
    }

    @inline(__always)
    private func put(_ byte: UInt8) throws {
        if used == Self.capacity { try flush() }
        buffer[used] = byte
        used += 1
    }

    private func put(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard var source = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            if used == Self.capacity { try flush() }
            let n = min(remaining, Self.capacity - used)
            (buffer + used).update(from: source, count: n)
            used += n
            source += n
            remaining -= n
        }
    }

    private func flush() throws {
        defer { used = 0 }
        try file.write(UnsafeRawBufferPointer(start: buffer, count: used))
    }
}
