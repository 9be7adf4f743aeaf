/// A person's name split into parts, trimmed, and re-cased when it was typed in ALL CAPS or all lowercase.
///
/// - Honorifics ("Dr.", "Prof. Dr.", "Herr", "Mme", "Dipl.-Ing.") are split off the front, suffixes ("Jr.", "III",
///   "PhD", "MBA") off the end, both in canonical spelling (resource `name-words.tsv`). A single-letter
///   honorific ("M." = Monsieur) counts only before two more words that are not initials ("M. Jean Dupont",
///   not "M. Dupont"). "MA"/"BA"/"JD"/"V" count as suffixes only after a comma.
/// - Surname particles ("van der", "de la", "von") start the last name: "Jan van der Berg" -> last "van der Berg";
///   when re-casing they are lowercase unless they are the last word of the field.
/// - Re-casing: "MCDONALD" -> "McDonald", "MACLEOD" -> "MacLeod" (with exceptions such as "Machado"),
///   "O'NEIL" -> "O'Neil", "D'ALEMBERT" -> "d'Alembert" (inside a name), "JEAN-LUC" -> "Jean-Luc".
///   Mixed-case input is kept as given.
public struct PersonName: Sendable, Equatable {
    public var first: String
    public var last: String
    public var honorific: String?
    public var suffix: String?

    public init(first: String = "", last: String = "", honorific: String? = nil, suffix: String? = nil) {
        self.first = first
        self.last = last
        self.honorific = honorific
        self.suffix = suffix
    }

    /// From separate first/last columns (either may be empty). A "Last, First" in one column, or a full name in
    /// the first-name column with the last-name column empty, is split as by `split(fullName:)`.
    public static func normalize(first: String, last: String) -> PersonName {
        let f = NameText.clean(first), l = NameText.clean(last)
        if l.isEmpty {
            if f.isEmpty { return PersonName() }
            if f.utf8.contains(0x2C) || f.utf8.contains(0x20) { return split(fullName: f) }
        } else if f.isEmpty && l.utf8.contains(0x2C) {
            return split(fullName: l)
        }
        var honorifics: [String] = [], suffixes: [String] = []
        var firstWords = NameText.spaceSeparated(f)[...]
        var lastWords: ArraySlice<Substring>
        if l.utf8.contains(0x2C) {
            var parts = commaParts(l[...])
            while parts.count > 1, let affix = affixPart(parts[parts.count - 1]) {
                honorifics.insert(contentsOf: affix.honorifics, at: 0)
                suffixes.insert(contentsOf: affix.suffixes, at: 0)
                parts.removeLast()
            }
            lastWords = parts.flatMap { NameText.spaceSeparated($0) }[...]
        } else {
            lastWords = NameText.spaceSeparated(l)[...]
        }
        takeHonorifics(&firstWords, keep: lastWords.isEmpty ? 1 : 0, strict: false, into: &honorifics)
        if firstWords.isEmpty { takeHonorifics(&lastWords, keep: 1, strict: false, into: &honorifics) }
        takeSuffixes(&lastWords, keep: 1, into: &suffixes)
        if lastWords.isEmpty { takeSuffixes(&firstWords, keep: 1, into: &suffixes) }
        return PersonName(
            first: render(firstWords, recase: NameText.isSingleCase(f[...]), startsName: true),
            last: render(lastWords, recase: NameText.isSingleCase(l[...]), startsName: firstWords.isEmpty),
            honorific: honorifics.isEmpty ? nil : honorifics.joined(separator: " "),
            suffix: suffixes.isEmpty ? nil : suffixes.joined(separator: " ")
        )
    }

    /// From one full-name column: "Dr. Anna Maria Schmidt" -> first "Anna Maria", last "Schmidt", honorific "Dr.";
    /// "Schmidt, Anna" -> first "Anna", last "Schmidt"; "Jan van der Berg" -> last "van der Berg".
    /// A single word is the first name, or the last name when an honorific or suffix came with it ("Dr. Schmidt").
    public static func split(fullName: String) -> PersonName {
        let text = NameText.clean(fullName)
        if text.isEmpty { return PersonName() }
        let recase = NameText.isSingleCase(text[...])
        var honorifics: [String] = [], suffixes: [String] = []
        var parts = commaParts(text[...])
        while parts.count > 1, let affix = affixPart(parts[parts.count - 1]) {
            honorifics.insert(contentsOf: affix.honorifics, at: 0)
            suffixes.insert(contentsOf: affix.suffixes, at: 0)
            parts.removeLast()
        }
        var firstWords: ArraySlice<Substring> = [], lastWords: ArraySlice<Substring> = []
        if parts.count >= 2 {
            // "Last, First": "van der Berg, Jan", "Schmidt, Dr. Anna", "Smith Jr., John".
            lastWords = NameText.spaceSeparated(parts[0])[...]
            firstWords = parts.dropFirst().flatMap { NameText.spaceSeparated($0) }[...]
            takeHonorifics(&lastWords, keep: 1, strict: true, into: &honorifics)
            takeSuffixes(&lastWords, keep: 1, into: &suffixes)
            takeHonorifics(&firstWords, keep: 1, strict: false, into: &honorifics)
        } else if let only = parts.first {
            var words = NameText.spaceSeparated(only)[...]
            takeHonorifics(&words, keep: 1, strict: true, into: &honorifics)
            takeSuffixes(&words, keep: 1, into: &suffixes)
            if words.count == 1 {
                if honorifics.isEmpty && suffixes.isEmpty { firstWords = words } else { lastWords = words }
            } else if words.count > 1 {
                var lastStart = words.endIndex - 1
                while lastStart - 1 > words.startIndex && isParticle(words[lastStart - 1]) { lastStart -= 1 }
                firstWords = words[..<lastStart]
                lastWords = words[lastStart...]
            }
        }
        return PersonName(
            first: render(firstWords, recase: recase, startsName: true),
            last: render(lastWords, recase: recase, startsName: firstWords.isEmpty),
            honorific: honorifics.isEmpty ? nil : honorifics.joined(separator: " "),
            suffix: suffixes.isEmpty ? nil : suffixes.joined(separator: " ")
        )
    }

    // MARK: - Parts

    static func commaParts(_ text: Substring) -> [Substring] {
        text.split(separator: ",").map { part in
            var p = part
            while p.first == " " { p = p.dropFirst() }
            while p.last == " " { p = p.dropLast() }
            return p
        }.filter { !$0.isEmpty }
    }

    static func key(_ word: Substring) -> UInt64 { NameText.wordKey(word.unicodeScalars) }

    static func isParticle(_ word: Substring) -> Bool { NameText.words.particle.contains(key(word)) }

    /// A comma-separated part made only of honorifics and suffixes ("PhD", "Jr.", "Dr.", "MBA").
    static func affixPart(_ part: Substring) -> (honorifics: [String], suffixes: [String])? {
        var honorifics: [String] = [], suffixes: [String] = []
        let words = NameText.words
        for word in NameText.spaceSeparated(part) {
            let k = key(word)
            if let s = words.suffix[k] ?? words.commaSuffix[k] {
                suffixes.append(s)
            } else if let h = words.honorific[k] ?? (honorifics.isEmpty ? nil : words.honorific2[k]) {
                honorifics.append(h)
            } else {
                return nil
            }
        }
        return honorifics.isEmpty && suffixes.isEmpty ? nil : (honorifics, suffixes)
    }

    /// Leading honorifics, leaving at least `keep` words. `strict`: a one-letter honorific ("M.") needs two more
    /// words after it, the first not an initial.
    static func takeHonorifics(_ words: inout ArraySlice<Substring>, keep: Int, strict: Bool, into out: inout [String]) {
        let table = NameText.words
        while words.count > keep, let word = words.first, let canonical = table.honorific[key(word)] {
            if strict && letterCount(word) == 1 {
                guard words.count >= 3, letterCount(words[words.startIndex + 1]) > 1 else { return }
            }
            out.append(canonical)
            words = words.dropFirst()
            // "Dr. med.", "Dr. rer. nat.": only with a dot and with a name still following.
            while words.count > max(keep, 1) + 1, let next = words.first, next.last == ".", let second = table.honorific2[key(next)] {
                out.append(second)
                words = words.dropFirst()
            }
        }
    }

    /// Trailing suffixes ("Jr.", "III", "PhD"), leaving at least `keep` words.
    static func takeSuffixes(_ words: inout ArraySlice<Substring>, keep: Int, into out: inout [String]) {
        let table = NameText.words
        while words.count > keep, let word = words.last, let canonical = table.suffix[key(word)] {
            out.insert(canonical, at: 0)
            words = words.dropLast()
        }
    }

    static func letterCount(_ word: Substring) -> Int {
        var count = 0
        for s in word.unicodeScalars where NameText.isLetter(s) { count += 1 }
        return count
    }

    /// The words joined by spaces, re-cased when the source was single-case.
    static func render(_ words: ArraySlice<Substring>, recase: Bool, startsName: Bool) -> String {
        if words.isEmpty { return "" }
        if !recase { return words.count == 1 ? String(words[words.startIndex]) : words.joined(separator: " ") }
        var out = String.UnicodeScalarView()
        var position = 0
        for word in words {
            if position > 0 { out.append(" ") }
            let isLastWord = position == words.count - 1
            if !isLastWord && isParticle(word) {
                NameText.lower(word.unicodeScalars, into: &out)
            } else {
                NameText.title(word.unicodeScalars, mac: true, lowerElision: !(startsName && position == 0), into: &out)
            }
            position += 1
        }
        return String(out)
    }
}
