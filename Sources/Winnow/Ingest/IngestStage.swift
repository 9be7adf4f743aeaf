import CFileSystem
import Foundation
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
    /// Settings given on the command line for every input (`--encoding`, `--delimiter`); a matching
    /// `sources:` entry of the config overrides them per file.
    public let defaults: SourceSettings
    /// Called every few thousand records with the file, the bytes read of it and its size, and the records
    /// read so far (the command line draws a progress bar from it on a terminal); once more at the end
    /// with bytesRead -1.
    public let progress: (@Sendable (_ file: String, _ bytesRead: Int, _ bytesTotal: Int, _ records: Int) -> Void)?
    /// Threads that read one large UTF-8 file in parts (`CSVReader.forEachRecord(inParts:)`).
    public let jobs: Int
    /// A file is cut into parts of at least this size; smaller files are read by one thread.
    var minimumPartBytes = 4 << 20

    public init(config: WinnowConfig, defaults: SourceSettings = SourceSettings(match: "*"), jobs: Int = 1,
                progress: (@Sendable (_ file: String, _ bytesRead: Int, _ bytesTotal: Int, _ records: Int) -> Void)? = nil) {
        self.config = config; self.defaults = defaults; self.jobs = jobs; self.progress = progress
    }

    /// The reader options for one input: the config's first matching `sources:` entry, else the defaults.
    public func readOptions(for path: String) -> (CSVReadOptions, SourceSettings) {
        let settings = config.sourceSettings(for: path) ?? defaults
        let options = CSVReadOptions(
            dialect: (settings.delimiter ?? defaults.delimiter).map { CSVDialect(delimiter: $0) },
            encoding: (settings.encoding ?? defaults.encoding).flatMap(CSVTextEncoding.init(name:)),
            header: settings.headerless ? .none : .auto,
            ragged: settings.ragged == .pad ? .pad : .reject,
            maxFieldBytes: settings.maxFieldBytes ?? defaults.maxFieldBytes ?? 65536)
        return (options, settings)
    }

    /// The file's column names: its header, or for a headerless file the source's positional `columns:` list.
    static func header(of reader: CSVReader, settings: SourceSettings) -> [String] {
        guard settings.headerless else { return reader.header }
        return reader.header.indices.map { $0 < settings.columns.count ? settings.columns[$0] : reader.header[$0] }
    }

    public func run(_ inputs: consuming [InputSpec]) throws -> Batch<[SourceRecord]> {
        var seen = Set<String>()
        for input in copy inputs where !seen.insert(input.path).inserted {
            throw WinnowError.usage("\(input.path) is given twice; each input may be named once")
        }
        // Open every file first, so a missing input stops the run before any work is done.
        let readers = try inputs.map { input -> (CSVReader, SourceSettings) in
            let (options, settings) = readOptions(for: input.path)
            return (try CSVReader(path: input.path, options: options), settings)
        }
        // Every file's columns are mapped before any record is read, so each record is made at the run's final
        // width once: a later file's extra column would otherwise cost every earlier record a padded copy.
        var schema = config.schema
        let layouts = readers.map { reader, settings -> (header: [String], targets: [Int]) in
            let header = Self.header(of: reader, settings: settings)
            return (header, HeaderMapping(header: header, overrides: config.columns, schema: &schema).targets)
        }
        let width = schema.count
        var files: [InputFile] = []
        var records: [SourceRecord] = []
        var rejected: [Rejection] = []
        for (fileIndex, (input, (reader, _))) in zip(inputs, readers).enumerated() {
            let (header, targets) = layouts[fileIndex]
            let size = reader.fileSize
            let progress = self.progress
            let alreadyRead = records.count + rejected.count
            // The first file's records become the run's array, which the later files' records join: room for them
            // too, or the array is regrown (doubled) and moved when the next file joins.
            let laterBytes = records.isEmpty ? readers[(fileIndex + 1)...].reduce(0) { $0 + $1.0.fileSize } : 0
            // Only the first part's thread asks, and the reader's own thread waits meanwhile.
            nonisolated(unsafe) let reader = reader
            // While the parts keep every core busy, the heap's prefault thread (MemorySetup) would only compete:
            // on the 2-core bench VM 1M rows took 8.3 and 8.1 s in 2 parts beside it, 6.8 and 7.7 s in one part
            // with it, 6.4 and 6.4 s in 2 parts without it.
            let inParts = reader.canReadInParts(jobs, minimumPartBytes: minimumPartBytes)
            if inParts { winnow_prefault_pause(1) }
            defer { if inParts { winnow_prefault_pause(0) } }
            var parts = try reader.forEachRecord(inParts: inParts ? jobs : 1, minimumPartBytes: minimumPartBytes, makePart: { IngestPart(info: $0) }) { part, record in
                part.add(record, file: fileIndex, targets: targets, width: width)
                if part.info.index == 0 && part.rowsRead % 8192 == 0 {
                    if part.rowsRead == 8192 { part.reserveForFile(bytesRead: reader.byteCount, size: size, laterBytes: laterBytes) }
                    // The first part reports for all: the parts read at about the same pace.
                    let share = max(1, part.info.bytes.upperBound)
                    progress?(input.path, min(size, reader.byteCount * size / share), size, alreadyRead + part.rowsRead * size / share)
                }
            }
            var rowsRead = 0
            var rejectedHere = 0
            // One move into an array of the exact size when the reserved room falls short, not a doubling.
            let joining = records.count + parts.reduce(0) { $0 + $1.value.records.count }
            if !records.isEmpty && records.capacity < joining { records.reserveCapacity(joining) }
            for index in parts.indices {
                // Moved out, not copied: a second reference would make normalize copy every record's values.
                var part = IngestPart(info: parts[index].value.info)
                swap(&part, &parts[index].value)
                if records.isEmpty {
                    part.shiftRows(by: parts[index].rowsBefore)
                    swap(&records, &part.records)
                } else {
                    part.moveRecords(onto: &records, shiftingRowsBy: parts[index].rowsBefore)
                }
                rejected.append(contentsOf: part.rejected)
                rowsRead += parts[index].rows
                rejectedHere += part.rejected.count
            }
            files.append(InputFile(
                path: input.path, kind: input.kind, sha256: reader.sha256, bytes: reader.byteCount,
                delimiter: reader.dialect.delimiterName, rowsRead: rowsRead, rejected: rejectedHere,
                header: header, mappedTo: targets.map { schema.names[$0] }))
            files[files.count - 1].encoding = reader.encoding.rawValue
            files[files.count - 1].headerLine = reader.headerLine
        }
        progress?("", -1, 0, records.count + rejected.count)   // done: the bar clears its line
        return Batch(inputs: files, schema: schema, rejected: rejected, payload: records)
    }
}

/// What one part of an input file yields: its records and rejections, rows counted within the part.
private struct IngestPart: Sendable {
    let info: CSVPartInfo
    var records: [SourceRecord] = []
    var rejected: [Rejection] = []
    var interners = ColumnInterners()
    var rowsRead = 0

    init(info: CSVPartInfo) { self.info = info }

    mutating func add(_ record: CSVRecord, file: Int, targets: [Int], width: Int) {
        rowsRead += 1
        let source = SourceRef(file: file, row: record.row, line: record.line)
        if let problem = record.problem {
            rejected.append(Rejection(source: source, reason: problem.description, raw: record.strings))
            return
        }
        var values = [String](repeating: "", count: width)
        var anyValue = false
        for column in 0..<targets.count where !record.isEmpty(at: column) {
            values[targets[column]] = interners.string(record, at: column)
            anyValue = true
        }
        guard anyValue else {
            rejected.append(Rejection(source: source, reason: "empty record", raw: record.strings))
            return
        }
        records.append(SourceRecord(source: source, values: values))
    }

    /// Room for the rest of the file's `size` bytes at the rate so far (+10%), so the array is not regrown and
    /// copied into fresh memory several times on the way to a million records; the later parts' records join it.
    /// The later files' `laterBytes` get room for records of a quarter of this file's size: form exports carry
    /// fewer columns than purchased lists (the bench's form records are half the size), and room never written
    /// costs address space, not memory.
    mutating func reserveForFile(bytesRead: Int, size: Int, laterBytes: Int) {
        guard bytesRead > 0, size > bytesRead else { return }
        let perByte = Double(rowsRead) / Double(bytesRead)
        let expected = (Double(size - bytesRead) * 1.1 + Double(laterBytes) * 4) * perByte
        records.reserveCapacity(records.count + Int(expected))
    }

    /// Makes the part's rows count from the file's first data record.
    mutating func shiftRows(by rowsBefore: Int) {
        guard rowsBefore > 0 else { return }
        for i in records.indices { records[i].source.row += rowsBefore }
        for i in rejected.indices { rejected[i].source.row += rowsBefore }
    }

    /// `shiftRows`, then the records moved onto the end of `all`, leaving empty ones behind. `append(contentsOf:)`
    /// copied them: a retain and a release per record, a fifth of a second of one core for the second half of a
    /// million-row file.
    mutating func moveRecords(onto all: inout [SourceRecord], shiftingRowsBy rowsBefore: Int) {
        for i in rejected.indices { rejected[i].source.row += rowsBefore }
        let start = all.count, count = records.count
        all.append(contentsOf: repeatElement(SourceRecord(source: SourceRef(file: 0, row: 0), values: []), count: count))
        all.withUnsafeMutableBufferPointer { all in
            records.withUnsafeMutableBufferPointer { records in
                for i in 0..<count {
                    swap(&all[start + i], &records[i])
                    all[start + i].source.row += rowsBefore
                }
            }
        }
        records = []
    }
}
