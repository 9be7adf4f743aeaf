import Foundation

/// What a run did, as written to summary.json and printed by `winnow run`.
public struct RunSummary: Codable, Sendable, Equatable {
    public struct Input: Codable, Sendable, Equatable {
        public var file: String
        public var kind: SourceKind
        public var sha256: String
        public var bytes: Int
        public var delimiter: String
        public var rowsRead: Int
        public var rejected: Int
        public var duplicates: Int
        public var columns: [String: String]

        enum CodingKeys: String, CodingKey {
            case file, kind, sha256, bytes, delimiter, rejected, duplicates, columns
            case rowsRead = "rows_read"
        }
    }

    public var icp: String
    public var rowsRead: Int
    public var rejected: Int
    public var duplicates: Int
    public var contacts: Int
    public var names: Int
    public var suspects: Int
    public var prospects: Int
    public var leads: Int
    /// Contacts set aside by a `suppress:` list (in no segment).
    public var suppressed: Int
    /// Per step up the ladder and per criterion: how many contacts that criterion alone keeps from the next
    /// segment, counted apart for unknown (missing data) and unmet (failed).
    public var moveUp: [String: [String: Blocked]]
    /// Stage counters: dedupe's candidate pairs compared and blocks skipped as too large.
    public var counters: [String: Int]
    public var rejectedByReason: [String: Int]
    /// Per canonical field: values normalized, flagged invalid, missing (over the records kept by normalize).
    public var fields: [String: FieldCounts]
    public var inputs: [Input]
    public var configSHA256: String
    /// Seconds per stage; the only part of the summary that differs between identical runs.
    public var timings: [String: Double]

    enum CodingKeys: String, CodingKey {
        case icp, rejected, duplicates, contacts, names, suspects, prospects, leads, inputs, timings, suppressed, fields, counters
        case moveUp = "move_up"
        case rowsRead = "rows_read"
        case rejectedByReason = "rejected_by_reason"
        case configSHA256 = "config_sha256"
    }

    public struct Blocked: Codable, Sendable, Equatable {
        public var unknown = 0
        public var unmet = 0
    }

    /// - Parameter blocked: `blockers(of:jobs:)` of the batch's classifications.
    init(batch: Batch<ClassifiedSet>, counts: [Segment: Int], leads: Int, suppressed: Int, blocked: [[String: Blocked]],
         configSHA256: String, timings: [StageTiming]) {
        var duplicatesPerFile = [Int](repeating: 0, count: batch.inputs.count)
        for entry in batch.payload.duplicates { duplicatesPerFile[entry.source.file] += 1 }
        var byReason: [String: Int] = [:]
        for rejection in batch.rejected {
            // Group "expected 15 fields, found 16" and the like under their kind, not their numbers.
            byReason[RunSummary.reasonKind(rejection.reason), default: 0] += 1
        }
        var rejectedPerFile = [Int](repeating: 0, count: batch.inputs.count)
        for rejection in batch.rejected { rejectedPerFile[rejection.source.file] += 1 }
        icp = batch.payload.icpName
        rowsRead = batch.inputs.reduce(0) { $0 + $1.rowsRead }
        rejected = batch.rejected.count
        duplicates = batch.payload.duplicates.count
        contacts = batch.payload.contacts.count
        names = counts[.name] ?? 0
        suspects = counts[.suspect] ?? 0
        prospects = counts[.prospect] ?? 0
        self.leads = leads
        self.suppressed = suppressed
        self.counters = batch.counters
        var moveUp: [String: [String: Blocked]] = [:]
        for (step, name) in ["name_to_suspect", "suspect_to_prospect"].enumerated() where !blocked[step].isEmpty {
            moveUp[name] = blocked[step]
        }
        self.moveUp = moveUp
        rejectedByReason = byReason
        fields = batch.fieldStatistics
        inputs = batch.inputs.enumerated().map { index, file in
            Input(file: file.path, kind: file.kind, sha256: file.sha256, bytes: file.bytes, delimiter: file.delimiter,
                  rowsRead: file.rowsRead, rejected: rejectedPerFile[index], duplicates: duplicatesPerFile[index],
                  columns: Dictionary(zip(file.header, file.mappedTo).map { ($0, $1) }, uniquingKeysWith: { first, _ in first }))
        }
        self.configSHA256 = configSHA256
        self.timings = Dictionary(timings.map { ($0.stage, ($0.seconds * 1000).rounded() / 1000) }, uniquingKeysWith: +)
    }

    /// Per step (name to suspect, suspect to prospect), per field: the contacts that field alone keeps from moving up,
    /// as unknown (missing data) or unmet. A million classifications, read in place, in slices on `jobs` cores.
    static func blockers(_ classifications: [Classification], jobs: Int) -> [[String: Blocked]] {
        classifications.withUnsafeBufferPointer { buffer in
            let classifications = SharedBuffer(reading: buffer)
            let slices = Parallel.slices(count: buffer.count, jobs: jobs) { range -> [[String: Blocked]] in
                var blocked: [[String: Blocked]] = [[:], [:]]
                for index in range {
                    classifications.withElement(at: index) { classification in
                        guard classification.suppressedBy == nil, let blocker = classification.soleBlocker else { return }
                        let step = classification.segment == .name ? 0 : 1
                        if blocker.status == .unknown {
                            blocked[step][blocker.field, default: Blocked()].unknown += 1
                        } else {
                            blocked[step][blocker.field, default: Blocked()].unmet += 1
                        }
                    }
                }
                return blocked
            }
            var total: [[String: Blocked]] = [[:], [:]]
            for slice in slices {
                for step in 0..<2 {
                    for (field, count) in slice[step] {
                        total[step][field, default: Blocked()].unknown += count.unknown
                        total[step][field, default: Blocked()].unmet += count.unmet
                    }
                }
            }
            return total
        }
    }

    static func reasonKind(_ reason: String) -> String {
        if reason.hasPrefix("expected "), reason.contains(" fields, found ") { return "wrong field count" }
        if let colon = reason.firstIndex(of: ":") { return String(reason[..<colon]) }
        return reason
    }

    /// Every data record is in exactly one contact's sources or in rejected: the accounting invariant.
    public var accountsForEveryRecord: Bool { rowsRead == rejected + contacts + duplicates }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        guard FileManager.default.createFile(atPath: path, contents: data + [0x0A]) else {
            throw WinnowError.output(path: path, reason: "cannot create file")
        }
    }

    /// The human summary `winnow run` prints.
    public var text: String {
        var lines = [
            "ICP \(icp): \(rowsRead) records read from \(inputs.count) file(s)",
            "  rejected    \(rejected)",
            "  duplicates  \(duplicates) merged",
            "  contacts    \(contacts): \(prospects) prospects, \(suspects) suspects, \(names) names; \(leads) leads"
                + (suppressed > 0 ? "; \(suppressed) suppressed" : ""),
        ]
        for (reason, count) in rejectedByReason.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            lines.append("    \(count) rejected: \(reason)")
        }
        return lines.joined(separator: "\n")
    }

    /// What would move the list up, one line per criterion that alone holds contacts back, largest first:
    /// "23 names would be suspects if revenue were known".
    public var moveUpText: String {
        var lines: [(Int, String)] = []
        for (step, target) in [("name_to_suspect", ("names", "suspects")), ("suspect_to_prospect", ("suspects", "prospects"))] {
            for (field, blocked) in moveUp[step] ?? [:] {
                if blocked.unknown > 0 {
                    lines.append((blocked.unknown, "\(blocked.unknown) \(target.0) would be \(target.1) if \(field) were known"))
                }
                if blocked.unmet > 0 {
                    lines.append((blocked.unmet, "\(blocked.unmet) \(target.0) fail only \(field) on the way to \(target.1)"))
                }
            }
        }
        return lines.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.map { "  " + $0.1 }.joined(separator: "\n")
    }
}
