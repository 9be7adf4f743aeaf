import ArgumentParser

@main
struct WinnowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winnow",
        abstract: "Turn purchased contact lists and form exports into segmented, deduplicated target lists.",
        discussion: """
        Stages run in this order, each alone (with --work) or all at once (run):
          ingest -> normalize -> dedupe -> classify -> export

        Examples:
          winnow run --config SampleData/icp.yaml --out out \\
              --purchased SampleData/purchased-eu-vendor.csv \\
              --form SampleData/form-newsletter.csv
          winnow headers SampleData/purchased-us-list.csv
          winnow explain --config SampleData/icp.yaml --work work \\
              anna.schmidt@acme-maschinenbau.de

        Exit codes: 0 success, 64 usage or config error, 65 data error,
        66 input missing or unreadable, 74 state file unusable (not Winnow's, damaged),
        75 another run holds the lock,
        130/143 stopped by SIGINT/SIGTERM, 1 other.
        """,
        subcommands: [RunCommand.self, IngestCommand.self, NormalizeCommand.self, DedupeCommand.self,
                      ClassifyCommand.self, ExportCommand.self, ExplainCommand.self, HeadersCommand.self, DiffCommand.self, CheckConfigCommand.self,
                      ReclassifyCommand.self, RunsCommand.self, PhoneWorkerCommand.self]
    )

    static func main() {
        MemorySetup.restartWithHugePagesIfUseful()
        MemorySetup.prefaultHeap()
        main(nil)
    }
}
