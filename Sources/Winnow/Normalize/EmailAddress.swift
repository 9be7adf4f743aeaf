import Foundation

/// Email clean-up and the practical syntax check (the subset of RFC 5322 that real mailboxes use).
public enum EmailAddress {
    /// Trims, drops `mailto:` and angle brackets, lowercases. Returns nil when the result is not a valid address.
    public static func normalize(_ text: String) -> String? {
        var bytes = Array(text.utf8)
        trim(&bytes)
        if let open = bytes.firstIndex(of: UInt8(ascii: "<")), let close = bytes.lastIndex(of: UInt8(ascii: ">")), open < close {
            bytes = Array(bytes[(open + 1)..<close])
            trim(&bytes)
        }
        let mailto = Array("mailto:".utf8)
        if bytes.count > mailto.count, zip(bytes, mailto).allSatisfy({ lower($0) == $1 }) {
            bytes.removeFirst(mailto.count)
        }
        for index in bytes.indices { bytes[index] = lower(bytes[index]) }
        guard isValid(bytes) else { return nil }
        let address = String(decoding: bytes, as: UTF8.self)
        // An internationalized domain ("BÜCHER.de"): lowercase it fully and compose it (NFC), so one domain has one spelling.
        guard bytes.contains(where: { $0 >= 0x80 }), let at = address.lastIndex(of: "@") else { return address }
        let domain = address[address.index(after: at)...].lowercased().precomposedStringWithCanonicalMapping
        return address[...at] + domain
    }

    public static func isValid(_ text: String) -> Bool { isValid(Array(text.utf8)) }

    static func isValid(_ bytes: [UInt8]) -> Bool {
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1, bytes.count <= 254 else { return false }
        let local = bytes[..<at], domain = bytes[(at + 1)...]
        guard local.count <= 64, local.first != UInt8(ascii: "."), local.last != UInt8(ascii: ".") else { return false }
        var previousDot = false
        for byte in local {
            let isDot = byte == UInt8(ascii: ".")
            if isDot && previousDot { return false }
            previousDot = isDot
            guard isAtext(byte) || isDot else { return false }
        }
        // Domain: dot-separated labels of letters, digits and hyphens (or UTF-8 for IDNs), a TLD of 2+ characters
        // that are not all digits. One pass over the bytes, label by label: no array of labels per address.
        var labels = 0, labelStart = domain.startIndex, tldAllDigits = true
        for index in domain.startIndex...domain.endIndex {
            if index == domain.endIndex || domain[index] == UInt8(ascii: ".") {
                guard index > labelStart, index - labelStart <= 63, domain[labelStart] != UInt8(ascii: "-"),
                      domain[index - 1] != UInt8(ascii: "-") else { return false }
                labels += 1
                if index == domain.endIndex { break }
                labelStart = index + 1
                tldAllDigits = true
            } else {
                let byte = domain[index]
                guard isAlnum(byte) || byte == UInt8(ascii: "-") || byte >= 0x80 else { return false }
                if !isDigit(byte) { tldAllDigits = false }
            }
        }
        return labels >= 2 && domain.endIndex - labelStart >= 2 && !tldAllDigits
    }

    private static func trim(_ bytes: inout [UInt8]) {
        while let last = bytes.last, last <= 0x20 { bytes.removeLast() }
        var start = 0
        while start < bytes.count, bytes[start] <= 0x20 { start += 1 }
        if start > 0 { bytes.removeFirst(start) }
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    private static func isAlpha(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
    private static func isAlnum(_ byte: UInt8) -> Bool { isAlpha(byte) || isDigit(byte) }
    private static func isAtext(_ byte: UInt8) -> Bool {
        if isAlnum(byte) || byte >= 0x80 { return true }
        switch byte {  // a switch, not a scan of a string of the symbols for every byte
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"),
             UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"),
             UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}

/// Phone clean-up for matching: a leading `+` and the digits.
public enum PhoneNumber {
    public static func digitsOnly(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                out.append(byte)
            } else if byte == UInt8(ascii: "+") && out.isEmpty {
                out.append(byte)
            }
        }
        if out == [UInt8(ascii: "+")] { return "" }
        return String(decoding: out, as: UTF8.self)
    }

    /// Number of digits, the usability test: a phone with at least 6 digits identifies someone.
    public static func digitCount(_ text: String) -> Int {
        text.utf8.reduce(0) { $0 + ((UInt8(ascii: "0")...UInt8(ascii: "9")).contains($1) ? 1 : 0) }
    }
}
