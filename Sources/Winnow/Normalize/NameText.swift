import Foundation

/// Shared machinery of `CompanyName`, `PersonName` and `EmailFlags`: resource parsing, Latin folding,
/// tokenizing and re-casing. Per-row work is on UTF-8 bytes and unicode scalars; Foundation is used once,
/// to build the folding table.
enum NameText {
    // MARK: - Words

    /// `text.split(separator: " ")`, on the UTF-8 bytes when the text is ASCII: splitting by Characters (grapheme
    /// breaking) was half of `PersonName.normalize`. In ASCII every byte is a Character, so the words are the same;
    /// other text keeps the Character split, where " " followed by a combining mark is no separator.
    static func spaceSeparated<Text: StringProtocol>(_ text: Text) -> [Substring] where Text.SubSequence == Substring {
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return text.split(separator: " ") }
        var words: [Substring] = []
        var start = utf8.startIndex, index = start
        while index != utf8.endIndex {
            if utf8[index] == 0x20 {
                if index != start { words.append(text[start..<index]) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start != utf8.endIndex { words.append(text[start..<utf8.endIndex]) }
        return words
    }

    // MARK: - Resources

    /// Rows of a resource file: one per line, tab-separated fields, blank lines and `#` comments skipped.
    static func rows(_ bytes: [UInt8]) -> [[String]] {
        var rows: [[String]] = []
        var lineStart = 0
        let count = bytes.count
        while lineStart < count {
            var lineEnd = lineStart
            while lineEnd < count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var fields: [String] = []
            var fieldStart = lineStart
            var index = lineStart
            while index <= lineEnd {
                if index == lineEnd || bytes[index] == 0x09 {
                    var s = fieldStart, e = index
                    while s < e && (bytes[s] == 0x20 || bytes[s] == 0x0D) { s += 1 }
                    while e > s && (bytes[e - 1] == 0x20 || bytes[e - 1] == 0x0D) { e -= 1 }
                    if s < e { fields.append(String(decoding: bytes[s..<e], as: UTF8.self)) }
                    fieldStart = index + 1
                }
                index += 1
            }
            if let head = fields.first, !head.hasPrefix("#") { rows.append(fields) }
            lineStart = lineEnd + 1
        }
        return rows
    }

    // MARK: - Hashing

    /// FNV-1a over bytes; the lookup tables are keyed by these 64-bit hashes so that per-row lookups
    /// need no String allocation.
    struct FNV {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        @inline(__always) mutating func add(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    }

    /// Combines token hashes into a span hash.
    @inline(__always) static func mix(_ seed: UInt64, _ value: UInt64) -> UInt64 {
        var h = (seed ^ value) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        return h
    }
    static let mixSeed: UInt64 = 0x2545_F491_4F6C_DD1D

    @inline(__always) static func lowerASCII(_ b: UInt8) -> UInt8 { b &- 65 < 26 ? b | 0x20 : b }
    @inline(__always) static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) &- 97 < 26 }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }

    /// Key of a word for the word lists: lowercased, dots ignored, "’" read as "'".
    static func wordKey<S: Sequence>(_ scalars: S) -> UInt64 where S.Element == Unicode.Scalar {
        var h = FNV()
        for scalar in scalars {
            let v = scalar.value
            if v == 0x2E { continue }
            if v < 0x80 {
                h.add(lowerASCII(UInt8(v)))
            } else if v == 0x2019 {
                h.add(0x27)
            } else if scalar.properties.changesWhenLowercased {
                for b in scalar.properties.lowercaseMapping.utf8 { h.add(b) }
            } else {
                UTF8.encode(scalar) { h.add($0) }
            }
        }
        return h.value
    }

    static func wordKey(_ text: String) -> UInt64 { wordKey(text.unicodeScalars) }

    // MARK: - Whitespace

    /// Trimmed, runs of whitespace (ASCII, NBSP, Unicode spaces, ideographic space) collapsed to one space,
    /// zero-width characters dropped, trailing "," / ";" removed. Returns the input itself when already clean.
    static func clean(_ text: String) -> String {
        var text = text
        return text.withUTF8 { p -> String? in
            // Fast path: printable ASCII with single inner spaces and no trailing comma.
            var needsWork = false
            var previousSpace = true
            for b in p {
                if b >= 0x80 || b < 0x20 { needsWork = true; break }
                let isSpace = b == 0x20
                if isSpace && previousSpace { needsWork = true; break }
                previousSpace = isSpace
            }
            if !needsWork {
                if p.isEmpty { return nil }
                let last = p[p.count - 1]
                if last != 0x20 && last != 0x2C && last != 0x3B { return nil }
            }
            var out: [UInt8] = []
            out.reserveCapacity(p.count)
            var pendingSpace = false
            var i = 0
            let n = p.count
            while i < n {
                let b = p[i]
                var width = 1
                var kind = 0 // 0 keep, 1 space, 2 drop
                if b < 0x80 {
                    if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C { kind = 1 } else if b < 0x20 || b == 0x7F { kind = 2 }
                } else if b == 0xC2, i + 1 < n, p[i + 1] == 0xA0 || p[i + 1] == 0xAD {
                    width = 2; kind = p[i + 1] == 0xA0 ? 1 : 2
                } else if b == 0xE2, i + 2 < n, p[i + 1] == 0x80 {
                    let c = p[i + 2]
                    if c <= 0x8A || c == 0xAF || c == 0xA8 || c == 0xA9 { width = 3; kind = 1 } else if c >= 0x8B && c <= 0x8F { width = 3; kind = 2 }
                } else if b == 0xE2, i + 2 < n, p[i + 1] == 0x81, p[i + 2] == 0x9F {
                    width = 3; kind = 1
                } else if b == 0xE3, i + 2 < n, p[i + 1] == 0x80, p[i + 2] == 0x80 {
                    width = 3; kind = 1
                } else if b == 0xEF, i + 2 < n, p[i + 1] == 0xBB, p[i + 2] == 0xBF {
                    width = 3; kind = 2
                }
                if kind == 1 {
                    pendingSpace = true
                } else if kind == 0 {
                    if pendingSpace && !out.isEmpty { out.append(0x20) }
                    pendingSpace = false
                    for k in 0..<width { out.append(p[i + k]) }
                }
                i += width
            }
            while let last = out.last, last == 0x2C || last == 0x3B || last == 0x20 { out.removeLast() }
            return String(decoding: out, as: UTF8.self)
        } ?? text
    }

    // MARK: - Latin folding

    /// U+00C0..U+024F and U+1E00..U+1EFF folded to ASCII, case kept. Entry: up to three bytes (low 24 bits),
    /// bit 24 uppercase, bit 25 lowercase; 0 = not a foldable letter.
    static let latinFold: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 0x190 + 0x100)
        // German umlauts transliterate (ä -> ae) so that "Müller" and "Mueller" meet; the rest lose their marks.
        let overrides: [UInt32: String] = [
            0xC4: "Ae", 0xD6: "Oe", 0xDC: "Ue", 0xE4: "ae", 0xF6: "oe", 0xFC: "ue", 0xDF: "ss", 0x1E9E: "SS",
            0xC6: "AE", 0xE6: "ae", 0x152: "OE", 0x153: "oe", 0xD8: "O", 0xF8: "o", 0x141: "L", 0x142: "l",
            0x110: "D", 0x111: "d", 0xD0: "D", 0xF0: "d", 0xDE: "Th", 0xFE: "th", 0x131: "i", 0x126: "H",
            0x127: "h", 0x166: "T", 0x167: "t", 0x138: "k", 0x14A: "N", 0x14B: "n", 0x132: "IJ", 0x133: "ij",
            0x13F: "L", 0x140: "l", 0x149: "n", 0x17F: "s",
        ]
        let ranges: [(UInt32, UInt32, Int)] = [(0xC0, 0x250, 0), (0x1E00, 0x1F00, 0x190)]
        for (lower, upper, offset) in ranges {
            for v in lower..<upper {
                guard let scalar = Unicode.Scalar(v), scalar.properties.isAlphabetic else { continue }
                let ascii: [UInt8]
                if let text = overrides[v] {
                    ascii = Array(text.utf8)
                } else {
                    ascii = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
                        .filter { $0.isASCII && $0.properties.isAlphabetic }.map { UInt8($0.value) }
                }
                guard !ascii.isEmpty, ascii.count <= 3 else { continue }
                var entry: UInt32 = 0
                for (k, b) in ascii.enumerated() { entry |= UInt32(b) << (8 * UInt32(k)) }
                if scalar.properties.isUppercase { entry |= 1 << 24 }
                if scalar.properties.isLowercase { entry |= 1 << 25 }
                table[Int(v - lower) + offset] = entry
            }
        }
        return table
    }()

    @inline(__always) static func foldEntry(_ v: UInt32) -> UInt32 {
        if v &- 0xC0 < 0x190 { return latinFold[Int(v - 0xC0)] }
        if v &- 0x1E00 < 0x100 { return latinFold[Int(v - 0x1E00) + 0x190] }
        return 0
    }

    // MARK: - Tokens

    struct Token {
        var srcStart: Int
        var srcEnd: Int
        var foldStart: Int
        var foldEnd: Int
        var flags: UInt16 = 0
        /// Hash of the folded token, case kept / lowercased (filled by `Tokens.finish`).
        var caseHash: UInt64 = 0
        var lowerHash: UInt64 = 0
        var foldCount: Int { foldEnd - foldStart }
        func has(_ flag: UInt16) -> Bool { flags & flag != 0 }
    }

    enum Flag {
        static let upper: UInt16 = 1 // has an uppercase letter
        static let lower: UInt16 = 2 // has a lowercase letter
        static let firstUpper: UInt16 = 4 // first letter uppercase
        static let upperAfterFirst: UInt16 = 8 // an uppercase letter after the first character ("SpA", "SPA")
        static let dotAfter: UInt16 = 16 // directly followed by "."
        static let ampersand: UInt16 = 32 // "&" or "+"
        static let nonASCII: UInt16 = 64 // folded bytes include non-ASCII
        static let connector: UInt16 = 128 // "&", "and", "und", ... (set by `finish`)
        static let digit: UInt16 = 256
        static let single: UInt16 = 512 // one letter or digit
    }

    /// The words of a text: letters and digits, folded (Latin diacritics removed, umlauts as ae/oe/ue, non-Latin
    /// letters lowercased), with their byte ranges in the source. "&" and "+" are tokens of their own;
    /// apostrophes inside a word are dropped ("McDonald's" -> "McDonalds"); everything else separates.
    struct Tokens {
        var fold: [UInt8] = []
        var items: [Token] = []
        var anyUpper = false
        var anyLower = false
        var anyNonASCII = false
        var singleCase: Bool { !(anyUpper && anyLower) }

        init(_ p: UnsafeBufferPointer<UInt8>) {
            fold.reserveCapacity(p.count + 4)
            items.reserveCapacity(6)
            var open = false
            var current = Token(srcStart: 0, srcEnd: 0, foldStart: 0, foldEnd: 0)
            var scalarsInToken = 0
            let n = p.count

            func close() {
                if open {
                    current.foldEnd = fold.count
                    if scalarsInToken == 1 { current.flags |= Flag.single }
                    if current.foldEnd > current.foldStart { items.append(current) }
                    open = false
                }
            }
            func begin(_ at: Int) {
                if !open {
                    open = true
                    scalarsInToken = 0
                    current = Token(srcStart: at, srcEnd: at, foldStart: fold.count, foldEnd: fold.count)
                }
            }
            func letter(_ at: Int, _ width: Int, upper: Bool, lower: Bool) {
                begin(at)
                if upper {
                    current.flags |= scalarsInToken == 0 ? (Flag.upper | Flag.firstUpper) : (Flag.upper | Flag.upperAfterFirst)
                }
                if lower { current.flags |= Flag.lower }
                scalarsInToken += 1
                current.srcEnd = at + width
            }
            func nextStartsWord(_ j: Int) -> Bool {
                guard j < n else { return false }
                let b = p[j]
                return b >= 0xC3 || NameText.isASCIILetter(b) || NameText.isDigit(b)
            }
            func ascii(_ c: UInt8, _ at: Int, _ width: Int) {
                if NameText.isASCIILetter(c) {
                    let isUpper = c < 0x61
                    letter(at, width, upper: isUpper, lower: !isUpper)
                    fold.append(c)
                } else if NameText.isDigit(c) {
                    letter(at, width, upper: false, lower: false)
                    current.flags |= Flag.digit
                    fold.append(c)
                } else if c == 0x27 || c == 0x60 {
                    if open && nextStartsWord(at + width) { current.srcEnd = at + width } else { close() }
                } else if c == 0x26 || c == 0x2B {
                    close()
                    items.append(Token(srcStart: at, srcEnd: at + width, foldStart: fold.count, foldEnd: fold.count + 1,
                                       flags: Flag.ampersand | Flag.connector | Flag.single))
                    fold.append(0x26)
                } else if c == 0x2E {
                    close()
                    if let last = items.indices.last, items[last].srcEnd == at { items[last].flags |= Flag.dotAfter }
                } else {
                    close()
                }
            }
            func standalone(_ text: String, _ at: Int, _ width: Int) {
                close()
                let start = fold.count
                fold.append(contentsOf: text.utf8)
                items.append(Token(srcStart: at, srcEnd: at + width, foldStart: start, foldEnd: fold.count, flags: Flag.nonASCII | Flag.single))
            }

            var i = 0
            while i < n {
                let b = p[i]
                if b < 0x80 { ascii(b, i, 1); i += 1; continue }
                var v: UInt32
                var width: Int
                if b < 0xE0 {
                    v = UInt32(b & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F); width = 2
                } else if b < 0xF0 {
                    v = UInt32(b & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F); width = 3
                } else {
                    v = UInt32(b & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F); width = 4
                }
                defer { i += width }
                if v &- 0x300 < 0x70 { if open { current.srcEnd = i + width }; continue } // combining marks
                if v == 0x200B || v == 0x200C || v == 0x200D || v == 0xFEFF || v == 0xAD { continue }
                if v == 0x2019 || v == 0x2018 || v == 0x2BC || v == 0xB4 {
                    if open && nextStartsWord(i + width) { current.srcEnd = i + width } else { close() }
                    continue
                }
                if v &- 0xFF01 < 0x5E { ascii(UInt8(v - 0xFEE0), i, width); continue } // fullwidth ASCII
                if v == 0x3231 { standalone("株", i, width); continue } // ㈱
                if v == 0x3232 { standalone("有", i, width); continue } // ㈲
                let entry = NameText.foldEntry(v)
                if entry != 0 {
                    letter(i, width, upper: entry & (1 << 24) != 0, lower: entry & (1 << 25) != 0)
                    fold.append(UInt8(truncatingIfNeeded: entry))
                    let b1 = UInt8(truncatingIfNeeded: entry >> 8), b2 = UInt8(truncatingIfNeeded: entry >> 16)
                    if b1 != 0 { fold.append(b1) }
                    if b2 != 0 { fold.append(b2) }
                    continue
                }
                guard let scalar = Unicode.Scalar(v) else { close(); continue }
                let props = scalar.properties
                if props.isAlphabetic || props.numericType != nil {
                    letter(i, width, upper: props.isUppercase, lower: props.isLowercase)
                    current.flags |= Flag.nonASCII
                    if props.changesWhenLowercased {
                        fold.append(contentsOf: props.lowercaseMapping.utf8)
                    } else {
                        for k in 0..<width { fold.append(p[i + k]) }
                    }
                } else {
                    close()
                }
            }
            close()
            finish()
        }

        /// Hashes, connector flags and case summary.
        private mutating func finish() {
            let connectors = NameText.words.connector
            for k in items.indices {
                var cs = FNV(), ci = FNV()
                for b in fold[items[k].foldStart..<items[k].foldEnd] {
                    cs.add(b)
                    ci.add(NameText.lowerASCII(b))
                }
                items[k].caseHash = cs.value
                items[k].lowerHash = ci.value
                let f = items[k].flags
                if f & Flag.upper != 0 { anyUpper = true }
                if f & Flag.lower != 0 { anyLower = true }
                if f & Flag.nonASCII != 0 { anyNonASCII = true }
                if items[k].foldCount <= 3 && connectors.contains(ci.value) { items[k].flags |= Flag.connector }
            }
            // A one-letter connector ("u.", "y", "e") only between two words: "S.L.U." is no "S.L. and".
            for k in items.indices where items[k].foldCount == 1 && items[k].flags & (Flag.connector | Flag.ampersand) == Flag.connector {
                if k == 0 || k == items.count - 1 || items[k - 1].foldCount < 2 || items[k + 1].foldCount < 2 {
                    items[k].flags &= ~Flag.connector
                }
            }
        }

        /// Hash of the lowercased folded bytes of tokens `from..<to`, without separators ("G.m.b.H." -> "gmbh").
        func squashHash(_ from: Int, _ to: Int) -> UInt64 {
            var h = FNV()
            for k in from..<to {
                if items[k].has(Flag.connector) { h.add(0x26); continue }
                for b in fold[items[k].foldStart..<items[k].foldEnd] { h.add(NameText.lowerASCII(b)) }
            }
            return h.value
        }
    }

    static func tokens(_ text: String) -> Tokens {
        var text = text
        return text.withUTF8 { Tokens($0) }
    }

    // MARK: - Word lists

    struct WordLists: Sendable {
        var honorific: [UInt64: String] = [:]
        var honorific2: [UInt64: String] = [:]
        var suffix: [UInt64: String] = [:]
        var commaSuffix: [UInt64: String] = [:]
        var particle: Set<UInt64> = []
        var lower: Set<UInt64> = []
        var connector: Set<UInt64> = []
        var acronym: Set<UInt64> = []
        var keepCase: Set<UInt64> = []
        var macException: Set<UInt64> = []

        init(_ bytes: [UInt8]) {
            for row in NameText.rows(bytes) where row.count >= 2 {
                let canonical = row[1]
                for word in row.dropFirst() {
                    let key = NameText.wordKey(word)
                    switch row[0] {
                    case "honorific": if honorific[key] == nil { honorific[key] = canonical }
                    case "honorific2": if honorific2[key] == nil { honorific2[key] = canonical }
                    case "suffix": if suffix[key] == nil { suffix[key] = canonical }
                    case "suffix~": if commaSuffix[key] == nil { commaSuffix[key] = canonical }
                    case "particle": particle.insert(key)
                    case "lower": lower.insert(key)
                    case "connector":
                        // Connectors are matched on folded token bytes (no dots), the same hash for ASCII words.
                        connector.insert(key)
                    case "acronym": acronym.insert(key)
                    case "keepcase": keepCase.insert(key)
                    case "mac": macException.insert(key)
                    default: break
                    }
                }
            }
        }
    }

    static let words = WordLists(PackageResources.name_words_tsv)

    // MARK: - Case

    @inline(__always) static func isLetter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return isASCIILetter(UInt8(v)) }
        return s.properties.isAlphabetic
    }

    @inline(__always) static func isVowel(_ s: Unicode.Scalar) -> Bool {
        switch s.value | 0x20 {
        case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79: return true
        default: return s.value >= 0x80
        }
    }

    static func appendUpper(_ s: Unicode.Scalar, to out: inout String.UnicodeScalarView, title: Bool = false) {
        let v = s.value
        if v < 0x80 {
            out.append(v &- 97 < 26 ? Unicode.Scalar(UInt8(v - 32)) : s)
        } else if s.properties.changesWhenUppercased || (title && s.properties.changesWhenTitlecased) {
            if s.value == 0xDF { out.append(s); return } // keep "ß"
            out.append(contentsOf: (title ? s.properties.titlecaseMapping : s.properties.uppercaseMapping).unicodeScalars)
        } else {
            out.append(s)
        }
    }

    static func appendLower(_ s: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        let v = s.value
        if v < 0x80 {
            out.append(v &- 65 < 26 ? Unicode.Scalar(UInt8(v + 32)) : s)
        } else if s.properties.changesWhenLowercased {
            out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
        } else {
            out.append(s)
        }
    }

    static func upper(_ word: Substring.UnicodeScalarView, into out: inout String.UnicodeScalarView) {
        for s in word { appendUpper(s, to: &out) }
    }

    static func lower(_ word: Substring.UnicodeScalarView, into out: inout String.UnicodeScalarView) {
        for s in word { appendLower(s, to: &out) }
    }

    /// Title case: the first letter of every segment (after "-", "/", ".", "(", ...) upper, the rest lower.
    /// "MCDONALD'S" -> "McDonald's", "O'NEIL" -> "O'Neil", "JEAN-LUC" -> "Jean-Luc". `mac` adds MacLeod-style
    /// casing (persons only: "MACHINE" is not "MacHine"); `lowerElision` gives "d'Alembert", "l'Aquila".
    static func title(_ word: Substring.UnicodeScalarView, mac: Bool, lowerElision: Bool, into out: inout String.UnicodeScalarView) {
        let scalars = Array(word)
        var capNext = true
        var lettersInSegment = 0
        var segmentStart = 0
        func lettersFrom(_ j: Int) -> Int {
            var count = 0
            var k = j
            while k < scalars.count, isLetter(scalars[k]) { count += 1; k += 1 }
            return count
        }
        func lowerAt(_ j: Int) -> UInt32 { scalars[j].value < 0x80 ? UInt32(lowerASCII(UInt8(scalars[j].value))) : scalars[j].value }
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if isLetter(s) {
                if lettersInSegment == 0 { segmentStart = i }
                if capNext { appendUpper(s, to: &out, title: true) } else { appendLower(s, to: &out) }
                capNext = false
                lettersInSegment += 1
                if lettersInSegment == 2, lowerAt(segmentStart) == 0x6D, lowerAt(segmentStart + 1) == 0x63, lettersFrom(i + 1) >= 2 {
                    capNext = true // Mc
                } else if mac, lettersInSegment == 3, lowerAt(segmentStart) == 0x6D, lowerAt(segmentStart + 1) == 0x61,
                          lowerAt(segmentStart + 2) == 0x63, lettersFrom(i + 1) >= 3,
                          !words.macException.contains(wordKey(scalars[segmentStart..<(i + 1 + lettersFrom(i + 1))])) {
                    capNext = true // Mac
                }
            } else if s.value == 0x27 || s.value == 0x2019 || s.value == 0x60 || s.value == 0x2BC {
                // O'Neil, d'Alembert: one letter before, at least two after.
                if lettersInSegment == 1 && lettersFrom(i + 1) >= 2 {
                    capNext = true
                    let previous = lowerAt(i - 1)
                    if lowerElision && (previous == 0x64 || previous == 0x6C), i >= 1 {
                        out.removeLast()
                        appendLower(scalars[i - 1], to: &out)
                    }
                } else {
                    capNext = false
                }
                out.append(s)
            } else if s.value &- 48 < 10 {
                out.append(s)
                capNext = false
                lettersInSegment = 0
            } else if s.value &- 0x300 < 0x70 {
                out.append(s) // combining mark stays with its letter
            } else {
                out.append(s)
                capNext = true
                lettersInSegment = 0
            }
            i += 1
        }
    }

    /// Whether a text's cased letters are all upper or all lower case (so it may be re-cased).
    static func isSingleCase(_ text: Substring) -> Bool {
        var upper = false, lower = false
        for s in text.unicodeScalars {
            let v = s.value
            if v < 0x80 {
                if v &- 65 < 26 { upper = true } else if v &- 97 < 26 { lower = true }
            } else if s.properties.isUppercase {
                upper = true
            } else if s.properties.isLowercase {
                lower = true
            }
            if upper && lower { return false }
        }
        return true
    }

    /// The word without leading and trailing punctuation ("(Deutschland)," -> "Deutschland").
    static func core(_ word: Substring) -> Substring {
        let scalars = word.unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, !isWordScalar(scalars[start]) { start = scalars.index(after: start) }
        while end > start, !isWordScalar(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return Substring(scalars[start..<end])
    }

    @inline(__always) static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        isLetter(s) || s.value &- 48 < 10
    }
}
