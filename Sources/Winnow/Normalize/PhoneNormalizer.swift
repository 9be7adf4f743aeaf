import CPhoneNumber

/// One phone cell after normalization through libphonenumber.
public struct PhoneResult: Sendable, Equatable {
    /// E.164 form ("+49301234567") when the number is valid, else nil.
    public var e164: String?
    /// Extension digits ("123" for "… ext. 123", "x123", "Durchwahl 123", "poste 123"), nil when none or invalid.
    public var extensionNumber: String?
    /// True when libphonenumber considers the number valid for its country.
    public var isValid: Bool
    /// The input as given, trimmed. Invalid numbers are kept like this and never guessed.
    public var given: String

    public init(e164: String?, extensionNumber: String?, isValid: Bool, given: String) {
        self.e164 = e164
        self.extensionNumber = extensionNumber
        self.isValid = isValid
        self.given = given
    }
}

/// Phone numbers to E.164 through libphonenumber (via the `CPhoneNumber` C shim).
///
/// - National forms ("030 1234567", "(0)89 12 34 56") are read in the row's region, else in `defaultRegion`.
/// - Numbers written with "+" or "00" ignore the region ("0041 44 …" is Swiss for a US row too).
/// - Anything libphonenumber does not call valid ("12345", "n/a", "-2237" from a spreadsheet that evaluated
///   "+1-532-344-1362" as a formula) comes back with `isValid == false`, `e164 == nil` and `given` as given.
/// - Results are cached per (raw text, region), capped at `cacheLimit` entries: lists repeat switchboards.
///
/// Not Sendable (it owns a mutable cache): make one per stage run or per worker.
public final class PhoneNormalizer {
    public let defaultRegion: String?
    /// Entries kept before the cache is emptied and starts over.
    public let cacheLimit: Int

    struct Key: Hashable {
        let raw: String
        let region: String?
    }
    private var cache: [Key: PhoneResult] = [:]

    /// - Parameter defaultRegion: the config's `default_region` (ISO 3166-1 alpha-2, e.g. "DE"), nil when none.
    public init(defaultRegion: String?, cacheLimit: Int = 20_000) {
        self.defaultRegion = Self.regionCode(defaultRegion)
        self.cacheLimit = max(0, cacheLimit)
    }

    /// Normalizes one phone cell.
    /// - Parameter region: the row's country as ISO 3166-1 alpha-2, or nil to use `defaultRegion`.
    ///   Anything that is not two letters also falls back to `defaultRegion`; "UK" is read as "GB".
    public func normalize(_ raw: String, region: String?) -> PhoneResult {
        let key = Key(raw: raw, region: region)
        if let hit = cache[key] { return hit }
        let result = Self.compute(raw, region: Self.regionCode(region) ?? defaultRegion)
        if cacheLimit > 0 {
            if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[key] = result
        }
        return result
    }

    /// Number of cached results (for tests and diagnostics).
    public var cachedCount: Int { cache.count }

    // MARK: - Work

    static func compute(_ raw: String, region: String?) -> PhoneResult {
        let given = trimmed(raw)
        let invalid = PhoneResult(e164: nil, extensionNumber: nil, isValid: false, given: given)
        // libphonenumber gives up beyond 250 characters; a phone cell that long is not one number.
        guard !given.isEmpty, given.utf8.count <= 250 else { return invalid }
        let prepared = prepare(given)

        let size = 64
        var e164 = [CChar](repeating: 0, count: size)
        var ext = [CChar](repeating: 0, count: size)
        let status = prepared.withCString { text in
            (region ?? "ZZ").withCString { regionPointer in
                winnow_phone_normalize(text, regionPointer, &e164, size, &ext, size)
            }
        }
        guard Int(status) == Int(WINNOW_PHONE_VALID) else { return invalid }
        let number = string(from: e164)
        let extensionDigits = string(from: ext)
        return PhoneResult(
            e164: number,
            extensionNumber: extensionDigits.isEmpty ? nil : extensionDigits,
            isValid: true,
            given: given
        )
    }

    private static func string(from buffer: [CChar]) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// "de" -> "DE", "UK" -> "GB", anything but two ASCII letters -> nil.
    static func regionCode(_ text: String?) -> String? {
        guard let text else { return nil }
        let bytes = Array(trimmed(text).utf8)
        guard bytes.count == 2, bytes.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) else { return nil }
        let upper = String(decoding: bytes.map { $0 & ~0x20 }, as: UTF8.self)
        return upper == "UK" ? "GB" : upper
    }

    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }),
              let last = scalars.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value == 0xFEFF || scalar.value == 0x200B || scalar.value < 0x20
    }

    /// Words that introduce an extension in German and French lists, rewritten to "ext." which
    /// libphonenumber understands (it already knows ext, extn, x, #, anexo, доб, …).
    private static let extensionWords: [[UInt8]] = ["durchwahl", "nebenstelle", "apparat", "app", "dw", "poste"]
        .map { Array($0.utf8) }

    /// Unicode blanks (no-break, thin, narrow no-break, ideographic spaces) to plain spaces, and German/French
    /// extension words to "ext.". The fast path leaves plain ASCII text without letters untouched.
    static func prepare(_ text: String) -> String {
        let hasLetters = text.utf8.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
        let isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        if isASCII && !hasLetters { return text }

        var scalars: [Unicode.Scalar] = text.unicodeScalars.map { isBlank($0) ? " " : $0 }
        guard hasLetters else { return String(String.UnicodeScalarView(scalars)) }

        var index = 0
        var sawDigit = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.numericType == .decimal { sawDigit = true }
            // A keyword must start a word, come after some digits, and be followed by [.:] blanks and a digit.
            let startsWord = index == 0 || !isLetter(scalars[index - 1])
            if sawDigit, startsWord, isLetter(scalar),
               let word = extensionWords.first(where: { matches($0, scalars, at: index) }) {
                var end = index + word.count
                if end < scalars.count, isLetter(scalars[end]) { index += 1; continue }
                while end < scalars.count, scalars[end] == "." || scalars[end] == ":" || scalars[end] == " " { end += 1 }
                if end < scalars.count, scalars[end].properties.numericType == .decimal {
                    scalars.replaceSubrange(index..<end, with: " ext. ".unicodeScalars)
                    break
                }
            }
            index += 1
        }
        return String(String.UnicodeScalarView(scalars))
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isAlphabetic }

    private static func matches(_ word: [UInt8], _ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + word.count <= scalars.count else { return false }
        for (offset, byte) in word.enumerated() {
            let value = scalars[index + offset].value
            guard value < 0x80, UInt8(value) | 0x20 == byte else { return false }
        }
        return true
    }
}
