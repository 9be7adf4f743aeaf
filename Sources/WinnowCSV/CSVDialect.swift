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

    /// "comma", "semicolon", "tab", or the delimiter character itself.
    public var delimiterName: String {
        switch delimiter {
        case UInt8(ascii: ","): return "comma"
        case UInt8(ascii: ";"): return "semicolon"
        case UInt8(ascii: "\t"): return "tab"
        default: return String(UnicodeScalar(delimiter))
        }
    }
}

extension CSVDialect {
    /// Picks comma, semicolon or tab by counting them outside quotes in the first non-blank line of `prefix`
    /// (a line of only spaces and tabs is blank). Ties and no delimiter at all give comma.
    static func detect(in prefix: UnsafeRawBufferPointer) -> CSVDialect {
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let space = UInt8(ascii: " "), tabByte = UInt8(ascii: "\t")
        let quoteByte = UInt8(ascii: "\""), commaByte = UInt8(ascii: ","), semicolonByte = UInt8(ascii: ";")
        let n = prefix.count
        var lineStart = 0
        while lineStart < n {
            var j = lineStart
            var blank = true
            while j < n {
                let b = prefix[j]
                if b == lf || b == cr { break }
                if b != space && b != tabByte { blank = false; break }
                j += 1
            }
            if !blank { break }
            lineStart = j + 1
        }
        var commas = 0, semicolons = 0, tabs = 0
        var inQuotes = false
        var k = lineStart
        while k < n {
            let b = prefix[k]
            if b == quoteByte {
                inQuotes.toggle()
            } else if !inQuotes {
                if b == lf || b == cr { break }
                if b == commaByte { commas += 1 } else if b == semicolonByte { semicolons += 1 } else if b == tabByte { tabs += 1 }
            }
            k += 1
        }
        if semicolons > commas && semicolons > tabs { return .semicolon }
        if tabs > commas && tabs > semicolons { return .tab }
        return .comma
    }
}
