/// What the nightly job remembers between runs: the files it imported (with their rows as read, so every
/// night can resolve old and new records together), the contacts it resolved with their lineage, the
/// aliases of merged ids, the accounts, each contact's segment history and the runs themselves.
///
/// The pipeline talks to storage only through this protocol; `SQLiteStateStore` (GRDB) is the engine
/// shipped. Everything a run changes is handed over in one `StateCommit` and must land atomically.
public protocol StateStore: AnyObject {
    /// Where the state lives, for messages.
    var location: String { get }

    /// The file imported with this content, if any.
    func importedFile(sha256: String) throws -> StoredFileInfo?
    /// Every imported file, in import order, with its rows or only how it was read.
    func loadFiles(includingRows: Bool) throws -> [StoredFile]
    /// The contacts of the last committed run as resolved, or nil when the state holds none (or was written
    /// before contact records were kept).
    func loadSnapshot() throws -> StoredSnapshot?
    /// Who every imported record belonged to after the last committed run.
    func loadIdentities() throws -> KnownIdentities

    /// Records a run attempt (status `running`) and returns its id; attempts left `running` by a killed
    /// process are marked `killed` first.
    func beginRun(inputs: [String], configSHA256: String, pid: Int32) throws -> Int64
    /// Ends an attempt with its exit code and counts (JSON), whether or not it committed.
    func endRun(_ attempt: Int64, exitCode: Int32, counts: String) throws
    /// Commits everything a run changed, and the outputs it has staged, in one transaction; returns the
    /// run's number (1, 2, ...: committed runs only).
    func commit(_ commit: StateCommit) throws -> Int
    /// Staged outputs whose state has committed but which were not yet renamed into place.
    func pendingPublications() throws -> [PendingPublication]
    /// Forgets a publication once its outputs are in place.
    func publicationDone(run: Int) throws

    /// Committed and failed runs, newest last.
    func runs() throws -> [RunRecord]
    /// Every contact's segment and criteria as of committed run `number`.
    func segments(asOfRun number: Int) throws -> [String: OutputDiff.Entry]
    /// The latest committed run number (0 before the first).
    func lastRunNumber() throws -> Int
}

/// A file's identity and how it was read.
public struct StoredFileInfo: Sendable, Equatable {
    public var sha256: String
    public var path: String
    public var importedAt: String
    public var run: Int
}

/// One imported file: how it was read and its records as read (cells in file column order).
public struct StoredFile: Sendable {
    public var input: InputFile
    public var rows: [StoredRow]
    /// Records the reader refused (malformed): kept so a snapshot's rejected.csv accounts for them.
    public var rejections: [StoredRejection]
    public init(input: InputFile, rows: [StoredRow], rejections: [StoredRejection]) {
        self.input = input; self.rows = rows; self.rejections = rejections
    }
}

public struct StoredRow: Sendable {
    public var row: Int
    public var line: Int
    public var cells: [String]
    public init(row: Int, line: Int, cells: [String]) { self.row = row; self.line = line; self.cells = cells }
}

public struct StoredRejection: Sendable {
    public var row: Int
    public var line: Int
    public var reason: String
    public var cells: [String]
    public init(row: Int, line: Int, reason: String, cells: [String]) {
        self.row = row; self.line = line; self.reason = reason; self.cells = cells
    }
}

/// A record of an imported file, independent of where the file sits in a run's inputs.
public struct RecordKey: Hashable, Sendable, Comparable {
    public var sha256: String
    public var row: Int
    public init(sha256: String, row: Int) { self.sha256 = sha256; self.row = row }
    public static func < (a: RecordKey, b: RecordKey) -> Bool { (a.sha256, a.row) < (b.sha256, b.row) }
}

/// The last committed run's answer to "who is this record?", and the ids' ages.
public struct KnownIdentities: Sendable {
    /// Record -> the contact it belongs to.
    public var owner: [RecordKey: String] = [:]
    /// Contact id -> (run it was created in, its fingerprint, account id).
    public var contacts: [String: KnownContact] = [:]
    /// Merged-away id -> the id it lives on as.
    public var aliases: [String: String] = [:]
    /// Account id -> run it was created in.
    public var accounts: [String: Int] = [:]
    public init() {}
}

public struct KnownContact: Sendable, Equatable {
    public var createdRun: Int
    public var fingerprint: String
    public var accountID: String
    public var segment: String
    public var reasons: String
    public init(createdRun: Int, fingerprint: String, accountID: String, segment: String, reasons: String) {
        self.createdRun = createdRun; self.fingerprint = fingerprint; self.accountID = accountID
        self.segment = segment; self.reasons = reasons
    }
}

/// A contact as the state keeps it.
public struct StoredContact: Sendable {
    public var id: String
    public var accountID: String
    public var segment: String
    public var reasons: String
    public var email: String
    public var firstName: String
    public var lastName: String
    public var company: String
    public var fingerprint: String
    /// The whole contact (see `ContactRecord`).
    public var record: String
    /// New in this run (no earlier lineage to replace).
    public var isNew: Bool
    /// Its segment or criteria differ from the last committed run's (or it is new): a history entry is due.
    public var segmentMoved: Bool
    /// Its records, the survivor first, with the rule and score that joined each.
    public var members: [(key: RecordKey, rule: String, score: Double)]
}

/// Everything one run changes, committed together.
public struct StateCommit: Sendable {
    public var attempt: Int64
    /// Files imported by this run (a `--force` reimport replaces the file of the same content).
    public var newFiles: [StoredFile]
    /// Contacts new or changed in this run (upserted with their lineage).
    public var changedContacts: [StoredContact]
    /// Known ids that no longer stand for a contact of their own (merged: see `aliases`).
    public var removedContacts: [String]
    /// alias -> surviving id.
    public var aliases: [String: String]
    /// account id -> account key, for accounts new in this run.
    public var newAccounts: [String: String]
    /// Where this run's outputs are staged and where they go.
    public var publication: PendingPublication?
    /// The run's schema and every rejection of the run (all files), for `loadSnapshot`.
    public var schema: FieldSchema
    public var rejections: [(key: RecordKey, line: Int, reason: String, cells: [String])]
}

/// The last committed run's contacts, as `reclassify` reads them back.
public struct StoredSnapshot: Sendable {
    public var schema: FieldSchema
    /// (winnow_id, record) in no particular order.
    public var contacts: [(id: String, record: String)]
    /// Records merged into another: (record, contact id, place among the contact's records, rule, score).
    public var merged: [(key: RecordKey, id: String, position: Int, rule: String, score: Double)]
    public var rejections: [(key: RecordKey, line: Int, reason: String, cells: [String])]
}

public struct PendingPublication: Sendable, Equatable {
    public var run: Int
    public var staging: String
    public var target: String
    public init(run: Int, staging: String, target: String) { self.run = run; self.staging = staging; self.target = target }
}

public struct RunRecord: Sendable {
    public var attempt: Int64
    public var number: Int?
    public var startedAt: String
    public var endedAt: String?
    public var status: String
    public var exitCode: Int32?
    public var inputs: String
    public var configSHA256: String
    public var counts: String
}
