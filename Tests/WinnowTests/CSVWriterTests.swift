import Foundation
import Testing
@testable import WinnowCSV

@Suite struct CSVWriterTests {
    typealias T = CSVTestSupport

    private func written(_ rows: [[String]], dialect: CSVDialect = .comma) throws -> String {
        let path = T.temporaryPath()
        defer { T.remove(path) }
        let writer = try CSVWriter(path: path, dialect: dialect)
        for row in rows { try writer.write(row) }
        try writer.close()
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    // 7. Quoting rules

    @Test func quotesOnlyWhenNeeded() throws {
        #expect(try written([["a", "b c", "José"]]) == "a,b c,José\n")
        #expect(try written([["x,y", "say \"hi\"", "l1\nl2", "cr\rx", "crlf\r\n"]])
            == "\"x,y\",\"say \"\"hi\"\"\",\"l1\nl2\",\"cr\rx\",\"crlf\r\n\"\n")
        #expect(try written([[" lead", "trail ", "\ttab", "mid dle"]]) == "\" lead\",\"trail \",\"\ttab\",mid dle\n")
        #expect(try written([["\"", "\"\""]]) == "\"\"\"\",\"\"\"\"\"\"\n")
        #expect(try written([["", "", ""], ["a", ""]]) == ",,\na,\n")
    }

    @Test func singleEmptyFieldIsQuoted() throws {
        #expect(try written([["h"], [""], ["x"]]) == "h\n\"\"\nx\n")
    }

    @Test func dialectDecidesWhatNeedsQuotes() throws {
        #expect(try written([["a,b", "c;d"]], dialect: .semicolon) == "a,b;\"c;d\"\n")
        #expect(try written([["a,b", "c\td", "e;f"]], dialect: .tab) == "a,b\t\"c\td\"\te;f\n")
        #expect(try written([["it's", "x"]], dialect: CSVDialect(delimiter: UInt8(ascii: "|"), quote: UInt8(ascii: "'")))
            == "'it''s'|x\n")
    }

    @Test func sequenceConvenienceAndLargeOutput() throws {
        let path = T.temporaryPath()
        defer { T.remove(path) }
        let writer = try CSVWriter(path: path)
        try writer.write(fields: ["n", "text"])
        let long = String(repeating: "0123456789", count: 10_000)
        for i in 0..<2_000 {
            try writer.write(fields: [String(i), i % 500 == 0 ? long : "row \(i)"].lazy.map { $0 })
        }
        try writer.close()
        try writer.close()  // idempotent
        #expect(throws: CSVWriteError.self) { try writer.write(["late"]) }
        let (reader, rows) = try T.readAll(path)
        #expect(reader.header == ["n", "text"])
        #expect(rows.count == 2_000)
        #expect(rows[500].fields == ["500", long])
        #expect(rows[1999].fields == ["1999", "row 1999"])
    }

    @Test func flushedOnDeinit() throws {
        let path = T.temporaryPath()
        defer { T.remove(path) }
        do {
            let writer = try CSVWriter(path: path)
            try writer.write(["a", "b"])
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a,b\n")
    }

    @Test func truncatesAndReportsOpenFailure() throws {
        let path = try T.temporaryFile("old content that is long\n")
        defer { T.remove(path) }
        let writer = try CSVWriter(path: path)
        try writer.write(["new"])
        try writer.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        do {
            _ = try CSVWriter(path: "/nonexistent/dir/out.csv")
            Issue.record("opened a file in a missing folder")
        } catch let CSVError.cannotOpen(p, reason) {
            #expect(p == "/nonexistent/dir/out.csv")
            #expect(!reason.isEmpty)
        }
    }

    // 4. Property test: writer -> reader round trip

    private static let pieces = [
        "a", "Zoë", "Ångström", "日本", "🙂", "👩‍👩‍👧", "x y", " ", "  ", "\"", "\"\"", ",", ";", "\t", "\r", "\n", "\r\n",
        "'", "0", "00123", "+1 (555) 010-9999", "e@x.org", "\u{FEFF}", "\u{A0}", "\\", "#", "=1+2",
    ]

    private static func randomField(_ rng: inout CSVTestRNG) -> String {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return ""
        case 1: return " " + randomText(&rng) + " "
        default: return randomText(&rng)
        }
    }

    private static func randomText(_ rng: inout CSVTestRNG) -> String {
        var s = ""
        for _ in 0..<Int.random(in: 0...5, using: &rng) {
            s += pieces.randomElement(using: &rng)!
        }
        return s
    }

    @Test func randomTablesRoundTrip() throws {
        var rng = CSVTestRNG(seed: 42)
        let dialects: [CSVDialect] = [.comma, .semicolon, .tab]
        for iteration in 0..<200 {
            let dialect = dialects[iteration % 3]
            let columns = Int.random(in: 1...6, using: &rng)
            let rowCount = Int.random(in: 0...12, using: &rng)
            var header = (0..<columns).map { _ in Self.randomField(&rng) }
            if columns == 1 && header[0].isEmpty { header[0] = "h" }
            let rows = (0..<rowCount).map { _ in (0..<columns).map { _ in Self.randomField(&rng) } }

            let path = T.temporaryPath()
            defer { T.remove(path) }
            let writer = try CSVWriter(path: path, dialect: dialect)
            try writer.write(header)
            for row in rows { try writer.write(row) }
            try writer.close()

            let chunkSize = [1, 7, 64, 1 << 18][iteration % 4]
            let (reader, read) = try T.readAll(path, dialect: dialect, chunkSize: chunkSize)
            #expect(reader.header == header, "iteration \(iteration)")
            #expect(read.count == rows.count, "iteration \(iteration)")
            for (i, (got, want)) in zip(read, rows).enumerated() {
                #expect(got.row == i + 1)
                #expect(got.problem == nil, "iteration \(iteration) row \(i + 1): \(got)")
                #expect(got.fields == want, "iteration \(iteration) row \(i + 1)")
            }
        }
    }
}
