import ArgumentParser
import Winnow

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two output folders or two runs: contacts that moved between segments, and the criteria that moved them.",
        discussion: """
        Contacts are matched by winnow_id. Use it after rerunning with another ICP or on newer lists.

        Example:
          winnow run --config SampleData/icp.yaml --out out-a --purchased SampleData/purchased-eu-vendor.csv
          winnow run --config SampleData/icp-multi.yaml --out out-b --purchased SampleData/purchased-eu-vendor.csv
          winnow diff out-a out-b
          winnow diff --state winnow-state.sqlite 3 4      # runs 3 and 4 (see `winnow runs`)
        """
    )

    @Argument(help: ArgumentHelp("The earlier output folder, or run number with --state.", valueName: "before"))
    var before: String
    @Argument(help: ArgumentHelp("The later output folder, or run number with --state.", valueName: "after"))
    var after: String
    @Option(name: .long, help: ArgumentHelp("Compare committed runs of this state file instead of folders.", valueName: "file"))
    var state: String?

    func validate() throws {
        if state != nil && (Int(before) == nil || Int(after) == nil) {
            throw ValidationError("With --state, give two run numbers (see `winnow runs --state FILE`).")
        }
    }

    func run() throws {
        try perform {
            let diff: OutputDiff
            if let state, let first = Int(before), let second = Int(after) {
                let store = try SQLiteStateStore(path: state)
                let last = try store.lastRunNumber()
                for number in [first, second] where number < 1 || number > last {
                    throw WinnowError.usage("\(state) has no committed run \(number) (runs 1 to \(last))")
                }
                diff = OutputDiff(before: try store.segments(asOfRun: first), after: try store.segments(asOfRun: second))
            } else {
                diff = OutputDiff(before: try OutputDiff.load(before), after: try OutputDiff.load(after))
            }
            print(diff.text)
        }
    }
}
