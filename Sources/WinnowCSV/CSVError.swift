/// A failure that stops reading (or writing) a whole file.
public enum CSVError: Error, CustomStringConvertible, Sendable {
    /// The file is missing or unreadable; `reason` is the system's error text.
    case cannotOpen(path: String, reason: String)
    /// Reading failed after opening, or the header record itself is malformed.
    case readFailed(path: String, reason: String)
    /// The file is empty or holds only blank lines.
    case noHeader(path: String)
    case outOfMemory(path: String)

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
    /// The file ended inside a quoted field; the record holds everything from the opening quote on.
    case unterminatedQuote
    /// The record has more or fewer fields than the header.
    case fieldCount(expected: Int, found: Int)

    public var description: String {
        switch self {
        case let .malformed(detail):
            return "malformed CSV: \(detail)"
        case .unterminatedQuote:
            return "malformed CSV: the file ends inside a quoted field (missing closing quote)"
        case let .fieldCount(expected, found):
            return "expected \(expected) field\(expected == 1 ? "" : "s"), found \(found)"
        }
    }
}
