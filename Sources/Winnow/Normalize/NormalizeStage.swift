/// Cleans every field the way the field's own libraries do, and rejects records with nothing to contact
/// or classify.
///
/// Input: ingested records. Output: the same records normalized (see `RecordNormalizer`), with the values
/// as given kept in `raw` and what was wrong in `flags`. A record with no valid email, no phone of at least
/// 6 digits and no company name is rejected with reason `no identity`.
public struct NormalizeStage: PipelineStage {
    public static let name = "normalize"
    public static let minimumPhoneDigits = 6
    public let config: WinnowConfig
    /// Workers: the records are split into this many contiguous slices, each normalized on its own core
    /// with its own caches; the slices are joined in order, so the output does not depend on it.
    public let jobs: Int

    /// libphonenumber's share in helper processes, for batches with many distinct numbers.
    public let phoneWorkers: PhoneWorkers?

    public init(config: WinnowConfig, jobs: Int = 1, phoneWorkers: PhoneWorkers? = nil) {
        self.config = config; self.jobs = jobs; self.phoneWorkers = phoneWorkers
    }

    /// Normalizes the records in place: with the batch handed over (`consuming`), each record's values are
    /// replaced as it is normalized, so the stage never holds the ingested and the normalized run at once.
    public func run(_ batch: consuming Batch<[SourceRecord]>) throws -> Batch<[SourceRecord]> {
        var records = batch.payload
        batch.payload = []
        let config = self.config, schema = batch.schema, inputs = batch.inputs
        let phones = config.normalize.phone == .digits ? .none
            : phoneWorkers?.seed(records, schema: schema, defaultRegion: config.normalize.defaultRegion) ?? .none
        let slices = records.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedBuffer(buffer)
            return Parallel.slices(count: buffer.count, jobs: jobs) { range in
                Self.normalize(shared.buffer, range, config: config, schema: schema, inputs: inputs, phones: phones)
            }
        }
        var rejected = batch.rejected
        var statistics = FieldStatistics(schema: schema)
        var unusable: [Int] = []
        for slice in slices {
            rejected.append(contentsOf: slice.rejected)
            statistics.add(slice.statistics)
            unusable.append(contentsOf: slice.unusable)
        }
        if !unusable.isEmpty {
            // Rejected records are few: close the gaps in one pass, keeping order.
            var next = 0, write = 0
            for read in records.indices {
                if next < unusable.count && unusable[next] == read { next += 1; continue }
                if write != read { records.swapAt(write, read) }
                write += 1
            }
            records.removeLast(records.count - write)
        }
        var next = batch.with(records, rejected: rejected)
        next.fieldStatistics = statistics.fields
        return next
    }

    struct Slice: Sendable {
        var rejected: [Rejection] = []
        /// Indices (ascending) of the records rejected, to be removed from the batch.
        var unusable: [Int] = []
        var statistics: FieldStatistics
    }

    /// Normalizes `records[range]` in place; each worker has its own range and its own caches.
    static func normalize(_ records: UnsafeMutableBufferPointer<SourceRecord>, _ range: Range<Int>, config: WinnowConfig,
                          schema: FieldSchema, inputs: [InputFile], phones: SeededPhones = .none) -> Slice {
        let normalizer = RecordNormalizer(config: config, schema: schema)
        var slice = Slice(statistics: FieldStatistics(schema: schema))
        let email = schema.index(of: .email)
        let phone = schema.index(of: .phone)
        let company = schema.index(of: .company)
        for position in range {
            let file = records[position].source.file
            normalizer.normalize(&records[position], decimalComma: inputs[file].delimiter == "semicolon",
                                 phone: phones.answer(at: position))
            let record = records[position]
            let usable = (!record[email].isEmpty && !record.flags.contains(.emailInvalid))
                || PhoneNumber.digitCount(record[phone]) >= Self.minimumPhoneDigits
                || !record[company].isEmpty
            if usable {
                slice.statistics.count(record)
            } else {
                let columns = inputs[file].mappedTo.map { schema.index(of: $0) ?? -1 }
                let given = normalizer.givenValues(of: record)
                slice.rejected.append(Rejection(source: record.source, reason: "no identity",
                                                raw: columns.map { $0 >= 0 && $0 < given.count ? given[$0] : "" }))
                slice.unusable.append(position)
            }
        }
        return slice
    }
}

/// Per field: how many kept records had a value, how many values normalization changed, how many it flagged.
struct FieldStatistics: Sendable {
    /// The fields inputs give; the derived ones (phone_extension, ...) are parts of these.
    static let given = CanonicalField.allCases.filter { ![.phoneExtension, .honorific, .nameSuffix, .industryCode].contains($0) }
    /// Per given field, the flags that count it invalid: worked out once, as `count` runs for every record.
    private static let invalidFlags = given.map { FieldFlags.of($0).intersection(.invalid) }

    /// Per given field (same order), its schema index and its counts: an array, not a dictionary keyed by
    /// name, because `count` touches every field of every record.
    private let indices: [Int]
    private var counts: [FieldCounts]

    init(schema: FieldSchema) {
        indices = Self.given.map { schema.index(of: $0) }
        counts = Array(repeating: FieldCounts(), count: Self.given.count)
    }

    /// The counts by field name, as the summary reports them.
    var fields: [String: FieldCounts] {
        Dictionary(uniqueKeysWithValues: zip(Self.given.map(\.rawValue), counts))
    }

    mutating func add(_ other: FieldStatistics) {
        for i in counts.indices {
            counts[i].normalized += other.counts[i].normalized
            counts[i].invalid += other.counts[i].invalid
            counts[i].missing += other.counts[i].missing
        }
    }

    mutating func count(_ record: SourceRecord) {
        for i in counts.indices {
            let index = indices[i]
            let changed = record.raw[index] != nil
            if !changed && record[index].isEmpty {
                counts[i].missing += 1
            } else {
                if changed { counts[i].normalized += 1 }
                if !record.flags.isDisjoint(with: Self.invalidFlags[i]) { counts[i].invalid += 1 }
            }
        }
    }
}

public struct FieldCounts: Codable, Sendable, Equatable {
    public var normalized = 0
    public var invalid = 0
    public var missing = 0
    public init() {}
}

/// Normalizes one record's fields in place. Holds the per-run caches of the field normalizers, so it is
/// created once per stage run.
final class RecordNormalizer {
    private let config: WinnowConfig
    private let schema: FieldSchema
    private let phones: PhoneNormalizer
    private var companies: [String: String] = [:]
    private var countryCodes = LocalFieldCache<String?>()
    private var sectors = LocalFieldCache<IndustrySector?>()
    private let domains = RegistrableDomain.Cache()
    private let index: (first: Int, last: Int, email: Int, phone: Int, title: Int, company: Int, website: Int, domain: Int,
                        industry: Int, employees: Int, revenue: Int, country: Int, city: Int,
                        phoneExtension: Int, honorific: Int, nameSuffix: Int, industryCode: Int)

    init(config: WinnowConfig, schema: FieldSchema) {
        self.config = config
        self.schema = schema
        self.phones = PhoneNormalizer(defaultRegion: config.normalize.defaultRegion)
        index = (schema.index(of: .firstName), schema.index(of: .lastName), schema.index(of: .email), schema.index(of: .phone),
                 schema.index(of: .title), schema.index(of: .company), schema.index(of: .website), schema.index(of: .domain),
                 schema.index(of: .industry), schema.index(of: .employees), schema.index(of: .revenue), schema.index(of: .country),
                 schema.index(of: .city), schema.index(of: .phoneExtension), schema.index(of: .honorific),
                 schema.index(of: .nameSuffix), schema.index(of: .industryCode))
    }

    /// The value each field of the record being normalized had before its first write, in order of first write;
    /// reused from record to record. Normalization rewrites a few fields of a record: remembering those is what
    /// copying its whole values array (a copy on the first write, 20 strings retained and released) used to do.
    // Unchecked: a normalizer belongs to one worker, and dynamic exclusivity checks were most of `set`'s cost.
    @exclusivity(unchecked) private(set) var originals: [(field: Int, value: String)] = []
    /// Bit i: field i (below 64) has its original in `originals`.
    @exclusivity(unchecked) private var written: UInt64 = 0
    /// The originals normalization changed, ascending by field; reused from record to record.
    private var changed: [(field: Int, value: String)] = []

    /// - Parameter phone: the record's phone answer when it was computed ahead (`SeededPhones`).
    func normalize(_ record: inout SourceRecord, decimalComma: Bool, phone seeded: PhoneResult? = nil) {
        originals.removeAll(keepingCapacity: true)
        written = 0
        givenCount = record.values.count
        for i in record.values.indices where Whitespace.needsWork(record.values[i]) {
            set(&record, i, Whitespace.collapse(record.values[i]))
        }
        normalizeName(&record)
        normalizeEmail(&record)
        let region = normalizeCountry(&record)
        normalizePhone(&record, region: region, seeded: seeded)
        normalizeCompany(&record)
        normalizeDomain(&record)
        normalizeEmployees(&record, decimalComma: decimalComma)
        normalizeRevenue(&record, decimalComma: decimalComma)
        normalizeIndustry(&record)
        changed.removeAll(keepingCapacity: true)
        for original in originals where !original.value.isEmpty && original.value != record[original.field] {
            changed.append(original)
        }
        guard !changed.isEmpty else { return }
        changed.sort { $0.field < $1.field }
        record.raw.reserveCapacity(record.raw.count + changed.count)
        for (field, value) in changed { record.raw[field] = value }
    }

    /// The number of values the record being normalized came with: normalization may append derived fields.
    private var givenCount = 0

    /// The values the last record passed to `normalize` came with.
    func givenValues(of record: SourceRecord) -> [String] {
        var values = Array(record.values.prefix(givenCount))
        for (field, value) in originals where field < values.count { values[field] = value }
        return values
    }

    private func set(_ record: inout SourceRecord, _ field: Int, _ value: String) {
        if field < 64 {
            if written & (1 << UInt64(field)) == 0 {
                written |= 1 << UInt64(field)
                originals.append((field, record[field]))
            }
        } else if !originals.contains(where: { $0.field == field }) {
            originals.append((field, record[field]))
        }
        record[field] = value
    }

    private func normalizeName(_ record: inout SourceRecord) {
        let first = record[index.first], last = record[index.last]
        guard !first.isEmpty || !last.isEmpty else { return }
        let name = PersonName.normalize(first: first, last: last)
        set(&record, index.first, name.first)
        set(&record, index.last, name.last)
        if let honorific = name.honorific, record[index.honorific].isEmpty { set(&record, index.honorific, honorific) }
        if let suffix = name.suffix, record[index.nameSuffix].isEmpty { set(&record, index.nameSuffix, suffix) }
    }

    private func normalizeEmail(_ record: inout SourceRecord) {
        let given = record[index.email]
        guard !given.isEmpty else { return }
        guard let email = EmailAddress.normalize(given) else {
            record.flags.insert(.emailInvalid)
            return
        }
        set(&record, index.email, email)
        if EmailFlags.isRoleAccount(email) { record.flags.insert(.emailRoleAccount) }
        // isFreeMail reads the domain after the address's last "@" itself.
        if EmailFlags.isFreeMail(domain: email, extra: config.normalize.freeMailDomains) {
            record.flags.insert(.emailFreeMail)
        }
    }

    /// Returns the ISO alpha-2 code, the region phones are read in.
    private func normalizeCountry(_ record: inout SourceRecord) -> String? {
        let given = record[index.country]
        guard !given.isEmpty else { return nil }
        let code = countryCodes.value(for: given, compute: CountryCode.normalize)
        if let code { set(&record, index.country, code) } else { record.flags.insert(.countryUnknown) }
        return code
    }

    private func normalizePhone(_ record: inout SourceRecord, region: String?, seeded: PhoneResult?) {
        let given = record[index.phone]
        guard !given.isEmpty else { return }
        if config.normalize.phone == .digits {
            set(&record, index.phone, PhoneNumber.digitsOnly(given))
            return
        }
        let result = seeded ?? phones.normalize(given, region: region)
        if let e164 = result.e164, result.isValid {
            set(&record, index.phone, e164)
            if let ext = result.extensionNumber, record[index.phoneExtension].isEmpty { set(&record, index.phoneExtension, ext) }
        } else {
            record.flags.insert(.phoneInvalid)
        }
    }

    private func normalizeCompany(_ record: inout SourceRecord) {
        let given = record[index.company]
        guard !given.isEmpty else { return }
        if let cached = companies[given] {
            set(&record, index.company, cached)
        } else {
            let display = CompanyName.display(given)
            companies[given] = display
            set(&record, index.company, display)
        }
    }

    private func normalizeDomain(_ record: inout SourceRecord) {
        let website = record[index.website]
        if !website.isEmpty {
            if let domain = registrable(website, fromEmail: false) {
                // A registrable domain is its own registrable domain: no second lookup.
                if record[index.domain].isEmpty { set(&record, index.domain, domain); return }
            } else {
                record.flags.insert(.websiteInvalid)
            }
        }
        let given = record[index.domain]
        if !given.isEmpty {
            if let domain = registrable(given, fromEmail: false) { set(&record, index.domain, domain) }
            return
        }
        let email = record[index.email]
        if !email.isEmpty, !record.flags.contains(.emailInvalid), !record.flags.contains(.emailFreeMail),
           let domain = registrable(email, fromEmail: true) {
            set(&record, index.domain, domain)
        }
    }

    private func registrable(_ text: String, fromEmail: Bool) -> String? {
        fromEmail ? RegistrableDomain.fromEmail(text, cache: domains) : RegistrableDomain.fromWebsite(text, cache: domains)
    }

    private func normalizeEmployees(_ record: inout SourceRecord, decimalComma: Bool) {
        let given = record[index.employees]
        guard !given.isEmpty else { return }
        guard let range = EmployeeCount.parse(given, decimalComma: decimalComma) else {
            record.flags.insert(.employeesInvalid)
            return
        }
        set(&record, index.employees, RangeText.format(lower: range.lower, upper: range.upper, isRange: range.isRange))
    }

    private func normalizeRevenue(_ record: inout SourceRecord, decimalComma: Bool) {
        let given = record[index.revenue]
        guard !given.isEmpty else { return }
        guard let money = Money.parse(given, decimalComma: decimalComma) else {
            record.flags.insert(.revenueInvalid)
            return
        }
        guard let converted = money.convertedMoney(to: config.icp.currency, fx: config.icp.fx) else {
            record.flags.insert(.revenueCurrencyUnknown)
            return
        }
        set(&record, index.revenue, RangeText.format(lower: converted.amount, upper: converted.upper, isRange: converted.upper != nil))
    }

    private func normalizeIndustry(_ record: inout SourceRecord) {
        let given = record[index.industry]
        guard !given.isEmpty else { return }
        if let sector = sectors.value(for: given, compute: { Industry.sector($0) }) {
            set(&record, index.industry, sector.name)
            if record[index.industryCode].isEmpty { set(&record, index.industryCode, sector.code) }
        } else {
            record.flags.insert(.industryUnknown)
        }
    }
}
