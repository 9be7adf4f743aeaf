/// Evaluates one ICP's criteria against contacts. Holds per-run caches (regular-expression results per
/// distinct value), so it is created once per stage run.
public final class CriterionEvaluator {
    public let icp: ICP
    private let industryIndex: Int
    private let revenueIndex: Int
    private var regexes: [String: Regex<AnyRegexOutput>] = [:]
    private var regexResults: [String: [String: Bool]] = [:]
    /// Where each criterion's status goes; shared by every classification this evaluator makes.
    let layout: CriteriaLayout

    public init(icp: ICP, schema: FieldSchema, paths: [String] = []) {
        self.icp = icp
        self.layout = CriteriaLayout(icp: icp, schema: schema, paths: paths)
        self.industryIndex = schema.index(of: .industry)
        self.revenueIndex = schema.index(of: .revenue)
    }

    public func classify(_ contact: Contact) -> Classification {
        var statuses = VerdictStatuses(count: layout.statusCount)
        let suspectCount = layout.criteria.count - layout.prospectCount
        // An ICP without suspect criteria makes everyone a suspect; without prospect criteria nobody can be
        // shown to fit deeper, so nobody becomes a prospect.
        var isSuspect = true, isProspect = layout.prospectCount > 0
        var met = 0.0, total = 0.0
        for (position, node) in layout.criteria.enumerated() {
            let status = status(node, contact: contact, into: &statuses)
            if status != .met {
                if position < suspectCount { isSuspect = false } else { isProspect = false }
            }
            total += node.criterion.weight
            if status == .met { met += node.criterion.weight }
        }
        isProspect = isProspect && isSuspect
        let score = total > 0 ? Int((100 * met / total).rounded()) : 0
        return Classification(segment: isProspect ? .prospect : isSuspect ? .suspect : .name, statuses: statuses,
                              layout: layout, fitScore: score)
    }

    /// Judges a criterion (and a group's members, all of them) and records each status at its layout position.
    private func status(_ node: CriteriaLayout.Node, contact: Contact, into statuses: inout VerdictStatuses) -> Verdict.Status {
        let criterion = node.criterion
        let status: Verdict.Status
        switch criterion.group {
        case .anyOf, .allOf:
            var anyMet = false, anyUnknown = false, anyUnmet = false
            for member in node.members {
                switch self.status(member, contact: contact, into: &statuses) {
                case .met: anyMet = true
                case .unknown: anyUnknown = true
                case .unmet: anyUnmet = true
                }
            }
            if case .anyOf = criterion.group {
                status = anyMet ? .met : anyUnknown ? .unknown : .unmet
            } else {
                status = anyUnmet ? .unmet : anyUnknown ? .unknown : .met
            }
        case nil:
            let value = node.index >= 0 ? contact[node.index] : ""
            var leaf = Verdict.Status.met
            for test in criterion.tests {
                let result = evaluate(test, criterion: criterion, value: value, given: nil, index: node.index)
                if result == .unmet { leaf = .unmet; break }
                if result == .unknown { leaf = .unknown }
            }
            status = leaf
        }
        statuses[node.position] = status
        return status
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
