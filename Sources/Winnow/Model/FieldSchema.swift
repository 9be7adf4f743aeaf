/// The canonical contact fields every input is mapped onto.
public enum CanonicalField: String, CaseIterable, Sendable {
    case firstName = "first_name"
    case lastName = "last_name"
    case email, phone, title, company, website, domain, industry, employees, revenue, country, city, consent
    // Derived by normalization: parts of other fields kept apart.
    case phoneExtension = "phone_extension"
    case honorific
    case nameSuffix = "name_suffix"
    case industryCode = "industry_code"
}

/// The ordered list of fields a run works with: the canonical fields, then the fields the ICP names,
/// then the extras (unmapped input columns) in order of first appearance.
///
/// Records store their values as an array aligned with this schema, so a lookup is an index, not a hash.
public struct FieldSchema: Sendable, Equatable {
    public private(set) var names: [String]
    /// Number of leading fields that are canonical or ICP-named (the rest are extras).
    public let mappedCount: Int
    private var indexByName: [String: Int]

    public init(icpFields: [String]) {
        var names = CanonicalField.allCases.map(\.rawValue)
        for field in icpFields where !names.contains(field) { names.append(field) }
        self.names = names
        self.mappedCount = names.count
        self.indexByName = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }

    /// Rebuilds a schema saved by a stage (see `WorkDirectory`).
    public init(names: [String], mappedCount: Int) {
        self.names = names
        self.mappedCount = mappedCount
        self.indexByName = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var count: Int { names.count }
    public var extras: ArraySlice<String> { names[mappedCount...] }

    public func index(of name: String) -> Int? { indexByName[name] }
    public func index(of field: CanonicalField) -> Int {
        // Canonical fields are laid out first, in declaration order.
        CanonicalField.allCases.firstIndex(of: field)!
    }

    /// Adds an extra column (or returns the existing one of that name).
    public mutating func addExtra(_ name: String) -> Int {
        if let existing = indexByName[name] { return existing }
        names.append(name)
        indexByName[name] = names.count - 1
        return names.count - 1
    }
}

extension CanonicalField {
    /// The canonical field at a schema index (canonical fields come first, in declaration order).
    public static func at(_ index: Int) -> CanonicalField? {
        index >= 0 && index < allCases.count ? allCases[index] : nil
    }
}
