import Foundation

/// Country values as found in lists ("Deutschland", "U.S.A.", "deu", "Côte d'Ivoire") to ISO 3166-1 alpha-2.
///
/// Names come from ICU's localized region names (Foundation `Locale.localizedString(forRegionCode:)`) in
/// en, de, fr, es, it and nl, built once on first use. The resource `country-aliases.tsv` adds what ICU lacks:
/// alpha-3 codes, official names, IOC codes and informal forms (UK, England, Holland, USA, America, ...).
///
/// Decisions:
/// - IOC/FIFA codes ("GER", "SUI", "NED", "DEN", "POR") are accepted at the lowest priority because lists use them;
///   the two that are another country's ISO alpha-3 (BRN = Brunei, not Bahrain; MRT = Mauritania, not Martinique)
///   resolve to the ISO meaning.
/// - "NA" / "N/A" / "n.a." are read as "not available", never as Namibia (use "NAM" or the name).
/// - "UK" -> GB; "Korea" -> KR (South); England/Scotland/Wales/Northern Ireland -> GB.
/// - Non-country ICU regions (EU, UN, EZ, QO, AC, CP, CQ, DG, EA, IC, TA, numeric UN M.49 areas) are not codes here;
///   XK (Kosovo, user-assigned but universal) is kept.
public enum CountryCode {
    /// ISO 3166-1 alpha-2 ("DE") for a country value in any of the supported forms; nil when unknown or empty.
    public static func normalize(_ raw: String) -> String? {
        if raw.utf8.count > 64 { return lookup(raw) }
        return cache.value(for: raw, compute: lookup)
    }

    /// The same lookup without the shared cache (for values that never repeat, and for measuring).
    public static func normalizeUncached(_ raw: String) -> String? { lookup(raw) }

    /// All alpha-2 codes the normalizer can return.
    public static var codes: Set<String> { Set(table.alpha2.values) }

    private static let cache = FieldCache<String?>()

    private static func lookup(_ raw: String) -> String? {
        let key = FieldKey.fold(raw, spaced: false)
        if key.isEmpty { return nil }
        let tables = table
        if let code = tables.byKey[key] { return code }
        // "The Netherlands", "the UK": an English article in front of a known name.
        if key.utf8.count > 5, key.hasPrefix("the"), let code = tables.byKey[String(key.dropFirst(3))] { return code }
        return nil
    }

    struct Tables: Sendable {
        var byKey: [String: String] = [:]
        var alpha2: [String: String] = [:]
    }

    /// Priorities: a key claimed by a higher priority source is kept; ties keep the first writer.
    private enum Source: Int { case ioc = 0, fileName = 1, icuName = 2, alpha3 = 3, alpha2 = 4, informal = 5 }

    static let excludedRegions: Set<String> = ["EU", "EZ", "UN", "QO", "AC", "CP", "CQ", "DG", "EA", "IC", "TA", "ZZ", "XA", "XB"]
    static let notAvailable: Set<String> = ["na", "nv", "nb", "nd", "none", "null", "unknown", "nil"]

    static let table: Tables = build()

    private static func build() -> Tables {
        var tables = Tables()
        var priority: [String: Source] = [:]
        func add(_ code: String, _ name: String, _ source: Source) {
            for umlautE in [false, true] {
                let key = FieldKey.fold(name, spaced: false, umlautE: umlautE)
                if key.isEmpty || notAvailable.contains(key) { continue }
                if let existing = priority[key], existing.rawValue >= source.rawValue { continue }
                priority[key] = source
                tables.byKey[key] = code
                // "Bosnia & Herzegovina" is also written with the language's "and".
                if name.contains("&") {
                    for word in ["and", "und", "et", "y", "e", "en"] {
                        let variant = FieldKey.fold(name.replacingOccurrences(of: "&", with: " \(word) "), spaced: false, umlautE: umlautE)
                        if priority[variant] == nil { priority[variant] = source; tables.byKey[variant] = code }
                    }
                }
            }
        }
        let regions = Locale.Region.isoRegions.map(\.identifier).filter { id in
            id.utf8.count == 2 && id.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A } && !excludedRegions.contains(id)
        }
        for code in regions {
            tables.alpha2[code.lowercased()] = code
            if code != "NA" { add(code, code, .alpha2) }
        }
        for language in ["en", "de", "fr", "es", "it", "nl"] {
            let locale = Locale(identifier: language)
            for code in regions {
                if let name = locale.localizedString(forRegionCode: code), name != code { add(code, name, .icuName) }
            }
        }
        // The resource: CODE <TAB> [marker]alias.
        let text = String(decoding: PackageResources.country_aliases_tsv, as: UTF8.self)
        text.enumerateLines { line, _ in
            guard !line.hasPrefix("#"), let tab = line.firstIndex(of: "\t") else { return }
            let code = String(line[..<tab])
            var alias = Substring(line[line.index(after: tab)...])
            var source = Source.fileName
            switch alias.first {
            case "!": source = .alpha3; alias.removeFirst()
            case "?": source = .ioc; alias.removeFirst()
            case "=": source = .informal; alias.removeFirst()
            default: break
            }
            tables.alpha2[code.lowercased()] = code
            add(code, String(alias), source)
        }
        return tables
    }
}
