/// How `CSVReader` reads a file: dialect, encoding, header and ragged-row handling.
public struct CSVReadOptions: Sendable {
    /// Separator and quote; nil sniffs comma, semicolon, tab or pipe from the first records.
    public var dialect: CSVDialect?
    /// Text encoding; nil detects it (BOM, else UTF-8 if the first bytes are valid UTF-8, else Windows-1252).
    public var encoding: CSVTextEncoding?
    /// Whether the first record is a header.
    public var header: CSVHeaderMode
    /// What to do with records that have more or fewer fields than the header.
    public var ragged: CSVRaggedPolicy
    /// Largest field accepted, in UTF-8 bytes. A quoted field still open at a line end beyond this size is
    /// treated as an unbalanced quote.
    public var maxFieldBytes: Int
    /// Skip preamble lines before the header; with `header: .auto`, refuse a file whose first record
    /// looks like data (`CSVError.headerless`); drop a trailing delimiter (an empty last header field, and
    /// one extra empty last field in data records). On by default; the legacy `init(path:dialect:)` turns it
    /// off when it is given a dialect (files of a known layout, e.g. Winnow's own tables).
    public var layoutDetection: Bool

    public init(dialect: CSVDialect? = nil, encoding: CSVTextEncoding? = nil, header: CSVHeaderMode = .auto,
                ragged: CSVRaggedPolicy = .reject, maxFieldBytes: Int = 65536, layoutDetection: Bool = true) {
        self.dialect = dialect
        self.encoding = encoding
        self.header = header
        self.ragged = ragged
        self.maxFieldBytes = max(1, maxFieldBytes)
        self.layoutDetection = layoutDetection
    }
}

/// Whether a file starts with a header record.
public enum CSVHeaderMode: Sendable, Hashable {
    /// The first record (after any preamble) is the header; a first record that looks like data throws
    /// `CSVError.headerless` (when `layoutDetection` is on).
    case auto
    /// No header: `header` is `["column_1", ...]`, sized from the first record, which is data row 1.
    case none
}

/// What to do with a record whose field count differs from the header's.
public enum CSVRaggedPolicy: Sendable, Hashable {
    /// Reject it (`CSVRecordProblem.fieldCount`). A single extra empty trailing field is still dropped.
    case reject
    /// Pad short records with empty fields and drop extra fields that are all empty; a long record with a
    /// non-empty extra field is still rejected.
    case pad
}

/// Text encodings the reader decodes. Everything but UTF-8 is converted to UTF-8 while streaming.
public enum CSVTextEncoding: String, Sendable, Hashable, CaseIterable {
    case utf8 = "utf-8"
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"
    case windows1252 = "windows-1252"
    case latin1 = "iso-8859-1"

    /// Accepts common spellings, case-insensitively: "UTF8", "utf-8", "UTF-16LE", "utf16be", "cp1252",
    /// "windows-1252", "latin1", "latin-1", "ISO-8859-1", "iso8859-1" ... Nil for anything else.
    public init?(name: String) {
        let key = String(name.lowercased().unicodeScalars.filter { $0 != "-" && $0 != "_" && $0 != " " })
        switch key {
        case "utf8", "utf8bom", "utf8sig": self = .utf8
        case "utf16le", "utf16": self = .utf16le
        case "utf16be": self = .utf16be
        case "windows1252", "cp1252", "win1252", "ansi", "xcp1252", "ms1252": self = .windows1252
        case "latin1", "iso88591", "l1", "isolatin1", "88591": self = .latin1
        default: return nil
        }
    }

    /// True for encodings converted to UTF-8 before parsing.
    var needsDecoding: Bool { self != .utf8 }
}
