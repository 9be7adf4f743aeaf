import ArgumentParser
import Winnow

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Publish the segment files, duplicates, rejections and summary (stage 5).",
        discussion: """
        Reads WORK/classify and replaces OUT atomically.

        Example:
          winnow export --config SampleData/icp.yaml --work work --out out
        """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var work: WorkOptions
    @Option(name: .long, help: ArgumentHelp("Output folder, replaced atomically.", valueName: "dir"))
    var out: String
    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.makeLogger()
        try perform { try RunGuard.run(output: out) {
            let directory = WorkDirectory(path: work.work)
            let pipeline = Pipeline(config: try config.load(), work: directory, logger: logger)
            let summary = try pipeline.export(try directory.loadClassified(stage: ClassifyStage.name), to: out)
            printSummary(summary, output: out, quiet: logging.quiet)
        } }
    }
}
