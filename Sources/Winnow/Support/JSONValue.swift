/// A JSON value read from bytes: the reading side of `JSONLine`, for the small JSON cells of the work
/// artifacts, read once per row (where `JSONDecoder` would cost more than the rest of the row).
public enum JSONValue: Equatable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var offset: Int
        public var description: String { "invalid JSON at byte \(offset)" }
    }

    public static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            let value = try reader.value()
            reader.skipSpace()
            guard reader.position == bytes.count else { throw ParseError(offset: reader.position) }
            return value
        }
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    public var string: String? { if case .string(let value) = self { return value }; return nil }
    public var int: Int? { if case .number(let value) = self { return Int(value) }; return nil }
    public var array: [JSONValue]? { if case .array(let value) = self { return value }; return nil }
    public var pairs: [(String, JSONValue)]? { if case .object(let value) = self { return value }; return nil }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func value() throws -> JSONValue {
            skipSpace()
            guard position < bytes.count else { throw ParseError(offset: position) }
            switch bytes[position] {
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "{"):
                position += 1
                var pairs: [(String, JSONValue)] = []
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(pairs) }
                while true {
                    skipSpace()
                    let key = try string()
                    skipSpace()
                    try expect(UInt8(ascii: ":"))
                    pairs.append((key, try value()))
                    skipSpace()
                    if try separatorEnds(UInt8(ascii: "}")) { return .object(pairs) }
                }
            case UInt8(ascii: "["):
                position += 1
                var items: [JSONValue] = []
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                while true {
                    items.append(try value())
                    skipSpace()
                    if try separatorEnds(UInt8(ascii: "]")) { return .array(items) }
                }
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return .number(try number())
            }
        }

        /// After a member: `,` continues, `close` ends.
        mutating func separatorEnds(_ close: UInt8) throws -> Bool {
            guard position < bytes.count else { throw ParseError(offset: position) }
            if bytes[position] == UInt8(ascii: ",") { position += 1; return false }
            if bytes[position] == close { position += 1; return true }
            throw ParseError(offset: position)
        }

        mutating func expect(_ byte: UInt8) throws {
            guard position < bytes.count, bytes[position] == byte else { throw ParseError(offset: position) }
            position += 1
        }

        mutating func literal(_ word: StaticString) throws {
            let length = word.utf8CodeUnitCount
            guard position + length <= bytes.count else { throw ParseError(offset: position) }
            for index in 0..<length where bytes[position + index] != word.utf8Start[index] { throw ParseError(offset: position) }
            position += length
        }

        mutating func number() throws -> Double {
            let start = position
            while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
            guard position > start, let value = Double(String(decoding: bytes[start..<position], as: UTF8.self)) else {
                throw ParseError(offset: start)
            }
            return value
        }

        mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            let start = position
            // Fast path: no escapes, the bytes are the string.
            while position < bytes.count, bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\") { position += 1 }
            guard position < bytes.count else { throw ParseError(offset: start) }
            if bytes[position] == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: bytes[start..<(position - 1)], as: UTF8.self)
            }
            var out = Array(bytes[start..<position])
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                if byte == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
                guard byte == UInt8(ascii: "\\") else { out.append(byte); continue }
                guard position < bytes.count else { break }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), position + 1 < bytes.count,
                       bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                        position += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    out.append(contentsOf: String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                default: out.append(escape)   // \" \\ \/
                }
            }
            throw ParseError(offset: start)
        }

        mutating func hex4() throws -> UInt32 {
            guard position + 4 <= bytes.count else { throw ParseError(offset: position) }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                position += 1
                guard let digit = Int(String(UnicodeScalar(byte)), radix: 16) else { throw ParseError(offset: position - 1) }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
    }
}
