/// An amount with its currency as written in a list ("$12,000,000", "EUR 5000000", "7.5M", "5,2 Mio. €", "5-10M").
public struct Money: Sendable, Equatable, CustomStringConvertible {
    /// The amount, or the lower bound of a range ("5-10M" -> 5e6; "< 1M" -> 0; "> 1 Mrd" -> 1e9).
    public var amount: Double
    /// The upper bound of a range ("5-10M" -> 10e6, "< 1M" -> 1e6); nil for a single amount and for an open range ("> 1 Mrd").
    public var upper: Double?
    /// ISO code when the text named one, else nil (the caller's default currency applies).
    public var currency: String?
    /// true for ranges and open ranges ("5-10M", "> 1 Mrd", "< 1M"), false for a single amount.
    public var isRange: Bool

    public init(amount: Double, currency: String?) { self.init(amount: amount, upper: nil, currency: currency, isRange: false) }
    public init(amount: Double, upper: Double?, currency: String?, isRange: Bool? = nil) {
        self.amount = amount; self.upper = upper; self.currency = currency; self.isRange = isRange ?? (upper != nil)
    }

    /// Parses amounts with currency symbols or codes before or after ($, US$, €, EUR, £, GBP, CHF, Fr., SEK, NOK, DKK,
    /// PLN, zł, kr [= SEK], ...), multipliers (k/Tsd./thousand/T€, M/Mio./mn/million/Millionen/mil, bn/Mrd./billion/
    /// Milliarden, "mil millones"), ranges ("$1M - $5M", "5-10M"), bounds ("< 1M", "> 1 Mrd", "over 5M") and
    /// decimal commas ("5,2 Mio. €", "EUR 5.000.000,00"). A lone ambiguous group ("1,500", "1.500") follows
    /// `decimalComma` (nil = thousands).
    public static func parse(_ text: String, decimalComma: Bool? = nil) -> Money? {
        guard let parsed = QuantityGrammar.parse(text, money: true, decimalComma: decimalComma) else { return nil }
        return Money(amount: parsed.lower, upper: parsed.isRange ? parsed.upper : nil, currency: parsed.currency, isRange: parsed.isRange)
    }

    /// The amount (lower bound) in `target` currency using `fx` (1 unit of X = rate units of target); nil if no rate is known.
    /// Kept returning Double for the classifier; see `convertedMoney(to:fx:)` for both bounds.
    public func converted(to target: String, fx: [String: Double]) -> Double? {
        convertedAmount(to: target, fx: fx)
    }

    /// Same as `converted(to:fx:)`.
    public func convertedAmount(to target: String, fx: [String: Double]) -> Double? {
        guard let currency, currency != target else { return amount }
        guard let rate = fx[currency] else { return nil }
        return amount * rate
    }

    /// Both bounds in `target` currency; nil when the currency has no rate. A value without currency is taken as `target`.
    public func convertedMoney(to target: String, fx: [String: Double]) -> Money? {
        guard let currency, currency != target else { return Money(amount: amount, upper: upper, currency: target, isRange: isRange) }
        guard let rate = fx[currency] else { return nil }
        return Money(amount: amount * rate, upper: upper.map { $0 * rate }, currency: target, isRange: isRange)
    }

    /// The range view (lower, upper, open-ended) for `value(.midpoint)` etc.
    public var range: QuantityRange {
        QuantityRange(lower: amount, upper: isRange ? upper : amount, isRange: isRange)
    }

    /// "5200000 EUR", "5000000-10000000 USD", "1000000000+", "0-1000000": reparses to the same value.
    public var description: String {
        let number = range.description
        guard let currency else { return number }
        return number + " " + currency
    }
}
