import Foundation
import WinnowCSV

/// Byte-level text folding used for matching: headers, ICP values, consent answers.
public enum TextFold {
    /// Header key: lowercase ASCII letters and digits only, diacritics of Latin-1 letters folded.
    /// "E-Mail", "e_mail" and "EMAIL " all give "email".
    public static func headerKey(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let folded = foldScalar(scalar) {
                for character in folded.unicodeScalars where isAlphanumeric(character) { out.append(character) }
            }
        }
        return String(out)
    }

    /// Value key for ICP comparison: trimmed, whitespace collapsed, lowercased.
    public static func valueKey(_ text: String) -> String {
        Whitespace.collapse(text).lowercased()
    }

    /// Consent key: like `valueKey`, with quotes and trailing punctuation dropped ("I agree." -> "i agree").
    public static func consentKey(_ text: String) -> String {
        var key = valueKey(text)
        while let last = key.last, ".!\"'".contains(last) { key.removeLast() }
        while let first = key.first, "\"'".contains(first) { key.removeFirst() }
        return key
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || (scalar.value > 0x7F && scalar.properties.isAlphabetic)
    }

    private static func foldScalar(_ scalar: Unicode.Scalar) -> String? {
        let value = scalar.value
        if value < 0x80 { return String(scalar).lowercased() }
        switch scalar {
        case "ä", "Ä": return "ae"
        case "ö", "Ö": return "oe"
        case "ü", "Ü": return "ue"
        case "ß": return "ss"
        default: break
        }
        // Strip combining marks after canonical decomposition: "é" -> "e".
        let decomposed = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
            .filter { $0.properties.canonicalCombiningClass == .notReordered }
        return String(String.UnicodeScalarView(decomposed)).lowercased()
    }
}

/// Whitespace handling on UTF-8 bytes.
public enum Whitespace {
    /// Trims and collapses runs of whitespace (space, tab, CR, LF, NBSP) into one space.
    public static func collapse(_ text: String) -> String {
        let utf8 = text.utf8
        // Fast path: the common clean value is returned as is, without a copy.
        if !needsWork(text) { return text }
        let bytes = Array(utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var width = 1
            var isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 {  // U+00A0 NO-BREAK SPACE
                isSpace = true
                width = 2
            }
            if isSpace {
                pendingSpace = true
            } else {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
            index += width
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `collapse` would change the text.
    public static func needsWork(_ text: String) -> Bool {
        let utf8 = text.utf8
        // On the string's own bytes where it has them (native strings, small ones included): a per-row hot path.
        if let answer = utf8.withContiguousStorageIfAvailable({ needsWork(contiguous: $0) }) { return answer }
        return needsWork(bytes: utf8)
    }

    /// `needsWork(bytes:)` eight bytes at a time: a word with no byte below 0x0E (tab, line ends) and no 0xC2 (the
    /// lead byte of U+00A0) is decided by its spaces alone. Every field of every record passes here; byte by byte
    /// it was 3% of a run.
    private static func needsWork(contiguous bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return false }
        let count = bytes.count
        if base[0] == 0x20 || base[count - 1] == 0x20 { return true }  // leading or trailing space
        var previousSpace = false
        var i = 0
        while i < count {
            if i &+ 8 <= count {
                let word = ByteWord.load(base, at: i)
                let spaces = ByteWord.bytes(of: word, equalTo: 0x20)
                if ByteWord.bytes(of: word, below: 0x0E) | ByteWord.bytes(of: word, equalTo: 0xC2) == 0 {
                    if spaces & (spaces << 8) != 0 || (previousSpace && spaces & 0x80 != 0) { return true }
                    previousSpace = spaces >> 63 != 0
                    i &+= 8
                    continue
                }
            }
            let end = min(count, i &+ 8)
            while i < end {
                let byte = base[i]
                let isSpace = byte == 0x20
                if isSpace && previousSpace { return true }
                if byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0xC2 { return true }
                previousSpace = isSpace
                i &+= 1
            }
        }
        return false
    }

    @inline(__always) static func needsWork<Bytes: Sequence<UInt8>>(bytes: Bytes) -> Bool {
        var previousSpace = true // a leading space needs work
        var empty = true
        for byte in bytes {
            empty = false
            let isSpace = byte == 0x20
            if isSpace && previousSpace { return true }
            if byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0xC2 { return true }
            previousSpace = isSpace
        }
        return previousSpace && !empty  // a trailing space
    }
}

/// "Did you mean" suggestions for config keys and field names.
public enum Suggest {
    public static func closest(to word: String, among candidates: [String]) -> String? {
        // "minimum" for "min", "field_name" for "field": a candidate that starts the word is the likely intent.
        if let prefix = candidates.filter({ word.hasPrefix($0) || $0.hasPrefix(word) }).max(by: { $0.count < $1.count }) {
            return prefix
        }
        let best = candidates.map { ($0, distance(word, $0)) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        if a.isEmpty { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = Swift.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
