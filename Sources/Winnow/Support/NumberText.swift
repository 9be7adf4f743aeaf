/// Parsing and printing of the numbers found in contact lists.
public enum NumberText {
    /// A plain number with optional thousands separators: "1200", "1,200", "1.200.000", "1 200", "12.5", "-3".
    /// A single comma or dot followed by exactly three digits is ambiguous ("1,200", "1.500"): with `decimalComma`
    /// nil (the default) it is a thousands separator ("1,200" = 1200); `true` reads "," as the decimal mark and "."
    /// as thousands (German/French files: "1,500" = 1.5, "1.500" = 1500); `false` the reverse ("1.500" = 1.5).
    /// A lead group of "0" or of more than three digits is never a thousands group ("0,500" = 0.5).
    public static func parsePlain(_ text: String, decimalComma: Bool? = nil) -> Double? {
        var text = text
        return text.withUTF8 { bytes -> Double? in
            var index = 0
            let end = bytes.count
            while index < end, isBlank(bytes[index]) { index += 1 }
            var negative = false
            if index < end, bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
            else if index < end, bytes[index] == UInt8(ascii: "+") { index += 1 }
            var leadingPoint = false
            if index < end, bytes[index] == UInt8(ascii: ".") { leadingPoint = true; index += 1 }   // ".5"
            guard index < end, isDigit(bytes[index]) else { return nil }
            guard let number = scan(bytes, from: index, decimalComma: decimalComma) else { return nil }
            index = number.end
            while index < end, isBlank(bytes[index]) { index += 1 }
            guard index == end else { return nil }
            var value = number.value
            if leadingPoint {
                guard number.separators == 0 else { return nil }
                value = Double(number.mantissa) / pow10(number.digits)
            }
            return negative ? -value : value
        }
    }

    /// Prints a number without a trailing ".0" and without exponent for the magnitudes we meet.
    public static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    // MARK: - The scanner shared with Money and EmployeeCount

    struct Scanned {
        var value: Double
        /// The other reading of an ambiguous lone group ("1.500": 1500 vs 1.5), nil when unambiguous.
        var alternative: Double?
        var end: Int
        var mantissa: UInt64
        var digits: Int
        var separators: Int
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private static let powers: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }
    @inline(__always) static func pow10(_ exponent: Int) -> Double { exponent < powers.count ? powers[exponent] : 1e300 }

    /// Width of a thousands-space at `index` (space, NBSP, thin space, narrow NBSP, "_"), or 0.
    @inline(__always) private static func spaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        let byte = bytes[index]
        if byte == 0x20 || byte == UInt8(ascii: "_") { return 1 }
        if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 { return 2 }
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xAF || bytes[index + 2] == 0x89 { return 3 }
        return 0
    }

    /// Scans digits with grouping and decimal separators from `start` (a digit). Separators are "," "." "'" "’" and,
    /// when followed by exactly three digits, spaces. Returns nil when the grouping is invalid ("1,20,0").
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, decimalComma: Bool?) -> Scanned? {
        let end = bytes.count
        var index = start
        var mantissa: UInt64 = 0
        var digits = 0
        var dots = 0, commas = 0, spaces = 0
        var firstPosition = -1, lastPosition = -1
        var lastKind: UInt8 = 0
        var gapsOK = true
        var overflow = false
        var leadZero = false
        loop: while index < end {
            let byte = bytes[index]
            if isDigit(byte) {
                if digits == 0 { leadZero = byte == 0x30 }
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(byte &- 0x30) } else { overflow = true }
                digits += 1
                index += 1
                continue
            }
            var kind: UInt8 = 0
            var width = 1
            switch byte {
            case UInt8(ascii: "."): kind = byte
            case UInt8(ascii: ","): kind = byte
            case UInt8(ascii: "'"): kind = UInt8(ascii: " ")
            case 0xE2 where index + 2 < end && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x99:   // ’
                kind = UInt8(ascii: " "); width = 3
            default:
                width = spaceWidth(bytes, index)
                guard width > 0 else { break loop }
                // A space groups only "1 200": exactly three digits, then no digit.
                let after = index + width
                guard after + 3 <= end, isDigit(bytes[after]), isDigit(bytes[after + 1]), isDigit(bytes[after + 2]),
                      after + 3 == end || !isDigit(bytes[after + 3]) else { break loop }
                kind = UInt8(ascii: " ")
            }
            // A separator must be followed by a digit ("5000." ends the number at the dot).
            guard index + width < end, isDigit(bytes[index + width]) else { break loop }
            if lastPosition >= 0 { if digits - lastPosition != 3 { gapsOK = false } } else { firstPosition = digits }
            lastPosition = digits
            lastKind = kind
            switch kind {
            case UInt8(ascii: "."): dots += 1
            case UInt8(ascii: ","): commas += 1
            default: spaces += 1
            }
            index += width
        }
        if overflow { return nil }
        let separators = dots + commas + spaces
        let whole = Double(mantissa)
        if separators == 0 { return Scanned(value: whole, alternative: nil, end: index, mantissa: mantissa, digits: digits, separators: 0) }
        let tail = digits - lastPosition
        let leadOK = firstPosition >= 1 && firstPosition <= 3 && !leadZero
        let lastCount = lastKind == UInt8(ascii: ".") ? dots : lastKind == UInt8(ascii: ",") ? commas : spaces
        func decimal() -> Double { whole / pow10(tail) }
        if lastKind == UInt8(ascii: " ") {
            guard gapsOK, tail == 3, leadOK, dots + commas == 0 else { return nil }
            return Scanned(value: whole, alternative: nil, end: index, mantissa: mantissa, digits: digits, separators: separators)
        }
        if separators == 1 {
            if tail != 3 || !leadOK {
                return Scanned(value: decimal(), alternative: nil, end: index, mantissa: mantissa, digits: digits, separators: 1)
            }
            // Ambiguous "1,500" / "1.500".
            let thousands = whole, point = decimal()
            let commaIsDecimal = decimalComma
            let value: Double
            switch commaIsDecimal {
            case nil: value = thousands
            case true?: value = lastKind == UInt8(ascii: ",") ? point : thousands
            case false?: value = lastKind == UInt8(ascii: ".") ? point : thousands
            }
            return Scanned(value: value, alternative: value == thousands ? point : thousands, end: index, mantissa: mantissa, digits: digits, separators: 1)
        }
        guard leadOK, gapsOK else { return nil }
        if lastCount == 1 {
            // "1.200,50", "1 200,50", "1,200.50": the last mark is the decimal, the others one kind of grouping.
            let groupKinds = (lastKind == UInt8(ascii: ".") ? 0 : (dots > 0 ? 1 : 0)) + (lastKind == UInt8(ascii: ",") ? 0 : (commas > 0 ? 1 : 0)) + (spaces > 0 ? 1 : 0)
            guard groupKinds == 1 else { return nil }
            return Scanned(value: decimal(), alternative: nil, end: index, mantissa: mantissa, digits: digits, separators: separators)
        }
        // "1.200.000", "7,500,000": one kind, all groups of three.
        guard lastCount == separators, tail == 3 else { return nil }
        return Scanned(value: whole, alternative: nil, end: index, mantissa: mantissa, digits: digits, separators: separators)
    }
}
