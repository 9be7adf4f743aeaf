/// A `CriteriaLayout` as one export worker writes it: the criteria flattened into plain values, and
/// each one's fixed text (`"criterion":…,"field":…,"status":` for JSON, the field name for CSV `reasons`) encoded
/// once into bytes of the worker's own.
///
/// Written from the layout's nodes, every contact's reasons retained and released the same node objects and
/// statement strings on both cores, and the two cores contended for their reference counts: in a 1M profile,
/// `swift_retain` was a third of export's samples on two cores and under a tenth on one.
final class PreparedLayout {
    struct Entry {
        /// Where its status is in `VerdictStatuses`.
        var position: Int
        /// The schema index it reads (-1 for none, and for groups).
        var index: Int
        var isGroup: Bool
        /// Its members' entries (empty for a single criterion).
        var members: Range<Int>
    }

    let layout: CriteriaLayout
    /// The top-level criteria at `0..<topLevelCount`, then each group's members together.
    let entries: [Entry]
    let topLevelCount: Int
    /// Per entry: `"criterion":"<statement>","field":"<field>","status":`.
    let jsonHeads: ByteTable
    /// Per entry: the field's name.
    let fieldNames: ByteTable
    /// Per entry: the node, for a group's value (rare; built from its members' values).
    private let nodes: [CriteriaLayout.Node]

    init(_ layout: CriteriaLayout) {
        self.layout = layout
        // Level by level, so each group's members sit together, after the top level.
        var nodes = layout.criteria
        var entries: [Entry] = []
        var next = 0
        while next < nodes.count {
            let node = nodes[next]
            let start = nodes.count
            nodes.append(contentsOf: node.members)
            entries.append(Entry(position: node.position, index: node.index, isGroup: node.isGroup,
                                 members: start..<(start + node.members.count)))
            next += 1
        }
        self.nodes = nodes
        self.entries = entries
        topLevelCount = layout.criteria.count
        jsonHeads = ByteTable(nodes.map { node in
            Array("\"criterion\":".utf8) + ByteBuffer.jsonQuoted(node.statement) + Array(",\"field\":".utf8)
                + ByteBuffer.jsonQuoted(node.field) + Array(",\"status\":".utf8)
        })
        fieldNames = ByteTable(nodes.map { Array($0.field.utf8) })
    }

    /// The value the entry's criterion looked at (`CriteriaLayout.value`).
    func value(_ entry: Int, contact: borrowing Contact) -> String {
        let item = entries[entry]
        return item.isGroup ? layout.value(nodes[entry], contact: contact)
            : CriteriaLayout.value(ofField: item.index, contact: contact)
    }

    /// Where that value came from (`CriteriaLayout.sourceRef`).
    func sourceRef(_ entry: Int, contact: borrowing Contact) -> SourceRef? {
        let item = entries[entry]
        return item.isGroup ? nil : CriteriaLayout.sourceRef(ofField: item.index, contact: contact)
    }
}
