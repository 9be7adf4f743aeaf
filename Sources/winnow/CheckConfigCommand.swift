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
            print("\(file): ok")
            for icp in config.icps {
                print("  ICP \(icp.name): \(icp.suspect.count) suspect and \(icp.prospect.count) prospect criteria, currency \(icp.currency)")
            }
            for list in config.suppress {
                print("  suppress \(list.label): \(list.emails.count) emails, \(list.domains.count) domains, \(list.companies.count) companies")
            }
        }
    }
}
