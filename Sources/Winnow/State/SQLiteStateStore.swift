import Foundation
import GRDB

/// The state store in one SQLite file, through GRDB.
///
/// Safety first: a file that is not SQLite, a SQLite database of another application, a database written
/// by a newer Winnow or one that fails SQLite's integrity check is refused with `StateError`, and never
/// written to. The file is marked as Winnow's with `PRAGMA application_id`; its schema is versioned by
/// GRDB's migrator. SQLite's rollback journal makes every `commit` all or nothing, even under SIGKILL.
public final class SQLiteStateStore: StateStore {
    /// "WINN" in ASCII: how Winnow recognizes its own state files.
    static let applicationID: Int32 = 0x5749_4E4E

    public let location: String
    private let queue: DatabaseQueue

    /// Opens (or creates) the state at `path`.
    public init(path: String) throws {
        location = path
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw StateError(path: path, message: "cannot create its folder: \(error.localizedDescription)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // A night's commit inserts millions of rows into B-trees keyed by ids: a page cache of up to
            // 256 MiB keeps them from being read back and rewritten page by page.
            try db.execute(sql: "PRAGMA cache_size = -262144")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.checkOwnership(queue, path: path)
            try Self.migrator.migrate(queue)
        } catch let error as StateError {
            throw error
        } catch let error as DatabaseError {
            throw StateError(path: path, message: Self.explain(error))
        }
    }

    // MARK: Opening safely

    private static func checkOwnership(_ queue: DatabaseQueue, path: String) throws {
        try queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            if tables.isEmpty && application == 0 { return }   // a new, empty database
            guard application == applicationID else {
                throw StateError(path: path, message: "not a Winnow state file (a SQLite database of another application"
                                 + (tables.isEmpty ? "" : ", with tables \(tables.prefix(5).joined(separator: ", "))")
                                 + "); refusing to touch it: pass another --state path")
            }
            if try migrator.hasBeenSuperseded(db) {
                throw StateError(path: path, message: "written by a newer Winnow (unknown schema migrations); refusing to touch it")
            }
            let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
            guard check == ["ok"] else {
                throw StateError(path: path, message: "the database is damaged (\(check.prefix(3).joined(separator: "; "))); "
                                 + "restore it from a backup, or move it away to start a new state")
            }
        }
    }

    private static func explain(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_NOTADB: return "not a SQLite database, so not a Winnow state file; refusing to overwrite it"
        case .SQLITE_CORRUPT: return "the database is damaged (\(error.message ?? "corrupt")); restore it from a backup, or move it away"
        case .SQLITE_CANTOPEN: return "cannot open it (\(error.message ?? "unable to open")); check the folder and permissions"
        case .SQLITE_READONLY, .SQLITE_PERM: return "cannot write to it (\(error.message ?? "read-only"))"
        case .SQLITE_FULL: return "the disk is full"
        default: return error.message ?? "\(error)"
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: """
                CREATE TABLE runs (
                    attempt INTEGER PRIMARY KEY,
                    number INTEGER UNIQUE,
                    started_at TEXT NOT NULL,
                    ended_at TEXT,
                    status TEXT NOT NULL,
                    exit_code INTEGER,
                    pid INTEGER NOT NULL,
                    inputs TEXT NOT NULL,
                    config_sha256 TEXT NOT NULL,
                    counts TEXT NOT NULL DEFAULT '{}'
                );
                CREATE TABLE files (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL UNIQUE,
                    path TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    bytes INTEGER NOT NULL,
                    encoding TEXT NOT NULL,
                    delimiter TEXT NOT NULL,
                    header_line INTEGER NOT NULL,
                    header TEXT NOT NULL,
                    rows_read INTEGER NOT NULL,
                    rejected INTEGER NOT NULL,
                    run INTEGER NOT NULL,
                    imported_at TEXT NOT NULL
                );
                CREATE TABLE file_rows (
                    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
                    row INTEGER NOT NULL,
                    line INTEGER NOT NULL,
                    cells TEXT NOT NULL,
                    PRIMARY KEY (file_id, row)
                ) WITHOUT ROWID;
                CREATE TABLE file_rejections (
                    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
                    row INTEGER NOT NULL,
                    line INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    cells TEXT NOT NULL,
                    PRIMARY KEY (file_id, row)
                ) WITHOUT ROWID;
                CREATE TABLE contacts (
                    winnow_id TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    segment TEXT NOT NULL,
                    reasons TEXT NOT NULL,
                    email TEXT NOT NULL,
                    first_name TEXT NOT NULL,
                    last_name TEXT NOT NULL,
                    company TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    created_run INTEGER NOT NULL,
                    updated_run INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE lineage (
                    sha256 TEXT NOT NULL,
                    row INTEGER NOT NULL,
                    winnow_id TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    rule TEXT NOT NULL,
                    score REAL NOT NULL,
                    PRIMARY KEY (sha256, row)
                ) WITHOUT ROWID;
                CREATE INDEX lineage_by_contact ON lineage (winnow_id);
                CREATE TABLE aliases (
                    alias TEXT PRIMARY KEY,
                    winnow_id TEXT NOT NULL,
                    run INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE accounts (
                    account_id TEXT PRIMARY KEY,
                    key TEXT NOT NULL,
                    created_run INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE segment_history (
                    winnow_id TEXT NOT NULL,
                    run INTEGER NOT NULL,
                    segment TEXT NOT NULL,
                    reasons TEXT NOT NULL,
                    PRIMARY KEY (winnow_id, run)
                ) WITHOUT ROWID;
                CREATE TABLE publications (
                    run INTEGER PRIMARY KEY,
                    staging TEXT NOT NULL,
                    target TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2: contact records for reclassify") { db in
            try db.execute(sql: """
                -- A rowid table: records of 1-6 KB fit its leaf pages, where a WITHOUT ROWID table would
                -- spill each into a mostly empty overflow page (measured: half the file unused).
                CREATE TABLE contact_records (
                    winnow_id TEXT NOT NULL PRIMARY KEY,
                    record TEXT NOT NULL
                );
                CREATE TABLE snapshot_schema (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    names TEXT NOT NULL,
                    mapped_count INTEGER NOT NULL
                );
                CREATE TABLE snapshot_rejections (
                    sha256 TEXT NOT NULL,
                    row INTEGER NOT NULL,
                    line INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    cells TEXT NOT NULL,
                    PRIMARY KEY (sha256, row)
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }

    // MARK: Reading

    public func importedFile(sha256: String) throws -> StoredFileInfo? {
        try access {
            try queue.read { db in
                try Row.fetchOne(db, sql: "SELECT path, imported_at, run FROM files WHERE sha256 = ?", arguments: [sha256]).map {
                    StoredFileInfo(sha256: sha256, path: $0["path"], importedAt: $0["imported_at"], run: $0["run"])
                }
            }
        }
    }

    public func loadFiles(includingRows: Bool = true) throws -> [StoredFile] {
        try access {
            try queue.read { db in
                var files: [StoredFile] = []
                var position: [Int64: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT * FROM files ORDER BY id") {
                    var input = InputFile(path: row["path"], kind: SourceKind(rawValue: row["kind"]) ?? .purchased, sha256: row["sha256"],
                                          bytes: row["bytes"], delimiter: row["delimiter"], rowsRead: row["rows_read"],
                                          rejected: row["rejected"], header: try Self.decodeCells(row["header"]))
                    input.encoding = row["encoding"]
                    input.headerLine = row["header_line"]
                    position[row["id"]] = files.count
                    files.append(StoredFile(input: input, rows: [], rejections: []))
                }
                guard includingRows else { return files }
                let rows = try Row.fetchCursor(db, sql: "SELECT file_id, row, line, cells FROM file_rows ORDER BY file_id, row")
                while let row = try rows.next() {
                    guard let index = position[row[0]] else { continue }
                    files[index].rows.append(StoredRow(row: row[1], line: row[2], cells: try Self.decodeCells(row[3])))
                }
                let rejections = try Row.fetchCursor(db, sql: "SELECT file_id, row, line, reason, cells FROM file_rejections ORDER BY file_id, row")
                while let row = try rejections.next() {
                    guard let index = position[row[0]] else { continue }
                    files[index].rejections.append(StoredRejection(row: row[1], line: row[2], reason: row[3], cells: try Self.decodeCells(row[4])))
                }
                return files
            }
        }
    }

    public func loadIdentities() throws -> KnownIdentities {
        try access {
            try queue.read { db in
                var known = KnownIdentities()
                let contacts = try Row.fetchCursor(db, sql: "SELECT winnow_id, created_run, fingerprint, account_id, segment, reasons FROM contacts")
                while let row = try contacts.next() {
                    known.contacts[row[0]] = KnownContact(createdRun: row[1], fingerprint: row[2], accountID: row[3], segment: row[4], reasons: row[5])
                }
                let lineage = try Row.fetchCursor(db, sql: "SELECT sha256, row, winnow_id FROM lineage")
                while let row = try lineage.next() { known.owner[RecordKey(sha256: row[0], row: row[1])] = row[2] }
                for row in try Row.fetchAll(db, sql: "SELECT alias, winnow_id FROM aliases") { known.aliases[row[0]] = row[1] }
                for row in try Row.fetchAll(db, sql: "SELECT account_id, created_run FROM accounts") { known.accounts[row[0]] = row[1] }
                return known
            }
        }
    }

    public func loadSnapshot() throws -> StoredSnapshot? {
        try access {
            try queue.read { db in
                guard let schemaRow = try Row.fetchOne(db, sql: "SELECT names, mapped_count FROM snapshot_schema WHERE id = 1"),
                      try Int.fetchOne(db, sql: """
                          SELECT COUNT(*) FROM contacts c LEFT JOIN contact_records r ON r.winnow_id = c.winnow_id WHERE r.winnow_id IS NULL
                          """) == 0 else { return nil }
                var snapshot = StoredSnapshot(schema: FieldSchema(names: try Self.decodeCells(schemaRow[0]), mappedCount: schemaRow[1]),
                                              contacts: [], merged: [], rejections: [])
                let contacts = try Row.fetchCursor(db, sql: "SELECT winnow_id, record FROM contact_records")
                while let row = try contacts.next() { snapshot.contacts.append((row[0], row[1])) }
                let merged = try Row.fetchCursor(db, sql: "SELECT sha256, row, winnow_id, position, rule, score FROM lineage WHERE position > 0")
                while let row = try merged.next() {
                    snapshot.merged.append((RecordKey(sha256: row[0], row: row[1]), row[2], row[3], row[4], row[5]))
                }
                for row in try Row.fetchAll(db, sql: "SELECT sha256, row, line, reason, cells FROM snapshot_rejections") {
                    snapshot.rejections.append((RecordKey(sha256: row[0], row: row[1]), row[2], row[3], try Self.decodeCells(row[4])))
                }
                return snapshot
            }
        }
    }

    public func runs() throws -> [RunRecord] {
        try access {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY attempt").map {
                    RunRecord(attempt: $0["attempt"], number: $0["number"], startedAt: $0["started_at"], endedAt: $0["ended_at"],
                              status: $0["status"], exitCode: $0["exit_code"], inputs: $0["inputs"],
                              configSHA256: $0["config_sha256"], counts: $0["counts"])
                }
            }
        }
    }

    public func lastRunNumber() throws -> Int {
        try access { try queue.read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(number), 0) FROM runs") ?? 0 } }
    }

    public func segments(asOfRun number: Int) throws -> [String: OutputDiff.Entry] {
        try access {
            try queue.read { db in
                var entries: [String: OutputDiff.Entry] = [:]
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT h.winnow_id, h.segment, h.reasons FROM segment_history h
                    JOIN (SELECT winnow_id, MAX(run) AS run FROM segment_history WHERE run <= ? GROUP BY winnow_id) latest
                      ON latest.winnow_id = h.winnow_id AND latest.run = h.run
                    WHERE h.segment != '-'
                    """, arguments: [number])
                while let row = try rows.next() {
                    entries[row[0]] = OutputDiff.Entry(segment: row[1], reasons: OutputDiff.parseReasons(row[2]))
                }
                return entries
            }
        }
    }

    // MARK: Writing

    public func beginRun(inputs: [String], configSHA256: String, pid: Int32) throws -> Int64 {
        try access {
            try queue.write { db in
                // Whoever left a run "running" is gone: the caller holds the state lock.
                try db.execute(sql: """
                    UPDATE runs SET status = CASE WHEN number IS NULL THEN 'killed' ELSE 'committed, then killed' END
                    WHERE status = 'running'
                    """)
                try db.execute(sql: "INSERT INTO runs (started_at, status, pid, inputs, config_sha256) VALUES (?, 'running', ?, ?, ?)",
                               arguments: [Self.now(), Int(pid), Self.encodeCells(inputs), configSHA256])
                return db.lastInsertedRowID
            }
        }
    }

    public func endRun(_ attempt: Int64, exitCode: Int32, counts: String) throws {
        try access {
            try queue.write { db in
                try db.execute(sql: """
                    UPDATE runs SET ended_at = ?, exit_code = ?, counts = ?,
                      status = CASE WHEN ? = 0 THEN (CASE WHEN number IS NULL THEN 'nothing committed' ELSE 'committed' END) ELSE 'failed' END
                    WHERE attempt = ?
                    """, arguments: [Self.now(), Int(exitCode), counts, Int(exitCode), attempt])
            }
        }
    }

    public func commit(_ commit: StateCommit) throws -> Int {
        try access {
            try queue.write { db in
                let number = (try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(number), 0) FROM runs") ?? 0) + 1
                try db.execute(sql: "UPDATE runs SET number = ? WHERE attempt = ?", arguments: [number, commit.attempt])
                let importedAt = Self.now()
                for file in commit.newFiles {
                    let input = file.input
                    let values: StatementArguments = [input.path, input.kind.rawValue, input.bytes, input.encoding, input.delimiter,
                                                      input.headerLine, Self.encodeCells(input.header), input.rowsRead, input.rejected,
                                                      number, importedAt, input.sha256]
                    let fileID: Int64
                    if let earlier = try Int64.fetchOne(db, sql: "SELECT id FROM files WHERE sha256 = ?", arguments: [input.sha256]) {
                        // A --force reimport replaces the earlier import of the same content, in its place.
                        try db.execute(sql: """
                            UPDATE files SET path = ?, kind = ?, bytes = ?, encoding = ?, delimiter = ?, header_line = ?, header = ?,
                              rows_read = ?, rejected = ?, run = ?, imported_at = ? WHERE sha256 = ?
                            """, arguments: values)
                        try db.execute(sql: "DELETE FROM file_rows WHERE file_id = ?", arguments: [earlier])
                        try db.execute(sql: "DELETE FROM file_rejections WHERE file_id = ?", arguments: [earlier])
                        fileID = earlier
                    } else {
                        try db.execute(sql: """
                            INSERT INTO files (path, kind, bytes, encoding, delimiter, header_line, header, rows_read, rejected, run, imported_at, sha256)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """, arguments: values)
                        fileID = db.lastInsertedRowID
                    }
                    let insertRow = try db.makeStatement(sql: "INSERT INTO file_rows (file_id, row, line, cells) VALUES (?, ?, ?, ?)")
                    for row in file.rows {
                        insertRow.setUncheckedArguments([fileID, row.row, row.line, Self.encodeCells(row.cells)])
                        try insertRow.execute()
                    }
                    let insertRejection = try db.makeStatement(sql: "INSERT INTO file_rejections (file_id, row, line, reason, cells) VALUES (?, ?, ?, ?, ?)")
                    for rejection in file.rejections {
                        try insertRejection.execute(arguments: [fileID, rejection.row, rejection.line, rejection.reason, Self.encodeCells(rejection.cells)])
                    }
                }
                CrashPoint.reach(.storeWrite)

                let forgetLineage = try db.makeStatement(sql: "DELETE FROM lineage WHERE winnow_id = ?")
                let deleteContact = try db.makeStatement(sql: "DELETE FROM contacts WHERE winnow_id = ?")
                let history = try db.makeStatement(sql: "INSERT OR REPLACE INTO segment_history (winnow_id, run, segment, reasons) VALUES (?, ?, ?, ?)")
                for id in commit.removedContacts {
                    try forgetLineage.execute(arguments: [id])
                    try deleteContact.execute(arguments: [id])
                    try db.execute(sql: "DELETE FROM contact_records WHERE winnow_id = ?", arguments: [id])
                    try history.execute(arguments: [id, number, "-", ""])
                }
                let upsert = try db.makeStatement(sql: """
                    INSERT INTO contacts (winnow_id, account_id, segment, reasons, email, first_name, last_name, company, fingerprint,
                      created_run, updated_run)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (winnow_id) DO UPDATE SET account_id = excluded.account_id, segment = excluded.segment,
                      reasons = excluded.reasons, email = excluded.email, first_name = excluded.first_name, last_name = excluded.last_name,
                      company = excluded.company, fingerprint = excluded.fingerprint, updated_run = excluded.updated_run
                    """)
                let saveRecord = try db.makeStatement(sql: "INSERT OR REPLACE INTO contact_records (winnow_id, record) VALUES (?, ?)")
                let insertLink = try db.makeStatement(sql: "INSERT OR REPLACE INTO lineage (sha256, row, winnow_id, position, rule, score) VALUES (?, ?, ?, ?, ?, ?)")
                // In key order, so each B-tree grows at its end instead of splitting pages all over.
                for contact in commit.changedContacts.sorted(by: { $0.id < $1.id }) {
                    if contact.segmentMoved {
                        history.setUncheckedArguments([contact.id, number, contact.segment, contact.reasons])
                        try history.execute()
                    }
                    upsert.setUncheckedArguments([contact.id, contact.accountID, contact.segment, contact.reasons, contact.email,
                                                  contact.firstName, contact.lastName, contact.company, contact.fingerprint, number, number])
                    try upsert.execute()
                    saveRecord.setUncheckedArguments([contact.id, contact.record])
                    try saveRecord.execute()
                    if !contact.isNew {
                        forgetLineage.setUncheckedArguments([contact.id])
                        try forgetLineage.execute()
                    }
                }
                var links: [(key: RecordKey, id: String, position: Int, rule: String, score: Double)] = []
                for contact in commit.changedContacts {
                    for (position, member) in contact.members.enumerated() {
                        links.append((member.key, contact.id, position, member.rule, member.score))
                    }
                }
                links.sort { $0.key < $1.key }
                for link in links {
                    insertLink.setUncheckedArguments([link.key.sha256, link.key.row, link.id, link.position, link.rule, link.score])
                    try insertLink.execute()
                }
                let alias = try db.makeStatement(sql: "INSERT OR REPLACE INTO aliases (alias, winnow_id, run) VALUES (?, ?, ?)")
                for (old, survivor) in commit.aliases.sorted(by: { $0.key < $1.key }) {
                    try alias.execute(arguments: [old, survivor, number])
                    // Aliases of the merged id now point at the survivor too.
                    try db.execute(sql: "UPDATE aliases SET winnow_id = ? WHERE winnow_id = ?", arguments: [survivor, old])
                }
                try db.execute(sql: "INSERT OR REPLACE INTO snapshot_schema (id, names, mapped_count) VALUES (1, ?, ?)",
                               arguments: [Self.encodeCells(commit.schema.names), commit.schema.mappedCount])
                try db.execute(sql: "DELETE FROM snapshot_rejections")
                let rejection = try db.makeStatement(sql: "INSERT OR REPLACE INTO snapshot_rejections (sha256, row, line, reason, cells) VALUES (?, ?, ?, ?, ?)")
                for entry in commit.rejections {
                    try rejection.execute(arguments: [entry.key.sha256, entry.key.row, entry.line, entry.reason, Self.encodeCells(entry.cells)])
                }
                let account = try db.makeStatement(sql: "INSERT OR IGNORE INTO accounts (account_id, key, created_run) VALUES (?, ?, ?)")
                for (id, key) in commit.newAccounts.sorted(by: { $0.key < $1.key }) { try account.execute(arguments: [id, key, number]) }
                if var publication = commit.publication {
                    publication.run = number
                    try db.execute(sql: "INSERT INTO publications (run, staging, target) VALUES (?, ?, ?)",
                                   arguments: [number, publication.staging, publication.target])
                }
                return number
            }
        }
    }

    public func pendingPublications() throws -> [PendingPublication] {
        try access {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT run, staging, target FROM publications ORDER BY run").map {
                    PendingPublication(run: $0[0], staging: $0[1], target: $0[2])
                }
            }
        }
    }

    public func publicationDone(run: Int) throws {
        try access { try queue.write { db in try db.execute(sql: "DELETE FROM publications WHERE run = ?", arguments: [run]) } }
    }

    // MARK: For tests and `winnow state`: the state's content, without clocks and attempts

    /// Every table except the run history, in a stable order, one line per row; imported_at left out.
    public func canonicalDump() throws -> String {
        try access {
            try queue.read { db in
                var lines: [String] = []
                let queries = [
                    "files": "SELECT sha256, path, kind, bytes, encoding, delimiter, header_line, header, rows_read, rejected, run FROM files ORDER BY id",
                    "file_rows": "SELECT f.sha256, r.row, r.line, r.cells FROM file_rows r JOIN files f ON f.id = r.file_id ORDER BY f.sha256, r.row",
                    "file_rejections": "SELECT f.sha256, r.row, r.line, r.reason, r.cells FROM file_rejections r JOIN files f ON f.id = r.file_id ORDER BY f.sha256, r.row",
                    "contacts": "SELECT * FROM contacts ORDER BY winnow_id",
                    "contact_records": "SELECT * FROM contact_records ORDER BY winnow_id",
                    "lineage": "SELECT * FROM lineage ORDER BY sha256, row",
                    "aliases": "SELECT * FROM aliases ORDER BY alias",
                    "accounts": "SELECT * FROM accounts ORDER BY account_id",
                    "segment_history": "SELECT * FROM segment_history ORDER BY winnow_id, run",
                    "snapshot_schema": "SELECT * FROM snapshot_schema",
                    "snapshot_rejections": "SELECT * FROM snapshot_rejections ORDER BY sha256, row",
                    "publications": "SELECT run FROM publications ORDER BY run",
                ]
                for table in queries.keys.sorted() {
                    for row in try Row.fetchAll(db, sql: queries[table]!) {
                        lines.append(table + "\t" + row.databaseValues.map { $0.description }.joined(separator: "\t"))
                    }
                }
                return lines.joined(separator: "\n")
            }
        }
    }

    // MARK: Helpers

    private func access<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw StateError(path: location, message: Self.explain(error))
        } catch is JSONValue.ParseError {
            throw StateError(path: location, message: "the database is damaged (a stored record is not valid JSON)")
        }
    }

    static func encodeCells(_ cells: [String]) -> String {
        var line = JSONLine()
        line.beginArray()
        for cell in cells { line.string(cell) }
        line.endArray()
        return String(decoding: line.bytes, as: UTF8.self)
    }

    static func decodeCells(_ text: String) throws -> [String] {
        guard let array = try JSONValue.parse(text).array else { throw JSONValue.ParseError(offset: 0) }
        return array.map { $0.string ?? "" }
    }

    private static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}

/// The state file cannot be used; nothing was written to it.
public struct StateError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}
