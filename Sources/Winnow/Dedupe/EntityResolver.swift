// Entity resolution: which normalized records are the same person.
//
// Pipeline: prepare (fold names once per record, intern them) -> block (candidate pairs from shared
// keys, oversized blocks skipped) -> compare (field by field, rules in priority order, strong-identifier
// veto; parallel over chunks of pairs) -> cluster -> explain.
//
// Clustering choice: constrained greedy merging ("union-find with cannot-links"), i.e. Kruskal's
// algorithm over the accepted pairs, strongest first (score, then rule priority, then index), where a
// union of two clusters is refused when any member of one conflicts with any member of the other
// (conflict = strong identifiers disagree: two different valid emails at the same corporate domain, or
// different valid emails / different valid phones together with dissimilar names; see `conflict`).
// Why: plain union-find is transitive and chains (A~B by phone, B~C by name+domain, A and C clearly
// two people end up in one cluster). Union-find followed by splitting bad clusters needs a second
// pass and a split heuristic; doing the coherence check at union time gives the same result as
// "remove the weakest links" - links are added strongest first, so the one refused is the weakest
// link that would create an incoherent cluster - in one pass and deterministically. Correlation
// clustering would need negative weights for every non-compared pair and an NP-hard objective; the
// greedy constrained version is linear in the accepted pairs (times the small cluster sizes).
// Phones are classified once (`classifyPhones`): a phone carrying two different work emails is a
// switchboard and is no evidence; one carrying dissimilar names is a shared (family) line. Unions by a
// name rule also check the name-rule vetoes (different personal phones, a personal email whose record
// has its own phone) between all members of both clusters, so a bare record cannot bridge namesakes.
// Every union is a spanning-tree edge; a member's explanation is the weakest edge on its tree path
// to the survivor (the lowest index), which in a maximum spanning tree is the strongest link path.

public enum EntityResolver {
    /// `jobs` workers prepare the records' features and compare the candidate pairs; the result does not depend on it.
    public static func resolve(_ records: consuming [MatchRecord], rules: MatchRules = .default, jobs: Int = 1) -> Resolution {
        let n = records.count
        if n == 0 { return Resolution(clusters: [], decisions: [:], candidatePairs: 0, skippedBlocks: 0) }
        let ctx = ResolverContext(records: records, rules: rules, jobs: jobs)
        let (pairs, skipped) = ctx.candidatePairs()
        let edges = ctx.compareAll(pairs)
        let resolution = ctx.cluster(edges: edges, candidatePairs: pairs.count, skippedBlocks: skipped)
        // A million match records hold eight strings each: releasing them was a fifth of a second of the
        // single-threaded stretch between clustering and survivorship.
        BackgroundRelease.drop(consume ctx)
        return resolution
    }

    /// Decision for one pair alone (no clustering); nil when no rule fires or a veto applies.
    /// For explanation and tests.
    public static func decide(_ a: MatchRecord, _ b: MatchRecord, rules: MatchRules = .default) -> MatchDecision? {
        var a = a, b = b
        a.index = 0
        b.index = 1
        let ctx = ResolverContext(records: [a, b], rules: rules)
        guard let e = ctx.decide(0, 1) else { return nil }
        return MatchDecision(rule: ResolverContext.ruleNames[Int(e.rule)], score: ResolverContext.rounded(e.score))
    }

    /// Folded full-name similarity used by the name rules (nicknames, initials, transposition); 0 if unknown.
    public static func nameSimilarity(first a: String, last la: String, first b: String, last lb: String) -> Double {
        let ctx = ResolverContext(records: [MatchRecord(index: 0, firstName: a, lastName: la),
                                            MatchRecord(index: 1, firstName: b, lastName: lb)], rules: .default)
        return ctx.nameScore(0, 1)
    }
}

/// An accepted pair.
struct MatchEdge: Sendable {
    var a: Int32
    var b: Int32
    var rule: UInt8      // index into ResolverContext.ruleNames; lower = stronger
    var score: Float

    /// Strength order: higher score, then stronger rule.
    @inline(__always) func isStronger(than o: MatchEdge) -> Bool {
        score != o.score ? score > o.score : rule < o.rule
    }
}

/// Per-record precomputed features (compact: names are interned ids).
struct RecordFeatures: Sendable {
    var first: Int32 = -1       // folded given name, tokens joined
    var firstToken: Int32 = -1  // folded first token of the given name
    var last: Int32 = -1        // folded family name, tokens joined
    var emailKey: String = ""   // mailbox key: +tag removed, gmail dots removed
    var emailDomainStart: Int32 = 0   // UTF-8 offset of the domain in `emailKey` (its length when there is none)
    var emailBlockingKey: UInt64 = 0  // `emailKey`'s blocking key, hashed here while its bytes are in cache
    var emailCorporate = false  // valid, not free-mail, not a role mailbox
    var emailRole = false
    var companyToken = ""       // company key without spaces/punctuation: "acme systems" -> "acmesystems"
    var domainLabel = ""        // registrable domain's first label: "acme-systems.de" -> "acmesystems"
}

extension RecordFeatures {
    /// From a slice's own name ids to the run's.
    @inline(__always) mutating func renumber(names: [Int32]) {
        if first >= 0 { first = names[Int(first)] }
        if firstToken >= 0 { firstToken = names[Int(firstToken)] }
        if last >= 0 { last = names[Int(last)] }
    }

    /// Both mailbox keys have the same domain. Compared as bytes rather than interned: only candidate pairs ask,
    /// and interning a million distinct domains was a fifth of a second of the resolver's single-threaded stretch.
    @inline(__always) func sameEmailDomain(as other: RecordFeatures) -> Bool {
        let a = emailKey.utf8, b = other.emailKey.utf8
        guard a.count - Int(emailDomainStart) == b.count - Int(other.emailDomainStart) else { return false }
        return a.dropFirst(Int(emailDomainStart)).elementsEqual(b.dropFirst(Int(other.emailDomainStart)))
    }
}

/// Folded names by id, in order of first occurrence.
struct NameTable {
    private var ids: [String: Int32] = [:]
    private(set) var names: [[UInt8]] = []

    /// The name's id (-1 for an empty one), a new one for a name not seen before.
    mutating func intern(_ bytes: [UInt8]) -> Int32 {
        if bytes.isEmpty { return -1 }
        let key = String(decoding: bytes, as: UTF8.self)
        if let id = ids[key] { return id }
        let id = Int32(names.count)
        ids[key] = id
        names.append(bytes)
        return id
    }
}

/// One worker's share of `ResolverContext`'s preparation: the features of `records[range]`, initialized in the
/// shared (uninitialized) features buffer, with name ids local to the slice (`names` in order of first occurrence).
struct FeatureSlice: Sendable {
    let range: Range<Int>
    /// The slice's names with their ids: the first slice's become the context's own.
    private(set) var nameTable = NameTable()
    var names: [[UInt8]] { nameTable.names }

    init(_ records: [MatchRecord], _ range: Range<Int>, rules: MatchRules, into features: UnsafeMutableBufferPointer<RecordFeatures>) {
        self.range = range
        var table = NameTable()
        var buf: [UInt8] = []
        // Each record is read in place: a copy of it retained and released its eight strings, a third of this loop.
        records.withUnsafeBufferPointer { records in
            for i in range {
                let r = records.baseAddress! + i
                var f = RecordFeatures()
                if !r.pointee.firstName.isEmpty {
                    buf.removeAll(keepingCapacity: true)
                    NameFold.fold(r.pointee.firstName, into: &buf, separator: 0x20)
                    if !buf.isEmpty {
                        let tokenEnd = buf.firstIndex(of: 0x20) ?? buf.endIndex
                        f.firstToken = table.intern(Array(buf[..<tokenEnd]))
                        f.first = tokenEnd == buf.endIndex ? f.firstToken : table.intern(buf.filter { $0 != 0x20 })
                    }
                }
                if !r.pointee.lastName.isEmpty { f.last = table.intern(NameFold.key(r.pointee.lastName)) }
                // Company token and domain label serve only the company+name rule (its blocking key and `sameCompany`).
                if rules.sameCompanySimilarName {
                    f.companyToken = ResolverContext.alnum(r.pointee.companyKey.utf8)
                    if let dot = r.pointee.domain.utf8.firstIndex(of: UInt8(ascii: ".")) {
                        f.domainLabel = ResolverContext.alnum(r.pointee.domain.utf8[..<dot])
                    }
                }
                if !r.pointee.email.isEmpty {
                    let (key, localEnd, domainStart) = ResolverContext.emailKey(r.pointee.email)
                    f.emailKey = key
                    f.emailDomainStart = Int32(domainStart)
                    var hash = StableHash(kind: 1)
                    hash.add(key)
                    f.emailBlockingKey = hash.value
                    f.emailRole = ResolverContext.isRoleLocal(key, localEnd: localEnd)
                    f.emailCorporate = !r.pointee.emailIsFreeMail && !f.emailRole
                }
                (features.baseAddress! + i).initialize(to: f)
            }
        }
        self.nameTable = table
    }
}

/// How a record's phone may be used as evidence (see `ResolverContext.phoneStatus`).
enum PhoneStatus: UInt8 {
    case none = 0        // no phone
    case personal = 1    // only similar names on it, at most one work email: a person's line
    case shared = 2      // dissimilar names on it (a family line, a small office): no veto, still matches a similar name
    case switchboard = 3 // two or more different work emails on it, or an oversized block: no evidence at all
}

// @unchecked: `phoneStatus` is written once at the end of init, before the context is shared.
final class ResolverContext: @unchecked Sendable {
    static let ruleNames = [MatchDecision.sameEmail, MatchDecision.phoneName, MatchDecision.domainName, MatchDecision.companyName]

    let records: [MatchRecord]
    let rules: MatchRules
    /// Workers for the preparation, the blocking keys and the comparisons.
    let jobs: Int
    let features: [RecordFeatures]
    let names: [[UInt8]]          // interned folded name bytes
    let nameGroups: [[Int32]]     // nickname group memberships per interned name
    let nameFormal: [Bool]        // heads a group of the English nickname list
    let phonetic: [[UInt8]]       // Kölner code per interned name
    private(set) var phoneStatus: [PhoneStatus] = []   // per record

    static let roleLocals: Set<String> = [
        "info", "office", "sales", "contact", "kontakt", "hello", "hallo", "mail", "admin", "service",
        "support", "team", "marketing", "vertrieb", "empfang", "zentrale", "buero", "post", "bureau",
        "accueil", "commercial", "ventas", "contacto", "contatti", "info.de", "hr", "jobs", "karriere",
        "enquiries", "inquiries", "reception", "welcome", "noreply", "no-reply", "billing", "accounts",
        "rechnung", "invoice", "orders", "bestellung", "hello", "contact-us", "general", "secretariat", "sekretariat",
    ]

    init(records: [MatchRecord], rules: MatchRules, jobs: Int = 1) {
        self.records = records
        self.rules = rules
        self.jobs = jobs
        // Each worker prepares slices of the records, interning names in tables of their own. The tables are then
        // merged in slice order, so every name gets the id one pass in record order would give it (its first
        // occurrence), and each slice's features are renumbered to those ids. Names repeat, so the tables are small
        // and the merge is cheap: slices are handed out as workers finish, and neither core idles at the end.
        // Each worker initializes its own ranges of the features (their first touch of that memory is on its core).
        var prepared: [FeatureSlice] = []
        var features = [RecordFeatures](unsafeUninitializedCapacity: records.count) { buffer, initialized in
            let shared = SharedBuffer(buffer)
            prepared = Parallel.slices(count: records.count, jobs: jobs) { range in
                FeatureSlice(records, range, rules: rules, into: shared.buffer)
            }
            initialized = records.count
        }
        // The first slice's table is the merged table so far (its ids are those of first occurrence).
        var nameTable = prepared[0].nameTable
        let renumbering = prepared.dropFirst().map { slice in (range: slice.range, names: slice.names.map { nameTable.intern($0) }) }
        prepared = []
        let names = nameTable.names
        nameTable = NameTable()
        if !renumbering.isEmpty {
            features.withUnsafeMutableBufferPointer { buffer in
                let shared = SharedBuffer(buffer)
                _ = Parallel.slices(count: renumbering.count, jobs: jobs, itemsPerJob: 1) { sliceRange -> Int in
                    for slice in renumbering[sliceRange] {
                        for index in slice.range { shared.buffer[index].renumber(names: slice.names) }
                    }
                    return 0
                }
            }
        }
        self.features = features
        self.names = names
        let table = NicknameTable.shared
        self.nameGroups = names.map { table.groups(ofFolded: String(decoding: $0, as: UTF8.self)) }
        self.nameFormal = names.map { table.isEnglishFormal(folded: String(decoding: $0, as: UTF8.self)) }
        self.phonetic = names.map { KoelnerPhonetik.code($0) }
        // Phone status only matters to the name rules (phone+name, domain+name, company+name and their vetoes): with
        // all three off, every decision is same_email's or none, whatever the status, so the grouping is skipped.
        self.phoneStatus = rules.samePhoneSimilarName || rules.sameDomainSimilarName || rules.sameCompanySimilarName
            ? classifyPhones()
            : [PhoneStatus](repeating: .none, count: records.count)
    }

    /// Groups records by phone. A phone is a switchboard when two or more different work emails
    /// (corporate, non-role mailbox keys) carry it, or when more than `maxBlockSize` records do; it is
    /// shared (family line, small office) when two records on it have both names and dissimilar ones
    /// (below `nameThreshold`: "V. Galli"/"Vincenzo Galli" is one person, "Anna"/"Peter Schmidt" two).
    private func classifyPhones() -> [PhoneStatus] {
        // Records with the same phone are found by sorting (phone hash, record) on every core and reading runs of equal
        // hashes: a dictionary of a million phones, an array each, was a third of a second on one core.
        let entries = records.withUnsafeBufferPointer { buffer -> [KeyEntry] in
            let records = SharedBuffer(reading: buffer)
            var entries = Parallel.map(count: buffer.count, jobs: jobs) { i -> KeyEntry in
                records.withElement(at: i) { record in
                    guard !record.phone.isEmpty else { return KeyEntry(key: 0, record: -1) }
                    var hash = StableHash(kind: 2)
                    hash.add(record.phone)
                    return KeyEntry(key: hash.value, record: Int32(i))
                }
            }
            Parallel.sort(&entries, jobs: jobs, by: KeyEntry.precedes)
            return entries
        }
        // A phone on one record only: personal, unless even one record is over the block size.
        let alone = rules.maxBlockSize >= 1 ? PhoneStatus.personal : rules.switchboardPhonesAreNotEvidence ? .switchboard : .shared
        var statuses = [PhoneStatus](repeating: .none, count: records.count)
        var group: [Int32] = [], rest: [Int32] = []
        var start = entries.firstIndex { $0.record >= 0 } ?? entries.endIndex
        while start < entries.count {
            var end = start + 1
            while end < entries.count && entries[end].key == entries[start].key { end += 1 }
            if end - start == 1 {
                statuses[Int(entries[start].record)] = alone
            } else {
                // Equal hashes are the same phone but for a collision: split the run by the phone itself.
                rest = entries[start..<end].map(\.record)
                while !rest.isEmpty {
                    let phone = records[Int(rest[0])].phone
                    group = rest.filter { records[Int($0)].phone == phone }
                    rest.removeAll { records[Int($0)].phone == phone }
                    let s = phoneStatus(of: group)
                    for x in group { statuses[Int(x)] = s }
                }
            }
            start = end
        }
        return statuses
    }

    /// The status of the records (ascending) that share one phone, more than one of them.
    private func phoneStatus(of group: [Int32]) -> PhoneStatus {
        var s = PhoneStatus.personal
        if group.count > rules.maxBlockSize {
            s = .switchboard
        } else {
            var workEmail = ""
            for x in group where features[Int(x)].emailCorporate {
                let k = features[Int(x)].emailKey
                if workEmail.isEmpty { workEmail = k } else if workEmail != k { s = .switchboard; break }
            }
            if s == .personal {
                outer: for p in 0..<(group.count - 1) {
                    let fa = features[Int(group[p])]
                    guard fa.first >= 0, fa.last >= 0 else { continue }
                    for q in (p + 1)..<group.count {
                        let fb = features[Int(group[q])]
                        guard fb.first >= 0, fb.last >= 0 else { continue }
                        if nameScore(Int(group[p]), Int(group[q])) < rules.nameThreshold { s = .shared; break outer }
                    }
                }
            }
        }
        if s == .switchboard && !rules.switchboardPhonesAreNotEvidence { s = .shared }
        return s
    }

    static func alnum<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: bytes.filter { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 >= 0x80 }, as: UTF8.self)
    }

    /// Same company: equal (or near-equal) company keys, or one record's company key spelled as the
    /// other's domain label ("Acme Systems" / acme-systems.de).
    func sameCompany(_ i: Int, _ j: Int) -> Bool {
        let tokenA = features[i].companyToken, tokenB = features[j].companyToken
        if !tokenA.isEmpty && !tokenB.isEmpty {
            if tokenA == tokenB { return true }
            if rules.companyThreshold < 1,
               JaroWinkler.similarity(records[i].companyKey, records[j].companyKey) >= rules.companyThreshold { return true }
        }
        return (!tokenA.isEmpty && tokenA == features[j].domainLabel)
            || (!tokenB.isEmpty && tokenB == features[i].domainLabel)
    }

    /// The mailbox key ("Bob.Smith+news@googlemail.com" -> "bobsmith@gmail.com"), and the UTF-8 offsets in it where
    /// the local part (without tag) ends and the domain starts; both are the key's length when it has no "@".
    /// Most addresses are their own key: they are returned as they are, no string is made for a million records.
    static func emailKey(_ email: String) -> (key: String, localEnd: Int, domainStart: Int) {
        var email = email
        let (at, localEnd, isGmail) = email.withUTF8 { u -> (Int?, Int, Bool) in
            guard let at = u.lastIndex(of: UInt8(ascii: "@")) else { return (nil, u.count, false) }
            var localEnd = at
            if let plus = u[..<at].firstIndex(of: UInt8(ascii: "+")), plus > 0 { localEnd = plus }
            let domain = UnsafeBufferPointer(rebasing: u[(at + 1)...])
            return (at, localEnd, domain.elementsEqual("gmail.com".utf8) || domain.elementsEqual("googlemail.com".utf8))
        }
        guard let at else { return (email, localEnd, localEnd) }
        if !isGmail && localEnd == at { return (email, at, at + 1) }
        let key = email.withUTF8 { u -> String in
            let local = isGmail
                ? String(decoding: u[..<localEnd].lazy.filter { $0 != UInt8(ascii: ".") }, as: UTF8.self)
                : String(decoding: UnsafeBufferPointer(rebasing: u[..<localEnd]), as: UTF8.self)
            return local + "@" + (isGmail ? "gmail.com" : String(decoding: UnsafeBufferPointer(rebasing: u[(at + 1)...]), as: UTF8.self))
        }
        let keyLocalEnd = key.utf8.count - (isGmail ? 10 : email.utf8.count - at)
        return (key, keyLocalEnd, keyLocalEnd + 1)
    }

    /// Whether the key's local part is a role mailbox (info@, sales@, ...). Longer local parts are none, without a
    /// string made to look them up.
    static func isRoleLocal(_ key: String, localEnd: Int) -> Bool {
        localEnd <= longestRoleLocal && roleLocals.contains(String(decoding: key.utf8.prefix(localEnd), as: UTF8.self))
    }

    private static let longestRoleLocal = roleLocals.map(\.utf8.count).max() ?? 0

    // MARK: Blocking

    /// Blocking keys (kind: fields):
    ///  1 email match key (covers exact email too);
    ///  2 E.164 phone;
    ///  3 registrable domain + folded given name, and domain + folded family name, in one key space
    ///    (so a transposed record meets its original; a typo in one name is caught by the other);
    ///  4 company identity + Kölner code of the given name / of the family name, same idea. The
    ///    company identity is the company key without spaces, and also the domain's first label, so
    ///    "Acme Systems" meets acme-systems.de. Country is checked at comparison time rather than in
    ///    the key, so records without a country still meet.
    /// A key value shared by more than `maxBlockSize` records is skipped (counted).
    /// Returns distinct pairs (a < b) packed as a << 32 | b, sorted.
    func candidatePairs() -> ([UInt64], Int) {
        // Keys are made and sorted on every core, one slice of the records each, and the sorted runs merged: on one
        // core this was a fifth of a second of the resolver's single-threaded stretch at a million records.
        let runs = Parallel.slices(count: records.count, jobs: jobs, piecesPerJob: 1) { range -> [KeyEntry] in
            var entries: [KeyEntry] = []
            entries.reserveCapacity(range.count * 6)
            for i in range { self.appendBlockingKeys(of: i, to: &entries) }
            entries.sort(by: KeyEntry.precedes)
            return entries
        }
        let entries = Parallel.merge(runs.map { $0[...] }, by: KeyEntry.precedes)
        var pairs: [UInt64] = []
        pairs.reserveCapacity(entries.count)
        var skipped = 0
        var block: [Int32] = []
        var s = 0
        while s < entries.count {
            var e = s + 1
            while e < entries.count && entries[e].key == entries[s].key { e += 1 }
            if e - s > 1 {
                block.removeAll(keepingCapacity: true)
                for k in s..<e where block.last != entries[k].record { block.append(entries[k].record) }
                if block.count > rules.maxBlockSize {
                    skipped += 1
                } else if block.count > 1 {
                    for x in 0..<(block.count - 1) {
                        let hi = UInt64(UInt32(block[x])) << 32
                        for y in (x + 1)..<block.count { pairs.append(hi | UInt64(UInt32(block[y]))) }
                    }
                }
            }
            s = e
        }
        Parallel.sort(&pairs, jobs: jobs, by: <)
        var w = 0
        for p in pairs where w == 0 || pairs[w - 1] != p {
            pairs[w] = p
            w += 1
        }
        pairs.removeLast(pairs.count - w)
        return (pairs, skipped)
    }

    /// Record `i`'s blocking keys (see `candidatePairs`). Fields are read in place (`records[i].phone`): copying
    /// each whole record and its features out retained and released every one of their strings.
    private func appendBlockingKeys(of i: Int, to entries: inout [KeyEntry]) {
        let rec = Int32(i)
        // A key only of a rule that is switched off would find pairs nothing can join: skip it.
        if rules.sameEmail && !features[i].emailKey.isEmpty {
            entries.append(KeyEntry(key: features[i].emailBlockingKey, record: rec))
        }
        if rules.samePhoneSimilarName && !records[i].phone.isEmpty {
            var h = StableHash(kind: 2); h.add(records[i].phone)
            entries.append(KeyEntry(key: h.value, record: rec))
        }
        guard rules.sameDomainSimilarName || rules.sameCompanySimilarName else { return }
        let f = features[i], r = records[i]
        for name in [f.first, f.last] where name >= 0 && names[Int(name)].count > 1 {
            if rules.sameDomainSimilarName && !r.domain.isEmpty {
                var h = StableHash(kind: 3); h.add(r.domain); h.add(names[Int(name)])
                entries.append(KeyEntry(key: h.value, record: rec))
            }
            guard rules.sameCompanySimilarName else { continue }
            if !f.companyToken.isEmpty {
                var h = StableHash(kind: 4); h.add(f.companyToken); h.add(phonetic[Int(name)])
                entries.append(KeyEntry(key: h.value, record: rec))
            }
            if !f.domainLabel.isEmpty && f.domainLabel != f.companyToken {
                var h = StableHash(kind: 4); h.add(f.domainLabel); h.add(phonetic[Int(name)])
                entries.append(KeyEntry(key: h.value, record: rec))
            }
        }
    }

    // MARK: Comparison

    /// Compares every candidate pair, on `jobs` workers (slices of pairs, results joined in order).
    func compareAll(_ pairs: [UInt64]) -> [MatchEdge] {
        Parallel.slices(count: pairs.count, jobs: jobs, itemsPerJob: 10_000) { range -> [MatchEdge] in
            var out: [MatchEdge] = []
            for k in range {
                let p = pairs[k]
                if let e = self.decide(Int(p >> 32), Int(p & 0xFFFF_FFFF)) { out.append(e) }
            }
            return out
        }.flatMap { $0 }
    }

    /// The rules, in priority order, with the strong-identifier veto.
    ///
    /// Fields are read where they are needed: copying the two records and their features whole retained and released
    /// a dozen strings for every compared pair.
    func decide(_ i: Int, _ j: Int) -> MatchEdge? {
        var nameScoreCache: Double?
        func name() -> Double {
            if let s = nameScoreCache { return s }
            let s = nameScore(i, j)
            nameScoreCache = s
            return s
        }
        let edge = { (rule: UInt8, score: Double) in MatchEdge(a: Int32(i), b: Int32(j), rule: rule, score: Float(score)) }
        if conflict(i, j) { return nil }
        let keyA = features[i].emailKey, keyB = features[j].emailKey
        if rules.sameEmail, !keyA.isEmpty, keyA == keyB {
            if !(features[i].emailRole && rules.roleEmailNeedsName) || name() >= rules.nameThreshold {
                return edge(0, records[i].email == records[j].email ? 1.0 : 0.99)
            }
        }
        let samePhone = !records[i].phone.isEmpty && records[i].phone == records[j].phone
        // Different valid emails: only a shared, non-switchboard phone with a near-identical name.
        if rules.differentEmailsNeedSamePhone, !keyA.isEmpty, !keyB.isEmpty, keyA != keyB {
            guard rules.samePhoneSimilarName, samePhone,
                  phoneStatus[i] == .personal || phoneStatus[i] == .shared,
                  name() >= max(rules.nameThreshold, rules.differentEmailsNameThreshold) else { return nil }
            return edge(1, name())
        }
        if rules.samePhoneSimilarName, samePhone, phoneStatus[i] != .switchboard, name() >= rules.nameThreshold {
            return edge(1, name())
        }
        // Name-only evidence is not enough against two different personal phones.
        if rules.differentPersonalPhonesBlockNameRules, differentPersonalPhones(i, j) { return nil }
        if rules.personalEmailWithPhoneNeedsSamePhone, personalEmailWithOwnPhone(i, j) { return nil }
        let domainA = records[i].domain, domainB = records[j].domain
        if rules.sameDomainSimilarName, !domainA.isEmpty, domainA == domainB, name() >= rules.nameThreshold {
            return edge(2, name())
        }
        if rules.sameCompanySimilarName,
           records[i].country.isEmpty || records[j].country.isEmpty || records[i].country == records[j].country,
           domainA.isEmpty || domainB.isEmpty || domainA == domainB,
           sameCompany(i, j), name() >= rules.nameThreshold {
            return edge(3, name())
        }
        return nil
    }

    @inline(__always) func differentPersonalPhones(_ i: Int, _ j: Int) -> Bool {
        phoneStatus[i] == .personal && phoneStatus[j] == .personal && records[i].phone != records[j].phone
    }

    /// Different valid emails, and one of them is a free-mail (personal) address on a record that
    /// also carries a phone: that person's own phone is known, so a name-only link to the other
    /// address (a namesake colleague's work email, typically) is not accepted; same phone still is.
    @inline(__always) func personalEmailWithOwnPhone(_ i: Int, _ j: Int) -> Bool {
        let keyA = features[i].emailKey, keyB = features[j].emailKey
        guard !keyA.isEmpty, !keyB.isEmpty, keyA != keyB else { return false }
        return (records[i].emailIsFreeMail && phoneStatus[i] != .none) || (records[j].emailIsFreeMail && phoneStatus[j] != .none)
    }

    /// Would the pair-level vetoes stop a name rule (rule >= 1) from linking i and j? Used between all
    /// members of two clusters before a union by a name rule (`clusterWideVetoes`).
    func nameLinkVetoed(_ i: Int, _ j: Int, rule: UInt8) -> Bool {
        let keyA = features[i].emailKey, keyB = features[j].emailKey
        if rules.differentEmailsNeedSamePhone, !keyA.isEmpty, !keyB.isEmpty, keyA != keyB {
            let phoneOK = !records[i].phone.isEmpty && records[i].phone == records[j].phone
                && (phoneStatus[i] == .personal || phoneStatus[i] == .shared)
            if !phoneOK || nameScore(i, j) < max(rules.nameThreshold, rules.differentEmailsNameThreshold) { return true }
        }
        if rule >= 2, rules.differentPersonalPhonesBlockNameRules, differentPersonalPhones(i, j) { return true }
        if rule >= 2, rules.personalEmailWithPhoneNeedsSamePhone, personalEmailWithOwnPhone(i, j) { return true }
        return false
    }

    /// Strong identifiers disagree, so the two records are two people: two different valid emails at
    /// the same corporate domain (namesakes at one company), or different valid emails or different
    /// valid phones while the names are dissimilar.
    func conflict(_ i: Int, _ j: Int) -> Bool {
        let keyA = features[i].emailKey, keyB = features[j].emailKey
        let emailsDiffer = !keyA.isEmpty && !keyB.isEmpty && keyA != keyB
        let pa = records[i].phone, pb = records[j].phone
        let phonesDiffer = !pa.isEmpty && !pb.isEmpty && pa != pb
        if !emailsDiffer && !phonesDiffer { return false }
        if emailsDiffer, rules.sameDomainDifferentEmailIsConflict, features[i].emailCorporate, features[j].emailCorporate,
           features[i].sameEmailDomain(as: features[j]) {
            return true
        }
        return namesDissimilar(i, j)
    }

    /// Both records carry a name and the names are clearly different people.
    func namesDissimilar(_ i: Int, _ j: Int) -> Bool {
        guard features[i].last >= 0, features[j].last >= 0, features[i].first >= 0, features[j].first >= 0 else { return false }
        return nameScore(i, j) < min(rules.firstNameFloor, rules.lastNameFloor, rules.nameThreshold)
    }

    // MARK: Names

    /// Best of straight and transposed comparison; 0 when a family name is missing on either side.
    func nameScore(_ i: Int, _ j: Int) -> Double {
        // The ids alone: a copy of the features would retain and release their strings.
        let first = features[i].first, firstToken = features[i].firstToken, last = features[i].last
        let otherFirst = features[j].first, otherFirstToken = features[j].firstToken, otherLast = features[j].last
        let straight = personScore(first, firstToken, last, otherFirst, otherFirstToken, otherLast)
        if straight >= 0.999 { return straight }
        // Transposed: b's family name as given name and vice versa; a small penalty.
        let transposed = personScore(first, firstToken, last, otherLast, otherLast, otherFirst) * 0.98
        return max(straight, transposed)
    }

    @inline(__always) private func isInitial(_ id: Int32) -> Bool { names[Int(id)].count == 1 }

    private func jw(_ x: Int32, _ y: Int32) -> Double {
        x == y ? 1 : JaroWinkler.similarity(names[Int(x)], names[Int(y)])
    }

    private func personScore(_ f1: Int32, _ t1: Int32, _ l1: Int32, _ f2: Int32, _ t2: Int32, _ l2: Int32) -> Double {
        guard l1 >= 0, l2 >= 0 else { return 0 }
        let lastSim = jw(l1, l2)
        guard f1 >= 0, f2 >= 0 else { return lastSim * 0.9 }   // a family name alone never reaches a name rule
        var penalty = 1.0
        var compatible = false
        if f1 == f2 || t1 == t2 {
            compatible = true
        } else if isInitial(t1) || isInitial(t2) {
            guard names[Int(t1)][0] == names[Int(t2)][0] else { return min(lastSim, 0.5) }
            compatible = true
            penalty = 0.97
        } else if NicknameTable.equivalent(nameGroups[Int(t1)], nameFormal[Int(t1)], nameGroups[Int(t2)], nameFormal[Int(t2)])
                    || NicknameTable.equivalent(nameGroups[Int(f1)], nameFormal[Int(f1)], nameGroups[Int(f2)], nameFormal[Int(f2)]) {
            compatible = true
            penalty = 0.99
        }
        var score: Double
        if compatible {
            let f = names[Int(t1)].count >= names[Int(t2)].count ? f1 : f2
            score = fullJW(f, l1, f, l2)
        } else {
            let firstSim = max(jw(f1, f2), jw(t1, t2))
            // Full-name Jaro-Winkler, or the mean of the parts when that is higher (a typo early in
            // a long given name hurts the full string more than the parts: "Anieszka"/"Agnieszka").
            score = max(fullJW(f1, l1, f2, l2), (firstSim + lastSim) / 2)
            if firstSim < rules.firstNameFloor { score = min(score, firstSim) }
        }
        if lastSim < rules.lastNameFloor { score = min(score, lastSim) }
        return score * penalty
    }

    /// Jaro-Winkler on "first last" built in a stack buffer.
    private func fullJW(_ f1: Int32, _ l1: Int32, _ f2: Int32, _ l2: Int32) -> Double {
        if f1 == f2 && l1 == l2 { return 1 }
        let a1 = names[Int(f1)], b1 = names[Int(l1)], a2 = names[Int(f2)], b2 = names[Int(l2)]
        let n1 = a1.count + 1 + b1.count, n2 = a2.count + 1 + b2.count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n1 + n2) { buf in
            var k = 0
            for x in a1 { buf[k] = x; k += 1 }
            buf[k] = 0x20; k += 1
            for x in b1 { buf[k] = x; k += 1 }
            for x in a2 { buf[k] = x; k += 1 }
            buf[k] = 0x20; k += 1
            for x in b2 { buf[k] = x; k += 1 }
            let base = UnsafeBufferPointer(buf)
            return JaroWinkler.similarity(UnsafeBufferPointer(rebasing: base[0..<n1]),
                                          UnsafeBufferPointer(rebasing: base[n1..<(n1 + n2)]))
        }
    }

    /// Scores are kept as Float internally; reported with 4 decimals.
    static func rounded(_ score: Float) -> Double { Double(Int(Double(score) * 10_000 + 0.5)) / 10_000 }

    // MARK: Clustering

    /// A record that matches two records by name only (no shared email), where those two are
    /// different people (they conflict), is ambiguous - "R. Müller" at acme.de when acme.de has both
    /// r.mueller@ and rita.mueller@. Its name-only links are dropped rather than guessing.
    func dropAmbiguous(_ edges: [MatchEdge]) -> [MatchEdge] {
        var byRecord: [Int32: [Int32]] = [:]   // record -> partners by a name rule
        for e in edges where e.rule != 0 {
            byRecord[e.a, default: []].append(e.b)
            byRecord[e.b, default: []].append(e.a)
        }
        var dropped = Set<UInt64>()
        for (x, partners) in byRecord where partners.count > 1 {
            for p in 0..<(partners.count - 1) {
                for q in (p + 1)..<partners.count where conflict(Int(partners[p]), Int(partners[q])) {
                    for y in [partners[p], partners[q]] {
                        dropped.insert(UInt64(UInt32(min(x, y))) << 32 | UInt64(UInt32(max(x, y))))
                    }
                }
            }
        }
        if dropped.isEmpty { return edges }
        return edges.filter { e in e.rule == 0 || !dropped.contains(UInt64(UInt32(e.a)) << 32 | UInt64(UInt32(e.b))) }
    }

    func cluster(edges unsorted: [MatchEdge], candidatePairs: Int, skippedBlocks: Int) -> Resolution {
        let n = records.count
        var edges = dropAmbiguous(unsorted)
        Parallel.sort(&edges, jobs: jobs) { x, y in
            if x.score != y.score { return x.score > y.score }
            if x.rule != y.rule { return x.rule < y.rule }
            return x.a != y.a ? x.a < y.a : x.b < y.b
        }
        var parent = [Int32](0..<Int32(n))
        var members: [Int32: [Int32]] = [:]   // only for roots of clusters with 2+ members
        func find(_ x: Int32) -> Int32 {
            var r = x
            while parent[Int(r)] != r { r = parent[Int(r)] }
            var c = x
            while parent[Int(c)] != r {
                let nx = parent[Int(c)]
                parent[Int(c)] = r
                c = nx
            }
            return r
        }
        var tree: [MatchEdge] = []
        for e in edges {
            let ra = find(e.a), rb = find(e.b)
            if ra == rb { continue }
            let ma = members[ra] ?? [ra], mb = members[rb] ?? [rb]
            var coherent = true
            outer: for x in ma {
                for y in mb where conflict(Int(x), Int(y))
                    || (e.rule != 0 && rules.clusterWideVetoes && nameLinkVetoed(Int(x), Int(y), rule: e.rule)) {
                    coherent = false
                    break outer
                }
            }
            if !coherent { continue }
            let (big, small) = ma.count >= mb.count ? (ra, rb) : (rb, ra)
            parent[Int(small)] = big
            members[big] = (ma.count >= mb.count ? ma : mb) + (ma.count >= mb.count ? mb : ma)
            members[small] = nil
            tree.append(e)
        }

        // Clusters: every record once, sorted, ordered by first member.
        var clusters: [[Int]] = []
        clusters.reserveCapacity(n - tree.count)
        var decisions: [Int: MergeLink] = [:]
        decisions.reserveCapacity(tree.count)
        // Adjacency of the spanning forest (CSR).
        var degree = [Int32](repeating: 0, count: n + 1)
        for e in tree {
            degree[Int(e.a) + 1] += 1
            degree[Int(e.b) + 1] += 1
        }
        for k in 0..<n { degree[k + 1] += degree[k] }
        var fill = degree
        var adjacent = [Int32](repeating: 0, count: tree.count * 2)
        for (k, e) in tree.enumerated() {
            adjacent[Int(fill[Int(e.a)])] = Int32(k); fill[Int(e.a)] += 1
            adjacent[Int(fill[Int(e.b)])] = Int32(k); fill[Int(e.b)] += 1
        }
        // The records' indices read on every core (a match record fills two cache lines, and this loop is on one core),
        // and the roots of clusters of two or more marked in an array instead of asked of `members` per record.
        let indices = Parallel.map(count: n, jobs: jobs) { self.records[$0].index }
        var grouped = [Bool](repeating: false, count: n)
        for root in members.keys { grouped[Int(root)] = true }
        for i in 0..<n {
            let root = find(Int32(i))
            guard grouped[Int(root)], let group = members[root] else {
                clusters.append([indices[i]])
                continue
            }
            guard group.min() == Int32(i) else { continue }   // emit once, at the survivor
            let sorted = group.sorted()
            clusters.append(sorted.map { indices[Int($0)] })
            // Walk the tree from the survivor, carrying the weakest edge on the path.
            var stack: [(node: Int32, from: Int32, weakest: MatchEdge?)] = [(Int32(i), -1, nil)]
            while let (node, from, weakest) = stack.popLast() {
                for slot in degree[Int(node)]..<degree[Int(node) + 1] {
                    let e = tree[Int(adjacent[Int(slot)])]
                    let other = e.a == node ? e.b : e.a
                    if other == from { continue }
                    let w: MatchEdge = weakest.map { $0.isStronger(than: e) ? e : $0 } ?? e
                    decisions[indices[Int(other)]] = MergeLink(
                        survivor: indices[i], linkedTo: indices[Int(node)],
                        decision: MatchDecision(rule: Self.ruleNames[Int(w.rule)], score: Self.rounded(w.score)))
                    stack.append((other, node, w))
                }
            }
        }
        return Resolution(clusters: clusters, decisions: decisions, candidatePairs: candidatePairs, skippedBlocks: skippedBlocks)
    }
}
