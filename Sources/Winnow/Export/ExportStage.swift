import Foundation
import WinnowCSV

/// Writes the output contract (README, "Outputs") into the output folder, atomically.
///
/// Input: classified contacts. Output: the run's summary, also written as summary.json.
public struct ExportStage: PipelineStage {
    public static let name = "export"
    public let outputPath: String
    public let configSHA256: String

    public init(outputPath: String, configSHA256: String) {
        self.outputPath = outputPath; self.configSHA256 = configSHA256
    }

    public func run(_ batch: Batch<ClassifiedSet>) throws -> RunSummary {
        let output = try OutputDirectory(path: outputPath)
        do {
            let summary = try write(batch, into: output)
            try output.publish()
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

        // Segment files, then suppressed, then leads: each a CSV and a JSON Lines file with the same contacts.
        let segmentFiles = try Segment.allCases.map { try ContactFiles(output: output, stem: $0.plural, schema: schema, extra: nil) }
        let suppressedFiles = try ContactFiles(output: output, stem: "suppressed", schema: schema, extra: "suppressed_by")
        let leadFiles = try ContactFiles(output: output, stem: "leads", schema: schema, extra: nil)

        // Within a segment: best fit first, then input order (the order contacts arrive in).
        let order = set.classifications.indices.sorted {
            let a = set.classifications[$0].fitScore, b = set.classifications[$1].fitScore
            return a != b ? a > b : $0 < $1
        }
        var counts: [Segment: Int] = [:]
        var leads = 0, suppressed = 0
        for position in order {
            let contact = set.contacts[position], classification = set.classifications[position]
            if let reason = classification.suppressedBy {
                suppressed += 1
                try suppressedFiles.write(contact, classification, paths: paths, extra: reason)
                continue
            }
            counts[classification.segment, default: 0] += 1
            try segmentFiles[Segment.allCases.firstIndex(of: classification.segment)!].write(contact, classification, paths: paths, extra: nil)
            if contact.lead {
                leads += 1
                try leadFiles.write(contact, classification, paths: paths, extra: nil)
            }
        }
        for files in segmentFiles + [suppressedFiles, leadFiles] { try files.close() }
        try AccountFiles.write(set, schema: schema, into: output)

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

        var timings = batch.timings
        timings.append(StageTiming(stage: Self.name, seconds: Date().timeIntervalSince(started)))
        let summary = RunSummary(batch: batch, counts: counts, leads: leads, suppressed: suppressed,
                                 configSHA256: configSHA256, timings: timings)
        try summary.write(to: output.file("summary.json"))
        return summary
    }
}

/// The CSV and JSON Lines file of one group of contacts (a segment, suppressed, leads).
final class ContactFiles {
    private let csv: CSVWriter
    private let json: LineFile
    private let schema: FieldSchema
    private var row: [String] = []

    /// The columns every contact file begins with; `extra` (e.g. `suppressed_by`) follows them.
    static let leadingColumns = ["winnow_id", "segment", "lead", "reasons", "sources", "fit_score", "icp", "qualification", "account_id"]

    init(output: OutputDirectory, stem: String, schema: FieldSchema, extra: String?) throws {
        csv = try CSVWriter(path: output.file("\(stem).csv"))
        json = try LineFile(path: output.file("\(stem).jsonl"))
        self.schema = schema
        try csv.write(Self.leadingColumns + (extra.map { [$0] } ?? []) + schema.names)
    }

    func write(_ contact: Contact, _ classification: Classification, paths: [String], extra: String?) throws {
        row.removeAll(keepingCapacity: true)
        row.append(contact.id)
        row.append(classification.segment.rawValue)
        row.append(contact.lead ? "true" : "false")
        row.append(classification.reasons)
        row.append(contact.sources.map { "\(paths[$0.file]):\($0.row)" }.joined(separator: "|"))
        row.append(String(classification.fitScore))
        row.append(classification.icp)
        row.append(classification.qualification?.rawValue ?? "")
        row.append(contact.accountID)
        if let extra { row.append(extra) }
        for index in 0..<schema.count { row.append(contact[index]) }
        try csv.write(row)
        try json.writeLine(ContactJSON.line(contact, classification, schema: schema, paths: paths))
    }

    func close() throws {
        try csv.close()
        try json.close()
    }
}

/// One contact as a JSON Lines object; key order is fixed.
enum ContactJSON {
    static func line(_ contact: Contact, _ classification: Classification, schema: FieldSchema, paths: [String]) -> [UInt8] {
        var json = JSONLine()
        json.beginObject()
        json.field("winnow_id", contact.id)
        json.field("segment", classification.segment.rawValue)
        json.field("lead", contact.lead)
        json.field("fit_score", classification.fitScore)
        json.field("icp", classification.icp)
        json.optionalField("qualification", classification.qualification?.rawValue ?? "")
        json.optionalField("account_id", contact.accountID)
        if let suppressedBy = classification.suppressedBy { json.field("suppressed_by", suppressedBy) }
        json.key("reasons")
        appendVerdicts(classification.verdicts, to: &json)
        json.key("sources")
        json.beginArray()
        for source in contact.sources {
            json.beginObject()
            json.field("file", paths[source.file])
            json.field("row", source.row)
            json.endObject()
        }
        json.endArray()
        let numeric: Set<Int> = [schema.index(of: .employees), schema.index(of: .revenue)]
        for index in 0..<schema.mappedCount {
            let name = schema.names[index]
            // Employees and revenue are numbers once normalized (revenue in the ICP currency); a range gives `<field>_max`.
            if numeric.contains(index), let field = CanonicalField.at(index),
               contact.flags.intersection(.of(field)).isEmpty, let range = RangeText.parse(contact[index]) {
                json.key(name)
                json.number(range.lower)
                if range.upper != range.lower {
                    json.key(name + "_max")
                    if let upper = range.upper { json.number(upper) } else { json.null() }
                }
            } else {
                json.optionalField(name, contact[index])
            }
        }
        json.key("conflicts")
        json.beginArray()
        for conflict in contact.conflicts {
            json.beginObject()
            json.field("field", schema.names[conflict.field])
            json.field("kept", conflict.kept)
            json.field("other", conflict.other)
            json.field("source", "\(paths[conflict.otherSource.file]):\(conflict.otherSource.row)")
            json.endObject()
        }
        json.endArray()
        json.key("flags")
        json.beginArray()
        for name in contact.flags.names { json.string(name) }
        json.endArray()
        json.key("raw")
        json.beginObject()
        for index in contact.raw.keys.sorted() { json.field(schema.names[index], contact.raw[index]!) }
        json.endObject()
        json.key("extras")
        json.beginObject()
        for index in schema.mappedCount..<schema.count where !contact[index].isEmpty {
            json.field(schema.names[index], contact[index])
        }
        json.endObject()
        json.endObject()
        return json.bytes
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
        var segments: [Segment: Int] = [:]
        var best: Segment? = nil
    }

    static let fields: [CanonicalField] = [.company, .domain, .website, .country, .industry, .industryCode, .employees, .revenue]

    static func write(_ set: ClassifiedSet, schema: FieldSchema, into output: OutputDirectory) throws {
        var accounts: [String: Account] = [:]
        var order: [String] = []
        for (index, (contact, classification)) in zip(set.contacts, set.classifications).enumerated() where !contact.accountID.isEmpty {
            if accounts[contact.accountID] == nil {
                accounts[contact.accountID] = Account(id: contact.accountID, first: index)
                order.append(contact.accountID)
            }
            accounts[contact.accountID]!.contacts += 1
            if classification.suppressedBy != nil {
                accounts[contact.accountID]!.suppressed += 1
                continue
            }
            if contact.lead { accounts[contact.accountID]!.leads += 1 }
            accounts[contact.accountID]!.segments[classification.segment, default: 0] += 1
            accounts[contact.accountID]!.best = max(accounts[contact.accountID]!.best ?? .name, classification.segment)
        }
        let csv = try CSVWriter(path: output.file("accounts.csv"))
        let json = try LineFile(path: output.file("accounts.jsonl"))
        try csv.write(["account_id", "segment", "contacts", "prospects", "suspects", "names", "leads", "suppressed"] + fields.map(\.rawValue))
        for id in order {
            let account = accounts[id]!
            let contact = set.contacts[account.first]
            let segment = account.best?.rawValue ?? "suppressed"
            let values = fields.map { contact[schema.index(of: $0)] }
            try csv.write([id, segment, String(account.contacts), String(account.segments[.prospect] ?? 0),
                           String(account.segments[.suspect] ?? 0), String(account.segments[.name] ?? 0),
                           String(account.leads), String(account.suppressed)] + values)
            var line = JSONLine()
            line.beginObject()
            line.field("account_id", id)
            line.field("segment", segment)
            line.field("contacts", account.contacts)
            line.field("prospects", account.segments[.prospect] ?? 0)
            line.field("suspects", account.segments[.suspect] ?? 0)
            line.field("names", account.segments[.name] ?? 0)
            line.field("leads", account.leads)
            line.field("suppressed", account.suppressed)
            for (field, value) in zip(fields, values) { line.optionalField(field.rawValue, value) }
            line.endObject()
            try json.writeLine(line.bytes)
        }
        try csv.close()
        try json.close()
    }
}
