/// A contact's place on the ladder of DOMAIN.md (fit only; `lead` is the other axis).
public enum Segment: String, Sendable, CaseIterable, Codable, Comparable {
    case name, suspect, prospect

    /// The output file stem: names.csv, suspects.csv, prospects.csv.
    public var plural: String { rawValue + "s" }

    /// The position in `allCases`, up the ladder: compared and used as an index for every contact, so a switch
    /// rather than a search of `allCases`.
    public var rank: Int {
        switch self {
        case .name: 0
        case .suspect: 1
        case .prospect: 2
        }
    }

    public static func < (a: Segment, b: Segment) -> Bool { a.rank < b.rank }
}

/// The verdict of one criterion on one contact. Unknown (no data, or data that does not parse) is not met.
public struct Verdict: Sendable, Equatable {
    public enum Status: String, Sendable { case met, unmet, unknown }
    /// The criterion's field (or group name) and its readable statement.
    public var field: String
    public var criterion: String
    public var status: Status
    /// The value the criterion looked at, as the contact holds it ("" when missing).
    public var value: String
    /// The input record the value came from, as FILE:ROW ("" when missing).
    public var source: String
    /// For `any_of` / `all_of` groups: the members' verdicts.
    public var members: [Verdict]

    public init(field: String, criterion: String, status: Status, value: String, source: String = "", members: [Verdict] = []) {
        self.field = field; self.criterion = criterion; self.status = status; self.value = value
        self.source = source; self.members = members
    }
}

/// Why a name is not a suspect: it fails a criterion (out of profile), or only lacks data (unqualified).
public enum Qualification: String, Sendable {
    case outOfProfile = "out_of_profile"
    case unqualified
}

/// A top-level criterion's field and status: all that reasons, qualification and move-up blockers need.
public struct CriterionOutcome: Sendable, Equatable {
    public let field: String
    public let status: Verdict.Status
}

public struct Classification: Sendable, Equatable {
    public var segment: Segment
    /// The ICP that gave the best result.
    public var icp: String
    /// How many of the verdicts (the tail, after the suspect criteria) are prospect criteria.
    public var prospectCount: Int
    /// 0-100: the weighted share of criteria met. Ranks within a segment; never moves a contact between them.
    public var fitScore: Int
    /// Set when a do-not-contact list matched: names the list and what matched. The contact is then in no segment.
    public var suppressedBy: String?
    private var storage: Storage

    /// A million contacts' verdicts would take more memory than the contacts: as classified, a classification
    /// keeps one status per criterion and looks values and sources up in the contact when they are written.
    private enum Storage: Sendable {
        case statuses(VerdictStatuses, CriteriaLayout)
        /// As read back from a work directory's classify artifact: the verdicts as written.
        case verdicts([Verdict])
    }

    public init(segment: Segment, icp: String, verdicts: [Verdict], prospectCount: Int, fitScore: Int, suppressedBy: String? = nil) {
        self.segment = segment; self.icp = icp; self.prospectCount = prospectCount
        self.fitScore = fitScore; self.suppressedBy = suppressedBy; self.storage = .verdicts(verdicts)
    }

    init(segment: Segment, statuses: VerdictStatuses, layout: CriteriaLayout, fitScore: Int) {
        self.segment = segment; self.icp = layout.icp; self.prospectCount = layout.prospectCount
        self.fitScore = fitScore; self.suppressedBy = nil; self.storage = .statuses(statuses, layout)
    }

    /// Suspect criteria first, then prospect criteria, each top-level criterion once, with the values and
    /// sources `contact` (the contact classified) holds.
    public func verdicts(of contact: Contact) -> [Verdict] {
        switch storage {
        case .verdicts(let verdicts): return verdicts
        case .statuses(let statuses, let layout): return layout.verdicts(statuses, contact: contact)
        }
    }

    /// How many top-level criteria were judged.
    public var count: Int {
        switch storage {
        case .verdicts(let verdicts): return verdicts.count
        case .statuses(_, let layout): return layout.criteria.count
        }
    }

    /// The top-level criterion at `position` (suspect criteria first).
    public func outcome(at position: Int) -> CriterionOutcome {
        switch storage {
        case .verdicts(let verdicts): return CriterionOutcome(field: verdicts[position].field, status: verdicts[position].status)
        case .statuses(let statuses, let layout):
            let node = layout.criteria[position]
            return CriterionOutcome(field: node.field, status: statuses[node.position])
        }
    }

    /// `outcome(at:).status`, without the field's name.
    func status(at position: Int) -> Verdict.Status {
        switch storage {
        case .verdicts(let verdicts): return verdicts[position].status
        case .statuses(let statuses, let layout): return statuses[layout.criteria[position].position]
        }
    }

    public var outcomes: [CriterionOutcome] { (0..<count).map(outcome(at:)) }

    /// Every criterion's status, each group's members after it (depth first).
    var allStatuses: [Verdict.Status] {
        switch storage {
        case .verdicts(let verdicts):
            func flatten(_ verdicts: [Verdict]) -> [Verdict.Status] { verdicts.flatMap { [$0.status] + flatten($0.members) } }
            return flatten(verdicts)
        case .statuses(let statuses, let layout): return (0..<layout.statusCount).map { statuses[$0] }
        }
    }

    /// The compact statuses and the layout they follow, when classified in this run (nil when read back).
    var compact: (statuses: VerdictStatuses, layout: CriteriaLayout)? {
        if case .statuses(let statuses, let layout) = storage { return (statuses, layout) }
        return nil
    }

    /// Same result: segment, ICP, scores, suppression and every criterion's status (values and sources are the contact's).
    public static func == (a: Classification, b: Classification) -> Bool {
        a.segment == b.segment && a.icp == b.icp && a.prospectCount == b.prospectCount && a.fitScore == b.fitScore
            && a.suppressedBy == b.suppressedBy && a.outcomes == b.outcomes && a.allStatuses == b.allStatuses
    }

    /// For names only: out of profile when a suspect criterion is unmet, else unqualified.
    public var qualification: Qualification? {
        guard segment == .name else { return nil }
        for position in 0..<(count - prospectCount) where outcome(at: position).status == .unmet { return .outOfProfile }
        return .unqualified
    }

    /// The one criterion that alone keeps this contact from the next segment, if exactly one does.
    public var soleBlocker: CriterionOutcome? {
        let next: Range<Int>
        switch segment {
        case .name: next = 0..<(count - prospectCount)
        case .suspect: next = (count - prospectCount)..<count
        case .prospect: return nil
        }
        // Statuses first: the summary asks this of a million contacts, and most have no sole blocker.
        var blocker: Int? = nil
        for position in next where status(at: position) != .met {
            if blocker != nil { return nil }
            blocker = position
        }
        return blocker.map(outcome(at:))
    }

    /// The compact form used in CSV `reasons`: `industry=met; revenue=unknown; employees=met`.
    public var reasons: String {
        outcomes.map { "\($0.field)=\($0.status.rawValue)" }.joined(separator: "; ")
    }
}

/// One status per criterion, two bits each, in the order of a `CriteriaLayout`: no allocation for up to 32.
struct VerdictStatuses: Sendable {
    private var bits: UInt64 = 0
    /// Every status, when there are more than 32.
    private var more: [Verdict.Status] = []

    init(count: Int) {
        if count > 32 { more = [Verdict.Status](repeating: .met, count: count) }
    }

    subscript(position: Int) -> Verdict.Status {
        get {
            if !more.isEmpty { return more[position] }
            switch (bits >> UInt64(2 * position)) & 3 {
            case 0: return .met
            case 1: return .unmet
            default: return .unknown
            }
        }
        set {
            if !more.isEmpty { more[position] = newValue; return }
            let code: UInt64 = newValue == .met ? 0 : newValue == .unmet ? 1 : 2
            bits = bits & ~(3 << UInt64(2 * position)) | code << UInt64(2 * position)
        }
    }
}

/// One ICP's criteria as a classification walks them, shared by all classifications made with it: suspect
/// then prospect criteria, each group's members after it (depth first), with the schema field each reads.
/// It turns statuses back into verdicts by looking the values and their sources up in the contact.
public final class CriteriaLayout: Sendable {
    /// A class: export walks the nodes of every contact's verdicts on both cores, and a copy of a class reference
    /// is one retain where a struct copy was one per string and array inside.
    final class Node: Sendable {
        let criterion: Criterion
        /// The schema index the criterion reads (-1 for none, and for groups).
        let index: Int
        /// Where its status is in `VerdictStatuses`.
        let position: Int
        let members: [Node]
        /// The criterion's readable statement, e.g. `revenue >= 5000000`, made once rather than per verdict.
        let statement: String

        init(criterion: Criterion, index: Int, position: Int, members: [Node]) {
            self.criterion = criterion; self.index = index; self.position = position; self.members = members
            self.statement = criterion.description
        }

        var field: String { criterion.field }
        var isGroup: Bool { criterion.group != nil }
    }

    let icp: String
    let criteria: [Node]
    let prospectCount: Int
    let statusCount: Int
    let paths: [String]

    init(icp: ICP, schema: FieldSchema, paths: [String]) {
        var position = 0
        func node(_ criterion: Criterion) -> Node {
            let own = position
            position += 1
            switch criterion.group {
            case .anyOf(let members), .allOf(let members):
                return Node(criterion: criterion, index: -1, position: own, members: members.map(node))
            case nil:
                return Node(criterion: criterion, index: schema.index(of: criterion.field) ?? -1, position: own, members: [])
            }
        }
        self.icp = icp.name
        self.criteria = (icp.suspect + icp.prospect).map(node)
        self.prospectCount = icp.prospect.count
        self.statusCount = position
        self.paths = paths
    }

    func verdicts(_ statuses: VerdictStatuses, contact: Contact) -> [Verdict] {
        func verdict(_ node: Node) -> Verdict {
            let members = node.members.map(verdict)
            let source = sourceRef(node, contact: contact).map(sourceText) ?? ""
            return Verdict(field: node.field, criterion: node.statement, status: statuses[node.position],
                           value: value(node, contact: contact), source: source, members: members)
        }
        return criteria.map(verdict)
    }

    /// The value a criterion looked at: the contact's, or for a group its members' as `field=value; ...`.
    func value(_ node: Node, contact: borrowing Contact) -> String {
        guard node.isGroup else { return Self.value(ofField: node.index, contact: contact) }
        var seen = Set<String>()
        return node.members.compactMap { member -> String? in
            let value = value(member, contact: contact)
            return value.isEmpty ? nil : "\(member.field)=\(value)"
        }.filter { seen.insert($0).inserted }.joined(separator: "; ")
    }

    /// The record the value came from (none for groups, missing values, and contacts without sources).
    func sourceRef(_ node: Node, contact: borrowing Contact) -> SourceRef? {
        node.isGroup ? nil : Self.sourceRef(ofField: node.index, contact: contact)
    }

    /// A single criterion's value: the contact's value of the field at `index` ("" for none, index -1).
    static func value(ofField index: Int, contact: borrowing Contact) -> String {
        index >= 0 ? contact[index] : ""
    }

    /// A single criterion's source: where the contact's value of the field at `index` came from.
    static func sourceRef(ofField index: Int, contact: borrowing Contact) -> SourceRef? {
        guard index >= 0, !contact[index].isEmpty, !contact.sources.isEmpty else { return nil }
        return contact.origin(of: index) ?? contact.sources[0]
    }

    /// FILE:ROW ("" for a file this run does not know).
    func sourceText(_ ref: SourceRef) -> String {
        ref.file < paths.count ? "\(paths[ref.file]):\(ref.row)" : ""
    }
}
