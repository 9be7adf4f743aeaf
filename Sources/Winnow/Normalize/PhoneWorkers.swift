import Foundation

/// libphonenumber in helper processes.
///
/// libphonenumber takes about 12 µs per number and its threads contend on locks inside the library, so a
/// second thread adds little; a second process adds a whole core. Before the normalize stage's threads
/// start, the distinct (number, region) pairs of the batch are cut into chunks, which this process and
/// `processes` children (`winnow phone-worker`, fed and read over pipes) take as they finish the last one, and
/// the answers seed every slice's `PhoneNormalizer`. A child that cannot start or fails costs only speed: the
/// chunks it did not answer are computed here. Answers are kept in request order, so the output does not
/// depend on any of this.
public struct PhoneWorkers: Sendable {
    /// The executable that answers `phone-worker` (the `winnow` binary itself).
    public var executable: String
    /// Helper processes (besides this one).
    public var processes: Int
    /// Below this many distinct numbers, starting processes costs more than it saves.
    public var minimumNumbers: Int

    /// Numbers per chunk: about 30 ms of work, so whoever finishes last waits at most that long for the others.
    public var chunkSize: Int

    public init(executable: String, processes: Int, minimumNumbers: Int = 20_000, chunkSize: Int = 2048) {
        self.executable = executable; self.processes = processes; self.minimumNumbers = minimumNumbers
        self.chunkSize = max(1, chunkSize)
    }

    /// A number to normalize in a region (already resolved: the row's, else the default; nil for none).
    struct Request: Hashable {
        var raw: String
        var region: String?
    }

    /// The answers for every distinct phone of `records`, and for each record the index of its own; empty when
    /// there are too few to be worth it. The key is the one `RecordNormalizer` reads the phone with (the
    /// collapsed text, the row's country code), so a record's answer is what its normalizer would compute.
    func seed(_ records: [SourceRecord], schema: FieldSchema, defaultRegion: String?) -> SeededPhones {
        guard processes > 0, records.count < Int(Int32.max) else { return .none }
        let (requests, answerIndex) = Self.requests(records, schema: schema, defaultRegion: defaultRegion, jobs: processes + 1)
        guard requests.count >= minimumNumbers else { return .none }
        return SeededPhones(chunks: compute(requests), chunkSize: chunkSize, answerIndex: answerIndex)
    }

    /// One request per distinct key, in the order of the keys' first records, and per record the index of its
    /// key's request (-1 for a record without a phone).
    ///
    /// Keys are made and hashed on every core and sorted by hash, so equal keys sit together; one pass then numbers
    /// them in record order. A million-entry table filled on one core took a second, the other core idle.
    private static func requests(_ records: [SourceRecord], schema: FieldSchema, defaultRegion: String?,
                                 jobs: Int) -> (requests: [Request], answerIndex: [Int32]) {
        let phone = schema.index(of: .phone), country = schema.index(of: .country)
        let keys: [PhoneNormalizer.Key?] = Parallel.map(count: records.count, jobs: jobs, perWorker: {
            // Per country as given: the region the normalizer reads the row's phones in.
            var regions: [String: String?] = [:]
            return { position in
                let raw = records[position][phone]
                guard !raw.isEmpty else { return nil }
                let given = records[position][country]
                var region: String?
                if !given.isEmpty {
                    if let known = regions[given] { region = known } else {
                        region = CountryCode.normalize(Whitespace.collapse(given))
                        regions.updateValue(region, forKey: given)
                    }
                }
                return PhoneNormalizer.Key(raw: Whitespace.collapse(raw), region: region)
            }
        })
        let first = firstOfEqualKeys(keys, jobs: jobs)

        let fallback = PhoneNormalizer.regionCode(defaultRegion)
        var asked: [String?: String?] = [:]  // per region of a key: the one asked for (the row's, else the default)
        var requests: [Request] = []
        var answerIndex = [Int32](repeating: -1, count: records.count)
        for position in records.indices where first[position] >= 0 {
            guard first[position] == Int32(position) else {
                answerIndex[position] = answerIndex[Int(first[position])]
                continue
            }
            let key = keys[position]!
            let region: String?
            if let known = asked[key.region] { region = known } else {
                region = PhoneNormalizer.regionCode(key.region) ?? fallback
                asked.updateValue(region, forKey: key.region)
            }
            answerIndex[position] = Int32(requests.count)
            requests.append(Request(raw: key.raw, region: region))
        }
        return (requests, answerIndex)
    }

    /// For each key, the position of the first key equal to it (its own for the first; -1 for nil), found by sorting
    /// the keys' hashes on every core and comparing the keys only within runs of equal hashes.
    private static func firstOfEqualKeys(_ keys: [PhoneNormalizer.Key?], jobs: Int) -> [Int32] {
        var entries = Parallel.map(count: keys.count, jobs: jobs) { position -> KeyEntry in
            guard let key = keys[position] else { return KeyEntry(key: 0, record: -1) }
            var hash = StableHash()
            hash.add(key.raw)
            hash.add(key.region ?? "")
            return KeyEntry(key: hash.value, record: Int32(position))
        }
        Parallel.sort(&entries, jobs: jobs, by: KeyEntry.precedes)
        var first = [Int32](repeating: -1, count: keys.count)
        var start = entries.firstIndex { $0.record >= 0 } ?? entries.endIndex
        var firsts: [Int32] = []
        while start < entries.endIndex {
            var end = start + 1
            while end < entries.endIndex && entries[end].key == entries[start].key { end += 1 }
            // Within a run, records are in order, so the first of each distinct key comes first.
            firsts.removeAll(keepingCapacity: true)
            for entry in entries[start..<end] {
                let position = Int(entry.record)
                if let earlier = firsts.first(where: { keys[Int($0)] == keys[position] }) {
                    first[position] = earlier
                } else {
                    firsts.append(entry.record)
                    first[position] = entry.record
                }
            }
            start = end
        }
        return first
    }

    /// Answers in request order, chunk by chunk (`chunkSize` each). Chunks of the requests go to whoever asks next: this
    /// thread, and one thread per child that feeds it a chunk at a time over its pipes.
    func compute(_ requests: [Request]) -> [[PhoneResult]] {
        _ = Self.pipeWritesFailQuietly
        let chunks = Chunks(of: requests.count, size: chunkSize)
        let group = DispatchGroup()
        let executable = self.executable
        for _ in 0..<processes {
            DispatchQueue.global().async(group: group) { Self.feed(executable, requests, chunks) }
        }
        while let chunk = chunks.take() { chunks.answer(chunk, Self.computeHere(requests[chunks.range(of: chunk)])) }
        group.wait()
        // A chunk a failed child took and never answered.
        for chunk in chunks.unanswered { chunks.answer(chunk, Self.computeHere(requests[chunks.range(of: chunk)])) }
        return chunks.answers
    }

    static func computeHere(_ requests: ArraySlice<Request>) -> [PhoneResult] {
        requests.map { PhoneNormalizer.compute($0.raw, region: $0.region) }
    }

    /// A child that died makes the next write to its pipe fail with EPIPE, which `feed` handles, instead of killing
    /// this process with SIGPIPE.
    private static let pipeWritesFailQuietly: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// The chunks: which is next, and their answers, behind a lock.
    private final class Chunks: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var results: [[PhoneResult]?]
        private let size: Int, total: Int
        init(of total: Int, size: Int) {
            results = Array(repeating: nil, count: (total + size - 1) / size)
            self.size = size; self.total = total
        }

        func range(of chunk: Int) -> Range<Int> { (chunk * size)..<min(total, (chunk + 1) * size) }

        func take() -> Int? {
            lock.withLock {
                guard next < results.count else { return nil }
                defer { next += 1 }
                return next
            }
        }

        func answer(_ chunk: Int, _ answers: [PhoneResult]) { lock.withLock { results[chunk] = answers } }
        var unanswered: [Int] { lock.withLock { results.indices.filter { results[$0] == nil } } }
        /// Kept in chunks: joined, a million answers were copied on one core while the other waited.
        var answers: [[PhoneResult]] { lock.withLock { results.map { $0! } } }
    }

    /// Starts one child and feeds it chunks until none is left or it fails (what it took then stays unanswered).
    private static func feed(_ executable: String, _ requests: [Request], _ chunks: Chunks) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["phone-worker"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return }
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        while let chunk = chunks.take() {
            let slice = requests[chunks.range(of: chunk)]
            guard (try? input.fileHandleForWriting.write(contentsOf: frame(encodeRequests(slice)))) != nil,
                  let data = readFrame(output.fileHandleForReading), let answers = decodeAnswers(data, for: slice) else { return }
            chunks.answer(chunk, answers)
        }
    }

    /// A frame: its length (4 bytes, little endian), then its bytes.
    static func frame(_ body: Data) -> Data {
        var data = Data(capacity: body.count + 4)
        var length = body.count
        for _ in 0..<4 { data.append(UInt8(length & 0xFF)); length >>= 8 }
        data.append(body)
        return data
    }

    /// The next frame's bytes; nil at the end of input or when it breaks off.
    static func readFrame(_ handle: FileHandle) -> Data? {
        guard let header = readExactly(4, from: handle) else { return nil }
        let length = header.reversed().reduce(0) { $0 << 8 | Int($1) }
        return length == 0 ? Data() : readExactly(length, from: handle)
    }

    private static func readExactly(_ count: Int, from handle: FileHandle) -> Data? {
        var data = Data(capacity: count)
        while data.count < count {
            guard let more = try? handle.read(upToCount: count - data.count), !more.isEmpty else { return nil }
            data.append(more)
        }
        return data
    }

    // MARK: The worker's side and the wire format
    //
    // Both ways, frames (`frame`): a chunk of requests in, its answers out.
    // Request: region length (1 byte, 0 = none), region, text length (4 bytes, little endian), text.
    // Answer: 1 if valid else 0, then E.164 and extension, each as length (2 bytes) and bytes.

    /// `winnow phone-worker`: answers each frame of requests on `input` with a frame of answers on `output`, in order,
    /// until the input ends.
    public static func serve(input: FileHandle, output: FileHandle) throws {
        while let data = readFrame(input) {
            var answers = Data()
            answers.reserveCapacity(data.count)
            var reader = ByteReader(data)
            while !reader.atEnd {
                guard let request = reader.request() else { throw WinnowError.usage("phone-worker: malformed request") }
                let result = PhoneNormalizer.compute(request.raw, region: request.region)
                answers.append(result.isValid ? 1 : 0)
                append(result.e164 ?? "", lengthBytes: 2, to: &answers)
                append(result.extensionNumber ?? "", lengthBytes: 2, to: &answers)
            }
            try output.write(contentsOf: frame(answers))
        }
    }

    static func encodeRequests(_ requests: ArraySlice<Request>) -> Data {
        var data = Data()
        for request in requests {
            append(request.region ?? "", lengthBytes: 1, to: &data)
            append(request.raw, lengthBytes: 4, to: &data)
        }
        return data
    }

    static func decodeAnswers(_ data: Data, for requests: ArraySlice<Request>) -> [PhoneResult]? {
        var reader = ByteReader(data)
        var results: [PhoneResult] = []
        results.reserveCapacity(requests.count)
        for request in requests {
            guard let valid = reader.byte(), let e164 = reader.string(lengthBytes: 2),
                  let ext = reader.string(lengthBytes: 2) else { return nil }
            results.append(PhoneResult(e164: e164.isEmpty ? nil : e164, extensionNumber: ext.isEmpty ? nil : ext,
                                       isValid: valid == 1, given: PhoneNormalizer.trimmed(request.raw)))
        }
        return reader.atEnd ? results : nil
    }

    private static func append(_ text: String, lengthBytes: Int, to data: inout Data) {
        let bytes = Array(text.utf8)
        var length = bytes.count
        for _ in 0..<lengthBytes { data.append(UInt8(length & 0xFF)); length >>= 8 }
        data.append(contentsOf: bytes)
    }

    private struct ByteReader {
        let bytes: [UInt8]
        var position = 0
        init(_ data: Data) { bytes = [UInt8](data) }
        var atEnd: Bool { position >= bytes.count }

        mutating func byte() -> UInt8? {
            guard position < bytes.count else { return nil }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func string(lengthBytes: Int) -> String? {
            guard position + lengthBytes <= bytes.count else { return nil }
            var length = 0
            for offset in (0..<lengthBytes).reversed() { length = length << 8 | Int(bytes[position + offset]) }
            position += lengthBytes
            guard position + length <= bytes.count else { return nil }
            defer { position += length }
            return String(decoding: bytes[position..<position + length], as: UTF8.self)
        }

        mutating func request() -> Request? {
            guard let region = string(lengthBytes: 1), let raw = string(lengthBytes: 4) else { return nil }
            return Request(raw: raw, region: region.isEmpty ? nil : region)
        }
    }
}

/// Phone answers computed ahead for a batch (`PhoneWorkers.seed`): one per distinct (number, region), and per
/// record position the index of its answer, so normalize neither hashes the phone again nor keeps a dictionary.
struct SeededPhones: Sendable {
    /// The answers in request order, in chunks of `chunkSize`.
    let chunks: [[PhoneResult]]
    let chunkSize: Int
    /// Per record position: index of its answer, or -1 (no phone, or none seeded).
    let answerIndex: [Int32]

    static let none = SeededPhones(chunks: [], chunkSize: 1, answerIndex: [])

    var count: Int { chunks.reduce(0) { $0 + $1.count } }

    func answer(at position: Int) -> PhoneResult? {
        guard position < answerIndex.count, answerIndex[position] >= 0 else { return nil }
        let index = Int(answerIndex[position])
        return chunks[index / chunkSize][index % chunkSize]
    }
}
