import WinnowCSV

/// Gives tonight's contacts and accounts the ids they had before.
///
/// Ids follow records, not keys: a contact keeps its id as long as it still holds a record that carried
/// that id, even when its email (the key that found it first) has changed since. When one contact now
/// holds the records of several known contacts, the oldest id survives and the others become its
/// aliases. A contact of only new records gets a fresh id (the dedupe stage's, made unique against every
/// id ever handed out). An account keeps the id most of its contacts' accounts had.
public struct StableIdentity {
    public var aliases: [String: String] = [:]
    /// Known ids that are now aliases: their contacts merged into others.
    public var removed: [String] = []
    /// Account id -> its key, for accounts that did not exist before.
    public var newAccounts: [String: String] = [:]

    public init(assigningIDsTo set: inout ContactSet, inputs: [InputFile], schema: FieldSchema, known: KnownIdentities) {
        let contacts = set.contacts
        func key(_ source: SourceRef) -> RecordKey { RecordKey(sha256: inputs[source.file].sha256, row: source.row) }
        func canonical(_ id: String) -> String { known.aliases[id] ?? id }
        func age(_ id: String) -> (Int, String) { (known.contacts[id]?.createdRun ?? Int.max, id) }

        // Each contact's previous ids, oldest first.
        let previous: [[String]] = contacts.map { contact in
            var ids: [String] = []
            for source in contact.sources {
                if let owner = known.owner[key(source)].map(canonical), !ids.contains(owner) { ids.append(owner) }
            }
            return ids.sorted { age($0) < age($1) }
        }
        var claimed: [String: Int] = [:]
        var assigned = [String?](repeating: nil, count: contacts.count)
        for (index, ids) in previous.enumerated() {
            if let id = ids.first(where: { claimed[$0] == nil }) {
                claimed[id] = index
                assigned[index] = id
            }
        }
        var renamed: [String: String] = [:]
        for index in contacts.indices {
            let id = assigned[index] ?? Self.fresh(contacts[index].id) {
                claimed[$0] != nil || known.contacts[$0] != nil || known.aliases[$0] != nil
            }
            claimed[id] = index
            renamed[contacts[index].id] = id
            set.contacts[index].id = id
            for old in previous[index] where claimed[old] == nil && aliases[old] == nil {
                aliases[old] = id
                if known.contacts[old] != nil { removed.append(old) }
            }
        }
        for index in set.duplicates.indices {
            set.duplicates[index].mergedInto = renamed[set.duplicates[index].mergedInto] ?? set.duplicates[index].mergedInto
        }
        assignAccounts(&set.contacts, schema: schema, known: known)
    }

    private mutating func assignAccounts(_ contacts: inout [Contact], schema: FieldSchema, known: KnownIdentities) {
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for index in contacts.indices where !contacts[index].accountID.isEmpty {
            let minted = contacts[index].accountID
            if members[minted] == nil { order.append(minted) }
            members[minted, default: []].append(index)
        }
        var claimed = Set<String>()
        var companyKeys: [String: String] = [:]
        for minted in order {
            let indices = members[minted]!
            var votes: [String: Int] = [:]
            for index in indices {
                if let before = known.contacts[contacts[index].id]?.accountID, !before.isEmpty { votes[before, default: 0] += 1 }
            }
            let ranked = votes.keys.sorted {
                (-votes[$0]!, known.accounts[$0] ?? Int.max, $0) < (-votes[$1]!, known.accounts[$1] ?? Int.max, $1)
            }
            let id = ranked.first { !claimed.contains($0) }
                ?? Self.fresh(minted) { claimed.contains($0) || known.accounts[$0] != nil }
            claimed.insert(id)
            if known.accounts[id] == nil {
                newAccounts[id] = Accounts.key(contacts[indices[0]], schema: schema, companyKeys: &companyKeys) ?? ""
            }
            for index in indices { contacts[index].accountID = id }
        }
    }

    /// `proposed`, or a variant of it that `taken` does not hold.
    static func fresh(_ proposed: String, taken: (String) -> Bool) -> String {
        guard taken(proposed) else { return proposed }
        var attempt = 1
        while true {
            let candidate = String(proposed.prefix(1)) + ContactID.make(proposed + "#\(attempt)").dropFirst()
            if !taken(candidate) { return candidate }
            attempt += 1
        }
    }

    /// What a contact looks like to the outside: when this changes, the contact is in tonight's delta.
    /// `record` is the contact as the state keeps it (`ContactRecord`): values, lineage, account, flags.
    public static func fingerprint(id: String, record: String, _ classification: Classification) -> String {
        var digest = SHA256Digest()
        for part in [id, record, classification.segment.rawValue, classification.reasons, String(classification.fitScore),
                     classification.suppressedBy ?? ""] {
            digest.update(part)
            digest.update("\u{1F}")
        }
        return String(digest.finalizeHex().prefix(32))
    }
}
