// Test/benchmark-only: loads the labelled CSV written by Benchmarks/dedupe_truth.py (fields already
// normalized) into MatchRecords, and scores a Resolution pairwise against the `true_id` column.
// The same file is compiled into the ResolveBench executable.

import Foundation
import Winnow

enum DedupeTruth {
    struct Labelled {
        var records: [MatchRecord]
        var truth: [String]          // true cluster label per record
    }

    struct Scores: CustomStringConvertible {
        var truePairs: Int, predictedPairs: Int, correctPairs: Int
        var precision: Double { predictedPairs == 0 ? 1 : Double(correctPairs) / Double(predictedPairs) }
        var recall: Double { truePairs == 0 ? 1 : Double(correctPairs) / Double(truePairs) }
        var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        var description: String {
            "pairwise precision \(fmt(precision)) recall \(fmt(recall)) F1 \(fmt(f1)) "
                + "(true pairs \(truePairs), predicted \(predictedPairs), correct \(correctPairs))"
        }
        private func fmt(_ x: Double) -> String { String(format: "%.4f", x) }
    }

    /// Minimal RFC 4180 reader over bytes (quoted fields, doubled quotes, LF or CRLF).
    static func parseCSV(_ data: [UInt8]) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var i = 0
        let n = data.count
        while i < n {
            let b = data[i]
            if inQuotes {
                if b == 0x22 {
                    if i + 1 < n && data[i + 1] == 0x22 { field.append(0x22); i += 1 } else { inQuotes = false }
                } else { field.append(b) }
            } else if b == 0x22 {
                inQuotes = true
            } else if b == 0x2C {
                row.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
            } else if b == 0x0A {
                row.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
                rows.append(row); row = []
            } else if b != 0x0D {
                field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || !row.isEmpty { row.append(String(decoding: field, as: UTF8.self)); rows.append(row) }
        return rows
    }

    /// Columns: id,true_id,first_name,last_name,email,email_is_free,phone,domain,company_key,country,is_form
    static func load(path: String) throws -> Labelled {
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let rows = parseCSV(data)
        guard let header = rows.first else { return Labelled(records: [], truth: []) }
        func col(_ name: String) -> Int { header.firstIndex(of: name) ?? -1 }
        let c = (truth: col("true_id"), first: col("first_name"), last: col("last_name"), email: col("email"),
                 free: col("email_is_free"), phone: col("phone"), domain: col("domain"), company: col("company_key"),
                 country: col("country"), form: col("is_form"))
        var out = Labelled(records: [], truth: [])
        out.records.reserveCapacity(rows.count)
        for row in rows.dropFirst() where row.count == header.count {
            func v(_ k: Int) -> String { k >= 0 ? row[k] : "" }
            out.records.append(MatchRecord(
                index: out.records.count, firstName: v(c.first), lastName: v(c.last), email: v(c.email),
                emailIsFreeMail: v(c.free) == "1", phone: v(c.phone), domain: v(c.domain),
                companyKey: v(c.company), country: v(c.country), isForm: v(c.form) == "1"))
            out.truth.append(v(c.truth))
        }
        return out
    }

    /// splink's fake_1000.csv (unique_id,first_name,surname,dob,city,email,cluster) adapted to MatchRecord:
    /// the email's domain stands in for the registrable domain (these are fake personal addresses such
    /// as robert255@smith.net), the city stands in for the company key; no phones, no countries.
    static func loadSplink(path: String, cityAsCompany: Bool = true, emailDomainAsDomain: Bool = true) throws -> Labelled {
        let rows = parseCSV(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
        guard let header = rows.first else { return Labelled(records: [], truth: []) }
        func col(_ name: String) -> Int { header.firstIndex(of: name) ?? -1 }
        let first = col("first_name"), last = col("surname"), city = col("city"), email = col("email"), cluster = col("cluster")
        var out = Labelled(records: [], truth: [])
        for row in rows.dropFirst() where row.count == header.count {
            let e = row[email].lowercased()
            let domain = e.split(separator: "@").last.map(String.init) ?? ""
            out.records.append(MatchRecord(
                index: out.records.count, firstName: row[first], lastName: row[last], email: e,
                emailIsFreeMail: false, domain: emailDomainAsDomain && e.contains("@") ? domain : "",
                companyKey: cityAsCompany ? row[city].lowercased() : ""))
            out.truth.append(row[cluster])
        }
        return out
    }

    /// Pairwise precision/recall over all record pairs.
    static func score(_ resolution: Resolution, truth: [String]) -> Scores {
        func pairs(_ k: Int) -> Int { k * (k - 1) / 2 }
        var trueSizes: [String: Int] = [:]
        for t in truth { trueSizes[t, default: 0] += 1 }
        var predicted = 0, correct = 0
        for cluster in resolution.clusters {
            predicted += pairs(cluster.count)
            var byTruth: [String: Int] = [:]
            for i in cluster { byTruth[truth[i], default: 0] += 1 }
            for (_, k) in byTruth { correct += pairs(k) }
        }
        return Scores(truePairs: trueSizes.values.reduce(0) { $0 + pairs($1) }, predictedPairs: predicted, correctPairs: correct)
    }
}
