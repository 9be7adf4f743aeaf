/// The separator and quote characters of a CSV file.
public struct CSVDialect: Sendable, Hashable {
    /// Field separator byte, e.g. `UInt8(ascii: ",")`.
    public var delimiter: UInt8
    /// Quote byte, normally `"`.
    public var quote: UInt8

    public init(delimiter: UInt8, quote: UInt8 = UInt8(ascii: "\"")) {
        self.delimiter = delimiter
        self.quote = quote
    }

    public static let comma = CSVDialect(delimiter: UInt8(ascii: ","))
    public static let semicolon = CSVDialect(delimiter: UInt8(ascii: ";"))
    public static let tab = CSVDialect(delimiter: UInt8(ascii: "\t"))
    public static let pipe = CSVDialect(delimiter: UInt8(ascii: "|"))

    /// "comma", "semicolon", "tab", "pipe", or the delimiter character itself.
    public var delimiterName: String {
        switch delimiter {
        case UInt8(ascii: ","): return "comma"
        case UInt8(ascii: ";"): return "semicolon"
        case UInt8(ascii: "\t"): return "tab"
        case UInt8(ascii: "|"): return "pipe"
        default: return String(UnicodeScalar(delimiter))
        }
    }
}
