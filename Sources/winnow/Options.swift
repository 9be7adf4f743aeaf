import ArgumentParser
import Foundation
import Logging
import Winnow
import WinnowCSV

struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ICP config (YAML).", valueName: "file"))
    var config: String

    func load() throws -> WinnowConfig { try ConfigLoader.load(path: config) }
}

struct InputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A purchased list (CSV). Repeat for several files.", valueName: "file"))
    var purchased: [String] = []

    @Option(name: .long, help: ArgumentHelp("A form export (CSV); only these can make leads. Repeat for several.", valueName: "file"))
    var form: [String] = []

    @Option(name: .long, help: ArgumentHelp("Read every input in this encoding instead of detecting it: utf-8, utf-16le, utf-16be, windows-1252, iso-8859-1.", valueName: "name"))
    var encoding: String?

    @Option(name: .long, help: ArgumentHelp("Read every input with this delimiter instead of sniffing it: comma, semicolon, tab, pipe.", valueName: "name"))
    var delimiter: String?

    func validate() throws {
        try ReadingOptions.validate(encoding: encoding, delimiter: delimiter)
    }

    /// Commands without an inbox need at least one file named.
    func requireSome() throws {
        if purchased.isEmpty && form.isEmpty {
            throw ValidationError("Name at least one input with --purchased FILE or --form FILE.")
        }
    }

    /// Reading settings for every input; a matching `sources:` entry in the config overrides them.
    var defaults: SourceSettings {
        SourceSettings(match: "*", encoding: encoding, delimiter: delimiter.flatMap(SourceSettings.delimiter(named:)))
    }

    /// Purchased lists first, then forms, each in the order given: the order decides which record survives.
    var specs: [InputSpec] {
        purchased.map { InputSpec(path: $0, kind: .purchased) } + form.map { InputSpec(path: $0, kind: .form) }
    }
}

struct StateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The state file (SQLite) that remembers imported files, contacts and their ids between runs (default: winnow-state.sqlite beside the output folder).", valueName: "file"))
    var state: String?

    func path(forOutput output: String) -> String { state ?? Pipeline.defaultStatePath(forOutput: output) }
}

struct WorkOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder holding each stage's artifacts.", valueName: "dir"))
    var work: String
}

struct JobsOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Worker threads for ingest (a large file read in parts), normalize, classify and export, plus phone helper processes (default: the machine's cores).", valueName: "n"))
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
    }

    var count: Int { jobs ?? Parallel.defaultJobs }

    /// With more than one job, libphonenumber also runs in helper processes (this binary's `phone-worker`).
    var phoneWorkers: PhoneWorkers? {
        guard count > 1 else { return nil }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        guard FileManager.default.isExecutableFile(atPath: executable) else { return nil }
        return PhoneWorkers(executable: executable, processes: count - 1)
    }
}

enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct LoggingOptions: ParsableArguments {
    @Flag(name: .long, help: "Only print warnings and errors on stderr.")
    var quiet = false

    @Option(name: .long, help: "Log lines on stderr as text or as one JSON object per line (for log collectors).")
    var logFormat: LogFormat = .text

    func makeLogger() -> Logger {
        let level: Logger.Level = quiet ? .warning : .info
        let format = logFormat
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                return JSONLogHandler(logLevel: level, label: label)
            }
        }
        return Logger(label: "winnow")
    }
}

/// Runs a command body, turning Winnow's errors into a message on stderr and the documented exit code.
func perform(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        FileHandle.standardError.write(Data("winnow: error: \(error)\n".utf8))
        throw ExitCode(ExitStatus.of(error).rawValue)
    }
}

func printSummary(_ summary: RunSummary, output: String, quiet: Bool) {
    print(summary.text)
    print("  outputs in \(output)/")
    let moveUp = summary.moveUpText
    if !quiet && !moveUp.isEmpty {
        FileHandle.standardError.write(Data("What would move the list up:\n\(moveUp)\n".utf8))
    }
}

enum ReadingOptions {
    static func validate(encoding: String?, delimiter: String?) throws {
        if let encoding, CSVTextEncoding(name: encoding) == nil {
            throw ValidationError("Unknown encoding '\(encoding)'; use utf-8, utf-16le, utf-16be, windows-1252 or iso-8859-1.")
        }
        if let delimiter, SourceSettings.delimiter(named: delimiter) == nil {
            throw ValidationError("Unknown delimiter '\(delimiter)'; use comma, semicolon, tab or pipe.")
        }
    }
}
