/// Encoding detection on the first bytes of a file, and the streaming decoders to UTF-8.
struct TextDetection {
    var encoding: CSVTextEncoding
    /// Bytes of byte order mark to skip.
    var bomLength: Int
    /// Invalid byte sequences reject their record (else Windows-1252's undefined bytes decode to C1 controls).
    var strict: Bool
}

enum TextDetector {
    /// Decides the encoding from `prefix` (the first bytes of the file; `wholeFile` when that is all of it).
    /// Returns a reason text when the file is not text.
    static func detect(_ p: UnsafeRawBufferPointer, wholeFile: Bool, declared: CSVTextEncoding?) -> Result<TextDetection, NotText> {
        let n = p.count
        func starts(_ bytes: [UInt8]) -> Bool {
            n >= bytes.count && bytes.indices.allSatisfy { p[$0] == bytes[$0] }
        }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) || starts([0x50, 0x4B, 0x07, 0x08]) {
            return .failure(NotText("it looks like an Excel .xlsx workbook (a ZIP archive); save it as CSV"))
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return .failure(NotText("it looks like an old Excel .xls workbook (an OLE2 compound file); save it as CSV"))
        }
        if starts(Array("%PDF-".utf8)) { return .failure(NotText("it looks like a PDF document")) }
        if starts([0x1F, 0x8B]) { return .failure(NotText("it looks like a gzip-compressed file; decompress it first")) }
        if starts([0x89, 0x50, 0x4E, 0x47]) || starts([0xFF, 0xD8, 0xFF]) || starts(Array("GIF8".utf8)) {
            return .failure(NotText("it looks like an image"))
        }
        if starts([0xFF, 0xFE, 0x00, 0x00]) || starts([0x00, 0x00, 0xFE, 0xFF]) {
            return .failure(NotText("it starts with a UTF-32 byte order mark; UTF-32 is not supported, save it as UTF-8"))
        }
        if starts([0xEF, 0xBB, 0xBF]) {
            return .success(TextDetection(encoding: .utf8, bomLength: 3, strict: true))
        }
        if starts([0xFF, 0xFE]) || starts([0xFE, 0xFF]) {
            let encoding: CSVTextEncoding = p[0] == 0xFF ? .utf16le : .utf16be
            if utf16NulShare(p, from: 2, littleEndian: encoding == .utf16le) > 0.2 {
                return .failure(NotText("it has a UTF-16 byte order mark but the data behind it is not UTF-16 (UTF-32 or binary); save it as UTF-8"))
            }
            return .success(TextDetection(encoding: encoding, bomLength: 2, strict: true))
        }
        // No byte order mark.
        let sample = min(n, 4096)
        var evenZeros = 0, oddZeros = 0
        var i = 0
        while i + 1 < sample {
            if p[i] == 0 { evenZeros += 1 }
            if p[i + 1] == 0 { oddZeros += 1 }
            i += 2
        }
        let pairs = sample / 2
        if let declared {
            if !(declared == .utf16le || declared == .utf16be), let reason = binaryReason(p) {
                return .failure(NotText(reason))
            }
            return .success(TextDetection(encoding: declared, bomLength: 0, strict: true))
        }
        if pairs >= 2 {
            if oddZeros * 10 >= pairs * 4 && evenZeros * 20 < pairs {
                return .success(TextDetection(encoding: .utf16le, bomLength: 0, strict: true))
            }
            if evenZeros * 10 >= pairs * 4 && oddZeros * 20 < pairs {
                return .success(TextDetection(encoding: .utf16be, bomLength: 0, strict: true))
            }
        }
        if let reason = binaryReason(p) { return .failure(NotText(reason)) }
        if isValidUTF8(p, allowTruncatedEnd: !wholeFile) {
            return .success(TextDetection(encoding: .utf8, bomLength: 0, strict: true))
        }
        return .success(TextDetection(encoding: .windows1252, bomLength: 0, strict: false))
    }

    struct NotText: Error { var reason: String; init(_ reason: String) { self.reason = reason } }

    /// Share of NUL code units among the first UTF-16 units after `from`.
    private static func utf16NulShare(_ p: UnsafeRawBufferPointer, from: Int, littleEndian: Bool) -> Double {
        var units = 0, nuls = 0
        var i = from
        while i + 1 < p.count && units < 2048 {
            if p[i] == 0 && p[i + 1] == 0 { nuls += 1 }
            units += 1
            i += 2
        }
        return units == 0 ? 0 : Double(nuls) / Double(units)
    }

    /// A reason when the bytes hold many NULs and other control bytes that text never has.
    private static func binaryReason(_ p: UnsafeRawBufferPointer) -> String? {
        var nuls = 0, controls = 0
        for b in p {
            if b == 0 { nuls += 1 }
            if b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B) { controls += 1 }
        }
        if nuls > 0 && controls >= 16 && controls * 20 > p.count {
            return "it holds binary data (\(nuls) NUL and \(controls - nuls) other control bytes in its first \(p.count) bytes)"
        }
        return nil
    }

    /// Whether `p` is valid UTF-8; with `allowTruncatedEnd`, a sequence cut by the end of `p` is accepted.
    static func isValidUTF8(_ p: UnsafeRawBufferPointer, allowTruncatedEnd: Bool) -> Bool {
        let n = p.count
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x80 { i += 1; continue }
            guard let lead = UTF8Lead(b) else { return false }
            let need = lead.need
            var lo = lead.low, hi = lead.high
            for k in 1...need {
                if i + k >= n { return allowTruncatedEnd }
                let c = p[i + k]
                if c < lo || c > hi { return false }
                lo = 0x80; hi = 0xBF
            }
            i += need + 1
        }
        return true
    }
}

/// Windows-1252 code points for bytes 0x80...0x9F; 0 marks the five undefined bytes.
private let windows1252High: [UInt16] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
]

/// Streaming conversion of UTF-16 and single-byte encodings to UTF-8. A code unit or surrogate pair split
/// across calls is carried over. Invalid input (a lone surrogate, an odd final byte, an undefined
/// Windows-1252 byte when `strict`) becomes the byte 0xFF, which is never valid UTF-8, so that the
/// record scanner flags its record.
struct TextDecoder {
    let encoding: CSVTextEncoding
    let strict: Bool
    private var oddByte: Int = -1
    private var highSurrogate: UInt32 = 0

    init(encoding: CSVTextEncoding, strict: Bool) {
        self.encoding = encoding
        self.strict = strict
    }

    /// Source bytes read but not yet decoded.
    var carried: Int { (oddByte >= 0 ? 1 : 0) + (highSurrogate != 0 ? 2 : 0) }

    mutating func reset() {
        oddByte = -1
        highSurrogate = 0
    }

    /// Largest output for `count` input bytes (plus what is carried).
    static func maxOutput(_ count: Int) -> Int { count * 3 + 16 }

    /// Source bytes that decoded to the UTF-8 sequence starting with lead byte `b`.
    @inline(__always)
    func sourceBytes(lead b: UInt8) -> Int {
        switch encoding {
        case .utf16le, .utf16be: return (b >= 0xF0 && b <= 0xF4) ? 4 : 2
        default: return 1
        }
    }

    mutating func decode(_ src: UnsafePointer<UInt8>, _ count: Int, into dst: UnsafeMutablePointer<UInt8>, final: Bool) -> Int {
        var o = 0
        @inline(__always) func put(_ scalar: UInt32) {
            if scalar < 0x80 {
                dst[o] = UInt8(scalar); o += 1
            } else if scalar < 0x800 {
                dst[o] = UInt8(0xC0 | (scalar >> 6)); dst[o + 1] = UInt8(0x80 | (scalar & 0x3F)); o += 2
            } else if scalar < 0x10000 {
                dst[o] = UInt8(0xE0 | (scalar >> 12)); dst[o + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                dst[o + 2] = UInt8(0x80 | (scalar & 0x3F)); o += 3
            } else {
                dst[o] = UInt8(0xF0 | (scalar >> 18)); dst[o + 1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
                dst[o + 2] = UInt8(0x80 | ((scalar >> 6) & 0x3F)); dst[o + 3] = UInt8(0x80 | (scalar & 0x3F)); o += 4
            }
        }
        @inline(__always) func invalid() { dst[o] = 0xFF; o += 1 }

        switch encoding {
        case .utf8:
            UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: count)
            return count
        case .latin1:
            for i in 0..<count { put(UInt32(src[i])) }
        case .windows1252:
            for i in 0..<count {
                let b = src[i]
                if b >= 0x80 && b < 0xA0 {
                    let mapped = windows1252High[Int(b - 0x80)]
                    if mapped != 0 { put(UInt32(mapped)) } else if strict { invalid() } else { put(UInt32(b)) }
                } else {
                    put(UInt32(b))
                }
            }
        case .utf16le, .utf16be:
            let little = encoding == .utf16le
            var i = 0
            func unit(_ u: UInt32) {
                if highSurrogate != 0 {
                    if u >= 0xDC00 && u <= 0xDFFF {
                        put(0x10000 + ((highSurrogate - 0xD800) << 10) + (u - 0xDC00))
                        highSurrogate = 0
                        return
                    }
                    invalid()
                    highSurrogate = 0
                }
                if u >= 0xD800 && u <= 0xDBFF { highSurrogate = u; return }
                if u >= 0xDC00 && u <= 0xDFFF { invalid(); return }
                put(u)
            }
            if oddByte >= 0 && count > 0 {
                let first = UInt32(oddByte), second = UInt32(src[0])
                oddByte = -1
                i = 1
                unit(little ? first | (second << 8) : (first << 8) | second)
            }
            while i + 1 < count {
                let a = UInt32(src[i]), b = UInt32(src[i + 1])
                unit(little ? a | (b << 8) : (a << 8) | b)
                i += 2
            }
            if i < count { oddByte = Int(src[i]) }
            if final {
                if highSurrogate != 0 { invalid(); highSurrogate = 0 }
                if oddByte >= 0 { invalid(); oddByte = -1 }
            }
        }
        return o
    }
}

/// What a UTF-8 lead byte announces: how many continuation bytes follow, and the range the first of them
/// must fall in (the later ones are always 0x80...0xBF). Nil for a byte that cannot start a sequence.
/// Shared by the encoding detector and the reader's per-record check.
struct UTF8Lead {
    let need: Int
    let low: UInt8
    let high: UInt8

    @inline(__always) init?(_ byte: UInt8) {
        switch byte {
        case 0xC2...0xDF: (need, low, high) = (1, 0x80, 0xBF)
        case 0xE0: (need, low, high) = (2, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (need, low, high) = (2, 0x80, 0xBF)
        case 0xED: (need, low, high) = (2, 0x80, 0x9F)
        case 0xF0: (need, low, high) = (3, 0x90, 0xBF)
        case 0xF1...0xF3: (need, low, high) = (3, 0x80, 0xBF)
        case 0xF4: (need, low, high) = (3, 0x80, 0x8F)
        default: return nil
        }
    }
}
