/// Places every contact on the ladder against the ICPs, and sets aside contacts on a do-not-contact list.
///
/// Input: deduplicated contacts. Output: the same contacts with, per contact, the best result over the
/// config's ICPs (segment, then fit score, then config order): all suspect criteria met -> suspect; also all
/// prospect criteria met -> prospect; otherwise name. A contact matching a `suppress:` list is marked
/// suppressed, whatever its segment.
public struct ClassifyStage: PipelineStage {
    public static let name = "classify"
    public let config: WinnowConfig
    /// Workers over contiguous slices of the contacts; results are joined in order.
    public let jobs: Int

    public init(config: WinnowConfig, jobs: Int = 1) { self.config = config; self.jobs = jobs }

    public func run(_ batch: consuming Batch<ContactSet>) throws -> Batch<ClassifiedSet> {
        let contacts = batch.payload.contacts
        let config = self.config, schema = batch.schema, paths = batch.inputs.map(\.path)
        // Written in place by the workers: joining per-slice arrays copied a million classifications into fresh memory.
        let classifications = contacts.withUnsafeBufferPointer { buffer in
            let contacts = SharedBuffer(reading: buffer)
            return Parallel.map(count: buffer.count, jobs: jobs, perWorker: {
                let classify = Self.classifier(config: config, schema: schema, paths: paths)
                return { index in contacts.withElement(at: index) { classify(&$0) } }
            })
        }
        return batch.with(ClassifiedSet(contacts: contacts, classifications: classifications,
                                        duplicates: batch.payload.duplicates, icpName: config.icps.map(\.name).joined(separator: ", ")))
    }

    /// One worker's classifier, with evaluators of its own. It reads the contact in place (`inout`, see
    /// `SharedBuffer.withElement`) and never changes it.
    static func classifier(config: WinnowConfig, schema: FieldSchema, paths: [String]) -> (inout Contact) -> Classification {
        let evaluators = config.icps.map { CriterionEvaluator(icp: $0, schema: schema, paths: paths) }
        let email = schema.index(of: .email), domain = schema.index(of: .domain), company = schema.index(of: .company)
        return { contact in
            var best = evaluators[0].classify(contact)
            for evaluator in evaluators.dropFirst() {
                let candidate = evaluator.classify(contact)
                if (candidate.segment, candidate.fitScore) > (best.segment, best.fitScore) { best = candidate }
            }
            best.suppressedBy = config.suppress.suppression(email: contact[email], domain: contact[domain], company: contact[company])
            return best
        }
    }
}
