/// A 64-bit hash of byte strings that is the same in every run (FNV-1a, then splitmix64's finalizer), for keys
/// whose order or partition must not change between runs; Swift's `Hasher` is seeded afresh per process.
/// Each string is followed by a 0xFF byte, which UTF-8 never holds, so ("ab", "c") and ("a", "bc") differ.
struct StableHash {
    private var h: UInt64 = 0xcbf2_9ce4_8422_2325

    init() {}
    /// A hash that starts with `kind`, so keys of different kinds do not collide on the same bytes.
    init(kind: UInt8) { add(kind) }

    @inline(__always) mutating func add(_ b: UInt8) {
        h ^= UInt64(b)
        h = h &* 0x0000_0100_0000_01B3
    }

    mutating func add(_ s: String) {
        // Over the contiguous bytes when the string has them (native strings do): the UTF8View's iterator is
        // several times slower per byte.
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { bytes in for b in bytes { add(b) } }
        if done == nil { for b in s.utf8 { add(b) } }
        add(0xFF)
    }

    mutating func add(_ bytes: [UInt8]) {
        for b in bytes { add(b) }
        add(0xFF)
    }

    var value: UInt64 {
        var z = h &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A record's 64-bit key (a `StableHash`). Sorted by key, then record, the records that share a key sit together
/// in record order: grouping a million records this way on every core beats a million-entry dictionary on one.
struct KeyEntry {
    var key: UInt64
    /// The record's position; -1 for a record without the key.
    var record: Int32

    @inline(__always) static func precedes(_ x: KeyEntry, _ y: KeyEntry) -> Bool {
        x.key != y.key ? x.key < y.key : x.record < y.record
    }
}
