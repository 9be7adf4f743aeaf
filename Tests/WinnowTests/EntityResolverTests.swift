import Testing
@testable import Winnow

@Suite struct EntityResolverTests {
    // MARK: primitives

    @Test func jaroWinklerReferenceValues() {
        #expect(abs(JaroWinkler.similarity("martha", "marhta") - 0.9611) < 0.001)
        #expect(abs(JaroWinkler.similarity("dwayne", "duane") - 0.84) < 0.001)
        #expect(abs(JaroWinkler.similarity("dixon", "dicksonx") - 0.8133) < 0.001)
        #expect(JaroWinkler.similarity("abc", "abc") == 1)
        #expect(JaroWinkler.similarity("", "abc") == 0)
        #expect(JaroWinkler.similarity("abc", "xyz") == 0)
    }

    @Test(arguments: [
        // Addresses arrive lowercased from normalize.
        ("bob.smith+news@googlemail.com", "bobsmith@gmail.com", "gmail.com", "bobsmith"),
        ("b.o.b@gmail.com", "bob@gmail.com", "gmail.com", "bob"),
        ("anna.schmidt+crm@acme-systems.example", "anna.schmidt@acme-systems.example", "acme-systems.example", "anna.schmidt"),
        ("+tag@acme.de", "+tag@acme.de", "acme.de", "+tag"),
        ("a.very.long.local.part.beyond.fifteen@a-rather-long-company-domain.example",
         "a.very.long.local.part.beyond.fifteen@a-rather-long-company-domain.example", "a-rather-long-company-domain.example",
         "a.very.long.local.part.beyond.fifteen"),
        ("jürgen@müller.de", "jürgen@müller.de", "müller.de", "jürgen"),
        ("no-at-sign", "no-at-sign", "", "no-at-sign"),
        ("info+jobs@acme.de", "info@acme.de", "acme.de", "info"),
        ("sekretariat@firma.de", "sekretariat@firma.de", "firma.de", "sekretariat"),
        ("info.de@x.example", "info.de@x.example", "x.example", "info.de"),
        ("informationstechnik@firma.de", "informationstechnik@firma.de", "firma.de", "informationstechnik"),
        ("a@b@c.de", "a@b@c.de", "c.de", "a@b"),
    ])
    func emailMatchKeys(email: String, key: String, domain: String, local: String) {
        let result = ResolverContext.emailKey(email)
        #expect(result.key == key)
        #expect(String(decoding: result.key.utf8.dropFirst(result.domainStart), as: UTF8.self) == domain)
        #expect(String(decoding: result.key.utf8.prefix(result.localEnd), as: UTF8.self) == local)
        #expect(ResolverContext.isRoleLocal(result.key, localEnd: result.localEnd) == ResolverContext.roleLocals.contains(local))
    }

    @Test func foldingDiacriticsAndTransliterations() {
        func k(_ s: String) -> String { String(decoding: NameFold.key(s), as: UTF8.self) }
        #expect(k("Müller") == k("Mueller"))
        #expect(k("Müller") == k("Muller"))
        #expect(k("MÜLLER") == "muller")
        #expect(k("Ó Briain") == k("O Briain"))
        #expect(k("O'Brien") == "obrien")
        #expect(k("Weiß") == k("Weiss"))
        #expect(k("Jörg") == k("Joerg"))
        #expect(k("Łukasz") == "lukasz")
        #expect(k("Dvořák") == "dvorak")
        #expect(k("Ștefan") == "stefan")
        #expect(k("Mu\u{0308}ller") == "muller")       // NFD input
        #expect(NameFold.tokens("Jean-Pierre  de la Tour").map { String(decoding: $0, as: UTF8.self) } == ["jean", "pierre", "de", "la", "tour"])
    }

    @Test func koelnerPhonetik() {
        #expect(KoelnerPhonetik.code("Müller-Lüdenscheidt") == "65752682")
        #expect(KoelnerPhonetik.code("Wikipedia") == "3412")
        #expect(KoelnerPhonetik.code("Meyer") == KoelnerPhonetik.code("Maier"))
        #expect(KoelnerPhonetik.code("Schmidt") == KoelnerPhonetik.code("Schmitt"))
        #expect(KoelnerPhonetik.code("Müller") == KoelnerPhonetik.code("Mueller"))
        #expect(KoelnerPhonetik.code("Carl") == KoelnerPhonetik.code("Karl"))
    }

    @Test func nicknames() {
        let t = NicknameTable.shared
        for (a, b) in [("Robert", "Bob"), ("Bobby", "Rob"), ("William", "Bill"), ("Katherine", "Kate"), ("Katie", "Kathy"),
                       ("Giuseppe", "Beppe"), ("Giuseppe", "Peppe"), ("Johannes", "Hans"), ("Johann", "Hans"),
                       ("Elisabeth", "Lisa"), ("Elisabeth", "Liesel"), ("Elisabeth", "Betty"), ("Francesco", "Franco"),
                       ("Francesco", "Cesco"), ("Alexander", "Sascha"), ("Alexander", "Alex"), ("José", "Pepe"),
                       ("Katarzyna", "Kasia"), ("Cornelis", "Kees"), ("François", "Francois")] {
            #expect(t.areEquivalent(a, b), "\(a) ~ \(b)")
        }
        #expect(!t.areEquivalent("Robert", "William"))   // both have "Bill" in the English list; no transitive closure
        #expect(!t.areEquivalent("Anna", "Peter"))
    }

    @Test func nameSimilarity() {
        let s = EntityResolver.nameSimilarity
        #expect(s("Robert", "Müller", "Bob", "Mueller") >= 0.95)                 // nickname + transliteration
        #expect(s("Robert", "Müller", "Müller", "Robert") >= 0.92)               // transposed
        #expect(s("Robert", "Müller", "R.", "Müller") >= 0.92)                   // initial
        #expect(s("Robert", "Müller", "P.", "Müller") < 0.92)                    // other initial
        #expect(s("Anna", "Schmidt", "Peter", "Schmidt") < 0.85)                 // family member
        #expect(s("Marek", "Nowak", "Marta", "Nowak") < 0.92)                    // first-name floor
        #expect(s("Agnieszka", "Grabowski", "Anieszka", "Grabowski") >= 0.92)    // typo
        #expect(s("Thomas", "Müller", "Thomas", "Schubert") < 0.85)              // last-name floor
        #expect(s("", "Müller", "Robert", "Müller") < 0.92)                      // a family name alone is not enough
    }

    // MARK: rules

    let acme = (domain: "acme.de", company: "acme", country: "DE")

    func rec(_ i: Int, _ f: String, _ l: String, email: String = "", free: Bool = false, phone: String = "",
             domain: String = "", company: String = "", country: String = "") -> MatchRecord {
        MatchRecord(index: i, firstName: f, lastName: l, email: email, emailIsFreeMail: free, phone: phone,
                    domain: domain, companyKey: company, country: country)
    }

    @Test func ruleSameEmail() {
        let d = EntityResolver.decide(rec(0, "Robert", "Müller", email: "r.mueller@acme.de"), rec(1, "Bob", "Mueller", email: "r.mueller@acme.de"))
        #expect(d == MatchDecision(rule: "same_email", score: 1.0))
        let tagged = EntityResolver.decide(rec(0, "Robert", "Müller", email: "r.mueller+news@gmail.com", free: true),
                                           rec(1, "", "", email: "r.mueller@gmail.com", free: true))
        #expect(tagged?.rule == "same_email")
        #expect(tagged?.score == 0.99)
        // A role mailbox with different people behind it is not a match.
        #expect(EntityResolver.decide(rec(0, "Anna", "Schmidt", email: "info@acme.de"), rec(1, "Peter", "Weber", email: "info@acme.de")) == nil)
        var off = MatchRules.default
        off.sameEmail = false
        #expect(EntityResolver.decide(rec(0, "Anna", "Schmidt", email: "a@x.de"), rec(1, "Peter", "Weber", email: "a@x.de"), rules: off) == nil)
    }

    @Test func rulePhoneDomainCompany() {
        let phone = EntityResolver.decide(rec(0, "Robert", "Müller", phone: "+49301234567"), rec(1, "Bob", "Mueller", phone: "+49301234567"))
        #expect(phone?.rule == "phone+name")
        let domain = EntityResolver.decide(rec(0, "Robert", "Müller", domain: "acme.de"), rec(1, "R.", "Müller", domain: "acme.de"))
        #expect(domain?.rule == "domain+name")
        let company = EntityResolver.decide(rec(0, "Robert", "Müller", company: "acme", country: "DE"),
                                            rec(1, "Bob", "Mueller", company: "acme", country: ""))
        #expect(company?.rule == "company+name")
        // Company key spelled as the other's domain.
        #expect(EntityResolver.decide(rec(0, "Robert", "Müller", domain: "acme-systems.de"),
                                      rec(1, "Robert", "Müller", company: "acme systems"))?.rule == "company+name")
        // Different countries, or different domains: not the same company.
        #expect(EntityResolver.decide(rec(0, "Robert", "Müller", company: "acme", country: "DE"), rec(1, "Robert", "Müller", company: "acme", country: "FR")) == nil)
        #expect(EntityResolver.decide(rec(0, "Robert", "Müller", domain: "acme.de", company: "acme"), rec(1, "Robert", "Müller", domain: "acme.com", company: "acme")) == nil)
        // Common name at different companies.
        #expect(EntityResolver.decide(rec(0, "Thomas", "Müller", domain: "a.de", company: "a"), rec(1, "Thomas", "Müller", domain: "b.de", company: "b")) == nil)
        // Family sharing a phone.
        #expect(EntityResolver.decide(rec(0, "Anna", "Schmidt", phone: "+49301111111"), rec(1, "Peter", "Schmidt", phone: "+49301111111")) == nil)
        // Name rule below threshold.
        var strict = MatchRules.default
        strict.nameThreshold = 0.999
        #expect(EntityResolver.decide(rec(0, "Robert", "Müller", domain: "acme.de"), rec(1, "R.", "Müller", domain: "acme.de"), rules: strict) == nil)
    }

    @Test func strongIdentifierVeto() {
        // Namesakes at one company: two different work emails at the same domain.
        #expect(EntityResolver.decide(rec(0, "Anna", "Schmidt", email: "anna.schmidt@acme.de", domain: "acme.de"),
                                      rec(1, "Anna", "Schmidt", email: "a.schmidt@acme.de", domain: "acme.de")) == nil)
        // Different emails and different first names (same domain).
        #expect(EntityResolver.decide(rec(0, "Robert", "Müller", email: "rob@gmail.com", free: true, domain: "acme.de"),
                                      rec(1, "Rita", "Müller", email: "rita@acme.de", domain: "acme.de")) == nil)
        // Personal vs work email of one person: no veto.
        #expect(EntityResolver.decide(rec(0, "Robert", "Müller", email: "bob.m@gmail.com", free: true, domain: "acme.de"),
                                      rec(1, "Bob", "Müller", email: "r.mueller@acme.de", domain: "acme.de"))?.rule == "domain+name")
        // Two different personal phones count against name-only evidence.
        #expect(EntityResolver.decide(rec(0, "Anna", "Schmidt", phone: "+491701111111", domain: "acme.de"),
                                      rec(1, "Anna", "Schmidt", phone: "+491702222222", domain: "acme.de")) == nil)
    }

    @Test(arguments: [
        ("anna@acme.de", "bob@acme.de", true),
        ("anna+crm@acme.de", "bob@acme.de", true),
        ("x.y@googlemail.com", "z@gmail.com", true),
        ("ab@c.de", "b@c.de", true),
        ("a@bc.de", "ab@c.de", false),          // same tail bytes, different domains
        ("a@acme.de", "a@acme.dee", false),
        ("a@sales.acme.de", "b@acme.de", false),
        ("a@müller.de", "b@müller.de", true),
        ("no-at-sign", "other", true),          // neither has a domain
        ("no-at-sign", "a@acme.de", false),
    ])
    func emailDomainsCompareAsTheKeysDomains(a: String, b: String, same: Bool) {
        // The conflict rule compares the mailbox keys' domains in place; this is the comparison of the domains
        // `emailKey` returns.
        let ctx = ResolverContext(records: [rec(0, "A", "B", email: a), rec(1, "C", "D", email: b)], rules: .default)
        #expect(ctx.features[0].sameEmailDomain(as: ctx.features[1]) == same)
        func domain(_ email: String) -> Substring { let k = ResolverContext.emailKey(email); return Substring(k.key.utf8.dropFirst(k.domainStart)) }
        #expect((domain(a) == domain(b)) == same)
    }

    @Test func switchboardPhoneIsNotEvidence() {
        // Two different work emails on one phone: a switchboard. Namesake colleagues on it stay apart,
        // and a third record with only that phone is not linked by it.
        let records = [
            rec(0, "Anna", "Schmidt", email: "anna.schmidt@acme.de", phone: "+49301000000"),
            rec(1, "Anna", "Schmidt", email: "a.schmidt@acme.de", phone: "+49301000000"),
            rec(2, "Anna", "Schmidt", phone: "+49301000000"),
        ]
        let r = EntityResolver.resolve(records)
        #expect(r.clusters == [[0], [1], [2]])
        // One person's line used with an initial is not a shared line: different personal phones still veto.
        let v = EntityResolver.resolve([
            rec(0, "Vincenzo", "Galli", email: "v.galli@mesen.it", phone: "+391621417419", domain: "mesen.it"),
            rec(1, "V.", "Galli", phone: "+391621417419"),
            rec(2, "Vincenzo", "Galli", phone: "+391724580332", domain: "mesen.it"),
        ])
        #expect(v.clusters == [[0, 1], [2]])
    }

    @Test func personalEmailWithOwnPhoneNeedsThatPhone() {
        // Free-mail record with its own phone vs a work record without it: a namesake is as likely.
        #expect(EntityResolver.decide(rec(0, "Pilar", "Navarro", email: "pilar.navarro61@gmail.com", free: true,
                                          phone: "+341616564619", domain: "sysver.es"),
                                      rec(1, "Pilar", "Navarro", email: "p.navarro@sysver.es", domain: "sysver.es")) == nil)
        // Same phone: linked.
        #expect(EntityResolver.decide(rec(0, "Pilar", "Navarro", email: "pilar.navarro61@gmail.com", free: true,
                                          phone: "+341616564619", domain: "sysver.es"),
                                      rec(1, "Pilar", "Navarro", email: "p.navarro@sysver.es", phone: "+341616564619"))?.rule == "phone+name")
        // Strict mode: any two different emails need the same phone and a near-identical name.
        var strict = MatchRules.default
        strict.differentEmailsNeedSamePhone = true
        #expect(EntityResolver.decide(rec(0, "Robert", "Müller", email: "bob.m@gmail.com", free: true, domain: "acme.de"),
                                      rec(1, "Robert", "Müller", email: "r.mueller@acme.de", domain: "acme.de"), rules: strict) == nil)
    }

    @Test func noBridgeBetweenNamesakesThroughABareRecord() {
        // Hard negative: two namesakes at one company, each with their own personal phone; a bare record
        // (name + domain only) matches both. Cluster-wide vetoes keep the two people apart.
        let records = [
            rec(0, "Alessandro", "Conti", email: "alessandroconti@faon.it", phone: "+391578142729", domain: "faon.it"),
            rec(1, "Alessandro", "Conti", email: "alessandroconti@faon.it", domain: "faon.it"),
            rec(2, "Alessandro", "Conti", phone: "+391586742238", domain: "faon.it"),
            rec(3, "Alessandro", "Conti", domain: "faon.it", company: "faon"),
        ]
        let r = EntityResolver.resolve(records)
        #expect(!r.clusters.contains { $0.contains(0) && $0.contains(2) })
        #expect(r.clusters.reduce(0) { $0 + $1.count } == 4)
    }

    // MARK: resolution

    @Test func resolvesTheIssueExample() {
        let records = [
            rec(0, "Robert", "Müller", email: "r.mueller@acme.de", phone: "+49301234567", domain: "acme.de", company: "acme", country: "DE"),
            rec(1, "Bob", "Mueller", phone: "+49301234567", company: "acme"),
            rec(2, "Thomas", "Müller", email: "t.mueller@other.de", domain: "other.de", company: "other", country: "DE"),
            rec(3, "Robert", "Muller", email: "r.mueller@acme.de", country: "DE"),
        ]
        let r = EntityResolver.resolve(records)
        #expect(r.clusters == [[0, 1, 3], [2]])
        #expect(r.decisions[3] == MergeLink(survivor: 0, linkedTo: 0, decision: MatchDecision(rule: "same_email", score: 1)))
        #expect(r.decisions[1]?.survivor == 0)
        #expect(r.decisions[1]?.decision.rule == "phone+name")
        #expect(r.decisions[0] == nil && r.decisions[2] == nil)
        #expect(r.candidatePairs >= 2)
    }

    @Test func antiChaining() {
        // A~B by phone (+ initial), B~C by name+domain (initial), but A and C have different valid
        // emails and different first names: they must not end up in one cluster.
        let records = [
            rec(0, "Robert", "Müller", email: "robert.mueller@gmail.com", free: true, phone: "+49301234567"),
            rec(1, "R.", "Müller", phone: "+49301234567", domain: "acme.de"),
            rec(2, "Rita", "Müller", email: "rita.mueller@acme.de", domain: "acme.de"),
        ]
        let r = EntityResolver.resolve(records)
        #expect(!r.clusters.contains { $0.contains(0) && $0.contains(2) })
        #expect(r.clusters.count >= 2)
        #expect(r.clusters.reduce(0) { $0 + $1.count } == 3)
    }

    @Test func chainThroughWeakLinkIsCutAtTheWeakestLink() {
        // Two people's own duplicates (strong same_email links) plus one weak cross link through an
        // ambiguous record; the clusters stay apart and the explanations name the strongest path.
        let records = [
            rec(0, "Anna", "Schmidt", email: "anna.schmidt@acme.de", domain: "acme.de"),
            rec(1, "Anna", "Schmidt", email: "anna.schmidt@acme.de", phone: "+49301000000"),
            rec(2, "Anna", "Schmidt", email: "a.schmidt@acme.de", domain: "acme.de"),
            rec(3, "A.", "Schmidt", email: "a.schmidt@acme.de"),
            rec(4, "Anna", "Schmidt", domain: "acme.de"),     // could be either: left alone
        ]
        let r = EntityResolver.resolve(records)
        #expect(r.clusters == [[0, 1], [2, 3], [4]])
        #expect(r.decisions[1]?.decision.rule == "same_email")
        #expect(r.decisions[3]?.survivor == 2)
    }

    @Test func transitiveMergeExplainsWeakestLinkOnPath() {
        let records = [
            rec(0, "Katherine", "Weber", email: "k.weber@acme.de", domain: "acme.de"),
            rec(1, "Kate", "Weber", email: "k.weber@acme.de", phone: "+49301234567"),
            rec(2, "Kathy", "Weber", phone: "+49301234567"),
        ]
        let r = EntityResolver.resolve(records)
        #expect(r.clusters == [[0, 1, 2]])
        #expect(r.decisions[2]?.survivor == 0)
        #expect(r.decisions[2]?.linkedTo == 1)
        #expect(r.decisions[2]?.decision.rule == "phone+name")
    }

    @Test func oversizedBlocksAreSkippedAndCounted() {
        var rules = MatchRules.default
        rules.maxBlockSize = 10
        let records = (0..<50).map { rec($0, "Person\($0)", "Name\($0 % 7 == 0 ? "x" : "y\($0)")", phone: "+49300000000") }
        let r = EntityResolver.resolve(records, rules: rules)
        #expect(r.skippedBlocks >= 1)
        #expect(r.candidatePairs < 50 * 49 / 2)
        #expect(r.clusters.count == 50 || r.clusters.reduce(0) { $0 + $1.count } == 50)
    }

    @Test func emptyInput() {
        let r = EntityResolver.resolve([])
        #expect(r.clusters.isEmpty && r.candidatePairs == 0)
    }
}
