import Foundation
import WinnowCSV

/// Writes the output contract (README, "Outputs") into the output folder, atomically.
///
/// Input: classified contacts. Output: the run's summary, also written as summary.json.
public struct ExportStage: PipelineStage {
    public static let name = "export"
    public let outputPath: String
    public let configSHA256: String
    /// Workers encoding contact lines (the files' bytes do not depend on it).
    public let jobs: Int
    /// Whether the contact and account files also come as JSON Lines (config `export.jsonl`).
    public let jsonLines: Bool

    public init(outputPath: String, configSHA256: String, jobs: Int = Parallel.defaultJobs, jsonLines: Bool = true) {
        self.outputPath = outputPath; self.configSHA256 = configSHA256; self.jobs = jobs; self.jsonLines = jsonLines
    }

    public func run(_ batch: consuming Batch<ClassifiedSet>) throws -> RunSummary {
        let output = try OutputDirectory(path: outputPath)
        do {
            let summary = try write(batch, into: output)
            try output.publish()
            BackgroundRelease.drop(consume batch)
            return summary
        } catch {
            output.discard()
            throw error
        }
    }

    /// Writes the outputs into `output`'s staging folder without publishing them.
    public func write(_ batch: Batch<ClassifiedSet>, into output: OutputDirectory) throws -> RunSummary {
        let started = Date()
        let set = batch.payload
        let schema = batch.schema
        let paths = batch.inputs.map(\.path)

        // Within a segment: best fit first, then input order (the order contacts arrive in).
        let order = Self.order(byScore: set.classifications.map(\.fitScore))
        var segmentCounts = [0, 0, 0]
        var leads = 0, suppressed = 0
        for position in set.classifications.indices {
            if set.classifications[position].suppressedBy != nil { suppressed += 1; continue }
            segmentCounts[set.classifications[position].segment.rank] += 1
            if set.contacts[position].lead { leads += 1 }
        }
        var counts: [Segment: Int] = [:]
        for segment in Segment.allCases where segmentCounts[segment.rank] > 0 { counts[segment] = segmentCounts[segment.rank] }
        try ContactFiles.write(set, order: order, encoding: ContactEncoding(schema: schema, paths: paths), into: output, jobs: jobs,
                               jsonLines: jsonLines)
        // The account files are written on another core while this one writes the rest and counts the summary: after
        // the contact files, these were a quarter of a second of one core.
        let accountsWritten = DispatchGroup()
        let accountsFailure = ContactFiles.WriteFailure()
        let jsonLines = self.jsonLines
        DispatchQueue.global().async(group: accountsWritten) {
            do { try AccountFiles.write(set, schema: schema, into: output, jsonLines: jsonLines) } catch { accountsFailure.error = error }
        }
        defer { accountsWritten.wait() }   // also when a later file fails: the account files' writer is done with `output`

        let duplicates = try CSVWriter(path: output.file("duplicates.csv"))
        try duplicates.write(["source_file", "source_row", "merged_into", "rule", "score"])
        for entry in set.duplicates {
            try duplicates.write([paths[entry.source.file], String(entry.source.row), entry.mergedInto, entry.rule,
                                  ScoreText.format(entry.score)])
        }
        try duplicates.close()

        let rejected = try CSVWriter(path: output.file("rejected.csv"))
        try rejected.write(["source_file", "source_row", "source_line", "reason"])
        for rejection in batch.rejected.sorted(by: { $0.source < $1.source }) {
            try rejected.write([paths[rejection.source.file], String(rejection.source.row), String(rejection.source.line),
                                rejection.reason] + rejection.raw)
        }
        try rejected.close()

        let blocked = RunSummary.blockers(set.classifications, jobs: jobs)
        accountsWritten.wait()
        if let error = accountsFailure.error { throw error }
        var timings = batch.timings
        timings.append(StageTiming(stage: Self.name, seconds: Date().timeIntervalSince(started)))
        let summary = RunSummary(batch: batch, counts: counts, leads: leads, suppressed: suppressed, blocked: blocked,
                                 configSHA256: configSHA256, timings: timings)
        try summary.write(to: output.file("summary.json"))
        return summary
    }
}

extension ExportStage {
    /// The positions of `scores`, highest score first, equal scores in position order. Scores span a small range:
    /// a counting sort, one pass to count and one to place (a comparison sort that read each contact's
    /// classification took a quarter of a second of one core at a million contacts).
    static func order(byScore scores: [Int]) -> [Int] {
        guard let low = scores.min(), let high = scores.max() else { return [] }
        guard high - low < 1 << 20 else {
            return scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        }
        // Bucket `high - score`; `next[b]` is where bucket b's next position goes.
        var next = [Int](repeating: 0, count: high - low + 2)
        for score in scores { next[high - score + 1] += 1 }
        for bucket in 1..<next.count { next[bucket] += next[bucket - 1] }
        var order = [Int](repeating: 0, count: scores.count)
        for (position, score) in scores.enumerated() {
            order[next[high - score]] = position
            next[high - score] += 1
        }
        return order
    }
}

/// What every contact line repeats, encoded once per export: paths, keys and field names as bytes.
final class ContactEncoding {
    let schema: FieldSchema
    /// Input paths: as given (CSV `sources`) and escaped for a JSON string (without quotes).
    let pathBytes: ByteTable
    let pathJSON: ByteTable
    /// Per schema index: `"name":`, and `"name_max":` for the numeric fields.
    let fieldKeys: ByteTable
    let maxKeys: ByteTable
    /// Per schema index: `"name"` (a JSON string value, for `conflicts`).
    let fieldNames: ByteTable
    let employees: Int, revenue: Int
    let employeesFlags: FieldFlags, revenueFlags: FieldFlags
    /// Each flag's name as a JSON string.
    let flags: [FieldFlags]
    let flagNames: ByteTable

    init(schema: FieldSchema, paths: [String]) {
        self.schema = schema
        pathBytes = ByteTable(paths.map { Array($0.utf8) })
        pathJSON = ByteTable(paths.map { ByteBuffer.jsonContents($0) })
        fieldKeys = ByteTable(schema.names.map { ByteBuffer.jsonKey($0) })
        maxKeys = ByteTable(schema.names.map { ByteBuffer.jsonKey($0 + "_max") })
        fieldNames = ByteTable(schema.names.map { ByteBuffer.jsonQuoted($0) })
        employees = schema.index(of: .employees)
        revenue = schema.index(of: .revenue)
        employeesFlags = .of(.employees)
        revenueFlags = .of(.revenue)
        flags = FieldFlags.all.map(\.flag)
        flagNames = ByteTable(FieldFlags.all.map { ByteBuffer.jsonQuoted($0.name) })
    }
}

/// The segment files, then suppressed, then leads: each a CSV and a JSON Lines file with the same contacts.
///
/// Contacts are encoded in batches: each batch is split among `jobs` workers, each filling its own buffers (one
/// per file), and a writer thread writes a batch's buffers in worker order while the next batch is encoded.
/// So the bytes are the same for any number of workers.
enum ContactFiles {
    /// The columns every contact file begins with; `extra` (e.g. `suppressed_by`) follows them.
    static let leadingColumns = ["winnow_id", "segment", "lead", "reasons", "sources", "fit_score", "icp", "qualification", "account_id"]
    /// File groups: the segments in `Segment.allCases` order, then suppressed, then leads; CSV at 2g, JSONL at 2g+1.
    static let suppressedGroup = Segment.allCases.count
    static let leadsGroup = Segment.allCases.count + 1
    static let batchSize = 4_096

    static func write(_ set: ClassifiedSet, order: [Int], encoding: ContactEncoding, into output: OutputDirectory, jobs: Int,
                      jsonLines: Bool = true) throws {
        let stems = Segment.allCases.map(\.plural) + ["suppressed", "leads"]
        // nil: no JSON Lines files (config `export.jsonl: false`; their lines are not even encoded).
        var sinks: [OutputSink?] = []
        for stem in stems {
            sinks.append(try OutputSink(path: output.file("\(stem).csv"), kind: .csv))
            sinks.append(jsonLines ? try OutputSink(path: output.file("\(stem).jsonl"), kind: .jsonLines) : nil)
        }
        let header = ByteBuffer()
        for (group, sink) in stride(from: 0, to: sinks.count, by: 2).map({ ($0 / 2, sinks[$0]) }) {
            guard let sink else { continue }
            header.removeAll()
            header.csvRecord(leadingColumns + (group == suppressedGroup ? ["suppressed_by"] : []) + encoding.schema.names)
            try sink.write(header)
        }

        let workers = max(1, min(jobs, 8))
        // Two sets of worker encoders: one being written out while the other is filled.
        let encoders = (0..<2).map { _ in
            (0..<workers).map { _ in
                ContactEncoder(encoding: encoding, files: sinks.count, json: jsonLines)
            }
        }
        let writes = DispatchGroup()
        let writer = DispatchQueue(label: "winnow.export.writer")
        let failure = WriteFailure()
        let contacts = set.contacts, classifications = set.classifications
        for (batchNumber, batchStart) in stride(from: 0, to: order.count, by: batchSize).enumerated() {
            let batch = order[batchStart..<min(batchStart + batchSize, order.count)]
            let set = encoders[batchNumber % 2]
            let split = batch.count < 2_048 ? 1 : workers
            let encode: @Sendable (Int) -> Void = { worker in
                let from = batch.startIndex + batch.count * worker / split, to = batch.startIndex + batch.count * (worker + 1) / split
                set[worker].encode(order[from..<to], contacts: contacts, classifications: classifications)
            }
            if split == 1 { encode(0) } else { DispatchQueue.concurrentPerform(iterations: split, execute: encode) }
            // The previous batch's buffers are written out before this batch's are handed over.
            writes.wait()
            if let error = failure.error { throw error }
            let sinksToWrite = sinks
            writer.async(group: writes) {
                do {
                    for encoder in set.prefix(split) {
                        for (file, sink) in sinksToWrite.enumerated() where !encoder.buffers[file].isEmpty {
                            try sink?.write(encoder.buffers[file])
                        }
                    }
                } catch {
                    failure.error = error
                }
            }
        }
        writes.wait()
        if let error = failure.error { throw error }
        for sink in sinks { try sink?.close() }
    }

    /// The first error of the writer thread, read by the export thread after waiting for it.
    final class WriteFailure: @unchecked Sendable {
        var error: Error?
    }
}

/// One worker's buffers (one per contact file) and the encoding of contacts into them.
final class ContactEncoder: @unchecked Sendable {
    let encoding: ContactEncoding
    let buffers: [ByteBuffer]
    /// Whether to encode JSON lines (into the odd buffers) besides the CSV lines (the even ones).
    let json: Bool
    /// A reusable buffer for the CSV fields built from parts (`reasons`, `sources`).
    private var scratch: [UInt8] = []
    /// The layouts (one per ICP) of the contacts classified in this run, prepared for this encoder alone.
    private var prepared: [PreparedLayout] = []

    init(encoding: ContactEncoding, files: Int, json: Bool = true) {
        self.encoding = encoding
        self.json = json
        buffers = (0..<files).map { _ in ByteBuffer(capacity: 1 << 20) }
        scratch.reserveCapacity(1024)
    }

    /// Encodes the contacts at `positions` (in that order) into emptied buffers.
    func encode(_ positions: ArraySlice<Int>, contacts: [Contact], classifications: [Classification]) {
        for buffer in buffers { buffer.removeAll() }
        contacts.withUnsafeBufferPointer { buffer in
            let contacts = SharedBuffer(reading: buffer)
            classifications.withUnsafeBufferPointer { classifications in
                for position in positions {
                    let classification = classifications.baseAddress! + position
                    if let reason = classification.pointee.suppressedBy {
                        contacts.withElement(at: position) { encode($0, classification, group: ContactFiles.suppressedGroup, extra: reason) }
                        continue
                    }
                    let group = classification.pointee.segment.rank
                    let csvStart = buffers[2 * group].count, jsonStart = buffers[2 * group + 1].count
                    contacts.withElement(at: position) { encode($0, classification, group: group, extra: nil) }
                    if contacts.buffer[position].lead {
                        // The leads files hold the same lines.
                        let leads = ContactFiles.leadsGroup
                        buffers[2 * leads].bytes(of: buffers[2 * group], from: csvStart, to: buffers[2 * group].count)
                        buffers[2 * leads + 1].bytes(of: buffers[2 * group + 1], from: jsonStart, to: buffers[2 * group + 1].count)
                    }
                }
            }
        }
    }

    private func encode(_ contact: borrowing Contact, _ classification: UnsafePointer<Classification>, group: Int, extra: String?) {
        let compact = classification.pointee.compact
        let layout = compact.map { preparedLayout($0.layout) }
        writeCSV(contact, classification, layout: layout, extra: extra, to: buffers[2 * group])
        buffers[2 * group].newline()
        if json {
            ContactJSON.write(contact, classification, layout: layout, encoding: encoding, to: buffers[2 * group + 1])
            buffers[2 * group + 1].newline()
        }
    }

    private func preparedLayout(_ layout: CriteriaLayout) -> PreparedLayout {
        if let known = prepared.first(where: { $0.layout === layout }) { return known }
        let made = PreparedLayout(layout)
        prepared.append(made)
        return made
    }

    private func writeCSV(_ contact: borrowing Contact, _ classification: UnsafePointer<Classification>, layout: PreparedLayout?,
                          extra: String?, to csv: ByteBuffer) {
        let comma = UInt8(ascii: ",")
        csv.csvField(contact.id)
        csv.byte(comma)
        csv.csvField(classification.pointee.segment.rawValue)
        csv.byte(comma)
        csv.text(contact.lead ? "true" : "false")
        csv.byte(comma)
        // reasons: `field=status; field=status`
        scratch.removeAll(keepingCapacity: true)
        if let layout, let statuses = classification.pointee.compact?.statuses {
            for position in 0..<layout.topLevelCount {
                if position > 0 { scratch.append(UInt8(ascii: ";")); scratch.append(UInt8(ascii: " ")) }
                scratch.append(contentsOf: layout.fieldNames[position])
                scratch.append(UInt8(ascii: "="))
                scratch.append(contentsOf: statuses[layout.entries[position].position].rawValue.utf8)
            }
        } else {
            for position in 0..<classification.pointee.count {
                let outcome = classification.pointee.outcome(at: position)
                if position > 0 { scratch.append(UInt8(ascii: ";")); scratch.append(UInt8(ascii: " ")) }
                scratch.append(contentsOf: outcome.field.utf8)
                scratch.append(UInt8(ascii: "="))
                scratch.append(contentsOf: outcome.status.rawValue.utf8)
            }
        }
        scratch.withUnsafeBufferPointer { csv.csvField(bytes: $0) }
        csv.byte(comma)
        // sources: `FILE:ROW|FILE:ROW`
        scratch.removeAll(keepingCapacity: true)
        contact.sources.withUnsafeBufferPointer { sources in
            for position in sources.indices {
                if position > 0 { scratch.append(UInt8(ascii: "|")) }
                scratch.append(contentsOf: encoding.pathBytes[sources[position].file])
                scratch.append(UInt8(ascii: ":"))
                Self.appendDecimal(sources[position].row, to: &scratch)
            }
        }
        scratch.withUnsafeBufferPointer { csv.csvField(bytes: $0) }
        csv.byte(comma)
        csv.int(classification.pointee.fitScore)
        csv.byte(comma)
        csv.csvField(classification.pointee.icp)
        csv.byte(comma)
        csv.csvField(classification.pointee.qualification?.rawValue ?? "")
        csv.byte(comma)
        csv.csvField(contact.accountID)
        if let extra {
            csv.byte(comma)
            csv.csvField(extra)
        }
        let fields = encoding.schema.count
        for index in 0..<fields {
            csv.byte(comma)
            csv.csvField(contact[index])
        }
    }

    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(truncatingIfNeeded: magnitude / divisor) &+ 0x30)
            magnitude %= divisor
            divisor /= 10
        }
    }
}

/// One contact as a JSON Lines object; key order is fixed.
enum ContactJSON {
    /// - Parameter layout: the classification's layout prepared for this worker (nil when read back: verdicts as written).
    static func write(_ contact: borrowing Contact, _ classificationPointer: UnsafePointer<Classification>,
                      layout: PreparedLayout?, encoding: ContactEncoding, to json: ByteBuffer) {
        json.text("{\"winnow_id\":")
        json.jsonString(contact.id)
        json.text(",\"segment\":")
        json.jsonString(classificationPointer.pointee.segment.rawValue)
        json.text(contact.lead ? ",\"lead\":true,\"fit_score\":" : ",\"lead\":false,\"fit_score\":")
        json.int(classificationPointer.pointee.fitScore)
        json.text(",\"icp\":")
        json.jsonString(classificationPointer.pointee.icp)
        json.text(",\"qualification\":")
        json.jsonOptional(classificationPointer.pointee.qualification?.rawValue ?? "")
        json.text(",\"account_id\":")
        json.jsonOptional(contact.accountID)
        if let suppressedBy = classificationPointer.pointee.suppressedBy {
            json.text(",\"suppressed_by\":")
            json.jsonString(suppressedBy)
        }
        json.text(",\"reasons\":")
        if let layout, let statuses = classificationPointer.pointee.compact?.statuses {
            writeVerdicts(0..<layout.topLevelCount, statuses, layout: layout, contact: contact, encoding: encoding, to: json)
        } else {
            writeVerdicts(classificationPointer.pointee.verdicts(of: contact), to: json)
        }
        json.text(",\"sources\":[")
        for (position, source) in contact.sources.enumerated() {
            json.text(position == 0 ? "{\"file\":\"" : ",{\"file\":\"")
            json.bytes(encoding.pathJSON[source.file])
            json.text("\",\"row\":")
            json.int(source.row)
            json.byte(UInt8(ascii: "}"))
        }
        json.byte(UInt8(ascii: "]"))
        for index in 0..<encoding.schema.mappedCount {
            let value = contact[index]
            json.byte(UInt8(ascii: ","))
            // Employees and revenue are numbers once normalized (revenue in the ICP currency); a range gives `<field>_max`.
            if index == encoding.employees || index == encoding.revenue,
               contact.flags.intersection(index == encoding.employees ? encoding.employeesFlags : encoding.revenueFlags).isEmpty,
               let range = RangeText.parse(value) {
                json.bytes(encoding.fieldKeys[index])
                json.jsonNumber(range.lower)
                if range.upper != range.lower {
                    json.byte(UInt8(ascii: ","))
                    json.bytes(encoding.maxKeys[index])
                    if let upper = range.upper { json.jsonNumber(upper) } else { json.text("null") }
                }
            } else {
                json.bytes(encoding.fieldKeys[index])
                json.jsonOptional(value)
            }
        }
        json.text(",\"conflicts\":[")
        var firstConflict = true
        contact.forEachConflict { conflict in
            json.text(firstConflict ? "{\"field\":" : ",{\"field\":")
            firstConflict = false
            json.bytes(encoding.fieldNames[conflict.field])
            json.text(",\"kept\":")
            json.jsonString(conflict.kept)
            json.text(",\"other\":")
            json.jsonString(conflict.other)
            json.text(",\"source\":\"")
            json.bytes(encoding.pathJSON[conflict.otherSource.file])
            json.byte(UInt8(ascii: ":"))
            json.int(conflict.otherSource.row)
            json.text("\"}")
        }
        json.text("],\"flags\":[")
        var first = true
        for position in encoding.flags.indices where contact.flags.contains(encoding.flags[position]) {
            if !first { json.byte(UInt8(ascii: ",")) }
            first = false
            json.bytes(encoding.flagNames[position])
        }
        json.text("],\"raw\":{")
        // Field by field in schema order, through the account overlay (nothing built per contact).
        first = true
        for index in 0..<encoding.schema.count {
            guard let raw = contact.rawValue(of: index) else { continue }
            if !first { json.byte(UInt8(ascii: ",")) }
            first = false
            json.bytes(encoding.fieldKeys[index])
            json.jsonString(raw)
        }
        json.text("},\"extras\":{")
        first = true
        // Extras are never firmographics (those are all mapped fields), so they are the contact's own values.
        let values = contact.ownValues
        if encoding.schema.mappedCount < values.count {
            for index in encoding.schema.mappedCount..<min(encoding.schema.count, values.count) where !values[index].isEmpty {
                if !first { json.byte(UInt8(ascii: ",")) }
                first = false
                json.bytes(encoding.fieldKeys[index])
                json.jsonString(values[index])
            }
        }
        json.text("}}")
    }

    static func writeVerdicts(_ verdicts: [Verdict], to json: ByteBuffer) {
        json.byte(UInt8(ascii: "["))
        for position in verdicts.indices {
            let verdict = verdicts[position]
            writeVerdict(first: position == 0, to: json,
                         head: {
                             json.text("\"criterion\":")
                             json.jsonString(verdict.criterion)
                             json.text(",\"field\":")
                             json.jsonString(verdict.field)
                             json.text(",\"status\":")
                         },
                         status: verdict.status, value: verdict.value, source: { json.jsonOptional(verdict.source) },
                         hasMembers: !verdict.members.isEmpty, members: { writeVerdicts(verdict.members, to: json) })
        }
        json.byte(UInt8(ascii: "]"))
    }

    /// `writeVerdicts` for a classification made in this run: the entries' fixed text from the prepared layout, their
    /// values and sources read from the contact.
    static func writeVerdicts(_ entries: Range<Int>, _ statuses: VerdictStatuses, layout: PreparedLayout,
                              contact: borrowing Contact, encoding: ContactEncoding, to json: ByteBuffer) {
        json.byte(UInt8(ascii: "["))
        for entry in entries {
            let ref = layout.sourceRef(entry, contact: contact)
            let members = layout.entries[entry].members
            writeVerdict(first: entry == entries.lowerBound, to: json, head: { json.bytes(layout.jsonHeads[entry]) },
                         status: statuses[layout.entries[entry].position], value: layout.value(entry, contact: contact),
                         source: {
                             // "FILE:ROW", from the encoded path: no String per verdict.
                             if let ref, ref.file < encoding.pathJSON.count {
                                 json.byte(UInt8(ascii: "\""))
                                 json.bytes(encoding.pathJSON[ref.file])
                                 json.byte(UInt8(ascii: ":"))
                                 json.int(ref.row)
                                 json.byte(UInt8(ascii: "\""))
                             } else {
                                 json.text("null")
                             }
                         },
                         hasMembers: !members.isEmpty, members: {
                             writeVerdicts(members, statuses, layout: layout, contact: contact, encoding: encoding, to: json)
                         })
        }
        json.byte(UInt8(ascii: "]"))
    }

    /// One verdict object, keys in fixed order; `head` writes `"criterion":…,"field":…,"status":`, `source` the
    /// source's value, `members` the members' array.
    @inline(__always)
    private static func writeVerdict(first: Bool, to json: ByteBuffer, head: () -> Void, status: Verdict.Status, value: String,
                                     source: () -> Void, hasMembers: Bool, members: () -> Void) {
        json.text(first ? "{" : ",{")
        head()
        json.jsonString(status.rawValue)
        json.text(",\"value\":")
        json.jsonOptional(value)
        json.text(",\"source\":")
        source()
        if hasMembers {
            json.text(",\"members\":")
            members()
        }
        json.byte(UInt8(ascii: "}"))
    }

    static func appendVerdicts(_ verdicts: [Verdict], to json: inout JSONLine) {
        json.beginArray()
        for verdict in verdicts {
            json.beginObject()
            json.field("criterion", verdict.criterion)
            json.field("field", verdict.field)
            json.field("status", verdict.status.rawValue)
            json.optionalField("value", verdict.value)
            json.optionalField("source", verdict.source)
            if !verdict.members.isEmpty {
                json.key("members")
                appendVerdicts(verdict.members, to: &json)
            }
            json.endObject()
        }
        json.endArray()
    }
}

/// accounts.csv / accounts.jsonl: each company once, with its firmographics, its contacts and its best segment.
enum AccountFiles {
    struct Account {
        var id: String
        var first: Int
        var contacts = 0, leads = 0, suppressed = 0
        /// Contacts per segment, by `Segment.rank`.
        var segments = [0, 0, 0]
        var best: Segment? = nil
    }

    static let fields: [CanonicalField] = [.company, .domain, .website, .country, .industry, .industryCode, .employees, .revenue]

    /// The JSON lines are encoded either way (a few hundred thousand short lines), written only with `jsonLines`.
    static func write(_ set: ClassifiedSet, schema: FieldSchema, into output: OutputDirectory, jsonLines: Bool = true) throws {
        var accounts: [Account] = []
        var positions: [String: Int] = [:]
        for index in set.contacts.indices where !set.contacts[index].accountID.isEmpty {
            let accountID = set.contacts[index].accountID
            let position: Int
            if let known = positions[accountID] {
                position = known
            } else {
                position = accounts.count
                positions[accountID] = position
                accounts.append(Account(id: accountID, first: index))
            }
            accounts[position].contacts += 1
            if set.classifications[index].suppressedBy != nil {
                accounts[position].suppressed += 1
                continue
            }
            let segment = set.classifications[index].segment
            if set.contacts[index].lead { accounts[position].leads += 1 }
            accounts[position].segments[segment.rank] += 1
            accounts[position].best = max(accounts[position].best ?? .name, segment)
        }
        let csvFile = try OutputSink(path: output.file("accounts.csv"), kind: .csv)
        let jsonFile = jsonLines ? try OutputSink(path: output.file("accounts.jsonl"), kind: .jsonLines) : nil
        let csv = ByteBuffer(capacity: 1 << 20), json = ByteBuffer(capacity: 1 << 20)
        func flush() throws {
            try csvFile.write(csv)
            try jsonFile?.write(json)
            csv.removeAll()
            json.removeAll()
        }
        csv.csvRecord(["account_id", "segment", "contacts", "prospects", "suspects", "names", "leads", "suppressed"] + fields.map(\.rawValue))
        let indices = fields.map { schema.index(of: $0) }
        let keys = fields.map { ByteBuffer.jsonKey($0.rawValue) }
        for account in accounts {
            let id = account.id
            let contact = set.contacts[account.first]
            let segment = account.best?.rawValue ?? "suppressed"
            let counts = [account.contacts, account.segments[Segment.prospect.rank], account.segments[Segment.suspect.rank],
                          account.segments[Segment.name.rank], account.leads, account.suppressed]
            csv.csvField(id)
            csv.byte(UInt8(ascii: ","))
            csv.csvField(segment)
            for count in counts {
                csv.byte(UInt8(ascii: ","))
                csv.int(count)
            }
            for index in indices {
                csv.byte(UInt8(ascii: ","))
                csv.csvField(contact[index])
            }
            csv.newline()
            json.text("{\"account_id\":")
            json.jsonString(id)
            json.text(",\"segment\":")
            json.jsonString(segment)
            for (key, count) in zip(["contacts", "prospects", "suspects", "names", "leads", "suppressed"], counts) {
                json.text(",\"")
                json.text(key)
                json.text("\":")
                json.int(count)
            }
            for (key, index) in zip(keys, indices) {
                json.byte(UInt8(ascii: ","))
                json.bytes(key)
                json.jsonOptional(contact[index])
            }
            json.byte(UInt8(ascii: "}"))
            json.newline()
            if json.count >= 1 << 20 { try flush() }
        }
        try flush()
        try csvFile.close()
        try jsonFile?.close()
    }
}
