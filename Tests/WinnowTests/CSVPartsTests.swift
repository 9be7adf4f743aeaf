import Foundation
import Testing
@testable import WinnowCSV

/// Reading a file in parts (`CSVReader.forEachRecord(inParts:)`) must deliver exactly what one sequential
/// read delivers: same records, fields, problems, lines, and (shifted by `rowsBefore`) rows.
@Suite struct CSVPartsTests {
    private typealias T = CSVTestSupport

    struct Read: Equatable, Sendable, CustomStringConvertible {
        var row: Int
        var line: Int
        var problem: String?
        var fields: [String]
        var description: String { "#\(row) L\(line) \(problem.map { "[\($0)] " } ?? "")\(fields)" }
    }

    private static func sequential(_ path: String, chunkSize: Int) throws -> (rows: [Read], sha: String, bytes: Int) {
        let reader = try CSVReader(path: path, options: CSVReadOptions(), chunkSize: chunkSize)
        var rows: [Read] = []
        try reader.forEachRecord { rows.append(Read(row: $0.row, line: $0.line, problem: $0.problem?.description, fields: $0.strings)) }
        return (rows, reader.sha256, reader.byteCount)
    }

    private static func inParts(_ path: String, parts: Int, minimumPartBytes: Int, chunkSize: Int) throws
        -> (rows: [Read], parts: Int, sha: String, bytes: Int) {
        let reader = try CSVReader(path: path, options: CSVReadOptions(), chunkSize: chunkSize)
        let results = try reader.forEachRecord(inParts: parts, minimumPartBytes: minimumPartBytes, makePart: { _ in [Read]() }) { rows, record in
            rows.append(Read(row: record.row, line: record.line, problem: record.problem?.description, fields: record.strings))
        }
        var rows: [Read] = []
        for part in results {
            #expect(part.rows == part.value.count)
            #expect(part.rowsBefore == rows.count)
            rows += part.value.map { var read = $0; read.row += part.rowsBefore; return read }
        }
        return (rows, results.count, reader.sha256, reader.byteCount)
    }

    /// Random files of clean and broken records: quoted fields across LF, CR and CRLF line ends, blank
    /// lines, stray and unbalanced quotes, wrong field counts, NUL bytes. Cuts land anywhere, including
    /// inside quoted fields, which the part before has to find out.
    @Test func partsMatchOneSequentialRead() throws {
        var rng = CSVTestRNG(seed: 0x9A27_2026)
        let pieces = ["alpha", "b c", "\"q,uoted\"", "\"multi\nline\"", "\"cr\r\nlf\"", "\"lone\rcr\"", "\"\"\"esc\"\"\"",
                      "", "x\"y", "\"open", "Zoë", "12.5", "\u{0}nul"]
        var splits = 0
        var voided = 0
        for round in 0..<120 {
            var text = "name,email,company\n"
            for _ in 0..<Int.random(in: 1...60, using: &rng) {
                let fields = Int.random(in: 0...10, using: &rng) == 0 ? Int.random(in: 1...4, using: &rng) : 3
                text += (0..<fields).map { _ in pieces.randomElement(using: &rng)! }.joined(separator: ",")
                text += ["\n", "\r\n", "\r", "\n\n"].randomElement(using: &rng)!
            }
            let path = try T.temporaryFile(text)
            defer { T.remove(path) }
            let chunkSize = [3, 64, 1 << 18][round % 3]
            let expected = try Self.sequential(path, chunkSize: chunkSize)
            for parts in [2, 3, 5] {
                let got = try Self.inParts(path, parts: parts, minimumPartBytes: 16, chunkSize: chunkSize)
                #expect(got.rows == expected.rows, "round \(round), \(parts) parts:\n\(text.debugDescription)")
                #expect(got.sha == expected.sha && got.bytes == expected.bytes)
                if got.parts > 1 { splits += 1 }
                if got.parts < parts { voided += 1 }
            }
        }
        // Both ways through the code were taken.
        #expect(splits > 100)
        #expect(voided > 20)
    }

    /// The middle of the file is inside a quoted field: one part reads it all.
    @Test func cutInsideAQuotedFieldIsFoundOut() throws {
        let long = String(repeating: "line of a note\n", count: 40)
        let text = "name,note\nAda,short\nBob,\"\(long)\"\nCy,end\n"
        let path = try T.temporaryFile(text)
        defer { T.remove(path) }
        let got = try Self.inParts(path, parts: 2, minimumPartBytes: 64, chunkSize: 64)
        #expect(got.parts == 1)
        #expect(got.rows == (try Self.sequential(path, chunkSize: 64)).rows)
        #expect(got.rows.map(\.line) == [2, 3, 44])
    }

    /// Small or non-UTF-8 files are read as one part.
    @Test func smallFilesAreOnePart() throws {
        let path = try T.temporaryFile("a,b\n1,2\n3,4\n")
        defer { T.remove(path) }
        let got = try Self.inParts(path, parts: 2, minimumPartBytes: 1 << 20, chunkSize: 1 << 18)
        #expect(got.parts == 1 && got.rows.count == 2)
    }

    /// A body's error stops the read and reaches the caller.
    @Test func bodyErrorsAreRethrown() throws {
        struct Stop: Error {}
        let text = "a,b\n" + String(repeating: "1,2\n", count: 500)
        let path = try T.temporaryFile(text)
        defer { T.remove(path) }
        let reader = try CSVReader(path: path, options: CSVReadOptions(), chunkSize: 64)
        #expect(throws: Stop.self) {
            _ = try reader.forEachRecord(inParts: 2, minimumPartBytes: 100, makePart: { $0.index }) { index, record in
                if index == 1 && record.row == 10 { throw Stop() }
            }
        }
    }

    /// Line ends counted ahead for later parts agree with a byte-by-byte count (LF, CR and CRLF each one),
    /// whatever the block boundaries.
    @Test func lineEndCountingMatchesNaive() {
        var rng = CSVTestRNG(seed: 77)
        let alphabet: [UInt8] = [0x0A, 0x0D, 0x61, 0x2C, 0x22, 0xC3, 0xA9]
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...200, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            var naive = 0
            for (i, b) in bytes.enumerated() where b == 0x0A || b == 0x0D {
                if b == 0x0A && i > 0 && bytes[i - 1] == 0x0D { continue }
                naive += 1
            }
            let cut = Int.random(in: 0...bytes.count, using: &rng)
            var afterCR = false
            let counted = bytes.withUnsafeBufferPointer { all in
                FileParts.countLineEnds(UnsafeBufferPointer(rebasing: all[..<cut]), afterCR: &afterCR)
                    + FileParts.countLineEnds(UnsafeBufferPointer(rebasing: all[cut...]), afterCR: &afterCR)
            }
            #expect(counted == naive, "\(bytes)")
        }
    }
}
