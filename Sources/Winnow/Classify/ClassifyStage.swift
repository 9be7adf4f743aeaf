/// Places every contact on the ladder against the ICPs, and sets aside contacts on a do-not-contact list.
///
/// Input: deduplicated contacts. Output: the same contacts with, per contact, the best result over the
/// config's ICPs (segment, then fit score, then config order): all suspect criteria met -> suspect; also all
/// prospect criteria met -> prospect; otherwise name. A contact matching a `suppress:` list is marked
/// suppressed, whatever its segment.
public struct ClassifyStage: PipelineStage {
    public static let name = "classify"
    public let config: WinnowConfig

    public init(config: WinnowConfig) { self.config = config }

    public func run(_ batch: Batch<ContactSet>) throws -> Batch<ClassifiedSet> {
        let evaluators = config.icps.map { CriterionEvaluator(icp: $0, schema: batch.schema, paths: batch.inputs.map(\.path)) }
        let email = batch.schema.index(of: .email), domain = batch.schema.index(of: .domain), company = batch.schema.index(of: .company)
        let classifications = batch.payload.contacts.map { contact -> Classification in
            var best = evaluators[0].classify(contact)
            for evaluator in evaluators.dropFirst() {
                let candidate = evaluator.classify(contact)
                if (candidate.segment, candidate.fitScore) > (best.segment, best.fitScore) { best = candidate }
            }
            best.suppressedBy = config.suppress.suppression(email: contact[email], domain: contact[domain], company: contact[company])
            return best
        }
        return batch.with(ClassifiedSet(contacts: batch.payload.contacts, classifications: classifications,
                                        duplicates: batch.payload.duplicates, icpName: config.icps.map(\.name).joined(separator: ", ")))
    }
}
