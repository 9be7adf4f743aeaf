import Foundation

/// The text `winnow explain` prints for one contact: where it came from, which rule joined each record,
/// which field came from where, and every criterion's verdict under each ICP of the config.
public enum Explanation {
    /// Finds contacts by email, winnow_id or FILE:ROW.
    public static func find(_ key: String, in set: ContactSet, schema: FieldSchema, paths: [String]) -> [Int] {
        let email = schema.index(of: .email)
        let folded = key.lowercased().trimmingCharacters(in: .whitespaces)
        return set.contacts.indices.filter { index in
            let contact = set.contacts[index]
            if contact.id == key || (!contact[email].isEmpty && contact[email].lowercased() == folded) { return true }
            return contact.sources.contains { "\(paths[$0.file]):\($0.row)" == key }
        }
    }

    public static func render(_ contact: Contact, in set: ContactSet, schema: FieldSchema, paths: [String], config: WinnowConfig) -> String {
        let evaluators = config.icps.map { CriterionEvaluator(icp: $0, schema: schema, paths: paths) }
        let results = evaluators.map { $0.classify(contact) }
        let best = results.indices.max { (results[$0].segment, results[$0].fitScore, -$0) < (results[$1].segment, results[$1].fitScore, -$1) }!
        var classification = results[best]
        classification.suppressedBy = config.suppress.suppression(
            email: contact[schema.index(of: .email)], domain: contact[schema.index(of: .domain)], company: contact[schema.index(of: .company)])
        let rules = Dictionary(set.duplicates.filter { $0.mergedInto == contact.id }
            .map { ($0.source, "\($0.rule) (score \(ScoreText.format($0.score)))") }, uniquingKeysWith: { a, _ in a })
        func where_(_ ref: SourceRef) -> String { "\(paths[ref.file]):\(ref.row)" }

        var lines: [String] = []
        let email = contact[schema.index(of: .email)]
        lines.append("Contact \(contact.id)" + (email.isEmpty ? "" : " <\(email)>"))
        if let suppressedBy = classification.suppressedBy {
            lines.append("  SUPPRESSED by \(suppressedBy): in no segment, never exported to sales")
        }
        var status = "  \(classification.segment.rawValue) under ICP \(classification.icp), fit score \(classification.fitScore)"
        if let qualification = classification.qualification {
            status += qualification == .outOfProfile ? " (out of profile: fails a criterion)" : " (unqualified: only lacks data)"
        }
        lines.append(status)
        lines.append("  lead: " + (contact.lead ? "yes (a form record with consent)" : "no"))
        lines.append("  source records:")
        for (position, ref) in contact.sources.enumerated() {
            let how = position == 0 ? "survivor" : "merged by rule \(rules[ref] ?? "?")"
            lines.append("    \(where_(ref))  \(how)")
        }
        for (icpIndex, result) in results.enumerated() {
            let marker = icpIndex == best ? " (best)" : ""
            lines.append("  criteria of ICP \(result.icp)\(marker): \(result.segment.rawValue), fit score \(result.fitScore)")
            let verdicts = result.verdicts(of: contact)
            for (index, verdict) in verdicts.enumerated() {
                let level = index < verdicts.count - result.prospectCount ? "suspect " : "prospect"
                lines.append(line(verdict, level: level, indent: "    "))
            }
        }
        lines.append("  fields:")
        for index in 0..<schema.count where !contact[index].isEmpty {
            let from = contact.sources.isEmpty ? "" : where_(contact.origin(of: index) ?? contact.sources[0])
            lines.append("    \(schema.names[index]) = \(contact[index])  (from \(from))")
        }
        if !contact.conflicts.isEmpty {
            lines.append("  conflicts (values not kept):")
            for conflict in contact.conflicts {
                lines.append("    \(schema.names[conflict.field]): kept \(conflict.kept), not \(conflict.other) (\(where_(conflict.otherSource)))")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func line(_ verdict: Verdict, level: String, indent: String) -> String {
        let status = verdict.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        var text = "\(indent)\(level) \(status) \(verdict.criterion)"
        if !verdict.value.isEmpty { text += "  value: \(verdict.value)" } else { text += "  value: (missing)" }
        if !verdict.source.isEmpty { text += "  from \(verdict.source)" }
        for member in verdict.members { text += "\n" + line(member, level: "  member", indent: indent + "  ") }
        return text
    }
}
