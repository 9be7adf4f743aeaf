/// Merges records that are the same contact, within and across files.
///
/// Input: normalized records. Output: one `Contact` per distinct person, and a `DuplicateEntry` for each
/// record merged into another. This first version matches on the normalized, valid email only; records
/// without one stay contacts of their own.
public struct DedupeStage: PipelineStage {
    public static let name = "dedupe"
    public static let sameEmailRule = "same_email"
    public let config: WinnowConfig

    public init(config: WinnowConfig) { self.config = config }

    public func run(_ batch: Batch<[SourceRecord]>) throws -> Batch<ContactSet> {
        let email = batch.schema.index(of: .email)
        let consent = batch.schema.index(of: .consent)
        // Survivor first: records are visited in input order (file, then row), so the earliest record survives.
        let records = batch.payload.sorted { $0.source < $1.source }
        var contactByEmail: [String: Int] = [:]
        var contacts: [Contact] = []
        var duplicates: [DuplicateEntry] = []
        contacts.reserveCapacity(records.count)
        for record in records {
            let isLead = batch.inputs[record.source.file].kind == .form
                && config.consentValues.contains(TextFold.consentKey(record[consent]))
            let key = record[email]
            if !key.isEmpty, EmailAddress.isValid(key), let existing = contactByEmail[key] {
                Survivorship.merge(record, into: &contacts[existing])
                contacts[existing].lead = contacts[existing].lead || isLead
                duplicates.append(DuplicateEntry(source: record.source, mergedInto: contacts[existing].id, rule: Self.sameEmailRule))
                continue
            }
            let identity: String
            if !key.isEmpty, EmailAddress.isValid(key) {
                identity = "email:" + key
                contactByEmail[key] = contacts.count
            } else {
                identity = "source:\(batch.inputs[record.source.file].path):\(record.source.row)"
            }
            contacts.append(Contact(id: ContactID.make(identity), lead: isLead, sources: [record.source], values: record.values,
                                    flags: record.flags, raw: record.raw))
        }
        return batch.with(ContactSet(contacts: contacts, duplicates: duplicates))
    }
}

/// Which value a merged contact keeps for each field: the survivor's, unless it has none.
enum Survivorship {
    static func merge(_ record: SourceRecord, into contact: inout Contact) {
        contact.sources.append(record.source)
        if contact.values.count < record.values.count {
            contact.values.append(contentsOf: repeatElement("", count: record.values.count - contact.values.count))
        }
        for index in record.values.indices where contact.values[index].isEmpty && !record.values[index].isEmpty {
            contact.values[index] = record.values[index]
            contact.origins[index] = contact.sources.count - 1
            if let raw = record.raw[index] { contact.raw[index] = raw }
            if let field = CanonicalField.at(index) { contact.flags.formUnion(record.flags.intersection(.of(field))) }
        }
    }
}

/// Deterministic contact ids: `w` and 16 hex digits of a 64-bit FNV-1a hash of the contact's identity.
public enum ContactID {
    public static func make(_ identity: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in identity.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "w" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
