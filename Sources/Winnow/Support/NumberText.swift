/// Parsing and printing of the numbers found in contact lists.
public enum NumberText {
    /// A plain number with optional thousands separators: "1200", "1,200", "1.200.000", "1 200", "12.5", "-3".
    /// A single comma or dot followed by exactly three digits is read as a thousands separator ("1,200" = 1200).
    public static func parsePlain(_ text: String) -> Double? {
        var digits: [UInt8] = []
        var separators: [(byte: UInt8, position: Int)] = []
        var negative = false
        var seenDigit = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits.append(byte); seenDigit = true
            case UInt8(ascii: ","), UInt8(ascii: "."):
                guard seenDigit else { if byte == UInt8(ascii: ".") { separators.append((byte, digits.count)); continue } else { return nil } }
                separators.append((byte, digits.count))
            case UInt8(ascii: " "), UInt8(ascii: "'"), UInt8(ascii: "_"):
                guard seenDigit else { continue }   // leading spaces
                separators.append((UInt8(ascii: " "), digits.count))
            case UInt8(ascii: "-") where !seenDigit && !negative:
                negative = true
            case UInt8(ascii: "+") where !seenDigit:
                continue
            default:
                return nil
            }
        }
        guard !digits.isEmpty else { return nil }
        // Trailing spaces were recorded as separators at the end; drop them.
        while let last = separators.last, last.byte == UInt8(ascii: " "), last.position == digits.count { separators.removeLast() }
        var decimalAt: Int? = nil
        if let last = separators.last, last.byte != UInt8(ascii: " ") {
            let sameKind = separators.filter { $0.byte == last.byte }.count
            let tail = digits.count - last.position
            let otherKinds = Set(separators.map(\.byte)).count > 1
            if otherKinds {
                decimalAt = last.position                          // "1.200,50" or "1,200.50"
            } else if sameKind == 1 && tail != 3 {
                decimalAt = last.position                          // "12.5", "5,25"
            }
        }
        // Groups between thousands separators must be three digits.
        var previous: Int? = nil
        for separator in separators where separator.position != decimalAt {
            if let previous, separator.position - previous != 3 { return nil }
            previous = separator.position
        }
        if let previous, decimalAt == nil, digits.count - previous != 3 { return nil }
        if let previous, let decimalAt, decimalAt - previous != 3 { return nil }
        // Rebuild a plain "1234.5" and let the standard library round it correctly.
        var plain = negative ? "-" : ""
        plain.reserveCapacity(digits.count + 2)
        for (index, digit) in digits.enumerated() {
            if index == decimalAt { plain.append(".") }
            plain.unicodeScalars.append(Unicode.Scalar(digit))
        }
        return Double(plain)
    }

    /// Prints a number without a trailing ".0" and without exponent for the magnitudes we meet.
    public static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
