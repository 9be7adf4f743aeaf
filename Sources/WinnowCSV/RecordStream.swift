internal import CLibCSV
internal import Dispatch
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The reading engine behind `CSVReader`: owns the file descriptor, the libcsv parser and the buffers,
/// and turns the file into batches of completed records in `state`.
final class RecordStream {
    let path: String
    private let chunkSize: Int
    private var fd: Int32
    /// Input buffer; `bufferLength` valid bytes of which `bufferPosition` are consumed.
    private let buffer: UnsafeMutableRawPointer
    private let bufferCapacity: Int
    private var bufferLength = 0
    private var bufferPosition = 0
    private var atEndOfFile = false

    let state: UnsafeMutablePointer<ParseState>
    private let parser: UnsafeMutablePointer<csv_parser>
    private var parserLive = false
    private var dialect = CSVDialect.comma

    /// Skipping the rest of a malformed line.
    private var resynchronising = false
    /// Parser finalised: no more batches.
    private(set) var finished = false

    /// Next mark of the current batch to deliver.
    var nextMark = 0
    /// Detail text of the (single) malformed record of the current batch.
    var malformedDetail = ""

    /// SHA-256 of the file. The prefix is hashed inline; later chunks are hashed on another thread while
    /// they are being parsed (`hashInFlight`), and waited for before the buffer is refilled or freed.
    private let hashJob = HashJob()
    private let hashGroup = DispatchGroup()
    private var hashInFlight = false
    private(set) var byteCount = 0
    private(set) var digestHex = ""

    /// Bytes read up front for BOM and delimiter detection (at least this much, if the file has it).
    static let prefixSize = 1 << 16

    init(path: String, chunkSize: Int) throws {
        self.path = path
        self.chunkSize = max(1, chunkSize)
        bufferCapacity = max(self.chunkSize, Self.prefixSize)
        let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
        if fd < 0 {
            throw CSVError.cannotOpen(path: path, reason: Self.errnoText())
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            closeDescriptor(fd)
            throw CSVError.cannotOpen(path: path, reason: String(cString: strerror(EISDIR)))
        }
        self.fd = fd
        buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferCapacity, alignment: 16)
        state = UnsafeMutablePointer<ParseState>.allocate(capacity: 1)
        state.initialize(to: ParseState())
        parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
        parser.initialize(to: csv_parser())
    }

    deinit {
        close()
        state.pointee.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
        parser.deallocate()
        buffer.deallocate()
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }

    /// Frees the parser and closes the file; idempotent.
    func close() {
        waitForHash()
        if parserLive {
            csv_free(parser)
            parserLive = false
        }
        if fd >= 0 {
            closeDescriptor(fd)
            fd = -1
        }
        state.pointee.reset()
        nextMark = 0
        finished = true
    }

    // MARK: Reading

    /// Reads up to `count` bytes into the buffer at `bufferLength`; returns the number read (0 at end of file).
    private func readMore(_ count: Int, hashInBackground: Bool = false) throws -> Int {
        while true {
            let n = read(fd, buffer + bufferLength, count)
            if n > 0 {
                let bytes = UnsafeRawBufferPointer(start: buffer + bufferLength, count: n)
                if hashInBackground {
                    hashJob.bytes = bytes
                    hashInFlight = true
                    let job = hashJob
                    DispatchQueue.global().async(group: hashGroup) { job.run() }
                } else {
                    hashJob.hasher.update(bytes)
                }
                byteCount += n
                bufferLength += n
                return n
            }
            if n == 0 {
                atEndOfFile = true
                waitForHash()
                digestHex = hashJob.hasher.finalizeHex()
                return 0
            }
            if errno == EINTR { continue }
            throw CSVError.readFailed(path: path, reason: Self.errnoText())
        }
    }

    private func waitForHash() {
        if hashInFlight {
            hashGroup.wait()
            hashInFlight = false
        }
    }

    /// Fills the buffer with the first bytes of the file (up to its capacity) and returns them.
    func readPrefix() throws -> UnsafeRawBufferPointer {
        while bufferLength < bufferCapacity, !atEndOfFile {
            _ = try readMore(bufferCapacity - bufferLength)
        }
        return UnsafeRawBufferPointer(start: buffer, count: bufferLength)
    }

    /// Starts parsing after `skip` bytes of the prefix (the BOM).
    func begin(dialect: CSVDialect, skip: Int) {
        self.dialect = dialect
        bufferPosition = skip
        initParser()
    }

    private func initParser() {
        _ = csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL))
        csv_set_delim(parser, dialect.delimiter)
        csv_set_quote(parser, dialect.quote)
        if dialect.delimiter == UInt8(ascii: "\t") {
            // libcsv's default treats tab as a space to trim; with tab as delimiter only ' ' is a space.
            csv_set_space_func(parser) { c in c == 0x20 ? 1 : 0 }
        }
        parserLive = true
    }

    private func resetParser() {
        if parserLive { csv_free(parser) }
        parserLive = false
        initParser()
    }

    // MARK: Batches

    /// Records of the current batch not yet delivered.
    var hasPendingRecord: Bool { nextMark < state.pointee.marksCount }

    /// Parses on until at least one record completes (or the file ends). Returns false when there is
    /// nothing more to deliver.
    func nextBatch() throws -> Bool {
        if finished { return false }
        state.pointee.compact()
        nextMark = 0
        while true {
            if bufferPosition == bufferLength {
                if atEndOfFile {
                    try finish()
                    return state.pointee.marksCount > 0
                }
                waitForHash()
                bufferLength = 0
                bufferPosition = 0
                _ = try readMore(chunkSize, hashInBackground: true)
                continue
            }
            let sliceLength = min(chunkSize, bufferLength - bufferPosition)
            let slice = UnsafeRawPointer(buffer + bufferPosition)
            if resynchronising {
                if let newline = Self.firstLineEnd(slice, sliceLength) {
                    bufferPosition += newline + 1
                    resynchronising = false
                } else {
                    bufferPosition += sliceLength
                }
                continue
            }
            let parsed = csv_parse(parser, slice, sliceLength, { field, length, data in
                data.unsafelyUnwrapped.assumingMemoryBound(to: ParseState.self).pointee.appendField(UnsafeRawPointer(field), length)
            }, { _, data in
                data.unsafelyUnwrapped.assumingMemoryBound(to: ParseState.self).pointee.endRecord()
            }, state)
            if state.pointee.outOfMemory {
                throw CSVError.outOfMemory(path: path)
            }
            if parsed < sliceLength {
                guard csv_error(parser) == CSV_EPARSE else {
                    throw CSVError.outOfMemory(path: path)
                }
                let offending = slice.load(fromByteOffset: parsed, as: UInt8.self)
                closeBrokenRecord(.malformed, offending: offending)
                bufferPosition += parsed
                resynchronising = true
                resetParser()
                return true
            }
            bufferPosition += sliceLength
            if state.pointee.marksCount > 0 { return true }
        }
    }

    private static func firstLineEnd(_ p: UnsafeRawPointer, _ count: Int) -> Int? {
        let bytes = p.assumingMemoryBound(to: UInt8.self)
        for i in 0..<count where bytes[i] == 0x0A || bytes[i] == 0x0D {
            return i
        }
        return nil
    }

    /// End of input: flush the last record, or report an unterminated quote; then release everything.
    private func finish() throws {
        if parserLive {
            let rc = csv_fini(parser, { field, length, data in
                data.unsafelyUnwrapped.assumingMemoryBound(to: ParseState.self).pointee.appendField(UnsafeRawPointer(field), length)
            }, { _, data in
                data.unsafelyUnwrapped.assumingMemoryBound(to: ParseState.self).pointee.endRecord()
            }, state)
            if state.pointee.outOfMemory {
                throw CSVError.outOfMemory(path: path)
            }
            if rc != 0 && csv_error(parser) == CSV_EPARSE {
                closeBrokenRecord(.unterminatedQuote, offending: nil)
            }
            csv_free(parser)
            parserLive = false
        }
        if fd >= 0 {
            closeDescriptor(fd)
            fd = -1
        }
        finished = true
    }

    /// Turns the record in progress, plus the field libcsv was filling, into a problem record.
    private func closeBrokenRecord(_ kind: RecordMark.Kind, offending: UInt8?) {
        let pstate = parser.pointee.pstate
        let quoted = parser.pointee.quoted != 0
        let spaces = parser.pointee.spaces
        var partial = parser.pointee.entry_pos
        // FIELD_MIGHT_HAVE_ENDED (3): the closing quote and trailing spaces are in the buffer.
        if pstate == 3 { partial = partial >= spaces + 1 ? partial - spaces - 1 : 0 }
        let entry = parser.pointee.entry_buf
        state.pointee.appendField(entry.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(buffer), entry == nil ? 0 : partial)
        let fieldNumber = state.pointee.endsCount - state.pointee.recordStartField
        if kind == .malformed {
            malformedDetail = Self.describe(pstate: pstate, quoted: quoted, spaces: spaces, offending: offending ?? 0,
                                            quote: dialect.quote, field: fieldNumber)
        }
        state.pointee.pushMark(kind)
    }

    private static func describe(pstate: Int32, quoted: Bool, spaces: Int, offending: UInt8, quote: UInt8, field: Int) -> String {
        let shown: String
        if offending >= 0x20 && offending < 0x7F {
            shown = "'\(Character(UnicodeScalar(offending)))'"
        } else {
            let hex = String(offending, radix: 16, uppercase: true)
            shown = "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
        }
        switch pstate {
        case 2 where !quoted:
            return "quote character inside unquoted field \(field)"
        case 3 where offending == quote:
            return "unescaped quote after the closing quote of field \(field)"
        case 3:
            return "unexpected \(shown) after the closing quote of field \(field)"
        default:
            return "unexpected \(shown) in field \(field)"
        }
    }

    // MARK: Delivery

    /// Calls `body` with each not yet delivered record of the current batch.
    func deliver(expectedFields: Int, row: inout Int, _ body: (CSVRecord) throws -> Void) rethrows {
        let s = state
        while nextMark < s.pointee.marksCount {
            let index = nextMark
            nextMark += 1
            let mark = s.pointee.marks[index]
            let startField = index == 0 ? 0 : s.pointee.marks[index - 1].endField
            let count = mark.endField - startField
            row += 1
            let problem: CSVRecordProblem?
            switch mark.kind {
            case .ok:
                problem = count == expectedFields ? nil : .fieldCount(expected: expectedFields, found: count)
            case .malformed:
                problem = .malformed(detail: malformedDetail)
            case .unterminatedQuote:
                problem = .unterminatedQuote
            }
            try body(record(row: row, problem: problem, startField: startField, count: count))
        }
    }

    /// Takes the next record of the current batch without counting it as a data row (the header).
    func takeRecord(_ body: (CSVRecord, RecordMark.Kind) throws -> Void) rethrows {
        let index = nextMark
        nextMark += 1
        let mark = state.pointee.marks[index]
        let startField = index == 0 ? 0 : state.pointee.marks[index - 1].endField
        try body(record(row: 0, problem: nil, startField: startField, count: mark.endField - startField), mark.kind)
    }

    @inline(__always)
    private func record(row: Int, problem: CSVRecordProblem?, startField: Int, count: Int) -> CSVRecord {
        let s = state
        return CSVRecord(row: row, problem: problem, count: count,
                         base: UnsafePointer(s.pointee.bytes),
                         ends: UnsafePointer(s.pointee.ends + startField),
                         firstStart: startField == 0 ? 0 : s.pointee.ends[startField - 1])
    }
}

private func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}

/// Hashes one chunk on a background thread. Only one job runs at a time, and the reader touches the job
/// only before dispatching it and after waiting for it, hence `@unchecked Sendable`.
private final class HashJob: @unchecked Sendable {
    var hasher = SHA256Digest()
    var bytes = UnsafeRawBufferPointer(start: nil, count: 0)

    func run() {
        hasher.update(bytes)
    }
}
