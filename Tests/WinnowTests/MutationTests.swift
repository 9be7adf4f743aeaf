import Foundation
import Logging
import Testing
@testable import Winnow

/// Flips, inserts and deletes random bytes in the sample files and reads each mutant: it must never crash
/// or hang, and every data record must still be accounted for exactly once. Every mutant goes through
/// ingest (where broken bytes meet the parser); every tenth goes on through normalize, dedupe and classify.
@Suite struct MutationTests {
    static let samples = EndToEndTests.purchased + EndToEndTests.forms
    static let mutantsPerFile = 400

    @Test(arguments: samples)
    func mutantsKeepTheAccountingInvariant(sample: String) throws {
        let original = try [UInt8](Data(contentsOf: EndToEndTests.root.appendingPathComponent(sample)))
        let config = try ConfigLoader.load(path: EndToEndTests.root.appendingPathComponent(EndToEndTests.config).path)
        let directory = try EndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("mutant.csv").path
        var rng = CSVTestRNG(seed: UInt64(truncatingIfNeeded: sample.utf8.reduce(5381) { $0 &* 33 &+ Int($1) }))
        let pipeline = Pipeline(config: config, work: nil, logger: Logger(label: "mutation", factory: { _ in SwiftLogNoOpLogHandler() }))
        var refused = 0
        var mutant = 0
        for _ in 0..<Self.mutantsPerFile {
            var bytes = original
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                let position = Int.random(in: 0..<max(bytes.count, 1), using: &rng)
                let interesting: [UInt8] = [0x22, 0x2C, 0x3B, 0x0A, 0x0D, 0x00, 0x09, 0xFF, 0xC3, 0x40]
                let byte = Bool.random(using: &rng) ? interesting.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0 where !bytes.isEmpty: bytes[position] = byte
                case 1: bytes.insert(byte, at: min(position, bytes.count))
                default: if !bytes.isEmpty { bytes.remove(at: position) }
                }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let ingested: Batch<[SourceRecord]>
            do {
                ingested = try pipeline.ingest([InputSpec(path: path, kind: .form)])
            } catch {
                // A file-level refusal (e.g. a mangled header) is allowed; it must be a described error.
                #expect(!String(describing: error).isEmpty)
                refused += 1
                continue
            }
            mutant += 1
            let rowsRead = ingested.inputs[0].rowsRead
            #expect(ingested.payload.count + ingested.rejected.count == rowsRead, "ingest lost or doubled a record")
            guard mutant % 10 == 0 else { continue }
            let batch = try pipeline.classify(pipeline.dedupe(pipeline.normalize(ingested)))
            var seen = Set<Int>()
            var total = 0
            for contact in batch.payload.contacts { for source in contact.sources { seen.insert(source.row); total += 1 } }
            for rejection in batch.rejected { seen.insert(rejection.source.row); total += 1 }
            #expect(total == rowsRead, "a record counted twice or lost")
            #expect(seen == Set(rowsRead > 0 ? Array(1...rowsRead) : []), "rows not accounted for")
            #expect(batch.payload.contacts.count + batch.payload.duplicates.count + batch.rejected.count == rowsRead)
        }
        // Most mutants keep a readable header; a refusal of every mutant would mean the test tests nothing.
        #expect(refused < Self.mutantsPerFile / 4)
    }
}
