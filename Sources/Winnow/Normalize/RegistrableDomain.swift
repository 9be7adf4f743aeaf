import CPSL

/// The registrable domain ("eTLD+1") of a website or email, through libpsl and its built-in Public Suffix List.
///
/// "https://www.shop.acme.co.uk/about" -> "acme.co.uk", "WWW.Acme.DE" -> "acme.de",
/// "anna@mail.acme.co.uk" -> "acme.co.uk", "foo.github.io" -> "foo.github.io" (private suffixes count).
/// IP addresses, "localhost", single labels, bare public suffixes ("co.uk"), unknown top-level domains
/// ("acme.local") and garbage give nil.
///
/// IDNs come back in their **Unicode, lowercased** form, whichever way they were written:
/// "MÜLLER-Bau.de", "müller-bau.de" and "xn--mller-bau-4ob.de" all give "müller-bau.de".
/// (Lowercasing is Swift's `lowercased()`; no NFC normalization is applied.)
///
/// The list is the one compiled into libpsl (`psl_builtin()`, Debian: snapshot of the libpsl build);
/// nothing is read from disk unless a libpsl without built-in data is linked, when `psl_latest(NULL)`
/// (the system `publicsuffix` package) is used instead.
/// Every function may be called from any thread; a `Cache` (one per thread: it has no lock) remembers the results for hosts
/// that need IDNA decoding.
public enum RegistrableDomain {
    /// From a website cell: scheme, userinfo, port, path, query, fragment and trailing dots are dropped
    /// ("http://user@acme.com:8080/x?y" -> "acme.com", "acme.de/kontakt" -> "acme.de").
    public static func fromWebsite(_ text: String, cache: Cache? = nil) -> String? {
        guard let host = host(fromWebsite: text) else { return nil }
        return registrable(host: host, cache: cache)
    }

    /// From an email address (or a cell holding one: "mailto:", "Anna <anna@acme.de>"):
    /// "anna@mail.acme.co.uk" -> "acme.co.uk".
    public static func fromEmail(_ email: String, cache: Cache? = nil) -> String? {
        guard let host = host(fromEmail: email) else { return nil }
        return registrable(host: host, cache: cache)
    }

    /// The host part of an email cell, as written, or nil when there is none.
    static func host(fromEmail email: String) -> String? {
        var bytes = Array(email.utf8)
        if let open = bytes.firstIndex(of: UInt8(ascii: "<")), let close = bytes.lastIndex(of: UInt8(ascii: ">")), open < close {
            bytes = Array(bytes[(open + 1)..<close])
        }
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0 else { return nil }
        var domain = bytes[(at + 1)...]
        while let first = domain.first, first <= 0x20 { domain.removeFirst() }
        if let end = domain.firstIndex(where: { $0 <= 0x20 || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ";") }) {
            domain = domain[..<end]
        }
        guard !domain.isEmpty, domain.first != UInt8(ascii: "[") else { return nil }  // "[1.2.3.4]" literal
        return String(decoding: domain, as: UTF8.self)
    }

    /// From a bare host name ("www.Acme.DE." -> "acme.de"). Nil for IPs, single labels, public suffixes,
    /// unknown top-level domains and anything that is not a host name.
    public static func registrable(host: String, cache: Cache? = nil) -> String? {
        // A plain ASCII host is checked in one pass and looked up in libpsl's table for less than a cache lookup and
        // insert cost (a list's hosts are mostly distinct, so a capped cache kept filling up and being emptied):
        // only hosts that need IDNA decoding are remembered.
        switch asciiHost(host) {
        case .host(let normalized): return suffixLookup(normalized)
        case .invalid: return nil
        case .needsGeneralPath:
            func general() -> String? { normalizedHostInGeneral(host).flatMap(suffixLookup) }
            guard let cache else { return general() }
            if let hit = cache.entries[host] { return hit }
            let result = general()
            if cache.entries.count >= cache.limit { cache.entries.removeAll(keepingCapacity: true) }
            cache.entries[host] = .some(result)
            return result
        }
    }

    /// Results per host for one thread (a normalizer's), capped. Not locked: a cache shared by the normalize
    /// workers cost more in lock hand-offs than the lookups it saved.
    public final class Cache {
        fileprivate var entries: [String: String?] = [:]
        fileprivate let limit: Int
        public init(limit: Int = 50_000) { self.limit = limit }
    }

    // MARK: - Host extraction (byte level, no Foundation URL)

    /// The host part of a website cell, as written (not lowercased), or nil when there is none.
    static func host(fromWebsite text: String) -> String? {
        var bytes = Array(text.utf8)[...]
        func isBlank(_ byte: UInt8) -> Bool { byte <= 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") }
        while let first = bytes.first, isBlank(first) { bytes.removeFirst() }
        while let last = bytes.last, isBlank(last) { bytes.removeLast() }
        // U+00A0 / U+FEFF around the value (spreadsheets): drop them too.
        for junk in [[0xC2, 0xA0], [0xEF, 0xBB, 0xBF]] as [[UInt8]] {
            while bytes.starts(with: junk) { bytes.removeFirst(junk.count) }
        }

        // Scheme: "https://", "HTTP://", "ftp://"; or scheme-relative "//host".
        if let colon = firstIndex(of: Array("://".utf8), in: bytes),
           colon > bytes.startIndex,
           bytes[bytes.startIndex..<colon].allSatisfy({ isSchemeByte($0) }) {
            bytes = bytes[(colon + 3)...]
        } else if bytes.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) {
            bytes = bytes.dropFirst(2)
        }

        // Authority ends at path, query, fragment, backslash, blank or list separator.
        if let end = bytes.firstIndex(where: { byte in
            switch byte {
            case 0...0x20, UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "\\"), UInt8(ascii: ","), UInt8(ascii: ";"): true
            default: false
            }
        }) {
            bytes = bytes[..<end]
        }
        // Userinfo ("user:pw@host") and "mailto:anna@host".
        if let at = bytes.lastIndex(of: UInt8(ascii: "@")) { bytes = bytes[(at + 1)...] }
        if bytes.first == UInt8(ascii: "[") { return nil }  // IPv6 literal
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) { bytes = bytes[..<colon] }  // port
        guard !bytes.isEmpty else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2D || byte == 0x2E
    }

    private static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        while index <= haystack.endIndex - needle.count {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    // MARK: - Host normalization and the PSL lookup

    /// The registrable domain of a normalized host (`asciiHost`, `normalizedHostInGeneral`).
    private static func suffixLookup(_ host: String) -> String? {
        host.withCString { pointer -> String? in
            guard let psl = context, let found = psl_registrable_domain(psl, pointer) else { return nil }
            // psl returns a pointer into our buffer: the registrable domain is its tail.
            return String(cString: found)
        }
    }


    enum ASCIIHost: Equatable {
        case host(String)
        case invalid
        /// Non-ASCII bytes or a punycode label.
        case needsGeneralPath
    }

    /// `normalizedHostInGeneral` for the usual host, plain ASCII with no punycode label, in one pass over its bytes:
    /// most hosts of a list are distinct, so this runs about once per record. For such a host it gives the
    /// general path's verdict, valid or not; any other host it hands over (`needsGeneralPath`).
    static func asciiHost(_ raw: String) -> ASCIIHost {
        var text = raw
        return text.withUTF8 { bytes -> ASCIIHost in
            var end = bytes.count
            while end > 0, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return .needsGeneralPath }
            guard end > 0, bytes.count <= 253 else { return .invalid }
            var labels = 1, labelStart = 0, lastLabelAllDigits = true
            var out = [UInt8](repeating: 0, count: end)
            for i in 0..<end {
                var byte = bytes[i]
                if byte == UInt8(ascii: ".") {
                    guard i > labelStart, i - labelStart <= 63, out[i - 1] != 0x2D else { return .invalid }
                    labels += 1; labelStart = i + 1; lastLabelAllDigits = true
                    out[i] = byte
                    continue
                }
                if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
                let isDigit = byte >= 0x30 && byte <= 0x39
                guard (byte >= 0x61 && byte <= 0x7A) || isDigit || byte == 0x2D || byte == 0x5F else { return .invalid }
                if byte == 0x2D && i == labelStart { return .invalid }
                // "xn--" labels need decoding: the general path.
                if byte == 0x2D && i == labelStart + 3 && out[labelStart] == 0x78 && out[labelStart + 1] == 0x6E && out[labelStart + 2] == 0x2D {
                    return .needsGeneralPath
                }
                if !isDigit { lastLabelAllDigits = false }
                out[i] = byte
            }
            guard labels >= 2, end - labelStart <= 63, out[end - 1] != 0x2D, !lastLabelAllDigits,
                  isKnownTopLevelDomain(asciiLabel: out[labelStart...])
            else { return .invalid }
            return .host(String(decoding: out, as: UTF8.self))
        }
    }

    /// Lowercased, trailing dots dropped, punycode labels decoded, validated; nil when not a plausible
    /// public host name (IP address, single label, empty label, bad characters, unknown TLD).
    static func normalizedHostInGeneral(_ raw: String) -> String? {
        var text = raw
        if text.utf8.contains(where: { $0 >= 0x80 }) {
            // IDNA mappings that matter in practice: the ideographic and fullwidth full stops (U+3002, U+FF0E,
            // U+FF61) separate labels, fullwidth ASCII (U+FF01-U+FF5E, "ａｃｍｅ") is plain ASCII.
            text = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar -> Unicode.Scalar in
                switch scalar.value {
                case 0x3002, 0xFF0E, 0xFF61: return "."
                case 0xFF01...0xFF5E: return Unicode.Scalar(scalar.value - 0xFEE0)!
                default: return scalar
                }
            }))
            text = text.lowercased()
        }
        var labels = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        while labels.count > 1, labels.last!.isEmpty { labels.removeLast() }  // "acme.de." (one or more)
        guard labels.count >= 2, text.utf8.count <= 253 else { return nil }

        var out: [String] = []
        out.reserveCapacity(labels.count)
        for label in labels {
            guard !label.isEmpty else { return nil }
            if label.allSatisfy({ $0 < 0x80 }) {
                var bytes = label.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 | 0x20 : $0 }
                guard bytes.count <= 63,
                      bytes.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }),
                      bytes.first != 0x2D, bytes.last != 0x2D
                else { return nil }
                if bytes.starts(with: Array("xn--".utf8)) {
                    guard let decoded = Punycode.decode(bytes.dropFirst(4)) else { return nil }
                    let lowered = decoded.lowercased()
                    guard isValidUnicodeLabel(lowered) else { return nil }
                    bytes = Array(lowered.utf8)
                }
                out.append(String(decoding: bytes, as: UTF8.self))
            } else {
                let string = String(decoding: label, as: UTF8.self)
                guard isValidUnicodeLabel(string) else { return nil }
                out.append(string)
            }
        }
        // IPv4 in any spelling ends in an all-digit label; so does nothing else that is a real domain.
        guard let tld = out.last, !tld.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        guard isKnownTopLevelDomain(tld) else { return nil }
        return out.joined(separator: ".")
    }

    private static func isValidUnicodeLabel(_ label: String) -> Bool {
        guard !label.isEmpty, label.first != "-", label.last != "-" else { return false }
        return label.unicodeScalars.allSatisfy { scalar in
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                return (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
            }
            let properties = scalar.properties
            return properties.isAlphabetic || properties.numericType != nil
                || properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark
        }
    }

    /// True when the last label is itself a listed suffix ("de", "com", "рф"), so "acme.local" is rejected
    /// instead of being accepted through the PSL's implicit "*" rule.
    private static func isKnownTopLevelDomain(_ tld: String) -> Bool {
        guard let psl = context else { return false }
        let flags = Int32(PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE)
        return tld.withCString { psl_is_public_suffix2(psl, $0, flags) != 0 }
    }

    /// `isKnownTopLevelDomain` for a lowercase ASCII label. libpsl takes about 2,000 instructions to answer, and
    /// nearly every host ends in a two-letter label or one of a few common longer ones: those answers are asked
    /// of libpsl once. The reserved "example", "test" and "invalid" are among them: demo and test
    /// lists (the bench's generator too) are full of them.
    private static func isKnownTopLevelDomain(asciiLabel label: ArraySlice<UInt8>) -> Bool {
        let a = UInt8(ascii: "a"), z = UInt8(ascii: "z")
        if label.count == 2 {
            let first = label[label.startIndex], second = label[label.startIndex + 1]
            if first >= a && first <= z && second >= a && second <= z {
                return twoLetterTopLevelDomains[Int(first - a) * 26 + Int(second - a)]
            }
        } else if label.count <= 8 {
            let packed = packedLabel(label)
            for known in commonTopLevelDomains where known.label == packed { return known.isKnown }
        }
        return isKnownTopLevelDomain(String(decoding: label, as: UTF8.self))
    }

    /// Up to 8 bytes in one number; the length is in it too (a zero byte cannot start a label).
    private static func packedLabel(_ label: some Collection<UInt8>) -> UInt64 {
        label.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// libpsl's answer for "aa" ... "zz", in that order.
    private static let twoLetterTopLevelDomains: [Bool] = (0..<26 * 26).map { index in
        let a = UInt8(ascii: "a")
        return isKnownTopLevelDomain(String(decoding: [a + UInt8(index / 26), a + UInt8(index % 26)], as: UTF8.self))
    }

    /// libpsl's answers for common longer labels, the most common first.
    private static let commonTopLevelDomains: [(label: UInt64, isKnown: Bool)] =
        ["com", "net", "org", "info", "biz", "example", "online", "shop", "store", "tech", "site", "app", "dev", "xyz",
         "cloud", "agency", "digital", "company", "group", "media", "edu", "gov", "int", "mil", "pro", "eus", "cat",
         "test", "local", "invalid", "internal", "lan", "home", "corp", "localhost"]
            .filter { $0.utf8.count <= 8 }
            .map { (packedLabel($0.utf8), isKnownTopLevelDomain($0)) }

    /// libpsl's compiled-in list; `psl_latest(NULL)` (system file) only if this libpsl has none.
    /// psl contexts are immutable after loading and safe to share between threads.
    nonisolated(unsafe) private static let context: OpaquePointer? = psl_builtin() ?? psl_latest(nil)
}

/// RFC 3492 decoding, enough for IDN labels ("mller-bau-4ob" -> "müller-bau").
enum Punycode {
    static func decode<Input: Collection>(_ input: Input) -> String? where Input.Element == UInt8 {
        let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
        let bytes = Array(input)
        var output: [Unicode.Scalar] = []
        var position = 0
        if let delimiter = bytes.lastIndex(of: UInt8(ascii: "-")) {
            for byte in bytes[..<delimiter] {
                guard byte < 0x80 else { return nil }
                output.append(Unicode.Scalar(byte))
            }
            position = delimiter + 1
        }
        guard position < bytes.count else { return nil }  // "xn--abc-" carries nothing to decode

        var n = 128, i = 0, bias = 72
        func adapt(_ delta: Int, _ count: Int, _ first: Bool) -> Int {
            var delta = first ? delta / damp : delta / 2
            delta += delta / count
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (base - tMin + 1) * delta / (delta + skew)
        }
        while position < bytes.count {
            let oldI = i
            var w = 1, k = base
            while true {
                guard position < bytes.count else { return nil }
                let byte = bytes[position]
                position += 1
                let digit: Int
                switch byte {
                case 0x30...0x39: digit = Int(byte) - 22  // "0"-"9" -> 26-35
                case 0x41...0x5A: digit = Int(byte) - 0x41
                case 0x61...0x7A: digit = Int(byte) - 0x61
                default: return nil
                }
                let (product, overflow1) = digit.multipliedReportingOverflow(by: w)
                let (sum, overflow2) = i.addingReportingOverflow(product)
                guard !overflow1, !overflow2 else { return nil }
                i = sum
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                let (nextW, overflow3) = w.multipliedReportingOverflow(by: base - t)
                guard !overflow3 else { return nil }
                w = nextW
                k += base
            }
            let count = output.count + 1
            bias = adapt(i - oldI, count, oldI == 0)
            let (nextN, overflow4) = n.addingReportingOverflow(i / count)
            guard !overflow4 else { return nil }
            n = nextN
            i %= count
            guard n <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(n)) else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        return String(String.UnicodeScalarView(output))
    }
}
