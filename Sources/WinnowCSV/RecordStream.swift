internal import CLibCSV
internal import Dispatch
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The reading engine behind `CSVReader`: owns the file descriptor, the decoder, the libcsv parser and the
/// buffers, and turns the file into batches of completed records in `state`.
///
/// The bytes libcsv sees are UTF-8: the file's own bytes (zero copy) or the output of `TextDecoder`. They
/// are fed to libcsv one physical line at a time (a slice ends just after a CR, LF or CRLF); a cheap word-wise
/// scan finds the line ends and, on the way, NUL bytes and invalid UTF-8. Since records only end at line
/// ends, this gives every record its first line and byte offset, which lets an unbalanced quote cost only its
/// record: reading seeks back and resumes on the line after the one where that record started.
final class RecordStream {
    let path: String
    let chunkSize: Int
    private var fd: Int32

    /// File bytes: `rawLength` valid, of which `rawPos` are handed on; `raw[0]` is at file offset `rawFileOffset`.
    private let raw: UnsafeMutablePointer<UInt8>
    private let rawCapacity: Int
    private var rawLength = 0
    private var rawPos = 0
    private var rawFileOffset = 0
    /// File offset of the next read.
    private var fileOffset = 0
    private(set) var atEndOfFile = false

    private(set) var encoding: CSVTextEncoding = .utf8
    private var decoder: TextDecoder?
    private var decoded: UnsafeMutablePointer<UInt8>?

    /// The UTF-8 bytes being parsed: `window[windowPos..<windowEnd]`. In UTF-8 mode `window` is `raw` and
    /// `windowSource` the file offset of `raw[0]`; decoding, it is `decoded` and `windowSource` the file
    /// offset of the first code unit decoded into it, and (`mapPos`, `mapSource`) a cursor mapping window
    /// positions back to file offsets.
    private var window: UnsafePointer<UInt8>
    private var windowPos = 0
    private var windowEnd = 0
    private var windowSource = 0
    private var mapPos = 0
    private var mapSource = 0

    /// Physical line being read (1-based) and the file offset where it starts.
    private var line = 1
    private var lineStartOffset = 0
    /// The window ended just after a CR: an LF at the start of the next one belongs to it.
    private var pendingCR = false
    /// A UTF-8 sequence cut by the window end: continuation bytes still expected, and the range of the next one.
    private var utf8Need = 0
    private var utf8Low: UInt8 = 0x80
    private var utf8High: UInt8 = 0xBF
    /// Physical lines to skip without parsing (preamble, rest of a malformed line, resumption).
    private var skipLines = 0
    /// Where the record in progress started, and the line where its open quoted field started.
    private var recordStartLine = 1
    private var recordStartOffset = 0
    private var quoteOpenLine = 1

    let state: UnsafeMutablePointer<ParseState>
    private let parser: UnsafeMutablePointer<csv_parser>
    private var parserLive = false
    private(set) var dialect = CSVDialect.comma
    let maxFieldBytes: Int
    /// An open quoted field or a line without line end larger than this stops even without a line end.
    private let hardFieldCap: Int

    /// Parser finalised: no more batches.
    private(set) var finished = false

    /// Next mark of the current batch to deliver.
    var nextMark = 0
    /// Detail text of the (single, last) malformed record of the current batch.
    var malformedDetail = ""

    /// SHA-256 of the file bytes, each hashed once even when resumption reads them again. The prefix is
    /// hashed inline; later chunks on another thread while they are parsed (`hashInFlight`), waited for
    /// before the buffer is refilled or freed.
    private let hashJob = HashJob()
    private let hashGroup = DispatchGroup()
    private var hashInFlight = false
    private var hashedUpTo = 0
    private var digestDone = false
    var byteCount: Int { hashedUpTo }
    private(set) var digestHex = ""
    /// False for a part that starts inside the file (`beginPart`): the first part hashes the whole file.
    private var hashing = true

    /// Part ends ahead (file offsets, ascending), when reading a file in parts: reading stops at the first
    /// one if a record ends exactly there; if a record runs across it, reading goes on to the next one
    /// and `overrun` is told the offset (the part starting there read from a wrong place).
    private var partEnds: ArraySlice<Int> = []
    var overrun: ((Int) -> Void)?
    /// The part end where reading stopped cleanly, if it did.
    private(set) var stoppedAt: Int?
    /// File offset of the first byte not yet handed to the parser (UTF-8 files).
    var parsedOffset: Int { windowSource + windowPos }
    var descriptor: Int32 { fd }
    /// Size of a regular file when opened; 0 for a pipe or device.
    let fileSize: Int

    /// Bytes read up front for detection (at least this much, if the file has it).
    static let prefixSize = 1 << 16

    init(path: String, chunkSize: Int, maxFieldBytes: Int) throws {
        self.path = path
        self.chunkSize = max(1, chunkSize)
        self.maxFieldBytes = maxFieldBytes
        hardFieldCap = max(maxFieldBytes, 1 << 16) &* 64
        rawCapacity = max(self.chunkSize, Self.prefixSize)
        let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
        if fd < 0 {
            throw CSVError.cannotOpen(path: path, reason: Self.errnoText())
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            closeDescriptor(fd)
            throw CSVError.cannotOpen(path: path, reason: String(cString: strerror(EISDIR)))
        }
        fileSize = (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : 0
        self.fd = fd
        raw = UnsafeMutablePointer<UInt8>.allocate(capacity: rawCapacity)
        window = UnsafePointer(raw)
        state = UnsafeMutablePointer<ParseState>.allocate(capacity: 1)
        state.initialize(to: ParseState())
        state.pointee.maxFieldBytes = maxFieldBytes
        parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
        parser.initialize(to: csv_parser())
    }

    deinit {
        close()
        state.pointee.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
        parser.deallocate()
        raw.deallocate()
        decoded?.deallocate()
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

    // MARK: Reading the file

    /// Reads up to `count` bytes at `raw + rawLength`; returns the number read (0 at end of file).
    private func readMore(_ count: Int, hashInBackground: Bool = false) throws -> Int {
        while true {
            let n = read(fd, raw + rawLength, count)
            if n > 0 {
                let start = fileOffset
                fileOffset += n
                if hashing && fileOffset > hashedUpTo {
                    let skip = max(0, hashedUpTo - start)
                    let bytes = UnsafeRawBufferPointer(start: raw + rawLength + skip, count: n - skip)
                    if hashInBackground {
                        hashJob.bytes = bytes
                        hashInFlight = true
                        let job = hashJob
                        DispatchQueue.global().async(group: hashGroup) { job.run() }
                    } else {
                        hashJob.hasher.update(bytes)
                    }
                    hashedUpTo = fileOffset
                }
                rawLength += n
                return n
            }
            if n == 0 {
                atEndOfFile = true
                if hashing && !digestDone {
                    waitForHash()
                    digestHex = hashJob.hasher.finalizeHex()
                    digestDone = true
                }
                return 0
            }
            if errno == EINTR { continue }
            throw CSVError.readFailed(path: path, reason: Self.errnoText())
        }
    }

    /// Hashes the file from `fileOffset` to its end without parsing (the later parts parse it), and
    /// finalises the digest.
    private func hashRest() throws {
        waitForHash()
        rawLength = 0
        rawPos = 0
        if digestDone { return }   // the whole file was read already (a small one)
        while true {
            let n = pread(fd, raw, rawCapacity, off_t(fileOffset))
            if n > 0 {
                hashJob.hasher.update(UnsafeRawBufferPointer(start: raw, count: n))
                fileOffset += n
                continue
            }
            if n == 0 { break }
            if errno == EINTR { continue }
            throw CSVError.readFailed(path: path, reason: Self.errnoText())
        }
        hashedUpTo = fileOffset
        atEndOfFile = true
        digestHex = hashJob.hasher.finalizeHex()
        digestDone = true
    }

    private func waitForHash() {
        if hashInFlight {
            hashGroup.wait()
            hashInFlight = false
        }
    }

    /// Fills the buffer with the first bytes of the file (up to its capacity) and returns them.
    func readPrefix() throws -> UnsafeRawBufferPointer {
        while rawLength < rawCapacity, !atEndOfFile {
            _ = try readMore(rawCapacity - rawLength)
        }
        return UnsafeRawBufferPointer(start: raw, count: rawLength)
    }

    /// Repositions reading at file offset `offset` (before what was read).
    private func seek(to offset: Int) throws {
        waitForHash()
        if lseek(fd, off_t(offset), SEEK_SET) < 0 {
            throw CSVError.readFailed(path: path, reason: Self.errnoText())
        }
        fileOffset = offset
        rawFileOffset = offset
        rawLength = 0
        rawPos = 0
        atEndOfFile = false
        decoder?.reset()
        windowPos = 0
        windowEnd = 0
    }

    /// Starts parsing after the byte order mark, skipping `skipLines` physical lines (a preamble).
    func begin(dialect: CSVDialect, detection: TextDetection, skipLines: Int) {
        self.dialect = dialect
        encoding = detection.encoding
        if detection.encoding.needsDecoding {
            decoder = TextDecoder(encoding: detection.encoding, strict: detection.strict)
            decoded = UnsafeMutablePointer<UInt8>.allocate(capacity: TextDecoder.maxOutput(chunkSize))
        }
        rawPos = detection.bomLength
        lineStartOffset = detection.bomLength
        recordStartOffset = detection.bomLength
        self.skipLines = skipLines
        initParser()
    }

    /// Makes this stream read one later part of a UTF-8 file: from `offset` (just after a line end), whose
    /// physical line number is `line`, until one of `ends`. Nothing is hashed.
    func beginPart(at offset: Int, line: Int, dialect: CSVDialect, ends: ArraySlice<Int>) throws {
        hashing = false
        self.dialect = dialect
        try seek(to: offset)
        self.line = line
        lineStartOffset = offset
        recordStartOffset = offset
        recordStartLine = line
        partEnds = ends
        initParser()
    }

    /// Makes the stream stop at the first of `ends` where a record ends (see `partEnds`); the first part
    /// then hashes the rest of the file.
    func stopAtPartEnds(_ ends: ArraySlice<Int>) {
        partEnds = ends
    }

    private var atRecordBoundary: Bool {
        parserLive && parser.pointee.pstate == 0 && skipLines == 0 && !pendingCR && utf8Need == 0
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

    /// Makes the next window of UTF-8 bytes current; false at the end of the file.
    private func advanceWindow() throws -> Bool {
        while true {
            if decoder == nil, let cut = partEnds.first, rawFileOffset + rawPos >= cut {
                // Everything before the part end is parsed.
                if rawFileOffset + rawPos == cut && atRecordBoundary {
                    stoppedAt = cut
                    if hashing { try hashRest() }
                    return false
                }
                partEnds.removeFirst()
                overrun?(cut)
                continue
            }
            if rawPos < rawLength {
                var end = min(rawPos + chunkSize, rawLength)
                if decoder == nil, let cut = partEnds.first { end = min(end, cut - rawFileOffset) }
                guard var decoder, let decoded else {
                    window = UnsafePointer(raw)
                    windowPos = rawPos
                    windowEnd = end
                    windowSource = rawFileOffset
                    rawPos = end
                    return true
                }
                let source = rawFileOffset + rawPos - decoder.carried
                let n = decoder.decode(raw + rawPos, end - rawPos, into: decoded, final: false)
                self.decoder = decoder
                rawPos = end
                if n == 0 { continue }
                setDecodedWindow(n, source: source)
                return true
            }
            if atEndOfFile {
                if var decoder, let decoded, decoder.carried > 0 {
                    let source = fileOffset - decoder.carried
                    let n = decoder.decode(raw, 0, into: decoded, final: true)
                    self.decoder = decoder
                    setDecodedWindow(n, source: source)
                    return true
                }
                return false
            }
            waitForHash()
            rawLength = 0
            rawPos = 0
            rawFileOffset = fileOffset
            _ = try readMore(chunkSize, hashInBackground: true)
        }
    }

    private func setDecodedWindow(_ count: Int, source: Int) {
        window = UnsafePointer(decoded!)
        windowPos = 0
        windowEnd = count
        windowSource = source
        mapPos = 0
        mapSource = source
    }

    /// File offset of window position `p` (never before the last position asked for in this window).
    @inline(__always)
    private func sourceOffset(_ p: Int) -> Int {
        guard let decoder else { return windowSource + p }
        var i = mapPos, s = mapSource
        while i < p {
            let b = window[i]
            if b & 0xC0 != 0x80 { s += decoder.sourceBytes(lead: b) }
            i += 1
        }
        mapPos = i
        mapSource = s
        return s
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
            if windowPos >= windowEnd {
                if try advanceWindow() { continue }
                if try finish() { continue }
                return state.pointee.marksCount > 0
            }
            try parseWindow()
            if state.pointee.marksCount > 0 { return true }
        }
    }

    /// Parses the current window line by line; stops early after a malformed record or a resumption.
    private func parseWindow() throws {
        let base = window
        let end = windowEnd
        let s = state
        let p = parser
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var pos = windowPos
        defer { if windowEnd == end && window == base { windowPos = pos } }
        while pos < end {
            if pendingCR {
                pendingCR = false
                if base[pos] == lf {
                    // Second half of a CRLF: content inside a quoted field, ignored by libcsv otherwise.
                    if skipLines == 0 { _ = csv_parse(p, base + pos, 1, fieldCallback, recordCallback, s) }
                    pos += 1
                    lineStartOffset = sourceOffset(pos)
                    continue
                }
            }
            if skipLines == 0 && p.pointee.pstate == 0 {
                // ROW_NOT_BEGUN: a record (or a blank line) starts on this line.
                recordStartLine = line
                recordStartOffset = lineStartOffset
                s.pointee.currentLine = line
                s.pointee.currentFlags = 0
            }
            var flags: UInt8 = 0
            let term = scanLine(base, pos, end, &flags)
            var sliceEnd = end
            var ended = false
            if term < end {
                ended = true
                sliceEnd = term + 1
                if base[term] == cr {
                    if sliceEnd < end {
                        if base[sliceEnd] == lf { sliceEnd += 1 }
                    } else {
                        pendingCR = true
                    }
                }
            }
            if skipLines > 0 {
                if ended {
                    skipLines -= 1
                    line += 1
                    lineStartOffset = sourceOffset(sliceEnd)
                }
                pos = sliceEnd
                continue
            }
            s.pointee.currentFlags |= flags
            let wasQuoted = p.pointee.pstate == 2 && p.pointee.quoted != 0
            let fieldsBefore = s.pointee.endsCount - s.pointee.recordStartField
            let length = sliceEnd - pos
            let parsed = csv_parse(p, base + pos, length, fieldCallback, recordCallback, s)
            if s.pointee.outOfMemory {
                throw CSVError.outOfMemory(path: path)
            }
            if parsed < length {
                guard csv_error(p) == CSV_EPARSE else {
                    throw CSVError.outOfMemory(path: path)
                }
                closeBrokenRecord(.malformed, offending: base[pos + parsed])
                resetParser()
                if ended {
                    line += 1
                    lineStartOffset = sourceOffset(sliceEnd)
                } else {
                    skipLines = 1
                }
                pos = sliceEnd
                return
            }
            let entryLength = p.pointee.entry_pos
            if p.pointee.pstate == 2 && p.pointee.quoted != 0 {
                if !wasQuoted || s.pointee.endsCount - s.pointee.recordStartField != fieldsBefore {
                    quoteOpenLine = line
                }
                if entryLength > maxFieldBytes && (ended || entryLength > hardFieldCap) {
                    try resumeAfterUnbalancedQuote()
                    return
                }
            } else if entryLength > hardFieldCap {
                // A line without end far beyond the limit: give up the record, skip the rest of the line.
                closeBrokenRecord(.fieldTooLarge, offending: nil)
                resetParser()
                if !ended { skipLines = 1 }
            }
            if ended {
                line += 1
                lineStartOffset = sourceOffset(sliceEnd)
            }
            pos = sliceEnd
        }
    }

    /// Finds the first CR or LF in `base[start..<end]` (returns `end` if none), noting NUL bytes and
    /// invalid UTF-8 in `flags`. Eight bytes at a time while they are all ASCII above 0x0D.
    @inline(__always)
    private func scanLine(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ flags: inout UInt8) -> Int {
        var i = start
        // Finish a sequence cut by the previous window end.
        while utf8Need > 0 && i < end {
            let c = base[i]
            if c < utf8Low || c > utf8High {
                flags |= RecordFlags.invalidEncoding
                utf8Need = 0
                break
            }
            utf8Need -= 1
            utf8Low = 0x80
            utf8High = 0xBF
            i += 1
        }
        if utf8Need > 0 { return end }
        while i < end {
            if i &+ 8 <= end {
                let w = ByteWord.load(base, at: i)
                if ByteWord.nonASCII(w) | ByteWord.bytes(of: w, below: 0x0E) == 0 {
                    i &+= 8
                    continue
                }
            }
            let b = base[i]
            if b < 0x80 {
                if b < 0x0E {
                    if b == 0x0A || b == 0x0D { return i }
                    if b == 0 { flags |= RecordFlags.nul }
                }
                i &+= 1
                continue
            }
            guard let lead = UTF8Lead(b) else {
                flags |= RecordFlags.invalidEncoding
                i &+= 1
                continue
            }
            var need = lead.need
            var low = lead.low, upper = lead.high
            i &+= 1
            while need > 0 {
                if i == end {
                    utf8Need = need
                    utf8Low = low
                    utf8High = upper
                    return end
                }
                let c = base[i]
                if c < low || c > upper {
                    flags |= RecordFlags.invalidEncoding
                    break
                }
                need -= 1
                low = 0x80
                upper = 0xBF
                i &+= 1
            }
        }
        return end
    }

    /// The record in progress has a quoted field that never closes: deliver it as a problem record and
    /// resume on the line after the one where it started.
    private func resumeAfterUnbalancedQuote() throws {
        state.pointee.currentExtra = quoteOpenLine
        closeBrokenRecord(.unbalancedQuote, offending: nil)
        state.pointee.currentExtra = 0
        resetParser()
        try seek(to: recordStartOffset)
        line = recordStartLine
        lineStartOffset = recordStartOffset
        skipLines = 1
        pendingCR = false
        utf8Need = 0
    }

    /// End of input: flush the last record. Returns true when reading resumed (an unterminated quote);
    /// otherwise releases everything.
    private func finish() throws -> Bool {
        if parserLive {
            if utf8Need > 0 {
                state.pointee.currentFlags |= RecordFlags.invalidEncoding
                utf8Need = 0
            }
            let rc = csv_fini(parser, fieldCallback, recordCallback, state)
            if state.pointee.outOfMemory {
                throw CSVError.outOfMemory(path: path)
            }
            if rc != 0 && csv_error(parser) == CSV_EPARSE {
                try resumeAfterUnbalancedQuote()
                return true
            }
            csv_free(parser)
            parserLive = false
        }
        if fd >= 0 {
            closeDescriptor(fd)
            fd = -1
        }
        finished = true
        return false
    }

    /// Turns the record in progress, plus the field libcsv was filling, into a problem record.
    private func closeBrokenRecord(_ kind: RecordMark.Kind, offending: UInt8?) {
        let pstate = parser.pointee.pstate
        let quoted = parser.pointee.quoted != 0
        let spaces = parser.pointee.spaces
        var partial = parser.pointee.entry_pos
        // FIELD_MIGHT_HAVE_ENDED (3): the closing quote and trailing spaces are in the buffer.
        if pstate == 3 { partial = partial >= spaces + 1 ? partial - spaces - 1 : 0 }
        if kind != .malformed { partial = min(partial, maxFieldBytes) }
        let entry = parser.pointee.entry_buf
        let s = state
        let flags = s.pointee.currentFlags
        s.pointee.appendField(entry.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(raw), entry == nil ? 0 : partial)
        s.pointee.currentFlags = flags
        let fieldNumber = s.pointee.endsCount - s.pointee.recordStartField
        if kind == .malformed {
            malformedDetail = Self.describe(pstate: pstate, quoted: quoted, spaces: spaces, offending: offending ?? 0,
                                            quote: dialect.quote, field: fieldNumber)
        } else if kind == .fieldTooLarge {
            s.pointee.currentExtra = fieldNumber
        }
        s.pointee.pushMark(kind)
        s.pointee.currentExtra = 0
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
    func deliver(expectedFields: Int, ragged: CSVRaggedPolicy, dropTrailingEmpty: Bool, row: inout Int, _ body: (CSVRecord) throws -> Void) rethrows {
        let s = state
        while nextMark < s.pointee.marksCount {
            let index = nextMark
            nextMark += 1
            let mark = s.pointee.marks[index]
            let startField = index == 0 ? 0 : s.pointee.marks[index - 1].endField
            let count = mark.endField - startField
            row += 1
            var visible = count
            var problem: CSVRecordProblem?
            switch mark.kind {
            case .ok:
                if mark.flags != 0 {
                    problem = flaggedProblem(mark.flags, startField: startField, count: count)
                }
                if problem == nil && count != expectedFields {
                    visible = fittedCount(count, expected: expectedFields, ragged: ragged, dropTrailingEmpty: dropTrailingEmpty, startField: startField)
                    if visible != expectedFields {
                        visible = count
                        problem = .fieldCount(expected: expectedFields, found: count)
                    }
                }
            case .malformed:
                problem = .malformed(detail: malformedDetail)
            case .unbalancedQuote:
                problem = .unbalancedQuote(openedAtLine: mark.extra)
            case .fieldTooLarge:
                problem = .fieldTooLarge(field: mark.extra, limit: maxFieldBytes)
            }
            try body(record(row: row, line: mark.line, problem: problem, startField: startField, count: visible, stored: count))
        }
    }

    private func fieldLength(_ field: Int) -> Int {
        let ends = state.pointee.ends
        return ends[field] - (field == 0 ? 0 : ends[field - 1])
    }

    /// The count a record with `count` fields is delivered with: one empty trailing field dropped, or
    /// (padding) short records padded and empty extra fields dropped.
    private func fittedCount(_ count: Int, expected: Int, ragged: CSVRaggedPolicy, dropTrailingEmpty: Bool, startField: Int) -> Int {
        if dropTrailingEmpty && count == expected + 1 && fieldLength(startField + count - 1) == 0 { return expected }
        guard ragged == .pad else { return count }
        if count < expected { return expected }
        for f in expected..<count where fieldLength(startField + f) != 0 { return count }
        return expected
    }

    private func flaggedProblem(_ flags: UInt8, startField: Int, count: Int) -> CSVRecordProblem? {
        if flags & RecordFlags.invalidEncoding != 0 {
            return .invalidEncoding(encoding.rawValue)
        }
        let s = state.pointee
        if flags & RecordFlags.nul != 0 {
            for f in 0..<count {
                let lo = startField + f == 0 ? 0 : s.ends[startField + f - 1]
                for i in lo..<s.ends[startField + f] where s.bytes[i] == 0 { return .nulByte(field: f + 1) }
            }
            return .nulByte(field: 1)
        }
        if flags & RecordFlags.tooLarge != 0 {
            for f in 0..<count where fieldLength(startField + f) > maxFieldBytes {
                return .fieldTooLarge(field: f + 1, limit: maxFieldBytes)
            }
        }
        return nil
    }

    /// Takes the next record of the current batch without counting it as a data row (the header).
    func takeRecord(_ body: (CSVRecord, RecordMark.Kind) throws -> Void) rethrows {
        let index = nextMark
        nextMark += 1
        try peekRecord(index, body)
    }

    /// Looks at mark `index` of the current batch without taking it.
    func peekRecord(_ index: Int? = nil, _ body: (CSVRecord, RecordMark.Kind) throws -> Void) rethrows {
        let index = index ?? nextMark
        let mark = state.pointee.marks[index]
        let startField = index == 0 ? 0 : state.pointee.marks[index - 1].endField
        let count = mark.endField - startField
        try body(record(row: 0, line: mark.line, problem: nil, startField: startField, count: count, stored: count), mark.kind)
    }

    @inline(__always)
    private func record(row: Int, line: Int, problem: CSVRecordProblem?, startField: Int, count: Int, stored: Int) -> CSVRecord {
        let s = state
        return CSVRecord(row: row, line: line, problem: problem, count: count, stored: stored,
                         base: UnsafePointer(s.pointee.bytes),
                         ends: UnsafePointer(s.pointee.ends + startField),
                         firstStart: startField == 0 ? 0 : s.pointee.ends[startField - 1])
    }
}

private let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { field, length, data in
    data.unsafelyUnwrapped.assumingMemoryBound(to: ParseState.self).pointee.appendField(UnsafeRawPointer(field), length)
}

private let recordCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, data in
    data.unsafelyUnwrapped.assumingMemoryBound(to: ParseState.self).pointee.endRecord()
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
