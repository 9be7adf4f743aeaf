import Foundation
import WinnowCSV

/// How two runs' outputs differ: which contacts moved between segments, and which criteria moved them.
/// Contacts are matched by `winnow_id`; the segment files and suppressed.csv of each folder are read.
public struct OutputDiff: Sendable {
    public struct Entry: Sendable {
        public var segment: String
        public var reasons: [String: String]   // criterion field -> met / unmet / unknown
    }

    /// (from, to) -> contacts; "-" stands for "not in that run".
    public var moves: [String: Int] = [:]
    /// "field: old -> new" among the contacts that moved -> how many.
    public var criteriaChanges: [String: Int] = [:]
    public var unchanged = 0

    static let files = ["names", "suspects", "prospects", "suppressed"]

    public static func load(_ folder: String) throws -> [String: Entry] {
        var entries: [String: Entry] = [:]
        for name in files {
            let path = folder + "/" + name + ".csv"
            let reader: CSVReader
            do {
                reader = try CSVReader(path: path, dialect: .comma)
            } catch CSVError.cannotOpen {
                throw WinnowError.inputUnreadable(path: path, reason: "not a Winnow output folder (no \(name).csv)")
            }
            guard let id = reader.header.firstIndex(of: "winnow_id"), let segment = reader.header.firstIndex(of: "segment"),
                  let reasons = reader.header.firstIndex(of: "reasons") else {
                throw WinnowError.data(path: path, row: nil, message: "lacks the winnow_id, segment or reasons column")
            }
            try reader.forEachRecord { record in
                entries[record.string(at: id)] = Entry(segment: name == "suppressed" ? "suppressed" : record.string(at: segment),
                                                       reasons: parseReasons(record.string(at: reasons)))
            }
        }
        return entries
    }

    /// `industry=met; revenue=unknown` -> [industry: met, revenue: unknown].
    public static func parseReasons(_ text: String) -> [String: String] {
        var verdicts: [String: String] = [:]
        for part in text.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { verdicts[pair[0].trimmingCharacters(in: .whitespaces)] = String(pair[1]) }
        }
        return verdicts
    }

    public init(before: [String: Entry], after: [String: Entry]) {
        for (id, old) in before {
            guard let new = after[id] else { moves["\(old.segment) -> -", default: 0] += 1; continue }
            guard old.segment != new.segment else { unchanged += 1; continue }
            moves["\(old.segment) -> \(new.segment)", default: 0] += 1
            for (field, status) in new.reasons where old.reasons[field] != status {
                criteriaChanges["\(field): \(old.reasons[field] ?? "-") -> \(status)", default: 0] += 1
            }
        }
        for (id, new) in after where before[id] == nil { moves["- -> \(new.segment)", default: 0] += 1 }
    }

    /// The report `winnow diff` prints, largest counts first.
    public var text: String {
        func sorted(_ counts: [String: Int]) -> [(String, Int)] {
            counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        }
        var lines = ["\(unchanged) contacts kept their segment"]
        if moves.isEmpty { lines.append("no contact moved") }
        for (move, count) in sorted(moves) { lines.append("  \(count) moved \(move)") }
        if !criteriaChanges.isEmpty { lines.append("criteria that changed for the contacts that moved:") }
        for (change, count) in sorted(criteriaChanges) { lines.append("  \(count) \(change)") }
        return lines.joined(separator: "\n")
    }
}
