/// Looks at the first records of the (UTF-8) prefix of a file: delimiter, preamble lines, header line.
struct LayoutSniffer {
    struct Record {
        var start: Int
        /// End, before the line terminator.
        var end: Int
        /// 1-based physical line where the record starts.
        var line: Int
    }

    let bytes: [UInt8]
    /// Non-blank records, in order (at most `limit`).
    private(set) var records: [Record] = []

    static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]

    /// `complete`: `bytes` is the whole file, so a last record without a line end counts.
    init(bytes: [UInt8], complete: Bool, quote: UInt8 = UInt8(ascii: "\""), limit: Int = 20) {
        self.bytes = bytes
        let n = bytes.count
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var line = 1
        var i = 0
        while i < n && records.count < limit {
            let start = i
            let startLine = line
            var inQuotes = false
            var blank = true
            var end = -1
            while i < n {
                let b = bytes[i]
                if b == quote { inQuotes.toggle(); blank = false; i += 1; continue }
                if b == lf || b == cr {
                    let next = (b == cr && i + 1 < n && bytes[i + 1] == lf) ? i + 2 : i + 1
                    line += 1
                    if !inQuotes {
                        end = i
                        i = next
                        break
                    }
                    i = next
                    continue
                }
                if b != UInt8(ascii: " ") && b != UInt8(ascii: "\t") { blank = false }
                i += 1
            }
            if end < 0 {
                // Ran to the end of the prefix.
                if !complete { break }
                end = n
            }
            if !blank { records.append(Record(start: start, end: end, line: startLine)) }
        }
    }

    /// Delimiters outside quotes in `record`.
    func count(_ delimiter: UInt8, in record: Record, quote: UInt8 = UInt8(ascii: "\"")) -> Int {
        var inQuotes = false
        var c = 0
        for i in record.start..<record.end {
            let b = bytes[i]
            if b == quote { inQuotes.toggle() } else if b == delimiter && !inQuotes { c += 1 }
        }
        return c
    }

    /// Fields of `record` split on `delimiter` outside quotes, surrounding quotes and spaces removed.
    func fields(_ record: Record, _ delimiter: UInt8, quote: UInt8 = UInt8(ascii: "\"")) -> [String] {
        var out: [String] = []
        var current: [UInt8] = []
        var inQuotes = false
        var i = record.start
        while i < record.end {
            let b = bytes[i]
            if b == quote {
                if inQuotes && i + 1 < record.end && bytes[i + 1] == quote { current.append(quote); i += 2; continue }
                inQuotes.toggle()
            } else if b == delimiter && !inQuotes {
                out.append(Self.trimmed(current))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(b)
            }
            i += 1
        }
        out.append(Self.trimmed(current))
        return out
    }

    private static func trimmed(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).trimmingSpaces()
    }

    /// Field count of a record, not counting one trailing empty field (a trailing delimiter).
    private func fieldCount(_ record: Record, _ delimiter: UInt8) -> Int {
        var c = count(delimiter, in: record) + 1
        var j = record.end - 1
        while j >= record.start && (bytes[j] == UInt8(ascii: " ") || (bytes[j] == UInt8(ascii: "\t") && delimiter != bytes[j])) { j -= 1 }
        if c > 1 && j >= record.start && bytes[j] == delimiter { c -= 1 }
        return c
    }

    /// Most frequent count among `counts` greater than `floor` (ties: the larger), with its frequency.
    private static func mode(_ counts: [Int], above floor: Int) -> (value: Int, frequency: Int) {
        var freq: [Int: Int] = [:]
        for c in counts where c > floor { freq[c, default: 0] += 1 }
        var best = (value: 0, frequency: 0)
        for (value, f) in freq where f > best.frequency || (f == best.frequency && value > best.value) {
            best = (value, f)
        }
        return best
    }

    /// Picks the delimiter with the most records sharing one non-zero count; ties go to the larger count,
    /// then to comma, semicolon, tab, pipe. With fewer than two records in agreement, the first record
    /// decides (the most delimiters; ties and none give comma).
    func sniffDelimiter() -> UInt8 {
        guard let first = records.first else { return UInt8(ascii: ",") }
        var best: (delimiter: UInt8, frequency: Int, value: Int)? = nil
        for d in Self.candidates {
            let m = Self.mode(records.map { count(d, in: $0) }, above: 0)
            guard m.frequency >= 2 else { continue }
            if best == nil || m.frequency > best!.frequency || (m.frequency == best!.frequency && m.value > best!.value) {
                best = (d, m.frequency, m.value)
            }
        }
        if let best { return best.delimiter }
        let counts = Self.candidates.map { count($0, in: first) }
        let top = counts.max() ?? 0
        if top == 0 || counts.filter({ $0 == top }).count > 1 { return UInt8(ascii: ",") }
        return Self.candidates[counts.firstIndex(of: top)!]
    }

    /// Number of leading records that are a preamble: a title or "Exported on ..." line with at most half
    /// the fields of the consistent lines that follow (or, when `requireNames`, a single non-empty field
    /// padded with delimiters). Needs at least two records, and most records after the preamble, with the
    /// common field count.
    func preambleCount(_ delimiter: UInt8, requireNames: Bool) -> Int {
        let counts = records.map { fieldCount($0, delimiter) }
        let m = Self.mode(counts, above: 1)
        guard m.frequency >= 2 else { return 0 }
        var h = 0
        while h < records.count {
            if requireNames && m.value >= 3 && fields(records[h], delimiter).filter({ !$0.isEmpty }).count < 2 {
                h += 1
                continue
            }
            if counts[h] >= m.value || counts[h] * 2 > m.value { break }
            h += 1
        }
        guard h > 0 && h < records.count else { return 0 }
        let after = counts[h...]
        let agreeing = after.filter { $0 == m.value }.count
        return agreeing >= 2 && agreeing * 4 >= after.count * 3 ? h : 0
    }

    /// Text of a record (line ends inside it kept).
    func text(_ record: Record) -> String {
        String(decoding: bytes[record.start..<record.end], as: UTF8.self)
    }

    /// Whether header fields look like a data record: an e-mail address, or mostly numbers and phone numbers.
    static func looksLikeData(_ fields: [String]) -> Bool {
        let values = fields.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        guard !values.isEmpty else { return false }
        if values.contains(where: isEmailAddress) { return true }
        let numeric = values.filter(isNumberLike).count
        return numeric * 2 > values.count
    }

    static func isEmailAddress(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard let at = u.firstIndex(of: UInt8(ascii: "@")), at > 0, at < u.count - 3 else { return false }
        if u.contains(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ",") }) { return false }
        guard let dot = u[(at + 1)...].lastIndex(of: UInt8(ascii: ".")) else { return false }
        return dot > at + 1 && dot < u.count - 1
    }

    /// Digits with phone or number punctuation only (at least two digits).
    static func isNumberLike(_ s: String) -> Bool {
        var digits = 0
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "."),
                 UInt8(ascii: " "), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: ","):
                break
            default: return false
            }
        }
        return digits >= 2
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
