/// Eight bytes read as one (little-endian) word, for scans that skip whole words holding none of the bytes they
/// look for: line ends, quotes, control bytes. Each test is exact per byte: bit 7 of a byte of the result is set
/// exactly when that byte of the word qualifies, so the results can be shifted and combined byte by byte.
public enum ByteWord {
    @inlinable public static var highs: UInt64 { 0x8080_8080_8080_8080 }
    @inlinable static var lows: UInt64 { 0x7F7F_7F7F_7F7F_7F7F }
    @inlinable static var ones: UInt64 { 0x0101_0101_0101_0101 }

    /// The eight bytes at `base + offset`, any alignment.
    @inlinable public static func load(_ base: UnsafePointer<UInt8>, at offset: Int) -> UInt64 {
        UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
    }

    /// The bytes of `word` equal to `byte`.
    @inlinable public static func bytes(of word: UInt64, equalTo byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return ~(((x & lows) &+ lows) | x) & highs
    }

    /// The bytes of `word` below `limit` (at most 0x80).
    @inlinable public static func bytes(of word: UInt64, below limit: UInt8) -> UInt64 {
        ~(((word & lows) &+ ones &* UInt64(0x80 - limit)) | word) & highs
    }

    /// The bytes of `word` at or above 0x80 (not ASCII).
    @inlinable public static func nonASCII(_ word: UInt64) -> UInt64 { word & highs }
}
