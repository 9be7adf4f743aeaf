import ArgumentParser
import Winnow

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs a state file remembers: number, times, status, exit code and counts.",
        discussion: """
        Committed runs have a number; `winnow diff --state FILE A B` compares two of them.

        Example:
          winnow runs --state winnow-state.sqlite
        """
    )

    @Option(name: .long, help: ArgumentHelp("The state file.", valueName: "file"))
    var state: String

    func run() throws {
        try perform {
            let store = try SQLiteStateStore(path: state)
            print("run\tstarted\tended\tstatus\texit\tcounts")
            for run in try store.runs() {
                print([run.number.map(String.init) ?? "-", run.startedAt, run.endedAt ?? "-", run.status,
                       run.exitCode.map(String.init) ?? "-", run.counts].joined(separator: "\t"))
            }
        }
    }
}
