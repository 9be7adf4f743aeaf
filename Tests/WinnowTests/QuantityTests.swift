import Testing
@testable import Winnow

@Suite struct QuantityTests {
    // MARK: Employees

    @Test(arguments: [
        ("0", 0.0, 0.0 as Double?, false), ("1", 1, 1, false), ("250", 250, 250, false), ("1,200", 1200, 1200, false),
        ("1.200", 1200, 1200, false), ("1 200", 1200, 1200, false), ("1’200", 1200, 1200, false), ("12,000", 12000, 12000, false),
        ("20-49", 20, 49, true), ("20 - 49", 20, 49, true), ("20 – 49", 20, 49, true), ("20—49", 20, 49, true),
        ("1-10 employees", 1, 10, true), ("11-50 Employees", 11, 50, true), ("501-1,000", 501, 1000, true),
        ("1,001-5,000 employees", 1001, 5000, true), ("5.001 - 10.000", 5001, 10000, true),
        ("50+", 50, nil, true), ("50 +", 50, nil, true), ("10,001+", 10001, nil, true), ("10 001+", 10001, nil, true),
        ("10.001+", 10001, nil, true), ("10001+ employees", 10001, nil, true), ("500 and more", 500, nil, true),
        ("500 und mehr", 500, nil, true), ("500 or more", 500, nil, true), ("500 plus", 500, nil, true), ("500-", 500, nil, true),
        (">500", 501, nil, true), ("> 500", 501, nil, true), (">= 500", 500, nil, true), ("≥500", 500, nil, true),
        ("over 1000", 1001, nil, true), ("at least 20", 20, nil, true), ("mehr als 100", 101, nil, true), ("plus de 500", 501, nil, true),
        ("<10", 0, 9, true), ("< 10", 0, 9, true), ("<= 10", 0, 10, true), ("under 50", 0, 49, true), ("up to 50", 0, 50, true),
        ("bis 50", 0, 50, true), ("bis 50 Mitarbeiter", 0, 50, true), ("50 or less", 0, 50, true), ("weniger als 10", 0, 9, true),
        ("1k", 1000, 1000, false), ("1K", 1000, 1000, false), ("1.5k", 1500, 1500, false), ("2,5k", 2500, 2500, false),
        ("10k+", 10000, nil, true), ("1k-5k", 1000, 5000, true), ("1-5k", 1000, 5000, true),
        ("5000 Mitarbeiter", 5000, 5000, false), ("5.000 Mitarbeiter", 5000, 5000, false), ("ca. 250", 250, 250, false),
        ("about 300", 300, 300, false), ("approx. 300 staff", 300, 300, false), ("~300", 300, 300, false), ("c. 40", 40, 40, false),
        ("rund 1.200 Beschäftigte", 1200, 1200, false), ("environ 80 salariés", 80, 80, false), ("de 10 à 49 salariés", 10, 49, true),
        ("10 a 49 empleados", 10, 49, true), ("da 10 a 49 dipendenti", 10, 49, true), ("tussen 10 en 50 medewerkers", 10, 50, true),
        ("between 10 and 50", 10, 50, true), ("zwischen 10 und 50", 10, 50, true), ("10 to 50", 10, 50, true), ("10 bis 50", 10, 50, true),
        ("(51-200)", 51, 200, true), ("  42  ", 42, 42, false), ("\"120\"", 120, 120, false), ("+500", 500, 500, false),
    ] as [(String, Double, Double?, Bool)])
    func employees(raw: String, lower: Double, upper: Double?, isRange: Bool) throws {
        let range = try #require(EmployeeCount.parse(raw), "\(raw)")
        #expect(range == QuantityRange(lower: lower, upper: upper, isRange: isRange), "\(raw)")
        // Idempotence: the printed form reparses to the same value.
        #expect(EmployeeCount.parse(range.description) == range, "\(raw) -> \(range.description)")
    }

    @Test(arguments: ["", "  ", "n/a", "unknown", "self-employed", "lots", "-5", "49-20", "20 49", "1,20,0", "€500", "1/2",
                      "employees", "12 apples", "1.2.3", "20-49-99", ">", "+", "k"])
    func notEmployees(raw: String) {
        #expect(EmployeeCount.parse(raw) == nil, "\(raw)")
    }

    @Test func employeeHint() {
        // A fractional head count is read as thousands whatever the hint.
        #expect(EmployeeCount.parse("1.500", decimalComma: false)?.lower == 1500)
        #expect(EmployeeCount.parse("1,500", decimalComma: true)?.lower == 1500)
        #expect(EmployeeCount.parse("1,5k", decimalComma: true)?.lower == 1500)
    }

    @Test func rangeUse() throws {
        let band = try #require(EmployeeCount.parse("20-49"))
        #expect(band.value(.lower) == 20)
        #expect(band.value(.upper) == 49)
        #expect(band.value(.midpoint) == 34.5)
        let open = try #require(EmployeeCount.parse("50+"))
        #expect(open.value(.upper) == nil)
        #expect(open.value(.midpoint) == 50)   // an open range vouches only for its lower bound
        #expect(QuantityRange(exactly: 7).value(.midpoint) == 7)
        #expect(RangeUse(rawValue: "midpoint") == .midpoint)
    }

    // MARK: Money

    @Test(arguments: [
        // existing behaviour
        ("$12,000,000", 12_000_000.0, nil as Double?, "USD" as String?), ("EUR 5000000", 5_000_000, nil, "EUR"), ("7.5M", 7_500_000, nil, nil),
        ("€5.2M", 5_200_000, nil, "EUR"), ("£3m", 3_000_000, nil, "GBP"), ("12 million", 12_000_000, nil, nil),
        ("2bn", 2_000_000_000, nil, nil), ("5000000", 5_000_000, nil, nil), ("USD 8000000", 8_000_000, nil, "USD"),
        // European and verbose forms
        ("5,2 Mio. €", 5_200_000, nil, "EUR"), ("5,2 Mio €", 5_200_000, nil, "EUR"), ("$12 million", 12_000_000, nil, "USD"),
        ("12.5 Mrd", 12_500_000_000, nil, nil), ("12,5 Mrd.", 12_500_000_000, nil, nil), ("EUR 5.000.000,00", 5_000_000, nil, "EUR"),
        ("CHF 2,5 Mio", 2_500_000, nil, "CHF"), ("Fr. 2,5 Mio.", 2_500_000, nil, "CHF"), ("1.5 bn USD", 1_500_000_000, nil, "USD"),
        ("USD 1,5 Mrd", 1_500_000_000, nil, "USD"), ("10 Mio EUR", 10_000_000, nil, "EUR"), ("€ 500k", 500_000, nil, "EUR"),
        ("500 K€", 500_000, nil, "EUR"), ("500 T€", 500_000, nil, "EUR"), ("500 TEUR", 500_000, nil, "EUR"), ("2.5 MEUR", 2_500_000, nil, "EUR"),
        ("5 Millionen Euro", 5_000_000, nil, "EUR"), ("3 Milliarden Euro", 3_000_000_000, nil, "EUR"), ("$5 mil", 5_000_000, nil, "USD"),
        ("250 Tsd. €", 250_000, nil, "EUR"), ("250 thousand dollars", 250_000, nil, "USD"), ("2 billion", 2_000_000_000, nil, nil),
        ("US$ 4.2M", 4_200_000, nil, "USD"), ("US$4.2M", 4_200_000, nil, "USD"), ("$5MM", 5_000_000, nil, "USD"),
        ("SEK 40 mn", 40_000_000, nil, "SEK"), ("40 MSEK", 40_000_000, nil, "SEK"), ("NOK 12m", 12_000_000, nil, "NOK"),
        ("DKK 3 mio.", 3_000_000, nil, "DKK"), ("PLN 20 mln", 20_000_000, nil, "PLN"), ("20 mln zł", 20_000_000, nil, "PLN"),
        ("15 Mio. kr.", 15_000_000, nil, "SEK"), ("1.200.000 €", 1_200_000, nil, "EUR"), ("1 200 000 €", 1_200_000, nil, "EUR"),
        ("CHF 1'200'000", 1_200_000, nil, "CHF"), ("1.200,-", 1200, nil, nil), ("5 mil millones", 5_000_000_000, nil, nil),
        ("ca. 5 Mio. € Umsatz", 5_000_000, nil, "EUR"), ("approx. $3M revenue", 3_000_000, nil, "USD"), ("5 Mio € p.a.", 5_000_000, nil, "EUR"),
        ("-2.5M", -2_500_000, nil, nil),
        // ranges and bounds
        ("5-10M", 5_000_000, 10_000_000, nil), ("5 - 10 Mio. €", 5_000_000, 10_000_000, "EUR"), ("$1M - $5M", 1_000_000, 5_000_000, "USD"),
        ("$1M-$5M", 1_000_000, 5_000_000, "USD"), ("500K-1M", 500_000, 1_000_000, nil), ("500-1M", 500, 1_000_000, nil),
        ("€10M to €50M", 10_000_000, 50_000_000, "EUR"), ("1 bis 5 Mio. EUR", 1_000_000, 5_000_000, "EUR"),
        ("< 1M", 0, 1_000_000, nil), ("<$1M", 0, 1_000_000, "USD"), ("under $500K", 0, 500_000, "USD"),
    ] as [(String, Double, Double?, String?)])
    func money(text: String, amount: Double, upper: Double?, currency: String?) throws {
        let money = try #require(Money.parse(text), "\(text)")
        #expect(money.amount == amount, "\(text)")
        #expect(money.upper == upper, "\(text)")
        #expect(money.currency == currency, "\(text)")
        #expect(Money.parse(money.description) == money, "\(text) -> \(money.description)")
    }

    @Test(arguments: [("> 1 Mrd", 1e9, "" as String), ("> $500M", 500e6, "USD"), ("over 5M EUR", 5e6, "EUR"), ("1B+", 1e9, ""), ("100M+ USD", 100e6, "USD")])
    func openMoney(text: String, amount: Double, currency: String) throws {
        let money = try #require(Money.parse(text), "\(text)")
        #expect(money.amount == amount)
        #expect(money.upper == nil && money.isRange)
        #expect(money.currency == (currency.isEmpty ? nil : currency))
        #expect(Money.parse(money.description) == money, "\(money.description)")
    }

    @Test(arguments: ["", "abc", "EUR", "$", "M", "5 apples", "€5 £6", "$5-€6M", "1,20,0 €", "12 34", "5M-1M", "million", "€€"])
    func notMoney(text: String) {
        #expect(Money.parse(text) == nil, "\(text)")
    }

    @Test func ambiguousGroupsFollowTheHint() {
        #expect(Money.parse("1,500")?.amount == 1500)
        #expect(Money.parse("1.500")?.amount == 1500)
        #expect(Money.parse("1,500 Mio", decimalComma: true)?.amount == 1_500_000)
        #expect(Money.parse("1.500 Mio", decimalComma: true)?.amount == 1_500_000_000)
        #expect(Money.parse("1.500 M", decimalComma: false)?.amount == 1_500_000)
        #expect(Money.parse("1,500", decimalComma: false)?.amount == 1500)
        #expect(Money.parse("0,500 Mio")?.amount == 500_000)            // "0," is never a thousands group
        #expect(Money.parse("1.200.000,00")?.amount == 1_200_000)
    }

    @Test func conversion() throws {
        let fx = ["USD": 0.92, "GBP": 1.17]
        #expect(Money.parse("$5,000,000")?.converted(to: "EUR", fx: fx) == 5_000_000 * 0.92)
        #expect(Money.parse("$5,000,000")?.convertedAmount(to: "EUR", fx: fx) == 5_000_000 * 0.92)
        #expect(Money.parse("CHF 9000000")?.converted(to: "EUR", fx: fx) == nil)
        #expect(Money.parse("9000000")?.converted(to: "EUR", fx: fx) == 9_000_000)
        let range = try #require(Money.parse("$1M - $5M")?.convertedMoney(to: "EUR", fx: fx))
        #expect(range.amount == 920_000 && range.upper == 4_600_000 && range.currency == "EUR")
        #expect(Money.parse("CHF 1M")?.convertedMoney(to: "EUR", fx: fx) == nil)
        #expect(Money.parse("5-10M")?.range.value(.midpoint) == 7_500_000)
    }

    // MARK: NumberText

    @Test(arguments: [
        ("1200", 1200.0), ("1,200", 1200), ("1.200", 1200), ("1 200 000", 1_200_000), ("12.5", 12.5), ("5,25", 5.25),
        ("7,500,000", 7_500_000), ("1.200.000,50", 1_200_000.5), ("1,200,000.50", 1_200_000.5), ("-3", -3), ("0", 0),
        (" 42 ", 42), ("0,5", 0.5), ("0.500", 0.5), (".5", 0.5), ("+7", 7), ("1'000'000", 1_000_000), ("1 200,50", 1200.5),
    ])
    func plainNumbers(text: String, value: Double) {
        #expect(NumberText.parsePlain(text) == value, "\(text)")
    }

    @Test(arguments: ["", "abc", "12a", "1,20,0", "--1", "1.2.3,4,5", "1,200.000.000", "1 2", ",5"])
    func notNumbers(text: String) {
        #expect(NumberText.parsePlain(text) == nil, "\(text)")
    }

    @Test func plainHint() {
        #expect(NumberText.parsePlain("1,500", decimalComma: true) == 1.5)
        #expect(NumberText.parsePlain("1.500", decimalComma: true) == 1500)
        #expect(NumberText.parsePlain("1.500", decimalComma: false) == 1.5)
        #expect(NumberText.parsePlain("1,500", decimalComma: false) == 1500)
        #expect(NumberText.parsePlain("1.500.000", decimalComma: false) == 1_500_000)
    }
}
