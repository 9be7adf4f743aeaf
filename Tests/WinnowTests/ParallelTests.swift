import Testing
@testable import Winnow

/// Normalize and classify on several cores give exactly what one core gives, in the same order.
@Suite struct ParallelTests {
    static func records(_ count: Int) -> Batch<[SourceRecord]> {
        let rows = (0..<count).map { i -> [String: String] in
            [
                "email": i % 7 == 0 ? "not-an-email-\(i)" : "Person.\(i % 3000)@Company\(i % 50).example",
                "phone": i % 5 == 0 ? "030 \(1_000_000 + i)" : "",
                "company": "ACME \(i % 50) GMBH",
                "country": ["Deutschland", "AT", "Schweiz", "France", ""][i % 5],
                "industry": ["Maschinenbau", "Retail", "333249", ""][i % 4],
                "employees": ["20-49", "1.200", "50+", ""][i % 4],
                "revenue": ["5,2 Mio. €", "$12 million", "", "7,500,000"][i % 4],
                "first_name": i % 2 == 0 ? "ANNA" : "jürgen",
                "last_name": "müller-lüdenscheidt",
            ]
        }
        return StageTests.batch(rows)
    }

    @Test func twoJobsEqualOneJob() throws {
        let input = Self.records(6000)
        let config = StageTests.config
        let one = try NormalizeStage(config: config, jobs: 1).run(input)
        let two = try NormalizeStage(config: config, jobs: 2).run(input)
        #expect(one.payload.map(\.values) == two.payload.map(\.values))
        #expect(one.payload.map(\.source) == two.payload.map(\.source))
        #expect(one.payload.map(\.flags) == two.payload.map(\.flags))
        #expect(one.rejected.map(\.source) == two.rejected.map(\.source))
        #expect(one.fieldStatistics == two.fieldStatistics)
        let contacts = try DedupeStage(config: config).run(one)
        let classifiedOne = try ClassifyStage(config: config, jobs: 1).run(contacts)
        let classifiedTwo = try ClassifyStage(config: config, jobs: 2).run(contacts)
        #expect(classifiedOne.payload.classifications == classifiedTwo.payload.classifications)
        #expect(classifiedOne.payload.classifications.count == contacts.payload.contacts.count)
    }
}
