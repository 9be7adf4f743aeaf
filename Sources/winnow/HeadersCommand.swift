import ArgumentParser
import Winnow
import WinnowCSV

struct HeadersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "headers",
        abstract: "Show how Winnow reads files: encoding, delimiter, header row and each column's field.",
        discussion: """
        Reads only the start of each file. Check a new vendor's file before a run; with --config, the
        config's `columns:` and `sources:` and its ICP fields apply, as in a run.

        Examples:
          winnow headers SampleData/purchased-eu-vendor.csv SampleData/form-newsletter.csv
          winnow headers --config SampleData/icp.yaml --encoding windows-1252 lists/vendor-b.csv
        """
    )

    @Option(name: .long, help: ArgumentHelp("A config whose columns:, sources: and ICP fields apply.", valueName: "file"))
    var config: String?
    @Option(name: .long, help: ArgumentHelp("Force an encoding: utf-8, utf-16le, utf-16be, windows-1252, iso-8859-1.", valueName: "name"))
    var encoding: String?
    @Option(name: .long, help: ArgumentHelp("Force a delimiter: comma, semicolon, tab, pipe.", valueName: "name"))
    var delimiter: String?
    @Argument(help: ArgumentHelp("The CSV files to inspect.", valueName: "file"))
    var files: [String]

    func validate() throws {
        try ReadingOptions.validate(encoding: encoding, delimiter: delimiter)
    }

    func run() throws {
        try perform {
            let loaded = try config.map { try ConfigLoader.load(path: $0) }
                ?? WinnowConfig(icp: ICP(name: "none", suspect: [], prospect: []))
            let stage = IngestStage(config: loaded, defaults: SourceSettings(
                match: "*", encoding: encoding, delimiter: delimiter.flatMap(SourceSettings.delimiter(named:))))
            for (position, file) in files.enumerated() {
                if position > 0 { print("") }
                let (options, settings) = stage.readOptions(for: file)
                let reader = try CSVReader(path: file, options: options)
                var schema = loaded.schema
                let header = settings.headerless
                    ? reader.header.indices.map { $0 < settings.columns.count ? settings.columns[$0] : reader.header[$0] }
                    : reader.header
                let mapping = HeaderMapping(header: header, overrides: loaded.columns, schema: &schema)
                print(file)
                print("  encoding   \(reader.encoding.rawValue)\(reader.hadBOM ? " (with BOM)" : "")")
                print("  delimiter  \(reader.dialect.delimiterName)")
                if settings.headerless {
                    print("  header     none (columns named by the config's sources: entry \"\(settings.match)\")")
                } else {
                    print("  header     line \(reader.headerLine)")
                }
                for line in reader.preambleLines { print("  skipped    \(line)") }
                let width = header.map(\.count).max() ?? 0
                for (column, name) in header.enumerated() {
                    let target = mapping.targets[column]
                    let field = target < schema.mappedCount ? schema.names[target] : "extra"
                    print("  \(String(column + 1).padding(toLength: 3, withPad: " ", startingAt: 0)) \(name.padding(toLength: width, withPad: " ", startingAt: 0))  -> \(field)")
                }
            }
        }
    }
}
