/// A run's configuration: the Ideal Customer Profile and the header overrides.
public struct WinnowConfig: Sendable {
    public var icp: ICP
    /// Input header -> field name overrides, matched like the built-in synonyms (case, space and punctuation insensitive).
    public var columns: [(header: String, field: String)]
    /// Form-export values that count as positive consent (already folded with `HeaderKey.fold`).
    public var consentValues: Set<String>
    /// Per-file reading settings, first match wins.
    public var sources: [SourceSettings]
    /// Normalization settings.
    public var normalize: NormalizeSettings
    /// SHA-256 of the config file's bytes, reported in summary.json.
    public var sha256: String

    public init(icp: ICP, columns: [(header: String, field: String)] = [],
                consentValues: Set<String> = ConsentValues.defaults, sources: [SourceSettings] = [],
                normalize: NormalizeSettings = NormalizeSettings(), sha256: String = "") {
        self.icp = icp; self.columns = columns; self.consentValues = consentValues; self.sources = sources
        self.normalize = normalize; self.sha256 = sha256
    }

    /// The schema of a run under this config: canonical fields, then every field the ICP or `columns:` names.
    public var schema: FieldSchema {
        var fields: [String] = []
        for criterion in icp.suspect + icp.prospect where !fields.contains(criterion.field) {
            fields.append(criterion.field)
        }
        for (_, field) in columns where !fields.contains(field) { fields.append(field) }
        for source in sources { for field in source.columns where !fields.contains(field) { fields.append(field) } }
        return FieldSchema(icpFields: fields)
    }
}

/// ```yaml
/// normalize:
///   default_region: DE                 # phones without country code and without a row country
///   free_mail_domains: [mail.example]  # added to the built-in free-mail list
/// ```
public struct NormalizeSettings: Sendable, Equatable {
    public var defaultRegion: String?
    public var freeMailDomains: Set<String>
    public init(defaultRegion: String? = nil, freeMailDomains: Set<String> = []) {
        self.defaultRegion = defaultRegion; self.freeMailDomains = freeMailDomains
    }
}

public struct ICP: Sendable {
    public var name: String
    /// Currency revenue criteria are stated in; revenues without a currency are taken to be in it.
    public var currency: String
    /// 1 unit of the key currency = rate units of `currency`.
    public var fx: [String: Double]
    /// All met -> at least suspect.
    public var suspect: [Criterion]
    /// All of suspect and all of these met -> prospect.
    public var prospect: [Criterion]

    public init(name: String, currency: String = "EUR", fx: [String: Double] = [:],
                suspect: [Criterion], prospect: [Criterion]) {
        self.name = name; self.currency = currency; self.fx = fx
        self.suspect = suspect; self.prospect = prospect
    }
}

/// One ICP criterion: a field and the tests its value must pass (all of them).
public struct Criterion: Sendable {
    public enum Test: Sendable, Equatable {
        case oneOf([String])          // `in`, values folded
        case noneOf([String])         // `not_in`, values folded
        case equals(String)           // folded
        case min(Double)
        case max(Double)
        case present(Bool)            // `present: true` / `present: false`
    }

    public var field: String
    public var tests: [Test]

    public init(field: String, tests: [Test]) { self.field = field; self.tests = tests }

    /// A readable statement of the criterion, e.g. `revenue >= 5000000`.
    public var description: String {
        tests.map { test -> String in
            switch test {
            case .oneOf(let values): return "\(field) in [\(values.joined(separator: ", "))]"
            case .noneOf(let values): return "\(field) not in [\(values.joined(separator: ", "))]"
            case .equals(let value): return "\(field) = \(value)"
            case .min(let bound): return "\(field) >= \(NumberText.format(bound))"
            case .max(let bound): return "\(field) <= \(NumberText.format(bound))"
            case .present(let wanted): return wanted ? "\(field) present" : "\(field) absent"
            }
        }.joined(separator: " and ")
    }
}

/// The built-in positive consent answers of form exports, in the languages headers are recognised in.
public enum ConsentValues {
    public static let defaults: Set<String> = Set([
        "yes", "y", "true", "1", "x", "opt-in", "opt in", "optin", "opted in", "opted-in", "subscribed",
        "i agree", "agree", "agreed", "accepted", "granted", "consent given", "on", "checked",
        "ja", "oui", "si", "sí", "sì", "ja, ich stimme zu", "j'accepte",
    ].map(TextFold.consentKey))
}
