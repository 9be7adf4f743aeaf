/// Whether an input file is a purchased list or a form export: only forms can make leads.
public enum SourceKind: String, Sendable, Codable {
    case purchased, form
}

/// One input file of a run, as given on the command line.
public struct InputFile: Sendable, Codable, Equatable {
    public var path: String
    public var kind: SourceKind
    public var sha256: String
    public var bytes: Int
    public var delimiter: String
    public var rowsRead: Int
    public var rejected: Int
    /// How the file was read: detected or configured encoding, and the line its header is on.
    public var encoding: String = ""
    public var headerLine: Int = 1
    /// The file's header as read, and the schema field each column maps to.
    public var header: [String]
    public var mappedTo: [String]

    public init(path: String, kind: SourceKind, sha256: String = "", bytes: Int = 0,
                delimiter: String = "", rowsRead: Int = 0, rejected: Int = 0,
                header: [String] = [], mappedTo: [String] = []) {
        self.path = path; self.kind = kind; self.sha256 = sha256; self.bytes = bytes
        self.delimiter = delimiter; self.rowsRead = rowsRead; self.rejected = rejected
        self.header = header; self.mappedTo = mappedTo
    }
}

/// Where a record came from: the input file (index into the run's inputs), its 1-based data row, and the
/// physical line it starts on (0 when not known, e.g. read back from a contact's `sources`).
public struct SourceRef: Hashable, Comparable, Sendable {
    public var file: Int
    public var row: Int
    public var line: Int
    public init(file: Int, row: Int, line: Int = 0) { self.file = file; self.row = row; self.line = line }
    public static func == (a: SourceRef, b: SourceRef) -> Bool { a.file == b.file && a.row == b.row }
    public func hash(into hasher: inout Hasher) { hasher.combine(file); hasher.combine(row) }
    public static func < (a: SourceRef, b: SourceRef) -> Bool {
        (a.file, a.row) < (b.file, b.row)
    }
}

/// One input record, its values aligned with the run's `FieldSchema` (missing trailing values are empty).
public struct SourceRecord: Sendable {
    public var source: SourceRef
    public var values: [String]
    /// What normalization found, per field.
    public var flags: FieldFlags
    /// The values as given, by schema index, for the fields normalization changed.
    public var raw: [Int: String]

    public init(source: SourceRef, values: [String], flags: FieldFlags = [], raw: [Int: String] = [:]) {
        self.source = source; self.values = values; self.flags = flags; self.raw = raw
    }

    public subscript(index: Int) -> String {
        get { index < values.count ? values[index] : "" }
        set {
            if index >= values.count { values.append(contentsOf: repeatElement("", count: index - values.count + 1)) }
            values[index] = newValue
        }
    }
}

/// A record that did not make it into any contact, and why.
public struct Rejection: Sendable {
    public var source: SourceRef
    public var reason: String
    public var raw: [String]
    public init(source: SourceRef, reason: String, raw: [String]) {
        self.source = source; self.reason = reason; self.raw = raw
    }
}

/// A resolved contact: the survivor of one or more source records.
public struct Contact: Sendable {
    public var id: String
    public var lead: Bool
    /// Every source record merged into this contact, the survivor first.
    public var sources: [SourceRef]
    public var values: [String]
    /// Where a value came from when not from the survivor `sources[0]`: a merged record, or for account
    /// firmographics a colleague's record.
    public var origins: [Int: SourceRef]
    /// The company this contact belongs to ("" when it names none); see `Accounts`.
    public var accountID: String = ""
    /// The flags of the records the values came from.
    public var flags: FieldFlags
    /// The values as given, by schema index, where they differ from `values`.
    public var raw: [Int: String]
    /// Values of merged records that differ from the one kept.
    public var conflicts: [FieldConflict] = []

    public init(id: String, lead: Bool, sources: [SourceRef], values: [String], origins: [Int: SourceRef] = [:],
                flags: FieldFlags = [], raw: [Int: String] = [:]) {
        self.id = id; self.lead = lead; self.sources = sources; self.values = values; self.origins = origins
        self.flags = flags; self.raw = raw
    }

    public subscript(index: Int) -> String { index < values.count ? values[index] : "" }
}

/// A source record merged into another contact, with the rule that joined it and its score.
public struct DuplicateEntry: Sendable {
    public var source: SourceRef
    public var mergedInto: String
    public var rule: String
    public var score: Double
    public init(source: SourceRef, mergedInto: String, rule: String, score: Double = 1) {
        self.source = source; self.mergedInto = mergedInto; self.rule = rule; self.score = score
    }
}

/// A merged record's value that differs from the value the contact kept.
public struct FieldConflict: Sendable, Equatable {
    public var field: Int
    public var kept: String
    public var other: String
    public var otherSource: SourceRef
    public init(field: Int, kept: String, other: String, otherSource: SourceRef) {
        self.field = field; self.kept = kept; self.other = other; self.otherSource = otherSource
    }
}
