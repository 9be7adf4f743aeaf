import Foundation
import WinnowCSV

/// A do-not-contact list: unsubscribes, existing customers, competitors. Values are kept normalized, so
/// "Anna@Example.com " suppresses anna@example.com and a domain suppresses every address at it.
public struct SuppressionList: Sendable, Equatable {
    /// How outputs name the list: the file as written in the config, or "inline emails" and the like.
    public var label: String
    public var emails: Set<String> = []
    public var domains: Set<String> = []
    public var companies: Set<String> = []

    public init(label: String, emails: [String] = [], domains: [String] = [], companies: [String] = []) {
        self.label = label
        for email in emails { add(email: email) }
        for domain in domains { add(domain: domain) }
        for company in companies { add(company: company) }
    }

    public var isEmpty: Bool { emails.isEmpty && domains.isEmpty && companies.isEmpty }

    mutating func add(email: String) {
        if let normalized = EmailAddress.normalize(email) { emails.insert(normalized) }
    }

    mutating func add(domain: String) {
        let key = SuppressionKeys.domain(domain)
        if !key.isEmpty { domains.insert(key) }
    }

    mutating func add(company: String) {
        let key = SuppressionKeys.company(company)
        if !key.isEmpty { companies.insert(key) }
    }

    /// Reads a list file: a CSV with a column named email, domain or company (any header the synonyms know),
    /// or one value per line, each read as an email, a domain or a company name by its shape.
    public static func load(path: String, label: String) throws -> SuppressionList {
        var list = SuppressionList(label: label)
        let reader = try CSVReader(path: path)
        var columns: [(Int, CanonicalField)] = []
        for (index, header) in reader.header.enumerated() {
            if let field = HeaderSynonyms.field(for: header), [.email, .domain, .website, .company].contains(field) {
                columns.append((index, field))
            }
        }
        if columns.isEmpty {
            // No header: every line is a value, the first one included.
            for value in reader.header.prefix(1) { list.add(guessing: value) }
            try reader.forEachRecord { record in list.add(guessing: record.string(at: 0)) }
        } else {
            try reader.forEachRecord { record in
                for (index, field) in columns where !record.isEmpty(at: index) {
                    let value = record.string(at: index)
                    switch field {
                    case .email: list.add(email: value)
                    case .domain, .website: list.add(domain: value)
                    default: list.add(company: value)
                    }
                }
            }
        }
        return list
    }

    private mutating func add(guessing value: String) {
        let trimmed = Whitespace.collapse(value)
        if trimmed.isEmpty { return }
        if trimmed.contains("@") {
            add(email: trimmed)
        } else if trimmed.contains("."), !trimmed.contains(" ") {
            add(domain: trimmed)
        } else {
            add(company: trimmed)
        }
    }

    /// What in the contact this list suppresses, e.g. "domain competitor.example", or nil.
    func match(email: String, domain: String, company: String) -> String? {
        if !email.isEmpty, emails.contains(email) { return "email \(email)" }
        for candidate in [domain, email.split(separator: "@").last.map(String.init) ?? ""] where !candidate.isEmpty {
            var key = SuppressionKeys.domain(candidate)
            // A listed domain suppresses its subdomains too.
            while !key.isEmpty {
                if domains.contains(key) { return "domain \(key)" }
                guard let dot = key.firstIndex(of: ".") else { break }
                key = String(key[key.index(after: dot)...])
            }
        }
        if !company.isEmpty {
            let key = SuppressionKeys.company(company)
            if !key.isEmpty, companies.contains(key) { return "company \(company)" }
        }
        return nil
    }
}

extension Array where Element == SuppressionList {
    /// The first list (in config order) that suppresses the contact, as "LIST: what matched".
    public func suppression(email: String, domain: String, company: String) -> String? {
        for list in self {
            if let what = list.match(email: email, domain: domain, company: company) { return "\(list.label): \(what)" }
        }
        return nil
    }
}

/// The normalized forms suppression compares.
enum SuppressionKeys {
    static func domain(_ text: String) -> String {
        var key = Whitespace.collapse(text).lowercased()
        for prefix in ["https://", "http://", "@", "www."] where key.hasPrefix(prefix) { key.removeFirst(prefix.count) }
        if let slash = key.firstIndex(of: "/") { key = String(key[..<slash]) }
        while key.hasSuffix(".") { key.removeLast() }
        return key
    }

    static func company(_ text: String) -> String {
        TextFold.headerKey(text)
    }
}
