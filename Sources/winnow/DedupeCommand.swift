import ArgumentParser
import Winnow

struct DedupeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedupe",
        abstract: "Merge records of the same contact, within and across files (stage 3).",
        discussion: """
        Reads WORK/normalize, writes WORK/dedupe (contacts.csv, duplicates.csv).

        Example:
          winnow dedupe --config SampleData/icp.yaml --work work
        """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var work: WorkOptions
    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.makeLogger()
        try perform {
            let directory = WorkDirectory(path: work.work)
            let pipeline = Pipeline(config: try config.load(), work: directory, logger: logger)
            _ = try pipeline.dedupe(try directory.loadRecords(stage: NormalizeStage.name))
        }
    }
}
