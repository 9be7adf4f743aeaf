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

    private func write(_ batch: Batch<ClassifiedSet>, into output: OutputDirectory) throws -> RunSummary {
        let started = Date()
        let set = batch.payload
        let schema = batch.schema
        let paths = batch.inputs.map(\.path)

        var csvWriters: [Segment: CSVWriter] = [:]
        var jsonWriters: [Segment: LineFile] = [:]
        let header = ["winnow_id", "segment", "lead", "reasons", "sources"] + schema.names
        for segment in Segment.allCases {
            let writer = try CSVWriter(path: output.file("\(segment.plural).csv"))
            try writer.write(header)
            csvWriters[segment] = writer
            jsonWriters[segment] = try LineFile(path: output.file("\(segment.plural).jsonl"))
        }
        var counts: [Segment: Int] = [:]
        var leads = 0
        var row: [String] = []
        for (contact, classification) in zip(set.contacts, set.classifications) {
            let segment = classification.segment
            counts[segment, default: 0] += 1
            if contact.lead { leads += 1 }
            row.removeAll(keepingCapacity: true)
            row.append(contact.id)
            row.append(segment.rawValue)
            row.append(contact.lead ? "true" : "false")
            row.append(classification.reasons)
            row.append(contact.sources.map { "\(paths[$0.file]):\($0.row)" }.joined(separator: "|"))
            for index in 0..<schema.count { row.append(contact[index]) }
            try csvWriters[segment]!.write(row)
            try jsonWriters[segment]!.writeLine(ContactJSON.line(contact, classification, schema: schema, paths: paths))
        }
        for segment in Segment.allCases {
            try csvWriters[segment]!.close()
            try jsonWriters[segment]!.close()
        }

        let duplicates = try CSVWriter(path: output.file("duplicates.csv"))
        try duplicates.write(["source_file", "source_row", "merged_into", "rule"])
        for entry in set.duplicates {
            try duplicates.write([paths[entry.source.file], String(entry.source.row), entry.mergedInto, entry.rule])
        }
        try duplicates.close()

        let rejected = try CSVWriter(path: output.file("rejected.csv"))
        try rejected.write(["source_file", "source_row", "reason"])
        for rejection in batch.rejected.sorted(by: { $0.source < $1.source }) {
            try rejected.write([paths[rejection.source.file], String(rejection.source.row), rejection.reason] + rejection.raw)
        }
        try rejected.close()

        var timings = batch.timings
        timings.append(StageTiming(stage: Self.name, seconds: Date().timeIntervalSince(started)))
        let summary = RunSummary(batch: batch, counts: counts, leads: leads, configSHA256: configSHA256, timings: timings)
        try summary.write(to: output.file("summary.json"))
        return summary
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
        json.key("reasons")
        json.beginArray()
        for verdict in classification.verdicts {
            json.beginObject()
            json.field("criterion", verdict.criterion)
            json.field("field", verdict.field)
            json.field("status", verdict.status.rawValue)
            json.optionalField("value", verdict.value)
            json.endObject()
        }
        json.endArray()
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
}
