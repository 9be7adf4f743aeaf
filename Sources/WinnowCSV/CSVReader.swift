/// Streams a CSV file through libcsv (strict mode), record by record, without loading it whole.
public final class CSVReader {
    public let path: String
    public let dialect: CSVDialect
    /// Fields of the first non-blank record.
    public let header: [String]

    private let stream: RecordStream
    private var rowsDelivered = 0

    /// Opens the file and reads the header (first non-blank record). Strips a UTF-8 BOM and, when `dialect`
    /// is nil, picks comma, semicolon or tab by counting them outside quotes in the header line (ties and
    /// none found give comma); detection looks only at the first 64 KiB (or `chunkSize` if larger).
    ///
    /// Throws `CSVError`: `.cannotOpen`, `.readFailed` (also when the header record itself is malformed),
    /// `.noHeader`, `.outOfMemory`.
    public init(path: String, dialect: CSVDialect? = nil, chunkSize: Int = 1 << 18) throws {
        let stream = try RecordStream(path: path, chunkSize: chunkSize)
        let prefix = try stream.readPrefix()
        let hasBOM = prefix.count >= 3 && prefix[0] == 0xEF && prefix[1] == 0xBB && prefix[2] == 0xBF
        let body = UnsafeRawBufferPointer(rebasing: prefix[(hasBOM ? 3 : 0)...])
        let chosen = dialect ?? CSVDialect.detect(in: body)
        stream.begin(dialect: chosen, skip: hasBOM ? 3 : 0)

        var header: [String]?
        while header == nil {
            if stream.hasPendingRecord {
                var problem: RecordMark.Kind = .ok
                stream.takeRecord { record, kind in
                    problem = kind
                    header = record.strings
                }
                switch problem {
                case .ok:
                    break
                case .malformed:
                    throw CSVError.readFailed(path: path, reason: "the header record is malformed (\(stream.malformedDetail))")
                case .unterminatedQuote:
                    throw CSVError.readFailed(path: path, reason: "the header record has a quoted field that is never closed")
                }
            } else if try !stream.nextBatch() {
                throw CSVError.noHeader(path: path)
            }
        }
        self.path = path
        self.dialect = chosen
        self.header = header ?? []
        self.stream = stream
    }

    /// Streams the data records after the header, in order, calling `body` for each (problem records
    /// included, with `problem` set). Rethrows what `body` throws and stops reading then. The file is
    /// closed and the parser freed when this returns or throws. Single pass: a second call delivers nothing.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        defer { stream.close() }
        let expected = header.count
        var row = rowsDelivered
        defer { rowsDelivered = row }
        repeat {
            try stream.deliver(expectedFields: expected, row: &row, body)
        } while try stream.nextBatch()
    }

    /// Lowercase hex SHA-256 of every byte of the file, once `forEachRecord` has read it to the end;
    /// "" before that (or if reading stopped early).
    public var sha256: String { stream.digestHex }

    /// Number of bytes read from the file (its size once `forEachRecord` has completed).
    public var byteCount: Int { stream.byteCount }
}
