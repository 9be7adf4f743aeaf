/// Evaluates one ICP's criteria against contacts. Holds per-run caches (regular-expression results per
/// distinct value), so it is created once per stage run.
public final class CriterionEvaluator {
    public let icp: ICP
    private let schema: FieldSchema
    private let paths: [String]
    private let industryIndex: Int
    private let revenueIndex: Int
    private var regexes: [String: Regex<AnyRegexOutput>] = [:]
    private var regexResults: [String: [String: Bool]] = [:]
    /// FILE:ROW texts of the contact being classified: its verdicts mostly share one source.
    private var sourceTexts: [SourceRef: String] = [:]

    public init(icp: ICP, schema: FieldSchema, paths: [String] = []) {
        self.icp = icp
        self.schema = schema
        self.paths = paths
        self.industryIndex = schema.index(of: .industry)
        self.revenueIndex = schema.index(of: .revenue)
    }

    public func classify(_ contact: Contact) -> Classification {
        sourceTexts.removeAll(keepingCapacity: true)
        let suspectVerdicts = icp.suspect.map { verdict($0, contact: contact) }
        let prospectVerdicts = icp.prospect.map { verdict($0, contact: contact) }
        // An ICP without suspect criteria makes everyone a suspect; without prospect criteria nobody can be
        // shown to fit deeper, so nobody becomes a prospect.
        let isSuspect = suspectVerdicts.allSatisfy { $0.status == .met }
        let isProspect = isSuspect && !prospectVerdicts.isEmpty && prospectVerdicts.allSatisfy { $0.status == .met }
        let criteria = icp.suspect + icp.prospect
        let verdicts = suspectVerdicts + prospectVerdicts
        let total = criteria.reduce(0) { $0 + $1.weight }
        let met = zip(criteria, verdicts).reduce(0) { $0 + ($1.1.status == .met ? $1.0.weight : 0) }
        let score = total > 0 ? Int((100 * met / total).rounded()) : 0
        return Classification(segment: isProspect ? .prospect : isSuspect ? .suspect : .name, icp: icp.name,
                              verdicts: verdicts, prospectCount: prospectVerdicts.count, fitScore: score)
    }

    func verdict(_ criterion: Criterion, contact: Contact) -> Verdict {
        switch criterion.group {
        case .anyOf(let members), .allOf(let members):
            let verdicts = members.map { verdict($0, contact: contact) }
            let statuses = verdicts.map(\.status)
            let status: Verdict.Status
            if case .anyOf = criterion.group {
                status = statuses.contains(.met) ? .met : statuses.contains(.unknown) ? .unknown : .unmet
            } else {
                status = statuses.contains(.unmet) ? .unmet : statuses.contains(.unknown) ? .unknown : .met
            }
            var seen = Set<String>()
            let value = verdicts.filter { !$0.value.isEmpty }.map { "\($0.field)=\($0.value)" }
                .filter { seen.insert($0).inserted }.joined(separator: "; ")
            return Verdict(field: criterion.field, criterion: criterion.description, status: status, value: value, members: verdicts)
        case nil:
            break
        }
        let index = schema.index(of: criterion.field) ?? -1
        let value = index >= 0 ? contact[index] : ""
        var status = Verdict.Status.met
        for test in criterion.tests {
            let result = evaluate(test, criterion: criterion, value: value, given: nil, index: index)
            if result == .unmet { status = .unmet; break }
            if result == .unknown { status = .unknown }
        }
        var source = ""
        if !value.isEmpty, !contact.sources.isEmpty {
            let ref = contact.origin(of: index) ?? contact.sources[0]
            if let known = sourceTexts[ref] {
                source = known
            } else {
                source = ref.file < paths.count ? "\(paths[ref.file]):\(ref.row)" : ""
                sourceTexts[ref] = source
            }
        }
        return Verdict(field: criterion.field, criterion: criterion.description, status: status, value: value, source: source)
    }

    private func evaluate(_ test: Criterion.Test, criterion: Criterion, value: String, given: String?, index: Int) -> Verdict.Status {
        if case .present(let wanted) = test {
            return (!value.isEmpty) == wanted ? .met : .unmet
        }
        guard !value.isEmpty else { return .unknown }
        switch test {
        case .oneOf(let values): return matchesAny(values, value: value, given: given, index: index) ? .met : .unmet
        case .noneOf(let values): return matchesAny(values, value: value, given: given, index: index) ? .unmet : .met
        case .equals(let expected): return matchesAny([expected], value: value, given: given, index: index) ? .met : .unmet
        case .min(let bound):
            guard let number = number(value, use: criterion.use, index: index) else { return .unknown }
            return number >= bound ? .met : .unmet
        case .max(let bound):
            guard let number = number(value, use: criterion.use, index: index) else { return .unknown }
            return number <= bound ? .met : .unmet
        case .between(let low, let high):
            guard let number = number(value, use: criterion.use, index: index) else { return .unknown }
            return number >= low && number <= high ? .met : .unmet
        case .matches(let pattern): return matches(pattern, value) ? .met : .unmet
        case .present: return .unknown
        }
    }

    /// Industry terms may name a sector, a NAICS sector code or a code prefix; the value as given counts too.
    private func matchesAny(_ terms: [String], value: String, given: String?, index: Int) -> Bool {
        let key = TextFold.valueKey(value)
        if terms.contains(key) { return true }
        if let given, terms.contains(TextFold.valueKey(given)) { return true }
        guard index == industryIndex else { return false }
        return terms.contains { term in
            Industry.matches(term: term, value: value) || (given.map { Industry.matches(term: term, value: $0) } ?? false)
        }
    }

    /// Numbers as normalized: plain, or a range ("20-49", "50+") read at the criterion's bound.
    private func number(_ value: String, use: RangeUse, index: Int) -> Double? {
        var parsed = RangeText.parse(value)
        if parsed == nil, index == revenueIndex, let money = Money.parse(value)?.converted(to: icp.currency, fx: icp.fx) {
            parsed = (money, money)   // revenue with its currency as written
        }
        guard let range = parsed else { return nil }
        switch use {
        case .lower: return range.lower
        case .upper: return range.upper
        case .midpoint: return range.upper.map { (range.lower + $0) / 2 }
        }
    }

    private func matches(_ pattern: String, _ value: String) -> Bool {
        if let known = regexResults[pattern]?[value] { return known }
        let regex: Regex<AnyRegexOutput>
        if let compiled = regexes[pattern] {
            regex = compiled
        } else {
            // The config loader has checked that the pattern compiles.
            regex = (try? Regex(pattern)) ?? (try! Regex("(?!)"))
            regexes[pattern] = regex
        }
        let result = value.firstMatch(of: regex) != nil
        regexResults[pattern, default: [:]][value] = result
        return result
    }
}

/// Numbers and ranges as normalized text: "250", "20-49", "50+", "5000000-10000000".
public enum RangeText {
    public static func format(lower: Double, upper: Double?, isRange: Bool) -> String {
        guard isRange else { return NumberText.format(lower.rounded()) }
        guard let upper else { return NumberText.format(lower.rounded()) + "+" }
        return NumberText.format(lower.rounded()) + "-" + NumberText.format(upper.rounded())
    }

    /// Reads what `format` wrote, and plain numbers: lower and upper bound (nil upper = open-ended).
    public static func parse(_ text: String) -> (lower: Double, upper: Double?)? {
        if text.hasSuffix("+"), let lower = NumberText.parsePlain(String(text.dropLast())) { return (lower, nil) }
        if let dash = text.dropFirst().firstIndex(of: "-"),
           let lower = NumberText.parsePlain(String(text[..<dash])),
           let upper = NumberText.parsePlain(String(text[text.index(after: dash)...])) {
            return (lower, upper)
        }
        return NumberText.parsePlain(text).map { ($0, $0) }
    }
}
