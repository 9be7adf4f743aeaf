import WinnowCSV

/// A growable byte buffer that export appends its CSV and JSON Lines records to: no `String`, array of fields
/// or intermediate line per contact. The encodings are the ones of `CSVWriter` (RFC 4180 quoting, comma, LF)
/// and `JSONLine` (same escaping, same number format), byte for byte.
///
/// Not thread-safe: one buffer is filled by one thread at a time; export hands filled buffers to a writer
/// thread only once their worker is done with them.
final class ByteBuffer: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 64)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    func removeAll() { count = 0 }

    var isEmpty: Bool { count == 0 }

    /// Appends bytes `range` of this buffer again (e.g. a contact line for the leads file too).
    func bytes(of other: ByteBuffer, from start: Int, to end: Int) {
        bytes(UnsafeBufferPointer(start: other.base + start, count: end - start))
    }

    func newline() { byte(0x0A) }

    // MARK: Raw bytes

    @inline(__always) func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    @inline(__always) func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always) func bytes(_ source: UnsafeBufferPointer<UInt8>) {
        guard let from = source.baseAddress, source.count > 0 else { return }
        reserve(source.count)
        (base + count).update(from: from, count: source.count)
        count += source.count
    }

    @inline(__always) func bytes(_ source: [UInt8]) {
        source.withUnsafeBufferPointer { bytes($0) }
    }

    /// The UTF-8 of `text` as it is.
    @inline(__always) func text(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ bytes($0) }) == nil { bytes(Array(text.utf8)) }
    }

    /// A decimal integer, as `String(value)` writes it.
    func int(_ value: Int) {
        reserve(20)
        var magnitude = value.magnitude
        if value < 0 { base[count] = UInt8(ascii: "-"); count += 1 }
        var digits = 1
        var probe = magnitude
        while probe >= 10 { probe /= 10; digits += 1 }
        var position = count + digits - 1
        repeat {
            base[position] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
            magnitude /= 10
            position -= 1
        } while magnitude > 0
        count += digits
    }

    // MARK: CSV (as CSVWriter with the comma dialect)

    /// One field, quoted only when `CSVWriter` would quote it.
    @inline(__always) func csvField(_ value: String) {
        if value.utf8.withContiguousStorageIfAvailable({ csvField(bytes: $0) }) == nil {
            Array(value.utf8).withUnsafeBufferPointer { csvField(bytes: $0) }
        }
    }

    func csvField(bytes field: UnsafeBufferPointer<UInt8>) {
        guard Self.csvNeedsQuotes(field) else {
            bytes(field)
            return
        }
        let quote = UInt8(ascii: "\"")
        reserve(field.count * 2 + 2)
        base[count] = quote
        count += 1
        for b in field {
            base[count] = b
            count += 1
            if b == quote { base[count] = quote; count += 1 }
        }
        base[count] = quote
        count += 1
    }

    @inline(__always) static func csvNeedsQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        if first == space || first == tab || last == space || last == tab { return true }
        if first == 0xEF && bytes.count >= 3 && bytes[1] == 0xBB && bytes[2] == 0xBF { return true }
        // Eight bytes at a time: every field of every contact passes here.
        let base = bytes.baseAddress!, count = bytes.count
        var i = 0
        while i &+ 8 <= count {
            let word = ByteWord.load(base, at: i)
            if ByteWord.bytes(of: word, equalTo: 0x2C) | ByteWord.bytes(of: word, equalTo: 0x22)
                | ByteWord.bytes(of: word, below: 0x0E) != 0 {
                break  // a comma or quote, or a control byte that may be CR or LF: the byte loop decides
            }
            i &+= 8
        }
        while i < count {
            let b = base[i]
            if b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 0x0A || b == 0x0D { return true }
            i &+= 1
        }
        return false
    }

    /// A whole record of plain fields, as `CSVWriter.write` (a record of one empty field is written `""`).
    func csvRecord(_ fields: [String]) {
        for (position, field) in fields.enumerated() {
            if position > 0 { byte(UInt8(ascii: ",")) }
            csvField(field)
        }
        if fields.count == 1 && fields[0].utf8.isEmpty { byte(UInt8(ascii: "\"")); byte(UInt8(ascii: "\"")) }
        byte(0x0A)
    }

    // MARK: JSON (as JSONLine)

    /// A JSON string, quoted and escaped as `JSONLine.appendString` does.
    @inline(__always) func jsonString(_ value: String) {
        if value.utf8.withContiguousStorageIfAvailable({ jsonString(bytes: $0) }) == nil {
            Array(value.utf8).withUnsafeBufferPointer { jsonString(bytes: $0) }
        }
    }

    func jsonString(bytes value: UnsafeBufferPointer<UInt8>) {
        byte(UInt8(ascii: "\""))
        jsonEscaped(value)
        byte(UInt8(ascii: "\""))
    }

    /// The escaped contents of a JSON string, without quotes.
    func jsonEscaped(_ value: UnsafeBufferPointer<UInt8>) {
        var clean = true
        for b in value where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { clean = false; break }
        if clean {
            bytes(value)
            return
        }
        reserve(value.count * 6)
        for b in value {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                base[count] = UInt8(ascii: "\\"); base[count + 1] = b; count += 2
            case 0x0A: base[count] = UInt8(ascii: "\\"); base[count + 1] = UInt8(ascii: "n"); count += 2
            case 0x0D: base[count] = UInt8(ascii: "\\"); base[count + 1] = UInt8(ascii: "r"); count += 2
            case 0x09: base[count] = UInt8(ascii: "\\"); base[count + 1] = UInt8(ascii: "t"); count += 2
            case 0..<0x20:
                base[count] = UInt8(ascii: "\\"); base[count + 1] = UInt8(ascii: "u")
                base[count + 2] = UInt8(ascii: "0"); base[count + 3] = UInt8(ascii: "0")
                base[count + 4] = JSONLine.hexDigits[Int(b >> 4)]
                base[count + 5] = JSONLine.hexDigits[Int(b & 0xF)]
                count += 6
            default: base[count] = b; count += 1
            }
        }
    }

    /// `null` for an empty string (a missing value), else the string.
    @inline(__always) func jsonOptional(_ value: String) {
        if value.isEmpty { text("null") } else { jsonString(value) }
    }

    /// A number as `NumberText.format` prints it.
    func jsonNumber(_ value: Double) {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { int(Int(Int64(value))) } else { text(String(value)) }
    }

    /// The JSON escaped form of a string, quoted, as bytes to append later.
    static func jsonQuoted(_ value: String) -> [UInt8] {
        var line = JSONLine()
        line.string(value)
        return line.bytes
    }

    /// The JSON escaped form of a string without its quotes.
    static func jsonContents(_ value: String) -> [UInt8] {
        Array(jsonQuoted(value).dropFirst().dropLast())
    }

    /// `"name":` as bytes.
    static func jsonKey(_ name: String) -> [UInt8] { jsonQuoted(name) + [UInt8(ascii: ":")] }
}

/// An export file that buffers are written to (through `OutputFile`: direct I/O where the file system allows it).
final class OutputSink: @unchecked Sendable {
    /// Which error a failure throws: `CSVWriter`'s (`CSVError`) for CSV files, `WinnowError.output` for JSON Lines files.
    enum Kind { case csv, jsonLines }

    let kind: Kind
    private let file: OutputFile
    var path: String { file.path }

    init(path: String, kind: Kind, writeBehindWindow: Int = 32 << 20, direct: Bool = true) throws {
        self.kind = kind
        do {
            // CSVWriter's mode (0644) for CSV; 0666 for JSON Lines, as fopen("w") gave them (umask applies).
            file = try OutputFile(path: path, mode: kind == .csv ? 0o644 : 0o666, writeBehindWindow: writeBehindWindow, direct: direct)
        } catch let CSVError.cannotOpen(path, reason) where kind == .jsonLines {
            throw WinnowError.output(path: path, reason: reason)
        }
    }

    /// Whether the file is being written with direct I/O (for tests).
    var isDirect: Bool { file.isDirect }

    /// Writes the buffer's bytes (and leaves the buffer as it is).
    func write(_ buffer: ByteBuffer) throws {
        try translatingErrors { try file.write(UnsafeRawBufferPointer(start: buffer.base, count: buffer.count)) }
    }

    /// Closes the file; later calls do nothing.
    func close() throws {
        try translatingErrors { try file.close() }
    }

    private func translatingErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as CSVWriteError where kind == .jsonLines {
            throw WinnowError.output(path: error.path, reason: error.reason)
        }
    }
}

/// Byte strings looked up by index in the per-contact loops (JSON keys, paths), stored in one allocation that
/// lives as long as the table: a lookup hands out a pointer, with no reference counting per use as an
/// element of `[[UInt8]]` has.
final class ByteTable: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<UInt8>
    private let ends: [Int]

    init(_ strings: [[UInt8]]) {
        storage = .allocate(capacity: max(1, strings.reduce(0) { $0 + $1.count }))
        var ends: [Int] = []
        var end = 0
        for string in strings {
            _ = UnsafeMutableBufferPointer(rebasing: storage[end..<(end + string.count)]).initialize(from: string)
            end += string.count
            ends.append(end)
        }
        self.ends = ends
    }

    deinit { storage.deallocate() }

    var count: Int { ends.count }

    subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
        let start = index == 0 ? 0 : ends[index - 1]
        return UnsafeBufferPointer(rebasing: storage[start..<ends[index]])
    }
}
