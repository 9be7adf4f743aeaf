/// Company names: display form, match key and legal form.
///
/// Matching rules (see NOTES.md):
/// - Folding: case-folded; ä/ö/ü -> ae/oe/ue and ß -> ss (so "Müller" == "Mueller"; "Muller" stays different),
///   every other Latin diacritic dropped (é -> e, ø -> o, ł -> l), fullwidth forms read as ASCII.
/// - Punctuation separates words ("Coca-Cola" == "Coca Cola"); apostrophes join ("McDonald's" == "McDonalds").
/// - "&", "+", "and", "und", "et", "y", "en", "e", "u" after the first word are dropped, so
///   "Procter & Gamble" == "Procter and Gamble" == "Procter Gamble".
/// - Legal forms (resource `legal-forms.tsv`) are removed repeatedly from the end as long as a word of the
///   name proper remains: "Smith, Jones & Co., Inc." -> "smith jones". Whole tokens only, any case, with or
///   without dots and spaces ("G.m.b.H.", "S. p. A.", "spa"). Japanese 株式会社 / (株) / ㈱ are removed too.
/// - Runs of single letters are joined ("I.B.M." == "IBM"), a leading "the" is dropped.
public enum CompanyName {
    /// Display name: trimmed, whitespace collapsed; ALL-CAPS and all-lowercase names re-cased
    /// ("ACME MASCHINENBAU GMBH" -> "Acme Maschinenbau GmbH"), mixed-case names kept as given;
    /// trailing legal forms in their canonical spelling ("Acme Gmbh." -> "Acme GmbH").
    public static func display(_ raw: String) -> String {
        var text = NameText.clean(raw)
        if text.isEmpty { return text }
        return text.withUTF8 { p in display(p) }
    }

    /// Match key: "ACME Gmbh." and "Acme GmbH" -> "acme"; "Smith, Jones & Co., Inc." and "Smith Jones and Co"
    /// -> "smith jones"; "五洋建設株式会社" -> "五洋建設".
    public static func matchKey(_ raw: String) -> String {
        var text = raw
        return text.withUTF8 { p in
            var t = NameText.Tokens(p)
            if t.items.isEmpty { return "" }
            if t.anyNonASCII { _ = stripAffixes(&t) }
            let end = strip(t).end
            return key(t, end: end)
        }
    }

    /// The (outermost) legal form, canonical spelling: "Acme Gmbh." -> "GmbH", "Fiat S. p. A." -> "S.p.A.",
    /// "Smith & Co., Inc." -> "Inc.", "日産化学㈱" -> "株式会社"; nil if none.
    public static func legalForm(_ raw: String) -> String? {
        var text = raw
        return text.withUTF8 { p -> String? in
            var t = NameText.Tokens(p)
            if t.items.isEmpty { return nil }
            var japanese: Int32?
            if t.anyNonASCII { japanese = stripAffixes(&t) }
            if let outer = strip(t).spans.last { return table.canonical[Int(outer.line)] }
            return japanese.map { table.canonical[Int($0)] }
        }
    }

    // MARK: - Legal-form table

    struct Affix: Sendable {
        var bytes: [UInt8]
        var scalars: Int
        var line: Int32
    }

    struct Table: Sendable {
        var canonical: [String] = []
        var isCJK: [Bool] = []
        /// Token-sequence hashes (case kept / lowercased) and squashed hashes ("gmbh") -> line.
        var exactCase: [UInt64: Int32] = [:]
        var exactLower: [UInt64: Int32] = [:]
        var squash: [UInt64: Int32] = [:]
        /// Squashed hashes of forms that are also ordinary words ("spa", "as").
        var ambiguous: Set<UInt64> = []
        /// Lowercase hashes of tokens that end / start some form: quick rejection.
        var lastTokens: Set<UInt64> = []
        var firstTokens: Set<UInt64> = []
        /// One-token forms -> canonical letters for re-casing ("gmbh" -> "GmbH").
        var casing: [UInt64: String] = [:]
        var affixes: [Affix] = []
        var maxTokens = 1

        init(_ bytes: [UInt8]) {
            let rows = NameText.rows(bytes).filter { $0.count >= 2 }
            // Canonical spellings claim their exact (case-kept) form first, so display is idempotent.
            for (line, row) in rows.enumerated() {
                let name = row[0].hasPrefix("~") ? String(row[0].dropFirst()) : row[0]
                canonical.append(name)
                isCJK.append(name.unicodeScalars.contains { $0.value >= 0x2E80 })
                let t = NameText.tokens(name)
                if exactCase[Self.caseHash(t, 0, t.items.count)] == nil { exactCase[Self.caseHash(t, 0, t.items.count)] = Int32(line) }
            }
            for (line, row) in rows.enumerated() {
                let spellings = [row[0]] + row.dropFirst(2)
                for spelling in spellings {
                    let isAmbiguous = spelling.hasPrefix("~")
                    let text = isAmbiguous ? String(spelling.dropFirst()) : spelling
                    let t = NameText.tokens(text)
                    let count = t.items.count
                    guard count > 0 else { continue }
                    let l = Int32(line)
                    if t.anyNonASCII && text.unicodeScalars.contains(where: { $0.value >= 0x2E80 }) {
                        // Japanese: also matched as prefix or suffix of a word.
                        for item in t.items where item.has(NameText.Flag.nonASCII) {
                            let b = Array(t.fold[item.foldStart..<item.foldEnd])
                            affixes.append(Affix(bytes: b, scalars: String(decoding: b, as: UTF8.self).unicodeScalars.count, line: l))
                        }
                    }
                    let cs = Self.caseHash(t, 0, count), ci = Self.lowerHash(t, 0, count), sq = t.squashHash(0, count)
                    if exactCase[cs] == nil { exactCase[cs] = l }
                    if exactLower[ci] == nil { exactLower[ci] = l }
                    if squash[sq] == nil { squash[sq] = l }
                    if isAmbiguous { ambiguous.insert(sq) }
                    lastTokens.insert(t.items[count - 1].has(NameText.Flag.connector) ? Self.ampHash : t.items[count - 1].lowerHash)
                    firstTokens.insert(t.items[0].lowerHash)
                    maxTokens = max(maxTokens, count)
                    if count == 1 && !t.anyNonASCII {
                        let canonicalTokens = NameText.tokens(canonical[line])
                        if canonicalTokens.items.count == 1, casing[ci] == nil,
                           canonicalTokens.items[0].lowerHash == t.items[0].lowerHash {
                            let item = canonicalTokens.items[0]
                            casing[ci] = String(decoding: canonicalTokens.fold[item.foldStart..<item.foldEnd], as: UTF8.self)
                        }
                    }
                }
            }
            // Squashed spellings can span more tokens ("g m b h & co k g").
            maxTokens = max(maxTokens, 10)
            // Squashed forms end in any letter: single-letter tokens must pass the quick check.
            for c in UInt8(ascii: "a")...UInt8(ascii: "z") {
                var h = NameText.FNV()
                h.add(c)
                lastTokens.insert(h.value)
            }
        }

        static let ampHash: UInt64 = {
            var h = NameText.FNV()
            h.add(0x26)
            return h.value
        }()

        static func caseHash(_ t: NameText.Tokens, _ from: Int, _ to: Int) -> UInt64 {
            var h = NameText.mixSeed
            for k in from..<to { h = NameText.mix(h, t.items[k].caseHash) }
            return h
        }

        static func lowerHash(_ t: NameText.Tokens, _ from: Int, _ to: Int) -> UInt64 {
            var h = NameText.mixSeed
            for k in from..<to { h = NameText.mix(h, t.items[k].has(NameText.Flag.connector) ? ampHash : t.items[k].lowerHash) }
            return h
        }
    }

    static let table = Table(PackageResources.legal_forms_tsv)

    // MARK: - Matching

    struct Span {
        var start: Int
        var end: Int
        var line: Int32
    }

    /// The legal form ending at token `end`, if a word of the name proper stays before it.
    static func match(_ t: NameText.Tokens, end: Int, minStart: Int) -> Span? {
        guard end > minStart else { return nil }
        let last = t.items[end - 1]
        guard table.lastTokens.contains(last.has(NameText.Flag.connector) ? Table.ampHash : last.lowerHash) else { return nil }
        var allShort = true
        var k = 1
        var best: Span?
        // Longest match wins: walk spans ending at `end` from short to long, remember the last hit.
        while k <= table.maxTokens && end - k >= minStart {
            let start = end - k
            let item = t.items[start]
            if item.foldCount > 2 { allShort = false }
            var line: Int32?
            if table.firstTokens.contains(item.lowerHash) || item.has(NameText.Flag.connector) {
                line = table.exactCase[Table.caseHash(t, start, end)] ?? table.exactLower[Table.lowerHash(t, start, end)]
            }
            var sq: UInt64 = 0
            if line == nil && (k == 1 || allShort) {
                sq = t.squashHash(start, end)
                line = table.squash[sq]
            }
            if let line {
                if sq == 0 { sq = t.squashHash(start, end) }
                if !table.ambiguous.contains(sq) || accepted(t, start, end) {
                    best = Span(start: start, end: end, line: line)
                }
            }
            if !allShort && k >= 6 { break }
            k += 1
        }
        return best
    }

    /// An ambiguous form ("Spa", "As") counts when written with dots, in capitals, as separate letters ("a/s"),
    /// or in a single-case name.
    static func accepted(_ t: NameText.Tokens, _ start: Int, _ end: Int) -> Bool {
        if t.singleCase || end - start > 1 { return true }
        for k in start..<end {
            let f = t.items[k].flags
            if f & NameText.Flag.dotAfter != 0 || f & NameText.Flag.upperAfterFirst != 0 { return true }
            if f & NameText.Flag.single != 0 && f & NameText.Flag.upper != 0 { return true }
        }
        return false
    }

    /// Legal forms removed from the end, outermost first in `spans` reversed (spans are in text order).
    static func strip(_ t: NameText.Tokens) -> (end: Int, spans: [Span]) {
        // The name proper starts after leading connectors and a leading "the" ("The Company" keeps "Company").
        var firstContent = 0
        while firstContent < t.items.count && t.items[firstContent].has(NameText.Flag.connector) { firstContent += 1 }
        if firstContent + 1 < t.items.count && t.items[firstContent].lowerHash == theHash { firstContent += 1 }
        var end = t.items.count
        var spans: [Span] = []
        while true {
            var e = end
            while e > firstContent + 1 && t.items[e - 1].has(NameText.Flag.connector) { e -= 1 }
            guard let span = match(t, end: e, minStart: firstContent + 1) else { break }
            spans.append(span)
            end = span.start
        }
        // A name that is itself a legal form written with dots ("G.m.b.H.") is not split into "G" + "mbH".
        if let outer = spans.first, (firstContent..<end).allSatisfy({ t.items[$0].foldCount == 1 }),
           let whole = match(t, end: outer.end, minStart: firstContent), whole.start == firstContent {
            return (t.items.count, [])
        }
        // Trailing connectors left by a removed form ("Smith & Co." -> "Smith").
        if !spans.isEmpty {
            while end > firstContent + 1 && t.items[end - 1].has(NameText.Flag.connector) { end -= 1 }
        }
        return (end, spans.reversed())
    }

    /// Removes Japanese legal forms from the first and last word (株式会社 / (株) / ㈱ ...); returns the line.
    static func stripAffixes(_ t: inout NameText.Tokens) -> Int32? {
        guard !table.affixes.isEmpty else { return nil }
        var found: Int32?
        func bytesEqual(_ a: ArraySlice<UInt8>, _ b: [UInt8]) -> Bool { a.elementsEqual(b) }
        // Last word.
        if let lastIndex = t.items.indices.last {
            let item = t.items[lastIndex]
            if item.has(NameText.Flag.nonASCII) {
                for affix in table.affixes {
                    let word = t.fold[item.foldStart..<item.foldEnd]
                    if word.count == affix.bytes.count, bytesEqual(word, affix.bytes), t.items.count > 1 {
                        t.items.removeLast(); found = affix.line; break
                    }
                    if affix.scalars >= 2, word.count > affix.bytes.count, bytesEqual(word.suffix(affix.bytes.count), affix.bytes) {
                        t.items[lastIndex].foldEnd -= affix.bytes.count; found = affix.line; break
                    }
                }
            }
        }
        if let item = t.items.first, item.has(NameText.Flag.nonASCII) {
            for affix in table.affixes {
                let word = t.fold[item.foldStart..<item.foldEnd]
                if word.count == affix.bytes.count, bytesEqual(word, affix.bytes), t.items.count > 1 {
                    t.items.removeFirst(); found = found ?? affix.line; break
                }
                if affix.scalars >= 2, word.count > affix.bytes.count, bytesEqual(word.prefix(affix.bytes.count), affix.bytes) {
                    t.items[0].foldStart += affix.bytes.count; found = found ?? affix.line; break
                }
            }
        }
        return found
    }

    static let theHash = NameText.wordKey("the")

    /// Lowercase words joined by single spaces; middle connectors dropped, single-letter runs joined.
    static func key(_ t: NameText.Tokens, end: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(t.fold.count + 4)
        var start = 0
        if end > 1 && t.items[0].lowerHash == theHash && !t.items[1].has(NameText.Flag.connector) { start = 1 }
        var seenContent = false
        var previousSingle = false
        for k in start..<end {
            let item = t.items[k]
            if item.has(NameText.Flag.connector) && seenContent { continue }
            let single = item.foldCount == 1
            if !out.isEmpty && !(single && previousSingle) { out.append(0x20) }
            for b in t.fold[item.foldStart..<item.foldEnd] { out.append(NameText.lowerASCII(b)) }
            previousSingle = single
            seenContent = true
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Display

    static func display(_ p: UnsafeBufferPointer<UInt8>) -> String {
        let t = NameText.Tokens(p)
        let text = String(decoding: p, as: UTF8.self)
        let (_, spans) = strip(t)
        // Japanese forms stay as written (no case, no spaces to normalize).
        if spans.contains(where: { table.isCJK[Int($0.line)] }) { return text }
        let prefixTokens = spans.first?.start ?? t.items.count
        var upper = false, lower = false
        for k in 0..<prefixTokens {
            if t.items[k].has(NameText.Flag.upper) { upper = true }
            if t.items[k].has(NameText.Flag.lower) { lower = true }
        }
        let recase = !(upper && lower)
        if spans.isEmpty && !recase { return text }
        let utf8 = text.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        var prefixEnd = spans.first.map { t.items[$0.start].srcStart } ?? p.count
        while prefixEnd > 0 && p[prefixEnd - 1] == 0x20 { prefixEnd -= 1 }
        let prefix = text[..<index(prefixEnd)]
        var out = ""
        out.reserveCapacity(p.count + 8)
        if recase {
            var scalars = String.UnicodeScalarView()
            recaseWords(prefix, notFirst: false, into: &scalars)
            out += String(scalars)
        } else {
            out += prefix
        }
        var previousEnd = prefixEnd
        for span in spans {
            let start = t.items[span.start].srcStart
            if previousEnd < start {
                let between = text[index(previousEnd)..<index(start)]
                if recase {
                    var scalars = String.UnicodeScalarView()
                    recaseWords(between, notFirst: true, into: &scalars)
                    out += String(scalars)
                } else {
                    out += between
                }
            } else if !out.isEmpty {
                out += " "
            }
            out += table.canonical[Int(span.line)]
            var end = t.items[span.end - 1].srcEnd
            while end < p.count && p[end] == 0x2E { end += 1 }
            previousEnd = end
        }
        return out
    }

    static let vowelFreeMinimum = 2

    /// Re-cases the words of an ALL-CAPS or all-lowercase company name, keeping the spaces and punctuation.
    static func recaseWords(_ text: Substring, notFirst: Bool, into out: inout String.UnicodeScalarView) {
        let scalars = text.unicodeScalars
        var wordCount = 0
        var inWord = false
        for s in scalars {
            if s == " " { inWord = false } else if !inWord { inWord = true; wordCount += 1 }
        }
        var sole = wordCount == 1
        if !sole && wordCount <= 3 {
            var contentWords = 0
            for word in text.split(separator: " ") {
                let c = NameText.core(word)
                if !c.isEmpty && !NameText.words.lower.contains(NameText.wordKey(c.unicodeScalars)) { contentWords += 1 }
            }
            sole = contentWords == 1
        }
        var index = 0
        var position = scalars.startIndex
        while position < scalars.endIndex {
            if scalars[position] == " " {
                out.append(" ")
                position = scalars.index(after: position)
                continue
            }
            var wordEnd = position
            while wordEnd < scalars.endIndex && scalars[wordEnd] != " " { wordEnd = scalars.index(after: wordEnd) }
            recaseWord(Substring(scalars[position..<wordEnd]), first: index == 0 && !notFirst, sole: sole && !notFirst, into: &out)
            index += 1
            position = wordEnd
        }
    }

    static func recaseWord(_ word: Substring, first: Bool, sole: Bool, into out: inout String.UnicodeScalarView) {
        let words = NameText.words
        let c = NameText.core(word)
        let key = NameText.wordKey(c.unicodeScalars)
        var letters = 0, digits = 0, vowels = 0
        var hasAmpersand = false, longestPart = 0, part = 0
        for s in c.unicodeScalars {
            if NameText.isLetter(s) {
                letters += 1; part += 1
                if NameText.isVowel(s) { vowels += 1 }
            } else if s.value &- 48 < 10 {
                digits += 1; part += 1
            } else {
                if s == "&" || s == "+" { hasAmpersand = true }
                longestPart = max(longestPart, part); part = 0
            }
        }
        longestPart = max(longestPart, part)
        if letters == 0 { out.append(contentsOf: word.unicodeScalars); return }
        if !first && words.lower.contains(key) { NameText.lower(word.unicodeScalars, into: &out); return }
        if words.acronym.contains(key) || (hasAmpersand && longestPart <= 3) {
            NameText.upper(word.unicodeScalars, into: &out); return
        }
        if !first, let casing = table.casing[key] {
            // Legal-form word inside the name ("GMBH & CO. KG" -> "GmbH & Co. KG"): the canonical letters' case.
            var letterCases = casing.unicodeScalars.filter { NameText.isLetter($0) }.makeIterator()
            for s in word.unicodeScalars {
                if NameText.isLetter(s), let model = letterCases.next() {
                    if model.properties.isUppercase { NameText.appendUpper(s, to: &out) } else { NameText.appendLower(s, to: &out) }
                } else {
                    out.append(s)
                }
            }
            return
        }
        if digits > 0 {
            // "3M", "B2B", "A1" in capitals; ordinals "1st", "22nd" in lowercase.
            let lowerCore = String(c).lowercased()
            let ordinal = letters == 2 && (lowerCore.hasSuffix("st") || lowerCore.hasSuffix("nd") || lowerCore.hasSuffix("rd") || lowerCore.hasSuffix("th"))
                && NameText.isDigit(lowerCore.utf8[lowerCore.utf8.index(lowerCore.utf8.endIndex, offsetBy: -3)])
            if ordinal { NameText.lower(word.unicodeScalars, into: &out) }
            else if letters <= 3 { NameText.upper(word.unicodeScalars, into: &out) }
            else { NameText.title(word.unicodeScalars, mac: false, lowerElision: false, into: &out) }
            return
        }
        if (letters >= vowelFreeMinimum && vowels == 0 && !words.keepCase.contains(key)) || (sole && letters <= 3) {
            NameText.upper(word.unicodeScalars, into: &out); return
        }
        NameText.title(word.unicodeScalars, mac: false, lowerElision: false, into: &out)
    }
}
