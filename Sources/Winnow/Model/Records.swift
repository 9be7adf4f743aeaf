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
    public var raw: RawValues

    public init(source: SourceRef, values: [String], flags: FieldFlags = [], raw: RawValues = [:]) {
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
///
/// A contact's values are its own (what survivorship chose from its records) overlaid with its account's
/// shared firmographics (`account`, see `Accounts`). Read them through the subscript, `origin(of:)` and
/// `rawValue(of:)`, or as whole collections through `values`, `origins` and `raw`, which resolve the overlay.
public struct Contact: Sendable {
    public var id: String
    public var lead: Bool
    /// Every source record merged into this contact, the survivor first.
    public var sources: [SourceRef]
    /// The contact's own values, before its account's firmographics.
    public var ownValues: [String] { didSet { findOverriddenFields() } }
    /// Where an own value came from when not from the survivor `sources[0]`.
    public var ownOrigins: [Int: SourceRef]
    /// The own values as given, by schema index, where they differ from `ownValues`.
    public var ownRaw: RawValues
    /// The firmographics shared by this contact's account, when it has colleagues; nil otherwise.
    public var account: AccountProfile? { didSet { findOverriddenFields() } }
    /// Bit i (for fields below 64): the account's value replaces the own value of field i. Export reads every
    /// field of a million contacts; most are the contact's own, and this answers that without touching the profile.
    private var overridden: UInt64 = 0
    /// The company this contact belongs to ("" when it names none); see `Accounts`.
    public var accountID: String = ""
    /// The flags of the values the contact shows (its own, or its account's for the fields the account sets).
    public var flags: FieldFlags
    /// Values of merged records that differ from the one kept (those of `conflicts` not derived from the account).
    public var ownConflicts: [FieldConflict] = []

    public init(id: String, lead: Bool, sources: [SourceRef], values: [String], origins: [Int: SourceRef] = [:],
                flags: FieldFlags = [], raw: RawValues = [:]) {
        self.id = id; self.lead = lead; self.sources = sources; self.ownValues = values; self.ownOrigins = origins
        self.flags = flags; self.ownRaw = raw
    }

    @inline(__always) private func own(_ index: Int) -> String { index < ownValues.count ? ownValues[index] : "" }

    /// The account's entry for a field when it replaces the contact's own value (they differ).
    @inline(__always) private func accountEntry(_ index: Int) -> AccountProfile.Entry? {
        guard accountOverrides(index) else { return nil }
        return account?.entry(index)
    }

    /// Whether the account's value replaces the contact's own value of a field (they differ). Below field 64 the
    /// mask answers, kept current by `account` and `ownValues`: no comparison of the values.
    @inline(__always) public func accountOverrides(_ index: Int) -> Bool {
        if index < 64 { return overridden & (1 << UInt64(index)) != 0 }
        guard let entry = account?.entry(index) else { return false }
        return entry.value != own(index)
    }

    private mutating func findOverriddenFields() {
        var mask: UInt64 = 0
        if let account {
            for entry in account.entries where entry.field < 64 && entry.value != own(entry.field) { mask |= 1 << UInt64(entry.field) }
        }
        overridden = mask
    }

    /// The value shown for a field: the account's where it sets one, else the contact's own.
    public subscript(index: Int) -> String {
        // Not `?? own(index)`: the autoclosure would capture (copy) the whole contact on every read.
        if let entry = accountEntry(index) { return entry.value }
        return own(index)
    }

    /// Where the value shown for a field came from, when not from the survivor `sources[0]`.
    public func origin(of index: Int) -> SourceRef? {
        if let entry = accountEntry(index) { return entry.source }
        return ownOrigins[index]
    }

    /// The value shown for a field as given, when normalization changed it.
    public func rawValue(of index: Int) -> String? {
        if let entry = accountEntry(index) { return entry.raw }
        return ownRaw[index]
    }

    /// Every value shown, by schema index (at least `ownValues.count` of them).
    public var values: [String] {
        guard let account else { return ownValues }
        var values = ownValues
        for entry in account.entries {
            if entry.field >= values.count { values.append(contentsOf: repeatElement("", count: entry.field - values.count + 1)) }
            values[entry.field] = entry.value
        }
        return values
    }

    /// `origin(of:)` for every field that has one.
    public var origins: [Int: SourceRef] {
        guard let account else { return ownOrigins }
        var origins = ownOrigins
        for entry in account.entries where entry.value != own(entry.field) { origins[entry.field] = entry.source }
        return origins
    }

    /// `rawValue(of:)` for every field that has one.
    public var raw: RawValues {
        guard let account else { return ownRaw }
        var raw = ownRaw
        for entry in account.entries where entry.value != own(entry.field) { raw[entry.field] = entry.raw }
        return raw
    }

    /// Values of merged records, then the contact's own values its account overrode, that differ from the one kept.
    public var conflicts: [FieldConflict] {
        guard account != nil else { return ownConflicts }
        var conflicts = ownConflicts
        forEachAccountConflict { conflicts.append($0) }
        return conflicts
    }

    /// `conflicts` one by one, without building the array.
    public func forEachConflict(_ body: (FieldConflict) -> Void) {
        for conflict in ownConflicts { body(conflict) }
        forEachAccountConflict(body)
    }

    /// The account's conflicts are not stored: they follow from the own values and the profile, in the order the
    /// account chose its fields (a million contacts' copies of them took a few hundred megabytes).
    private func forEachAccountConflict(_ body: (FieldConflict) -> Void) {
        guard let account else { return }
        for entry in account.entries {
            let own = own(entry.field)
            guard !own.isEmpty, own != entry.value else { continue }
            body(FieldConflict(field: entry.field, kept: entry.value, other: own, otherSource: ownOrigins[entry.field] ?? sources[0]))
        }
    }

    /// Widens the own values to `count` fields (a schema that grew after the contact was made).
    public mutating func pad(to count: Int) {
        if ownValues.count < count { ownValues.append(contentsOf: repeatElement("", count: count - ownValues.count)) }
    }
}

/// The firmographics an account chose once for all its contacts (see `Accounts`), held by reference: a
/// company's contacts share one profile instead of each carrying a copy of the account's values.
public final class AccountProfile: Sendable {
    public struct Entry: Sendable {
        public let field: Int
        public let value: String
        /// The record the value came from, and that record's value as given (when normalization changed it).
        public let source: SourceRef
        public let raw: String?
    }

    /// In the order the account chose them (the order of its contacts' conflicts with it), one per field.
    public let entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// A scan: an account sets a handful of fields, and a contact's `overridden` mask answers most reads before this.
    @inline(__always) func entry(_ field: Int) -> Entry? {
        for entry in entries where entry.field == field { return entry }
        return nil
    }
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
