/// One step of the pipeline with declared input and output types; the `Pipeline` owns their order.
public protocol PipelineStage {
    associatedtype Input
    associatedtype Output
    /// The stage's name: its CLI subcommand, its make target and its folder in the work directory.
    static var name: String { get }
    /// The input is handed over, so a stage may reuse its storage instead of holding input and output at once.
    func run(_ input: consuming Input) throws -> Output
}

/// What flows between stages: the run's inputs and schema, the records rejected so far, and a payload.
public struct Batch<Payload> {
    public var inputs: [InputFile]
    public var schema: FieldSchema
    /// Every record rejected by this stage or an earlier one, in the order rejected.
    public var rejected: [Rejection]
    /// Seconds spent per stage so far, in stage order.
    public var timings: [StageTiming]
    /// Per canonical field: values normalized, flagged invalid, missing (set by normalize).
    public var fieldStatistics: [String: FieldCounts] = [:]
    /// Stage counters for the summary, e.g. dedupe's `candidate_pairs`.
    public var counters: [String: Int] = [:]
    public var payload: Payload

    public init(inputs: [InputFile], schema: FieldSchema, rejected: [Rejection],
                timings: [StageTiming] = [], payload: Payload) {
        self.inputs = inputs; self.schema = schema; self.rejected = rejected
        self.timings = timings; self.payload = payload
    }

    /// The same batch carrying another payload.
    public func with<Other>(_ payload: Other, rejected: [Rejection]? = nil) -> Batch<Other> {
        var next = Batch<Other>(inputs: inputs, schema: schema, rejected: rejected ?? self.rejected,
                                timings: timings, payload: payload)
        next.fieldStatistics = fieldStatistics
        next.counters = counters
        return next
    }
}

extension Batch: Sendable where Payload: Sendable {}

public struct StageTiming: Sendable, Codable, Equatable {
    public var stage: String
    public var seconds: Double
    public init(stage: String, seconds: Double) { self.stage = stage; self.seconds = seconds }
}

/// The deduplicated contacts and the records merged away.
public struct ContactSet: Sendable {
    public var contacts: [Contact]
    public var duplicates: [DuplicateEntry]
    public init(contacts: [Contact], duplicates: [DuplicateEntry]) {
        self.contacts = contacts; self.duplicates = duplicates
    }
}

/// The contacts with their segment and per-criterion verdicts.
public struct ClassifiedSet: Sendable {
    public var contacts: [Contact]
    public var classifications: [Classification]
    public var duplicates: [DuplicateEntry]
    public var icpName: String
    public init(contacts: [Contact], classifications: [Classification], duplicates: [DuplicateEntry], icpName: String) {
        self.contacts = contacts; self.classifications = classifications
        self.duplicates = duplicates; self.icpName = icpName
    }
}
