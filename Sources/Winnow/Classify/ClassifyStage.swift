/// Places every contact on the ladder against the ICP.
///
/// Input: deduplicated contacts. Output: the same contacts with a segment and a verdict per criterion:
/// all suspect criteria met -> suspect; also all prospect criteria met -> prospect; otherwise name.
public struct ClassifyStage: PipelineStage {
    public static let name = "classify"
    public let icp: ICP

    public init(icp: ICP) { self.icp = icp }

    public func run(_ batch: Batch<ContactSet>) throws -> Batch<ClassifiedSet> {
        let evaluator = CriterionEvaluator(icp: icp, schema: batch.schema)
        let classifications = batch.payload.contacts.map { evaluator.classify($0) }
        return batch.with(ClassifiedSet(contacts: batch.payload.contacts, classifications: classifications,
                                        duplicates: batch.payload.duplicates, icpName: icp.name))
    }
}

/// Evaluates ICP criteria against a contact's values.
public struct CriterionEvaluator: Sendable {
    let icp: ICP
    private let suspect: [(Criterion, Int)]
    private let prospect: [(Criterion, Int)]
    private let industryIndex: Int

    public init(icp: ICP, schema: FieldSchema) {
        self.icp = icp
        // The schema always holds every ICP field (see WinnowConfig.schema).
        self.suspect = icp.suspect.map { ($0, schema.index(of: $0.field) ?? -1) }
        self.prospect = icp.prospect.map { ($0, schema.index(of: $0.field) ?? -1) }
        self.industryIndex = schema.index(of: .industry)
    }

    public func classify(_ contact: Contact) -> Classification {
        let suspectVerdicts = suspect.map { verdict($0.0, contact: contact, index: $0.1) }
        let prospectVerdicts = prospect.map { verdict($0.0, contact: contact, index: $0.1) }
        let isSuspect = suspectVerdicts.allSatisfy { $0.status == .met }
        // An ICP without prospect criteria cannot show the deeper fit, so nobody becomes a prospect.
        let isProspect = isSuspect && !prospectVerdicts.isEmpty && prospectVerdicts.allSatisfy { $0.status == .met }
        return Classification(segment: isProspect ? .prospect : isSuspect ? .suspect : .name,
                              verdicts: suspectVerdicts + prospectVerdicts)
    }

    func verdict(_ criterion: Criterion, contact: Contact, index: Int) -> Verdict {
        let value = index >= 0 ? contact[index] : ""
        var status = Verdict.Status.met
        for test in criterion.tests {
            let result = evaluate(test, value: value, given: contact.raw[index], index: index)
            if result == .unmet { status = .unmet; break }
            if result == .unknown { status = .unknown }
        }
        return Verdict(field: criterion.field, criterion: criterion.description, status: status, value: value)
    }

    private func evaluate(_ test: Criterion.Test, value: String, given: String?, index: Int) -> Verdict.Status {
        if case .present(let wanted) = test {
            return (!value.isEmpty) == wanted ? .met : .unmet
        }
        guard !value.isEmpty else { return .unknown }
        switch test {
        case .oneOf(let values): return matchesAny(values, value: value, given: given, index: index) ? .met : .unmet
        case .noneOf(let values): return matchesAny(values, value: value, given: given, index: index) ? .unmet : .met
        case .equals(let expected): return TextFold.valueKey(value) == expected ? .met : .unmet
        case .min(let bound):
            guard let number = number(value) else { return .unknown }
            return number >= bound ? .met : .unmet
        case .max(let bound):
            guard let number = number(value) else { return .unknown }
            return number <= bound ? .met : .unmet
        case .present: return .unknown
        }
    }

    /// Industry terms may name a sector ("manufacturing"), a NAICS sector code ("31-33") or a code prefix.
    /// The value as given counts too: a NAICS code "333249" matches the prefix "333" after normalize made it "manufacturing".
    private func matchesAny(_ terms: [String], value: String, given: String?, index: Int) -> Bool {
        let key = TextFold.valueKey(value)
        if terms.contains(key) { return true }
        guard index == industryIndex else { return false }
        return terms.contains { Industry.matches(term: $0, value: value) || (given.map { raw in Industry.matches(term: $0, value: raw) } ?? false) }
    }

    /// Numbers as normalized: plain or a range ("20-49", "50+"), compared by the lower bound.
    /// Revenue is already in the ICP currency after normalize.
    private func number(_ value: String) -> Double? {
        RangeText.parse(value)?.lower
    }
}
