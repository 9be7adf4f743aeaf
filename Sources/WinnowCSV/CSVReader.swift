internal import Dispatch

/// Streams a CSV file through libcsv (strict mode), record by record, without loading it whole.
///
/// Any of UTF-8, UTF-16 LE/BE, Windows-1252 and ISO-8859-1 (detected or given); non-UTF-8 text is
/// converted to UTF-8 while streaming. Comma, semicolon, tab or pipe (sniffed or given); CR, LF or CRLF
/// line ends. Preamble lines before the header are skipped. A broken record costs only itself.
public final class CSVReader {
    public let path: String
    public let dialect: CSVDialect
    /// Column names: the fields of the header record (a trailing empty one dropped, with `layoutDetection`), or
    /// `["column_1", ...]` with `header: .none`.
    public let header: [String]
    /// The file's text encoding (detected or as given).
    public let encoding: CSVTextEncoding
    /// The file starts with a byte order mark (skipped).
    public let hadBOM: Bool
    /// 1-based physical line of the header record (with `header: .none`, of the first record).
    public let headerLine: Int
    /// Non-blank lines skipped before the header (a title, "Exported on ..."), without line ends.
    public let preambleLines: [String]
    public let options: CSVReadOptions

    private let stream: RecordStream
    private var rowsDelivered = 0

    /// Same as `init(path:options:chunkSize:)` with `CSVReadOptions(dialect: dialect)`; when `dialect` is
    /// given, preamble and headerless detection are off (the file's layout is known).
    public convenience init(path: String, dialect: CSVDialect? = nil, chunkSize: Int = 1 << 18) throws {
        try self.init(path: path, options: CSVReadOptions(dialect: dialect, layoutDetection: dialect == nil), chunkSize: chunkSize)
    }

    /// Opens the file, detects what `options` leaves open and reads the header. Detection looks only at the
    /// first 64 KiB (or `chunkSize` if larger): the encoding (BOM; else valid UTF-8; else Windows-1252), the
    /// delimiter (the one with the same non-zero count on most of the first 20 records), a preamble.
    ///
    /// Throws `CSVError`: `.cannotOpen`, `.notText` (ZIP/.xlsx, PDF, binary, UTF-32), `.readFailed` (also
    /// when the header record itself is malformed), `.noHeader`, `.headerless`, `.outOfMemory`.
    public init(path: String, options: CSVReadOptions, chunkSize: Int = 1 << 18) throws {
        let stream = try RecordStream(path: path, chunkSize: chunkSize, maxFieldBytes: options.maxFieldBytes)
        let prefix = try stream.readPrefix()
        let detection: TextDetection
        switch TextDetector.detect(prefix, wholeFile: stream.atEndOfFile, declared: options.encoding) {
        case let .success(found): detection = found
        case let .failure(notText): throw CSVError.notText(path: path, reason: notText.reason)
        }

        // Sniff on the decoded prefix.
        var text: [UInt8]
        let body = UnsafeRawBufferPointer(rebasing: prefix[detection.bomLength...])
        if detection.encoding == .utf8 {
            text = Array(body)
        } else {
            var decoder = TextDecoder(encoding: detection.encoding, strict: false)
            text = [UInt8](repeating: 0, count: TextDecoder.maxOutput(body.count))
            let n = text.withUnsafeMutableBufferPointer { out in
                body.withMemoryRebound(to: UInt8.self) { decoder.decode($0.baseAddress!, $0.count, into: out.baseAddress!, final: stream.atEndOfFile) }
            }
            text.removeSubrange(n...)
        }
        let quote = options.dialect?.quote ?? UInt8(ascii: "\"")
        let sniffer = LayoutSniffer(bytes: text, complete: stream.atEndOfFile, quote: quote)
        let chosen = options.dialect ?? CSVDialect(delimiter: sniffer.sniffDelimiter())
        var skip = 0
        var preamble: [String] = []
        if options.layoutDetection {
            let k = sniffer.preambleCount(chosen.delimiter, requireNames: options.header == .auto)
            if k > 0 {
                skip = sniffer.records[k].line - 1
                preamble = sniffer.records[0..<k].map { sniffer.text($0) }
            }
        }
        stream.begin(dialect: chosen, detection: detection, skipLines: skip)

        var header: [String]?
        var headerLine = 0
        while header == nil {
            if stream.hasPendingRecord {
                var kind: RecordMark.Kind = .ok
                if options.header == .none {
                    stream.peekRecord { record, _ in
                        header = (0..<record.count).map { "column_\($0 + 1)" }
                        headerLine = record.line
                    }
                    break
                }
                stream.takeRecord { record, k in
                    kind = k
                    header = record.strings
                    headerLine = record.line
                }
                switch kind {
                case .ok:
                    break
                case .malformed:
                    throw CSVError.readFailed(path: path, reason: "the header record is malformed (\(stream.malformedDetail))")
                case .unbalancedQuote:
                    throw CSVError.readFailed(path: path, reason: "the header record has a quoted field that is never closed")
                case .fieldTooLarge:
                    throw CSVError.readFailed(path: path, reason: "the header record has a field larger than \(options.maxFieldBytes) bytes")
                }
            } else if try !stream.nextBatch() {
                throw CSVError.noHeader(path: path)
            }
        }
        var names = header ?? []
        if options.header == .auto && options.layoutDetection {
            if names.count > 1 && names.last == "" { names.removeLast() }
            if LayoutSniffer.looksLikeData(names) {
                stream.close()
                throw CSVError.headerless(path: path, firstRecord: names)
            }
        }
        self.path = path
        self.dialect = chosen
        self.header = names
        self.encoding = detection.encoding
        self.hadBOM = detection.bomLength > 0
        self.headerLine = headerLine
        self.preambleLines = preamble
        self.options = options
        self.stream = stream
    }

    /// Streams the data records after the header, in order, calling `body` for each (problem records
    /// included, with `problem` set). Rethrows what `body` throws and stops reading then. The file is
    /// closed and the parser freed when this returns or throws. Single pass: a second call delivers nothing.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        defer { stream.close() }
        let expected = header.count
        let ragged = options.ragged
        let trailing = options.layoutDetection
        var row = rowsDelivered
        defer { rowsDelivered = row }
        repeat {
            try stream.deliver(expectedFields: expected, ragged: ragged, dropTrailingEmpty: trailing, row: &row, body)
        } while try stream.nextBatch()
    }

    /// Lowercase hex SHA-256 of every byte of the file (as stored, before any decoding), once
    /// `forEachRecord` has read it to the end; "" before that (or if reading stopped early).
    public var sha256: String { stream.digestHex }

    /// Number of bytes read from the file (its size once `forEachRecord` has completed).
    public var byteCount: Int { stream.byteCount }

    /// The file's size when it was opened (of the file a symbolic link names), 0 if unknown.
    public var fileSize: Int { stream.fileSize }
}

/// Where one part of a file read in parts lies.
public struct CSVPartInfo: Sendable {
    /// 0 for the part that starts after the header.
    public let index: Int
    /// The part's bytes as planned (a record running across its end is read on into the next).
    public let bytes: Range<Int>
}

/// What one part of a file read in parts produced.
public struct CSVPart<Value> {
    /// What the part's body built.
    public var value: Value
    /// Data records before the part's first: add it to the `row` of the part's records, which count from 1
    /// within the part.
    public let rowsBefore: Int
    /// Data records the part delivered.
    public let rows: Int
}

extension CSVReader {
    /// Reads the data records in up to `parts` byte ranges of the file at once, one thread each, and returns
    /// each part's result in file order: the same records as `forEachRecord`, split into consecutive runs.
    ///
    /// Each part gets its own state from `makePart`; `body` gets that state and each of the part's records
    /// in order. A record's `line` and `problem` are exact; its `row` counts within its part (see
    /// `CSVPart.rowsBefore`). A file under two `minimumPartBytes`, or not UTF-8, is read as one part.
    /// Cuts go after line feeds; a cut that falls inside a quoted field is found out by the part before
    /// it, which reads on, and the part after it is discarded.
    ///
    /// Throws what `body` or the reading throws, for the first part (in file order) that failed.
    public func forEachRecord<Part: Sendable>(
        inParts parts: Int, minimumPartBytes: Int = 1 << 24,
        makePart: @Sendable (CSVPartInfo) -> Part,
        _ body: @Sendable (inout Part, CSVRecord) throws -> Void
    ) throws -> [CSVPart<Part>] {
        let size = stream.fileSize
        guard canReadInParts(parts, minimumPartBytes: minimumPartBytes),
              let plan = FileParts.plan(fd: stream.descriptor, size: size, parsedOffset: stream.parsedOffset,
                                        parts: parts, minimumBytes: minimumPartBytes) else {
            var part = makePart(CSVPartInfo(index: 0, bytes: 0..<max(0, size)))
            let before = rowsDelivered
            try forEachRecord { try body(&part, $0) }
            return [CSVPart(value: part, rowsBefore: 0, rows: rowsDelivered - before)]
        }
        let run = PartRun<Part>(reader: self, plan: plan, size: size)
        DispatchQueue.concurrentPerform(iterations: plan.cuts.count + 1) { index in
            run.read(part: index, makePart: makePart, body)
        }
        defer { stream.close() }
        // Taken out of the run, so the parts' values are referenced once: a caller that edits them in place
        // (records' values) must not pay a copy of each.
        let outcomes = run.takeOutcomes()
        var results: [CSVPart<Part>] = []
        var index = 0
        var rowsBefore = 0
        while true {
            switch outcomes[index] {
            case let .failed(error)?:
                throw error
            case let .read(value, rows, stoppedAt)?:
                results.append(CSVPart(value: value, rowsBefore: rowsBefore, rows: rows))
                rowsBefore += rows
                guard let stoppedAt, let cut = plan.cuts.firstIndex(of: stoppedAt) else {
                    rowsDelivered += rowsBefore
                    return results
                }
                index = cut + 1
            case nil:
                preconditionFailure("part \(index) of \(path) never finished")
            }
        }
    }

    /// Whether `forEachRecord(inParts:)` may cut this file at all: more than one part asked, UTF-8, not read yet,
    /// and at least two parts' worth of bytes (it still reads one part when no cut can be placed).
    public func canReadInParts(_ parts: Int, minimumPartBytes: Int) -> Bool {
        parts > 1 && encoding == .utf8 && !stream.finished && stream.fileSize >= 2 * max(1, minimumPartBytes)
    }

    /// Header state, for `PartRun`: the stream that read the header, and what later parts need to start.
    var partSetup: (stream: RecordStream, dialect: CSVDialect, expected: Int) {
        (stream, dialect, header.count)
    }
}
