import Foundation
import Testing
@testable import WinnowCSV

/// Encodings as written by the tests (the BOM variants included).
enum CSVTestEncoding: String, CaseIterable, CustomStringConvertible {
    case utf8, utf8BOM, utf16leBOM, utf16beBOM, windows1252

    var description: String { rawValue }

    var expected: CSVTextEncoding {
        switch self {
        case .utf8, .utf8BOM: return .utf8
        case .utf16leBOM: return .utf16le
        case .utf16beBOM: return .utf16be
        case .windows1252: return .windows1252
        }
    }

    var hasBOM: Bool { self != .utf8 && self != .windows1252 }
    var isUnicode: Bool { self != .windows1252 }

    func encode(_ text: String) -> [UInt8] {
        switch self {
        case .utf8: return Array(text.utf8)
        case .utf8BOM: return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case .utf16leBOM: return [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case .utf16beBOM: return [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        case .windows1252:
            return text.unicodeScalars.map { s -> UInt8 in
                if s.value < 0x80 || (s.value >= 0xA0 && s.value <= 0xFF) { return UInt8(s.value) }
                switch s {
                case "€": return 0x80
                case "’": return 0x92
                case "“": return 0x93
                case "”": return 0x94
                case "–": return 0x96
                case "Œ": return 0x8C
                default: fatalError("not in windows-1252: \(s)")
                }
            }
        }
    }
}

enum CSVIngestSupport {
    typealias T = CSVTestSupport

    /// RFC 4180 text: fields quoted when they hold the quote, a delimiter candidate, CR, LF or edge spaces.
    static func csvText(_ rows: [[String]], delimiter: Character, eol: String) -> String {
        rows.map { row in
            row.map { field -> String in
                let needs = field.unicodeScalars.contains { "\",;\t|\r\n".unicodeScalars.contains($0) } || field.hasPrefix(" ") || field.hasSuffix(" ")
                    || field.hasPrefix("\t") || field.hasSuffix("\t")
                return needs ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: String(delimiter))
        }.joined(separator: eol) + eol
    }

    struct Read {
        var reader: CSVReader
        var rows: [CSVReadRow]
        var lines: [Int]
    }

    static func readAll(_ path: String, _ options: CSVReadOptions = CSVReadOptions(), chunkSize: Int = 1 << 18) throws -> Read {
        let reader = try CSVReader(path: path, options: options, chunkSize: chunkSize)
        var rows: [CSVReadRow] = []
        var lines: [Int] = []
        try reader.forEachRecord { record in
            rows.append(CSVReadRow(row: record.row, problem: record.problem, fields: record.strings))
            lines.append(record.line)
        }
        return Read(reader: reader, rows: rows, lines: lines)
    }

    /// Reads `bytes` with several chunk sizes, checks they agree, returns the default-chunk result.
    static func read(bytes: [UInt8], _ options: CSVReadOptions = CSVReadOptions(), chunkSizes: [Int] = [1, 2, 3, 7, 64]) throws -> Read {
        let path = try T.temporaryFile(bytes)
        defer { T.remove(path) }
        let main = try readAll(path, options)
        #expect(main.reader.sha256 == SHA256Digest.hex(of: bytes))
        #expect(main.reader.byteCount == bytes.count)
        for chunkSize in chunkSizes {
            let other = try readAll(path, options, chunkSize: chunkSize)
            #expect(other.reader.header == main.reader.header, "chunk size \(chunkSize)")
            #expect(other.rows == main.rows, "chunk size \(chunkSize)")
            #expect(other.lines == main.lines, "chunk size \(chunkSize)")
            #expect(other.reader.dialect == main.reader.dialect, "chunk size \(chunkSize)")
            #expect(other.reader.encoding == main.reader.encoding, "chunk size \(chunkSize)")
            #expect(other.reader.sha256 == main.reader.sha256, "chunk size \(chunkSize)")
        }
        return main
    }

    static func read(_ text: String, _ options: CSVReadOptions = CSVReadOptions()) throws -> Read {
        try read(bytes: Array(text.utf8), options)
    }

    /// Physical line (1-based) on which each record of `rows` starts in `csvText(rows, ..., eol:)`.
    static func startLines(_ rows: [[String]]) -> [Int] {
        var line = 1
        var result: [Int] = []
        for row in rows {
            result.append(line)
            for field in row {
                // CRLF, CR and LF inside a field each count as one line end.
                let scalars = Array(field.unicodeScalars)
                var i = 0
                while i < scalars.count {
                    if scalars[i] == "\r" {
                        line += 1
                        if i + 1 < scalars.count && scalars[i + 1] == "\n" { i += 1 }
                    } else if scalars[i] == "\n" {
                        line += 1
                    }
                    i += 1
                }
            }
            line += 1
        }
        return result
    }

    static func expectNotText(_ bytes: [UInt8], _ fragment: String, options: CSVReadOptions = CSVReadOptions()) throws {
        let path = try T.temporaryFile(bytes)
        defer { T.remove(path) }
        do {
            _ = try CSVReader(path: path, options: options)
            Issue.record("accepted a non-text file (\(fragment))")
        } catch let CSVError.notText(p, reason) {
            #expect(p == path)
            #expect(reason.contains(fragment), "\(reason)")
            #expect(CSVError.notText(path: p, reason: reason).description.contains("not a CSV text file"))
        }
    }
}

@Suite struct CSVIngestTests {
    typealias T = CSVTestSupport
    typealias I = CSVIngestSupport

    static let delimiters: [Character] = [",", ";", "\t", "|"]
    static let lineEnds = ["\n", "\r\n", "\r"]

    // 1. Dialect matrix: encoding x delimiter x line end, written then read back field for field.

    static let matrix: [(CSVTestEncoding, Character, String)] = CSVTestEncoding.allCases.flatMap { e in
        delimiters.flatMap { d in lineEnds.map { (e, d, $0) } }
    }

    @Test(arguments: 0..<matrix.count)
    func dialectMatrix(_ index: Int) throws {
        let (encoding, delimiter, eol) = Self.matrix[index]
        var rows: [[String]] = [
            ["Name", "City", "Note"],
            ["José Núñez", "Zürich", "says \"hi\""],
            ["Ærø", "a\(delimiter)b", "line1\(eol)line2"],
            ["€100 – “quoted”", "", "Straße"],
            [" padded ", "Œuvre’s", "plain"],
        ]
        if encoding.isUnicode { rows.append(["🙂 Zoë", "日本", "👩‍👩‍👧"]) }
        let text = I.csvText(rows, delimiter: delimiter, eol: eol)
        let read = try I.read(bytes: encoding.encode(text), chunkSizes: [1, 3, 7])
        let context = "\(encoding) \(delimiter.debugDescription) \(eol.debugDescription)"
        #expect(read.reader.encoding == encoding.expected, "\(context)")
        #expect(read.reader.hadBOM == encoding.hasBOM, "\(context)")
        #expect(read.reader.dialect.delimiter == UInt8(ascii: delimiter.unicodeScalars.first!), "\(context)")
        #expect(read.reader.header == rows[0], "\(context)")
        #expect(read.reader.headerLine == 1, "\(context)")
        #expect(read.rows.map(\.fields) == Array(rows.dropFirst()), "\(context)")
        #expect(read.rows.allSatisfy { $0.problem == nil }, "\(context)")
        #expect(read.lines == Array(I.startLines(rows).dropFirst()), "\(context)")
    }

    // 2. Property test: random records in every dialect and encoding read back identically.

    static let unicodePieces = ["a", "Zoë", "ß", "€", " ", "\"", ",", ";", "\t", "|", "\n", "\r\n", "\r", "x y", "🙂", "日本", "0042", "e@x.org"]
    static let cp1252Pieces = ["a", "é", "ü", "€", "’", " ", "\"", ",", ";", "\t", "|", "\n", "\r\n", "\r", "x y", "0042"]

    @Test func randomRecordsRoundTrip() throws {
        var rng = CSVTestRNG(seed: 0x1A_2026)
        for iteration in 0..<120 {
            let encoding = CSVTestEncoding.allCases[iteration % 5]
            let delimiter = Self.delimiters[(iteration / 5) % 4]
            let eol = Self.lineEnds[iteration % 3]
            let pieces = encoding.isUnicode ? Self.unicodePieces : Self.cp1252Pieces
            let columns = Int.random(in: 2...6, using: &rng)
            var rows = [(0..<columns).map { "colé\($0)" }]
            for _ in 0..<Int.random(in: 0...15, using: &rng) {
                rows.append((0..<columns).map { _ in
                    (0..<Int.random(in: 0...4, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
                })
            }
            let text = I.csvText(rows, delimiter: delimiter, eol: eol)
            let explicit = iteration % 2 == 0
            var options = CSVReadOptions()
            if explicit {
                options.dialect = CSVDialect(delimiter: UInt8(ascii: delimiter.unicodeScalars.first!))
                options.encoding = encoding.expected
            }
            let bytes = encoding.encode(text)
            let path = try T.temporaryFile(bytes)
            defer { T.remove(path) }
            let chunkSize = [1, 5, 64, 1 << 18][Int.random(in: 0...3, using: &rng)]
            let read = try I.readAll(path, options, chunkSize: chunkSize)
            let context = "iteration \(iteration) \(encoding) \(delimiter.debugDescription) chunk \(chunkSize)"
            #expect(read.reader.encoding == encoding.expected, "\(context)")
            #expect(read.reader.header == rows[0], "\(context)")
            #expect(read.rows.map(\.fields) == Array(rows.dropFirst()), "\(context)")
            #expect(read.rows.allSatisfy { $0.problem == nil }, "\(context)")
            #expect(read.lines == Array(I.startLines(rows).dropFirst()), "\(context)")
            #expect(read.reader.sha256 == SHA256Digest.hex(of: bytes), "\(context)")
        }
    }

    // 3. Encodings

    @Test func encodingNames() {
        #expect(CSVTextEncoding(name: "UTF8") == .utf8)
        #expect(CSVTextEncoding(name: "utf-8") == .utf8)
        #expect(CSVTextEncoding(name: "UTF-16LE") == .utf16le)
        #expect(CSVTextEncoding(name: "utf16be") == .utf16be)
        #expect(CSVTextEncoding(name: "cp1252") == .windows1252)
        #expect(CSVTextEncoding(name: "Windows-1252") == .windows1252)
        #expect(CSVTextEncoding(name: "latin-1") == .latin1)
        #expect(CSVTextEncoding(name: "ISO-8859-1") == .latin1)
        #expect(CSVTextEncoding(name: "latin1") == .latin1)
        #expect(CSVTextEncoding(name: "ebcdic") == nil)
        #expect(CSVTextEncoding.windows1252.rawValue == "windows-1252")
        #expect(CSVTextEncoding.latin1.rawValue == "iso-8859-1")
    }

    @Test func utf16WithoutBOMAndSurrogatesAcrossChunks() throws {
        let text = "name,icon\n🙂 Zoë,👩‍👩‍👧\nx,y\n"
        let le = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let read = try I.read(bytes: le)
        #expect(read.reader.encoding == .utf16le)
        #expect(!read.reader.hadBOM)
        #expect(read.rows.map(\.fields) == [["🙂 Zoë", "👩‍👩‍👧"], ["x", "y"]])
        let be = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try I.read(bytes: be).reader.encoding == .utf16be)
    }

    @Test func invalidBytesInDeclaredEncodingRejectTheRecord() throws {
        // UTF-8 given explicitly.
        let bad = Array("a,b\n1,2\n".utf8) + [0x78, 0xFF, 0x2C, 0x79, 0x0A] + Array("3,4\n".utf8)
        let utf8 = try I.read(bytes: bad, CSVReadOptions(encoding: .utf8))
        #expect(utf8.rows == [T.row(1, ["1", "2"]), T.row(2, ["x\u{FFFD}", "y"], .invalidEncoding("utf-8")), T.row(3, ["3", "4"])])
        #expect(CSVRecordProblem.invalidEncoding("utf-8").description == "invalid utf-8 byte sequence")
        // UTF-8 by BOM; a sequence cut short by a line end.
        let bom = try I.read(bytes: [0xEF, 0xBB, 0xBF] + Array("a,b\n1,é\n".utf8.dropLast(2)) + [0x0A, 0x35, 0x2C, 0x36, 0x0A])
        #expect(bom.rows.map(\.problem) == [.invalidEncoding("utf-8"), nil])
        // Windows-1252 given: 0x81 is undefined. Detected, it is read as U+0081.
        let cp = Array("a,b\n".utf8) + [0xE9, 0x2C, 0x81, 0x0A, 0x31, 0x2C, 0x32, 0x0A]
        let declared = try I.read(bytes: cp, CSVReadOptions(encoding: .windows1252))
        #expect(declared.rows.map(\.problem) == [.invalidEncoding("windows-1252"), nil])
        #expect(declared.rows[0].problem?.description == "invalid windows-1252 byte sequence")
        let detected = try I.read(bytes: cp)
        #expect(detected.reader.encoding == .windows1252)
        #expect(detected.rows == [T.row(1, ["é", "\u{81}"]), T.row(2, ["1", "2"])])
        // Latin-1 given: every byte is valid; 0x80 is U+0080, not the euro sign.
        let latin = try I.read(bytes: Array("a,b\n".utf8) + [0x80, 0x2C, 0xA9, 0x0A], CSVReadOptions(encoding: .latin1))
        #expect(latin.reader.encoding == .latin1)
        #expect(latin.rows == [T.row(1, ["\u{80}", "©"])])
        // UTF-16 lone surrogate.
        var units: [UInt16] = Array("a,b\n1,".utf16) + [0xD800] + Array("x\n2,3\n".utf16)
        units.insert(0xFEFF, at: 0)
        let utf16 = try I.read(bytes: units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(utf16.rows.map(\.problem) == [.invalidEncoding("utf-16le"), nil])
        #expect(utf16.rows[1].fields == ["2", "3"])
    }

    @Test func invalidUTF8AfterTheDetectionPrefix() throws {
        var bytes = Array("id,name\n".utf8)
        for i in 1...10_000 { bytes += Array("\(i),name number \(i) with José\n".utf8) }
        #expect(bytes.count > 1 << 18)
        bytes += [0x31, 0x30, 0x30, 0x30, 0x31, 0x2C, 0xE9, 0x0A]  // "10001,\xE9"
        bytes += Array("10002,ok\n".utf8)
        let path = try T.temporaryFile(bytes)
        defer { T.remove(path) }
        for chunkSize in [1 << 18, 1000] {
            let read = try I.readAll(path, chunkSize: chunkSize)
            #expect(read.reader.encoding == .utf8)
            #expect(read.rows.count == 10_002)
            #expect(read.rows.filter { $0.problem != nil }.map(\.row) == [10_001])
            #expect(read.rows[10_000].problem == .invalidEncoding("utf-8"))
            #expect(read.rows[10_001].fields == ["10002", "ok"])
            #expect(read.lines[10_001] == 10_003)
        }
    }

    @Test func sha256IsOverTheOriginalBytes() throws {
        let bytes = CSVTestEncoding.utf16leBOM.encode("a,b\nZoë,2\n")
        let read = try I.read(bytes: bytes)
        #expect(read.reader.sha256 == SHA256Digest.hex(of: bytes))
        #expect(read.reader.byteCount == bytes.count)
    }

    // 4. Files that are not text

    @Test func nonTextFilesAreRefused() throws {
        try I.expectNotText([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00] + Array("[Content_Types].xml".utf8), "Excel .xlsx workbook (a ZIP archive); save it as CSV")
        try I.expectNotText(Array("%PDF-1.7\n%âãÏÓ\n1 0 obj\n".utf8), "PDF")
        try I.expectNotText([0xFF, 0xFE, 0x00, 0x00] + Array("a\0\0\0,\0\0\0b\0\0\0".utf8), "UTF-32")
        try I.expectNotText([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0], ".xls")
        try I.expectNotText([0x1F, 0x8B, 0x08, 0x00], "gzip")
        var binary: [UInt8] = []
        var rng = CSVTestRNG(seed: 7)
        for _ in 0..<2000 { binary.append(UInt8.random(in: 0...255, using: &rng)) }
        try I.expectNotText(binary, "binary data")
        // Refused whatever encoding is declared.
        try I.expectNotText([0x50, 0x4B, 0x03, 0x04, 0, 0], "xlsx", options: CSVReadOptions(encoding: .windows1252))
        // FE FF followed by UTF-32 data: an inconsistent byte order mark.
        try I.expectNotText([0xFE, 0xFF, 0x00, 0x00, 0x00, 0x61, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x62, 0x00, 0x00, 0x00, 0x0A], "UTF-16 byte order mark")
    }

    // 5. Dialect, preamble, header

    @Test func pipeAndSniffingOverSeveralLines() throws {
        let pipe = try I.read("name|email|note\nAnn|a@x.org|one, two\nBob|b@x.org|three\n")
        #expect(pipe.reader.dialect == .pipe)
        #expect(pipe.reader.dialect.delimiterName == "pipe")
        #expect(pipe.rows.map(\.fields) == [["Ann", "a@x.org", "one, two"], ["Bob", "b@x.org", "three"]])
        // Decimal commas in a semicolon file: the consistent count wins.
        let semi = try I.read("name;amount;rate\nA;1,5;2,25\nB;3;4\nC;5,5;6\n")
        #expect(semi.reader.dialect == .semicolon)
        #expect(semi.rows.count == 3)
    }

    @Test func preambleIsSkipped() throws {
        let text = "Exported on 2026-11-01\nContacts report\n\nName,Email,Phone\nAnn,a@x.org,555-0101\n\nBob,b@x.org,555-0102\n"
        let read = try I.read(text)
        #expect(read.reader.header == ["Name", "Email", "Phone"])
        #expect(read.reader.headerLine == 4)
        #expect(read.reader.preambleLines == ["Exported on 2026-11-01", "Contacts report"])
        #expect(read.rows.map(\.fields) == [["Ann", "a@x.org", "555-0101"], ["Bob", "b@x.org", "555-0102"]])
        #expect(read.lines == [5, 7])
        // Key-value preamble lines with fewer fields, a title padded with delimiters, CRLF.
        let kv = try I.read("Report;Leads\r\nExported;2026-11-01\r\nLeads Q3;;;\r\nName;Email;Phone;City\r\nA;a@x.org;1;X\r\nB;b@x.org;2;Y\r\n")
        #expect(kv.reader.dialect == .semicolon)
        #expect(kv.reader.header == ["Name", "Email", "Phone", "City"])
        #expect(kv.reader.headerLine == 4)
        #expect(kv.reader.preambleLines == ["Report;Leads", "Exported;2026-11-01", "Leads Q3;;;"])
        #expect(kv.lines == [5, 6])
        // No preamble: nothing skipped, header line after blank lines.
        let plain = try I.read("\n\na,b\n1,2\n")
        #expect(plain.reader.preambleLines.isEmpty)
        #expect(plain.reader.headerLine == 3)
        #expect(plain.lines == [4])
        // The legacy initializer with a dialect does not look for a preamble.
        let path = try T.temporaryFile("Title\na,b\n1,2\n")
        defer { T.remove(path) }
        let legacy = try CSVReader(path: path, dialect: .comma)
        #expect(legacy.header == ["Title"])
    }

    @Test func headerlessFileIsDetected() throws {
        let text = "ann@example.com,Ann,555-0101\nbob@example.com,Bob,555-0102\n"
        let path = try T.temporaryFile(text)
        defer { T.remove(path) }
        do {
            _ = try CSVReader(path: path, options: CSVReadOptions())
            Issue.record("headerless file accepted")
        } catch let CSVError.headerless(p, first) {
            #expect(p == path)
            #expect(first == ["ann@example.com", "Ann", "555-0101"])
            let message = CSVError.headerless(path: p, firstRecord: first).description
            #expect(message.contains("no header row"))
            #expect(message.contains("header: none"))
            #expect(message.contains("columns:"))
        }
        let numbers = try T.temporaryFile("1,2026-01-02,+1 555 0101\n2,2026-01-03,+1 555 0102\n")
        defer { T.remove(numbers) }
        #expect(throws: CSVError.self) { try CSVReader(path: numbers, options: CSVReadOptions()) }
        // header: none reads it, the first record being row 1.
        let none = try I.read(text, CSVReadOptions(header: .none))
        #expect(none.reader.header == ["column_1", "column_2", "column_3"])
        #expect(none.reader.headerLine == 1)
        #expect(none.rows.map(\.row) == [1, 2])
        #expect(none.rows[0].fields == ["ann@example.com", "Ann", "555-0101"])
        #expect(none.lines == [1, 2])
        // Ordinary headers pass.
        #expect(try I.read("Email,First Name,Phone 1\na@x.org,A,1\n").reader.header == ["Email", "First Name", "Phone 1"])
    }

    @Test func trailingDelimiter() throws {
        let read = try I.read("a,b,c,\n1,2,3,\n4,5,6\n7,8,9,x\n")
        #expect(read.reader.header == ["a", "b", "c"])
        #expect(read.rows == [
            T.row(1, ["1", "2", "3"]), T.row(2, ["4", "5", "6"]),
            T.row(3, ["7", "8", "9", "x"], .fieldCount(expected: 3, found: 4)),
        ])
        // Duplicate names are left as they are.
        #expect(try I.read("a,a,b\n1,2,3\n").reader.header == ["a", "a", "b"])
    }

    @Test func raggedRowsPadded() throws {
        let text = "a,b,c\n1\n1,2,3,,\n1,2,3,4\n1,2\n"
        let pad = try I.read(text, CSVReadOptions(ragged: .pad))
        #expect(pad.rows == [
            T.row(1, ["1", "", ""]),
            T.row(2, ["1", "2", "3"]),
            T.row(3, ["1", "2", "3", "4"], .fieldCount(expected: 3, found: 4)),
            T.row(4, ["1", "2", ""]),
        ])
        let reject = try I.read(text)
        #expect(reject.rows.map(\.problem) == [
            .fieldCount(expected: 3, found: 1), .fieldCount(expected: 3, found: 5), .fieldCount(expected: 3, found: 4),
            .fieldCount(expected: 3, found: 2),
        ])
        // Padded records answer for the padded fields.
        let path = try T.temporaryFile("a,b,c\nx\n")
        defer { T.remove(path) }
        let reader = try CSVReader(path: path, options: CSVReadOptions(ragged: .pad))
        try reader.forEachRecord { record in
            #expect(record.count == 3)
            #expect(record.isEmpty(at: 2))
            #expect(record.string(at: 2) == "")
            #expect(record.string(at: 0) == "x")
        }
    }

    // 6. Broken records cost only themselves

    @Test func unbalancedQuoteMidFileCostsOneRecord() throws {
        let text = "id,note\n1,fine\n2,\"never closed\n3,next\n4,\"multi\nline\"\n5,last\n"
        let read = try I.read(text, CSVReadOptions(maxFieldBytes: 16))
        #expect(read.rows == [
            T.row(1, ["1", "fine"]),
            T.row(2, ["2", "never closed\n3,n"], .unbalancedQuote(openedAtLine: 3)),
            T.row(3, ["3", "next"]),
            T.row(4, ["4", "multi\nline"]),
            T.row(5, ["5", "last"]),
        ])
        #expect(read.lines == [2, 3, 4, 5, 7])
        #expect(CSVRecordProblem.unbalancedQuote(openedAtLine: 1207).description == "unbalanced quote opened on line 1207")
    }

    @Test(arguments: [CSVTestEncoding.utf8, .utf8BOM, .utf16leBOM, .utf16beBOM, .windows1252])
    func unbalancedQuoteInALargeFile(_ encoding: CSVTestEncoding) throws {
        var text = "id,name\r\n"
        for i in 1...3000 {
            text += i == 1200 ? "\(i),\"Zoé never closed\r\n" : "\(i),Zoé \(i)\r\n"
        }
        let bytes = encoding.encode(text)
        let path = try T.temporaryFile(bytes)
        defer { T.remove(path) }
        for chunkSize in [1 << 18, 4096, 333] {
            let read = try I.readAll(path, CSVReadOptions(maxFieldBytes: 1000), chunkSize: chunkSize)
            #expect(read.rows.count == 3000, "\(encoding) \(chunkSize)")
            #expect(read.rows.filter { $0.problem != nil }.map(\.row) == [1200], "\(encoding) \(chunkSize)")
            #expect(read.rows[1199].problem == .unbalancedQuote(openedAtLine: 1201))
            #expect(read.rows[1200].fields == ["1201", "Zoé 1201"])
            #expect(read.rows[2999].fields == ["3000", "Zoé 3000"])
            #expect(read.lines == Array(2...3001), "\(encoding) \(chunkSize)")
            #expect(read.rows.map(\.row) == Array(1...3000))
            #expect(read.reader.sha256 == SHA256Digest.hex(of: bytes))
            #expect(read.reader.byteCount == bytes.count)
        }
    }

    @Test func nulAndOversizedFields() throws {
        let nul = try I.read(bytes: Array("a,b,c\n1,2,3\n".utf8) + [0x34, 0x2C, 0x35, 0x2C, 0x36, 0x00, 0x0A] + Array("7,8,9\n".utf8))
        #expect(nul.rows.map(\.problem) == [nil, .nulByte(field: 3), nil])
        #expect(CSVRecordProblem.nulByte(field: 3).description == "NUL byte in field 3")

        let big = String(repeating: "x", count: 40)
        let large = try I.read("a,b\n1,\(big)\n2,\"\(big)\"\n3,ok\n", CSVReadOptions(maxFieldBytes: 32))
        #expect(large.rows.map(\.problem) == [.fieldTooLarge(field: 2, limit: 32), .fieldTooLarge(field: 2, limit: 32), nil])
        #expect(large.rows[2].fields == ["3", "ok"])
        #expect(CSVRecordProblem.fieldTooLarge(field: 5, limit: 65536).description == "field 5 larger than 65536 bytes")
        #expect(CSVRecordProblem.fieldCount(expected: 12, found: 14).description == "expected 12 fields, found 14")

        // A line far beyond any limit, without a line end inside a chunk: rejected, reading goes on.
        let huge = String(repeating: "y", count: 70 * 65536)
        let path = try T.temporaryFile("a,b\n1,\(huge)\n2,after\n")
        defer { T.remove(path) }
        let read = try I.readAll(path, CSVReadOptions(maxFieldBytes: 10), chunkSize: 1 << 16)
        #expect(read.rows.count == 2)
        #expect(read.rows[0].problem == .fieldTooLarge(field: 2, limit: 10))
        #expect(read.rows[1] == T.row(2, ["2", "after"]))
        #expect(read.lines == [2, 3])
    }

    // 7. Line numbers

    @Test func lineNumbersAreExact() throws {
        let text = "\n\na,b\n1,\"x\ny\r\nz\"\n\n   \n2,3\r\n4,\"\r\"\r5,6\n"
        let read = try I.read(text)
        #expect(read.reader.headerLine == 3)
        #expect(read.rows.map(\.fields) == [["1", "x\ny\r\nz"], ["2", "3"], ["4", "\r"], ["5", "6"]])
        #expect(read.lines == [4, 9, 10, 12])
        // Malformed records keep the count too.
        let bad = try I.read("a,b\n1,x\"y\n2,3\n\"q\"w,z\n4,\"multi\nline\"\n5,6\n")
        #expect(bad.lines == [2, 3, 4, 5, 7])
        #expect(bad.rows.map { $0.problem == nil } == [false, true, false, true, true])
    }

    // 8. Corpus (read only when the folder exists)

    @Test func corpusEncodingsAndDialects() throws {
        let samples = T.corpus.appendingPathComponent("samples/forcedotcom-dataloader")
        guard FileManager.default.fileExists(atPath: samples.path) else { return }
        for (name, encoding) in [("csvtext_BOM_UTF8.csv", CSVTextEncoding.utf8), ("csvtext_BOM_UTF16LE.csv", .utf16le),
                                 ("csvtext_BOM_UTF16BE.csv", .utf16be), ("csvtext.csv", .utf8)] {
            let read = try I.readAll(samples.appendingPathComponent(name).path)
            #expect(read.reader.encoding == encoding, "\(name)")
            #expect(read.reader.header == ["column1", "column2", "column3"], "\(name)")
            #expect(read.rows.map(\.fields) == [["row1-1", "row1-2", "row1-3"], ["row2-1", "row2-2", "row2-3"]], "\(name)")
        }
        for name in ["csvtext_BOM_UTF32BE.csv", "csvtext_BOM_UTF32LE.csv"] {
            let path = samples.appendingPathComponent(name).path
            #expect(throws: CSVError.self, "\(name)") { try CSVReader(path: path, options: CSVReadOptions()) }
            do { _ = try CSVReader(path: path) } catch CSVError.notText {} catch { Issue.record("\(name): \(error)") }
        }
        let account = try I.readAll(samples.appendingPathComponent("accountData.csv").path)
        #expect(account.reader.encoding == .windows1252)
        #expect(account.rows.count == 423)
        #expect(account.rows.allSatisfy { $0.problem == nil })
        #expect(account.rows.contains { $0.fields.contains { $0.contains("Crédito") } })
        #expect(!account.rows.contains { $0.fields.contains { $0.contains("\u{FFFD}") } })

        let edge = T.corpus.appendingPathComponent("edge-cases/csvkit-examples")
        let utf16 = try I.readAll(edge.appendingPathComponent("test_utf16_big.csv").path)
        #expect(utf16.reader.hadBOM)
        #expect(utf16.rows.map(\.fields) == [["1", "2", "3"], ["4", "5", "ʤ"]])
        let little = try I.readAll(edge.appendingPathComponent("test_utf16_little.csv").path)
        #expect(little.rows.map(\.fields) == [["1", "2", "3"], ["4", "5", "ʤ"]])
        let mac = try I.readAll(edge.appendingPathComponent("mac_newlines.csv").path)
        #expect(mac.lines == [2, 3])
        let bad = try I.readAll(edge.appendingPathComponent("bad.csv").path, CSVReadOptions(ragged: .pad))
        #expect(bad.rows.map(\.problem) == [.fieldCount(expected: 3, found: 4), nil, nil])
        #expect(bad.rows[1].fields == ["", "I'm too short!", ""])

        let messy = try I.readAll(T.corpus.appendingPathComponent("samples/dedupe-examples/csv_example_messy_input.csv").path)
        #expect(messy.reader.encoding == .utf8)
        #expect(messy.rows.count == 3337)
        #expect(messy.rows.allSatisfy { $0.problem == nil })
        #expect(messy.lines == messy.lines.sorted())
        #expect(messy.lines.last! > 3337 + 1)  // records with embedded newlines span several lines
    }
}
