/// Finds the same person across and within the lists and merges each group into one contact.
///
/// Input: normalized records. Output: one `Contact` per person, and a `DuplicateEntry` (rule and score)
/// for each record merged into another. Matching is `EntityResolver`'s: blocking on shared keys, field
/// comparison with nicknames and folded names, readable rules (config `dedupe:`), clustering guarded
/// against chaining. Which value a contact keeps is `Survivorship`'s policy.
public struct DedupeStage: PipelineStage {
    public static let name = "dedupe"
    public let config: WinnowConfig
    /// Workers for the per-record and per-contact steps (match records, their features, merging, accounts);
    /// each writes only its own slice, so the result does not depend on it.
    public let jobs: Int

    public init(config: WinnowConfig, jobs: Int = 1) { self.config = config; self.jobs = jobs }

    public func run(_ batch: consuming Batch<[SourceRecord]>) throws -> Batch<ContactSet> {
        let schema = batch.schema, inputs = batch.inputs, rules = config.dedupe
        // Input order (file, then row): the earliest record of a group survives and gives the contact its id.
        // Ingest and normalize keep that order, so the records are taken over rather than copied, and sorted
        // (in place) only when a caller handed them in another order.
        var sorting = batch.payload
        batch.payload = []
        if !sorting.indices.dropFirst().allSatisfy({ sorting[$0 - 1].source < sorting[$0].source }) {
            sorting.sort { $0.source < $1.source }
        }
        let records = sorting
        sorting = []
        let kinds = inputs.map(\.kind)
        let resolution = EntityResolver.resolve(Parallel.map(count: records.count, jobs: jobs) {
            MatchRecordBuilder.make(records[$0], index: $0, schema: schema, kinds: kinds, rules: rules)
        }, rules: rules, jobs: jobs)
        let survivorship = Survivorship(schema: schema, inputs: inputs, consentValues: config.consentValues)
        let clusters = resolution.clusters
        let email = schema.index(of: .email)
        var contacts = Parallel.map(count: clusters.count, jobs: jobs) { contact -> Contact in
            let cluster = clusters[contact]
            let survivor = records[cluster[0]]
            let id = !survivor[email].isEmpty && !survivor.flags.contains(.emailInvalid)
                ? ContactID.make("email:", survivor[email])
                : ContactID.make("source:\(inputs[survivor.source.file].path):\(survivor.source.row)")
            return cluster.count == 1 ? survivorship.alone(survivor, id: id) : survivorship.merge(cluster.map { records[$0] }, id: id)
        }
        var duplicates: [DuplicateEntry] = []
        for (contact, cluster) in clusters.enumerated() where cluster.count > 1 {
            for index in cluster.dropFirst() {
                let decision = resolution.decisions[index]?.decision ?? MatchDecision(rule: MatchDecision.sameEmail, score: 1)
                duplicates.append(DuplicateEntry(source: records[index].source, mergedInto: contacts[contact].id,
                                                 rule: decision.rule, score: decision.score))
            }
        }
        let accounts = Accounts(schema: schema, survivorship: survivorship, jobs: jobs)
        let accountCount = accounts.assign(&contacts, records: records, clusters: clusters)
        var next = batch.with(ContactSet(contacts: contacts, duplicates: duplicates))
        next.counters["accounts"] = accountCount
        next.counters["candidate_pairs"] = resolution.candidatePairs
        next.counters["skipped_blocks"] = resolution.skippedBlocks
        // The source records live on only in the contacts' shared strings; freeing the rest of them (a million
        // arrays) is a third of a second of one core that classify need not wait for.
        BackgroundRelease.drop(consume records)
        return next
    }
}

/// What the resolver needs of a normalized record.
enum MatchRecordBuilder {
    /// The company match key is only computed when the company+name rule, its only user, is on.
    static func make(_ record: SourceRecord, index: Int, schema: FieldSchema, kinds: [SourceKind], rules: MatchRules = .default) -> MatchRecord {
        let email = record.flags.contains(.emailInvalid) ? "" : record[schema.index(of: .email)]
        let phone = record.flags.contains(.phoneInvalid) ? "" : record[schema.index(of: .phone)]
        let company = record[schema.index(of: .company)]
        return MatchRecord(index: index,
                           firstName: record[schema.index(of: .firstName)],
                           lastName: record[schema.index(of: .lastName)],
                           email: email,
                           emailIsFreeMail: record.flags.contains(.emailFreeMail),
                           phone: phone,
                           domain: record[schema.index(of: .domain)],
                           companyKey: company.isEmpty || !rules.sameCompanySimilarName ? "" : CompanyName.matchKey(company),
                           country: record.flags.contains(.countryUnknown) ? "" : record[schema.index(of: .country)],
                           isForm: kinds[record.source.file] == .form)
    }
}

/// Which value a merged contact keeps for each field, in this order of preference:
/// 1. a valid value over one normalization flagged invalid;
/// 2. person fields (name, email, phone, title, consent) from form exports over purchased lists (fresher and
///    self-declared); firmographics (company, website, industry, employees, revenue, country, city, ICP and
///    extra fields) from purchased lists over forms;
/// 3. the most recent file (given last on the command line) over earlier ones;
/// 4. the earlier row.
/// Differing values that lose are recorded as the contact's `conflicts`.
struct Survivorship {
    let schema: FieldSchema
    let consentValues: Set<String>
    private let consent: Int
    /// Per schema index: its flags, those of them that make its value invalid, and whether it is a person field;
    /// per input: a form? Tables, because merge ranks every field of every member.
    private let flagsOfField: [FieldFlags]
    private let invalidFlags: [FieldFlags]
    private let isPersonField: [Bool]
    private let formFiles: [Bool]

    init(schema: FieldSchema, inputs: [InputFile], consentValues: Set<String>) {
        self.schema = schema
        self.consentValues = consentValues
        let person: [CanonicalField] = [.firstName, .lastName, .email, .phone, .title, .consent, .phoneExtension, .honorific, .nameSuffix]
        let personFields = Set(person.map { schema.index(of: $0) })
        self.consent = schema.index(of: .consent)
        self.flagsOfField = (0..<schema.count).map { CanonicalField.at($0).map { FieldFlags.of($0) } ?? [] }
        self.invalidFlags = flagsOfField.map { $0.intersection(.invalid) }
        self.isPersonField = (0..<schema.count).map { personFields.contains($0) }
        self.formFiles = inputs.map { $0.kind == .form }
    }

    /// A record of its own is the contact as it stands.
    func alone(_ record: SourceRecord, id: String) -> Contact {
        var values = record.values
        if values.count < schema.count { values.append(contentsOf: repeatElement("", count: schema.count - values.count)) }
        return Contact(id: id, lead: isLead(record), sources: [record.source], values: values, flags: record.flags, raw: record.raw)
    }

    private func isLead(_ record: SourceRecord) -> Bool {
        formFiles[record.source.file] && consentValues.contains(TextFold.consentKey(record[consent]))
    }

    func merge(_ members: [SourceRecord], id: String) -> Contact {
        if members.count == 1 { return alone(members[0], id: id) }
        let lead = members.contains { isLead($0) }
        var contact = Contact(id: id, lead: lead, sources: members.map(\.source),
                              values: [String](repeating: "", count: schema.count))
        // Clusters are small (two or three records): plain loops and a short array of seen keys, no per-field
        // collections.
        var seen: [String] = []
        for field in 0..<schema.count {
            var chosen = -1
            var best = (0, 0, 0, 0)
            for member in members.indices where !members[member][field].isEmpty {
                let ranked = rank(members[member], field: field, position: member)
                if chosen < 0 || best < ranked { chosen = member; best = ranked }
            }
            guard chosen >= 0 else { continue }
            let record = members[chosen]
            let kept = record[field]
            contact.ownValues[field] = kept
            if chosen != 0 { contact.ownOrigins[field] = record.source }
            if let raw = record.raw[field] { contact.ownRaw[field] = raw }
            contact.flags.formUnion(record.flags.intersection(flagsOfField[field]))
            // Most duplicates repeat the kept text exactly: only a differing text needs its fold (a lowercased copy)
            // to tell a conflict from a spelling of the same value.
            seen.removeAll(keepingCapacity: true)
            for other in members.indices where other != chosen {
                let value = members[other][field]
                if value.isEmpty || value == kept { continue }
                if seen.isEmpty { seen.append(TextFold.valueKey(kept)) }
                let key = TextFold.valueKey(value)
                if !seen.contains(key) {
                    seen.append(key)
                    contact.ownConflicts.append(FieldConflict(field: field, kept: kept, other: value, otherSource: members[other].source))
                }
            }
        }
        return contact
    }

    /// `rank` without its last element (the position), from per-field tables.
    @inline(__always) func rankWithoutPosition(_ record: SourceRecord, field: Int) -> (Int, Int, Int) {
        let valid = record.flags.isDisjoint(with: invalidFlags[field]) ? 1 : 0
        let isForm = formFiles[record.source.file]
        let kindPreference = isPersonField[field] ? (isForm ? 1 : 0) : (isForm ? 0 : 1)
        return (valid, kindPreference, record.source.file)
    }

    /// Higher is preferred.
    @inline(__always) func rank(_ record: SourceRecord, field: Int, position: Int) -> (Int, Int, Int, Int) {
        let (valid, kindPreference, file) = rankWithoutPosition(record, field: field)
        return (valid, kindPreference, file, -position)
    }
}

/// Deterministic contact ids: `w` and 16 hex digits of a 64-bit FNV-1a hash of the contact's identity.
public enum ContactID {
    public static func make(_ identity: String) -> String { make("", identity) }

    /// The id of the identity `prefix + rest`, without building that string.
    public static func make(_ prefix: StaticString, _ rest: String, letter: UInt8 = UInt8(ascii: "w")) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        prefix.withUTF8Buffer { bytes in
            for byte in bytes {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
        }
        for byte in rest.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return String(unsafeUninitializedCapacity: 17) { text in
            text[0] = letter
            for position in 0..<16 {
                let digit = UInt8(truncatingIfNeeded: hash >> (4 * UInt64(position))) & 0xF
                text[16 - position] = digit < 10 ? 0x30 + digit : 0x57 + digit   // 0-9, a-f
            }
            return 17
        }
    }
}

/// Groups contacts into companies and gives every contact of a company the same firmographics.
///
/// In B2B the fit belongs to the company: an account is keyed by its registrable domain, else by its
/// company match key and country. Each firmographic field (company, website, domain, industry, employees,
/// revenue, and the ICP's own fields such as it_platform) is chosen once per account from all its contacts'
/// records by the survivorship policy, so one colleague's row that states revenue and another's that states
/// employees together qualify the company. A contact's own differing value is kept as a conflict.
struct Accounts {
    let schema: FieldSchema
    let survivorship: Survivorship
    let jobs: Int
    private let firmographics: [Int]

    init(schema: FieldSchema, survivorship: Survivorship, jobs: Int = 1) {
        self.schema = schema
        self.survivorship = survivorship
        self.jobs = jobs
        let canonical: [CanonicalField] = [.company, .website, .domain, .industry, .industryCode, .employees, .revenue]
        // ICP and `columns:` fields come after the canonical ones and describe the account (tech stack, ...).
        self.firmographics = canonical.map { schema.index(of: $0) } + Array(CanonicalField.allCases.count..<schema.mappedCount)
    }

    /// The account key of a contact, or nil when it names no company.
    static func key(_ contact: Contact, schema: FieldSchema, companyKeys: inout [String: String]) -> String? {
        let domain = contact[schema.index(of: .domain)]
        if !domain.isEmpty { return "domain:" + domain }
        let company = contact[schema.index(of: .company)]
        guard !company.isEmpty else { return nil }
        let companyKey: String
        if let known = companyKeys[company] {
            companyKey = known
        } else {
            companyKey = CompanyName.matchKey(company)
            companyKeys[company] = companyKey
        }
        guard !companyKey.isEmpty else { return nil }
        return "company:" + companyKey + "|" + contact[schema.index(of: .country)]
    }

    /// One worker's share of the account keys: its distinct keys in order of first occurrence, and per contact of its
    /// slice the position of its key among them (-1: no account). A million contacts' key strings never live at once.
    private struct SliceKeys: Sendable {
        var keys: [String] = []
        var positions: [Int32] = []
    }

    /// A function of its own so that nothing holds `contacts` when the caller then writes to them (that would copy them all).
    private static func keys(of contacts: [Contact], schema: FieldSchema, jobs: Int) -> [SliceKeys] {
        // One slice per worker: `assign` merges the slices' keys on one core, and an account's key recurs in every slice.
        contacts.withUnsafeBufferPointer { buffer in
            let contacts = SharedBuffer(reading: buffer)
            return Parallel.slices(count: buffer.count, jobs: jobs, piecesPerJob: 1) { range -> SliceKeys in
                var slice = SliceKeys()
                slice.positions.reserveCapacity(range.count)
                var positions: [String: Int32] = [:]
                var companyKeys: [String: String] = [:]
                for index in range {
                    guard let key = contacts.withElement(at: index, { key($0, schema: schema, companyKeys: &companyKeys) }) else {
                        slice.positions.append(-1)
                        continue
                    }
                    if let known = positions[key] {
                        slice.positions.append(known)
                    } else {
                        let position = Int32(slice.keys.count)
                        positions[key] = position
                        slice.keys.append(key)
                        slice.positions.append(position)
                    }
                }
                return slice
            }
        }
    }

    /// `clusters[i]` are the indices in `records` of contact i's records, its survivor first. Returns the number
    /// of accounts.
    func assign(_ contacts: inout [Contact], records: [SourceRecord], clusters: [[Int]]) -> Int {
        // Accounts are numbered in order of their first contact: the slices' keys, merged in slice order, come in that
        // order. A million contacts make a few hundred thousand accounts: a key String and an id per account, a number
        // per contact, nothing per contact on the heap.
        var slices = Self.keys(of: contacts, schema: schema, jobs: jobs)
        var numbers: [String: Int32] = [:]
        var ids: [String] = []
        var sizes: [Int32] = []
        var accountOf = [Int32](repeating: -1, count: contacts.count)
        var index = 0
        for slice in slices {
            let global = slice.keys.map { key -> Int32 in
                if let known = numbers[key] { return known }
                let number = Int32(ids.count)
                numbers[key] = number
                ids.append(ContactID.make("", key, letter: UInt8(ascii: "a")))   // shared by the account's contacts
                sizes.append(0)
                return number
            }
            for position in slice.positions {
                if position >= 0 {
                    let number = global[Int(position)]
                    accountOf[index] = number
                    sizes[Int(number)] += 1
                }
                index += 1
            }
        }
        slices = []
        numbers = [:]
        // Accounts with two or more contacts share their firmographics; they are numbered apart as groups.
        var groupOf = [Int32](repeating: -1, count: ids.count)
        var groups = 0
        for number in sizes.indices where sizes[number] > 1 {
            groupOf[number] = Int32(groups)
            groups += 1
        }
        sizes = []
        let chosen = chooseFirmographics(groups: groups, groupOf: groupOf, accountOf: accountOf, records: records, clusters: clusters)
        let profiles = profiles(chosen, groups: groups, records: records)
        // Each contact gets its account's id and profile (through which it shows the account's values; its own differing
        // values are its conflicts with the account, `Contact.conflicts` derives them), and its flags for the fields the
        // account overrides become the account record's. Contacts in slices of their own order, each written by one core.
        let allIDs = ids, account = accountOf, group = groupOf
        contacts.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedBuffer(buffer)
            _ = Parallel.slices(count: buffer.count, jobs: jobs) { range -> Int in
                for index in range where account[index] >= 0 {
                    let number = Int(account[index])
                    shared.buffer[index].accountID = allIDs[number]
                    guard group[number] >= 0, let profile = profiles[Int(group[number])] else { continue }
                    shared.buffer[index].account = profile.profile
                    for (position, entry) in profile.profile.entries.enumerated() where shared.buffer[index].accountOverrides(entry.field) {
                        if let flags = profile.flags[position] {
                            shared.buffer[index].flags.subtract(flags.field)
                            shared.buffer[index].flags.formUnion(flags.record)
                        }
                    }
                }
                return 0
            }
        }
        return ids.count
    }

    /// Per group and firmographic field (`group * fields + field`): the survivorship choice among all the group's records
    /// (`rank`: highest first, the earliest of equals in contact order, then member order) as a packed rank (0: none).
    ///
    /// Contacts are read in their own order, which is the order of their records in memory; read account by account,
    /// every record was a cache miss or three, and this was a second of both cores at a million contacts. Each slice of
    /// contacts chooses among its own records; the slices' choices are merged in order, a later slice's winning only
    /// with a higher rank, so the result is that of one pass.
    private func chooseFirmographics(groups: Int, groupOf: [Int32], accountOf: [Int32], records: [SourceRecord],
                                     clusters: [[Int]]) -> [UInt64] {
        let fields = firmographics, survivorship = self.survivorship
        guard groups > 0 else { return [] }
        // Each slice has a table of its own: slices handed out as workers finish (so neither core idles at the end)
        // while the tables stay within 64 MiB; one per worker for millions of accounts.
        let tableBytes = groups * fields.count * MemoryLayout<UInt64>.stride
        let piecesPerJob = max(1, min(8, (64 << 20) / max(1, tableBytes * jobs)))
        let slices = Parallel.slices(count: accountOf.count, jobs: jobs, piecesPerJob: piecesPerJob) { range -> [UInt64] in
            var best = [UInt64](repeating: 0, count: groups * fields.count)
            records.withUnsafeBufferPointer { records in
                for index in range where accountOf[index] >= 0 {
                    let group = Int(groupOf[Int(accountOf[index])])
                    guard group >= 0 else { continue }
                    for member in clusters[index] {
                        let record = records.baseAddress! + member
                        for f in fields.indices {
                            let field = fields[f]
                            guard field < record.pointee.values.count, !record.pointee.values[field].isEmpty else { continue }
                            let rank = Self.packedRank(survivorship.rankWithoutPosition(record.pointee, field: field), record: member)
                            if rank >> 32 > best[group * fields.count + f] >> 32 { best[group * fields.count + f] = rank }
                        }
                    }
                }
            }
            return best
        }
        var merged = slices[0]
        for later in slices.dropFirst() {
            for entry in merged.indices where later[entry] >> 32 > merged[entry] >> 32 { merged[entry] = later[entry] }
        }
        return merged
    }

    /// A rank (`Survivorship.rankWithoutPosition`) and a record index in one word that orders by the rank: a bit for
    /// "chosen at all", then valid, kind preference, file, and the record index in the low 32 bits.
    @inline(__always) static func packedRank(_ rank: (Int, Int, Int), record: Int) -> UInt64 {
        1 << 63 | UInt64(rank.0) << 62 | UInt64(rank.1) << 61 | UInt64(rank.2 & 0x1FFF_FFFF) << 32 | UInt64(UInt32(record))
    }

    /// A group's profile, and per entry the flags that belong to its field and those the chosen record has of them.
    private struct GroupProfile: Sendable {
        let profile: AccountProfile
        let flags: [(field: FieldFlags, record: FieldFlags)?]
    }

    private func profiles(_ chosen: [UInt64], groups: Int, records: [SourceRecord]) -> [GroupProfile?] {
        let fields = firmographics
        let fieldFlags = fields.map { CanonicalField.at($0).map { FieldFlags.of($0) } }
        return Parallel.map(count: groups, jobs: jobs) { group -> GroupProfile? in
            var entries: [AccountProfile.Entry] = []
            var entryFlags: [(field: FieldFlags, record: FieldFlags)?] = []
            for f in fields.indices {
                let choice = chosen[group * fields.count + f]
                guard choice != 0 else { continue }
                let record = records[Int(choice & 0xFFFF_FFFF)]
                let field = fields[f]
                entries.append(AccountProfile.Entry(field: field, value: record[field], source: record.source, raw: record.raw[field]))
                entryFlags.append(fieldFlags[f].map { ($0, record.flags.intersection($0)) })
            }
            return entries.isEmpty ? nil : GroupProfile(profile: AccountProfile(entries: entries), flags: entryFlags)
        }
    }
}
