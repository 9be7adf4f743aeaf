import Foundation
import WinnowCSV

/// Hands out one shared String per distinct long value of a column.
///
/// Purchased lists repeat values down a column: the company and website of every colleague, a job title,
/// a street, a vendor's note. Each repeat made into its own String is a heap allocation of its own (Swift
/// stores only values of up to 15 UTF-8 bytes inline); shared, it is a reference. At 1M rows of the bench
/// data that is about 3 of the 4.4 heap strings per record. A column whose values do not repeat (email,
/// phone) is recognised from a sample and read directly from then on.
struct ValueInterner {
    /// Values this short live inside the String itself: nothing to share.
    static let inlineLimit = 15
    /// Distinct values kept per column; later new values are still returned, just not remembered.
    static let capacity = 1 << 16
    /// After this many long values, interning stops unless at least a quarter of them were repeats.
    static let sample = 4096

    private var values: [String] = []
    private var hashes: [UInt64] = []
    /// Open addressing: index into `values`, or -1.
    private var slots = [Int32](repeating: -1, count: 1024)
    private var lookups = 0
    private var hits = 0
    private(set) var enabled = true

    /// The field's text (invalid UTF-8 repaired, as `String(decoding:as:)` does), shared with earlier equal values.
    mutating func string(_ bytes: UnsafeRawBufferPointer) -> String {
        guard enabled, bytes.count > Self.inlineLimit else { return String(decoding: bytes, as: UTF8.self) }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        lookups += 1
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 {
            let index = Int(slots[slot])
            if hashes[index] == hash && Self.equal(values[index], bytes) {
                hits += 1
                return values[index]
            }
            slot = (slot + 1) & mask
        }
        let value = String(decoding: bytes, as: UTF8.self)
        if lookups == Self.sample && hits * 4 < lookups {
            enabled = false
            values = []; hashes = []; slots = []
            return value
        }
        if values.count < Self.capacity {
            slots[slot] = Int32(values.count)
            values.append(value)
            hashes.append(hash)
            if values.count * 2 > slots.count { grow() }
        }
        return value
    }

    private static func equal(_ value: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let utf8 = value.utf8
        guard utf8.count == bytes.count else { return false }
        return utf8.withContiguousStorageIfAvailable { stored in
            memcmp(stored.baseAddress!, bytes.baseAddress!, stored.count) == 0   // both longer than `inlineLimit`
        } ?? utf8.elementsEqual(bytes)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}

/// One `ValueInterner` per column of a file, for both readers (`IngestStage.run` and the state's `read`).
struct ColumnInterners {
    private var columns: [ValueInterner] = []

    /// The record's field at `column` as a String, shared with earlier equal values of that column.
    mutating func string(_ record: CSVRecord, at column: Int) -> String {
        if column >= columns.count { columns.append(contentsOf: repeatElement(ValueInterner(), count: column - columns.count + 1)) }
        return record.withBytes(at: column) { columns[column].string($0) }
    }

    /// Every field of the record.
    mutating func strings(_ record: CSVRecord) -> [String] {
        (0..<record.count).map { string(record, at: $0) }
    }
}
