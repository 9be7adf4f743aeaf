import Foundation

/// libphonenumber in helper processes.
///
/// libphonenumber takes about 16 µs per number and its threads contend on locks inside the library, so a
/// second thread adds little; a second process adds a whole core. Before the normalize stage's threads
/// start, the distinct (number, region) pairs of the batch are split between this process and
/// `processes` children (`winnow phone-worker`, fed and read over pipes), and the answers seed every
/// slice's `PhoneNormalizer`. A child that cannot start or fails costs only speed: its share is then
/// computed here. Answers come back in request order, so the output does not depend on any of this.
public struct PhoneWorkers: Sendable {
    /// The executable that answers `phone-worker` (the `winnow` binary itself).
    public var executable: String
    /// Helper processes (besides this one).
    public var processes: Int
    /// Below this many distinct numbers, starting processes costs more than it saves.
    public var minimumNumbers: Int

    public init(executable: String, processes: Int, minimumNumbers: Int = 20_000) {
        self.executable = executable; self.processes = processes; self.minimumNumbers = minimumNumbers
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
        let phone = schema.index(of: .phone), country = schema.index(of: .country)
        var keys: [PhoneNormalizer.Key] = []
        var ids: [PhoneNormalizer.Key: Int32] = [:]
        var answerIndex = [Int32](repeating: -1, count: records.count)
        var countries: [String: String?] = [:]
        for (position, record) in records.enumerated() where !record[phone].isEmpty {
            let given = record[country]
            var region: String? = nil
            if !given.isEmpty {
                if let known = countries[given] { region = known } else {
                    region = CountryCode.normalize(Whitespace.collapse(given))
                    countries[given] = region
                }
            }
            let key = PhoneNormalizer.Key(raw: Whitespace.collapse(record[phone]), region: region)
            if let id = ids[key] {
                answerIndex[position] = id
            } else {
                answerIndex[position] = Int32(keys.count)
                ids[key] = Int32(keys.count)
                keys.append(key)
            }
        }
        guard keys.count >= minimumNumbers, processes > 0, keys.count < Int(Int32.max) else { return .none }
        ids = [:]
        let fallback = PhoneNormalizer.regionCode(defaultRegion)
        let requests = keys.map { Request(raw: $0.raw, region: PhoneNormalizer.regionCode($0.region) ?? fallback) }
        keys = []
        return SeededPhones(answers: compute(requests), answerIndex: answerIndex)
    }

    /// Answers in request order: the first share here, the others in child processes.
    func compute(_ requests: [Request]) -> [PhoneResult] {
        let shares = processes + 1
        let bounds = (0...shares).map { requests.count * $0 / shares }
        let childOutputs = ChildOutputs(count: processes)
        let group = DispatchGroup()
        let executable = self.executable
        for child in 0..<processes {
            let slice = requests[bounds[child + 1]..<bounds[child + 2]]
            DispatchQueue.global().async(group: group) { childOutputs.set(child, Self.run(executable, slice)) }
        }
        var results = requests[bounds[0]..<bounds[1]].map { PhoneNormalizer.compute($0.raw, region: $0.region) }
        group.wait()
        for child in 0..<processes {
            let slice = requests[bounds[child + 1]..<bounds[child + 2]]
            if let data = childOutputs.get(child), let answers = Self.decodeAnswers(data, for: slice) {
                results.append(contentsOf: answers)
            } else {
                results.append(contentsOf: slice.map { PhoneNormalizer.compute($0.raw, region: $0.region) })
            }
        }
        return results
    }

    /// What each child answered, filled from the threads that wait for them.
    private final class ChildOutputs: @unchecked Sendable {
        private let lock = NSLock()
        private var outputs: [Data?]
        init(count: Int) { outputs = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ data: Data?) { lock.withLock { outputs[index] = data } }
        func get(_ index: Int) -> Data? { lock.withLock { outputs[index] } }
    }

    /// Runs one child on `requests`; nil when it could not start or did not finish well.
    private static func run(_ executable: String, _ requests: ArraySlice<Request>) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["phone-worker"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let writer = Thread {
            let data = encodeRequests(requests)
            try? input.fileHandleForWriting.write(contentsOf: data)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationReason == .exit && process.terminationStatus == 0 ? data : nil
    }

    // MARK: The worker's side and the wire format
    //
    // Request: region length (1 byte, 0 = none), region, text length (4 bytes, little endian), text.
    // Answer: 1 if valid else 0, then E.164 and extension, each as length (2 bytes) and bytes.

    /// `winnow phone-worker`: answers every request on `input`, in order, on `output`.
    public static func serve(input: FileHandle, output: FileHandle) throws {
        let data = input.readDataToEndOfFile()
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
        try output.write(contentsOf: answers)
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
    let answers: [PhoneResult]
    /// Per record position: index into `answers`, or -1 (no phone, or none seeded).
    let answerIndex: [Int32]

    static let none = SeededPhones(answers: [], answerIndex: [])

    var count: Int { answers.count }

    func answer(at position: Int) -> PhoneResult? {
        guard position < answerIndex.count, answerIndex[position] >= 0 else { return nil }
        return answers[Int(answerIndex[position])]
    }
}
