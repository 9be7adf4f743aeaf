/// A run's configuration: the Ideal Customer Profile and the header overrides.
public struct WinnowConfig: Sendable {
    /// The ICPs, in config order (`icp:` gives one, `icps:` several). Each contact is classified against each
    /// and keeps the best result.
    public var icps: [ICP]
    /// The first ICP: its currency is the one revenue is compared in.
    public var icp: ICP { icps[0] }
    /// Do-not-contact lists: a contact matching one goes to suppressed.csv, never to a segment.
    public var suppress: [SuppressionList]
    /// The form-export header that holds consent, when the synonyms do not find it.
    public var consentColumn: String?
    /// Input header -> field name overrides, matched like the built-in synonyms (case, space and punctuation insensitive).
    public var columns: [(header: String, field: String)]
    /// Form-export values that count as positive consent (already folded with `HeaderKey.fold`).
    public var consentValues: Set<String>
    /// Per-file reading settings, first match wins.
    public var sources: [SourceSettings]
    /// Normalization settings.
    public var normalize: NormalizeSettings
    /// Which matching rules are on, and their thresholds.
    public var dedupe: MatchRules = .default
    /// Which contact files export writes.
    public var export = ExportSettings()
    /// SHA-256 of the config file's bytes, reported in summary.json.
    public var sha256: String

    public init(icps: [ICP], columns: [(header: String, field: String)] = [],
                consentValues: Set<String> = ConsentValues.defaults, suppress: [SuppressionList] = [],
                consentColumn: String? = nil, sources: [SourceSettings] = [],
                normalize: NormalizeSettings = NormalizeSettings(), sha256: String = "") {
        precondition(!icps.isEmpty, "a config has at least one ICP")
        self.icps = icps; self.columns = columns; self.consentValues = consentValues; self.suppress = suppress
        self.consentColumn = consentColumn; self.sources = sources; self.normalize = normalize; self.sha256 = sha256
    }

    public init(icp: ICP) { self.init(icps: [icp]) }

    /// The schema of a run under this config: canonical fields, then every field the ICP or `columns:` names.
    public var schema: FieldSchema {
        var fields: [String] = []
        for icp in icps {
            for field in (icp.suspect + icp.prospect).flatMap(\.fields) where !fields.contains(field) { fields.append(field) }
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
///   phone: e164                        # or digits: only `+` and digits, no libphonenumber
/// ```
public struct NormalizeSettings: Sendable, Equatable {
    /// How phones are normalized: E.164 through libphonenumber (the default), or only reduced to `+` and
    /// digits (no validation, about a hundred times cheaper) for jobs that do not need them checked.
    public enum PhoneMode: String, Sendable { case e164, digits }

    public var defaultRegion: String?
    public var freeMailDomains: Set<String>
    public var phone: PhoneMode = .e164
    public init(defaultRegion: String? = nil, freeMailDomains: Set<String> = []) {
        self.defaultRegion = defaultRegion; self.freeMailDomains = freeMailDomains
    }
}

/// ```yaml
/// export:
///   jsonl: false        # default true; false writes the CSV files only
/// ```
public struct ExportSettings: Sendable, Equatable {
    /// Whether the contact and account files also come as JSON Lines (with the explanations in full). The CSV files,
    /// duplicates.csv, rejected.csv and summary.json are always written.
    public var jsonLines = true
    public init(jsonLines: Bool = true) { self.jsonLines = jsonLines }
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

/// Which bound of a range ("20-49", "5-10M") a numeric test compares.
public enum RangeUse: String, Sendable { case lower, upper, midpoint }

/// One ICP criterion: a field and the tests its value must pass (all of them), or a group of criteria.
public struct Criterion: Sendable {
    public enum Test: Sendable, Equatable {
        case oneOf([String])          // `in`, values folded
        case noneOf([String])         // `not_in`, values folded
        case equals(String)           // folded
        case min(Double)
        case max(Double)
        case between(Double, Double)
        case matches(String)          // a regular expression, searched in the value
        case present(Bool)            // `present: true` / `present: false` (`absent: true`)
    }

    public enum Group: Sendable {
        case anyOf([Criterion])
        case allOf([Criterion])
    }

    /// The field tested; for a group, its `name:` or "any_of" / "all_of".
    public let field: String
    public let tests: [Test]
    public let use: RangeUse
    /// Share of the fit score (default 1).
    public var weight: Double
    public let group: Group?

    /// A readable statement of the criterion, e.g. `revenue >= 5000000`. Built once here, so the verdicts
    /// of a million contacts share one string instead of building a million.
    public let description: String

    public init(field: String, tests: [Test], use: RangeUse = .lower, weight: Double = 1) {
        self.field = field; self.tests = tests; self.use = use; self.weight = weight; self.group = nil
        self.description = Self.describe(field: field, tests: tests, use: use, group: nil)
    }

    public init(name: String, group: Group, weight: Double = 1) {
        self.field = name; self.tests = []; self.use = .lower; self.weight = weight; self.group = group
        self.description = Self.describe(field: name, tests: [], use: .lower, group: group)
    }

    /// Every field this criterion reads.
    public var fields: [String] {
        switch group {
        case .anyOf(let members), .allOf(let members): return members.flatMap(\.fields)
        case nil: return [field]
        }
    }

    private static func describe(field: String, tests: [Test], use: RangeUse, group: Group?) -> String {
        switch group {
        case .anyOf(let members): return "any of (" + members.map(\.description).joined(separator: "; ") + ")"
        case .allOf(let members): return "all of (" + members.map(\.description).joined(separator: "; ") + ")"
        case nil: break
        }
        let subject = use == .lower ? field : "\(field) (\(use.rawValue))"
        return tests.map { test -> String in
            switch test {
            case .oneOf(let values): return "\(field) in [\(values.joined(separator: ", "))]"
            case .noneOf(let values): return "\(field) not in [\(values.joined(separator: ", "))]"
            case .equals(let value): return "\(field) = \(value)"
            case .min(let bound): return "\(subject) >= \(NumberText.format(bound))"
            case .max(let bound): return "\(subject) <= \(NumberText.format(bound))"
            case .between(let low, let high): return "\(subject) between \(NumberText.format(low)) and \(NumberText.format(high))"
            case .matches(let pattern): return "\(field) matches /\(pattern)/"
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
