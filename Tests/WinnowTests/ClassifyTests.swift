import Foundation
import Testing
@testable import Winnow

/// The ICP language, fit scores, several ICPs, suppression, leads and explanations.
@Suite struct ClassifyTests {
    static func config(_ yaml: String) throws -> WinnowConfig { try ConfigLoader.parse(yaml: yaml) }

    /// Classifies one contact given as field -> value.
    /// Classifies one contact given as field -> value; the contact comes back too, for its verdicts.
    static func classified(_ values: [String: String], _ config: WinnowConfig, lead: Bool = false) throws -> (Classification, Contact) {
        let schema = config.schema
        var row = [String](repeating: "", count: schema.count)
        for (field, value) in values { row[try #require(schema.index(of: field))] = value }
        let contact = Contact(id: "w1", lead: lead, sources: [SourceRef(file: 0, row: 1)], values: row)
        let batch = Batch(inputs: [InputFile(path: "in.csv", kind: .purchased)], schema: schema, rejected: [],
                          payload: ContactSet(contacts: [contact], duplicates: []))
        let output = try ClassifyStage(config: config).run(batch).payload
        return (output.classifications[0], output.contacts[0])
    }

    static func classify(_ values: [String: String], _ config: WinnowConfig, lead: Bool = false) throws -> Classification {
        try classified(values, config, lead: lead).0
    }

    /// The verdicts of one contact given as field -> value, with its values and sources.
    static func verdicts(_ values: [String: String], _ config: WinnowConfig) throws -> [Verdict] {
        let (classification, contact) = try classified(values, config)
        return classification.verdicts(of: contact)
    }

    static func status(_ criterion: String, _ value: String?, field: String = "employees") throws -> Verdict.Status {
        let config = try Self.config("icp:\n  suspect:\n    - \(criterion)\n")
        return try classify(value.map { [field: $0] } ?? [:], config).outcome(at: 0).status
    }

    @Test(arguments: [
        ("{field: industry, in: [Manufacturing, retail]}", "industry", "manufacturing", Verdict.Status.met),
        ("{field: industry, in: [manufacturing]}", "industry", "Retail", .unmet),
        ("{field: industry, in: [manufacturing]}", "industry", nil, .unknown),
        ("{field: industry, in: [manufacturing]}", "industry", "Maschinenbau", .met),
        ("{field: industry, in: [\"31-33\"]}", "industry", "NAICS 333249", .met),
        ("{field: industry, in: [\"333\"]}", "industry", "333249", .met),
        ("{field: industry, in: [\"333\"]}", "industry", "Retail", .unmet),
        ("{field: industry, not_in: [retail]}", "industry", "Manufacturing", .met),
        ("{field: industry, not_in: [retail]}", "industry", " RETAIL ", .unmet),
        ("{field: industry, not_in: [retail]}", "industry", nil, .unknown),
        ("{field: country, equals: DE}", "country", "de", .met),
        ("{field: country, equals: DE}", "country", "AT", .unmet),
        ("{field: employees, min: 20}", "employees", "20", .met),
        ("{field: employees, min: 20}", "employees", "19", .unmet),
        ("{field: employees, min: 20}", "employees", "many", .unknown),
        ("{field: employees, max: 500}", "employees", "1,200", .unmet),
        ("{field: employees, max: 500}", "employees", "500", .met),
        ("{field: employees, between: [20, 500]}", "employees", "250", .met),
        ("{field: employees, between: [20, 500]}", "employees", "501", .unmet),
        ("{field: employees, between: [20, 500]}", "employees", nil, .unknown),
        ("{field: employees, min: 30}", "employees", "20-49", .unmet),
        ("{field: employees, min: 30, use: upper}", "employees", "20-49", .met),
        ("{field: employees, min: 30, use: midpoint}", "employees", "20-49", .met),
        ("{field: employees, min: 40, use: midpoint}", "employees", "20-49", .unmet),
        ("{field: employees, min: 30, use: upper}", "employees", "20+", .unknown),
        ("{field: employees, min: 20}", "employees", "50+", .met),
        ("{field: title, matches: \"(?i)^head of\"}", "title", "Head of IT", .met),
        ("{field: title, matches: \"(?i)^head of\"}", "title", "CTO", .unmet),
        ("{field: title, matches: \"(?i)^head of\"}", "title", nil, .unknown),
        ("{field: phone, present: true}", "phone", "+4930123456", .met),
        ("{field: phone, present: true}", "phone", nil, .unmet),
        ("{field: phone, absent: true}", "phone", nil, .met),
        ("{field: phone, absent: true}", "phone", "+4930123456", .unmet),
        ("{field: revenue, min: 5000000}", "revenue", "$6,000,000", .met),
        ("{field: revenue, min: 5000000}", "revenue", "$5,000,000", .unmet),
        ("{field: revenue, min: 5000000}", "revenue", "CHF 9000000", .unknown),
    ] as [(String, String, String?, Verdict.Status)])
    func everyOperator(criterion: String, field: String, value: String?, expected: Verdict.Status) throws {
        let yaml = "icp:\n  fx: {USD: 0.92}\n  suspect:\n    - \(criterion)\n"
        let result = try Self.classify(value.map { [field: $0] } ?? [:], try Self.config(yaml))
        #expect(result.outcome(at: 0).status == expected)
    }

    @Test func criteriaOnAnExtraColumnAndASICCode() throws {
        let config = try Self.config("icp:\n  suspect:\n    - {field: vendor_ref, matches: \"^EUV-\"}\n    - {field: industry, in: [\"SIC 3559\"]}\n")
        var schema = config.schema
        let mapping = HeaderMapping(header: ["Vendor Ref", "Industry"], overrides: config.columns, schema: &schema)
        #expect(schema.names[mapping.targets[0]] == "vendor_ref")
        let met = try Self.classify(["vendor_ref": "EUV-001026", "industry": "Maschinenbau"], config)
        #expect(met.outcomes.map(\.status) == [.met, .met])
        let unmet = try Self.classify(["vendor_ref": "US-1", "industry": "Retail"], config)
        #expect(unmet.outcomes.map(\.status) == [.unmet, .unmet])
    }

    /// Suspect criteria: a named any_of group and an unnamed all_of group.
    static let groups = """
        icp:
          suspect:
            - any_of:
                - {field: industry, in: [manufacturing]}
                - {field: employees, min: 100}
              name: big_or_maker
            - all_of:
                - {field: country, in: [de]}
                - {field: revenue, min: 1000000}

        """

    @Test func groupsCombineMemberVerdicts() throws {
        let config = try Self.config(Self.groups)
        let anyOf = { (values: [String: String]) in try Self.classify(values, config).outcome(at: 0).status }
        let allOf = { (values: [String: String]) in try Self.classify(values, config).outcome(at: 1).status }
        #expect(try anyOf(["industry": "manufacturing"]) == .met)
        #expect(try anyOf(["industry": "retail"]) == .unknown)          // employees unknown could still meet it
        #expect(try anyOf(["industry": "retail", "employees": "10"]) == .unmet)
        #expect(try allOf(["country": "DE", "revenue": "2000000"]) == .met)
        #expect(try allOf(["country": "DE"]) == .unknown)
        #expect(try allOf(["country": "FR"]) == .unmet)
        let verdict = try Self.verdicts(["industry": "retail", "employees": "500"], config)[0]
        #expect(verdict.field == "big_or_maker")
        #expect(verdict.members.map(\.status) == [.unmet, .met])
        #expect(verdict.value == "industry=retail; employees=500")
    }

    /// A classification keeps statuses only; its verdicts read values and sources from the contact, and read
    /// back from a work directory's artifact they are the same verdicts.
    @Test func compactVerdictsMatchTheirStoredForm() throws {
        let config = try Self.config(Self.groups + "  prospect:\n    - {field: country, in: [de]}\n")
        let schema = config.schema
        var values = [String](repeating: "", count: schema.count)
        values[try #require(schema.index(of: "industry"))] = "retail"
        values[try #require(schema.index(of: "employees"))] = "500"
        values[try #require(schema.index(of: "country"))] = "FR"
        // Employees came from the merged record (row 7), the rest from the survivor (row 2).
        let contact = Contact(id: "w1", lead: false, sources: [SourceRef(file: 0, row: 2), SourceRef(file: 1, row: 7)],
                              values: values, origins: [try #require(schema.index(of: "employees")): SourceRef(file: 1, row: 7)])
        let evaluator = CriterionEvaluator(icp: config.icps[0], schema: schema, paths: ["a.csv", "b.csv"])
        let classification = evaluator.classify(contact)
        let verdicts = classification.verdicts(of: contact)
        #expect(verdicts.map(\.status) == [.met, .unmet, .unmet])
        #expect(verdicts[0].members == [
            Verdict(field: "industry", criterion: "industry in [manufacturing]", status: .unmet, value: "retail", source: "a.csv:2"),
            Verdict(field: "employees", criterion: "employees >= 100", status: .met, value: "500", source: "b.csv:7"),
        ])
        #expect(verdicts[1].value == "country=FR" && verdicts[1].source == "")
        #expect(verdicts[1].members == [
            Verdict(field: "country", criterion: "country in [de]", status: .unmet, value: "FR", source: "a.csv:2"),
            Verdict(field: "revenue", criterion: "revenue >= 1000000", status: .unknown, value: ""),
        ])
        #expect(classification.reasons == "big_or_maker=met; all_of=unmet; country=unmet")
        let stored = try ClassificationCodec.decode(ClassificationCodec.encode(classification, of: contact))
        #expect(stored == classification)
        #expect(stored.verdicts(of: contact) == verdicts)
    }

    /// Up to 32 statuses fit in one word; more take an array, and each keeps its own status.
    @Test func moreThanThirtyTwoCriteriaKeepEveryStatus() {
        let schema = FieldSchema(icpFields: [])
        let bounds = (0..<40).map { Double($0 % 3 == 0 ? 10 : 1000) }
        let icp = ICP(name: "many", suspect: bounds.map { Criterion(field: "employees", tests: [.min($0)]) }, prospect: [])
        var values = [String](repeating: "", count: schema.count)
        values[schema.index(of: .employees)] = "100"
        let result = CriterionEvaluator(icp: icp, schema: schema).classify(Contact(id: "w1", lead: false, sources: [], values: values))
        #expect(result.outcomes.map(\.status) == bounds.map { $0 <= 100 ? .met : .unmet })
        #expect(result.fitScore == Int((100.0 * 14 / 40).rounded()))
    }

    @Test func fitScoreWeighsMetCriteriaAndNeverMovesSegments() throws {
        let config = try Self.config("""
        icp:
          suspect:
            - {field: industry, in: [manufacturing], weight: 3}
            - {field: employees, min: 20}
          prospect:
            - {field: country, in: [de], weight: 0}
        """)
        let strong = try Self.classify(["industry": "manufacturing"], config)
        #expect(strong.fitScore == 75)
        #expect(strong.segment == .name)   // 75 points, still a name: one suspect criterion is unknown
        #expect(strong.qualification == .unqualified)
        let weak = try Self.classify(["industry": "retail", "employees": "50", "country": "DE"], config)
        #expect(weak.fitScore == 25)
        #expect(weak.qualification == .outOfProfile)
        let suspect = try Self.classify(["industry": "manufacturing", "employees": "50", "country": "FR"], config)
        #expect(suspect.segment == .suspect)
        #expect(suspect.fitScore == 100)
        #expect(suspect.qualification == nil)
        #expect(suspect.soleBlocker?.field == "country")
        #expect(suspect.soleBlocker?.status == .unmet)
    }

    @Test func severalICPsKeepTheBestResult() throws {
        let config = try Self.config("""
        icps:
          - name: Makers
            suspect: [{field: industry, in: [manufacturing]}]
            prospect: [{field: employees, min: 100}]
          - name: Movers
            suspect: [{field: industry, in: [logistics]}]
            prospect: [{field: employees, min: 10}]
        """)
        #expect(try Self.classify(["industry": "logistics", "employees": "20"], config).icp == "Movers")
        #expect(try Self.classify(["industry": "logistics", "employees": "20"], config).segment == .prospect)
        #expect(try Self.classify(["industry": "manufacturing", "employees": "20"], config).icp == "Makers")
        #expect(try Self.classify(["industry": "manufacturing", "employees": "20"], config).segment == .suspect)
        // A tie goes to the ICP named first.
        #expect(try Self.classify(["industry": "retail"], config).icp == "Makers")
    }

    @Test func suppressionMatchesNormalizedEmailsDomainsAndCompanies() throws {
        let directory = try EndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "Email\nBOSS@BigCustomer.example \n".write(to: directory.appendingPathComponent("dnc.csv"), atomically: true, encoding: .utf8)
        try "rival.example\nExisting Customer GmbH\nsomeone@else.example\n".write(
            to: directory.appendingPathComponent("plain.txt"), atomically: true, encoding: .utf8)
        let configPath = directory.appendingPathComponent("icp.yaml")
        try """
        icp:
          suspect: [{field: industry, in: [manufacturing]}]
        suppress:
          - file: dnc.csv
          - file: plain.txt
            name: customers and rivals
          - domains: [competitor.example]
        """.write(to: configPath, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(path: configPath.path)
        #expect(try Self.classify(["email": "boss@bigcustomer.example"], config).suppressedBy == "dnc.csv: email boss@bigcustomer.example")
        #expect(try Self.classify(["email": "a@sales.competitor.example"], config).suppressedBy == "inline domains: domain competitor.example")
        #expect(try Self.classify(["domain": "rival.example"], config).suppressedBy == "customers and rivals: domain rival.example")
        #expect(try Self.classify(["company": "EXISTING CUSTOMER GMBH"], config).suppressedBy == "customers and rivals: company EXISTING CUSTOMER GMBH")
        #expect(try Self.classify(["email": "someone@else.example"], config).suppressedBy != nil)
        #expect(try Self.classify(["email": "a@notcompetitor.example"], config).suppressedBy == nil)
    }

    @Test func configErrorsOfTheICPLanguage() throws {
        let cases: [(String, String)] = [
            ("icp:\n  suspect:\n    - {field: employees, between: [500, 20]}\n", "can never be met"),
            ("icp:\n  suspect:\n    - {field: employees, between: [5]}\n", "takes two numbers"),
            ("icp:\n  suspect:\n    - {field: title, matches: \"([a-\"}\n", "not a valid regular expression"),
            ("icp:\n  suspect:\n    - {field: industry, in: [retail], not_in: [retail]}\n", "can never be met"),
            ("icp:\n  suspect:\n    - {field: revenu, min: 5}\n", "did you mean `revenue`"),
            ("icp:\n  suspect:\n    - {field: revenue, min: 5, use: top}\n", "lower, upper or midpoint"),
            ("icp:\n  suspect:\n    - {field: revenue, min: 5, weight: -1}\n", "zero or more"),
            ("icp:\n  suspect:\n    - {any_of: [{field: a, present: true}], field: b}\n", "takes only"),
            ("icp:\n  suspect: [{field: a, present: true}]\nicps: []\n", "not both"),
            ("icps:\n  - {name: A, currency: EUR, suspect: [{field: a, present: true}]}\n  - {name: B, currency: USD, suspect: [{field: a, present: true}]}\n", "share one currency"),
            ("icps:\n  - {name: A, suspect: [{field: a, present: true}]}\n  - {name: A, suspect: [{field: a, present: true}]}\n", "two ICPs are named"),
            ("icp:\n  suspect: [{field: a, present: true}]\nsuppress:\n  - file: /nonexistent/dnc.csv\n", "cannot be read"),
            ("icp:\n  suspect: [{field: a, present: true}]\nsuppress:\n  - {emails: [a@b.de], domains: [b.de]}\n", "exactly one of"),
        ]
        for (yaml, expected) in cases {
            let error = #expect(throws: ConfigError.self) { try Self.config(yaml) }
            #expect(error?.message.contains(expected) == true, "\(yaml): \(String(describing: error))")
            #expect(error?.line != nil)
        }
    }

    @Test func consentColumnAndValuesAreConfigurable() throws {
        let config = try Self.config("""
        icp:
          suspect: [{field: industry, in: [manufacturing]}]
        consent:
          column: "Newsletter OK?"
          values: [ja bitte, sure]
        """)
        var schema = config.schema
        let mapping = HeaderMapping(header: ["Email", "Newsletter OK?"], overrides: config.columns, schema: &schema)
        #expect(schema.names[mapping.targets[1]] == "consent")
        let batch = StageTests.batch([
            ["_file": "0", "email": "a@x.de", "consent": "Ja bitte"],
            ["_file": "0", "email": "b@x.de", "consent": "yes"],
            ["_file": "1", "email": "c@x.de", "consent": "sure"],
        ], kinds: [.form, .purchased])
        let contacts = try DedupeStage(config: config).run(batch).payload.contacts
        #expect(contacts.map(\.lead) == [true, false, false])   // "yes" is not in this config's values; purchased never leads
    }

    @Test func explanationOfASampleContactMatchesTheGoldenFile() throws {
        let result = try EndToEndTests.winnow(["explain", "--config", "SampleData/icp-multi.yaml",
                                               "--purchased", "SampleData/purchased-eu-vendor.csv",
                                               "--purchased", "SampleData/purchased-us-list.csv",
                                               "--form", "SampleData/form-newsletter.csv",
                                               "g.moreau@mercier-usinage.fr"])
        #expect(result.status == 0, "\(result.stderr)")
        let golden = EndToEndTests.root.appendingPathComponent("Tests/WinnowTests/Golden/explain-moreau.txt")
        if ProcessInfo.processInfo.environment["WINNOW_UPDATE_GOLDEN"] == "1" {
            try result.stdout.write(to: golden, atomically: true, encoding: .utf8)
        }
        #expect(result.stdout == (try String(contentsOf: golden, encoding: .utf8)))
        #expect(result.stdout.contains("SUPPRESSED by do-not-contact.csv: email g.moreau@mercier-usinage.fr"))
        #expect(result.stdout.contains("merged by rule same_email"))
        let missing = try EndToEndTests.winnow(["explain", "--config", "SampleData/icp.yaml", "--purchased",
                                                "SampleData/purchased-eu-vendor.csv", "nobody@nowhere.example"])
        #expect(missing.status == 64)
    }

    @Test func suppressedContactsLeaveSegmentsAndLeadsButStayAccountedFor() throws {
        let directory = try EndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out")
        let result = try EndToEndTests.winnow(["run", "--config", "SampleData/icp-multi.yaml", "--out", out.path, "--quiet"]
                                              + EndToEndTests.inputFlags)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let suppressed = summary["suppressed"] as! Int
        #expect(suppressed > 0)
        let segments = ["names", "suspects", "prospects"].map { summary[$0] as! Int }.reduce(0, +)
        #expect(segments + suppressed == summary["contacts"] as! Int)
        let suppressedRows = try EndToEndTests.rows(out.appendingPathComponent("suppressed.csv"))
        #expect(suppressedRows.count - 1 == suppressed)
        let column = try #require(suppressedRows[0].firstIndex(of: "suppressed_by"))
        let emailColumn = try #require(suppressedRows[0].firstIndex(of: "email"))
        let suppressedEmails = Set(suppressedRows.dropFirst().map { $0[emailColumn] })
        #expect(suppressedRows.dropFirst().allSatisfy { !$0[column].isEmpty })
        for file in ["names.csv", "suspects.csv", "prospects.csv", "leads.csv"] {
            let rows = try EndToEndTests.rows(out.appendingPathComponent(file))
            let emails = rows.dropFirst().map { $0[try! #require(rows[0].firstIndex(of: "email"))] }
            #expect(suppressedEmails.isDisjoint(with: emails.filter { !$0.isEmpty }), "\(file) holds a suppressed contact")
        }
        // Fit scores rank within a segment file, highest first.
        let prospects = try EndToEndTests.rows(out.appendingPathComponent("prospects.csv"))
        let scores = prospects.dropFirst().map { Int($0[5])! }
        #expect(scores == scores.sorted(by: >))
        let moveUp = summary["move_up"] as! [String: Any]
        #expect(moveUp["name_to_suspect"] != nil)
    }
}

/// `winnow diff` between two runs of the same lists under two ICPs.
@Suite struct OutputDiffTests {
    @Test func countsMovesAndTheCriteriaBehindThem() throws {
        let directory = try EndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let a = directory.appendingPathComponent("a").path, b = directory.appendingPathComponent("b").path
        for (config, out) in [("SampleData/icp.yaml", a), ("SampleData/icp-multi.yaml", b)] {
            #expect(try EndToEndTests.winnow(["run", "--config", config, "--out", out, "--quiet", "--purchased", EndToEndTests.purchased[0]]).status == 0)
        }
        let diff = OutputDiff(before: try OutputDiff.load(a), after: try OutputDiff.load(b))
        let moved = diff.moves.values.reduce(0, +)
        #expect(diff.unchanged + moved == 205)            // the EU file's contacts, each once
        #expect(diff.moves["name -> suppressed"] == 4)    // do-not-contact.csv of icp-multi.yaml
        #expect((diff.criteriaChanges["replaceable_software: - -> met"] ?? 0) > 0)
        let same = OutputDiff(before: try OutputDiff.load(a), after: try OutputDiff.load(a))
        #expect(same.moves.isEmpty && same.unchanged == 205)
        let result = try EndToEndTests.winnow(["diff", a, b])
        #expect(result.status == 0)
        #expect(result.stdout.contains("moved suspect -> prospect"))
        #expect(try EndToEndTests.winnow(["diff", a, directory.path]).status == 66)
    }
}
