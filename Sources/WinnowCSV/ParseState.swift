#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Kind of a completed record in `ParseState.marks`.
struct RecordMark {
    /// Index into `ParseState.ends` just past the record's last field.
    var endField: Int
    /// 1-based physical line on which the record starts.
    var line: Int
    /// For `.unbalancedQuote`, the line where the quote opened.
    var extra: Int
    var kind: Kind
    /// `RecordFlags` bits seen in the record's bytes.
    var flags: UInt8

    enum Kind: UInt8 {
        case ok
        case malformed
        case unbalancedQuote
        case fieldTooLarge
    }
}

/// Bits of `RecordMark.flags`.
enum RecordFlags {
    static let nul: UInt8 = 1
    static let invalidEncoding: UInt8 = 2
    static let tooLarge: UInt8 = 4
}

/// What the libcsv callbacks write into, reached through the callbacks' `data` pointer.
///
/// Field `j` occupies `bytes[(j == 0 ? 0 : ends[j - 1]) ..< ends[j]]`. Completed records are listed in
/// `marks`; the fields from `recordStartField` on belong to the record still being parsed.
/// All buffers are plain malloc'ed memory, reused from chunk to chunk.
struct ParseState {
    var bytes: UnsafeMutablePointer<UInt8>
    var bytesCount = 0
    var bytesCapacity: Int
    var ends: UnsafeMutablePointer<Int>
    var endsCount = 0
    var endsCapacity: Int
    var marks: UnsafeMutablePointer<RecordMark>
    var marksCount = 0
    var marksCapacity: Int
    var recordStartField = 0
    /// libcsv passed NULL for the last field (CSV_EMPTY_IS_NULL): it was empty and unquoted.
    var lastFieldWasNull = false
    var outOfMemory = false
    /// Stamped on the next completed record.
    var currentLine = 0
    var currentFlags: UInt8 = 0
    var currentExtra = 0
    /// Fields longer than this set `RecordFlags.tooLarge` on the record.
    var maxFieldBytes = Int.max

    init() {
        bytesCapacity = 1 << 16
        endsCapacity = 1 << 12
        marksCapacity = 1 << 10
        bytes = Self.alloc(bytesCapacity)
        ends = Self.alloc(endsCapacity)
        marks = Self.alloc(marksCapacity)
    }

    private static func alloc<T>(_ count: Int) -> UnsafeMutablePointer<T> {
        guard let raw = malloc(count * MemoryLayout<T>.stride) else {
            fatalError("WinnowCSV: cannot allocate the parse buffers")
        }
        return raw.bindMemory(to: T.self, capacity: count)
    }

    func deallocate() {
        free(bytes)
        free(ends)
        free(marks)
    }

    /// Grows `pointer` to hold at least `needed` elements; false (and `outOfMemory`) on failure.
    private static func grow<T>(_ pointer: inout UnsafeMutablePointer<T>, _ capacity: inout Int, _ needed: Int) -> Bool {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity &*= 2 }
        guard let raw = realloc(pointer, newCapacity * MemoryLayout<T>.stride) else { return false }
        pointer = raw.bindMemory(to: T.self, capacity: newCapacity)
        capacity = newCapacity
        return true
    }

    @inline(__always)
    mutating func appendField(_ source: UnsafeRawPointer?, _ count: Int) {
        if let source {
            lastFieldWasNull = false
            if count > 0 {
                if count > maxFieldBytes { currentFlags |= RecordFlags.tooLarge }
                if bytesCount + count > bytesCapacity, !Self.grow(&bytes, &bytesCapacity, bytesCount + count) {
                    outOfMemory = true
                    return
                }
                UnsafeMutableRawPointer(bytes + bytesCount).copyMemory(from: source, byteCount: count)
                bytesCount += count
            }
        } else {
            lastFieldWasNull = true
        }
        if endsCount == endsCapacity, !Self.grow(&ends, &endsCapacity, endsCount + 1) {
            outOfMemory = true
            return
        }
        ends[endsCount] = bytesCount
        endsCount += 1
    }

    /// Record callback: completes the current record, dropping a blank one (a single empty unquoted field).
    @inline(__always)
    mutating func endRecord() {
        let fields = endsCount - recordStartField
        if fields == 0 || (fields == 1 && lastFieldWasNull) {
            endsCount = recordStartField
            lastFieldWasNull = false
            return
        }
        pushMark(.ok)
    }

    mutating func pushMark(_ kind: RecordMark.Kind) {
        if marksCount == marksCapacity, !Self.grow(&marks, &marksCapacity, marksCount + 1) {
            outOfMemory = true
            return
        }
        marks[marksCount] = RecordMark(endField: endsCount, line: currentLine, extra: currentExtra, kind: kind, flags: currentFlags)
        marksCount += 1
        recordStartField = endsCount
        lastFieldWasNull = false
    }

    /// Drops the completed records (already delivered) and moves the fields of the record in progress to the front.
    mutating func compact() {
        let startField = recordStartField
        if startField > 0 {
            let byteStart = ends[startField - 1]
            let pending = endsCount - startField
            for i in 0..<pending {
                ends[i] = ends[startField + i] - byteStart
            }
            endsCount = pending
            let tail = bytesCount - byteStart
            if byteStart > 0 && tail > 0 {
                UnsafeMutableRawPointer(bytes).copyMemory(from: bytes + byteStart, byteCount: tail)
            }
            bytesCount = tail
        }
        marksCount = 0
        recordStartField = 0
    }

    /// Forgets everything, including a record in progress.
    mutating func reset() {
        bytesCount = 0
        endsCount = 0
        marksCount = 0
        recordStartField = 0
        lastFieldWasNull = false
    }
}
