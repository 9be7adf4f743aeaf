import ArgumentParser
import Winnow

struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Clean every field and reject records with no identity (stage 2).",
        discussion: """
        Reads WORK/ingest, writes WORK/normalize.

        Example:
          winnow normalize --config SampleData/icp.yaml --work work
        """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var work: WorkOptions
    @OptionGroup var jobs: JobsOptions
    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.makeLogger()
        try perform {
            let directory = WorkDirectory(path: work.work)
            var pipeline = Pipeline(config: try config.load(), work: directory, logger: logger, jobs: jobs.count)
            pipeline.phoneWorkers = jobs.phoneWorkers
            _ = try pipeline.normalize(try directory.loadRecords(stage: IngestStage.name))
        }
    }
}
