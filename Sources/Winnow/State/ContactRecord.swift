/// A resolved contact as the state keeps it (the `record` column): everything `classify` and `export` need,
/// so `winnow reclassify` can re-segment known contacts without resolving their records again. Fields go by
/// name, so the text stays valid when the schema widens; files by their place in import order, which never
/// changes (files are never removed, and a `--force` reimport keeps its place).
enum ContactRecord {
    /// `files`: `fileNames(count:)` of the run's inputs.
    static func encode(_ contact: Contact, schema: FieldSchema, files: [String]) -> String {
        var json = JSONLine()
        json.beginObject()
        json.field("lead", contact.lead)
        json.field("account", contact.accountID)
        json.key("sources")
        json.beginArray()
        for source in contact.sources { json.string("\(source.file):\(source.row)") }
        json.endArray()
        json.key("values")
        json.beginObject()
        for (field, value) in contact.values.enumerated() where !value.isEmpty { json.field(schema.names[field], value) }
        json.endObject()
        json.field("flags", contact.flags.names.joined(separator: "|"))
        json.field("raw", RawCodec.encode(contact.raw, schema: schema))
        json.field("origins", OriginCodec.encode(contact.origins, schema: schema, paths: files))
        json.field("conflicts", ConflictCodec.encode(contact.conflicts, schema: schema, paths: files))
        json.endObject()
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// The contact, with `schema` widened by any field it names that the schema lacks; nil when the text is
    /// not a contact record. Values are not padded to the final schema width: the caller does that once.
    static func decode(_ text: String, id: String, schema: inout FieldSchema, files: [String: Int]) -> Contact? {
        guard let object = try? JSONValue.parse(text), let values = object["values"]?.pairs,
              let sourceTexts = object["sources"]?.array else { return nil }
        var sources: [SourceRef] = []
        for source in sourceTexts {
            guard let token = source.string, let ref = sourceRef(token, files: files) else { return nil }
            sources.append(ref)
        }
        for (name, _) in values { _ = schema.addExtra(name) }
        let rawText = object["raw"]?.string ?? ""
        if !rawText.isEmpty, let pairs = (try? JSONValue.parse(rawText))?.pairs { for (name, _) in pairs { _ = schema.addExtra(name) } }
        var row = [String](repeating: "", count: schema.count)
        for (name, value) in values { row[schema.index(of: name)!] = value.string ?? "" }
        var contact = Contact(id: id, lead: object["lead"] == .bool(true), sources: sources, values: row,
                              flags: FieldFlags(names: (object["flags"]?.string ?? "").split(separator: "|")),
                              raw: (try? RawCodec.decode(rawText, schema: schema)) ?? [:])
        contact.accountID = object["account"]?.string ?? ""
        if let origins = object["origins"]?.string, !origins.isEmpty, let pairs = (try? JSONValue.parse(origins))?.pairs {
            for (name, value) in pairs {
                if let field = schema.index(of: name), let token = value.string, let ref = sourceRef(token, files: files) {
                    contact.ownOrigins[field] = ref
                }
            }
        }
        contact.ownConflicts = (try? ConflictCodec.decode(object["conflicts"]?.string ?? "", schema: schema, files: files)) ?? []
        return contact
    }

    /// "0", "1", ...: how records name the files, by their place in import order.
    static func fileNames(count: Int) -> [String] { (0..<count).map(String.init) }

    private static func sourceRef(_ token: String, files: [String: Int]) -> SourceRef? {
        guard let colon = token.lastIndex(of: ":"), let file = files[String(token[..<colon])],
              let row = Int(token[token.index(after: colon)...]) else { return nil }
        return SourceRef(file: file, row: row)
    }
}
