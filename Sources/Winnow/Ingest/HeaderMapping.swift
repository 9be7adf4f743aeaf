/// How one file's columns map onto the run's schema.
public struct HeaderMapping: Sendable, Equatable {
    /// Schema index for each column of the file, in column order; every column has one, and no two share one.
    public var targets: [Int]

    /// Maps `header` onto `schema`, adding unmapped columns to it as extras.
    ///
    /// Order of precedence: the config's `columns:` overrides, then a field's own name, then the built-in
    /// synonyms. A field claimed by an earlier column leaves later look-alikes as extras, so nothing is lost.
    public init(header: [String], overrides: [(header: String, field: String)], schema: inout FieldSchema) {
        let overrideKeys = Dictionary(overrides.map { (TextFold.headerKey($0.header), $0.field) }, uniquingKeysWith: { first, _ in first })
        var fieldByKey: [String: Int] = [:]
        for index in 0..<schema.mappedCount { fieldByKey[TextFold.headerKey(schema.names[index])] = index }

        var claimed = Set<Int>()
        var targets: [Int] = []
        var extraColumns: [(column: Int, name: String)] = []
        for (column, name) in header.enumerated() {
            let key = TextFold.headerKey(name)
            var target: Int? = nil
            if let field = overrideKeys[key] { target = schema.index(of: field) }
            if target == nil { target = fieldByKey[key] }
            if target == nil, let field = HeaderSynonyms.field(for: name) { target = schema.index(of: field) }
            if let found = target, !claimed.contains(found) {
                claimed.insert(found)
                targets.append(found)
            } else {
                targets.append(-1)
                extraColumns.append((column, name))
            }
        }
        var usedNames = Set<String>()
        for (column, name) in extraColumns {
            let trimmed = Whitespace.collapse(name)
            let base = trimmed.isEmpty ? "column_\(column + 1)" : trimmed
            var candidate = base
            var suffix = 2
            // An extra must not take a field's name or a name an earlier extra column of this file took.
            while usedNames.contains(candidate) || (schema.index(of: candidate).map { $0 < schema.mappedCount } ?? false) {
                candidate = "\(base)_\(suffix)"
                suffix += 1
            }
            usedNames.insert(candidate)
            targets[column] = schema.addExtra(candidate)
        }
        self.targets = targets
    }

    public init(targets: [Int]) { self.targets = targets }
}
