/// One record, valid only inside the callback that receives it: it views the reader's reusable buffers.
/// Copy what you need (`string(at:)`, `strings`) before the callback returns.
public struct CSVRecord {
    /// 1-based index of the data record in its file (header and blank lines not counted).
    public let row: Int
    /// Set when the record could not be read cleanly; its fields are then whatever could be read.
    public let problem: CSVRecordProblem?
    /// 1-based physical line of the file on which the record starts (the header line, preamble, blank
    /// lines and line breaks inside quoted fields all count; CRLF is one line end).
    public let line: Int
    /// Number of fields: as parsed, or the header's count when the record was padded or trimmed.
    public let count: Int
    /// Fields actually stored; fields from `stored` to `count` are padding (empty).
    private let stored: Int

    private let base: UnsafePointer<UInt8>
    /// `ends[i]` is the end offset (in `base`) of field `i`.
    private let ends: UnsafePointer<Int>
    /// Start offset of field 0.
    private let firstStart: Int

    init(row: Int, line: Int, problem: CSVRecordProblem?, count: Int, stored: Int, base: UnsafePointer<UInt8>,
         ends: UnsafePointer<Int>, firstStart: Int) {
        self.row = row
        self.line = line
        self.problem = problem
        self.count = count
        self.stored = min(stored, count)
        self.base = base
        self.ends = ends
        self.firstStart = firstStart
    }

    @inline(__always)
    private func bounds(_ index: Int) -> (start: Int, end: Int) {
        guard index >= 0 && index < stored else { return (0, 0) }
        let start = index == 0 ? firstStart : ends[index - 1]
        return (start, ends[index])
    }

    /// The field as UTF-8 text (invalid bytes become U+FFFD); "" when `index >= count`.
    public func string(at index: Int) -> String {
        let (start, end) = bounds(index)
        if start == end { return "" }
        return String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
    }

    /// True when the field is empty or absent.
    public func isEmpty(at index: Int) -> Bool {
        let (start, end) = bounds(index)
        return start == end
    }

    /// The field's raw bytes (empty when `index >= count`); the buffer is valid only inside `body`.
    public func withBytes<R>(at index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let (start, end) = bounds(index)
        if start == end { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: base + start, count: end - start))
    }

    /// All fields as strings.
    public var strings: [String] {
        var result: [String] = []
        result.reserveCapacity(count)
        for i in 0..<count { result.append(string(at: i)) }
        return result
    }
}
