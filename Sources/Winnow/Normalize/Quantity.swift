/// A number or a range as given in lists: "20-49" -> 20...49, "50+" -> lower 50 upper nil, "1,200" -> 1200...1200.
public struct QuantityRange: Sendable, Equatable, CustomStringConvertible {
    public var lower: Double
    /// nil = open-ended ("50+", "> 500").
    public var upper: Double?
    /// false for a single value (then `upper == lower`).
    public var isRange: Bool

    public init(lower: Double, upper: Double?, isRange: Bool) { self.lower = lower; self.upper = upper; self.isRange = isRange }
    public init(exactly value: Double) { self.init(lower: value, upper: value, isRange: false) }

    /// The number to compare with an ICP bound. The midpoint of an open range ("50+") is its lower bound: the only
    /// number the row vouches for; `.upper` of an open range is nil.
    public func value(_ use: RangeUse) -> Double? {
        switch use {
        case .lower: return lower
        case .upper: return upper
        case .midpoint: return upper.map { (lower + $0) / 2 } ?? lower
        }
    }

    /// "1200", "20-49", "50+": reparses to the same value.
    public var description: String {
        guard isRange else { return NumberText.format(lower) }
        guard let upper else { return NumberText.format(lower) + "+" }
        return NumberText.format(lower) + "-" + NumberText.format(upper)
    }
}

/// Company size as written in lists.
///
/// "1,200", "1.200" (German thousands), "20-49", "20 – 49", "50+", ">500" (501+), "<10" (0-9), "1k", "10 001+",
/// "10.001+", "1-10 employees", "5000 Mitarbeiter", "about 300", "ca. 250", "bis 50", "between 10 and 50",
/// "de 10 à 49 salariés". A lone ambiguous group ("1.500") follows `decimalComma`, except that a fractional
/// head count without a multiplier is read as thousands (employees are whole people). nil for garbage,
/// negative counts, descending ranges and currency amounts.
public enum EmployeeCount {
    public static func parse(_ raw: String, decimalComma: Bool? = nil) -> QuantityRange? {
        guard let parsed = QuantityGrammar.parse(raw, money: false, decimalComma: decimalComma) else { return nil }
        return QuantityRange(lower: parsed.lower, upper: parsed.upper, isRange: parsed.isRange)
    }
}

/// The shared lexer and grammar of EmployeeCount and Money.
enum QuantityGrammar {
    struct Parsed {
        var lower: Double
        var upper: Double?
        var isRange: Bool
        var currency: String?
    }

    enum Word: Sendable {
        case multiplier(Double)
        case currency(String)
        case multiplierCurrency(Double, String)
        case ignorable       // approximators, nouns ("employees", "revenue"), "than", "or"
        case to, between, and
        /// "under" / "max", "over" / "at least": the flag says whether the bound itself is excluded.
        case less(strict: Bool), more(strict: Bool)
    }

    enum Token {
        case number(Double, alternative: Double?)
        case word(Word)
        case plus, dash
        case less(strict: Bool), more(strict: Bool)
        case end, bad
    }

    // MARK: Lexer

    struct Lexer {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        let decimalComma: Bool?
        var afterNumber = false

        init(_ bytes: UnsafeBufferPointer<UInt8>, decimalComma: Bool?) { self.bytes = bytes; self.decimalComma = decimalComma }

        mutating func next() -> Token {
            let end = bytes.count
            while index < end {
                let byte = bytes[index]
                switch byte {
                case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "("),
                     UInt8(ascii: ")"), UInt8(ascii: "\""), UInt8(ascii: "*"), UInt8(ascii: "="), UInt8(ascii: "'"):
                    index += 1; continue
                case UInt8(ascii: ","):
                    // "1.200,-" (German price notation): the ",-" closes the number.
                    if afterNumber, index + 1 < end, bytes[index + 1] == UInt8(ascii: "-") { index += 2 } else { index += 1 }
                    continue
                case 0xC2 where index + 1 < end && bytes[index + 1] == 0xA0:
                    index += 2; continue
                case 0xE2 where index + 2 < end && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xAF || bytes[index + 2] == 0x89):
                    index += 3; continue
                default: break
                }
                break
            }
            guard index < end else { return .end }
            let byte = bytes[index]
            afterNumber = false
            if NumberText.isDigit(byte) {
                guard let number = NumberText.scan(bytes, from: index, decimalComma: decimalComma) else { return .bad }
                index = number.end
                afterNumber = true
                return .number(number.value, alternative: number.alternative)
            }
            index += 1
            switch byte {
            case UInt8(ascii: "+"): return .plus
            case UInt8(ascii: "-"): return .dash
            case UInt8(ascii: "~"): return .word(.ignorable)
            case UInt8(ascii: "$"): return .word(.currency("USD"))
            case UInt8(ascii: "<"), UInt8(ascii: ">"):
                var strict = true
                if index < end, bytes[index] == UInt8(ascii: "=") { strict = false; index += 1 }
                return byte == UInt8(ascii: "<") ? .less(strict: strict) : .more(strict: strict)
            case 0xC2 where index < end:
                let second = bytes[index]; index += 1
                if second == 0xA3 { return .word(.currency("GBP")) }   // £
                if second == 0xA5 { return .word(.currency("JPY")) }   // ¥
                index -= 1
            case 0xE2 where index + 1 < end:
                let second = bytes[index], third = bytes[index + 1]
                index += 2
                if second == 0x82 && third == 0xAC { return .word(.currency("EUR")) }   // €
                if second == 0x82 && third == 0xB9 { return .word(.currency("INR")) }   // ₹
                if second == 0x80 && (third == 0x93 || third == 0x94) { return .dash }  // – —
                if second == 0x89 && third == 0xA4 { return .less(strict: false) }     // ≤
                if second == 0x89 && third == 0xA5 { return .more(strict: false) }     // ≥
                if second == 0x89 && third == 0x88 { return .word(.ignorable) }        // ≈
                index -= 2
            default: break
            }
            index -= 1
            return word()
        }

        /// A run of letters, folded to lowercase ASCII, looked up in the word table.
        private mutating func word() -> Token {
            let end = bytes.count
            var key: [UInt8] = []
            var isLetter = false
            while index < end {
                let byte = bytes[index]
                if byte >= 0x41 && byte <= 0x5A { key.append(byte | 0x20); index += 1; isLetter = true; continue }
                if byte >= 0x61 && byte <= 0x7A { key.append(byte); index += 1; isLetter = true; continue }
                if byte >= 0xC3 && byte <= 0xC9, index + 1 < end {   // Latin-1 supplement and Latin Extended-A/B letters
                    let value = (UInt32(byte & 0x1F) << 6) | UInt32(bytes[index + 1] & 0x3F)
                    let folded = FieldKey.latinFold(value)
                    guard !folded.isEmpty else { break }
                    key.append(contentsOf: folded); index += 2; isLetter = true; continue
                }
                break
            }
            guard isLetter, key.count <= 24 else { return .bad }
            // "US$", "C$", "A$": letters glued to a dollar sign.
            if index < end, bytes[index] == UInt8(ascii: "$") {
                index += 1
                switch String(decoding: key, as: UTF8.self) {
                case "us", "u": return .word(.currency("USD"))
                case "a", "au": return .word(.currency("AUD"))
                case "c", "ca", "can": return .word(.currency("CAD"))
                case "nz": return .word(.currency("NZD"))
                case "hk": return .word(.currency("HKD"))
                case "s", "sg": return .word(.currency("SGD"))
                case "r": return .word(.currency("BRL"))
                case "mx": return .word(.currency("MXN"))
                default: return .bad
                }
            }
            // "p.a." (per annum).
            if key == [UInt8(ascii: "p")], index + 1 < end, bytes[index] == UInt8(ascii: "."), bytes[index + 1] | 0x20 == UInt8(ascii: "a") {
                index += 2
                return .word(.ignorable)
            }
            guard let word = QuantityGrammar.words[String(decoding: key, as: UTF8.self)] else { return .bad }
            return .word(word)
        }
    }

    // MARK: Grammar

    static func parse(_ raw: String, money: Bool, decimalComma: Bool?) -> Parsed? {
        var text = raw
        return text.withUTF8 { parse($0, money: money, decimalComma: decimalComma) }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, money: Bool, decimalComma: Bool?) -> Parsed? {
        var lexer = Lexer(bytes, decimalComma: decimalComma)
        var first: Double? = nil, second: Double? = nil
        var firstAlternative: Double? = nil, secondAlternative: Double? = nil
        var firstMultiplier: Double? = nil, secondMultiplier: Double? = nil
        var firstIsMil = false, secondIsMil = false
        var currency: String? = nil
        var connector = false
        var negative = false
        var lessBound: Bool? = nil     // strictness when "< n" / "under n" / "bis n"
        var moreBound: Bool? = nil     // strictness when "> n" / "over n"
        var openUpper = false

        func setCurrency(_ code: String) -> Bool {
            if let currency, currency != code { return false }
            currency = code
            return true
        }
        func applyMultiplier(_ factor: Double, mil: Bool) -> Bool {
            if second != nil {
                if let existing = secondMultiplier { guard secondIsMil, factor == 1e6 else { return false }; secondMultiplier = existing * 1e3; return true }
                secondMultiplier = factor; secondIsMil = mil; return true
            }
            guard first != nil, !connector else { return false }
            if let existing = firstMultiplier { guard firstIsMil, factor == 1e6 else { return false }; firstMultiplier = existing * 1e3; return true }
            firstMultiplier = factor; firstIsMil = mil; return true
        }

        loop: while true {
            switch lexer.next() {
            case .end: break loop
            case .bad: return nil
            case .number(let value, let alternative):
                if first == nil, !connector { first = value; firstAlternative = alternative }
                else if first != nil, connector, second == nil { second = value; secondAlternative = alternative }
                else { return nil }
            case .plus:
                if first != nil { if connector || openUpper { return nil }; openUpper = true }
            case .dash:
                if first == nil {
                    guard money, !negative, !connector, lessBound == nil, moreBound == nil else { return nil }
                    negative = true
                } else if !connector, !openUpper {
                    connector = true
                } else { return nil }
            case .less(let strict):
                guard first == nil, lessBound == nil, moreBound == nil else { return nil }
                lessBound = strict
            case .more(let strict):
                guard first == nil, lessBound == nil, moreBound == nil else { return nil }
                moreBound = strict
            case .word(let word):
                switch word {
                case .ignorable, .between: continue
                case .currency(let code):
                    guard money, setCurrency(code) else { return nil }
                case .multiplier(let factor):
                    guard applyMultiplier(factor, mil: factor == 1e6 && lexer.lastWasMil) else { return nil }
                case .multiplierCurrency(let factor, let code):
                    guard money, applyMultiplier(factor, mil: false), setCurrency(code) else { return nil }
                case .to:
                    if first == nil { if lessBound == nil && moreBound == nil { lessBound = false } }
                    else if !connector { connector = true }
                    else if second != nil { return nil }
                case .and:
                    if first != nil, !connector { connector = true } else if first == nil { return nil }
                case .less(let strict):
                    if first == nil { if moreBound != nil { return nil }; if lessBound == nil { lessBound = strict } }
                    else if second == nil { lessBound = false; if connector { connector = false } }   // "50 or less", "50 und weniger"
                    else { return nil }
                case .more(let strict):
                    if first == nil { if lessBound != nil { return nil }; if moreBound == nil { moreBound = strict } }
                    else if second == nil { openUpper = true; connector = false }   // "500 plus", "500 and more", "500 und mehr"
                    else { return nil }
                }
            }
        }
        guard var low = first else { return nil }
        if connector && second == nil { openUpper = true }     // "500-"
        // Employees are whole people: a fractional lone group without multiplier is a thousands group ("1.500").
        if !money {
            if firstMultiplier == nil, let alternative = firstAlternative, low != low.rounded() { low = alternative }
            if secondMultiplier == nil, let alternative = secondAlternative, let value = second, value != value.rounded() { second = alternative }
        }
        // "5-10M": the multiplier of the upper bound also applies to the lower one when that keeps the order.
        if let high = second {
            if firstMultiplier == nil, let factor = secondMultiplier, low * factor <= high * factor { firstMultiplier = factor }
            if secondMultiplier == nil, let factor = firstMultiplier, high >= low { secondMultiplier = factor }
        }
        low *= firstMultiplier ?? 1
        let high = second.map { $0 * (secondMultiplier ?? 1) }
        if negative { guard high == nil, !openUpper else { return nil }; low = -low }
        var result: Parsed
        if let high {
            guard high >= low, lessBound == nil, moreBound == nil, !openUpper else { return nil }
            result = Parsed(lower: low, upper: high, isRange: true, currency: currency)
        } else if let strict = lessBound {
            guard !openUpper, !negative else { return nil }
            let upper = (!money && strict && low == low.rounded()) ? low - 1 : low
            guard upper >= 0 else { return nil }
            result = Parsed(lower: 0, upper: upper, isRange: true, currency: currency)
        } else if let strict = moreBound {
            let lower = (!money && strict && low == low.rounded()) ? low + 1 : low
            result = Parsed(lower: lower, upper: nil, isRange: true, currency: currency)
        } else if openUpper {
            result = Parsed(lower: low, upper: nil, isRange: true, currency: currency)
        } else {
            result = Parsed(lower: low, upper: low, isRange: false, currency: currency)
        }
        if !money && result.lower < 0 { return nil }
        return result
    }

    // MARK: Words

    static let words: [String: Word] = {
        var table: [String: Word] = [:]
        func add(_ word: Word, _ keys: String) {
            for key in keys.split(separator: " ") { table[String(key)] = word }
        }
        add(.multiplier(1e3), "k kk t tsd tds tausend thousand thousands mille mila miles duizend")
        add(.multiplier(1e6), "m mm mn mln mio mios mill mil million millions millionen millon millones milione milioni miljoen miljoenen")
        add(.multiplier(1e9), "b bn bil bln mld mlrd billion billions mrd mrds md mds milliard milliarde milliarden milliards miliardo miliardi miljard miljarden")
        add(.multiplier(1e12), "tn trillion trillions bio billionen billones")
        let currencies: [(String, String)] = [
            ("usd", "USD"), ("dollar", "USD"), ("dollars", "USD"), ("us", "USD"), ("eur", "EUR"), ("euro", "EUR"), ("euros", "EUR"),
            ("gbp", "GBP"), ("pound", "GBP"), ("pounds", "GBP"), ("pfund", "GBP"), ("chf", "CHF"), ("fr", "CHF"), ("sfr", "CHF"),
            ("franken", "CHF"), ("sek", "SEK"), ("skr", "SEK"), ("kr", "SEK"), ("kronor", "SEK"), ("krona", "SEK"), ("nok", "NOK"), ("nkr", "NOK"),
            ("dkk", "DKK"), ("dkr", "DKK"), ("kroner", "DKK"), ("pln", "PLN"), ("zl", "PLN"), ("zloty", "PLN"), ("czk", "CZK"), ("kc", "CZK"),
            ("huf", "HUF"), ("ft", "HUF"), ("jpy", "JPY"), ("yen", "JPY"), ("cny", "CNY"), ("rmb", "CNY"), ("inr", "INR"), ("aud", "AUD"),
            ("cad", "CAD"), ("nzd", "NZD"), ("sgd", "SGD"), ("hkd", "HKD"), ("zar", "ZAR"), ("brl", "BRL"), ("mxn", "MXN"), ("ron", "RON"),
            ("bgn", "BGN"), ("try", "TRY"), ("ils", "ILS"), ("aed", "AED"), ("krw", "KRW"), ("rub", "RUB"), ("isk", "ISK"),
        ]
        for (key, code) in currencies { table[key] = .currency(code) }
        // "TEUR", "kEUR", "MEUR", "Mio€" (the € is its own token), "MUSD", "MrdEUR".
        let prefixes: [(String, Double)] = [("k", 1e3), ("t", 1e3), ("m", 1e6), ("mm", 1e6), ("mn", 1e6), ("mio", 1e6), ("mrd", 1e9), ("bn", 1e9), ("b", 1e9)]
        for (prefix, factor) in prefixes {
            for code in ["usd", "eur", "chf", "gbp", "sek", "nok", "dkk", "pln"] where table[prefix + code] == nil {
                table[prefix + code] = .multiplierCurrency(factor, code.uppercased())
            }
        }
        add(.ignorable, """
            about approx approximately appr ca c circa around roughly approximate estimated est etwa rund ungefahr ungefaehr zirka cirka \
            environ env aprox aproximadamente cerca ongeveer ong nearly almost \
            employees employee emp emps empl staff people persons person heads headcount fte ftes workers mitarbeiter mitarbeiterinnen \
            mitarbeitende ma beschaftigte beschaeftigte angestellte personen personal salaries salarie employes personnes collaborateurs \
            empleados trabajadores personas dipendenti addetti medewerkers werknemers \
            revenue revenues turnover sales umsatz jahresumsatz annual year yearly per pa jahr jahrlich ventas fatturato omzet chiffre affaires d \
            than als que di dan the an or oder ou o of at
            """)
        add(.to, "to bis a til tot hasta al au through thru")
        add(.between, "between zwischen entre tra fra tussen from von de del da van")
        add(.and, "and und et y e en")
        add(.less(strict: true), "under below less fewer unter weniger moins menos meno sotto minder")
        add(.less(strict: false), "up max maximum most hochstens hoechstens fino")
        add(.more(strict: true), "over above more greater bigger uber ueber mehr plus mas piu oltre sopra meer")
        add(.more(strict: false), "least min minimum mindestens")
        return table
    }()
}

extension QuantityGrammar.Lexer {
    /// Whether the last word was the ambiguous "mil" ("5 mil millones" = 5e9).
    var lastWasMil: Bool {
        guard index >= 3 else { return false }
        var start = index
        while start > 0, (bytes[start - 1] | 0x20) >= 0x61, (bytes[start - 1] | 0x20) <= 0x7A { start -= 1 }
        return index - start == 3 && bytes[start] | 0x20 == 0x6D && bytes[start + 1] | 0x20 == 0x69 && bytes[start + 2] | 0x20 == 0x6C
    }
}
