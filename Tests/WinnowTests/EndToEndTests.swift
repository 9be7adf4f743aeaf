import Foundation
import Testing
import WinnowCSV

/// Runs the real `winnow` binary on SampleData, as a user would.
@Suite(.serialized) struct EndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let purchased = ["SampleData/purchased-eu-vendor.csv", "SampleData/purchased-us-list.csv"]
    static let forms = ["SampleData/form-newsletter.csv", "SampleData/form-tradeshow.csv"]
    static let config = "SampleData/icp.yaml"
    static let outputFiles = ["names.csv", "suspects.csv", "prospects.csv", "names.jsonl", "suspects.jsonl",
                              "prospects.jsonl", "leads.csv", "leads.jsonl", "suppressed.csv", "suppressed.jsonl",
                              "accounts.csv", "accounts.jsonl", "duplicates.csv", "rejected.csv"]

    static var binary: URL {
        let besideTests = Bundle.main.bundleURL.appendingPathComponent("winnow")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("winnow")
    }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    @discardableResult
    static func winnow(_ arguments: [String], in directory: URL = root, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A list big enough that a run is still going 1.5 s after it starts.
    static func bigList() -> String {
        var text = "email,company,industry,employees,revenue\n"
        for i in 0..<150_000 { text += "p\(i)@c\(i % 997).example,Company \(i % 997) GmbH,Manufacturing,\(i % 900),\(i * 100)\n" }
        return text
    }

    /// Starts the binary, sends SIGTERM after 1.5 s and returns its exit status.
    static func terminatedMidRun(_ arguments: [String], in directory: URL = root) throws -> Int32 {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static var inputFlags: [String] {
        purchased.flatMap { ["--purchased", $0] } + forms.flatMap { ["--form", $0] }
    }

    static func runSample(out: URL, extra: [String] = []) throws -> Result {
        try winnow(["run", "--config", config, "--out", out.path, "--quiet"] + inputFlags + extra)
    }

    static func rows(_ url: URL) throws -> [[String]] {
        let reader = try CSVReader(path: url.path, dialect: .comma)
        var rows = [reader.header]
        try reader.forEachRecord { rows.append($0.strings) }
        return rows
    }

    // MARK: Tests

    @Test func sampleRunAccountsForEveryRecordExactlyOnce() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let result = try Self.runSample(out: out)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("prospects"))

        var seen: [String: Int] = [:]
        for segment in ["names", "suspects", "prospects", "suppressed"] {
            let table = try Self.rows(out.appendingPathComponent("\(segment).csv"))
            let sources = try #require(table[0].firstIndex(of: "sources"))
            for row in table.dropFirst() {
                for source in row[sources].split(separator: "|") { seen[String(source), default: 0] += 1 }
            }
        }
        for row in try Self.rows(out.appendingPathComponent("rejected.csv")).dropFirst() {
            seen["\(row[0]):\(row[1])", default: 0] += 1
        }
        #expect(seen.values.allSatisfy { $0 == 1 }, "records counted twice: \(seen.filter { $0.value > 1 }.keys.sorted())")

        // Every data record of every input, counted independently of Winnow (see SampleData/README.md).
        for (file, count) in SampleTruth.dataRecords {
            let rows = Set((1...count).map { "\(file):\($0)" })
            let found = Set(seen.keys.filter { $0.hasPrefix(file + ":") })
            #expect(found == rows, "\(file): missing \(rows.subtracting(found).sorted()), unexpected \(found.subtracting(rows).sorted())")
        }

        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let rowsRead = summary["rows_read"] as! Int
        #expect(rowsRead == SampleTruth.dataRecords.map(\.1).reduce(0, +))
        #expect(rowsRead == (summary["rejected"] as! Int) + (summary["contacts"] as! Int) + (summary["duplicates"] as! Int))
        #expect(summary["rejected"] as? Int == SampleTruth.rejected)
        #expect(summary["duplicates"] as? Int == SampleTruth.duplicates)
        #expect(summary["leads"] as? Int == SampleTruth.leads)
        #expect(summary["names"] as? Int == SampleTruth.segments.names)
        #expect(summary["suspects"] as? Int == SampleTruth.segments.suspects)
        #expect(summary["prospects"] as? Int == SampleTruth.segments.prospects)
        #expect((summary["inputs"] as! [[String: Any]]).count == 4)
        #expect((summary["config_sha256"] as! String).count == 64)
    }

    @Test func sampleOutputsMatchTheGoldenFiles() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        #expect(try Self.runSample(out: out).status == 0)
        let golden = Self.root.appendingPathComponent("Tests/WinnowTests/Golden/sample")
        if ProcessInfo.processInfo.environment["WINNOW_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.removeItem(at: golden)
            try FileManager.default.createDirectory(at: golden, withIntermediateDirectories: true)
            for name in Self.outputFiles {
                try FileManager.default.copyItem(at: out.appendingPathComponent(name), to: golden.appendingPathComponent(name))
            }
        }
        for name in Self.outputFiles {
            let actual = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            let expected = try String(contentsOf: golden.appendingPathComponent(name), encoding: .utf8)
            #expect(actual == expected, "\(name) differs from Golden/sample/\(name); rerun with WINNOW_UPDATE_GOLDEN=1 if intended")
        }
    }

    @Test func exportWithoutJSONLinesWritesTheSameCSVFilesAndNoJSONLines() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("csv-only.yaml")
        let sample = try String(contentsOf: Self.root.appendingPathComponent(Self.config), encoding: .utf8)
        try (sample + "\nexport:\n  jsonl: false\n").write(to: config, atomically: true, encoding: .utf8)
        let both = dir.appendingPathComponent("both"), csvOnly = dir.appendingPathComponent("csv-only")
        #expect(try Self.runSample(out: both).status == 0)
        let result = try Self.winnow(["run", "--config", config.path, "--out", csvOnly.path, "--quiet"] + Self.inputFlags)
        #expect(result.status == 0, "\(result.stderr)")
        for name in Self.outputFiles {
            let path = csvOnly.appendingPathComponent(name).path
            if name.hasSuffix(".jsonl") {
                #expect(!FileManager.default.fileExists(atPath: path), "\(name) written with export.jsonl: false")
            } else {
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(contentsOf: both.appendingPathComponent(name)), "\(name)")
            }
        }
        // The summaries differ only in the config's hash and the timings.
        let summaries = try [both, csvOnly].map { folder -> NSDictionary in
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json")))
            let summary = NSMutableDictionary(dictionary: object as! [String: Any])
            summary.removeObjects(forKeys: ["config_sha256", "timings"])
            return summary
        }
        #expect(summaries[0].count > 10)
        #expect(summaries[0] == summaries[1])
    }

    @Test func stageByStageGivesTheSameOutputsAsRunAndRunIsDeterministic() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let work = dir.appendingPathComponent("work").path
        let config = ["--config", Self.config, "--work", work, "--quiet"]
        #expect(try Self.winnow(["ingest"] + config + Self.inputFlags).status == 0)
        for stage in ["normalize", "dedupe", "classify"] {
            let result = try Self.winnow([stage] + config)
            #expect(result.status == 0, "\(stage): \(result.stderr)")
        }
        let staged = dir.appendingPathComponent("staged")
        #expect(try Self.winnow(["export"] + config + ["--out", staged.path]).status == 0)
        let once = dir.appendingPathComponent("once"), twice = dir.appendingPathComponent("twice")
        #expect(try Self.runSample(out: once).status == 0)
        #expect(try Self.runSample(out: twice, extra: ["--work", dir.appendingPathComponent("work2").path]).status == 0)
        for name in Self.outputFiles {
            let reference = try Data(contentsOf: once.appendingPathComponent(name))
            #expect(try Data(contentsOf: staged.appendingPathComponent(name)) == reference, "stage by stage: \(name)")
            #expect(try Data(contentsOf: twice.appendingPathComponent(name)) == reference, "second run: \(name)")
        }
        for stage in ["ingest", "normalize", "dedupe", "classify"] {
            #expect(FileManager.default.fileExists(atPath: "\(work)/\(stage)/batch.json"))
        }
    }

    @Test func errorsExitWithTheDocumentedCodesAndLeaveOutputsAlone() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        #expect(try Self.runSample(out: out).status == 0)
        let before = try Data(contentsOf: out.appendingPathComponent("names.csv"))

        let missing = try Self.winnow(["run", "--config", Self.config, "--out", out.path, "--purchased", "SampleData/nope.csv"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("SampleData/nope.csv"))
        #expect(try Data(contentsOf: out.appendingPathComponent("names.csv")) == before)

        let badConfig = dir.appendingPathComponent("bad.yaml")
        try "icp:\n  suspect:\n    - {field: revenue, mni: 5}\n".write(to: badConfig, atomically: true, encoding: .utf8)
        let configError = try Self.winnow(["run", "--config", badConfig.path, "--out", out.path, "--purchased", Self.purchased[0]])
        #expect(configError.status == 64)
        #expect(configError.stderr.contains("bad.yaml:3:"))
        #expect(configError.stderr.contains("unknown key `mni`"))

        #expect(try Self.winnow(["run", "--config", Self.config, "--out", out.path]).status == 64)
        #expect(try Self.winnow(["run", "--config", "SampleData/missing.yaml", "--out", out.path, "--purchased", Self.purchased[0]]).status == 66)
        #expect(try Self.winnow(["run", "--config", Self.config, "--out", out.path, "--purchased", Self.purchased[0], "--purchased", Self.purchased[0]]).status == 64)
        #expect(try Self.winnow(["normalize", "--config", Self.config, "--work", dir.appendingPathComponent("empty").path]).status == 66)

        let empty = dir.appendingPathComponent("empty.csv")
        try Data().write(to: empty)
        let noHeader = try Self.winnow(["run", "--config", Self.config, "--out", out.path, "--purchased", empty.path])
        #expect(noHeader.status == 65)
        #expect(noHeader.stderr.contains(empty.path))
        #expect(try Data(contentsOf: out.appendingPathComponent("names.csv")) == before)
        // The run lock (.out.lock) stays; staging (.out.tmp-PID) and swapped-out (.out.old-PID) folders must not.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") || $0.contains(".old-") }
        #expect(leftovers.isEmpty, "staging folders left behind: \(leftovers)")
    }

    @Test func checkConfigAcceptsTheSampleAndHelpHasExamples() throws {
        let check = try Self.winnow(["check-config", Self.config])
        #expect(check.status == 0)
        let help = try Self.winnow(["run", "--help"])
        #expect(help.stdout.contains("winnow run --config SampleData/icp.yaml"))
    }
}
