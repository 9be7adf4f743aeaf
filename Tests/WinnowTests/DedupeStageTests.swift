import Testing
@testable import Winnow

/// The dedupe stage: fuzzy matching of the same person across lists, survivorship, conflicts, accounts.
@Suite struct DedupeStageTests {
    static let config = try! ConfigLoader.parse(yaml: """
    icp:
      suspect:
        - {field: industry, in: [manufacturing]}
        - {field: revenue, min: 5000000}
        - {field: employees, min: 20}
    normalize:
      default_region: DE
    """)

    static func run(_ rows: [[String: String]], kinds: [SourceKind]) throws -> Batch<ContactSet> {
        let batch = StageTests.batch(rows, kinds: kinds)
        let normalized = try NormalizeStage(config: config).run(Batch(inputs: batch.inputs, schema: config.schema, rejected: [],
                                                                      payload: batch.payload))
        return try DedupeStage(config: config).run(normalized)
    }

    @Test func samePersonAcrossListsWithNicknameUmlautAndPhoneFormat() throws {
        let result = try Self.run([
            ["_file": "0", "first_name": "Robert", "last_name": "Müller", "company": "ACME GmbH", "email": "r.mueller@acme.de",
             "phone": "+49 30 1234567", "title": "Einkauf"],
            ["_file": "1", "first_name": "Bob", "last_name": "Mueller", "company": "Acme", "phone": "030 1234567",
             "title": "Head of Purchasing", "consent": "yes"],
            ["_file": "0", "first_name": "Anna", "last_name": "Schmidt", "company": "Other AG", "email": "anna@other.de"],
        ], kinds: [.purchased, .form])
        let contacts = result.payload.contacts
        #expect(contacts.count == 2)
        let robert = try #require(contacts.first { $0.sources.count == 2 })
        #expect(robert.lead)   // merged with a consenting form record
        // Person fields from the form (fresher), firmographics from the purchased list.
        #expect(robert[result.schema.index(of: .title)] == "Head of Purchasing")
        #expect(robert[result.schema.index(of: .firstName)] == "Bob")
        #expect(robert[result.schema.index(of: .company)] == "Acme GmbH")   // from the purchased record, re-cased
        #expect(robert.conflicts.contains { result.schema.names[$0.field] == "title" && $0.other == "Einkauf" })
        let entry = try #require(result.payload.duplicates.first)
        #expect(entry.rule == MatchDecision.phoneName)
        #expect(entry.score > 0.8 && entry.score <= 1)
        #expect(result.counters["candidate_pairs"]! >= 1)
    }

    @Test func differentPeopleAtOneCompanyStayApartButShareTheAccount() throws {
        let result = try Self.run([
            ["_file": "0", "first_name": "Anna", "last_name": "Schmidt", "email": "anna.schmidt@acme.de", "company": "Acme GmbH",
             "revenue": "12,000,000", "industry": "Manufacturing"],
            ["_file": "0", "first_name": "Carl", "last_name": "Weber", "email": "carl.weber@acme.de", "company": "ACME GmbH",
             "employees": "250"],
        ], kinds: [.purchased])
        let contacts = result.payload.contacts
        #expect(contacts.count == 2)
        #expect(contacts[0].accountID == contacts[1].accountID)
        #expect(!contacts[0].accountID.isEmpty)
        // One colleague states revenue, the other employees: together the company is a suspect.
        let classified = try ClassifyStage(config: Self.config).run(result)
        #expect(classified.payload.classifications.map(\.segment) == [.suspect, .suspect])
        #expect(result.counters["accounts"] == 1)
    }

    @Test func colleaguesShareOneAccountProfileAndKeepTheirOwnValuesAsConflicts() throws {
        let result = try Self.run([
            ["_file": "0", "first_name": "Anna", "last_name": "Schmidt", "email": "anna.schmidt@acme.de", "company": "Acme GmbH",
             "domain": "acme.de", "revenue": "12,000,000", "industry": "Manufacturing"],
            ["_file": "0", "first_name": "Carl", "last_name": "Weber", "email": "carl.weber@acme.de", "company": "Acme GmbH",
             "domain": "acme.de", "revenue": "EUR 9,000,000", "employees": "250"],
            ["_file": "0", "first_name": "Eva", "last_name": "Roth", "email": "eva@solo.de", "company": "Solo AG"],
        ], kinds: [.purchased])
        let schema = result.schema
        let revenue = schema.index(of: .revenue), employees = schema.index(of: .employees)
        let contacts = result.payload.contacts
        let anna = try #require(contacts.first { $0[schema.index(of: .firstName)] == "Anna" })
        let carl = try #require(contacts.first { $0[schema.index(of: .firstName)] == "Carl" })
        let eva = try #require(contacts.first { $0[schema.index(of: .firstName)] == "Eva" })
        // One profile object for the company; a contact without colleagues has none.
        #expect(anna.account != nil && anna.account === carl.account)
        #expect(eva.account == nil)
        // The earlier row wins revenue for both; Carl's own revenue is his conflict, his employees the account's.
        #expect(anna[revenue] == "12000000" && carl[revenue] == "12000000")
        #expect(carl.ownValues[revenue] == "9000000")
        #expect(carl.conflicts.map { schema.names[$0.field] } == ["revenue"])
        #expect(carl.conflicts.first?.other == "9000000" && carl.conflicts.first?.otherSource == carl.sources[0])
        // That conflict is derived from the profile, not stored; `forEachConflict` walks the same list.
        #expect(carl.ownConflicts.isEmpty)
        var walked: [FieldConflict] = []
        carl.forEachConflict { walked.append($0) }
        #expect(walked == carl.conflicts)
        #expect(anna[employees] == "250" && anna.origin(of: employees) == carl.sources[0])
        #expect(carl.origin(of: revenue) == anna.sources[0] && carl.rawValue(of: revenue) == "12,000,000")
        #expect(anna.origin(of: revenue) == nil && anna.conflicts.isEmpty)
        // Which fields the account overrides follows edits of the own values and of the profile.
        var edited = carl
        edited.ownValues[revenue] = "12000000"
        #expect(edited.origin(of: revenue) == nil && edited.conflicts.isEmpty)
        var alone = anna
        alone.account = nil
        #expect(alone[employees] == "" && alone.origin(of: employees) == nil)
        // The whole-contact views agree with the field accessors.
        for contact in [anna, carl, eva] {
            #expect(contact.values.indices.allSatisfy { contact.values[$0] == contact[$0] })
            #expect(contact.values.indices.allSatisfy { contact.origins[$0] == contact.origin(of: $0) })
            #expect(contact.values.indices.allSatisfy { contact.raw[$0] == contact.rawValue(of: $0) })
        }
    }

    @Test func validValuesWinOverInvalidOnes() throws {
        let result = try Self.run([
            ["_file": "0", "email": "a@x.de", "phone": "12-34-56-78-90-12-34"],
            ["_file": "0", "email": "A@X.DE", "phone": "+49 30 1234567"],
        ], kinds: [.purchased])
        let contact = try #require(result.payload.contacts.first)
        #expect(result.payload.contacts.count == 1)
        #expect(contact[result.schema.index(of: .phone)] == "+49301234567")
        #expect(!contact.flags.contains(.phoneInvalid))
    }

    @Test func rulesCanBeSwitchedOffInTheConfig() throws {
        let config = try ConfigLoader.parse(yaml: """
        icp:
          suspect: [{field: industry, in: [manufacturing]}]
        dedupe:
          rules: {phone_and_name: false, domain_and_name: false, company_and_name: false}
          name_threshold: 0.95
        """)
        #expect(config.dedupe.samePhoneSimilarName == false)
        #expect(config.dedupe.sameEmail)
        #expect(config.dedupe.nameThreshold == 0.95)
        let batch = StageTests.batch([
            ["_file": "0", "first_name": "Robert", "last_name": "Müller", "phone": "+49 30 1234567", "company": "Acme"],
            ["_file": "0", "first_name": "Bob", "last_name": "Mueller", "phone": "030 1234567", "company": "Acme"],
        ], kinds: [.purchased])
        let normalized = try NormalizeStage(config: config).run(Batch(inputs: batch.inputs, schema: config.schema, rejected: [], payload: batch.payload))
        #expect(try DedupeStage(config: config).run(normalized).payload.contacts.count == 2)
        #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml: "icp:\n  suspect: [{field: a, present: true}]\ndedupe:\n  rules: {same_phone: true}\n") }
    }
}
