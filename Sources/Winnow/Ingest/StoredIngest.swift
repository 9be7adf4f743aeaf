import Foundation
import WinnowCSV

/// Ingest for runs with a state store: files are read once into their records as read (cells in column
/// order), which the state keeps; every run then maps all known files' cells onto the schema of the
/// current config, so a config change (a new column mapping, another ICP field) applies to old files too.
extension IngestStage {
    /// Reads one file, keeping each record's cells; malformed records are kept with their reason.
    public func read(_ input: InputSpec, as displayPath: String) throws -> StoredFile {
        let (options, settings) = readOptions(for: input.path)
        let reader = try CSVReader(path: input.path, options: options)
        let header = Self.header(of: reader, settings: settings)
        var rows: [StoredRow] = []
        var rejections: [StoredRejection] = []
        var interners = ColumnInterners()
        try reader.forEachRecord { record in
            if let problem = record.problem {
                rejections.append(StoredRejection(row: record.row, line: record.line, reason: problem.description, cells: record.strings))
            } else {
                rows.append(StoredRow(row: record.row, line: record.line, cells: interners.strings(record)))
            }
        }
        var file = InputFile(path: displayPath, kind: input.kind, sha256: reader.sha256, bytes: reader.byteCount,
                             delimiter: reader.dialect.delimiterName, rowsRead: rows.count + rejections.count,
                             rejected: rejections.count, header: header)
        file.encoding = reader.encoding.rawValue
        file.headerLine = reader.headerLine
        return StoredFile(input: file, rows: rows, rejections: rejections)
    }

    /// The ingest batch of stored files, in the order given: what `run` produces for files read now.
    public func batch(from files: [StoredFile]) -> Batch<[SourceRecord]> {
        var schema = config.schema
        var inputs: [InputFile] = []
        var records: [SourceRecord] = []
        var rejected: [Rejection] = []
        // Mapped before any record is built, so every record has the final width (see `run`).
        let layouts = files.map { HeaderMapping(header: $0.input.header, overrides: config.columns, schema: &schema).targets }
        let width = schema.count
        for (fileIndex, file) in files.enumerated() {
            let targets = layouts[fileIndex]
            var input = file.input
            input.mappedTo = targets.map { schema.names[$0] }
            input.rejected = file.rejections.count
            // Rows and rejections interleave by row number, as the reader met them.
            for rejection in file.rejections {
                rejected.append(Rejection(source: SourceRef(file: fileIndex, row: rejection.row, line: rejection.line),
                                          reason: rejection.reason, raw: rejection.cells))
            }
            for row in file.rows {
                let source = SourceRef(file: fileIndex, row: row.row, line: row.line)
                var values = [String](repeating: "", count: width)
                var anyValue = false
                for (column, cell) in row.cells.enumerated() where column < targets.count && !cell.isEmpty {
                    values[targets[column]] = cell
                    anyValue = true
                }
                guard anyValue else {
                    rejected.append(Rejection(source: source, reason: "empty record", raw: row.cells))
                    input.rejected += 1
                    continue
                }
                records.append(SourceRecord(source: source, values: values))
            }
            inputs.append(input)
        }
        rejected.sort { $0.source < $1.source }
        return Batch(inputs: inputs, schema: schema, rejected: rejected, payload: records)
    }
}
