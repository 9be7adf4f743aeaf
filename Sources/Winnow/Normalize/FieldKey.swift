import Foundation

/// Byte-level folding shared by the field normalizers (countries, industries, units).
///
/// Lowercases ASCII, strips diacritics of Latin letters ("Österreich" -> "osterreich"; with `umlautE`
/// "oesterreich"), folds ß/æ/œ/ø/ł to ASCII, and turns every other non-alphanumeric character into a
/// separator. `spaced: false` drops separators ("U.S.A." -> "usa", "Côte d’Ivoire" -> "cotedivoire");
/// `spaced: true` keeps one space between words ("Real-Estate " -> "real estate").
enum FieldKey {
    static func fold(_ text: String, spaced: Bool, umlautE: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        @inline(__always) func put(_ byte: UInt8) {
            if pendingSpace { if !out.isEmpty { out.append(0x20) }; pendingSpace = false }
            out.append(byte)
        }
        var asciiOnly = true
        for byte in text.utf8 where byte >= 0x80 { asciiOnly = false; break }
        if asciiOnly {
            for byte in text.utf8 {
                switch byte {
                case 0x61...0x7A, 0x30...0x39: put(byte)
                case 0x41...0x5A: put(byte | 0x20)
                default: if spaced { pendingSpace = true }
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(value)
                switch byte {
                case 0x61...0x7A, 0x30...0x39: put(byte)
                case 0x41...0x5A: put(byte | 0x20)
                default: if spaced { pendingSpace = true }
                }
                continue
            }
            if umlautE {
                switch value {
                case 0xE4, 0xC4: put(0x61); put(0x65); continue  // ä
                case 0xF6, 0xD6: put(0x6F); put(0x65); continue  // ö
                case 0xFC, 0xDC: put(0x75); put(0x65); continue  // ü
                default: break
                }
            }
            if value >= 0xC0 && value < 0x250 {
                let folded = latin[Int(value - 0xC0)]
                if folded.isEmpty { if spaced { pendingSpace = true } } else { for byte in folded { put(byte) } }
                continue
            }
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                for byte in String(scalar).lowercased().utf8 { put(byte) }
            } else if scalar.properties.generalCategory == .nonspacingMark {
                continue   // combining accents of decomposed input
            } else if spaced {
                pendingSpace = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The ASCII folding of a Latin letter in U+00C0..U+024F ("é" -> "e", "ß" -> "ss"); empty for others.
    @inline(__always) static func latinFold(_ value: UInt32) -> [UInt8] {
        value >= 0xC0 && value < 0x250 ? latin[Int(value - 0xC0)] : []
    }

    /// ASCII folding of U+00C0..U+024F, built once from canonical decomposition plus a few letters that do not decompose.
    private static let latin: [[UInt8]] = (0xC0..<0x250).map { value -> [UInt8] in
        guard let scalar = Unicode.Scalar(value) else { return [] }
        switch value {
        case 0xD7, 0xF7: return []                       // × ÷
        case 0xDF: return Array("ss".utf8)
        case 0xC6, 0xE6: return Array("ae".utf8)
        case 0x152, 0x153: return Array("oe".utf8)
        case 0xD8, 0xF8: return Array("o".utf8)
        case 0xD0, 0xF0, 0x110, 0x111: return Array("d".utf8)
        case 0xDE, 0xFE: return Array("th".utf8)
        case 0x141, 0x142: return Array("l".utf8)
        case 0x131: return Array("i".utf8)
        default: break
        }
        let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first!
        guard base.value < 0x80 else { return Array(String(scalar).lowercased().utf8) }
        return Array(String(base).lowercased().utf8)
    }
}

/// A bounded raw-text -> result cache shared between threads. Columns such as country and industry hold few
/// distinct values over millions of rows; the cache turns the fold + lookup into one hash of the raw string.
/// When full it is cleared, so a column of unique garbage cannot grow it without bound.
final class FieldCache<Value: Sendable>: @unchecked Sendable {
    private var storage: [String: Value] = [:]
    private let lock = NSLock()
    private let limit: Int

    init(limit: Int = 4096) { self.limit = limit }

    @inline(__always)
    func value(for key: String, compute: (String) -> Value) -> Value {
        lock.lock()
        if let hit = storage[key] { lock.unlock(); return hit }
        lock.unlock()
        let computed = compute(key)
        lock.lock()
        if storage.count >= limit { storage.removeAll(keepingCapacity: true) }
        storage[key] = computed
        lock.unlock()
        return computed
    }
}

/// `FieldCache` for one thread's own use, without its lock: a normalizer per slice keeps one in front of the shared
/// caches, so the two cores no longer take the same lock for every record's country and industry.
struct LocalFieldCache<Value> {
    private var storage: [String: Value] = [:]
    private let limit: Int

    init(limit: Int = 4096) { self.limit = limit }

    mutating func value(for key: String, compute: (String) -> Value) -> Value {
        if let hit = storage[key] { return hit }
        let computed = compute(key)
        if storage.count >= limit { storage.removeAll(keepingCapacity: true) }
        storage[key] = computed
        return computed
    }
}
