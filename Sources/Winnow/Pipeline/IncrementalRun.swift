import Foundation
import WinnowCSV

/// Which outputs a run with a state store publishes, each in its own folder under `--out`.
public enum Emit: String, CaseIterable, Sendable {
    /// `OUT/snapshot/`: every known contact, segmented under the current ICP.
    case snapshot
    /// `OUT/delta/`: only contacts new or changed in this run.
    case delta
    case both
}

/// A nightly run against the state store.
public struct IncrementalRequest: Sendable {
    /// `DIR/purchased/*` are purchased lists, `DIR/forms/*` form exports.
    public var inbox: String?
    /// Files named on the command line, imported alongside the inbox.
    public var inputs: [InputSpec]
    /// Import files again even when their content was imported before.
    public var force: Bool
    public var emit: Emit
    public var outputPath: String
    public var maxRejectRate: Double?

    public init(inbox: String?, inputs: [InputSpec], force: Bool = false, emit: Emit = .both, outputPath: String,
                maxRejectRate: Double? = nil) {
        self.inbox = inbox; self.inputs = inputs; self.force = force; self.emit = emit
        self.outputPath = outputPath; self.maxRejectRate = maxRejectRate
    }
}

/// What a nightly run did.
public struct IncrementalSummary: Sendable {
    /// The committed run's number.
    public var run: Int
    public var imported: [String] = []
    /// Files not imported because their content was: (path given, path imported as, when).
    public var skipped: [(path: String, previous: StoredFileInfo)] = []
    public var snapshot: RunSummary?
    public var delta: RunSummary?
    public var newContacts = 0
    public var changedContacts = 0
    public var mergedIDs = 0
    public var knownContacts = 0
}

extension Pipeline {
    /// The default state file: `winnow-state.sqlite` beside the output folder.
    public static func defaultStatePath(forOutput output: String) -> String {
        URL(fileURLWithPath: output).standardizedFileURL.deletingLastPathComponent().appendingPathComponent("winnow-state.sqlite").path
    }

    /// Finishes the publication of a run that committed its state and was killed before its outputs were in
    /// place, then removes the staging folders of runs killed before committing. Call it holding the locks.
    public func recoverPublications(store: some StateStore, outputPath: String) throws {
        for pending in try store.pendingPublications() {
            // The marker tells whether the exchange happened before the crash (the staging path then holds
            // the previous outputs, which must not come back).
            let marker = try? String(contentsOfFile: pending.target + "/" + Self.publicationMarker, encoding: .utf8)
            if marker != pending.staging && FileManager.default.fileExists(atPath: pending.staging) {
                try OutputDirectory(target: pending.target, staging: pending.staging).publish()
                logger.notice("published the outputs of run \(pending.run), which was stopped after committing",
                              metadata: ["out": "\(pending.target)"])
            }
            try store.publicationDone(run: pending.run)
        }
        OutputDirectory.removeLeftovers(of: outputPath)
    }

    /// A file in the published folder naming the staging folder it came from.
    static let publicationMarker = ".winnow-publication"

    /// Imports the new files, resolves them with everything known, and publishes the snapshot and/or the
    /// delta while committing the state: one step for both, through the state's publication journal.
    public func runIncremental(_ request: IncrementalRequest, store: some StateStore) throws -> IncrementalSummary {
        try recoverPublications(store: store, outputPath: request.outputPath)
        let specs = try Self.inboxSpecs(request.inbox) + request.inputs
        let attempt = try store.beginRun(inputs: specs.map { "\($0.kind.rawValue):\($0.path)" }, configSHA256: config.sha256,
                                         pid: ProcessInfo.processInfo.processIdentifier)
        do {
            let summary = try importAndPublish(request, specs: specs, store: store, attempt: attempt)
            try store.endRun(attempt, exitCode: 0, counts: Self.counts(summary))
            return summary
        } catch {
            try? store.endRun(attempt, exitCode: ExitStatus.of(error).rawValue, counts: "{}")
            throw error
        }
    }

    private func importAndPublish(_ request: IncrementalRequest, specs: [InputSpec], store: some StateStore,
                                  attempt: Int64) throws -> IncrementalSummary {
        let started = Date()
        var summary = IncrementalSummary(run: 0)
        let stored = try store.loadFiles(includingRows: true)

        // Which files are new: by content, so a renamed copy is no news either.
        let ingest = IngestStage(config: config, defaults: inputDefaults, jobs: jobs, progress: progress)
        var newFiles: [StoredFile] = []
        var seenThisRun = Set<String>()
        let knownPaths = Set(stored.map(\.input.path))
        for spec in specs {
            let sha = try Self.sha256(of: spec.path)
            if let previous = try store.importedFile(sha256: sha), !request.force {
                summary.skipped.append((spec.path, previous))
                logger.info("already imported", metadata: ["file": "\(spec.path)", "as": "\(previous.path)", "run": "\(previous.run)"])
                continue
            }
            guard seenThisRun.insert(sha).inserted else {
                summary.skipped.append((spec.path, StoredFileInfo(sha256: sha, path: "(this run)", importedAt: "", run: 0)))
                continue
            }
            // The same path with other content (tonight's export under yesterday's name) stays distinguishable.
            let display = knownPaths.contains(spec.path) && !request.force ? "\(spec.path)@\(sha.prefix(12))" : spec.path
            newFiles.append(try ingest.read(spec, as: display))
            summary.imported.append(spec.path)
        }
        // A --force reimport takes the place of the earlier import, so the files' order (which survivorship
        // reads as recency) stays as it was.
        let reimports = Dictionary(newFiles.map { ($0.input.sha256, $0) }, uniquingKeysWith: { first, _ in first })
        let storedSHAs = Set(stored.map(\.input.sha256))
        let files = stored.map { reimports[$0.input.sha256] ?? $0 } + newFiles.filter { !storedSHAs.contains($0.input.sha256) }
        let firstNew = stored.count

        var ingested = ingest.batch(from: files)
        ingested.timings.append(StageTiming(stage: IngestStage.name, seconds: Date().timeIntervalSince(started)))
        logger.info("stage done", metadata: ["stage": "\(IngestStage.name)", "records": "\(ingested.payload.count)",
                                             "rejected": "\(ingested.rejected.count)", "imported": "\(newFiles.count)",
                                             "skipped": "\(summary.skipped.count)", "known_files": "\(stored.count)",
                                             "seconds": "\(String(format: "%.3f", Date().timeIntervalSince(started)))"])
        CrashPoint.reach(.ingested)
        let normalized = try normalize(consume ingested)
        if let limit = request.maxRejectRate { try Self.checkRejectRate(normalized, limit: limit, from: firstNew) }
        CrashPoint.reach(.normalized)

        var resolved = try dedupe(consume normalized)
        let known = try store.loadIdentities()
        let identity = StableIdentity(assigningIDsTo: &resolved.payload, inputs: resolved.inputs, schema: resolved.schema, known: known)
        CrashPoint.reach(.deduplicated)
        let classified = try classify(resolved)
        CrashPoint.reach(.classified)

        // What changed: new contacts, and known ones whose records, values or segment moved.
        let set = classified.payload
        let shas = classified.inputs.map(\.sha256)
        let fileNames = ContactRecord.fileNames(count: classified.inputs.count)
        var changed: [Int] = []
        // Each contact as the state keeps it, and its fingerprint: on all cores, written in place in contact order.
        let schema = classified.schema
        let encoded = Parallel.map(count: set.contacts.count, jobs: jobs) { index -> (record: String, fingerprint: String) in
            let record = ContactRecord.encode(set.contacts[index], schema: schema, files: fileNames)
            return (record, StableIdentity.fingerprint(id: set.contacts[index].id, record: record, set.classifications[index]))
        }
        for index in set.contacts.indices {
            let fingerprint = encoded[index].fingerprint
            if let before = known.contacts[set.contacts[index].id] {
                if before.fingerprint != fingerprint { changed.append(index); summary.changedContacts += 1 }
            } else {
                changed.append(index); summary.newContacts += 1
            }
        }
        summary.mergedIDs = identity.removed.count
        summary.knownContacts = set.contacts.count

        // Stage the outputs, then commit the state with the promise to publish them, then publish.
        let output = try OutputDirectory(path: request.outputPath)
        let exportStarted = Date()
        do {
            let export = ExportStage(outputPath: request.outputPath, configSHA256: config.sha256, jobs: jobs,
                                     jsonLines: config.export.jsonLines)
            if request.emit != .delta {
                let folder = try output.subfolder("snapshot")
                summary.snapshot = try export.write(classified, into: folder)
                try Self.writeAliases(identity.aliases, all: known.aliases, to: folder.file("aliases.csv"))
            }
            if request.emit != .snapshot {
                let folder = try output.subfolder("delta")
                summary.delta = try export.write(Self.delta(classified, changed: changed, firstNewFile: firstNew), into: folder)
                try Self.writeAliases(identity.aliases, all: [:], to: folder.file("aliases.csv"))
            }
            try Data(output.staging.path.utf8).write(to: URL(fileURLWithPath: output.file(Self.publicationMarker)))
            logger.info("stage done", metadata: ["stage": "\(ExportStage.name)", "out": "\(request.outputPath)",
                                                 "seconds": "\(String(format: "%.3f", Date().timeIntervalSince(exportStarted)))"])
            CrashPoint.reach(.exported)
        } catch {
            output.discard()
            throw error
        }

        var joinedBy: [SourceRef: DuplicateEntry] = [:]
        for entry in set.duplicates { joinedBy[entry.source] = entry }
        let commit = StateCommit(
            attempt: attempt, newFiles: newFiles,
            changedContacts: changed.map { Self.stored(set.contacts[$0], set.classifications[$0], fingerprint: encoded[$0].fingerprint,
                                                       record: encoded[$0].record, before: known.contacts[set.contacts[$0].id],
                                                       joinedBy: joinedBy, inputs: classified.inputs, schema: classified.schema) },
            removedContacts: identity.removed, aliases: identity.aliases, newAccounts: identity.newAccounts,
            publication: PendingPublication(run: 0, staging: output.staging.path, target: output.target.path),
            schema: classified.schema,
            rejections: classified.rejected.map { (RecordKey(sha256: shas[$0.source.file], row: $0.source.row), $0.source.line, $0.reason, $0.raw) })
        let commitStarted = Date()
        try InterruptCleanup.critical {
            // From here on a signal waits: the state and the outputs change together or not at all.
            InterruptCleanup.unregister(output.staging.path)
            do {
                summary.run = try store.commit(commit)
            } catch {
                output.discard()   // nothing committed, nothing to publish later
                throw error
            }
            CrashPoint.reach(.committed)
            try output.publish()
            try store.publicationDone(run: summary.run)
        }
        logger.info("run committed", metadata: ["run": "\(summary.run)", "imported": "\(summary.imported.count)",
                                                "skipped": "\(summary.skipped.count)", "new": "\(summary.newContacts)",
                                                "changed": "\(summary.changedContacts)", "contacts": "\(summary.knownContacts)",
                                                "seconds": "\(String(format: "%.3f", Date().timeIntervalSince(commitStarted)))"])
        return summary
    }

    // MARK: Pieces

    /// Every regular, visible file under `DIR/purchased/` and `DIR/forms/`, by name.
    static func inboxSpecs(_ inbox: String?) throws -> [InputSpec] {
        guard let inbox else { return [] }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: inbox, isDirectory: &isFolder), isFolder.boolValue else {
            throw WinnowError.inputUnreadable(path: inbox, reason: "the inbox is not a folder")
        }
        var specs: [InputSpec] = []
        var found = false
        for (folder, kind) in [("purchased", SourceKind.purchased), ("forms", .form)] {
            let path = (inbox as NSString).appendingPathComponent(folder)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { continue }
            found = true
            for name in names.sorted() where !name.hasPrefix(".") {
                let file = (path as NSString).appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue {
                    specs.append(InputSpec(path: file, kind: kind))
                }
            }
        }
        guard found else {
            throw WinnowError.inputUnreadable(path: inbox, reason: "the inbox has neither a purchased/ nor a forms/ folder")
        }
        return specs
    }

    static func sha256(of path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw WinnowError.inputUnreadable(path: path, reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        var digest = SHA256Digest()
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                throw WinnowError.inputUnreadable(path: path, reason: error.localizedDescription)
            }
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { digest.update($0) }
        }
        return digest.finalizeHex()
    }

    /// Only the files imported by this run count against `--max-reject-rate`.
    static func checkRejectRate<Payload>(_ batch: Batch<Payload>, limit: Double, from firstNew: Int) throws {
        var tonight = batch
        tonight.rejected = batch.rejected.filter { $0.source.file >= firstNew }
        for index in 0..<firstNew { tonight.inputs[index].rowsRead = 0 }
        try checkRejectRate(tonight, limit: limit)
    }

    /// The delta: changed contacts, the duplicates merged into them, and the rejections of tonight's files.
    static func delta(_ batch: Batch<ClassifiedSet>, changed: [Int], firstNewFile: Int) -> Batch<ClassifiedSet> {
        let set = batch.payload
        let ids = Set(changed.map { set.contacts[$0].id })
        let subset = ClassifiedSet(contacts: changed.map { set.contacts[$0] }, classifications: changed.map { set.classifications[$0] },
                                   duplicates: set.duplicates.filter { ids.contains($0.mergedInto) }, icpName: set.icpName)
        var delta = batch.with(subset, rejected: batch.rejected.filter { $0.source.file >= firstNewFile })
        for index in 0..<min(firstNewFile, delta.inputs.count) { delta.inputs[index].rowsRead = 0; delta.inputs[index].rejected = 0 }
        // Field statistics and stage counters describe the whole run: they belong to the snapshot's summary.
        delta.fieldStatistics = [:]
        delta.counters = [:]
        return delta
    }

    static func stored(_ contact: Contact, _ classification: Classification, fingerprint: String, record: String, before: KnownContact?,
                       joinedBy: [SourceRef: DuplicateEntry], inputs: [InputFile], schema: FieldSchema) -> StoredContact {
        let segment = classification.suppressedBy == nil ? classification.segment.rawValue : "suppressed"
        let reasons = classification.reasons
        let members = contact.sources.enumerated().map { position, source in
            let entry = joinedBy[source]
            return (key: RecordKey(sha256: inputs[source.file].sha256, row: source.row),
                    rule: position == 0 ? "survivor" : entry?.rule ?? "", score: entry?.score ?? 1)
        }
        return StoredContact(id: contact.id, accountID: contact.accountID, segment: segment, reasons: reasons,
                             email: contact[schema.index(of: .email)],
                             firstName: contact[schema.index(of: .firstName)], lastName: contact[schema.index(of: .lastName)],
                             company: contact[schema.index(of: .company)], fingerprint: fingerprint, record: record, isNew: before == nil,
                             segmentMoved: before == nil || before!.segment != segment || before!.reasons != reasons, members: members)
    }

    /// aliases.csv: ids that now live on as another contact's.
    static func writeAliases(_ tonight: [String: String], all earlier: [String: String], to path: String) throws {
        var merged = earlier
        for (alias, survivor) in tonight { merged[alias] = survivor }
        // An earlier alias of an id merged tonight follows it.
        for (alias, survivor) in merged { if let next = tonight[survivor] { merged[alias] = next } }
        let writer = try CSVWriter(path: path)
        try writer.write(["alias", "winnow_id"])
        for (alias, survivor) in merged.sorted(by: { $0.key < $1.key }) { try writer.write([alias, survivor]) }
        try writer.close()
    }

    static func counts(_ summary: IncrementalSummary) -> String {
        var line = JSONLine()
        line.beginObject()
        line.field("run", summary.run)
        line.field("imported", summary.imported.count)
        line.field("skipped", summary.skipped.count)
        line.field("contacts", summary.knownContacts)
        line.field("new", summary.newContacts)
        line.field("changed", summary.changedContacts)
        line.field("merged_ids", summary.mergedIDs)
        line.endObject()
        return String(decoding: line.bytes, as: UTF8.self)
    }
}

extension Pipeline {
    /// Every known contact segmented under this pipeline's config, with the state's ids, published to
    /// `outputPath`; the state is read, never written. The contacts are taken as the last run resolved them;
    /// with `reResolve` (another config's dedupe rules or column mapping) every stored record is normalized
    /// and resolved again first.
    public func reclassify(store: some StateStore, outputPath: String, reResolve: Bool = false) throws -> RunSummary {
        let started = Date()
        let files = try store.loadFiles(includingRows: reResolve)
        guard !files.isEmpty else {
            throw WinnowError.usage("\(store.location) holds no imported files yet: run `winnow run --inbox DIR` first")
        }
        if !reResolve, let snapshot = try store.loadSnapshot() {
            var batch = try Self.contacts(of: snapshot, files: files, config: config, location: store.location)
            batch.timings.append(StageTiming(stage: "load", seconds: Date().timeIntervalSince(started)))
            logger.info("stage done", metadata: ["stage": "load", "contacts": "\(batch.payload.contacts.count)",
                                                 "seconds": "\(String(format: "%.3f", Date().timeIntervalSince(started)))"])
            return try export(classify(batch), to: outputPath)
        }
        let withRows = reResolve ? files : try store.loadFiles(includingRows: true)
        var ingested = IngestStage(config: config, defaults: inputDefaults).batch(from: withRows)
        ingested.timings.append(StageTiming(stage: IngestStage.name, seconds: Date().timeIntervalSince(started)))
        var resolved = try dedupe(normalize(ingested))
        _ = StableIdentity(assigningIDsTo: &resolved.payload, inputs: resolved.inputs, schema: resolved.schema,
                           known: try store.loadIdentities())
        return try export(classify(resolved), to: outputPath)
    }

    /// The stored contacts as the dedupe stage's output, in the order that stage gives them (by survivor).
    static func contacts(of snapshot: StoredSnapshot, files: [StoredFile], config: WinnowConfig, location: String) throws -> Batch<ContactSet> {
        let index = Dictionary(files.enumerated().map { ($1.input.sha256, $0) }, uniquingKeysWith: { first, _ in first })
        let positions = Dictionary(uniqueKeysWithValues: ContactRecord.fileNames(count: files.count).enumerated().map { ($1, $0) })
        var schema = snapshot.schema
        // Fields the other ICP names that no record had: present, and empty.
        for name in config.schema.names { _ = schema.addExtra(name) }
        var contacts: [Contact] = []
        contacts.reserveCapacity(snapshot.contacts.count)
        for (id, record) in snapshot.contacts {
            guard let contact = ContactRecord.decode(record, id: id, schema: &schema, files: positions) else {
                throw StateError(path: location, message: "the stored contact \(id) cannot be read; rerun with --re-resolve")
            }
            contacts.append(contact)
        }
        for position in contacts.indices where contacts[position].ownValues.count < schema.count {
            contacts[position].pad(to: schema.count)
        }
        contacts.sort { ($0.sources.first ?? SourceRef(file: .max, row: .max)) < ($1.sources.first ?? SourceRef(file: .max, row: .max)) }
        // Merged records as the dedupe stage lists them: by contact, then by their place in the contact.
        let contactPosition = Dictionary(contacts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let merged = snapshot.merged.sorted {
            (contactPosition[$0.id] ?? .max, $0.position) < (contactPosition[$1.id] ?? .max, $1.position)
        }
        let duplicates = merged.compactMap { entry in
            index[entry.key.sha256].map { DuplicateEntry(source: SourceRef(file: $0, row: entry.key.row), mergedInto: entry.id,
                                                         rule: entry.rule, score: entry.score) }
        }
        let rejected = snapshot.rejections.compactMap { entry in
            index[entry.key.sha256].map { Rejection(source: SourceRef(file: $0, row: entry.key.row, line: entry.line), reason: entry.reason,
                                                    raw: entry.cells) }
        }
        var inputs = files.map(\.input)
        for index in inputs.indices { inputs[index].rejected = 0 }
        for rejection in rejected { inputs[rejection.source.file].rejected += 1 }
        var batch = Batch(inputs: inputs, schema: schema, rejected: rejected, payload: ContactSet(contacts: contacts, duplicates: duplicates))
        batch.counters["accounts"] = Set(contacts.map(\.accountID).filter { !$0.isEmpty }).count
        return batch
    }
}
