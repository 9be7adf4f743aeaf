import ArgumentParser
import Winnow

struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Place every contact on the ladder: name, suspect or prospect (stage 4).",
        discussion: """
        Reads WORK/dedupe, writes WORK/classify. Rerun it with another --config to try another ICP.

        Example:
          winnow classify --config SampleData/icp.yaml --work work
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
            let pipeline = Pipeline(config: try config.load(), work: directory, logger: logger, jobs: jobs.count)
            _ = try pipeline.classify(try directory.loadContacts(stage: DedupeStage.name))
        }
    }
}
