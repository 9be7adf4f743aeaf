/// A contact's place on the ladder of DOMAIN.md (fit only; `lead` is the other axis).
public enum Segment: String, Sendable, CaseIterable, Codable, Comparable {
    case name, suspect, prospect

    /// The output file stem: names.csv, suspects.csv, prospects.csv.
    public var plural: String { rawValue + "s" }

    public static func < (a: Segment, b: Segment) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
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

public struct Classification: Sendable, Equatable {
    public var segment: Segment
    /// The ICP that gave the best result.
    public var icp: String
    /// Suspect criteria first, then prospect criteria, each top-level criterion once.
    public var verdicts: [Verdict]
    /// How many of the prospect verdicts (the tail of `verdicts`) there are.
    public var prospectCount: Int
    /// 0-100: the weighted share of criteria met. Ranks within a segment; never moves a contact between them.
    public var fitScore: Int
    /// Set when a do-not-contact list matched: names the list and what matched. The contact is then in no segment.
    public var suppressedBy: String?

    public init(segment: Segment, icp: String, verdicts: [Verdict], prospectCount: Int, fitScore: Int, suppressedBy: String? = nil) {
        self.segment = segment; self.icp = icp; self.verdicts = verdicts; self.prospectCount = prospectCount
        self.fitScore = fitScore; self.suppressedBy = suppressedBy
    }

    public var suspectVerdicts: ArraySlice<Verdict> { verdicts.dropLast(prospectCount) }
    public var prospectVerdicts: ArraySlice<Verdict> { verdicts.suffix(prospectCount) }

    /// For names only: out of profile when a suspect criterion is unmet, else unqualified.
    public var qualification: Qualification? {
        guard segment == .name else { return nil }
        return suspectVerdicts.contains { $0.status == .unmet } ? .outOfProfile : .unqualified
    }

    /// The one criterion that alone keeps this contact from the next segment, if exactly one does.
    public var soleBlocker: Verdict? {
        let next: ArraySlice<Verdict>
        switch segment {
        case .name: next = suspectVerdicts
        case .suspect: next = prospectVerdicts
        case .prospect: return nil
        }
        let failing = next.filter { $0.status != .met }
        return failing.count == 1 ? failing[0] : nil
    }

    /// The compact form used in CSV `reasons`: `industry=met; revenue=unknown; employees=met`.
    public var reasons: String {
        verdicts.map { "\($0.field)=\($0.status.rawValue)" }.joined(separator: "; ")
    }
}
