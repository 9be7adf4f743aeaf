import ArgumentParser
import Foundation
import Winnow

extension Emit: ExpressibleByArgument {}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run all five stages in one process and publish the outputs.",
        discussion: """
        Without --inbox or --state, a one-off run over the files named: OUT holds its outputs.

        With --inbox DIR (or --state FILE) the run is incremental: it imports only files whose content
        it has not imported before (DIR/purchased/* as purchased lists, DIR/forms/* as form exports,
        plus any --purchased/--form), resolves their records together with every known contact, keeps
        each contact's winnow_id from run to run, and publishes OUT/snapshot (every known contact) and
        OUT/delta (contacts new or changed in this run) while committing the state, in one step.
        The state defaults to winnow-state.sqlite beside OUT.

        Keeps the stages' intermediate artifacts only when --work is given.

        Examples:
          winnow run --config SampleData/icp.yaml --out out \\
              --purchased SampleData/purchased-eu-vendor.csv \\
              --purchased SampleData/purchased-us-list.csv \\
              --form SampleData/form-newsletter.csv
          winnow run --config SampleData/icp.yaml --inbox /srv/winnow/inbox --out /srv/winnow/out \\
              --quiet --log-format json --max-reject-rate 0.2
        """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var inputs: InputOptions
    @Option(name: .long, help: ArgumentHelp("Output folder, replaced atomically.", valueName: "dir"))
    var out: String
    @Option(name: .long, help: ArgumentHelp("Import new files from DIR/purchased/ and DIR/forms/ (incremental run).", valueName: "dir"))
    var inbox: String?
    @OptionGroup var state: StateOptions
    @Flag(name: .long, help: "Import files again even when their content was imported before (incremental run).")
    var force = false
    @Option(name: .long, help: ArgumentHelp("Which outputs an incremental run publishes: snapshot, delta or both.", valueName: "which"))
    var emit: Emit = .both
    @Option(name: .long, help: ArgumentHelp("Also keep each stage's artifacts here.", valueName: "dir"))
    var work: String?
    @Option(name: .long, help: ArgumentHelp("Fail the run (exit 65, nothing published) when a file's rejected share exceeds this, e.g. 0.05.", valueName: "rate"))
    var maxRejectRate: Double?
    @OptionGroup var jobs: JobsOptions
    @OptionGroup var logging: LoggingOptions

    var incremental: Bool { inbox != nil || state.state != nil }

    func validate() throws {
        if !incremental { try inputs.requireSome() }
        if !incremental && (force || emit != .both) {
            throw ValidationError("--force and --emit apply to incremental runs: add --inbox DIR or --state FILE.")
        }
    }

    func run() throws {
        let logger = logging.makeLogger()
        let statePath = incremental ? state.path(forOutput: out) : nil
        try perform { try RunGuard.run(output: out, state: statePath) {
            var pipeline = Pipeline(config: try config.load(), work: work.map(WorkDirectory.init(path:)), logger: logger,
                                    inputDefaults: inputs.defaults, jobs: jobs.count)
            pipeline.phoneWorkers = jobs.phoneWorkers
            pipeline.progress = ProgressBar.make(quiet: logging.quiet)
            defer { ProgressBar.finish(pipeline.progress) }
            guard let statePath else {
                let summary = try pipeline.run(inputs.specs, outputPath: out, maxRejectRate: maxRejectRate)
                printSummary(summary, output: out, quiet: logging.quiet)
                return
            }
            let store = try SQLiteStateStore(path: statePath)
            let request = IncrementalRequest(inbox: inbox, inputs: inputs.specs, force: force, emit: emit, outputPath: out,
                                             maxRejectRate: maxRejectRate)
            let summary = try pipeline.runIncremental(request, store: store)
            print("run \(summary.run): imported \(summary.imported.count) file(s), skipped \(summary.skipped.count) already imported; "
                  + "\(summary.newContacts) new and \(summary.changedContacts) changed contacts, \(summary.mergedIDs) ids merged into others; "
                  + "\(summary.knownContacts) contacts known")
            for (path, previous) in summary.skipped where !logging.quiet {
                print("  skipped \(path): same content as \(previous.path)" + (previous.run > 0 ? " (run \(previous.run))" : ""))
            }
            if let snapshot = summary.snapshot { printSummary(snapshot, output: out + "/snapshot", quiet: logging.quiet) }
            if summary.delta != nil { print("  delta in \(out)/delta/") }
        } }
    }
}
