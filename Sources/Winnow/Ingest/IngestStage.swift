import WinnowCSV

/// An input named on the command line.
public struct InputSpec: Sendable, Equatable {
    public var path: String
    public var kind: SourceKind
    public init(path: String, kind: SourceKind) { self.path = path; self.kind = kind }
}

/// Reads every input through the libcsv reader and maps its columns onto the schema.
///
/// Input: the files to read. Output: one `SourceRecord` per well-formed data record; malformed and empty
/// records go to the rejected list with their reason, and reading goes on.
public struct IngestStage: PipelineStage {
    public static let name = "ingest"
    public let config: WinnowConfig

    public init(config: WinnowConfig) { self.config = config }

    public func run(_ inputs: [InputSpec]) throws -> Batch<[SourceRecord]> {
        var seen = Set<String>()
        for input in inputs where !seen.insert(input.path).inserted {
            throw WinnowError.usage("\(input.path) is given twice; each input may be named once")
        }
        // Open every file first, so a missing input stops the run before any work is done.
        let readers = try inputs.map { try CSVReader(path: $0.path) }
        var schema = config.schema
        var files: [InputFile] = []
        var records: [SourceRecord] = []
        var rejected: [Rejection] = []
        for (fileIndex, (input, reader)) in zip(inputs, readers).enumerated() {
            let mapping = HeaderMapping(header: reader.header, overrides: config.columns, schema: &schema)
            let targets = mapping.targets
            let width = schema.count
            var rowsRead = 0
            var rejectedHere = 0
            try reader.forEachRecord { record in
                rowsRead += 1
                let source = SourceRef(file: fileIndex, row: record.row)
                if let problem = record.problem {
                    rejected.append(Rejection(source: source, reason: problem.description, raw: record.strings))
                    rejectedHere += 1
                    return
                }
                var values = [String](repeating: "", count: width)
                var anyValue = false
                for column in 0..<targets.count where !record.isEmpty(at: column) {
                    values[targets[column]] = record.string(at: column)
                    anyValue = true
                }
                guard anyValue else {
                    rejected.append(Rejection(source: source, reason: "empty record", raw: record.strings))
                    rejectedHere += 1
                    return
                }
                records.append(SourceRecord(source: source, values: values))
            }
            files.append(InputFile(
                path: input.path, kind: input.kind, sha256: reader.sha256, bytes: reader.byteCount,
                delimiter: reader.dialect.delimiterName, rowsRead: rowsRead, rejected: rejectedHere,
                header: reader.header, mappedTo: targets.map { schema.names[$0] }))
        }
        return Batch(inputs: files, schema: schema, rejected: rejected, payload: records)
    }
}
