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

    @Test func parallelSortAndMergeEqualTheSortedArray() {
        // Keys with many ties, tie-broken by position: the order is total, so every split must give the same array.
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 1000, 65_535, 65_536, 70_001, 200_000] {
            let keys = (0..<count).map { (key: UInt64.random(in: 0..<UInt64(max(1, count / 8)), using: &generator), position: $0) }
            let expected = keys.sorted { $0.key != $1.key ? $0.key < $1.key : $0.position < $1.position }
            for jobs in [1, 2, 3, 8] {
                var sorted = keys
                Parallel.sort(&sorted, jobs: jobs) { $0.key != $1.key ? $0.key < $1.key : $0.position < $1.position }
                #expect(sorted.map(\.position) == expected.map(\.position), "count \(count), jobs \(jobs)")
            }
        }
        // Runs of any number, some empty: of equal elements, an earlier run's come first.
        for runCount in 1...5 {
            let runs = (0..<runCount).map { run in (0..<(run == 1 ? 0 : 50 + run * 7)).map { (key: $0 % 13, run: run) }.sorted { $0.key < $1.key } }
            let merged = Parallel.merge(runs.map { $0[...] }) { $0.key < $1.key }
            let expected = runs.flatMap { $0 }.enumerated().sorted { $0.element.key != $1.element.key ? $0.element.key < $1.element.key : $0.offset < $1.offset }.map(\.element)
            #expect(merged.map(\.key) == expected.map(\.key) && merged.map(\.run) == expected.map(\.run), "\(runCount) runs")
        }
    }

    @Test func dedupeOnTwoJobsEqualsOneJob() throws {
        // Repeated people (the same mailbox in several spellings, shared phones, colleagues of one company), so
        // that names are interned across slices, groups span slices and accounts gather contacts of both.
        var input = Self.records(6000)
        let phone = input.schema.index(of: .phone), first = input.schema.index(of: .firstName)
        for index in input.payload.indices {
            if index % 11 == 0 { input.payload[index][phone] = "+49 30 \(7_000_000 + index % 400)" }
            if index % 3 == 0 { input.payload[index][first] = ["Bob", "Robert", "Anna-Lena", "Ánna Lena", "J."][index % 5] }
        }
        let config = StageTests.config
        let normalized = try NormalizeStage(config: config, jobs: 1).run(input)
        let one = try DedupeStage(config: config, jobs: 1).run(normalized)
        let two = try DedupeStage(config: config, jobs: 2).run(normalized)
        let a = one.payload, b = two.payload
        #expect(a.contacts.count > 1000 && a.contacts.count < normalized.payload.count - 1000)
        #expect(a.contacts.map(\.id) == b.contacts.map(\.id))
        #expect(a.contacts.map(\.sources) == b.contacts.map(\.sources))
        #expect(a.contacts.map(\.values) == b.contacts.map(\.values))
        #expect(a.contacts.map(\.flags) == b.contacts.map(\.flags))
        #expect(a.contacts.map(\.accountID) == b.contacts.map(\.accountID))
        #expect(a.contacts.map(\.conflicts) == b.contacts.map(\.conflicts))
        #expect(a.duplicates.map(\.source) == b.duplicates.map(\.source))
        #expect(a.duplicates.map(\.mergedInto) == b.duplicates.map(\.mergedInto))
        #expect(a.duplicates.map(\.rule) == b.duplicates.map(\.rule))
        #expect(one.counters == two.counters)
        #expect(one.counters["accounts"] == Set(a.contacts.map(\.accountID).filter { !$0.isEmpty }).count)
    }

    @Test func phonesNormalizedInAHelperProcessEqualPhonesNormalizedHere() throws {
        // Every phone form of the sample lists, plus a few the helper must answer exactly like this process.
        var input = Self.records(3000)
        let extra = ["+49 (0)30 1234567 ext. 89", "0041 44 668 18 00", "n/a", "12345", "(212) 555-0199 x12", "+1-532-344-1362",
                     "030\u{00A0}1234567", "0221 47 10 23 45 Durchwahl 12", ""]
        let phone = input.schema.index(of: .phone), country = input.schema.index(of: .country)
        for (offset, text) in extra.enumerated() {
            input.payload[offset * 3][phone] = text
            input.payload[offset * 3][country] = ["US", "", "Deutschland"][offset % 3]
        }
        let config = StageTests.config
        let here = try NormalizeStage(config: config, jobs: 2).run(input)
        // Small chunks, so both processes take several and the answers come back from both, interleaved.
        let workers = PhoneWorkers(executable: EndToEndTests.binary.path, processes: 1, minimumNumbers: 0, chunkSize: 37)
        let helped = try NormalizeStage(config: config, jobs: 2, phoneWorkers: workers).run(input)
        #expect(here.payload.map(\.values) == helped.payload.map(\.values))
        #expect(here.payload.map(\.flags) == helped.payload.map(\.flags))
        #expect(here.payload.map(\.raw) == helped.payload.map(\.raw))
        #expect(here.rejected.map(\.source) == helped.rejected.map(\.source))
        // The helper really answered: the seed covers every distinct phone.
        let seed = workers.seed(input.payload, schema: input.schema, defaultRegion: config.normalize.defaultRegion)
        #expect(seed.count > 600)
    }

    @Test func theSeedAsksForEachDistinctPhoneOnce() throws {
        // Phones repeated in other spacings and countries in other spellings: one request per (collapsed text,
        // country code), and every record's answer is what its own normalizer would compute.
        var input = Self.records(5000)
        let phone = input.schema.index(of: .phone), country = input.schema.index(of: .country)
        let phones = ["030 1234567", "030  1234567", " 030 1234567", "+41 44 668 18 00", "0041 44 668 18 00", "(212) 555-0199", ""]
        let countries = ["DE", "de", "Germany", "", "CH", "US", "United States"]
        for index in input.payload.indices {
            input.payload[index][phone] = index % 5 == 0 ? phones[index % phones.count] : "+49 30 \(7_000_000 + index % 1700)"
            input.payload[index][country] = countries[(index / 7) % countries.count]
        }
        let region = StageTests.config.normalize.defaultRegion
        let workers = PhoneWorkers(executable: EndToEndTests.binary.path, processes: 1, minimumNumbers: 0, chunkSize: 64)
        let seed = workers.seed(input.payload, schema: input.schema, defaultRegion: region)
        var keys = Set<PhoneNormalizer.Key>()
        var wrong: [Int] = []
        for (position, record) in input.payload.enumerated() {
            let code = record[country].isEmpty ? nil : CountryCode.normalize(Whitespace.collapse(record[country]))
            let raw = Whitespace.collapse(record[phone])
            if raw.isEmpty {
                if seed.answer(at: position) != nil { wrong.append(position) }
                continue
            }
            keys.insert(PhoneNormalizer.Key(raw: raw, region: code))
            let expected = PhoneNormalizer.compute(raw, region: PhoneNormalizer.regionCode(code) ?? PhoneNormalizer.regionCode(region))
            if seed.answer(at: position) != expected { wrong.append(position) }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(seed.count == keys.count)
        #expect(keys.count < 5000 - 1000)
    }

    @Test func aHelperThatCannotStartCostsOnlySpeed() throws {
        let input = Self.records(600)
        let config = StageTests.config
        let here = try NormalizeStage(config: config, jobs: 1).run(input)
        let broken = PhoneWorkers(executable: "/nonexistent/winnow", processes: 1, minimumNumbers: 0)
        let helped = try NormalizeStage(config: config, jobs: 1, phoneWorkers: broken).run(input)
        #expect(here.payload.map(\.values) == helped.payload.map(\.values))
    }

    @Test func aHelperThatStopsAnsweringCostsOnlySpeed() throws {
        // `true` exits at once: the chunk handed to it is never answered (its pipe breaks or ends) and is computed here.
        let input = Self.records(3000)
        let config = StageTests.config
        let here = try NormalizeStage(config: config, jobs: 1).run(input)
        let quitting = PhoneWorkers(executable: "/bin/true", processes: 1, minimumNumbers: 0, chunkSize: 50)
        let helped = try NormalizeStage(config: config, jobs: 1, phoneWorkers: quitting).run(input)
        #expect(here.payload.map(\.values) == helped.payload.map(\.values))
        #expect(here.payload.map(\.flags) == helped.payload.map(\.flags))
    }
}
