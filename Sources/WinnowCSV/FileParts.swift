internal import Dispatch
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Where a UTF-8 file is cut to be read in parts, and the physical line each part starts on.
///
/// A cut goes just after a line feed near an even share of the file. Whether a record really ends there
/// (the line feed is not inside a quoted field) only the part before it can tell, by parsing up to it:
/// `RecordStream` checks that, and when a record runs across a cut the part after it is void and the
/// part before reads on. So a cut is a guess that costs time when wrong, never correctness.
struct FileParts {
    /// File offsets where parts 1... start, ascending; part 0 starts where the reader is.
    let cuts: [Int]
    /// 1-based physical line on which each later part starts (`cuts[i]` starts line `firstLines[i]`).
    let firstLines: [Int]

    /// Plans up to `parts` parts of at least `minimumBytes` each, all after `parsedOffset` (what the first
    /// part has already parsed). Nil when the file is too small for two.
    static func plan(fd: Int32, size: Int, parsedOffset: Int, parts: Int, minimumBytes: Int) -> FileParts? {
        let count = min(parts, size / max(1, minimumBytes))
        guard count > 1 else { return nil }
        var cuts: [Int] = []
        for k in 1..<count {
            guard let cut = lineStart(fd: fd, atOrAfter: size * k / count, size: size),
                  cut > max(parsedOffset, cuts.last ?? 0), cut < size else { continue }
            cuts.append(cut)
        }
        guard !cuts.isEmpty else { return nil }
        // Line ends before each cut, counted per range on all cores, then summed.
        let ranges = zip([0] + cuts, cuts).map { $0..<$1 }
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: ranges.count)
        defer { counts.deallocate() }
        let shared = SendableCounts(counts)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { i in
            shared.buffer[i] = countLineEnds(fd: fd, range: ranges[i])
        }
        var firstLines: [Int] = []
        var lines = 1
        for i in 0..<ranges.count {
            guard counts[i] >= 0 else { return nil }
            lines += counts[i]
            firstLines.append(lines)
        }
        return FileParts(cuts: cuts, firstLines: firstLines)
    }

    private struct SendableCounts: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Int>
        init(_ buffer: UnsafeMutableBufferPointer<Int>) { self.buffer = buffer }
    }

    /// The offset just after the first line feed at or after `offset`, if there is one in the next 1 MiB.
    static func lineStart(fd: Int32, atOrAfter offset: Int, size: Int) -> Int? {
        let block = 1 << 16
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: block)
        defer { buffer.deallocate() }
        var position = offset
        while position < min(size, offset + (1 << 20)) {
            let n = pread(fd, buffer, block, off_t(position))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            if let found = memchr(buffer, 0x0A, n) {
                return position + (UnsafeRawPointer(found) - UnsafeRawPointer(buffer)) + 1
            }
            position += n
        }
        return nil
    }

    /// Physical line ends in `range` of the file as `RecordStream` counts them: LF, CR and CRLF each one.
    /// The range starts just after a line feed or at the file's start, so no CRLF straddles its start.
    /// -1 if the file cannot be read.
    static func countLineEnds(fd: Int32, range: Range<Int>) -> Int {
        let block = 1 << 18
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: block)
        defer { buffer.deallocate() }
        var position = range.lowerBound
        var count = 0
        var afterCR = false
        while position < range.upperBound {
            let n = pread(fd, buffer, min(block, range.upperBound - position), off_t(position))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return -1 }
            count += countLineEnds(UnsafeBufferPointer(start: buffer, count: n), afterCR: &afterCR)
            position += n
        }
        return count
    }

    /// Line ends in `bytes`; `afterCR` carries a CR at the end of one block to an LF at the start of the next.
    static func countLineEnds(_ bytes: UnsafeBufferPointer<UInt8>, afterCR: inout Bool) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var i = 0
        while i < bytes.count {
            if !afterCR && i &+ 8 <= bytes.count {
                let w = ByteWord.load(base, at: i)
                if ByteWord.bytes(of: w, equalTo: 0x0D) == 0 {
                    count &+= ByteWord.bytes(of: w, equalTo: 0x0A).nonzeroBitCount
                    i &+= 8
                    continue
                }
            }
            // A CR in sight: byte by byte, an LF right after a CR ends no second line.
            let b = base[i]
            if b == 0x0A {
                if !afterCR { count &+= 1 }
                afterCR = false
            } else if b == 0x0D {
                count &+= 1
                afterCR = true
            } else {
                afterCR = false
            }
            i &+= 1
        }
        return count
    }
}

/// The shared state of one `forEachRecord(inParts:)`: each part's outcome slot, written by its own thread,
/// read after all have finished; and the cancellation flags, behind a lock.
final class PartRun<Part: Sendable>: @unchecked Sendable {
    enum Outcome {
        case read(Part, rows: Int, stoppedAt: Int?)
        case failed(any Error)
    }

    let reader: CSVReader
    let plan: FileParts
    let size: Int
    /// Written by each part's thread under the lock, taken once all have finished.
    private var outcomes: [Outcome?]
    private var cancelled: [Bool]
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(reader: CSVReader, plan: FileParts, size: Int) {
        self.reader = reader
        self.plan = plan
        self.size = size
        outcomes = Array(repeating: nil, count: plan.cuts.count + 1)
        cancelled = Array(repeating: false, count: plan.cuts.count + 1)
        pthread_mutex_init(lock, nil)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    func cancel(_ part: Int) {
        pthread_mutex_lock(lock); defer { pthread_mutex_unlock(lock) }
        cancelled[part] = true
    }

    func takeOutcomes() -> [Outcome?] {
        pthread_mutex_lock(lock); defer { pthread_mutex_unlock(lock) }
        defer { outcomes = [] }
        return outcomes
    }

    private func finish(_ part: Int, _ outcome: Outcome) {
        pthread_mutex_lock(lock); defer { pthread_mutex_unlock(lock) }
        outcomes[part] = outcome
    }

    func isCancelled(_ part: Int) -> Bool {
        pthread_mutex_lock(lock); defer { pthread_mutex_unlock(lock) }
        return cancelled[part]
    }

    func read(part index: Int, makePart: (CSVPartInfo) -> Part, _ body: (inout Part, CSVRecord) throws -> Void) {
        let cuts = plan.cuts
        let (first, dialect, expected) = reader.partSetup
        let options = reader.options
        do {
            let stream: RecordStream
            if index == 0 {
                stream = first
                stream.stopAtPartEnds(cuts[...])
                // Only the first part is known to start at a record; a record of its running across a cut
                // voids the part that starts there, which stops early. A later part that runs across a cut
                // may itself be void, so it only reads on.
                stream.overrun = { [weak self, cuts] end in if let cut = cuts.firstIndex(of: end) { self?.cancel(cut + 1) } }
            } else {
                stream = try RecordStream(path: reader.path, chunkSize: first.chunkSize, maxFieldBytes: options.maxFieldBytes)
                try stream.beginPart(at: cuts[index - 1], line: plan.firstLines[index - 1], dialect: dialect,
                                     ends: cuts[index...])
            }
            defer { if index > 0 { stream.close() } else { stream.overrun = nil } }
            let start = index == 0 ? stream.parsedOffset : cuts[index - 1]
            var part = makePart(CSVPartInfo(index: index, bytes: start..<(index < cuts.count ? cuts[index] : size)))
            var row = 0
            repeat {
                if isCancelled(index) { break }
                try stream.deliver(expectedFields: expected, ragged: options.ragged, dropTrailingEmpty: options.layoutDetection,
                                   row: &row) { try body(&part, $0) }
            } while try stream.nextBatch()
            finish(index, .read(part, rows: row, stoppedAt: stream.stoppedAt))
        } catch {
            finish(index, .failed(error))
            if index == 0 { for later in 1...cuts.count { cancel(later) } }
        }
    }
}
