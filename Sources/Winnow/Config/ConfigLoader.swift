import Foundation
import WinnowCSV
import Yams

/// A config problem, located in the YAML file.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(message)"
    }
}

/// Loads and validates a config file. Every key is checked: an unknown key is an error, never ignored.
public enum ConfigLoader {
    public static func load(path: String) throws -> WinnowConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WinnowError.inputUnreadable(path: path, reason: "config file cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, message: "config is not UTF-8 text")
        }
        var config = try parse(yaml: text, file: path)
        config.sha256 = data.withUnsafeBytes { bytes in
            var digest = SHA256Digest()
            digest.update(bytes)
            return digest.finalizeHex()
        }
        return config
    }

    public static func parse(yaml: String, file: String = "<config>") throws -> WinnowConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ConfigError(file: file, message: "not valid YAML: \(error)")
        }
        let reader = NodeReader(file: file)
        guard let root else { throw ConfigError(file: file, line: 1, message: "config is empty; expected an `icp:` section") }
        let top = try reader.mapping(root, keys: ["icp", "icps", "columns", "consent", "suppress", "sources", "normalize", "dedupe", "export"],
                                   context: "the config")
        var icps: [ICP] = []
        switch (top["icp"], top["icps"]) {
        case (let icpNode?, nil):
            icps = [try parseICP(icpNode, reader: reader)]
        case (nil, let listNode?):
            guard case .sequence(let items) = listNode, !items.isEmpty else {
                throw reader.error(listNode, "`icps:` must be a non-empty list of ICPs, each like an `icp:` section")
            }
            icps = try items.map { try parseICP($0, reader: reader) }
            for (index, icp) in icps.enumerated() {
                if icps[..<index].contains(where: { $0.name == icp.name }) {
                    throw reader.error(items[index], "two ICPs are named `\(icp.name)`; give each a distinct `name:`")
                }
                if icp.currency != icps[0].currency {
                    throw reader.error(items[index], "ICP `\(icp.name)` uses \(icp.currency) but `\(icps[0].name)` uses \(icps[0].currency); the ICPs of one config share one currency")
                }
            }
        case (_?, _?):
            throw reader.error(root, "give either `icp:` (one ICP) or `icps:` (a list), not both")
        case (nil, nil):
            throw reader.error(root, "missing `icp:` section")
        }
        var columns: [(String, String)] = []
        if let columnsNode = top["columns"] {
            guard case .mapping(let mapping) = columnsNode else {
                throw reader.error(columnsNode, "`columns:` must map input headers to field names")
            }
            for (key, value) in mapping {
                let header = try reader.string(key, context: "a column header")
                let field = try reader.fieldName(value)
                columns.append((header, field))
            }
        }
        var consentValues = ConsentValues.defaults
        var consentColumn: String? = nil
        if let consentNode = top["consent"] {
            let consent = try reader.mapping(consentNode, keys: ["column", "values"], context: "`consent:`")
            if let valuesNode = consent["values"] {
                consentValues = Set(try reader.strings(valuesNode, context: "`consent.values`").map(TextFold.consentKey))
            }
            if let columnNode = consent["column"] {
                let header = try reader.string(columnNode, context: "`consent.column`")
                consentColumn = header
                columns.insert((header, CanonicalField.consent.rawValue), at: 0)
            }
        }
        let sources = try top["sources"].map { try parseSources($0, reader: reader) } ?? []
        var normalize = NormalizeSettings()
        if let node = top["normalize"] {
            let keys = try reader.mapping(node, keys: ["default_region", "free_mail_domains", "phone"], context: "`normalize:`")
            if let modeNode = keys["phone"] {
                guard let mode = NormalizeSettings.PhoneMode(rawValue: try reader.string(modeNode, context: "`phone`")) else {
                    throw reader.error(modeNode, "`normalize.phone` must be e164 (libphonenumber) or digits (only + and digits)")
                }
                normalize.phone = mode
            }
            if let region = keys["default_region"] {
                let code = try reader.string(region, context: "`default_region`").uppercased()
                guard code.count == 2, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                    throw reader.error(region, "`default_region` must be an ISO 3166 alpha-2 code such as DE")
                }
                normalize.defaultRegion = code
            }
            if let domains = keys["free_mail_domains"] {
                normalize.freeMailDomains = Set(try reader.strings(domains, context: "`free_mail_domains`").map { $0.lowercased() })
            }
        }
        let suppress = try top["suppress"].map { try parseSuppress($0, reader: reader) } ?? []
        var config = WinnowConfig(icps: icps, columns: columns, consentValues: consentValues, suppress: suppress,
                                  consentColumn: consentColumn, sources: sources, normalize: normalize)
        if let node = top["dedupe"] { config.dedupe = try parseDedupe(node, reader: reader) }
        if let node = top["export"] { config.export = try parseExport(node, reader: reader) }
        return config
    }

    /// ```yaml
    /// export:
    ///   jsonl: false     # the CSV files only
    /// ```
    private static func parseExport(_ node: Node, reader: NodeReader) throws -> ExportSettings {
        let keys = try reader.mapping(node, keys: ["jsonl"], context: "`export:`")
        var settings = ExportSettings()
        if let jsonl = keys["jsonl"] { settings.jsonLines = try reader.bool(jsonl, context: "`export.jsonl`") }
        return settings
    }

    /// ```yaml
    /// dedupe:
    ///   rules: {same_email: true, phone_and_name: true, domain_and_name: true, company_and_name: false}
    ///   name_threshold: 0.92        # Jaro-Winkler on folded full names, after nicknames
    ///   company_threshold: 0.95
    ///   max_block_size: 100         # a shared key held by more records is not used to find pairs
    /// ```
    private static func parseDedupe(_ node: Node, reader: NodeReader) throws -> MatchRules {
        var rules = MatchRules.default
        let keys = try reader.mapping(node, keys: ["rules", "name_threshold", "company_threshold", "max_block_size"], context: "`dedupe:`")
        if let rulesNode = keys["rules"] {
            let names = ["same_email", "phone_and_name", "domain_and_name", "company_and_name"]
            let switches = try reader.mapping(rulesNode, keys: names, context: "`dedupe.rules`")
            for (name, value) in switches.ordered {
                let on = try reader.bool(value, context: "`\(name)`")
                switch name {
                case "same_email": rules.sameEmail = on
                case "phone_and_name": rules.samePhoneSimilarName = on
                case "domain_and_name": rules.sameDomainSimilarName = on
                default: rules.sameCompanySimilarName = on
                }
            }
        }
        func threshold(_ key: String) throws -> Double? {
            guard let node = keys[key] else { return nil }
            let value = try reader.number(node, context: "`\(key)`")
            guard value > 0, value <= 1 else { throw reader.error(node, "`\(key)` must be above 0 and at most 1") }
            return value
        }
        if let value = try threshold("name_threshold") { rules.nameThreshold = value }
        if let value = try threshold("company_threshold") { rules.companyThreshold = value }
        if let node = keys["max_block_size"] {
            let value = try reader.number(node, context: "`max_block_size`")
            guard value >= 2, value == value.rounded() else { throw reader.error(node, "`max_block_size` must be a whole number of at least 2") }
            rules.maxBlockSize = Int(value)
        }
        return rules
    }

    private static func parseSources(_ node: Node, reader: NodeReader) throws -> [SourceSettings] {
        guard case .sequence(let items) = node else {
            throw reader.error(node, "`sources:` must be a list of entries such as - {match: \"vendor-b*.csv\", delimiter: \";\"}")
        }
        return try items.map { item in
            let keys = try reader.mapping(item, keys: ["match", "encoding", "delimiter", "header", "columns", "ragged", "max_field_bytes"],
                                          context: "a `sources:` entry")
            guard let matchNode = keys["match"] else { throw reader.error(item, "`sources:` entry has no `match:` glob") }
            var settings = SourceSettings(match: try reader.string(matchNode, context: "`match`"))
            if let node = keys["encoding"] {
                let name = try reader.string(node, context: "`encoding`")
                guard CSVTextEncoding(name: name) != nil else {
                    throw reader.error(node, "unknown encoding `\(name)`; expected one of utf-8, utf-16le, utf-16be, windows-1252, iso-8859-1")
                }
                settings.encoding = name.lowercased()
            }
            if let node = keys["delimiter"] {
                let name = try reader.string(node, context: "`delimiter`")
                guard let delimiter = SourceSettings.delimiter(named: name) else {
                    throw reader.error(node, "unknown delimiter `\(name)`; expected comma, semicolon, tab or pipe")
                }
                settings.delimiter = delimiter
            }
            if let node = keys["header"] {
                switch try reader.string(node, context: "`header`") {
                case "none": settings.headerless = true
                case "auto", "first_row": settings.headerless = false
                default: throw reader.error(node, "`header` must be `none` (a headerless file) or `auto`")
                }
            }
            if let node = keys["columns"] {
                guard case .sequence(let fields) = node else {
                    throw reader.error(node, "`columns` of a source is the list of fields by position, e.g. [first_name, email]")
                }
                settings.columns = try fields.map { try reader.fieldName($0) }
            }
            if let node = keys["ragged"] {
                guard let ragged = SourceSettings.Ragged(rawValue: try reader.string(node, context: "`ragged`")) else {
                    throw reader.error(node, "`ragged` must be `reject` or `pad`")
                }
                settings.ragged = ragged
            }
            if let node = keys["max_field_bytes"] {
                let limit = try reader.number(node, context: "`max_field_bytes`")
                guard limit >= 1024, limit <= 1_073_741_824 else { throw reader.error(node, "`max_field_bytes` must be between 1024 and 1073741824") }
                settings.maxFieldBytes = Int(limit)
            }
            if settings.headerless && settings.columns.isEmpty {
                throw reader.error(item, "a source with `header: none` needs `columns:`, the list of fields by position")
            }
            return settings
        }
    }

    private static func parseSuppress(_ node: Node, reader: NodeReader) throws -> [SuppressionList] {
        guard case .sequence(let items) = node else {
            throw reader.error(node, "`suppress:` must be a list such as - file: do-not-contact.csv, - domains: [competitor.example]")
        }
        let base = URL(fileURLWithPath: reader.file).deletingLastPathComponent()
        return try items.map { item in
            let keys = try reader.mapping(item, keys: ["file", "emails", "domains", "companies", "name"], context: "a `suppress:` entry")
            let kinds = keys.ordered.map(\.0).filter { $0 != "name" }
            guard kinds.count == 1 else {
                throw reader.error(item, "a `suppress:` entry takes exactly one of file, emails, domains, companies (found \(kinds.isEmpty ? "none" : kinds.joined(separator: ", ")))")
            }
            let name = try keys["name"].map { try reader.string($0, context: "`name`") }
            let valueNode = keys[kinds[0]]!
            switch kinds[0] {
            case "file":
                let given = try reader.string(valueNode, context: "`file`")
                let path = given.hasPrefix("/") ? given : base.appendingPathComponent(given).path
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw reader.error(valueNode, "suppression file `\(given)` cannot be read (looked for \(path))")
                }
                do {
                    return try SuppressionList.load(path: path, label: name ?? given)
                } catch {
                    throw reader.error(valueNode, "suppression file `\(given)`: \(error)")
                }
            case "emails":
                return SuppressionList(label: name ?? "inline emails", emails: try reader.strings(valueNode, context: "`emails`"))
            case "domains":
                return SuppressionList(label: name ?? "inline domains", domains: try reader.strings(valueNode, context: "`domains`"))
            default:
                return SuppressionList(label: name ?? "inline companies", companies: try reader.strings(valueNode, context: "`companies`"))
            }
        }
    }

    private static func parseICP(_ node: Node, reader: NodeReader) throws -> ICP {
        let keys = try reader.mapping(node, keys: ["name", "currency", "fx", "suspect", "prospect"], context: "`icp:`")
        let name = try keys["name"].map { try reader.string($0, context: "`icp.name`") } ?? "ICP"
        let currency = try keys["currency"].map { try reader.currency($0) } ?? "EUR"
        var fx: [String: Double] = [:]
        if let fxNode = keys["fx"] {
            guard case .mapping(let mapping) = fxNode else {
                throw reader.error(fxNode, "`icp.fx` must map currency codes to rates, e.g. {USD: 0.92}")
            }
            for (key, value) in mapping {
                let code = try reader.currency(key)
                let rate = try reader.number(value, context: "the rate of \(code)")
                guard rate > 0 else { throw reader.error(value, "the rate of \(code) must be positive") }
                fx[code] = rate
            }
        }
        let suspect = try keys["suspect"].map { try parseCriteria($0, section: "icp.suspect", reader: reader) } ?? []
        let prospect = try keys["prospect"].map { try parseCriteria($0, section: "icp.prospect", reader: reader) } ?? []
        if suspect.isEmpty && prospect.isEmpty {
            throw reader.error(node, "`icp:` needs at least one criterion under `suspect:` or `prospect:`")
        }
        return ICP(name: name, currency: currency, fx: fx, suspect: suspect, prospect: prospect)
    }

    static let operators = ["in", "not_in", "equals", "min", "max", "between", "matches", "present", "absent"]
    static let criterionKeys = ["field", "use", "weight", "name", "any_of", "all_of"] + operators

    private static func parseCriteria(_ node: Node, section: String, reader: NodeReader) throws -> [Criterion] {
        guard case .sequence(let items) = node else {
            throw reader.error(node, "`\(section)` must be a list of criteria such as - {field: revenue, min: 5000000}")
        }
        return try items.map { try parseCriterion($0, section: section, reader: reader) }
    }

    private static func parseCriterion(_ item: Node, section: String, reader: NodeReader) throws -> Criterion {
        let keys = try reader.mapping(item, keys: criterionKeys, context: "a criterion of `\(section)`")
        let weight = try keys["weight"].map { try reader.number($0, context: "`weight`") } ?? 1
        guard weight >= 0 else { throw reader.error(keys["weight"]!, "`weight` must be zero or more") }
        if let groupKey = ["any_of", "all_of"].first(where: { keys[$0] != nil }) {
            let extra = keys.ordered.map(\.0).filter { !["name", "weight", groupKey].contains($0) }
            guard extra.isEmpty else {
                throw reader.error(item, "a `\(groupKey)` group takes only `name` and `weight` beside its list (found \(extra.joined(separator: ", ")))")
            }
            let members = try parseCriteria(keys[groupKey]!, section: "\(section).\(groupKey)", reader: reader)
            guard !members.isEmpty else { throw reader.error(keys[groupKey]!, "`\(groupKey)` needs at least one criterion") }
            let name = try keys["name"].map { try reader.string($0, context: "`name`") } ?? groupKey
            return Criterion(name: name, group: groupKey == "any_of" ? .anyOf(members) : .allOf(members), weight: weight)
        }
        guard let fieldNode = keys["field"] else {
            throw reader.error(item, "criterion has no `field:` (or `any_of:` / `all_of:` group)")
        }
        let field = try reader.fieldName(fieldNode)
        if CanonicalField(rawValue: field) == nil,
           let close = Suggest.closest(to: field, among: CanonicalField.allCases.map(\.rawValue)), Suggest.distance(field, close) <= 2 {
            throw reader.error(fieldNode, "unknown field `\(field)` (did you mean `\(close)`?); a field that is no canonical field must be spelled apart from them")
        }
        var tests: [Criterion.Test] = []
        for (key, value) in keys.ordered where operators.contains(key) {
            switch key {
            case "in": tests.append(.oneOf(try reader.strings(value, context: "`in`").map(TextFold.valueKey)))
            case "not_in": tests.append(.noneOf(try reader.strings(value, context: "`not_in`").map(TextFold.valueKey)))
            case "equals": tests.append(.equals(TextFold.valueKey(try reader.string(value, context: "`equals`"))))
            case "min": tests.append(.min(try reader.number(value, context: "`min`")))
            case "max": tests.append(.max(try reader.number(value, context: "`max`")))
            case "between":
                guard case .sequence(let bounds) = value, bounds.count == 2 else {
                    throw reader.error(value, "`between` takes two numbers, e.g. between: [20, 500]")
                }
                let low = try reader.number(bounds[0], context: "the lower bound"), high = try reader.number(bounds[1], context: "the upper bound")
                guard low <= high else {
                    throw reader.error(value, "criterion on `\(field)` can never be met: between \(NumberText.format(low)) and \(NumberText.format(high))")
                }
                tests.append(.between(low, high))
            case "matches":
                let pattern = try reader.string(value, context: "`matches`")
                do {
                    _ = try Regex(pattern)
                } catch {
                    throw reader.error(value, "`matches` is not a valid regular expression: \(error)")
                }
                tests.append(.matches(pattern))
            case "present": tests.append(.present(try reader.bool(value, context: "`present`")))
            case "absent": tests.append(.present(!(try reader.bool(value, context: "`absent`"))))
            default: break
            }
        }
        if tests.isEmpty {
            throw reader.error(item, "criterion on `\(field)` has no operator; expected one of \(operators.joined(separator: ", "))")
        }
        try checkContradictions(tests, field: field, item: item, reader: reader)
        var use = RangeUse.lower
        if let useNode = keys["use"] {
            let text = try reader.string(useNode, context: "`use`")
            guard let parsed = RangeUse(rawValue: text) else {
                throw reader.error(useNode, "`use` must be lower, upper or midpoint (which bound of a range to compare)")
            }
            use = parsed
        }
        if keys["name"] != nil { throw reader.error(keys["name"]!, "`name` names an `any_of` / `all_of` group; a field criterion is named by its field") }
        return Criterion(field: field, tests: tests, use: use, weight: weight)
    }

    /// Tests in one criterion that no value can pass together.
    private static func checkContradictions(_ tests: [Criterion.Test], field: String, item: Node, reader: NodeReader) throws {
        var low = -Double.infinity, high = Double.infinity
        var included: Set<String>? = nil, excluded = Set<String>(), presence: Bool? = nil
        for test in tests {
            switch test {
            case .min(let value): low = Swift.max(low, value)
            case .max(let value): high = Swift.min(high, value)
            case .between(let a, let b): low = Swift.max(low, a); high = Swift.min(high, b)
            case .oneOf(let values): included = (included ?? Set(values)).intersection(values)
            case .equals(let value): included = (included ?? [value]).intersection([value])
            case .noneOf(let values): excluded.formUnion(values)
            case .present(let wanted):
                if let presence, presence != wanted { throw reader.error(item, "criterion on `\(field)` asks for the field to be both present and absent") }
                presence = wanted
            case .matches: break
            }
        }
        if low > high {
            throw reader.error(item, "criterion on `\(field)` can never be met: min \(NumberText.format(low)) > max \(NumberText.format(high))")
        }
        if let included, included.subtracting(excluded).isEmpty {
            throw reader.error(item, "criterion on `\(field)` can never be met: no value is both allowed and not excluded")
        }
        if presence == false, tests.count > 1 {
            throw reader.error(item, "criterion on `\(field)` can never be met: it asks for the field to be absent and to have a value")
        }
    }
}

/// Reads Yams nodes with errors that carry the node's line and column.
struct NodeReader {
    let file: String

    struct Keys {
        var ordered: [(String, Node)]
        subscript(key: String) -> Node? { ordered.first { $0.0 == key }?.1 }
    }

    func error(_ node: Node, _ message: String) -> ConfigError {
        ConfigError(file: file, line: node.mark?.line, column: node.mark?.column, message: message)
    }

    func mapping(_ node: Node, keys allowed: [String], context: String) throws -> Keys {
        guard case .mapping(let mapping) = node else {
            throw error(node, "\(context) must be a mapping with keys \(allowed.joined(separator: ", "))")
        }
        var result = Keys(ordered: [])
        for (keyNode, value) in mapping {
            let key = try string(keyNode, context: "a key")
            guard allowed.contains(key) else {
                var message = "unknown key `\(key)` in \(context); expected one of \(allowed.joined(separator: ", "))"
                if let close = Suggest.closest(to: key, among: allowed) { message += " (did you mean `\(close)`?)" }
                throw error(keyNode, message)
            }
            if result[key] != nil { throw error(keyNode, "key `\(key)` given twice in \(context)") }
            result.ordered.append((key, value))
        }
        return result
    }

    func string(_ node: Node, context: String) throws -> String {
        guard case .scalar(let scalar) = node else { throw error(node, "\(context) must be a single value") }
        return scalar.string
    }

    func strings(_ node: Node, context: String) throws -> [String] {
        switch node {
        case .sequence(let items): return try items.map { try string($0, context: "an item of \(context)") }
        case .scalar(let scalar): return [scalar.string]
        default: throw error(node, "\(context) must be a list of values, e.g. [a, b]")
        }
    }

    func number(_ node: Node, context: String) throws -> Double {
        let text = try string(node, context: context)
        guard let value = NumberText.parsePlain(text) else {
            throw error(node, "\(context) must be a number, got `\(text)`")
        }
        return value
    }

    func bool(_ node: Node, context: String) throws -> Bool {
        guard let value = node.bool else { throw error(node, "\(context) must be true or false") }
        return value
    }

    func currency(_ node: Node) throws -> String {
        let code = try string(node, context: "a currency").uppercased()
        guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw error(node, "`\(code)` is not a three-letter currency code such as EUR")
        }
        return code
    }

    func fieldName(_ node: Node) throws -> String {
        let name = try string(node, context: "a field name")
        let valid = !name.isEmpty && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
        guard valid else {
            throw error(node, "field name `\(name)` must be lowercase letters, digits and underscores, e.g. it_platform")
        }
        return name
    }
}
