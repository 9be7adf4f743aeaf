/// An amount with its currency as written in a list ("$12,000,000", "EUR 5000000", "7.5M").
public struct Money: Sendable, Equatable {
    public var amount: Double
    /// ISO code when the text named one, else nil (the caller's default currency applies).
    public var currency: String?

    private static let symbols: [(String, String)] = [
        ("US$", "USD"), ("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("CHF", "CHF"), ("Fr.", "CHF"),
        ("USD", "USD"), ("EUR", "EUR"), ("GBP", "GBP"), ("SEK", "SEK"), ("NOK", "NOK"), ("DKK", "DKK"), ("PLN", "PLN"),
    ]
    private static let multipliers: [(String, Double)] = [
        ("billion", 1e9), ("bn", 1e9), ("mrd", 1e9), ("b", 1e9),
        ("million", 1e6), ("mio", 1e6), ("mn", 1e6), ("m", 1e6),
        ("thousand", 1e3), ("k", 1e3),
    ]

    public init(amount: Double, currency: String?) { self.amount = amount; self.currency = currency }

    public static func parse(_ text: String) -> Money? {
        var rest = Whitespace.collapse(text)
        var currency: String? = nil
        for (symbol, code) in symbols {
            if rest.hasPrefix(symbol) {
                currency = code; rest.removeFirst(symbol.count); break
            }
            if rest.hasSuffix(symbol) {
                currency = code; rest.removeLast(symbol.count); break
            }
        }
        rest = Whitespace.collapse(rest)
        var factor = 1.0
        let lowered = rest.lowercased()
        for (word, value) in multipliers {
            for suffix in [word + ".", word] where lowered.hasSuffix(suffix) {
                let head = rest.dropLast(suffix.count)
                // "5m" or "5 million", but not a bare word.
                if let last = head.last, last.isNumber || last == " " {
                    factor = value
                    rest = Whitespace.collapse(String(head))
                }
                break
            }
            if factor != 1 { break }
        }
        guard let amount = NumberText.parsePlain(rest) else { return nil }
        return Money(amount: amount * factor, currency: currency)
    }

    /// The amount in `target` currency using `fx` (1 unit of X = rate units of target); nil if no rate is known.
    public func converted(to target: String, fx: [String: Double]) -> Double? {
        guard let currency, currency != target else { return amount }
        guard let rate = fx[currency] else { return nil }
        return amount * rate
    }
}
