/// A failure that stops reading (or writing) a whole file.
public enum CSVError: Error, CustomStringConvertible, Sendable {
    /// The file is missing or unreadable; `reason` is the system's error text.
    case cannotOpen(path: String, reason: String)
    /// Reading failed after opening, or the header record itself is malformed.
    case readFailed(path: String, reason: String)
    /// The file is empty or holds only blank lines.
    case noHeader(path: String)
    case outOfMemory(path: String)
    /// The file is not text (a ZIP/.xlsx workbook, a PDF, binary data, UTF-32...); `reason` says what it
    /// looks like. Thrown by `CSVReader.init`, before any record is delivered.
    case notText(path: String, reason: String)
    /// With `header: .auto`, the first record looks like data (an e-mail address, mostly numbers), not
    /// like column names. `firstRecord` holds its fields.
    case headerless(path: String, firstRecord: [String])

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "Cannot open \(path): \(reason)."
        case let .readFailed(path, reason):
            return "Cannot read \(path): \(reason)."
        case let .noHeader(path):
            return "\(path) has no header row: the file is empty or holds only blank lines."
        case let .outOfMemory(path):
            return "Ran out of memory while reading \(path)."
        case let .notText(path, reason):
            return "\(path) is not a CSV text file: \(reason)."
        case let .headerless(path, firstRecord):
            var shown = firstRecord.prefix(6).map { $0.count > 40 ? String($0.prefix(40)) + "…" : $0 }.joined(separator: ", ")
            if firstRecord.count > 6 { shown += ", …" }
            return "\(path) seems to have no header row: its first record (\(shown)) looks like data, not column names. "
                + "Set `header: none` for this source and list its columns by position with `columns:` in the config."
        }
    }
}

/// A failure while writing a CSV file (the reader never throws it).
public struct CSVWriteError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "Cannot write \(path): \(reason)." }
}

/// Why one record could not be read; the reader goes on with the next record.
public enum CSVRecordProblem: Sendable, Equatable, CustomStringConvertible {
    /// Strict-mode parse error, e.g. a quote inside an unquoted field or text after a closing quote.
    /// The record holds the fields read before the error (the last one possibly partial); the rest
    /// of its line is skipped.
    case malformed(detail: String)
    /// No longer produced by the reader (see `unbalancedQuote`); kept for source compatibility.
    case unterminatedQuote
    /// The record has more or fewer fields than the header.
    case fieldCount(expected: Int, found: Int)
    /// A quoted field opened on line `openedAtLine` never closes (the file ends, or the field grows past
    /// `maxFieldBytes` across a line end). The record holds the fields read before it and the start of
    /// that field; reading resumes on the line after the one where the record started.
    case unbalancedQuote(openedAtLine: Int)
    /// Field `field` (1-based) holds a NUL byte.
    case nulByte(field: Int)
    /// Field `field` (1-based) is larger than `limit` bytes.
    case fieldTooLarge(field: Int, limit: Int)
    /// The record has bytes that are not valid in the file's encoding (named, e.g. "utf-8", "windows-1252").
    case invalidEncoding(String)

    public var description: String {
        switch self {
        case let .malformed(detail):
            return "malformed CSV: \(detail)"
        case .unterminatedQuote:
            return "malformed CSV: the file ends inside a quoted field (missing closing quote)"
        case let .fieldCount(expected, found):
            return "expected \(expected) field\(expected == 1 ? "" : "s"), found \(found)"
        case let .unbalancedQuote(line):
            return "unbalanced quote opened on line \(line)"
        case let .nulByte(field):
            return "NUL byte in field \(field)"
        case let .fieldTooLarge(field, limit):
            return "field \(field) larger than \(limit) bytes"
        case let .invalidEncoding(name):
            return "invalid \(name) byte sequence"
        }
    }
}
