import ArgumentParser
import Winnow

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read the input CSV files and map their headers (stage 1).",
        discussion: """
        Writes WORK/ingest/records.csv (fields as given, then source_file, source_row) and rejected.csv.

        Example:
          winnow ingest --config SampleData/icp.yaml --work work \\
              --purchased SampleData/purchased-eu-vendor.csv
        """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var inputs: InputOptions
    @OptionGroup var work: WorkOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var jobs: JobsOptions

    func validate() throws { try inputs.requireSome() }

    func run() throws {
        let logger = logging.makeLogger()
        try perform {
            let pipeline = Pipeline(config: try config.load(), work: WorkDirectory(path: work.work), logger: logger,
                                    inputDefaults: inputs.defaults, jobs: jobs.count)
            _ = try pipeline.ingest(inputs.specs)
        }
    }
}
