import ArgumentParser
import Winnow

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a config file without running.",
        discussion: """
        Example:
          winnow check-config SampleData/icp.yaml
        """
    )

    @Argument(help: ArgumentHelp("The config file to check.", valueName: "file"))
    var file: String

    func run() throws {
        try perform {
            let config = try ConfigLoader.load(path: file)
            print("\(file): ok (ICP \(config.icp.name): \(config.icp.suspect.count) suspect and \(config.icp.prospect.count) prospect criteria)")
        }
    }
}
