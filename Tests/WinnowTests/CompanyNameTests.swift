import Testing
@testable import Winnow

@Suite struct CompanyNameTests {
    /// (raw, display, match key, legal form)
    static let cases: [(String, String, String, String?)] = [
        ("ACME MASCHINENBAU GMBH", "Acme Maschinenbau GmbH", "acme maschinenbau", "GmbH"),
        ("ACME Gmbh.", "Acme GmbH", "acme", "GmbH"),
        ("Acme GmbH", "Acme GmbH", "acme", "GmbH"),
        ("  Acme \t  G.m.b.H. ", "Acme GmbH", "acme", "GmbH"),
        ("Smith, Jones & Co., Inc.", "Smith, Jones & Co., Inc.", "smith jones", "Inc."),
        ("Smith Jones and Co", "Smith Jones and Co.", "smith jones", "Co."),
        ("SMITH, JONES & CO., INC.", "Smith, Jones & Co., Inc.", "smith jones", "Inc."),
        ("Acme GmbH & Co. KG", "Acme GmbH & Co. KG", "acme", "GmbH & Co. KG"),
        ("ACME GMBH + CO KG", "Acme GmbH & Co. KG", "acme", "GmbH & Co. KG"),
        ("WÜRTH ELEKTRONIK GMBH & CO. KG", "Würth Elektronik GmbH & Co. KG", "wuerth elektronik", "GmbH & Co. KG"),
        ("Fresenius SE & Co. KGaA", "Fresenius SE & Co. KGaA", "fresenius", "SE & Co. KGaA"),
        ("acme ug haftungsbeschraenkt", "Acme UG (haftungsbeschränkt)", "acme", "UG (haftungsbeschränkt)"),
        ("Acme Gesellschaft mit beschränkter Haftung", "Acme GmbH", "acme", "GmbH"),
        ("AG", "AG", "ag", nil),
        ("G.m.b.H.", "G.m.b.H.", "gmbh", nil),
        ("Sagittarius", "Sagittarius", "sagittarius", nil),
        ("Sagittarius SA", "Sagittarius SA", "sagittarius", "SA"),
        ("Fiat S. p. A.", "Fiat S.p.A.", "fiat", "S.p.A."),
        ("FIAT SPA", "Fiat S.p.A.", "fiat", "S.p.A."),
        ("fiat spa", "Fiat S.p.A.", "fiat", "S.p.A."),
        ("Fiat SpA", "Fiat S.p.A.", "fiat", "S.p.A."),
        ("Serenity Day Spa", "Serenity Day Spa", "serenity day spa", nil),
        ("Rossi S.r.l.", "Rossi S.r.l.", "rossi", "S.r.l."),
        ("Rossi S.a.s.", "Rossi S.a.s.", "rossi", "S.a.s."),
        ("ROSSI S.A.S.", "Rossi SAS", "rossi", "SAS"),
        ("ACME SARL", "Acme SARL", "acme", "SARL"),
        ("Acme S.à r.l.", "Acme S.à r.l.", "acme", "S.à r.l."),
        ("BANCO DE SABADELL SA", "Banco de Sabadell SA", "banco de sabadell", "SA"),
        ("Banco de Sabadell, S.A.", "Banco de Sabadell, S.A.", "banco de sabadell", "S.A."),
        ("Telefónica S.A.U.", "Telefónica S.A.U.", "telefonica", "S.A.U."),
        ("Acme S.L.U.", "Acme S.L.U.", "acme", "S.L.U."),
        ("koninklijke philips nv", "Koninklijke Philips N.V.", "koninklijke philips", "N.V."),
        ("Acme b.v.", "Acme B.V.", "acme", "B.V."),
        ("Acme bv", "Acme B.V.", "acme", "B.V."),
        ("Volvo AB (publ)", "Volvo AB (publ)", "volvo", "AB (publ)"),
        ("Maersk A/S", "Maersk A/S", "maersk", "A/S"),
        ("NOVO NORDISK A/S", "Novo Nordisk A/S", "novo nordisk", "A/S"),
        ("Equinor ASA", "Equinor ASA", "equinor", "ASA"),
        ("NOKIA OYJ", "Nokia Oyj", "nokia", "Oyj"),
        ("Orlen sp. z o.o.", "Orlen sp. z o.o.", "orlen", "sp. z o.o."),
        ("ORLEN SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ", "Orlen sp. z o.o.", "orlen", "sp. z o.o."),
        ("Accenture plc", "Accenture plc", "accenture", "plc"),
        ("Allergan, Plc", "Allergan, plc", "allergan", "plc"),
        ("3M Company", "3M Company", "3m", "Company"),
        ("Amazon.com Inc", "Amazon.com Inc.", "amazon com", "Inc."),
        ("AT&T Inc", "AT&T Inc.", "at t", "Inc."),
        ("Bard (C.R.) Inc.", "Bard (C.R.) Inc.", "bard cr", "Inc."),
        ("Best Buy Co. Inc.", "Best Buy Co. Inc.", "best buy", "Inc."),
        ("Arthur J. Gallagher & Co.", "Arthur J. Gallagher & Co.", "arthur j gallagher", "Co."),
        ("Alphabet Inc Class A", "Alphabet Inc Class A", "alphabet inc class a", nil),
        ("MCDONALD'S CORP", "McDonald's Corp.", "mcdonalds", "Corp."),
        ("the home depot inc", "The Home Depot Inc.", "home depot", "Inc."),
        ("The Company", "The Company", "company", nil),
        ("IBM DEUTSCHLAND GMBH", "IBM Deutschland GmbH", "ibm deutschland", "GmbH"),
        ("I.B.M. Corp", "I.B.M. Corp.", "ibm", "Corp."),
        ("SAP SE", "SAP SE", "sap", "SE"),
        ("BMW AG", "BMW AG", "bmw", "AG"),
        ("L'ORÉAL S.A.", "L'Oréal S.A.", "loreal", "S.A."),
        ("PROCTER AND GAMBLE CO", "Procter and Gamble Co.", "procter gamble", "Co."),
        ("Procter & Gamble", "Procter & Gamble", "procter gamble", nil),
        ("DR OETKER", "Dr Oetker", "dr oetker", nil),
        ("1ST CHOICE LOGISTICS LTD", "1st Choice Logistics Ltd", "1st choice logistics", "Ltd"),
        ("Acme Industries (Deutschland) GmbH", "Acme Industries (Deutschland) GmbH", "acme industries deutschland", "GmbH"),
        ("Müller Söhne e.K.", "Müller Söhne e.K.", "mueller soehne", "e.K."),
        ("MÜLLER U. SÖHNE", "Müller u. Söhne", "mueller soehne", nil),
        ("五洋建設株式会社", "五洋建設株式会社", "五洋建設", "株式会社"),
        ("（株）アイ・アイ・エム", "（株）アイ・アイ・エム", "アイ アイ エム", "株式会社"),
        ("日産化学㈱", "日産化学㈱", "日産化学", "株式会社"),
        ("株式会社どこにもない商事", "株式会社どこにもない商事", "どこにもない商事", "株式会社"),
        ("ＡＣＭＥ　ＧＭＢＨ", "Ａｃｍｅ GmbH", "acme", "GmbH"),
        ("", "", "", nil),
        ("   ", "", "", nil),
    ]

    @Test(arguments: cases)
    func company(raw: String, display: String, key: String, legalForm: String?) {
        #expect(CompanyName.display(raw) == display)
        #expect(CompanyName.matchKey(raw) == key)
        #expect(CompanyName.legalForm(raw) == legalForm)
    }

    @Test(arguments: cases.map(\.0))
    func idempotent(raw: String) {
        let shown = CompanyName.display(raw)
        #expect(CompanyName.display(shown) == shown)
        #expect(CompanyName.matchKey(shown) == CompanyName.matchKey(raw))
    }

    /// Spellings of one company that must share a key.
    @Test(arguments: [
        ["ACME Gmbh.", "Acme GmbH", "acme gmbh", "Acme G.m.b.H.", "ACME", "Acme"],
        ["Smith, Jones & Co., Inc.", "Smith Jones and Co", "SMITH JONES & CO INC", "Smith & Jones Inc."],
        ["Müller GmbH", "Mueller GmbH", "MÜLLER GMBH", "Mueller Gesellschaft mit beschränkter Haftung"],
        ["Procter & Gamble Co.", "Procter and Gamble Company", "Procter+Gamble"],
        ["Société Générale SA", "SOCIETE GENERALE S.A.", "Societe Generale"],
        ["Coca-Cola Company", "The Coca Cola Co.", "COCA COLA CO"],
        ["McDonald's Corp.", "McDonalds Corporation", "MCDONALD'S"],
        ["Enel S.p.A.", "ENEL SPA", "Enel S. p. A.", "Enel"],
        ["Acme GmbH & Co. KG", "ACME GMBH & CO KG", "Acme GmbH und Co. KG", "Acme KG"],
        ["五洋建設株式会社", "五洋建設", "株式会社五洋建設", "五洋建設㈱", "五洋建設（株）"],
        ["IBM", "I.B.M.", "I. B. M. Corp."],
    ])
    func sameKey(spellings: [String]) {
        let keys = Set(spellings.map(CompanyName.matchKey))
        #expect(keys.count == 1, "\(spellings) -> \(keys)")
    }

    @Test func differentCompaniesStayApart() {
        #expect(CompanyName.matchKey("Sagittarius SA") != CompanyName.matchKey("Sagittarius Spa Resort"))
        #expect(CompanyName.matchKey("Acme Holding GmbH") != CompanyName.matchKey("Acme GmbH"))
        #expect(CompanyName.matchKey("AG") != CompanyName.matchKey("SE"))
    }

    /// Every canonical spelling in legal-forms.tsv maps to itself, so display is idempotent.
    @Test func canonicalFormsAreStable() {
        for (line, canonical) in CompanyName.table.canonical.enumerated() where !CompanyName.table.isCJK[line] {
            #expect(CompanyName.legalForm("Acme Beispiel \(canonical)") == canonical)
            #expect(CompanyName.display("Acme Beispiel \(canonical)") == "Acme Beispiel \(canonical)")
        }
    }

    @Test func tableCoversRequiredCountries() {
        for form in ["Inc.", "Corp.", "LLC", "LLP", "Ltd", "plc", "GmbH", "gGmbH", "AG", "KG", "OHG", "GbR", "e.K.", "SE", "KGaA",
                     "SARL", "S.à r.l.", "SAS", "SASU", "SA", "S.A.", "SNC", "S.p.A.", "S.r.l.", "S.a.s.", "S.n.c.", "S.L.", "S.L.U.",
                     "S.A.U.", "B.V.", "N.V.", "V.O.F.", "C.V.", "BVBA", "SPRL", "SRL", "AB", "A/S", "ApS", "AS", "ASA", "Oy", "Oyj",
                     "sp. z o.o.", "Corporation", "Incorporated", "Company", "Limited", "Co.", "LP"] {
            #expect(CompanyName.table.canonical.contains(form), "\(form)")
        }
    }
}
