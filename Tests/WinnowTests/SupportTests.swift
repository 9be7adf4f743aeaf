import Testing
import Foundation
@testable import Winnow
import WinnowCSV

@Suite struct SupportTests {
    @Test(arguments: [
        ("E-Mail", "email"), ("Email Address", "emailaddress"), ("  Company_Name ", "companyname"),
        ("Straße", "strasse"), ("Téléphone", "telephone"), ("GDPR Consent?", "gdprconsent"), ("Müller", "mueller"),
    ])
    func headerKeys(header: String, key: String) {
        #expect(TextFold.headerKey(header) == key)
    }

    @Test(arguments: [
        ("  a  b ", "a b"), ("a\tb\nc", "a b c"), ("clean", "clean"), ("", ""), ("   ", ""),
        ("x\u{00A0}y", "x y"), ("Zoë  Ñandú", "Zoë Ñandú"), ("a ", "a"), (" a", "a"),
        // Longer than a small string's 15 bytes: read from the heap buffer.
        ("a value longer than fifteen bytes", "a value longer than fifteen bytes"),
        ("a value longer than  fifteen bytes ", "a value longer than fifteen bytes"),
    ])
    func whitespace(input: String, expected: String) {
        #expect(Whitespace.collapse(input) == expected)
        #expect(Whitespace.collapse(Whitespace.collapse(input)) == expected)
    }

    /// Each `ByteWord` test marks exactly the qualifying bytes, whatever their neighbours (no borrow across bytes).
    @Test func byteWordTestsAreExactPerByte() {
        var rng = CSVTestRNG(seed: 2026_12_09)
        let interesting: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x0D, 0x0E, 0x1F, 0x20, 0x21, 0x22, 0x2C, 0x7F, 0x80, 0xC2, 0xFF]
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ in Bool.random(using: &rng) ? interesting.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng) }
            let word = bytes.withUnsafeBufferPointer { ByteWord.load($0.baseAddress!, at: 0) }
            func mask(_ qualifies: (UInt8) -> Bool) -> UInt64 {
                bytes.enumerated().reduce(0) { $0 | (qualifies($1.element) ? UInt64(0x80) << (8 * UInt64($1.offset)) : 0) }
            }
            for target: UInt8 in [0x20, 0x0D, 0xC2, 0x00] {
                #expect(ByteWord.bytes(of: word, equalTo: target) == mask { $0 == target }, "\(bytes) = \(target)")
            }
            for limit: UInt8 in [0x0E, 0x20, 0x21, 0x80] {
                #expect(ByteWord.bytes(of: word, below: limit) == mask { $0 < limit }, "\(bytes) < \(limit)")
            }
            #expect(ByteWord.nonASCII(word) == mask { $0 >= 0x80 })
        }
    }

    /// The eight-bytes-at-a-time check agrees with the byte-by-byte rule on random text made of the bytes that
    /// decide (spaces at word edges, tabs, line ends, U+00A0 and other C2 characters, long clean runs).
    @Test func whitespaceCheckAgreesWithTheByteRule() {
        let pieces = [" ", "  ", "\t", "\n", "\r", "\u{00A0}", "©", "a", "bc", "defghij", "klmnopqrstuvwxyz", "Zoë", "!", "\u{0001}",
                      " !", "! ", "abc def", "a b c d e f g h"]
        var rng = CSVTestRNG(seed: 2026_12_07)
        var needing = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...9, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let expected = Whitespace.needsWork(bytes: Array(text.utf8))
            #expect(Whitespace.needsWork(text) == expected, "\(text.debugDescription)")
            if expected { needing += 1 }
        }
        #expect(needing > 5_000 && needing < 19_000)
    }

    /// The eight-bytes-at-a-time quoting check agrees with the byte-by-byte rule.
    @Test func csvQuotingCheckAgreesWithTheByteRule() {
        func byteRule(_ bytes: [UInt8]) -> Bool {
            guard let first = bytes.first, let last = bytes.last else { return false }
            if [0x20, 0x09].contains(first) || [0x20, 0x09].contains(last) { return true }
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return true }
            return bytes.contains { [0x2C, 0x22, 0x0A, 0x0D].contains($0) }
        }
        let pieces = [",", "\"", "\n", "\r", " ", "\t", "a", "bcdefgh", "ijklmnopqrstuvw", "\u{FEFF}", "Zoë", "-", "+", "!", "\u{2C}x"]
        var rng = CSVTestRNG(seed: 2026_12_08)
        var quoted = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let bytes = Array(text.utf8)
            let expected = byteRule(bytes)
            #expect(bytes.withUnsafeBufferPointer { ByteBuffer.csvNeedsQuotes($0) } == expected, "\(text.debugDescription)")
            if expected { quoted += 1 }
        }
        #expect(quoted > 5_000 && quoted < 19_000)
    }

    @Test(arguments: [
        ("1200", 1200.0), ("1,200", 1200), ("1.200", 1200), ("1 200 000", 1_200_000), ("12.5", 12.5), ("5,25", 5.25),
        ("7,500,000", 7_500_000), ("1.200.000,50", 1_200_000.5), ("1,200,000.50", 1_200_000.5), ("-3", -3), ("0", 0),
        (" 42 ", 42),
    ])
    func plainNumbers(text: String, value: Double) {
        #expect(NumberText.parsePlain(text) == value)
    }

    @Test(arguments: ["", "abc", "12a", "1,20,0", "--1", "1.2.3,4,5"])
    func notNumbers(text: String) {
        #expect(NumberText.parsePlain(text) == nil)
    }

    @Test func jsonEscaping() {
        var json = JSONLine()
        json.beginObject()
        json.field("a", "q\"b\\n\nt\t\u{01}é")
        json.field("n", 3)
        json.key("list"); json.beginArray(); json.string("x"); json.bool(true); json.null(); json.endArray()
        json.endObject()
        #expect(String(decoding: json.bytes, as: UTF8.self) == #"{"a":"q\"b\\n\nt\t\u0001é","n":3,"list":["x",true,null]}"#)
    }

    @Test func contactIDsAreStableAndDistinct() {
        #expect(ContactID.make("email:a@b.de") == ContactID.make("email:a@b.de"))
        #expect(ContactID.make("email:a@b.de") != ContactID.make("email:a@b.com"))
        #expect(ContactID.make("x").count == 17)
        // Ids are kept in the state across runs and versions: the hash (FNV-1a, 64 bits, zero-padded hex) never changes.
        #expect(ContactID.make("email:a@b.de") == "wf7cea04bc9d7e8c9")
        #expect(ContactID.make("email:", "a@b.de") == "wf7cea04bc9d7e8c9")
        #expect(ContactID.make("", "domain:acme.de", letter: UInt8(ascii: "a")) == "a7795734b1245350c")
        #expect(ContactID.make("") == "wcbf29ce484222325")
    }
}

/// The artifact cells' JSON reader reads back everything `JSONLine` writes.
@Suite struct JSONValueTests {
    @Test func roundTripsRandomStringsThroughJSONLine() throws {
        var rng = CSVTestRNG(seed: 42)
        let alphabet: [String] = ["a", "Z", " ", "\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", "é", "ß", "😀", "/", ":", "{", "]", ","]
        for _ in 0..<300 {
            let key = (0..<Int.random(in: 0...6, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
            let value = (0..<Int.random(in: 0...20, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
            var json = JSONLine()
            json.beginObject()
            json.field(key, value)
            json.field("n", 42)
            json.key("list"); json.beginArray(); json.string(value); json.bool(false); json.null(); json.endArray()
            json.endObject()
            let parsed = try JSONValue.parse(String(decoding: json.bytes, as: UTF8.self))
            #expect(parsed[key]?.string == value)
            #expect(parsed["n"]?.int == 42)
            #expect(parsed["list"] == .array([.string(value), .bool(false), .null]))
        }
    }

    @Test(arguments: ["", "{", "[1,", "{\"a\" 1}", "\"open", "nul", "{\"a\":1}x"])
    func rejectsBrokenJSON(text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(text) }
    }

    @Test func readsEscapesAndSurrogatePairs() throws {
        #expect(try JSONValue.parse(#""a\u00e9\ud83d\ude00\/\n""#) == .string("aé😀/\n"))
    }
}

/// `OutputSink` writes whole blocks directly where the file system allows it (the tail through the cache), and
/// otherwise hands finished windows to write-behind (dropped from the page cache once on disk); the file must
/// hold every byte in order, whatever the window, buffer and file sizes.
@Suite struct OutputSinkTests {
    @Test(arguments: [(1, false), (4096, false), (10_000, false), (1, true), (10_000, true)])
    func everyByteInOrder(window: Int, direct: Bool) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-sink-\(window)-\(direct)-\(getpid()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try OutputSink(path: path, kind: .jsonLines, writeBehindWindow: window, direct: direct)
        if !direct { #expect(!sink.isDirect) }
        var expected: [UInt8] = []
        var generator = SystemRandomNumberGenerator()
        let buffer = ByteBuffer()
        // About 3 MB: the staging block fills several times, with lines across its ends.
        for line in 0..<2_000 {
            buffer.removeAll()
            let text = "{\"line\":\(line),\"pad\":\"" + String(repeating: "x", count: Int.random(in: 0...3_000, using: &generator)) + "\"}\n"
            buffer.text(text)
            expected += Array(text.utf8)
            try sink.write(buffer)
        }
        // One write longer than the staging block.
        buffer.removeAll()
        let long = [UInt8](repeating: UInt8(ascii: "y"), count: OutputFile.stagingSize * 2 + 123)
        buffer.bytes(long)
        expected += long
        try sink.write(buffer)
        try sink.close()
        try sink.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(expected))
    }

    /// A file that cannot be opened: CSV files fail as `CSVWriter` does, JSON Lines files with `WinnowError.output`.
    @Test func openErrorsNameTheFile() throws {
        let path = "/nonexistent-winnow-folder/names"
        do {
            _ = try OutputSink(path: path + ".csv", kind: .csv)
            Issue.record("opened a file in a missing folder")
        } catch CSVError.cannotOpen(let failed, let reason) {
            #expect(failed == path + ".csv" && reason == "No such file or directory")
        }
        do {
            _ = try OutputSink(path: path + ".jsonl", kind: .jsonLines)
            Issue.record("opened a file in a missing folder")
        } catch WinnowError.output(let failed, let reason) {
            #expect(failed == path + ".jsonl" && reason == "No such file or directory")
        }
    }

    /// Files that end on a block boundary, or hold less than a block, or nothing.
    @Test(arguments: [0, 1, 4095, 4096, 8192, OutputFile.stagingSize, OutputFile.stagingSize + 4096])
    func sizesAroundBlocks(size: Int) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-sink-size-\(size)-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try OutputSink(path: path, kind: .csv)
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let buffer = ByteBuffer()
        buffer.bytes(bytes)
        if size > 0 { try sink.write(buffer) }
        try sink.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
        #expect(throws: CSVWriteError.self) { try sink.write(buffer) }
    }
}

@Suite struct RawValuesTests {
    /// Property test against a dictionary: any sequence of sets and removals leaves the same values, in field order.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func behavesLikeADictionarySortedByField(seed: UInt64) {
        var random = CSVTestRNG(seed: seed)
        var raw = RawValues()
        var model: [Int: String] = [:]
        for step in 0..<500 {
            let field = Int.random(in: 0..<12, using: &random)
            let value: String? = Bool.random(using: &random) ? nil : "v\(step)"
            raw[field] = value
            model[field] = value
            #expect(raw[field] == model[field])
        }
        #expect(raw.entries.map(\.field) == model.keys.sorted())
        #expect(raw.entries.allSatisfy { model[$0.field] == $0.value })
        #expect(raw.count == model.count && raw.isEmpty == model.isEmpty)
        #expect((0..<12).allSatisfy { raw[$0] == model[$0] })
    }

    @Test func literalsSortAndCompareByContent() {
        let raw: RawValues = [7: "b", 2: "a"]
        #expect(raw.entries.map(\.field) == [2, 7])
        #expect(raw == [2: "a", 7: "b"])
        #expect(raw != [2: "a"])
    }
}
