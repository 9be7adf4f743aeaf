#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// How to read the input files a glob matches, when detection needs help: a forced encoding or delimiter,
/// a headerless file's positional columns, padding of ragged rows.
///
/// ```yaml
/// sources:
///   - match: "vendor-b*.csv"      # glob on the file name, or on the path as given
///     encoding: windows-1252
///     delimiter: ";"
///     header: none
///     columns: [first_name, last_name, email, company]
///     ragged: pad
///     max_field_bytes: 131072
/// ```
public struct SourceSettings: Sendable, Equatable {
    public enum Ragged: String, Sendable { case reject, pad }

    public var match: String
    public var encoding: String?
    public var delimiter: UInt8?
    public var headerless: Bool
    /// Positional fields of a headerless file, one per column.
    public var columns: [String]
    public var ragged: Ragged
    public var maxFieldBytes: Int?

    public init(match: String, encoding: String? = nil, delimiter: UInt8? = nil, headerless: Bool = false,
                columns: [String] = [], ragged: Ragged = .reject, maxFieldBytes: Int? = nil) {
        self.match = match; self.encoding = encoding; self.delimiter = delimiter; self.headerless = headerless
        self.columns = columns; self.ragged = ragged; self.maxFieldBytes = maxFieldBytes
    }

    /// Whether the glob matches `path` as given or its last component.
    public func matches(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return fnmatch(match, path, 0) == 0 || fnmatch(match, name, 0) == 0
    }

    /// Delimiters by the names a config may use.
    public static func delimiter(named name: String) -> UInt8? {
        switch name.lowercased() {
        case ",", "comma": return UInt8(ascii: ",")
        case ";", "semicolon": return UInt8(ascii: ";")
        case "\t", "\\t", "tab": return UInt8(ascii: "\t")
        case "|", "pipe": return UInt8(ascii: "|")
        default: return nil
        }
    }
}

extension WinnowConfig {
    /// The first `sources:` entry whose glob matches the path, if any.
    public func sourceSettings(for path: String) -> SourceSettings? {
        sources.first { $0.matches(path) }
    }
}
