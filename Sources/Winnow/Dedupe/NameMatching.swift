/// Name primitives for entity resolution: folding, Jaro-Winkler, Kölner Phonetik, nickname groups.
/// All work on Unicode scalars and UTF-8 bytes; no Foundation, no regular expressions.

/// Folds person names to a comparison form: lowercase ASCII letters.
///
/// - Latin-1 and Latin Extended-A letters lose their diacritics (ü->u, é->e, ł->l, ø->o, Ș->s),
///   ligatures and special letters are spelled out (ß->ss, æ->ae, œ->oe, þ->th, ĳ->ij);
///   combining marks (NFD input) are dropped.
/// - The German/Scandinavian transliterations "ae", "oe", "ue" then collapse to "a", "o", "u" so
///   that Müller = Mueller = Muller (and Jörg = Joerg = Jorg). This is applied to every name on
///   both sides, so it only costs a little discrimination ("Samuel" and "Samul" fold alike).
/// - Apostrophes, dots and digits vanish ("O'Brien" = "OBrien", "Ó Briain" = "O Briain");
///   spaces and hyphens separate tokens. Scalars outside Latin scripts are kept as their UTF-8 bytes.
enum NameFold {
    /// Letters only, tokens joined: "Anna-Maria" -> "annamaria", "Ó Briain" -> "obriain".
    static func key(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        fold(s, into: &out, separator: nil)
        return out
    }

    /// Folded tokens: "Jean-Pierre" -> ["jean", "pierre"]; "R." -> ["r"].
    static func tokens(_ s: String) -> [[UInt8]] {
        var buf: [UInt8] = []
        buf.reserveCapacity(s.utf8.count)
        fold(s, into: &buf, separator: 0x20)
        return buf.split(separator: 0x20, omittingEmptySubsequences: true).map { Array($0) }
    }

    static func fold(_ s: String, into out: inout [UInt8], separator: UInt8?) {
        let start = out.count
        func sep() {
            if let separator, out.count > start, out[out.count - 1] != separator { out.append(separator) }
        }
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                let b = UInt8(v)
                switch b {
                case 0x61...0x7A: out.append(b)
                case 0x41...0x5A: out.append(b | 0x20)
                case 0x20, 0x2D, 0x09, 0x5F, 0x2C, 0x2F: sep()   // space - tab _ , /
                default: break                                  // ' . digits and the rest vanish
                }
                continue
            }
            if (0x300...0x36F).contains(v) { continue }          // combining diacritics
            if v == 0x2019 || v == 0x2018 || v == 0x00B4 || v == 0x02BC { continue } // ’ ‘ ´ ʼ
            if v == 0x2010 || v == 0x2011 || v == 0x2013 || v == 0x00A0 { sep(); continue }
            if let (a, b) = latin(v) {
                out.append(a)
                if b != 0 { out.append(b) }
                continue
            }
            out.append(contentsOf: String(scalar).utf8)
        }
        if let separator, out.count > start, out[out.count - 1] == separator { out.removeLast() }
        // ae / oe / ue -> a / o / u
        var w = start
        var r = start
        while r < out.count {
            let c = out[r]
            out[w] = c
            if c == 0x65, w > start, [0x61, 0x6F, 0x75].contains(out[w - 1]) {
                r += 1
                continue
            }
            w += 1
            r += 1
        }
        out.removeLast(out.count - w)
    }

    /// ASCII spelling of a Latin-1 / Latin Extended-A (and Romanian comma-below) letter.
    @inline(__always)
    static func latin(_ v: UInt32) -> (UInt8, UInt8)? {
        let a: UInt8 = 0x61
        func c(_ s: Unicode.Scalar) -> UInt8 { UInt8(s.value) }
        switch v {
        case 0xC0...0xC5, 0xE0...0xE5, 0x100...0x105: return (a, 0)
        case 0xC6, 0xE6: return (a, c("e"))
        case 0xC7, 0xE7, 0x106...0x10D: return (c("c"), 0)
        case 0xD0, 0xF0, 0x10E...0x111: return (c("d"), 0)
        case 0xC8...0xCB, 0xE8...0xEB, 0x112...0x11B: return (c("e"), 0)
        case 0x11C...0x123: return (c("g"), 0)
        case 0x124...0x127: return (c("h"), 0)
        case 0xCC...0xCF, 0xEC...0xEF, 0x128...0x131: return (c("i"), 0)
        case 0x132, 0x133: return (c("i"), c("j"))
        case 0x134, 0x135: return (c("j"), 0)
        case 0x136...0x138: return (c("k"), 0)
        case 0x139...0x142: return (c("l"), 0)
        case 0xD1, 0xF1, 0x143...0x14B: return (c("n"), 0)
        case 0xD2...0xD6, 0xD8, 0xF2...0xF6, 0xF8, 0x14C...0x151: return (c("o"), 0)
        case 0x152, 0x153: return (c("o"), c("e"))
        case 0x154...0x159: return (c("r"), 0)
        case 0x15A...0x161, 0x17F, 0x218, 0x219: return (c("s"), 0)
        case 0xDF, 0x1E9E: return (c("s"), c("s"))
        case 0x162...0x167, 0x21A, 0x21B: return (c("t"), 0)
        case 0xDE, 0xFE: return (c("t"), c("h"))
        case 0xD9...0xDC, 0xF9...0xFC, 0x168...0x173: return (c("u"), 0)
        case 0x174, 0x175: return (c("w"), 0)
        case 0xDD, 0xFD, 0xFF, 0x176...0x178: return (c("y"), 0)
        case 0x179...0x17E: return (c("z"), 0)
        default: return nil
        }
    }
}

/// Jaro-Winkler similarity (Winkler prefix scale 0.1, prefix up to 4, boost only above Jaro 0.7).
enum JaroWinkler {
    static func similarity(_ a: [UInt8], _ b: [UInt8]) -> Double {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in similarity(pa, pb) } }
    }

    static func similarity(_ a: String, _ b: String) -> Double {
        similarity(Array(a.utf8), Array(b.utf8))
    }

    static func similarity(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        let jaro = self.jaro(a, b)
        guard jaro > 0.7 else { return jaro }
        var prefix = 0
        let limit = min(4, a.count, b.count)
        while prefix < limit, a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }

    static func jaro(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        let la = a.count, lb = b.count
        if la == 0 && lb == 0 { return 1 }
        if la == 0 || lb == 0 { return 0 }
        if la == lb && memEqual(a, b) { return 1 }
        let window = max(0, max(la, lb) / 2 - 1)
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: la + lb) { flags in
            flags.initialize(repeating: false)
            var matches = 0
            for i in 0..<la {
                let lo = max(0, i - window), hi = min(lb - 1, i + window)
                if lo > hi { continue }
                for j in lo...hi where !flags[la + j] && a[i] == b[j] {
                    flags[i] = true
                    flags[la + j] = true
                    matches += 1
                    break
                }
            }
            if matches == 0 { return 0 }
            var transpositions = 0
            var k = 0
            for i in 0..<la where flags[i] {
                while !flags[la + k] { k += 1 }
                if a[i] != b[k] { transpositions += 1 }
                k += 1
            }
            let m = Double(matches)
            return (m / Double(la) + m / Double(lb) + (m - Double(transpositions / 2)) / m) / 3
        }
    }

    @inline(__always)
    private static func memEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }
}

/// Kölner Phonetik (Cologne phonetics, Postel 1969): a phonetic code designed for German names that
/// also behaves sensibly on other Western European spellings (Meier/Meyer/Maier -> 67,
/// Schmidt/Schmitt -> 862, Müller/Mueller -> 657). Chosen over Soundex (English-centric, keeps the
/// first letter so Carl/Karl differ) and Double Metaphone (large, English-first rule set).
/// Input is a folded name (see `NameFold`): lowercase ASCII; other bytes are ignored.
enum KoelnerPhonetik {
    static func code(_ s: String) -> String {
        String(decoding: code(NameFold.key(s)), as: UTF8.self)
    }

    static func code(_ word: [UInt8]) -> [UInt8] {
        let letters = word.filter { $0 >= 0x61 && $0 <= 0x7A }
        var raw: [UInt8] = []
        raw.reserveCapacity(letters.count + 2)
        let n = letters.count
        for i in 0..<n {
            let ch = letters[i]
            let prev: UInt8 = i > 0 ? letters[i - 1] : 0
            let next: UInt8 = i + 1 < n ? letters[i + 1] : 0
            switch ch {
            case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "j"),
                 UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "y"):
                raw.append(0)
            case UInt8(ascii: "h"):
                continue
            case UInt8(ascii: "b"):
                raw.append(1)
            case UInt8(ascii: "p"):
                raw.append(next == UInt8(ascii: "h") ? 3 : 1)
            case UInt8(ascii: "d"), UInt8(ascii: "t"):
                raw.append(next == UInt8(ascii: "c") || next == UInt8(ascii: "s") || next == UInt8(ascii: "z") ? 8 : 2)
            case UInt8(ascii: "f"), UInt8(ascii: "v"), UInt8(ascii: "w"):
                raw.append(3)
            case UInt8(ascii: "g"), UInt8(ascii: "k"), UInt8(ascii: "q"):
                raw.append(4)
            case UInt8(ascii: "c"):
                if i == 0 {
                    raw.append(Array("ahkloqrux".utf8).contains(next) ? 4 : 8)
                } else if prev == UInt8(ascii: "s") || prev == UInt8(ascii: "z") {
                    raw.append(8)
                } else {
                    raw.append(Array("ahkoqux".utf8).contains(next) ? 4 : 8)
                }
            case UInt8(ascii: "x"):
                if prev == UInt8(ascii: "c") || prev == UInt8(ascii: "k") || prev == UInt8(ascii: "q") {
                    raw.append(8)
                } else {
                    raw.append(4)
                    raw.append(8)
                }
            case UInt8(ascii: "l"): raw.append(5)
            case UInt8(ascii: "m"), UInt8(ascii: "n"): raw.append(6)
            case UInt8(ascii: "r"): raw.append(7)
            case UInt8(ascii: "s"), UInt8(ascii: "z"): raw.append(8)
            default: continue
            }
        }
        // Collapse repeats, then drop every "0" except a leading one.
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var last: UInt8 = 255
        for (i, d) in raw.enumerated() {
            if d == last { continue }
            last = d
            if d == 0 && i != 0 { continue }
            out.append(d + 0x30)
        }
        return out
    }
}

/// Given-name equivalence groups: a public English list (`nicknames-en.csv`, Apache-2.0, rows
/// "formal,has_nickname,nickname") plus Winnow's own European list (`nicknames-eu.tsv`, rows
/// "lang<TAB>canonical<TAB>variant,variant,..."). Each formal name of the English list and each row
/// of the European list is a group. Two given names are equivalent when they share a group, with no
/// transitive closure, and - because the English list also has reverse rows such as
/// "bill,has_nickname,robert" and "bill,has_nickname,william" - two names that are both formal names
/// in the English list are only equivalent through a group one of them heads (Robert != William).
final class NicknameTable: Sendable {
    /// Folded name -> sorted memberships, each `group << 2 | 2 (European group) | 1 (heads the group)`.
    let groups: [String: [Int32]]
    /// Folded names that head a group of the English list.
    let englishFormal: Set<String>

    static let shared = NicknameTable(english: PackageResources.nicknames_en_csv, european: PackageResources.nicknames_eu_tsv)

    init(english: [UInt8], european: [UInt8]) {
        var groups: [String: Set<Int32>] = [:]
        var groupOfFormal: [String: Int32] = [:]
        var formal = Set<String>()
        var next: Int32 = 0
        func fold(_ name: String) -> String { String(decoding: NameFold.key(name), as: UTF8.self) }
        func add(_ name: String, _ g: Int32, european: Bool, heads: Bool) {
            let k = fold(name)
            if !k.isEmpty { groups[k, default: []].insert(g << 2 | (european ? 2 : 0) | (heads ? 1 : 0)) }
        }
        for (n, line) in Self.lines(english).enumerated() where n > 0 {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count >= 3 else { continue }
            let name1 = String(f[0])
            let g: Int32
            if let existing = groupOfFormal[name1] { g = existing } else {
                g = next
                next += 1
                groupOfFormal[name1] = g
                formal.insert(fold(name1))
            }
            add(name1, g, european: false, heads: true)
            add(String(f[2]), g, european: false, heads: false)
        }
        for line in Self.lines(european) where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count >= 3 else { continue }
            let g = next
            next += 1
            add(String(f[1]), g, european: true, heads: true)
            for v in f[2].split(separator: ",") { add(String(v), g, european: true, heads: false) }
        }
        self.groups = groups.mapValues { $0.sorted() }
        self.englishFormal = formal
    }

    private static func lines(_ bytes: [UInt8]) -> [String] {
        bytes.split(separator: 0x0A).map { line in
            var s = String(decoding: line, as: UTF8.self)
            if s.hasSuffix("\r") { s.removeLast() }
            return s
        }
    }

    func groups(ofFolded name: String) -> [Int32] { groups[name] ?? [] }
    func isEnglishFormal(folded name: String) -> Bool { englishFormal.contains(name) }

    /// Whether two given names (any spelling) are nicknames/variants of each other.
    func areEquivalent(_ a: String, _ b: String) -> Bool {
        let fa = String(decoding: NameFold.key(a), as: UTF8.self)
        let fb = String(decoding: NameFold.key(b), as: UTF8.self)
        return fa == fb || Self.equivalent(groups(ofFolded: fa), englishFormal.contains(fa),
                                           groups(ofFolded: fb), englishFormal.contains(fb))
    }

    /// Memberships of two names (sorted), and whether each heads an English group.
    @inline(__always)
    static func equivalent(_ a: [Int32], _ aFormal: Bool, _ b: [Int32], _ bFormal: Bool) -> Bool {
        var i = 0, j = 0
        while i < a.count && j < b.count {
            let ga = a[i] >> 2, gb = b[j] >> 2
            if ga == gb {
                let european = a[i] & 2 != 0
                if european || a[i] & 1 != 0 || b[j] & 1 != 0 || (!aFormal && !bFormal) { return true }
                i += 1
                j += 1
            } else if ga < gb { i += 1 } else { j += 1 }
        }
        return false
    }
}
