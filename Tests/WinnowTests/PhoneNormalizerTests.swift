import CPhoneNumber
import Testing
@testable import Winnow

/// Real-world phone forms through libphonenumber (checked against Debian's libphonenumber 8.12.57).
/// Numbers are chosen to be valid in libphonenumber's metadata; the fictional US 555-01xx range is
/// avoided because metadata versions disagree on it.
@Suite("PhoneNormalizer")
struct PhoneNormalizerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let raw: String
        let region: String?
        let e164: String?
        let ext: String?
        init(_ raw: String, _ region: String?, _ e164: String?, ext: String? = nil) {
            self.raw = raw
            self.region = region
            self.e164 = e164
            self.ext = ext
        }
        var testDescription: String { "\(raw.debugDescription) [\(region ?? "default")]" }
    }

    static let valid: [Case] = [
        // Germany: the same Berlin number in every form lists use.
        Case("+49 (0)30 1234-567", nil, "+49301234567"),
        Case("030 1234567", "DE", "+49301234567"),
        Case("030/123 45 67", "DE", "+49301234567"),
        Case("(030) 123 45 67", "de", "+49301234567"),
        Case("0049 30 1234567", "DE", "+49301234567"),
        Case("+49-30-1234567", "FR", "+49301234567"),          // + ignores the row's region
        Case("Tel.: 030/1234567", nil, "+49301234567"),
        Case("\t +49 30 1234567 \n", nil, "+49301234567"),
        Case("(0)89 12 34 56", nil, "+4989123456"),
        Case("0171 1234567", "DE", "+491711234567"),
        Case("030 1234567 Durchwahl 12", "DE", "+49301234567", ext: "12"),
        Case("030 1234567 App. 25", "DE", "+49301234567", ext: "25"),
        // Unicode digits and blanks.
        Case("０３０ １２３４５６７", "DE", "+49301234567"),
        Case("٠٣٠ ١٢٣٤٥٦٧", "DE", "+49301234567"),
        Case("030\u{00A0}1234\u{202F}567", "DE", "+49301234567"),
        Case("+49\u{2009}30\u{2009}1234567", nil, "+49301234567"),
        // Austria, Switzerland (00 prefix works from any region).
        Case("+43 1 234 5678", nil, "+4312345678"),
        Case("0041 44 123 45 67", "DE", "+41441234567"),
        Case("0041 44 123 45 67", "US", "+41441234567"),
        Case("0041 44 123 45 67", nil, "+41441234567"),
        Case("044 668 18 00", "CH", "+41446681800"),
        // US / NANP.
        Case("(650) 253-0000", "US", "+16502530000"),
        Case("650.253.0000", "US", "+16502530000"),
        Case("+1 (216) 444-2200", "DE", "+12164442200"),
        Case("+1 650 253 0000 ext. 123", nil, "+16502530000", ext: "123"),
        Case("+1 650 253 0000 x123", nil, "+16502530000", ext: "123"),
        Case("1-800-FLOWERS", "US", "+18003569377"),             // vanity letters
        Case("00 1 650 253 0000", "AU", "+16502530000"),        // 00 is not AU's prefix: retried as +
        // France, UK, Netherlands, Italy.
        Case("01 23 45 67 89", "FR", "+33123456789"),
        Case("+33 (0)1 23 45 67 89", nil, "+33123456789"),
        Case("01 23 45 67 89 poste 12", "FR", "+33123456789", ext: "12"),
        Case("020 7946 0018", "GB", "+442079460018"),
        Case("020 7946 0018", "UK", "+442079460018"),           // "UK" read as GB
        Case("+44 (0)20 7946 0018", nil, "+442079460018"),
        Case("020 555 1234", "NL", "+31205551234"),
        Case("+31 6 12345678", nil, "+31612345678"),
        Case("06 6982 1234", "IT", "+390669821234"),            // Italian leading 0 kept
        Case("+39 06 6982 1234", nil, "+390669821234"),
        // Elsewhere.
        Case("(02) 9374 4000", "AU", "+61293744000"),
        Case("0011 61 2 9374 4000", "AU", "+61293744000"),
        Case("03-1234-5678", "JP", "+81312345678"),
        Case("+86 10 1234 5678", nil, "+861012345678"),
    ]

    static let invalid: [Case] = [
        Case("", nil, nil),
        Case("   ", nil, nil),
        Case("n/a", nil, nil),
        Case("-", nil, nil),
        Case("call me", nil, nil),
        Case("12345", nil, nil),
        Case("-2237", nil, nil),                 // Excel evaluated "+1-532-344-1362" as a formula
        Case("+1-532-344-1362", nil, nil),       // 532 is no area code
        Case("4.93012E+11", nil, nil),           // Excel scientific notation
        Case("+49 30", nil, nil),
        Case("+999 1234567", nil, nil),          // no such country code
        Case("030 1234567", "ZZ", nil),          // national form, unknown country
        Case("0000000000", "DE", nil),
    ]

    @Test("valid numbers to E.164", arguments: valid)
    func validNumbers(_ c: Case) {
        let result = PhoneNormalizer(defaultRegion: "DE").normalize(c.raw, region: c.region)
        #expect(result.isValid)
        #expect(result.e164 == c.e164)
        #expect(result.extensionNumber == c.ext)
        #expect(result.given == PhoneNormalizer.trimmed(c.raw))
    }

    @Test("invalid values kept as given and flagged", arguments: invalid)
    func invalidNumbers(_ c: Case) {
        let result = PhoneNormalizer(defaultRegion: "DE").normalize(c.raw, region: c.region)
        #expect(result == PhoneResult(e164: nil, extensionNumber: nil, isValid: false, given: PhoneNormalizer.trimmed(c.raw)))
    }

    @Test("normalize(e164) == e164, from any region", arguments: valid)
    func idempotent(_ c: Case) throws {
        let e164 = try #require(c.e164)
        for region in [nil, "US", "ZZ"] as [String?] {
            let again = PhoneNormalizer(defaultRegion: nil).normalize(e164, region: region)
            #expect(again.e164 == e164)
            #expect(again.given == e164)
        }
    }

    @Test func sameNumberNationalAndInternational() {
        let normalizer = PhoneNormalizer(defaultRegion: "DE")
        #expect(normalizer.normalize("+49 (0)30 1234-567", region: nil).e164
            == normalizer.normalize("030 1234567", region: "DE").e164)
    }

    @Test func regionFallsBackToDefault() {
        let german = PhoneNormalizer(defaultRegion: "DE")
        #expect(german.normalize("030 1234567", region: nil).e164 == "+49301234567")
        #expect(german.normalize("030 1234567", region: "Germany").e164 == "+49301234567")  // not alpha-2
        #expect(german.normalize("020 7946 0018", region: "GB").e164 == "+442079460018")

        let nowhere = PhoneNormalizer(defaultRegion: nil)
        #expect(!nowhere.normalize("030 1234567", region: nil).isValid)
        #expect(nowhere.normalize("+49 30 1234567", region: nil).e164 == "+49301234567")
    }

    @Test func cacheIsKeyedByRawAndRegionAndCapped() {
        let normalizer = PhoneNormalizer(defaultRegion: "DE", cacheLimit: 3)
        let first = normalizer.normalize("020 7946 0018", region: "GB")
        #expect(normalizer.normalize("020 7946 0018", region: "GB") == first)
        #expect(normalizer.cachedCount == 1)
        // Same text, other region: a different entry and a different answer.
        #expect(normalizer.normalize("020 7946 0018", region: "NL") != first)
        #expect(normalizer.cachedCount == 2)
        _ = normalizer.normalize("a", region: nil)
        _ = normalizer.normalize("b", region: nil)
        #expect(normalizer.cachedCount <= 3)
        #expect(normalizer.normalize("020 7946 0018", region: "GB") == first)
    }

    /// The shim hands Parse a number's bare digits when the text holds nothing else but separators; that
    /// must never change a verdict. A leading tab keeps the text off that path (tabs are not separators),
    /// and Parse drops whatever precedes a number's first "+" or digit, so both calls must agree exactly.
    /// The texts mix country codes, international prefixes ("00", "0 0", "011", carriers' "0014"), trunk
    /// zeros, bracketed zeros, every separator and stray extensions, read from regions with and without
    /// those prefixes.
    @Test func bareDigitsParseLikeTheTextTheyCameFrom() {
        var rng = CSVTestRNG(seed: 0x9E_0E_2026)
        let regions = ["US", "CA", "GB", "DE", "FR", "IT", "BR", "CO", "RU", "AU", "JP", "CH", "IL", "SM", "ZZ", ""]
        let codes = ["1", "44", "49", "33", "39", "55", "57", "7", "61", "81", "41", "972", "378"]
        let prefixes = ["+", "00", "00 ", "0 0", "011", "0014", "810", "8", "", "0", "(+", "[+", " +", "(00", "000", "+ "]
        let separators = ["", " ", "-", "/", ".", "  ", " (0)", "(0)", "[", "]", ")"]
        let endings = ["", "", "", "", " ext 12", " x3", "#4", ";ext=5", ")", ".", "-", " "]
        func normalized(_ text: String, _ region: String) -> String {
            var e164 = [CChar](repeating: 0, count: 64)
            var ext = [CChar](repeating: 0, count: 64)
            let status = winnow_phone_normalize(text, region, &e164, 64, &ext, 64)
            func string(_ buffer: [CChar]) -> String {
                String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            return "\(status) \(string(e164)) \(string(ext))"
        }
        var disagreements: [String] = []
        for _ in 0..<3_000 {
            let digits = String((0..<Int.random(in: 2...13, using: &rng)).map { _ in "0123456789".randomElement(using: &rng)! })
            let cut = digits.index(digits.startIndex, offsetBy: Int.random(in: 0...min(6, digits.count), using: &rng))
            let text = prefixes.randomElement(using: &rng)! + codes.randomElement(using: &rng)!
                + separators.randomElement(using: &rng)! + digits[..<cut] + separators.randomElement(using: &rng)!
                + digits[cut...] + endings.randomElement(using: &rng)!
            let region = regions.randomElement(using: &rng)!
            if normalized(text, region) != normalized("\t" + text, region) {
                disagreements.append("\(text.debugDescription) [\(region)]")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }

    @Test func concurrentNormalizersAreIndependent() async {
        let cases = Self.valid + Self.invalid
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let normalizer = PhoneNormalizer(defaultRegion: "DE", cacheLimit: 0)  // every call reaches C++
                    var ok = true
                    for _ in 0..<20 {
                        for c in cases where normalizer.normalize(c.raw, region: c.region).e164 != c.e164 { ok = false }
                    }
                    return ok
                }
            }
            for await ok in group { #expect(ok) }
        }
    }
}
