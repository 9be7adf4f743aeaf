/// The values as given, by schema index, for the fields normalization changed.
///
/// A record has a handful of them, so they are a small array sorted by field: a dictionary per record took
/// about 270 bytes of heap, this takes 32 plus 24 per value, and a lookup is a short scan.
public struct RawValues: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public struct Entry: Sendable, Equatable {
        public let field: Int
        public let value: String
    }

    /// Ascending by field, one per field.
    public private(set) var entries: [Entry] = []

    public init() {}

    public init(dictionaryLiteral elements: (Int, String)...) {
        for (field, value) in elements { self[field] = value }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    public subscript(field: Int) -> String? {
        get {
            for entry in entries {
                if entry.field == field { return entry.value }
                if entry.field > field { break }
            }
            return nil
        }
        set {
            var position = entries.endIndex
            for (index, entry) in entries.enumerated() where entry.field >= field {
                position = index
                break
            }
            let present = position < entries.endIndex && entries[position].field == field
            switch (newValue, present) {
            case (let value?, true): entries[position] = Entry(field: field, value: value)
            case (let value?, false): entries.insert(Entry(field: field, value: value), at: position)
            case (nil, true): entries.remove(at: position)
            case (nil, false): break
            }
        }
    }

    /// Room for `count` values, so that adding them allocates once.
    public mutating func reserveCapacity(_ count: Int) { entries.reserveCapacity(count) }
}
