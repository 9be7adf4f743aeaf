import ArgumentParser
import Winnow

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two output folders: contacts that moved between segments, and the criteria that moved them.",
        discussion: """
        Contacts are matched by winnow_id. Use it after rerunning with another ICP or on newer lists.

        Example:
          winnow run --config SampleData/icp.yaml --out out-a --purchased SampleData/purchased-eu-vendor.csv
          winnow run --config SampleData/icp-multi.yaml --out out-b --purchased SampleData/purchased-eu-vendor.csv
          winnow diff out-a out-b
        """
    )

    @Argument(help: ArgumentHelp("The earlier output folder.", valueName: "before"))
    var before: String
    @Argument(help: ArgumentHelp("The later output folder.", valueName: "after"))
    var after: String

    func run() throws {
        try perform {
            let diff = OutputDiff(before: try OutputDiff.load(before), after: try OutputDiff.load(after))
            print(diff.text)
        }
    }
}
