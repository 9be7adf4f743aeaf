/// Public types of entity resolution: the normalized record the resolver consumes, the configurable
/// decision rules, the explanation recorded for every merge, and the resolution result.

/// One normalized contact as the resolver sees it. All fields arrive already normalized by the
/// normalize stage (see the field comments); the resolver only folds names for comparison.
public struct MatchRecord: Sendable, Equatable {
    /// Position in the caller's array (stable tie-break: lower index = earlier input).
    public var index: Int
    public var firstName: String
    public var lastName: String
    /// Lowercased, valid email, or "" if missing or invalid.
    public var email: String
    public var emailIsFreeMail: Bool
    /// E.164 phone, or "" if missing or invalid.
    public var phone: String
    /// Registrable domain (from website or non-free-mail email), or "".
    public var domain: String
    /// Company match key (legal forms removed, folded), or "".
    public var companyKey: String
    /// ISO 3166-1 alpha-2, or "".
    public var country: String
    /// From a form export (fresher, self-declared) rather than a purchased list.
    public var isForm: Bool

    public init(index: Int, firstName: String = "", lastName: String = "", email: String = "",
                emailIsFreeMail: Bool = false, phone: String = "", domain: String = "",
                companyKey: String = "", country: String = "", isForm: Bool = false) {
        self.index = index
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.emailIsFreeMail = emailIsFreeMail
        self.phone = phone
        self.domain = domain
        self.companyKey = companyKey
        self.country = country
        self.isForm = isForm
    }
}

/// The decision rules, in priority order. Defaults need no tuning on typical B2B lists.
public struct MatchRules: Sendable, Equatable {
    /// Same mailbox (exact email, or same email match key: +tag removed, gmail dots) -> match.
    /// Score 1.0 for the exact address, 0.99 for the match key. Role mailboxes (info@, sales@, ...)
    /// additionally need similar names when `roleEmailNeedsName` is on.
    public var sameEmail: Bool = true
    /// Same E.164 phone and similar names.
    public var samePhoneSimilarName: Bool = true
    /// Same registrable domain and similar names.
    public var sameDomainSimilarName: Bool = true
    /// Same (or nearly the same) company key, compatible country, no domain conflict, similar names.
    public var sameCompanySimilarName: Bool = true
    /// Jaro-Winkler on folded full names ("first last", after nickname/initial canonicalisation);
    /// a name rule fires at or above this.
    public var nameThreshold: Double = 0.92
    /// Given names that are not equal, nicknames of each other or an initial must reach this
    /// Jaro-Winkler on their own, else the full-name score is capped at it ("Marek"/"Marta").
    public var firstNameFloor: Double = 0.85
    /// Same for family names ("Schmidt"/"Schmitt" passes, "Schmidt"/"Schubert" does not).
    public var lastNameFloor: Double = 0.85
    /// Company keys at or above this Jaro-Winkler count as the same company (1.0 = equality only).
    public var companyThreshold: Double = 0.95
    /// A shared role mailbox (info@, office@, sales@, ...) is only a match when names are not dissimilar.
    public var roleEmailNeedsName: Bool = true
    /// Two different valid emails at the same corporate email domain are two people (namesakes at
    /// one company), whatever their names.
    public var sameDomainDifferentEmailIsConflict: Bool = true
    /// Two different valid phones, neither of them shared by differently named records in the input
    /// (a switchboard or family line), count against a match: the name-only rules (domain+name,
    /// company+name) do not fire. Same email and same phone still do.
    public var differentPersonalPhonesBlockNameRules: Bool = true
    /// A phone carried by records with two or more different corporate (work) emails is a company
    /// switchboard: it is no evidence of identity (phone+name does not fire on it) and does not
    /// count as a personal phone for the vetoes.
    public var switchboardPhonesAreNotEvidence: Bool = true
    /// Two records with different valid emails, one of them a free-mail (personal) address on a record
    /// that also carries a phone: only the phone can link them (phone+name), not name+domain or
    /// name+company. The personal record's own phone is known, so a work record without it is as
    /// likely a namesake colleague as the same person.
    public var personalEmailWithPhoneNeedsSamePhone: Bool = true
    /// Strict mode (off by default): ANY two records whose valid emails differ are only merged when
    /// they share a non-switchboard phone and their names score at least `differentEmailsNameThreshold`.
    /// Measured on the generated benchmark: precision 0.992-0.994 but recall drops to 0.90-0.92
    /// (work and personal addresses of one person stay apart unless a phone ties them).
    public var differentEmailsNeedSamePhone: Bool = false
    public var differentEmailsNameThreshold: Double = 0.97
    /// The name-rule vetoes (different personal phones, the two email rules above) are checked between
    /// all members of two clusters before a union by a name rule, not only between the linked pair, so
    /// a record without email or phone cannot bridge two namesakes.
    public var clusterWideVetoes: Bool = true
    /// A blocking key shared by more records than this is skipped for that key (switchboard phones,
    /// huge companies); counted in `Resolution.skippedBlocks`.
    public var maxBlockSize: Int = 100

    public init() {}
    public static let `default` = MatchRules()
}

/// Why two records were merged: the rule that fired and its score in 0...1.
public struct MatchDecision: Sendable, Equatable, Hashable {
    public var rule: String
    public var score: Double
    public init(rule: String, score: Double) {
        self.rule = rule
        self.score = score
    }

    public static let sameEmail = "same_email"
    public static let phoneName = "phone+name"
    public static let domainName = "domain+name"
    public static let companyName = "company+name"
}

/// How a non-survivor record joined its cluster.
public struct MergeLink: Sendable, Equatable {
    /// The cluster's survivor: its lowest index.
    public var survivor: Int
    /// The record it was directly linked to (its neighbour on the link path towards the survivor).
    public var linkedTo: Int
    /// The weakest link on the strongest link path from the survivor to this record: the rule and
    /// score that justify the merge.
    public var decision: MatchDecision

    public init(survivor: Int, linkedTo: Int, decision: MatchDecision) {
        self.survivor = survivor
        self.linkedTo = linkedTo
        self.decision = decision
    }
}

public struct Resolution: Sendable {
    /// Every record exactly once, as `MatchRecord.index` values; each cluster sorted ascending,
    /// clusters ordered by their first member. Singletons are included.
    public var clusters: [[Int]]
    /// For every non-survivor member of a cluster.
    public var decisions: [Int: MergeLink]
    /// Distinct record pairs compared.
    public var candidatePairs: Int
    /// Blocks (one key value of one key kind) skipped because they exceeded `maxBlockSize`.
    public var skippedBlocks: Int

    public init(clusters: [[Int]], decisions: [Int: MergeLink], candidatePairs: Int, skippedBlocks: Int) {
        self.clusters = clusters
        self.decisions = decisions
        self.candidatePairs = candidatePairs
        self.skippedBlocks = skippedBlocks
    }
}
