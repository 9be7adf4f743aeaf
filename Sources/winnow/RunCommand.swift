import ArgumentParser
import Winnow

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run all five stages in one process and publish the outputs.",
        discussion: """
        Keeps the stages' intermediate artifacts only when --work is given.

        Example:
          winnow run --config SampleData/icp.yaml --out out \\
              --purchased SampleData/purchased-eu-vendor.csv \\
              --purchased SampleData/purchased-us-list.csv \\
              --form SampleData/form-newsletter.csv
        """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var inputs: InputOptions
    @Option(name: .long, help: ArgumentHelp("Output folder, replaced atomically.", valueName: "dir"))
    var out: String
    @Option(name: .long, help: ArgumentHelp("Also keep each stage's artifacts here.", valueName: "dir"))
    var work: String?
    @Option(name: .long, help: ArgumentHelp("Fail the run (exit 65, nothing published) when a file's rejected share exceeds this, e.g. 0.05.", valueName: "rate"))
    var maxRejectRate: Double?
    @OptionGroup var jobs: JobsOptions
    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.makeLogger()
        try perform { try RunGuard.run(output: out) {
            var pipeline = Pipeline(config: try config.load(), work: work.map(WorkDirectory.init(path:)), logger: logger,
                                    inputDefaults: inputs.defaults, jobs: jobs.count)
            pipeline.progress = ProgressBar.make(quiet: logging.quiet)
            defer { ProgressBar.finish(pipeline.progress) }
            let summary = try pipeline.run(inputs.specs, outputPath: out, maxRejectRate: maxRejectRate)
            printSummary(summary, output: out, quiet: logging.quiet)
        } }
    }
}
