import Foundation
import Logging
import Testing
@testable import Winnow

/// Ingest of the files people actually send: per-source settings, headerless files, encodings, positions.
@Suite struct IngestTests {
    static let icp = "icp:\n  suspect: [{field: industry, in: [manufacturing]}]\n"

    static func ingest(_ files: [String: [UInt8]], config yaml: String = icp, defaults: SourceSettings = SourceSettings(match: "*"))
    throws -> Batch<[SourceRecord]> {
        let directory = try EndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var inputs: [InputSpec] = []
        for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let path = directory.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            inputs.append(InputSpec(path: path, kind: .purchased))
        }
        return try IngestStage(config: try ConfigLoader.parse(yaml: yaml), defaults: defaults).run(inputs)
    }

    /// Reading a file in parts on several threads gives the batch one thread gives: same records in the same
    /// order with the same rows, lines, values and rejections.
    @Test func readingInPartsGivesTheSameBatch() throws {
        var text = "email,first_name,company,notes\n"
        for i in 0..<6000 {
            switch i % 97 {
            case 5: text += "broken\"quote\(i)@x.de,A,B,C\n"                     // malformed
            case 9: text += "too,few\n"                                           // wrong width
            case 13: text += ",,,\n"                                              // empty
            case 21: text += "m\(i)@x.de,Multi,\"Line\nCo\",\"a\r\nb\"\r\n"   // quoted line ends
            default: text += "p\(i)@example.com,Name\(i % 50),Company \(i % 40) GmbH,note \(i)\n"
            }
        }
        let directory = try EndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("list.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let config = try ConfigLoader.parse(yaml: Self.icp)
        let inputs = [InputSpec(path: path, kind: .purchased)]
        let one = try IngestStage(config: config, jobs: 1).run(inputs)
        var stage = IngestStage(config: config, jobs: 3)
        stage.minimumPartBytes = 4096
        let parts = try stage.run(inputs)
        #expect(parts.payload.count == one.payload.count && one.payload.count > 5600)
        #expect(parts.payload.map(\.source.row) == one.payload.map(\.source.row))
        #expect(parts.payload.map(\.source.line) == one.payload.map(\.source.line))
        #expect(parts.payload.map(\.values) == one.payload.map(\.values))
        #expect(parts.rejected.map(\.source.row) == one.rejected.map(\.source.row))
        #expect(parts.rejected.map(\.reason) == one.rejected.map(\.reason))
        #expect(parts.rejected.count == one.rejected.count && one.rejected.count > 120)
        #expect(parts.inputs.map(\.sha256) == one.inputs.map(\.sha256))
        #expect(parts.inputs.map(\.rowsRead) == one.inputs.map(\.rowsRead))
    }

    @Test func headerlessSourceWithPositionalColumns() throws {
        let yaml = Self.icp + """
        sources:
          - match: "vendor-b*.csv"
            header: none
            columns: [email, first_name, company]
        """
        let batch = try Self.ingest(["vendor-b-2026.csv": Array("a@b.de,Anna,Acme\nc@d.de,Carl,Beta\n".utf8)], config: yaml)
        #expect(batch.payload.count == 2)
        #expect(batch.payload[0][batch.schema.index(of: .email)] == "a@b.de")
        #expect(batch.payload[1][batch.schema.index(of: .company)] == "Beta")
        #expect(batch.payload[0].source.row == 1)
    }

    @Test func headerlessFileWithoutSettingsIsRefusedWithWhatToPass() throws {
        let error = #expect(throws: (any Error).self) {
            try Self.ingest(["list.csv": Array("a@b.de,Anna,Acme\n".utf8)])
        }
        #expect(String(describing: error!).contains("header: none"))
        #expect(ExitStatus.of(error!) == .dataError)
    }

    @Test func forcedEncodingAndDelimiterFromTheCommandLineOrTheConfig() throws {
        // "Müller;Zürich" in Windows-1252.
        let latin: [UInt8] = Array("name;city\n".utf8) + [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72, 0x3B, 0x5A, 0xFC, 0x72, 0x69, 0x63, 0x68, 0x0A]
        let detected = try Self.ingest(["a.csv": latin])
        #expect(detected.inputs[0].encoding == "windows-1252")
        #expect(detected.payload[0][detected.schema.index(of: .city)] == "Zürich")
        let forced = try Self.ingest(["a.csv": latin], defaults: SourceSettings(match: "*", encoding: "iso-8859-1", delimiter: UInt8(ascii: ";")))
        #expect(forced.inputs[0].encoding == "iso-8859-1")
        #expect(forced.payload[0][forced.schema.index(of: .city)] == "Zürich")
        let yaml = Self.icp + "sources:\n  - {match: \"*.csv\", encoding: utf-8}\n"
        let strict = try Self.ingest(["a.csv": latin], config: yaml)
        #expect(strict.payload.isEmpty)
        #expect(strict.rejected.first?.reason.contains("invalid utf-8") == true)
    }

    @Test func raggedRowsRejectedWithPositionOrPadded() throws {
        let text = Array("email,company,city\na@b.de,Acme,Berlin\n\nb@c.de,Beta\nc@d.de,Gamma,Wien,extra\n".utf8)
        let rejecting = try Self.ingest(["a.csv": text])
        #expect(rejecting.rejected.map(\.source.row) == [2, 3])
        #expect(rejecting.rejected.map(\.source.line) == [4, 5])
        #expect(rejecting.rejected[0].reason == "expected 3 fields, found 2")
        let padding = try Self.ingest(["a.csv": text], config: Self.icp + "sources:\n  - {match: \"*\", ragged: pad}\n")
        #expect(padding.payload.count == 2)
        #expect(padding.rejected.map(\.source.row) == [3])
    }

    @Test func unbalancedQuoteCostsOnlyItsRecord() throws {
        let text = Array("email,company\na@b.de,\"Acme\nb@c.de,Beta\nc@d.de,Gamma\n".utf8)
        let batch = try Self.ingest(["a.csv": text])
        #expect(batch.rejected.count == 1)
        #expect(batch.rejected[0].reason.contains("unbalanced quote opened on line 2"))
        #expect(batch.payload.map { $0[batch.schema.index(of: .email)] } == ["b@c.de", "c@d.de"])
        #expect(batch.payload.map(\.source.row) == [2, 3])
    }

    @Test func preambleIsSkippedAndReported() throws {
        let text = Array("Exported on 2026-11-01\n\nemail;company;city\na@b.de;Acme;Berlin\nb@c.de;Beta;Wien\n".utf8)
        let batch = try Self.ingest(["a.csv": text])
        #expect(batch.payload.count == 2)
        #expect(batch.inputs[0].headerLine == 3)
        #expect(batch.inputs[0].delimiter == "semicolon")
    }

    @Test func notTextIsRefusedWithExit66AndNoOutput() throws {
        let directory = try EndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fake = directory.appendingPathComponent("list.csv")
        try Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 64)).write(to: fake)
        let out = directory.appendingPathComponent("out")
        let result = try EndToEndTests.winnow(["run", "--config", EndToEndTests.config, "--out", out.path, "--purchased", fake.path])
        #expect(result.status == 66)
        #expect(result.stderr.contains(".xlsx"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func headersCommandShowsEncodingDelimiterAndMapping() throws {
        let result = try EndToEndTests.winnow(["headers", "--config", EndToEndTests.config, "SampleData/purchased-eu-vendor.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("encoding   utf-8 (with BOM)"))
        #expect(result.stdout.contains("delimiter  semicolon"))
        #expect(result.stdout.contains("E-Mail               -> email"))
        #expect(result.stdout.contains("Vendor Ref           -> extra"))
    }

    /// Every file of the shared corpus imports without a crash, every record accounted for (the corpus is
    /// read when it is there; CI machines without it check the fixtures in CSVReaderTests instead).
    @Test func everyCorpusFileImportsOrIsRefusedClearly() throws {
        let corpus = EndToEndTests.root.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        guard let walker = FileManager.default.enumerator(atPath: corpus.path) else { return }
        let config = try ConfigLoader.parse(yaml: Self.icp)
        let pipeline = Pipeline(config: config, work: nil, logger: Logger(label: "corpus", factory: { _ in SwiftLogNoOpLogHandler() }))
        var imported = 0
        for case let name as String in walker where name.hasSuffix(".csv") || name.hasSuffix(".tsv") {
            let path = corpus.appendingPathComponent(name).path
            do {
                let batch = try pipeline.dedupe(pipeline.normalize(pipeline.ingest([InputSpec(path: path, kind: .form)])))
                let accounted = batch.payload.contacts.reduce(0) { $0 + $1.sources.count } + batch.rejected.count
                #expect(accounted == batch.inputs[0].rowsRead, "\(name)")
                imported += 1
            } catch {
                // Only files that are not CSV text (the UTF-32 cases) or have no usable header may be refused.
                #expect(name.contains("UTF32") || name.contains("empty"), "\(name): \(error)")
            }
        }
        #expect(imported >= 30 || imported == 0)
    }
}

/// Property test: interning never changes a value, whatever the bytes (short, long, repeated, invalid UTF-8),
/// and it switches itself off for a column whose values do not repeat.
@Suite struct ValueInternerTests {
    @Test func internedValuesEqualDirectDecodingForRandomBytes() {
        var generator = SystemRandomNumberGenerator()
        let pool: [[UInt8]] = (0..<300).map { _ in
            (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                // Mostly ASCII letters, sometimes a byte that is not valid UTF-8 on its own.
                Bool.random(using: &generator) || Int.random(in: 0..<20, using: &generator) > 0
                    ? UInt8.random(in: 0x61...0x7A, using: &generator) : UInt8.random(in: 0x80...0xFF, using: &generator)
            }
        }
        var interner = ValueInterner()
        for _ in 0..<20_000 {
            let bytes = pool.randomElement(using: &generator)!
            let value = bytes.withUnsafeBytes { interner.string($0) }
            #expect(value == String(decoding: bytes, as: UTF8.self))
        }
        #expect(interner.enabled)   // 300 distinct values among 20,000: mostly repeats
    }

    @Test func aColumnOfUniqueValuesStopsInterning() {
        var interner = ValueInterner()
        for row in 0..<(ValueInterner.sample + 100) {
            let email = Array("person.\(row)@company-\(row).example".utf8)
            let value = email.withUnsafeBytes { interner.string($0) }
            #expect(value == "person.\(row)@company-\(row).example")
        }
        #expect(!interner.enabled)
    }
}
