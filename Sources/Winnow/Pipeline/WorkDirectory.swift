import Foundation
import WinnowCSV

/// The stages' artifacts on disk, so each stage can run alone: `DIR/<stage>/` holds the stage's output as
/// CSV an analyst can open (fields, then lineage), `rejected.csv` with every rejection so far, and
/// `batch.json` with the inputs, schema and timings.
public struct WorkDirectory {
    public let root: URL

    public init(path: String) { root = URL(fileURLWithPath: path) }

    struct BatchInfo: Codable {
        var stage: String
        var inputs: [InputFile]
        var schema: [String]
        var mappedCount: Int
        var timings: [StageTiming]
        var icpName: String?
        var fieldStatistics: [String: FieldCounts]?
        var counters: [String: Int]?
    }

    // MARK: Saving

    public func save(_ batch: Batch<[SourceRecord]>, stage: String) throws {
        let folder = try prepare(stage)
        let paths = batch.inputs.map(\.path)
        let writer = try CSVWriter(path: folder.appendingPathComponent("records.csv").path)
        try writer.write(batch.schema.names + ["flags", "raw", "source_file", "source_row", "source_line"])
        for record in batch.payload {
            try writer.write((0..<batch.schema.count).map { record[$0] }
                             + [record.flags.names.joined(separator: "|"), RawCodec.encode(record.raw, schema: batch.schema),
                                paths[record.source.file], String(record.source.row), String(record.source.line)])
        }
        try writer.close()
        try finish(batch, stage: stage, folder: folder, icpName: nil)
    }

    public func save(_ batch: Batch<ContactSet>, stage: String) throws {
        let folder = try prepare(stage)
        try writeContacts(batch.payload.contacts, classifications: nil, batch: batch, to: folder)
        try writeDuplicates(batch.payload.duplicates, paths: batch.inputs.map(\.path), to: folder)
        try finish(batch, stage: stage, folder: folder, icpName: nil)
    }

    public func save(_ batch: Batch<ClassifiedSet>, stage: String) throws {
        let folder = try prepare(stage)
        try writeContacts(batch.payload.contacts, classifications: batch.payload.classifications, batch: batch, to: folder)
        try writeDuplicates(batch.payload.duplicates, paths: batch.inputs.map(\.path), to: folder)
        try finish(batch, stage: stage, folder: folder, icpName: batch.payload.icpName)
    }

    // MARK: Loading

    public func loadRecords(stage: String) throws -> Batch<[SourceRecord]> {
        let (info, folder) = try info(stage)
        let schema = FieldSchema(names: info.schema, mappedCount: info.mappedCount)
        let files = fileIndex(info)
        var records: [SourceRecord] = []
        try readTable(folder.appendingPathComponent("records.csv"), stage: stage) { row, record in
            var source = try sourceRef(file: record.string(at: schema.count + 2), row: record.string(at: schema.count + 3),
                                       files: files, artifact: "records.csv", line: row)
            source.line = Int(record.string(at: schema.count + 4)) ?? 0
            records.append(SourceRecord(source: source, values: (0..<schema.count).map { record.string(at: $0) },
                                        flags: FieldFlags(names: record.string(at: schema.count).split(separator: "|")),
                                        raw: try RawCodec.decode(record.string(at: schema.count + 1), schema: schema)))
        }
        var batch = Batch(inputs: info.inputs, schema: schema, rejected: try loadRejected(folder, files: files),
                          timings: info.timings, payload: records)
        batch.fieldStatistics = info.fieldStatistics ?? [:]
        batch.counters = info.counters ?? [:]
        return batch
    }

    public func loadContacts(stage: String) throws -> Batch<ContactSet> {
        let (info, folder) = try info(stage)
        let schema = FieldSchema(names: info.schema, mappedCount: info.mappedCount)
        let files = fileIndex(info)
        var contacts: [Contact] = []
        try readTable(folder.appendingPathComponent("contacts.csv"), stage: stage) { row, record in
            contacts.append(try contact(record, schema: schema, files: files, offset: 2, row: row))
        }
        var batch = Batch(inputs: info.inputs, schema: schema, rejected: try loadRejected(folder, files: files), timings: info.timings,
                          payload: ContactSet(contacts: contacts, duplicates: try loadDuplicates(folder, files: files)))
        batch.fieldStatistics = info.fieldStatistics ?? [:]
        batch.counters = info.counters ?? [:]
        return batch
    }

    public func loadClassified(stage: String) throws -> Batch<ClassifiedSet> {
        let (info, folder) = try info(stage)
        let schema = FieldSchema(names: info.schema, mappedCount: info.mappedCount)
        let files = fileIndex(info)
        var contacts: [Contact] = []
        var classifications: [Classification] = []
        try readTable(folder.appendingPathComponent("contacts.csv"), stage: stage) { row, record in
            contacts.append(try contact(record, schema: schema, files: files, offset: 2, row: row))
            do {
                classifications.append(try ClassificationCodec.decode(record.string(at: schema.count + 8)))
            } catch {
                throw corrupt("contacts.csv", row: row, "unreadable classification: \(error)")
            }
        }
        var batch = Batch(inputs: info.inputs, schema: schema, rejected: try loadRejected(folder, files: files), timings: info.timings,
                          payload: ClassifiedSet(contacts: contacts, classifications: classifications,
                                                 duplicates: try loadDuplicates(folder, files: files), icpName: info.icpName ?? ""))
        batch.fieldStatistics = info.fieldStatistics ?? [:]
        batch.counters = info.counters ?? [:]
        return batch
    }

    // MARK: Shared pieces

    private func prepare(_ stage: String) throws -> URL {
        let folder = root.appendingPathComponent(stage)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw WinnowError.output(path: folder.path, reason: error.localizedDescription)
        }
        // A stage rerun invalidates what it wrote before; batch.json is written last and marks completion.
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("batch.json"))
        return folder
    }

    private func finish<Payload>(_ batch: Batch<Payload>, stage: String, folder: URL, icpName: String?) throws {
        let paths = batch.inputs.map(\.path)
        let writer = try CSVWriter(path: folder.appendingPathComponent("rejected.csv").path)
        try writer.write(["source_file", "source_row", "source_line", "reason"])
        for rejection in batch.rejected {
            try writer.write([paths[rejection.source.file], String(rejection.source.row), String(rejection.source.line),
                              rejection.reason] + rejection.raw)
        }
        try writer.close()
        let info = BatchInfo(stage: stage, inputs: batch.inputs, schema: batch.schema.names,
                             mappedCount: batch.schema.mappedCount, timings: batch.timings, icpName: icpName,
                             fieldStatistics: batch.fieldStatistics, counters: batch.counters)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(info).write(to: folder.appendingPathComponent("batch.json"), options: .atomic)
    }

    private func writeContacts(_ contacts: [Contact], classifications: [Classification]?, batch: Batch<some Any>, to folder: URL) throws {
        let paths = batch.inputs.map(\.path)
        let writer = try CSVWriter(path: folder.appendingPathComponent("contacts.csv").path)
        var header = ["winnow_id", "lead"] + batch.schema.names + ["flags", "raw", "sources", "origins", "conflicts", "account_id"]
        if classifications != nil { header += ["classification"] }
        try writer.write(header)
        for (index, contact) in contacts.enumerated() {
            var row = [contact.id, contact.lead ? "true" : "false"]
            row += (0..<batch.schema.count).map { contact[$0] }
            row.append(contact.flags.names.joined(separator: "|"))
            row.append(RawCodec.encode(contact.raw, schema: batch.schema))
            row.append(contact.sources.map { "\(paths[$0.file]):\($0.row)" }.joined(separator: "|"))
            row.append(OriginCodec.encode(contact.origins, schema: batch.schema, paths: paths))
            row.append(ConflictCodec.encode(contact.conflicts, schema: batch.schema, paths: paths))
            row.append(contact.accountID)
            if let classifications {
                row.append(ClassificationCodec.encode(classifications[index], of: contacts[index]))
            }
            try writer.write(row)
        }
        try writer.close()
    }

    private func writeDuplicates(_ duplicates: [DuplicateEntry], paths: [String], to folder: URL) throws {
        let writer = try CSVWriter(path: folder.appendingPathComponent("duplicates.csv").path)
        try writer.write(["source_file", "source_row", "merged_into", "rule", "score"])
        for entry in duplicates {
            try writer.write([paths[entry.source.file], String(entry.source.row), entry.mergedInto, entry.rule, ScoreText.format(entry.score)])
        }
        try writer.close()
    }

    private func info(_ stage: String) throws -> (BatchInfo, URL) {
        let folder = root.appendingPathComponent(stage)
        let url = folder.appendingPathComponent("batch.json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw WinnowError.workDirectory(path: folder.path,
                                            reason: "no completed `\(stage)` output here; run `winnow \(stage) --work \(root.path)` first")
        }
        do {
            return (try JSONDecoder().decode(BatchInfo.self, from: data), folder)
        } catch {
            throw WinnowError.workDirectory(path: url.path, reason: "not a Winnow stage file: \(error)")
        }
    }

    private func fileIndex(_ info: BatchInfo) -> [String: Int] {
        Dictionary(info.inputs.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private func readTable(_ url: URL, stage: String, _ body: (Int, CSVRecord) throws -> Void) throws {
        let reader = try CSVReader(path: url.path, dialect: .comma)
        try reader.forEachRecord { record in
            if let problem = record.problem { throw corrupt(url.lastPathComponent, row: record.row, problem.description) }
            try body(record.row, record)
        }
    }

    private func loadRejected(_ folder: URL, files: [String: Int]) throws -> [Rejection] {
        var rejected: [Rejection] = []
        let reader = try CSVReader(path: folder.appendingPathComponent("rejected.csv").path, dialect: .comma)
        try reader.forEachRecord { record in
            // Raw fields make rejected rows ragged, so the field count check does not apply here.
            if case .malformed = record.problem { throw corrupt("rejected.csv", row: record.row, "malformed CSV") }
            if case .unterminatedQuote = record.problem { throw corrupt("rejected.csv", row: record.row, "malformed CSV") }
            if case .unbalancedQuote = record.problem { throw corrupt("rejected.csv", row: record.row, "malformed CSV") }
            var source = try sourceRef(file: record.string(at: 0), row: record.string(at: 1), files: files,
                                       artifact: "rejected.csv", line: record.row)
            source.line = Int(record.string(at: 2)) ?? 0
            rejected.append(Rejection(source: source, reason: record.string(at: 3), raw: Array(record.strings.dropFirst(4))))
        }
        return rejected
    }

    private func loadDuplicates(_ folder: URL, files: [String: Int]) throws -> [DuplicateEntry] {
        var duplicates: [DuplicateEntry] = []
        try readTable(folder.appendingPathComponent("duplicates.csv"), stage: "") { row, record in
            let source = try sourceRef(file: record.string(at: 0), row: record.string(at: 1), files: files,
                                       artifact: "duplicates.csv", line: row)
            duplicates.append(DuplicateEntry(source: source, mergedInto: record.string(at: 2), rule: record.string(at: 3),
                                             score: Double(record.string(at: 4)) ?? 1))
        }
        return duplicates
    }

    private func contact(_ record: CSVRecord, schema: FieldSchema, files: [String: Int], offset: Int, row: Int) throws -> Contact {
        let sources = try record.string(at: offset + schema.count + 2).split(separator: "|").map { token -> SourceRef in
            guard let colon = token.lastIndex(of: ":") else { throw corrupt("contacts.csv", row: row, "bad source `\(token)`") }
            return try sourceRef(file: String(token[..<colon]), row: String(token[token.index(after: colon)...]),
                                 files: files, artifact: "contacts.csv", line: row)
        }
        var origins: [Int: SourceRef] = [:]
        let originText = record.string(at: offset + schema.count + 3)
        if !originText.isEmpty {
            guard let stored = (try? JSONValue.parse(originText))?.pairs else {
                throw corrupt("contacts.csv", row: row, "bad origins `\(originText)`")
            }
            for (name, value) in stored {
                guard let field = schema.index(of: name), let token = value.string, let colon = token.lastIndex(of: ":") else {
                    throw corrupt("contacts.csv", row: row, "bad origin `\(name)`")
                }
                origins[field] = try sourceRef(file: String(token[..<colon]), row: String(token[token.index(after: colon)...]),
                                               files: files, artifact: "contacts.csv", line: row)
            }
        }
        var contact = Contact(id: record.string(at: 0), lead: record.string(at: 1) == "true", sources: sources,
                              values: (0..<schema.count).map { record.string(at: offset + $0) }, origins: origins,
                              flags: FieldFlags(names: record.string(at: offset + schema.count).split(separator: "|")),
                              raw: try RawCodec.decode(record.string(at: offset + schema.count + 1), schema: schema))
        contact.ownConflicts = try ConflictCodec.decode(record.string(at: offset + schema.count + 4), schema: schema, files: files)
        contact.accountID = record.string(at: offset + schema.count + 5)
        return contact
    }

    private func sourceRef(file: String, row: String, files: [String: Int], artifact: String, line: Int) throws -> SourceRef {
        guard let index = files[file], let number = Int(row) else {
            throw corrupt(artifact, row: line, "unknown source `\(file):\(row)`")
        }
        return SourceRef(file: index, row: number)
    }

    private func corrupt(_ artifact: String, row: Int, _ message: String) -> WinnowError {
        WinnowError.data(path: root.appendingPathComponent(artifact).path, row: row, message: message)
    }
}

/// A classification stored in one CSV cell of the classify artifact, as JSON.
enum ClassificationCodec {
    static func encode(_ classification: Classification, of contact: Contact) -> String {
        var json = JSONLine()
        json.beginObject()
        json.field("segment", classification.segment.rawValue)
        json.field("icp", classification.icp)
        json.field("fitScore", classification.fitScore)
        json.field("prospectCount", classification.prospectCount)
        if let suppressedBy = classification.suppressedBy { json.field("suppressedBy", suppressedBy) }
        json.key("verdicts")
        ContactJSON.appendVerdicts(classification.verdicts(of: contact), to: &json)
        json.endObject()
        return String(decoding: json.bytes, as: UTF8.self)
    }

    static func decode(_ text: String) throws -> Classification {
        let stored = try JSONValue.parse(text)
        guard let segment = stored["segment"]?.string.flatMap(Segment.init(rawValue:)), let icp = stored["icp"]?.string,
              let fitScore = stored["fitScore"]?.int, let prospectCount = stored["prospectCount"]?.int,
              let verdicts = stored["verdicts"]?.array else {
            throw WinnowError.usage("a classification lacks its segment, icp, scores or verdicts")
        }
        func verdict(_ v: JSONValue) -> Verdict {
            Verdict(field: v["field"]?.string ?? "", criterion: v["criterion"]?.string ?? "",
                    status: Verdict.Status(rawValue: v["status"]?.string ?? "") ?? .unknown,
                    value: v["value"]?.string ?? "", source: v["source"]?.string ?? "",
                    members: (v["members"]?.array ?? []).map(verdict))
        }
        return Classification(segment: segment, icp: icp, verdicts: verdicts.map(verdict),
                              prospectCount: prospectCount, fitScore: fitScore, suppressedBy: stored["suppressedBy"]?.string)
    }
}

/// The values as given, stored in one CSV cell as a JSON object keyed by field name.
enum RawCodec {
    static func encode(_ raw: RawValues, schema: FieldSchema) -> String {
        guard !raw.isEmpty else { return "" }
        var json = JSONLine()
        json.beginObject()
        for entry in raw.entries { json.field(schema.names[entry.field], entry.value) }
        json.endObject()
        return String(decoding: json.bytes, as: UTF8.self)
    }

    static func decode(_ text: String, schema: FieldSchema) throws -> RawValues {
        guard !text.isEmpty else { return [:] }
        var raw = RawValues()
        for (name, value) in try JSONValue.parse(text).pairs ?? [] {
            if let index = schema.index(of: name), let text = value.string { raw[index] = text }
        }
        return raw
    }
}

/// A contact's conflicts in one CSV cell, as a JSON array.
enum ConflictCodec {
    static func encode(_ conflicts: [FieldConflict], schema: FieldSchema, paths: [String]) -> String {
        guard !conflicts.isEmpty else { return "" }
        var json = JSONLine()
        json.beginArray()
        for conflict in conflicts {
            json.beginObject()
            json.field("field", schema.names[conflict.field])
            json.field("kept", conflict.kept)
            json.field("other", conflict.other)
            json.field("file", paths[conflict.otherSource.file])
            json.field("row", conflict.otherSource.row)
            json.endObject()
        }
        json.endArray()
        return String(decoding: json.bytes, as: UTF8.self)
    }

    static func decode(_ text: String, schema: FieldSchema, files: [String: Int]) throws -> [FieldConflict] {
        guard !text.isEmpty else { return [] }
        return (try JSONValue.parse(text).array ?? []).compactMap { stored in
            guard let name = stored["field"]?.string, let field = schema.index(of: name),
                  let file = stored["file"]?.string.flatMap({ files[$0] }), let row = stored["row"]?.int else { return nil }
            return FieldConflict(field: field, kept: stored["kept"]?.string ?? "", other: stored["other"]?.string ?? "",
                                 otherSource: SourceRef(file: file, row: row))
        }
    }
}

/// Match scores as written in duplicates.csv: three decimals, no trailing zeros.
public enum ScoreText {
    public static func format(_ score: Double) -> String {
        let thousandths = Int((score * 1000).rounded())
        if thousandths % 1000 == 0 { return String(thousandths / 1000) }
        var text = String(format: "%d.%03d", thousandths / 1000, thousandths % 1000)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}

/// Where values came from, in one CSV cell: a JSON object of field -> FILE:ROW.
enum OriginCodec {
    static func encode(_ origins: [Int: SourceRef], schema: FieldSchema, paths: [String]) -> String {
        guard !origins.isEmpty else { return "" }
        var json = JSONLine()
        json.beginObject()
        for field in origins.keys.sorted() {
            json.field(schema.names[field], "\(paths[origins[field]!.file]):\(origins[field]!.row)")
        }
        json.endObject()
        return String(decoding: json.bytes, as: UTF8.self)
    }
}
