import Foundation
import Testing
@testable import WinnowCSV

// MARK: - Shared helpers for the CSV reader and writer tests

/// Deterministic random numbers (SplitMix64), so property and garbage tests are reproducible.
struct CSVTestRNG: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One record as read back, copied out of the callback.
struct CSVReadRow: Equatable, CustomStringConvertible {
    var row: Int
    var problem: CSVRecordProblem?
    var fields: [String]

    var description: String { "#\(row) \(problem.map { "[\($0)] " } ?? "")\(fields)" }
}

enum CSVTestSupport {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let spectrum = fixtures.appendingPathComponent("csv-spectrum")
    static let corpus = URL(fileURLWithPath: "/work/shared/corpus")

    /// Writes `bytes` to a fresh temporary file and returns its path.
    static func temporaryFile(_ bytes: [UInt8], suffix: String = ".csv") throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("winnowcsv-\(UUID().uuidString)\(suffix)")
        try Data(bytes).write(to: url)
        return url.path
    }

    static func temporaryFile(_ text: String) throws -> String {
        try temporaryFile(Array(text.utf8))
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("winnowcsv-\(UUID().uuidString).csv").path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    static func readAll(_ path: String, dialect: CSVDialect? = nil, chunkSize: Int = 1 << 18) throws -> (reader: CSVReader, rows: [CSVReadRow]) {
        let reader = try CSVReader(path: path, dialect: dialect, chunkSize: chunkSize)
        var rows: [CSVReadRow] = []
        try reader.forEachRecord { record in
            rows.append(CSVReadRow(row: record.row, problem: record.problem, fields: record.strings))
        }
        return (reader, rows)
    }

    /// Reads `text` from a temporary file with several chunk sizes and checks they all agree.
    static func read(_ text: String, dialect: CSVDialect? = nil) throws -> (header: [String], dialect: CSVDialect, rows: [CSVReadRow]) {
        try read(bytes: Array(text.utf8), dialect: dialect)
    }

    static func read(bytes: [UInt8], dialect: CSVDialect? = nil) throws -> (header: [String], dialect: CSVDialect, rows: [CSVReadRow]) {
        let path = try temporaryFile(bytes)
        defer { remove(path) }
        let (reader, rows) = try readAll(path, dialect: dialect)
        for chunkSize in [1, 2, 3, 7] {
            let (other, otherRows) = try readAll(path, dialect: dialect, chunkSize: chunkSize)
            #expect(other.header == reader.header, "chunk size \(chunkSize)")
            #expect(otherRows == rows, "chunk size \(chunkSize)")
            #expect(other.dialect == reader.dialect, "chunk size \(chunkSize)")
        }
        return (reader.header, reader.dialect, rows)
    }

    static func row(_ n: Int, _ fields: [String], _ problem: CSVRecordProblem? = nil) -> CSVReadRow {
        CSVReadRow(row: n, problem: problem, fields: fields)
    }
}

// MARK: - Reader tests

@Suite struct CSVReaderTests {
    typealias T = CSVTestSupport

    // 1. csv-spectrum conformance

    static let spectrumCases = [
        "comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "newlines", "newlines_crlf",
        "quotes_and_newlines", "simple", "simple_crlf", "utf8",
    ]

    @Test(arguments: spectrumCases)
    func spectrumCase(_ name: String) throws {
        let csv = T.spectrum.appendingPathComponent("csvs/\(name).csv")
        let json = T.spectrum.appendingPathComponent("json/\(name).json")
        let expected = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [[String: String]])
        for chunkSize in [1, 5, 1 << 18] {
            let (reader, rows) = try T.readAll(csv.path, chunkSize: chunkSize)
            #expect(reader.dialect == .comma)
            #expect(rows.count == expected.count)
            for (i, (row, object)) in zip(rows, expected).enumerated() {
                #expect(row.row == i + 1)
                #expect(row.problem == nil)
                #expect(row.fields.count == reader.header.count)
                #expect(Set(reader.header) == Set(object.keys))
                let mapped = Dictionary(uniqueKeysWithValues: zip(reader.header, row.fields))
                #expect(mapped == object, "\(name) record \(i + 1)")
            }
        }
    }

    @Test func spectrumFolderHasAllCases() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: T.spectrum.appendingPathComponent("csvs").path)
            .filter { $0.hasSuffix(".csv") }
            .map { String($0.dropLast(4)) }
        #expect(Set(names) == Set(Self.spectrumCases))
    }

    @Test func crlfInsideQuotesIsKept() throws {
        let path = T.spectrum.appendingPathComponent("csvs/newlines_crlf.csv").path
        let (_, rows) = try T.readAll(path)
        #expect(rows[1].fields[0] == "Once upon \r\na time")
    }

    // 2. Row numbering, BOM, detection, line ends

    @Test func blankLinesAreNotCounted() throws {
        let lf = try T.read("a,b\n\n1,2\n   \n\n3,4\n\n")
        #expect(lf.header == ["a", "b"])
        #expect(lf.rows == [T.row(1, ["1", "2"]), T.row(2, ["3", "4"])])

        let crlf = try T.read("\r\n  \r\na,b\r\n\r\n1,2\r\n \t \r\n\r\n3,4\r\n\r\n")
        #expect(crlf.header == ["a", "b"])
        #expect(crlf.rows == [T.row(1, ["1", "2"]), T.row(2, ["3", "4"])])
    }

    @Test func recordOfEmptyFieldsIsDelivered() throws {
        let result = try T.read("a,b,c\n,,\n1,2,3\n")
        #expect(result.rows == [T.row(1, ["", "", ""]), T.row(2, ["1", "2", "3"])])
        // A lone quoted empty field is a record, not a blank line.
        let single = try T.read("name\n\"\"\nx\n")
        #expect(single.rows == [T.row(1, [""]), T.row(2, ["x"])])
    }

    @Test func byteOrderMarkIsStripped() throws {
        let result = try T.read("\u{FEFF}foo,bar\n1,2")
        #expect(result.header == ["foo", "bar"])
        #expect(result.rows == [T.row(1, ["1", "2"])])
        let semicolon = try T.read("\u{FEFF}foo;bar\n1;2\n")
        #expect(semicolon.dialect == .semicolon)
        #expect(semicolon.header == ["foo", "bar"])
        // Only at the very start of the file.
        let later = try T.read("x\n\u{FEFF}y\n")
        #expect(later.rows == [T.row(1, ["\u{FEFF}y"])])
    }

    @Test func delimiterDetection() throws {
        #expect(try T.read("a,b,c\n1,2,3\n").dialect == .comma)
        #expect(try T.read("a;b;c\n1;2;3\n").dialect == .semicolon)
        let tab = try T.read("a\tb\tc\n1\t2\t3\n")
        #expect(tab.dialect == .tab)
        #expect(tab.rows == [T.row(1, ["1", "2", "3"])])
        // Delimiters inside quotes in the header do not count.
        let quoted = try T.read("\"a,b\";\"c,d\";e\n1;2;3\n")
        #expect(quoted.dialect == .semicolon)
        #expect(quoted.header == ["a,b", "c,d", "e"])
        let quotedNewline = try T.read("\"x\n;;;\",b,c\n1,2,3\n")
        #expect(quotedNewline.dialect == .comma)
        #expect(quotedNewline.header == ["x\n;;;", "b", "c"])
        // Only the header line counts, after leading blank lines.
        #expect(try T.read("\n  \na;b,c;d\nx,y,z,w,v\n").dialect == .semicolon)
        // Ties and nothing found give comma.
        #expect(try T.read("a,b;c\n1,2;3\n").dialect == .comma)
        #expect(try T.read("a;b\tc\n1\n").dialect == .comma)
        #expect(try T.read("name\nx\n").dialect == .comma)
        // An explicit dialect wins.
        let forced = try T.read("a;b,c\n1;2,3\n", dialect: .comma)
        #expect(forced.header == ["a;b", "c"])
    }

    @Test func delimiterNames() {
        #expect(CSVDialect.comma.delimiterName == "comma")
        #expect(CSVDialect.semicolon.delimiterName == "semicolon")
        #expect(CSVDialect.tab.delimiterName == "tab")
        #expect(CSVDialect(delimiter: UInt8(ascii: "|")).delimiterName == "pipe")
        #expect(CSVDialect(delimiter: UInt8(ascii: ":")).delimiterName == ":")
        #expect(CSVDialect.comma.quote == UInt8(ascii: "\""))
    }

    @Test func lineEndVariants() throws {
        let noFinalNewline = try T.read("a,b\n1,2\n3,4")
        #expect(noFinalNewline.rows == [T.row(1, ["1", "2"]), T.row(2, ["3", "4"])])
        let crOnly = try T.read("a,b,c\r1,2,3\r\"Once upon\ra time\",5,6\r")
        #expect(crOnly.header == ["a", "b", "c"])
        #expect(crOnly.rows == [T.row(1, ["1", "2", "3"]), T.row(2, ["Once upon\ra time", "5", "6"])])
        let mixed = try T.read("a\r\n1\n2\r3\r\n")
        #expect(mixed.rows.map(\.fields) == [["1"], ["2"], ["3"]])
        #expect(mixed.rows.map(\.row) == [1, 2, 3])
    }

    @Test func spacesAreTrimmedOutsideQuotesOnly() throws {
        let comma = try T.read("a,b\n  x  ,\" y \"\n")
        #expect(comma.rows == [T.row(1, ["x", " y "])])
        // With tab as delimiter, tabs separate fields and only spaces are trimmed.
        let tab = try T.read("a\tb\tc\n x \t\t y\n")
        #expect(tab.dialect == .tab)
        #expect(tab.rows == [T.row(1, ["x", "", "y"])])
    }

    @Test func utf8Decoding() throws {
        let result = try T.read(bytes: Array("name,city\nJosé,Zürich 🏔\n".utf8))
        #expect(result.rows[0].fields == ["José", "Zürich 🏔"])
        // Invalid UTF-8 in the detection prefix: the file is read as Windows-1252.
        let cp = try T.read(bytes: Array("name,city\n".utf8) + [0x61, 0xFF, 0x62, 0x2C, 0x78, 0x0A])
        #expect(cp.rows == [T.row(1, ["aÿb", "x"])])
    }

    @Test func recordAccessors() throws {
        let path = try T.temporaryFile("a,b,c\n1,,xyz\n")
        defer { T.remove(path) }
        let reader = try CSVReader(path: path)
        var seen = 0
        try reader.forEachRecord { record in
            seen += 1
            #expect(record.count == 3)
            #expect(record.string(at: 0) == "1")
            #expect(record.isEmpty(at: 1))
            #expect(!record.isEmpty(at: 2))
            #expect(record.isEmpty(at: 3))
            #expect(record.string(at: 3) == "")
            #expect(record.string(at: 99) == "")
            #expect(record.withBytes(at: 2) { Array($0) } == Array("xyz".utf8))
            #expect(record.withBytes(at: 1) { $0.count } == 0)
            #expect(record.withBytes(at: 5) { $0.count } == 0)
            #expect(record.strings == ["1", "", "xyz"])
        }
        #expect(seen == 1)
        // Single pass: a second call delivers nothing.
        try reader.forEachRecord { _ in Issue.record("second pass delivered a record") }
    }

    @Test func longFieldsAcrossChunks() throws {
        let long = String(repeating: "abc,\"def\"\n", count: 5_000)
        let text = "id,text\n1,\"\(long.replacingOccurrences(of: "\"", with: "\"\""))\"\n2,short\n"
        let path = try T.temporaryFile(text)
        defer { T.remove(path) }
        for chunkSize in [1, 4096, 1 << 18] {
            let (_, rows) = try T.readAll(path, chunkSize: chunkSize)
            #expect(rows == [T.row(1, ["1", long]), T.row(2, ["2", "short"])])
        }
    }

    @Test func manyRecordsKeepOrderAndNumbering() throws {
        var text = "n,square\n"
        for i in 1...20_000 { text += "\(i),\(i * i)\n" }
        let path = try T.temporaryFile(text)
        defer { T.remove(path) }
        for chunkSize in [1000, 1 << 18] {
            let reader = try CSVReader(path: path, chunkSize: chunkSize)
            var expectedRow = 0
            try reader.forEachRecord { record in
                expectedRow += 1
                #expect(record.row == expectedRow)
                #expect(record.string(at: 0) == String(expectedRow))
                #expect(record.string(at: 1) == String(expectedRow * expectedRow))
            }
            #expect(expectedRow == 20_000)
            #expect(reader.byteCount == text.utf8.count)
            #expect(reader.sha256 == SHA256Digest.hex(of: Array(text.utf8)))
        }
    }

    @Test func stoppingEarlyInALargeFile() throws {
        struct Stop: Error {}
        var text = "n\n"
        for i in 1...50_000 { text += "\(i)\n" }
        let path = try T.temporaryFile(text)
        defer { T.remove(path) }
        for chunkSize in [512, 1 << 18] {
            var last = 0
            do {
                let reader = try CSVReader(path: path, chunkSize: chunkSize)
                try reader.forEachRecord { record in
                    last = record.row
                    if record.row == 40_000 { throw Stop() }
                }
                Issue.record("did not stop")
            } catch is Stop {
            }
            #expect(last == 40_000)
        }
    }

    // 3. Problem records

    @Test func wrongFieldCount() throws {
        let result = try T.read("a,b,c\n1,2,3\n1,2,3,4\n\n1,2\n5,6,7\n")
        #expect(result.rows == [
            T.row(1, ["1", "2", "3"]),
            T.row(2, ["1", "2", "3", "4"], .fieldCount(expected: 3, found: 4)),
            T.row(3, ["1", "2"], .fieldCount(expected: 3, found: 2)),
            T.row(4, ["5", "6", "7"]),
        ])
        #expect(CSVRecordProblem.fieldCount(expected: 12, found: 13).description == "expected 12 fields, found 13")
    }

    @Test func malformedQuoteCostsOnlyItsRecord() throws {
        let text = "a,b\n1,2\nx,y\"z\n3,4\n\"q\"w,5\n6,7\n\"r\" \"s,8\n9,10\n"
        let result = try T.read(text)
        #expect(result.rows.count == 7)
        #expect(result.rows.map(\.row) == Array(1...7))
        #expect(result.rows[0] == T.row(1, ["1", "2"]))
        #expect(result.rows[1].fields == ["x", "y"])
        #expect(result.rows[2] == T.row(3, ["3", "4"]))
        #expect(result.rows[3].fields == ["q"])
        #expect(result.rows[4] == T.row(5, ["6", "7"]))
        #expect(result.rows[5].fields == ["r"])
        #expect(result.rows[6] == T.row(7, ["9", "10"]))
        for i in [1, 3, 5] {
            guard case let .malformed(detail)? = result.rows[i].problem else {
                Issue.record("row \(i + 1) should be malformed: \(result.rows[i])")
                continue
            }
            #expect(!detail.isEmpty)
            #expect(result.rows[i].problem!.description.hasPrefix("malformed CSV: "))
        }
    }

    @Test func malformedRecordWithCRLFAndAtEndOfFile() throws {
        let result = try T.read("a,b\r\n1,\"2\"x\r\n3,4\r\n5,6\"")
        #expect(result.rows.map(\.row) == [1, 2, 3])
        #expect(result.rows[1] == T.row(2, ["3", "4"]))
        if case .malformed? = result.rows[0].problem {} else { Issue.record("\(result.rows[0])") }
        if case .malformed? = result.rows[2].problem {} else { Issue.record("\(result.rows[2])") }
    }

    @Test func unterminatedQuoteAtEndOfFile() throws {
        // The record is rejected and reading resumes on the line after the one where it started.
        let result = try T.read("a,b\n1,2\n3,\"abc\ndef")
        #expect(result.rows == [
            T.row(1, ["1", "2"]),
            T.row(2, ["3", "abc\ndef"], .unbalancedQuote(openedAtLine: 3)),
            T.row(3, ["def"], .fieldCount(expected: 2, found: 1)),
        ])
    }

    @Test func nulBytes() throws {
        let result = try T.read(bytes: Array("a,b\n".utf8) + [0, 0x2C, 0x78, 0x0A, 0x31, 0x2C, 0, 0, 0x0A] + [0])
        #expect(result.rows == [
            T.row(1, ["\0", "x"], .nulByte(field: 1)),
            T.row(2, ["1", "\0\0"], .nulByte(field: 2)),
            T.row(3, ["\0"], .nulByte(field: 1)),
        ])
    }

    @Test func fileLevelErrors() throws {
        #expect(throws: CSVError.self) { try CSVReader(path: "/nonexistent/dir/file.csv") }
        do {
            _ = try CSVReader(path: "/nonexistent/dir/file.csv")
        } catch let CSVError.cannotOpen(path, reason) {
            #expect(path == "/nonexistent/dir/file.csv")
            #expect(!reason.isEmpty)
        }
        do {
            _ = try CSVReader(path: FileManager.default.temporaryDirectory.path)
            Issue.record("a directory opened as CSV")
        } catch let error as CSVError {
            #expect(error.description.contains(FileManager.default.temporaryDirectory.path))
        }
        for text in ["", "\n\n", "  \r\n\t\n", "\u{FEFF}", "\u{FEFF}\n \n"] {
            let path = try T.temporaryFile(text)
            defer { T.remove(path) }
            do {
                _ = try CSVReader(path: path)
                Issue.record("no header expected for \(text.debugDescription)")
            } catch let CSVError.noHeader(p) {
                #expect(p == path)
                #expect(CSVError.noHeader(path: p).description.contains(path))
            }
        }
        for text in ["a,b\"c\n1,2\n", "\"a,b\n1,2\n"] {
            let path = try T.temporaryFile(text)
            defer { T.remove(path) }
            do {
                _ = try CSVReader(path: path)
                Issue.record("malformed header accepted: \(text.debugDescription)")
            } catch CSVError.readFailed {
            }
        }
    }

    @Test func headerOnlyFile() throws {
        let result = try T.read("a,b,c")
        #expect(result.header == ["a", "b", "c"])
        #expect(result.rows.isEmpty)
    }

    @Test func stoppingEarlyRethrowsAndCloses() throws {
        struct Stop: Error {}
        let path = try T.temporaryFile("a\n1\n2\n3\n")
        defer { T.remove(path) }
        let reader = try CSVReader(path: path, chunkSize: 1)
        var seen: [Int] = []
        #expect(throws: Stop.self) {
            try reader.forEachRecord { record in
                seen.append(record.row)
                if record.row == 2 { throw Stop() }
            }
        }
        #expect(seen == [1, 2])
    }

    @Test func fileDescriptorsAreReleased() throws {
        let path = try T.temporaryFile("a,b\n1,2\n")
        defer { T.remove(path) }
        func openDescriptors() -> Int? {
            (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.count
        }
        let before = openDescriptors()
        for i in 0..<1_500 {
            let reader = try CSVReader(path: path)
            if i % 2 == 0 { try reader.forEachRecord { _ in } }
        }
        if let before, let after = openDescriptors() {
            #expect(after <= before + 8)  // other tests run in parallel
        }
    }

    // 5. Garbage never crashes or hangs

    @Test func randomGarbage() throws {
        var rng = CSVTestRNG(seed: 0xC5F_2026)
        let alphabet: [UInt8] = Array("\"\",,;\t\r\n \"ab1".utf8) + [0, 0xFF, 0xC3, 0xA9, 0xEF, 0xBB, 0xBF]
        for i in 0..<300 {
            let length = Int.random(in: 0...600, using: &rng)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(length)
            for _ in 0..<length {
                bytes.append(Bool.random(using: &rng) ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng))
            }
            let path = try T.temporaryFile(bytes)
            defer { T.remove(path) }
            let dialect: CSVDialect? = [nil, .comma, .semicolon, .tab][i % 4]
            let chunkSize = [1, 3, 17, 1 << 18][Int.random(in: 0...3, using: &rng)]
            do {
                let reader = try CSVReader(path: path, dialect: dialect, chunkSize: chunkSize)
                var last = 0
                try reader.forEachRecord { record in
                    #expect(record.row == last + 1)
                    last = record.row
                    _ = record.strings
                }
                #expect(reader.byteCount == bytes.count)
                #expect(reader.sha256 == SHA256Digest.hex(of: bytes))
            } catch CSVError.noHeader, CSVError.readFailed, CSVError.notText, CSVError.headerless {
                // empty, malformed, binary or data-like header: fine
            }
        }
    }

    // 6. SHA-256

    @Test func sha256OfFixture() throws {
        let path = T.spectrum.appendingPathComponent("csvs/simple.csv").path
        let (reader, _) = try T.readAll(path, chunkSize: 4)
        #expect(reader.sha256 == "9284ed4fd7fe1346904656f329db6cc49c0e7ae5b8279bff37f96bc6eb59baad")
        #expect(reader.byteCount == 12)
        let (crlf, _) = try T.readAll(T.spectrum.appendingPathComponent("csvs/newlines_crlf.csv").path)
        #expect(crlf.sha256 == "20e00691b31630d2413c3972d7ca63303ee51a178675bbccac99c5359a8c03b4")
    }

    @Test func sha256Digest() {
        #expect(SHA256Digest.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var hasher = SHA256Digest()
        hasher.update("a")
        let copy = hasher
        hasher.update("bc")
        #expect(hasher.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var other = copy
        other.update("bc")
        #expect(other.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var third = copy
        #expect(third.finalizeHex() == SHA256Digest.hex(of: [UInt8(ascii: "a")]))
    }

    // 8. Real-world corpus (only where the folder exists)

    static let corpusRowCounts: [String: Int] = [
        "samples/dedupe-examples/csv_example_messy_input.csv": 3337,
        "samples/dedupe-examples/csv_example_input_with_true_ids.csv": 3337,
        "samples/splink-datasets/fake_1000.csv": 1000,
        "samples/splink-datasets/fake_1000_labels.csv": 3176,
        "samples/datablist/customers-1000.csv": 1000,
        "samples/datablist/customers-1000.excel-roundtrip.csv": 1000,
        "samples/datablist/customers-1000.hand-edited.csv": 1001,
        "samples/datablist/people-1000.csv": 1000,
        "samples/datablist/organizations-100.csv": 100,
        "samples/datablist/leads-100.csv": 100,
        "samples/frictionless-testsuite-extended/s-and-p-500-constituents.csv": 505,
        "samples/frictionless-testsuite-extended/country-codes.csv": 251,
        "samples/zoho-crm-sample/Leads.csv": 3900,
        "samples/sf-leads-ja/SF-leads.sample.csv": 4,
    ]

    @Test func corpusFilesRead() throws {
        guard FileManager.default.fileExists(atPath: T.corpus.path) else { return }
        guard let walker = FileManager.default.enumerator(atPath: T.corpus.path) else { return }
        var checked = 0
        for case let relative as String in walker where relative.hasSuffix(".csv") || relative.hasSuffix(".tsv") {
            let path = T.corpus.appendingPathComponent(relative).path
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard String(data: data, encoding: .utf8) != nil,
                  !(data.starts(with: [0xFE, 0xFF]) || data.starts(with: [0xFF, 0xFE])) else { continue }
            let (reader, rows) = try T.readAll(path)
            checked += 1
            #expect(reader.byteCount == data.count, "\(relative)")
            #expect(!reader.header.isEmpty, "\(relative)")
            #expect(rows.map(\.row) == Array(0..<rows.count).map { $0 + 1 }, "\(relative)")
            if let expected = Self.corpusRowCounts[relative] {
                #expect(rows.count == expected, "\(relative)")
                #expect(rows.allSatisfy { $0.problem == nil }, "\(relative)")
                #expect(rows.allSatisfy { $0.fields.count == reader.header.count }, "\(relative)")
            }
        }
        #expect(checked >= Self.corpusRowCounts.count)
    }

    @Test func corpusEdgeCases() throws {
        let base = T.corpus.appendingPathComponent("edge-cases/csvkit-examples")
        guard FileManager.default.fileExists(atPath: base.path) else { return }
        func load(_ name: String) throws -> (CSVReader, [CSVReadRow]) {
            try T.readAll(base.appendingPathComponent(name).path)
        }
        let (bom, bomRows) = try load("test_utf8_bom.csv")
        #expect(bom.header == ["foo", "bar", "baz"])
        #expect(bomRows.last?.fields.last == "ʤ")

        let (_, mac) = try load("mac_newlines.csv")
        #expect(mac.map(\.fields) == [["1", "2", "3"], ["Once upon\ra time", "5", "6"]])

        let (_, nul) = try load("null_byte.csv")
        #expect(nul == [T.row(1, ["\0", "2", "3"], .nulByte(field: 1))])

        let (_, bad) = try load("bad.csv")
        #expect(bad.map(\.problem) == [.fieldCount(expected: 3, found: 4), .fieldCount(expected: 3, found: 2), nil])

        let (_, short) = try load("test_empty_columns_short_row.csv")
        #expect(short == [T.row(1, ["", ""], .fieldCount(expected: 3, found: 2))])
        // One extra empty trailing field (a trailing delimiter) is dropped.
        let (_, long) = try load("test_empty_columns_long_row.csv")
        #expect(long == [T.row(1, ["", "", ""])])

        let (headerNewline, hnRows) = try load("test_header_newline.csv")
        #expect(headerNewline.dialect == .comma)
        #expect(headerNewline.header == ["\t\n\u{0B}\u{0C}\r start \t\n\u{0B}\u{0C}\r end \t\n\u{0B}\u{0C}\r", "b", "c"])
        #expect(hnRows.map(\.fields) == [["d", "e", "f"]])

        let (tsv, tsvRows) = try load("dummy.tsv")
        #expect(tsv.dialect == .tab)
        #expect(tsv.header == ["a", "b", "c"])
        #expect(tsvRows.map(\.fields) == [["1", "2", "3"]])

        let (latin, latinRows) = try load("test_latin1.csv")
        #expect(latin.encoding == .windows1252)
        #expect(latinRows.last == T.row(2, ["4", "5", "©"]))
    }
}
