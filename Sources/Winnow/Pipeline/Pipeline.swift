import Foundation
import Logging

/// Runs the stages in order. With a work directory, each stage's output is also saved there, so any
/// stage can later be rerun alone from its predecessor's artifact.
public struct Pipeline {
    public let config: WinnowConfig
    public let work: WorkDirectory?
    public let logger: Logger
    /// Reading settings for every input (from `--encoding` / `--delimiter`); `sources:` entries override them.
    public let inputDefaults: SourceSettings
    /// Workers for the stages that run on several cores (ingest, normalize, dedupe, classify, export).
    public let jobs: Int
    /// libphonenumber in helper processes during normalize (see `PhoneWorkers`); nil keeps it in process.
    public var phoneWorkers: PhoneWorkers? = nil
    /// Ingest progress, see `IngestStage.progress`.
    public var progress: (@Sendable (String, Int, Int, Int) -> Void)? = nil

    public init(config: WinnowConfig, work: WorkDirectory?, logger: Logger, inputDefaults: SourceSettings = SourceSettings(match: "*"),
                jobs: Int = Parallel.defaultJobs) {
        self.config = config; self.work = work; self.logger = logger; self.inputDefaults = inputDefaults; self.jobs = jobs
    }

    // MARK: Single stages (`winnow ingest` ... `winnow export`)

    public func ingest(_ inputs: [InputSpec]) throws -> Batch<[SourceRecord]> {
        let batch = try timed(IngestStage(config: config, defaults: inputDefaults, jobs: jobs, progress: progress), inputs)
        try work?.save(batch, stage: IngestStage.name)
        log(IngestStage.name, batch, ["records": batch.payload.count])
        return batch
    }

    public func normalize(_ batch: consuming Batch<[SourceRecord]>) throws -> Batch<[SourceRecord]> {
        let next = try timed(NormalizeStage(config: config, jobs: jobs, phoneWorkers: phoneWorkers), consume batch)
        try work?.save(next, stage: NormalizeStage.name)
        log(NormalizeStage.name, next, ["records": next.payload.count])
        return next
    }

    public func dedupe(_ batch: consuming Batch<[SourceRecord]>) throws -> Batch<ContactSet> {
        let next = try timed(DedupeStage(config: config, jobs: jobs), consume batch)
        try work?.save(next, stage: DedupeStage.name)
        log(DedupeStage.name, next, ["contacts": next.payload.contacts.count, "duplicates": next.payload.duplicates.count])
        return next
    }

    public func classify(_ batch: consuming Batch<ContactSet>) throws -> Batch<ClassifiedSet> {
        let next = try timed(ClassifyStage(config: config, jobs: jobs), consume batch)
        try work?.save(next, stage: ClassifyStage.name)
        // By rank, classifications read in place: a dictionary of segment names per contact (and a copy of each
        // classification) was a tenth of a second of one core at a million contacts.
        var byRank = [Int](repeating: 0, count: Segment.allCases.count)
        next.payload.classifications.withUnsafeBufferPointer { classifications in
            for index in classifications.indices { byRank[classifications[index].segment.rank] += 1 }
        }
        var counts: [String: Int] = [:]
        for segment in Segment.allCases where byRank[segment.rank] > 0 { counts[segment.plural] = byRank[segment.rank] }
        log(ClassifyStage.name, next, counts)
        return next
    }

    public func export(_ batch: consuming Batch<ClassifiedSet>, to outputPath: String) throws -> RunSummary {
        let summary = try ExportStage(outputPath: outputPath, configSHA256: config.sha256, jobs: jobs,
                                      jsonLines: config.export.jsonLines).run(consume batch)
        logger.info("stage done", metadata: ["stage": "\(ExportStage.name)", "out": "\(outputPath)",
                                             "seconds": "\(summary.timings[ExportStage.name] ?? 0)"])
        return summary
    }

    // MARK: The whole run

    /// With `maxRejectRate`, a file whose rejected share exceeds it stops the run before anything is published.
    public func run(_ inputs: [InputSpec], outputPath: String, maxRejectRate: Double? = nil) throws -> RunSummary {
        let normalized = try normalize(ingest(inputs))
        if let maxRejectRate { try Self.checkRejectRate(normalized, limit: maxRejectRate) }
        return try export(classify(dedupe(consume normalized)), to: outputPath)
    }

    static func checkRejectRate<Payload>(_ batch: Batch<Payload>, limit: Double) throws {
        var rejected = [Int](repeating: 0, count: batch.inputs.count)
        for rejection in batch.rejected { rejected[rejection.source.file] += 1 }
        for (index, file) in batch.inputs.enumerated() where file.rowsRead > 0 {
            let rate = Double(rejected[index]) / Double(file.rowsRead)
            if rate > limit {
                throw WinnowError.data(path: file.path, row: nil, message: String(
                    format: "%d of %d records rejected (%.1f%%), above --max-reject-rate %.1f%%; nothing was published",
                    rejected[index], file.rowsRead, rate * 100, limit * 100))
            }
        }
    }

    // MARK: Helpers

    private func timed<Stage: PipelineStage, Payload, Next>(_ stage: Stage, _ input: consuming Stage.Input) throws -> Stage.Output
    where Stage.Input == Batch<Payload>, Stage.Output == Batch<Next> {
        let started = Date()
        var output = try stage.run(consume input)
        output.timings.append(StageTiming(stage: Stage.name, seconds: Date().timeIntervalSince(started)))
        return output
    }

    private func timed(_ stage: IngestStage, _ inputs: [InputSpec]) throws -> Batch<[SourceRecord]> {
        let started = Date()
        var output = try stage.run(inputs)
        output.timings.append(StageTiming(stage: IngestStage.name, seconds: Date().timeIntervalSince(started)))
        return output
    }

    private func log<Payload>(_ stage: String, _ batch: Batch<Payload>, _ counts: [String: Int]) {
        var metadata: Logger.Metadata = ["stage": "\(stage)", "rejected": "\(batch.rejected.count)"]
        for (key, value) in counts { metadata[key] = "\(value)" }
        if let seconds = batch.timings.last?.seconds { metadata["seconds"] = "\(String(format: "%.3f", seconds))" }
        logger.info("stage done", metadata: metadata)
    }
}
