/// What normalization found wrong or notable in a record's values. Each flag belongs to one field, so a
/// merged contact carries the flags of the record each of its values came from.
public struct FieldFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let emailInvalid = FieldFlags(rawValue: 1 << 0)
    public static let emailRoleAccount = FieldFlags(rawValue: 1 << 1)
    public static let emailFreeMail = FieldFlags(rawValue: 1 << 2)
    public static let phoneInvalid = FieldFlags(rawValue: 1 << 3)
    public static let countryUnknown = FieldFlags(rawValue: 1 << 4)
    public static let employeesInvalid = FieldFlags(rawValue: 1 << 5)
    public static let revenueInvalid = FieldFlags(rawValue: 1 << 6)
    public static let revenueCurrencyUnknown = FieldFlags(rawValue: 1 << 7)
    public static let industryUnknown = FieldFlags(rawValue: 1 << 8)
    public static let websiteInvalid = FieldFlags(rawValue: 1 << 9)

    /// Every flag with its name (as written in outputs) and its field.
    public static let all: [(flag: FieldFlags, name: String, field: CanonicalField)] = [
        (.emailInvalid, "email_invalid", .email),
        (.emailRoleAccount, "email_role_account", .email),
        (.emailFreeMail, "email_free_mail", .email),
        (.phoneInvalid, "phone_invalid", .phone),
        (.countryUnknown, "country_unknown", .country),
        (.employeesInvalid, "employees_invalid", .employees),
        (.revenueInvalid, "revenue_invalid", .revenue),
        (.revenueCurrencyUnknown, "revenue_currency_unknown", .revenue),
        (.industryUnknown, "industry_unknown", .industry),
        (.websiteInvalid, "website_invalid", .website),
    ]

    /// The flags of one field.
    public static func of(_ field: CanonicalField) -> FieldFlags {
        all.reduce(into: FieldFlags()) { if $1.field == field { $0.insert($1.flag) } }
    }

    /// The flags that mark a value as invalid (rather than merely notable).
    public static let invalid: FieldFlags = [.emailInvalid, .phoneInvalid, .countryUnknown, .employeesInvalid,
                                             .revenueInvalid, .revenueCurrencyUnknown, .industryUnknown, .websiteInvalid]

    public var names: [String] { Self.all.filter { contains($0.flag) }.map(\.name) }

    public init(names: some Sequence<Substring>) {
        var flags = FieldFlags()
        for name in names {
            if let entry = Self.all.first(where: { $0.name == name }) { flags.insert(entry.flag) }
        }
        self = flags
    }
}
