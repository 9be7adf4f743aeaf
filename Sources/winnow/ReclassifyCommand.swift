import ArgumentParser
import Winnow

struct ReclassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclassify",
        abstract: "Re-segment every known contact under another ICP, without importing anything.",
        discussion: """
        Takes the contacts as the last committed run resolved them (ids, merged records, values) and
        publishes them segmented under the given config into --out. With --re-resolve, every stored
        record is normalized and resolved again under the given config first (the state's ids kept).
        The state is not changed.

        Example:
          winnow reclassify --config SampleData/icp-multi.yaml --state winnow-state.sqlite --out out-multi
          winnow diff out/snapshot out-multi
        """
    )

    @OptionGroup var config: ConfigOptions
    @Option(name: .long, help: ArgumentHelp("Output folder, replaced atomically.", valueName: "dir"))
    var out: String
    @OptionGroup var state: StateOptions
    @Flag(name: .long, help: "Normalize and resolve every stored record again under this config (needed when its columns:, normalize: or dedupe: differ from the nightly config's) instead of taking the contacts as the last run resolved them.")
    var reResolve = false
    @OptionGroup var jobs: JobsOptions
    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.makeLogger()
        let statePath = state.path(forOutput: out)
        // The state lock too: a nightly run committing meanwhile would change the records under our feet.
        try perform { try RunGuard.run(output: out, state: statePath) {
            var pipeline = Pipeline(config: try config.load(), work: nil, logger: logger, jobs: jobs.count)
            pipeline.phoneWorkers = jobs.phoneWorkers
            let store = try SQLiteStateStore(path: statePath)
            let summary = try pipeline.reclassify(store: store, outputPath: out, reResolve: reResolve)
            printSummary(summary, output: out, quiet: logging.quiet)
        } }
    }
}
