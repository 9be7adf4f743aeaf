import Testing
@testable import Winnow

@Suite struct CountryCodeTests {
    @Test(arguments: [
        // codes
        ("DE", "DE"), ("de", "DE"), ("CH", "CH"), ("deu", "DE"), ("DEU", "DE"), ("CHE", "CH"), ("usa", "US"), ("GBR", "GB"),
        // IOC codes are accepted (lowest priority): GER is IOC/FIFA, not ISO; BRN stays Brunei (ISO), not Bahrain (IOC).
        ("GER", "DE"), ("SUI", "CH"), ("NED", "NL"), ("BRN", "BN"),
        // English, German, French, Spanish, Italian, Dutch names (ICU)
        ("Germany", "DE"), ("Deutschland", "DE"), ("Allemagne", "DE"), ("Alemania", "DE"), ("Germania", "DE"), ("Duitsland", "DE"),
        ("Switzerland", "CH"), ("Schweiz", "CH"), ("Suisse", "CH"), ("Svizzera", "CH"), ("Suiza", "CH"),
        ("España", "ES"), ("Espana", "ES"), ("Spanien", "ES"), ("Spain", "ES"), ("Espagne", "ES"), ("Spagna", "ES"),
        ("Österreich", "AT"), ("Oesterreich", "AT"), ("Osterreich", "AT"), ("Autriche", "AT"), ("Austria", "AT"),
        ("Frankreich", "FR"), ("Francia", "FR"), ("France", "FR"),
        ("Côte d'Ivoire", "CI"), ("Côte d’Ivoire", "CI"), ("Cote d Ivoire", "CI"), ("COTE D'IVOIRE", "CI"), ("Ivory Coast", "CI"),
        ("Bosnia and Herzegovina", "BA"), ("Bosnia & Herzegovina", "BA"), ("Bosnien und Herzegowina", "BA"),
        // informal forms
        ("U.S.A.", "US"), ("USA", "US"), ("U.S.", "US"), ("America", "US"), ("United States of America", "US"), ("United States", "US"),
        ("Vereinigte Staaten", "US"), ("États-Unis", "US"), ("Etats Unis", "US"), ("Estados Unidos", "US"), ("Stati Uniti", "US"),
        ("UK", "GB"), ("U.K.", "GB"), ("Great Britain", "GB"), ("England", "GB"), ("Scotland", "GB"), ("Wales", "GB"),
        ("United Kingdom", "GB"), ("Vereinigtes Königreich", "GB"), ("Royaume-Uni", "GB"), ("Reino Unido", "GB"), ("Regno Unito", "GB"),
        ("the netherlands", "NL"), ("The Netherlands", "NL"), ("Netherlands", "NL"), ("Niederlande", "NL"), ("Holland", "NL"),
        ("Nederland", "NL"), ("Pays-Bas", "NL"), ("Países Bajos", "NL"), ("Paesi Bassi", "NL"),
        ("Czechia", "CZ"), ("Czech Republic", "CZ"), ("Tschechien", "CZ"), ("Tschechische Republik", "CZ"),
        ("Federal Republic of Germany", "DE"), ("Bundesrepublik Deutschland", "DE"), ("Türkei", "TR"), ("Turkey", "TR"),
        ("South Korea", "KR"), ("Republic of Korea", "KR"), ("Russian Federation", "RU"), ("Hong Kong", "HK"),
        ("  germany  ", "DE"), ("GERMANY", "DE"), ("Belgique", "BE"), ("België", "BE"), ("Polska", "PL"), ("Sverige", "SE"),
    ] as [(String, String?)])
    func forms(raw: String, code: String?) {
        #expect(CountryCode.normalize(raw) == code, "\(raw)")
        #expect(CountryCode.normalizeUncached(raw) == code, "\(raw)")
    }

    @Test(arguments: ["Atlantis", "", "   ", "-", "N/A", "NA", "n.a.", "unknown", "XX", "Europe", "EU", "Germanyy", "123"])
    func unknown(raw: String) {
        #expect(CountryCode.normalize(raw) == nil, "\(raw)")
    }

    @Test func idempotentAndCached() {
        for raw in ["Deutschland", "U.S.A.", "Schweiz", "UK"] {
            let code = CountryCode.normalize(raw)
            #expect(code != nil)
            #expect(CountryCode.normalize(code!) == code)
            #expect(CountryCode.normalize(raw) == code)   // second call from the cache
        }
        #expect(CountryCode.codes.contains("DE"))
        #expect(!CountryCode.codes.contains("EU"))
        #expect(CountryCode.codes.count >= 245)
    }
}
