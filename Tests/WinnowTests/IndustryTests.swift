import Testing
@testable import Winnow

@Suite struct IndustryTests {
    @Test(arguments: [
        // English free text and vendor labels
        ("Mfg", "31-33"), ("Manufacturing", "31-33"), ("MANUFACTURING", "31-33"), ("Industrial Machinery Manufacturing", "31-33"),
        ("Food & Beverages", "31-33"), ("Medical Device Manufacturing", "31-33"), ("Machinery", "31-33"), ("Automotive", "31-33"),
        ("Pharmaceuticals", "31-33"), ("Retail", "44-45"), ("Wholesale", "42"), ("Logistics and Supply Chain", "48-49"),
        ("Software", "51"), ("Computer Software", "51"), ("SaaS Software", "51"), ("Information Technology and Services", "54"),
        ("IT Services", "54"), ("Software Development", "54"), ("Management Consulting", "54"), ("Healthcare", "62"),
        ("Hospital & Health Care", "62"), ("Financial Services", "52"), ("Retail Banking", "52"), ("Insurance", "52"),
        ("Real Estate", "53"), ("Construction", "23"), ("Higher Education", "61"), ("Restaurants", "72"),
        ("Government Administration", "92"), ("Oil & Energy", "21"), ("Telecommunications", "51"), ("Staffing and Recruiting", "56"),
        ("Farming", "11"), ("Utilities", "22"), ("Nonprofit Organization Management", "81"),
        // German
        ("Maschinenbau", "31-33"), ("Sondermaschinenbau", "31-33"), ("Herstellung von Kunststoffwaren", "31-33"), ("Fertigung", "31-33"),
        ("Einzelhandel", "44-45"), ("Großhandel", "42"), ("Logistik", "48-49"), ("Gesundheitswesen", "62"), ("Krankenhaus", "62"),
        ("Versicherungen", "52"), ("Immobilien", "53"), ("Öffentliche Verwaltung", "92"), ("Automobilzulieferer", "31-33"),
        ("IT-Dienstleistungen", "54"), ("Bauunternehmen", "23"), ("Unternehmensberatung", "54"),
        // French, Spanish, Italian, Dutch
        ("Industrie manufacturière", "31-33"), ("Fabrication de machines", "31-33"), ("Commerce de détail", "44-45"),
        ("Santé", "62"), ("Logiciel", "51"), ("Fabricación", "31-33"), ("Industria manufacturera", "31-33"), ("Comercio minorista", "44-45"),
        ("Logística", "48-49"), ("Produzione", "31-33"), ("Commercio all'ingrosso", "42"), ("Sanità", "62"), ("Maakindustrie", "31-33"),
        ("Detailhandel", "44-45"), ("Gezondheidszorg", "62"), ("Vastgoed", "53"),
        // codes
        ("31", "31-33"), ("31-33", "31-33"), ("333", "31-33"), ("333249", "31-33"), ("NAICS 541511", "54"), ("NAICS: 5415", "54"),
        ("541511", "54"), ("3559", "31-33"), ("SIC 2834", "31-33"), ("SIC 7372", "51"), ("SIC 5411", "44-45"), ("5411", "54"),
        ("2834", "31-33"), ("35590000", "31-33"), ("NACE C28.4", "31-33"), ("C28", "31-33"), ("WZ 28.41", "31-33"), ("NACE 62.01", "54"),
        ("NACE G", "44-45"), ("44-45", "44-45"), ("722511", "72"),
    ])
    func sectors(raw: String, code: String) throws {
        let sector = try #require(Industry.sector(raw), "\(raw)")
        #expect(sector.code == code, "\(raw) -> \(sector)")
        #expect(Industry.sector(sector.name)?.code == code, "slug \(sector.name)")
        #expect(Industry.sector(sector.code)?.code == code, "code \(sector.code)")
    }

    @Test(arguments: ["", "  ", "n/a", "Various", "Other", "xyz", "99", "1", "C", "1234567", "SIC abc"])
    func unknown(raw: String) {
        #expect(Industry.sector(raw) == nil, "\(raw)")
    }

    @Test func schemes() {
        #expect(Industry.sector("5411", scheme: .sic)?.code == "44-45")
        #expect(Industry.sector("5411", scheme: .naics)?.code == "54")
        #expect(Industry.sector("3559", scheme: .naics) == nil)
        #expect(Industry.sector("28.41", scheme: .nace)?.code == "31-33")
        #expect(Industry.sector("C", scheme: .nace)?.code == "31-33")
        #expect(Industry.sector("Maschinenbau", scheme: .sic)?.code == "31-33")   // text is text whatever the column says
        #expect(Industry.naicsCode("Maschinenbau") == "333")
        #expect(Industry.naicsCode("NAICS 541511") == "541511")
        #expect(Industry.naicsCode("Retail") == "44-45")
    }

    @Test func matching() {
        #expect(Industry.matches(term: "manufacturing", value: "Maschinenbau"))
        #expect(Industry.matches(term: "Manufacturing", value: "333249"))
        #expect(Industry.matches(term: "31-33", value: "Industrie manufacturière"))
        #expect(Industry.matches(term: "31", value: "SIC 3559"))
        #expect(Industry.matches(term: "333", value: "333249"))
        #expect(Industry.matches(term: "333", value: "Maschinenbau"))
        #expect(!Industry.matches(term: "333", value: "Manufacturing"))      // not precise enough: unknown is not a match
        #expect(!Industry.matches(term: "334", value: "333249"))
        #expect(!Industry.matches(term: "manufacturing", value: "Retail"))
        #expect(!Industry.matches(term: "manufacturing", value: ""))
        #expect(Industry.matches(term: "Fertigung", value: "Mfg"))
        #expect(Industry.matches(term: "information", value: "Software"))
        #expect(!Industry.matches(term: "bogus", value: "Software"))
    }

    @Test func taxonomy() {
        #expect(Industry.sectors.count == 20)
        #expect(Set(Industry.sectors.map(\.name)).count == 20)
        #expect(Industry.synonyms.exact.count + Industry.synonyms.keywords.count >= 150)
    }
}
