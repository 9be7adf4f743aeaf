/// A NAICS 2017/2022 sector: the canonical industry taxonomy of Winnow.
public struct IndustrySector: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// "31-33", "51".
    public var code: String
    /// Slug: "manufacturing", "information".
    public var name: String
    /// "Manufacturing", "Professional, Scientific, and Technical Services".
    public var title: String

    public init(code: String, name: String, title: String) { self.code = code; self.name = name; self.title = title }
    public var description: String { "\(code) \(title)" }
}

/// Which code system a bare number is in.
public enum IndustryScheme: String, Sendable {
    /// NAICS when the number is a valid NAICS prefix (checked against the 3-digit subsectors), else SIC, else nil.
    case auto
    case naics
    /// US SIC (1987), 2 to 4 digits (8-digit D&B codes use their first four).
    case sic
    /// NACE Rev. 2 (= WZ 2008, NAF, ATECO, CNAE): "C", "C28", "28.41".
    case nace
}

/// Industry values as found in lists (free text in EN/DE/FR/ES/IT/NL, NAICS, SIC and NACE codes) to a NAICS sector.
///
/// Decisions:
/// - "Software" -> 51 Information (NAICS 2022 puts software publishers in 513210); "IT services", "IT consulting",
///   "software development", "computer programming" -> 54 (5415 Computer Systems Design and Related Services).
/// - A bare 4-digit number is NAICS when its first three digits are a NAICS subsector ("5415"), else SIC ("3559",
///   "2834"); pass `.sic` when the column says SIC ("5411" is legal services in NAICS, grocery stores in SIC).
///   Prefixes in the value ("SIC 5411", "NAICS: 541511", "NACE C28", "WZ 28.41") always win.
/// - Free text: exact folded phrase first, then keywords in resource order (specific before generic, e.g.
///   "Food Manufacturing" -> manufacturing, "Retail Banking" -> finance).
public enum Industry {
    public static let sectors: [IndustrySector] = [
        .init(code: "11", name: "agriculture", title: "Agriculture, Forestry, Fishing and Hunting"),
        .init(code: "21", name: "mining", title: "Mining, Quarrying, and Oil and Gas Extraction"),
        .init(code: "22", name: "utilities", title: "Utilities"),
        .init(code: "23", name: "construction", title: "Construction"),
        .init(code: "31-33", name: "manufacturing", title: "Manufacturing"),
        .init(code: "42", name: "wholesale-trade", title: "Wholesale Trade"),
        .init(code: "44-45", name: "retail-trade", title: "Retail Trade"),
        .init(code: "48-49", name: "transportation-and-warehousing", title: "Transportation and Warehousing"),
        .init(code: "51", name: "information", title: "Information"),
        .init(code: "52", name: "finance-and-insurance", title: "Finance and Insurance"),
        .init(code: "53", name: "real-estate", title: "Real Estate and Rental and Leasing"),
        .init(code: "54", name: "professional-services", title: "Professional, Scientific, and Technical Services"),
        .init(code: "55", name: "management-of-companies", title: "Management of Companies and Enterprises"),
        .init(code: "56", name: "administrative-and-support", title: "Administrative and Support and Waste Management and Remediation Services"),
        .init(code: "61", name: "educational-services", title: "Educational Services"),
        .init(code: "62", name: "health-care", title: "Health Care and Social Assistance"),
        .init(code: "71", name: "arts-and-entertainment", title: "Arts, Entertainment, and Recreation"),
        .init(code: "72", name: "accommodation-and-food", title: "Accommodation and Food Services"),
        .init(code: "81", name: "other-services", title: "Other Services (except Public Administration)"),
        .init(code: "92", name: "public-administration", title: "Public Administration"),
    ]

    /// The sector of a value; nil when unknown. Cached per distinct raw value.
    public static func sector(_ raw: String) -> IndustrySector? {
        if raw.utf8.count > 96 { return classify(raw, scheme: .auto)?.sector }
        return cache.value(for: raw) { classify($0, scheme: .auto) }?.sector
    }

    /// The sector when the column's scheme is known (a header saying "NAICS" or "SIC").
    public static func sector(_ raw: String, scheme: IndustryScheme) -> IndustrySector? {
        if scheme == .auto { return sector(raw) }
        return classify(raw, scheme: scheme)?.sector
    }

    /// The NAICS code as precise as the value allows ("541511", "333" for "Maschinenbau", "31-33" for "Manufacturing").
    public static func naicsCode(_ raw: String, scheme: IndustryScheme = .auto) -> String? {
        guard let match = scheme == .auto ? cache.value(for: raw, compute: { classify($0, scheme: .auto) }) : classify(raw, scheme: scheme) else { return nil }
        return match.code ?? match.sector.code
    }

    /// Whether an ICP's industry term matches this value. The term is a sector name ("manufacturing"), code ("31-33",
    /// "31") or title, any free text `sector(_:)` understands ("Maschinenbau" means the whole sector), or a NAICS
    /// prefix of three or more digits ("333"), which needs a value at least that precise (a NAICS code or a synonym
    /// with a finer code such as "Maschinenbau" -> 333). Unknown values never match.
    public static func matches(term: String, value: String) -> Bool {
        guard let wanted = termCache.value(for: term, compute: resolveTerm) else { return false }
        guard let match = cache.value(for: value, compute: { classify($0, scheme: .auto) }) else { return false }
        switch wanted {
        case .sector(let sector): return match.sector == sector
        case .prefix(let prefix): return match.code?.hasPrefix(prefix) ?? false
        }
    }

    // MARK: - Internals

    struct Match: Sendable {
        var sector: IndustrySector
        /// NAICS code or prefix when known more precisely than the sector.
        var code: String?
    }

    enum Term: Sendable { case sector(IndustrySector), prefix(String) }

    private static let cache = FieldCache<Match?>()
    private static let termCache = FieldCache<Term?>(limit: 256)

    private static func resolveTerm(_ term: String) -> Term? {
        let key = FieldKey.fold(term, spaced: true)
        if let sector = sectors.first(where: { $0.code == term || $0.name == key.replacingOccurrences(of: " ", with: "-") || FieldKey.fold($0.title, spaced: true) == key }) {
            return .sector(sector)
        }
        if key.utf8.count >= 3, key.utf8.count <= 6, key.utf8.allSatisfy(NumberText.isDigit) {
            return validNAICS(key) ? .prefix(key) : nil
        }
        return classify(term, scheme: .auto).map { .sector($0.sector) }
    }

    static func sector(forNAICS twoDigits: Substring) -> IndustrySector? {
        switch twoDigits {
        case "31", "32", "33": return sectorsByCode["31-33"]
        case "44", "45": return sectorsByCode["44-45"]
        case "48", "49": return sectorsByCode["48-49"]
        default: return sectorsByCode[String(twoDigits)]
        }
    }

    private static let sectorsByCode: [String: IndustrySector] = Dictionary(uniqueKeysWithValues: sectors.map { ($0.code, $0) })

    /// NAICS 2017 and 2022 three-digit subsectors.
    static let naicsSubsectors: Set<Substring> = Set("""
        111 112 113 114 115 211 212 213 221 236 237 238 311 312 313 314 315 316 321 322 323 324 325 326 327 331 332 333 334 335 \
        336 337 339 423 424 425 441 442 443 444 445 446 447 448 449 451 452 453 454 455 456 457 458 459 481 482 483 484 485 486 \
        487 488 491 492 493 511 512 513 515 516 517 518 519 521 522 523 524 525 531 532 533 541 551 561 562 611 621 622 623 624 \
        711 712 713 721 722 811 812 813 814 921 922 923 924 925 926 927 928
        """.split(separator: " "))

    static func validNAICS(_ digits: String) -> Bool {
        let count = digits.utf8.count
        guard count >= 2, count <= 6 else { return false }
        if count == 2 { return sector(forNAICS: Substring(digits)) != nil }
        return naicsSubsectors.contains(digits.prefix(3))
    }

    static func classify(_ raw: String, scheme: IndustryScheme) -> Match? {
        let key = FieldKey.fold(raw, spaced: true)
        if key.isEmpty { return nil }
        // Code system named in the value: "SIC 3559", "NAICS: 541511", "NACE C28.4", "WZ 28.41".
        var scheme = scheme
        var rest = Substring(key)
        if let space = rest.firstIndex(of: " ") {
            let head = rest[..<space]
            var named: IndustryScheme? = nil
            switch head {
            case "sic": named = .sic
            case "naics": named = .naics
            case "nace", "wz", "naf", "ateco", "cnae", "sbi", "noga", "okd": named = .nace
            default: break
            }
            if let named {
                scheme = named
                rest = rest[rest.index(after: space)...]
                if rest.hasPrefix("code ") { rest = rest.dropFirst(5) }
                if rest.hasPrefix("rev 2 ") { rest = rest.dropFirst(6) }
            }
        }
        if let match = classifyCode(rest, scheme: scheme) { return match }
        if scheme != .auto && rest.first.map({ NumberText.isDigit($0.asciiValue ?? 0) }) == true { return nil }
        return classifyText(key)
    }

    /// Numeric codes: "333", "333249", "31-33", "3559", "35590000", "C28.41" (the fold turned "." into a space).
    private static func classifyCode(_ text: Substring, scheme: IndustryScheme) -> Match? {
        var letter: UInt8? = nil
        var digits: [UInt8] = []
        var parts = 0
        for piece in text.split(separator: " ") {
            parts += 1
            for byte in piece.utf8 {
                if NumberText.isDigit(byte) { digits.append(byte) }
                else if letter == nil, digits.isEmpty, piece.utf8.count > 1 || parts == 1 { letter = byte }
                else { return nil }
            }
        }
        if digits.isEmpty {
            // A lone NACE section letter, only when NACE was named.
            if scheme == .nace, let letter, text.utf8.count == 1 { return naceSection(letter) }
            return nil
        }
        let code = String(decoding: digits, as: UTF8.self)
        if text == "31 33" || text == "44 45" || text == "48 49" { return sector(forNAICS: text.prefix(2)).map { Match(sector: $0, code: nil) } }
        if letter != nil || scheme == .nace {
            guard scheme == .nace || scheme == .auto, digits.count >= 2 else { return nil }
            return nace(code)
        }
        switch scheme {
        case .naics: return naics(code)
        case .sic: return sic(code)
        case .nace: return nace(code)
        case .auto:
            if digits.count == 8 { return sic(code) }
            if digits.count == 4 { return naics(code) ?? sic(code) }
            return naics(code) ?? (digits.count <= 4 ? sic(code) : nil)
        }
    }

    private static func naics(_ code: String) -> Match? {
        guard validNAICS(code), let sector = sector(forNAICS: code.prefix(2)) else { return nil }
        return Match(sector: sector, code: code.utf8.count > 2 ? code : nil)
    }

    /// SIC 1987 major groups (and a few 3/4-digit groups that NAICS moved to another sector) -> NAICS sector.
    private static func sic(_ code: String) -> Match? {
        var code = code
        if code.utf8.count == 8 { code = String(code.prefix(4)) }
        guard code.utf8.count >= 2, code.utf8.count <= 4 else { return nil }
        for (prefix, sector) in sicOverrides where code.hasPrefix(prefix) {
            return sectorsByCode[sector].map { Match(sector: $0, code: nil) }
        }
        guard let major = Int(code.prefix(2)), let sector = sicMajor[major] else { return nil }
        return sectorsByCode[sector].map { Match(sector: $0, code: nil) }
    }

    private static let sicOverrides: [(String, String)] = [
        ("7372", "51"), ("7374", "51"), ("737", "54"), ("731", "54"), ("0742", "54"), ("078", "56"), ("472", "56"),
        ("4953", "56"), ("6719", "55"),
    ]

    private static let sicMajor: [Int: String] = {
        var table: [Int: String] = [:]
        func set(_ range: ClosedRange<Int>, _ sector: String) { for major in range { table[major] = sector } }
        set(1...2, "11"); set(7...9, "11"); set(10...14, "21"); table[11] = nil; set(15...17, "23"); set(20...39, "31-33")
        set(40...47, "48-49"); table[43] = "48-49"; table[48] = "51"; table[49] = "22"; set(50...51, "42"); set(52...57, "44-45")
        table[58] = "72"; table[59] = "44-45"; set(60...64, "52"); table[65] = "53"; table[67] = "52"; table[70] = "72"
        table[72] = "81"; table[73] = "56"; table[75] = "81"; table[76] = "81"; table[78] = "51"; table[79] = "71"; table[80] = "62"
        table[81] = "54"; table[82] = "61"; table[83] = "62"; table[84] = "71"; table[86] = "81"; table[87] = "54"; table[88] = "81"
        table[89] = "54"; set(91...97, "92")
        return table
    }()

    /// NACE Rev. 2 divisions (01-99) -> NAICS sector.
    private static func nace(_ code: String) -> Match? {
        guard let division = Int(code.prefix(2)), code.utf8.count >= 2 else { return nil }
        let sector: String
        switch division {
        case 1...3: sector = "11"
        case 5...9: sector = "21"
        case 10...33: sector = "31-33"
        case 35...37: sector = "22"
        case 38...39: sector = "56"
        case 41...43: sector = "23"
        case 45, 47: sector = "44-45"
        case 46: sector = "42"
        case 49...53: sector = "48-49"
        case 55...56: sector = "72"
        case 58...61, 63: sector = "51"
        case 62: sector = "54"
        case 64...66: sector = "52"
        case 68, 77: sector = "53"
        case 69...75: sector = code.hasPrefix("701") ? "55" : "54"
        case 78...82: sector = "56"
        case 84, 99: sector = "92"
        case 85: sector = "61"
        case 86...88: sector = "62"
        case 90...93: sector = "71"
        case 94...98: sector = "81"
        default: return nil
        }
        return sectorsByCode[sector].map { Match(sector: $0, code: nil) }
    }

    private static func naceSection(_ letter: UInt8) -> Match? {
        let sections: [UInt8: String] = [
            0x61: "11", 0x62: "21", 0x63: "31-33", 0x64: "22", 0x65: "22", 0x66: "23", 0x67: "44-45", 0x68: "48-49", 0x69: "72",
            0x6A: "51", 0x6B: "52", 0x6C: "53", 0x6D: "54", 0x6E: "56", 0x6F: "92", 0x70: "61", 0x71: "62", 0x72: "71", 0x73: "81",
            0x74: "81", 0x75: "92",
        ]
        return sections[letter].flatMap { sectorsByCode[$0] }.map { Match(sector: $0, code: nil) }
    }

    // MARK: Free text

    struct Synonyms: Sendable {
        var exact: [String: Match] = [:]
        var keywords: [([UInt8], Match)] = []
    }

    static let synonyms: Synonyms = {
        var table = Synonyms()
        let text = String(decoding: PackageResources.industry_synonyms_tsv, as: UTF8.self)
        text.enumerateLines { line, _ in
            guard !line.hasPrefix("#"), let tab = line.firstIndex(of: "\t") else { return }
            let code = String(line[..<tab])
            var phrase = line[line.index(after: tab)...]
            let sector = code.contains("-") ? sectorsByCode[code] : sector(forNAICS: code.prefix(2))
            guard let sector else { assertionFailure("bad industry code \(code)"); return }
            let match = Match(sector: sector, code: code.utf8.count > 2 && !code.contains("-") ? code : nil)
            if phrase.first == "~" {
                phrase.removeFirst()
                let word = FieldKey.fold(String(phrase.replacingOccurrences(of: "_", with: " ")), spaced: true)
                let bytes = Array((phrase.hasPrefix("_") ? " " : "").utf8) + Array(word.utf8) + Array((phrase.hasSuffix("_") ? " " : "").utf8)
                table.keywords.append((bytes, match))
            } else {
                let key = FieldKey.fold(String(phrase), spaced: true)
                if table.exact[key] == nil { table.exact[key] = match }
            }
        }
        // Sector names, slugs and titles are synonyms of themselves.
        for sector in sectors {
            for name in [sector.name.replacingOccurrences(of: "-", with: " "), sector.title] {
                let key = FieldKey.fold(name, spaced: true)
                if table.exact[key] == nil { table.exact[key] = Match(sector: sector, code: nil) }
            }
        }
        return table
    }()

    private static func classifyText(_ key: String) -> Match? {
        let table = synonyms
        if let match = table.exact[key] { return match }
        // Keywords: search " key " so that "_" boundaries in the resource can match at the ends.
        var padded: [UInt8] = [0x20]
        padded.append(contentsOf: key.utf8)
        padded.append(0x20)
        return padded.withUnsafeBufferPointer { haystack -> Match? in
            for (needle, match) in table.keywords where contains(haystack, needle) { return match }
            return nil
        }
    }

    @inline(__always)
    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let count = needle.count
        guard count > 0, count <= haystack.count else { return false }
        return needle.withUnsafeBufferPointer { needle in
            let first = needle[0]
            var index = 0
            let last = haystack.count - count
            while index <= last {
                if haystack[index] == first {
                    var offset = 1
                    while offset < count, haystack[index + offset] == needle[offset] { offset += 1 }
                    if offset == count { return true }
                }
                index += 1
            }
            return false
        }
    }
}
