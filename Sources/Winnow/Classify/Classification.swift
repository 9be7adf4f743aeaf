/// A contact's place on the ladder of DOMAIN.md (fit only; `lead` is the other axis).
public enum Segment: String, Sendable, CaseIterable, Codable {
    case name, suspect, prospect

    /// The output file stem: names.csv, suspects.csv, prospects.csv.
    public var plural: String { rawValue + "s" }
}

/// The verdict of one criterion on one contact. Unknown (no data, or data that does not parse) is not met.
public struct Verdict: Sendable, Equatable {
    public enum Status: String, Sendable { case met, unmet, unknown }
    public var field: String
    public var criterion: String
    public var status: Status
    /// The value the criterion looked at, as the contact holds it ("" when missing).
    public var value: String

    public init(field: String, criterion: String, status: Status, value: String) {
        self.field = field; self.criterion = criterion; self.status = status; self.value = value
    }
}

public struct Classification: Sendable, Equatable {
    public var segment: Segment
    public var verdicts: [Verdict]

    public init(segment: Segment, verdicts: [Verdict]) { self.segment = segment; self.verdicts = verdicts }

    /// The compact form used in CSV `reasons`: `industry=met; revenue=unknown; employees=met`.
    public var reasons: String {
        verdicts.map { "\($0.field)=\($0.status.rawValue)" }.joined(separator: "; ")
    }
}
