/// Cleans every field and rejects records with nothing to contact or classify.
///
/// Input: ingested records. Output: the same records with whitespace trimmed and collapsed, emails
/// lowercased (valid ones), phones reduced to `+` and digits. A record with no valid email, no phone of
/// at least 6 digits and no company name is rejected with reason `no identity`.
public struct NormalizeStage: PipelineStage {
    public static let name = "normalize"
    public static let minimumPhoneDigits = 6

    public init() {}

    public func run(_ batch: Batch<[SourceRecord]>) throws -> Batch<[SourceRecord]> {
        let email = batch.schema.index(of: .email)
        let phone = batch.schema.index(of: .phone)
        let company = batch.schema.index(of: .company)
        var rejected = batch.rejected
        var kept: [SourceRecord] = []
        kept.reserveCapacity(batch.payload.count)
        for original in batch.payload {
            var record = original
            for index in record.values.indices where !record.values[index].isEmpty {
                record.values[index] = Whitespace.collapse(record.values[index])
            }
            let validEmail = EmailAddress.normalize(record[email])
            if let validEmail { record[email] = validEmail }
            if !record[phone].isEmpty { record[phone] = PhoneNumber.digitsOnly(record[phone]) }
            let usable = validEmail != nil
                || PhoneNumber.digitCount(record[phone]) >= Self.minimumPhoneDigits
                || !record[company].isEmpty
            if usable {
                kept.append(record)
            } else {
                let file = batch.inputs[original.source.file]
                let columns = file.mappedTo.map { batch.schema.index(of: $0) ?? -1 }
                rejected.append(Rejection(source: original.source, reason: "no identity",
                                          raw: columns.map { $0 >= 0 ? original[$0] : "" }))
            }
        }
        return batch.with(kept, rejected: rejected)
    }
}
