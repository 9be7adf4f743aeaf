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
    private let revenueIndex: Int

    public init(icp: ICP, schema: FieldSchema) {
        self.icp = icp
        // The schema always holds every ICP field (see WinnowConfig.schema).
        self.suspect = icp.suspect.map { ($0, schema.index(of: $0.field) ?? -1) }
        self.prospect = icp.prospect.map { ($0, schema.index(of: $0.field) ?? -1) }
        self.revenueIndex = schema.index(of: .revenue)
    }

    public func classify(_ contact: Contact) -> Classification {
        let suspectVerdicts = suspect.map { verdict($0.0, value: $0.1 >= 0 ? contact[$0.1] : "", index: $0.1) }
        let prospectVerdicts = prospect.map { verdict($0.0, value: $0.1 >= 0 ? contact[$0.1] : "", index: $0.1) }
        let isSuspect = suspectVerdicts.allSatisfy { $0.status == .met }
        // An ICP without prospect criteria cannot show the deeper fit, so nobody becomes a prospect.
        let isProspect = isSuspect && !prospectVerdicts.isEmpty && prospectVerdicts.allSatisfy { $0.status == .met }
        return Classification(segment: isProspect ? .prospect : isSuspect ? .suspect : .name,
                              verdicts: suspectVerdicts + prospectVerdicts)
    }

    func verdict(_ criterion: Criterion, value: String, index: Int) -> Verdict {
        var status = Verdict.Status.met
        for test in criterion.tests {
            let result = evaluate(test, value: value, index: index)
            if result == .unmet { status = .unmet; break }
            if result == .unknown { status = .unknown }
        }
        return Verdict(field: criterion.field, criterion: criterion.description, status: status, value: value)
    }

    private func evaluate(_ test: Criterion.Test, value: String, index: Int) -> Verdict.Status {
        if case .present(let wanted) = test {
            return (!value.isEmpty) == wanted ? .met : .unmet
        }
        guard !value.isEmpty else { return .unknown }
        switch test {
        case .oneOf(let values): return values.contains(TextFold.valueKey(value)) ? .met : .unmet
        case .noneOf(let values): return values.contains(TextFold.valueKey(value)) ? .unmet : .met
        case .equals(let expected): return TextFold.valueKey(value) == expected ? .met : .unmet
        case .min(let bound):
            guard let number = number(value, index: index) else { return .unknown }
            return number >= bound ? .met : .unmet
        case .max(let bound):
            guard let number = number(value, index: index) else { return .unknown }
            return number <= bound ? .met : .unmet
        case .present: return .unknown
        }
    }

    /// Revenue is money, compared in the ICP currency; other fields are plain numbers.
    private func number(_ value: String, index: Int) -> Double? {
        if index == revenueIndex {
            return Money.parse(value)?.converted(to: icp.currency, fx: icp.fx)
        }
        return NumberText.parsePlain(value)
    }
}
