/// The built-in header synonyms, read once from `Resources/header-synonyms.tsv` (embedded in the binary).
enum HeaderSynonyms {
    /// Folded header key -> canonical field.
    static let table: [String: CanonicalField] = {
        var table: [String: CanonicalField] = [:]
        let text = String(decoding: PackageResources.header_synonyms_tsv, as: UTF8.self)
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2, let field = CanonicalField(rawValue: String(parts[0])) else { continue }
            table[TextFold.headerKey(String(parts[1]))] = field
        }
        return table
    }()

    /// Question and filler words of form-tool headers ("What's your email address?", "Please enter your company").
    static let fillerWords: Set<String> = [
        "what", "whats", "is", "are", "your", "you", "the", "a", "an", "please", "enter", "provide", "type", "give",
        "us", "of", "s", "do", "which", "in", "at", "for", "our", "my", "work", "current",
        "wie", "ist", "ihr", "ihre", "ihren", "bitte", "geben", "sie", "an", "der", "die", "das",
        "quel", "quelle", "est", "votre", "vos", "le", "la", "les", "de", "du", "veuillez", "indiquer",
        "cual", "es", "su", "tu", "el", "por", "favor", "qual", "il", "tuo", "suo", "wat", "uw", "je",
    ]

    /// The field for a header: its folded key, then its words without filler words.
    static func field(for header: String) -> CanonicalField? {
        if let field = table[TextFold.headerKey(header)] { return field }
        var words: [String] = []
        var current = ""
        for character in header.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current); current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        let kept = words.filter { !fillerWords.contains(TextFold.headerKey($0)) }
        guard !kept.isEmpty, kept.count < words.count else { return nil }
        return table[TextFold.headerKey(kept.joined())]
    }
}
