import ArgumentParser
import Foundation
import Winnow

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show why one contact is where it is: its source records, merges, fields and every verdict.",
        discussion: """
        Looks the contact up by email, winnow_id or FILE:ROW, in the work folder's dedupe output (--work) or by
        reading the inputs afresh, and classifies it under the config given, so a changed ICP can be tried out.

        Examples:
          winnow explain --config SampleData/icp.yaml --work work \\
              anna.schmidt@acme-maschinenbau.de
          winnow explain --config SampleData/icp.yaml \\
              --purchased SampleData/purchased-eu-vendor.csv \\
              SampleData/purchased-eu-vendor.csv:40
        """
    )

    @OptionGroup var config: ConfigOptions
    @Option(name: .long, help: ArgumentHelp("Read contacts from this work folder's dedupe stage.", valueName: "dir"))
    var work: String?
    @Option(name: .long, help: ArgumentHelp("A purchased list to read when no --work is given.", valueName: "file"))
    var purchased: [String] = []
    @Option(name: .long, help: ArgumentHelp("A form export to read when no --work is given.", valueName: "file"))
    var form: [String] = []
    @Argument(help: ArgumentHelp("Email, winnow_id or FILE:ROW of the contact.", valueName: "contact"))
    var key: String
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if work == nil && purchased.isEmpty && form.isEmpty {
            throw ValidationError("Give --work DIR, or the inputs with --purchased FILE / --form FILE.")
        }
    }

    func run() throws {
        var logging = self.logging
        logging.quiet = true
        let logger = logging.makeLogger()
        try perform {
            let loaded = try config.load()
            let batch: Batch<ContactSet>
            if let work {
                batch = try WorkDirectory(path: work).loadContacts(stage: DedupeStage.name)
            } else {
                let pipeline = Pipeline(config: loaded, work: nil, logger: logger)
                let inputs = purchased.map { InputSpec(path: $0, kind: .purchased) } + form.map { InputSpec(path: $0, kind: .form) }
                batch = try pipeline.dedupe(pipeline.normalize(pipeline.ingest(inputs)))
            }
            let paths = batch.inputs.map(\.path)
            let found = Explanation.find(key, in: batch.payload, schema: batch.schema, paths: paths)
            guard !found.isEmpty else {
                throw WinnowError.usage("no contact matches `\(key)` (give an email, a winnow_id or FILE:ROW as in the outputs' sources)")
            }
            for (position, index) in found.enumerated() {
                if position > 0 { print("") }
                print(Explanation.render(batch.payload.contacts[index], in: batch.payload, schema: batch.schema, paths: paths, config: loaded))
            }
        }
    }
}
