import Testing
@testable import Winnow

/// Registrable domains through libpsl's built-in Public Suffix List.
@Suite("RegistrableDomain")
struct RegistrableDomainTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let input: String
        let expected: String?
        init(_ input: String, _ expected: String?) {
            self.input = input
            self.expected = expected
        }
        var testDescription: String { input.debugDescription }
    }

    static let websites: [Case] = [
        // Schemes, www, subdomains, paths.
        Case("https://www.shop.acme.co.uk/about", "acme.co.uk"),
        Case("WWW.Acme.DE", "acme.de"),
        Case("acme.de/kontakt", "acme.de"),
        Case("http://user@acme.com:8080/x?y", "acme.com"),
        Case("http://user:secret@www.acme.com/", "acme.com"),
        Case("HTTPS://ACME.DE/", "acme.de"),
        Case("//acme.de/impressum", "acme.de"),
        Case("www.acme.de:443", "acme.de"),
        Case("acme.de?x=1", "acme.de"),
        Case("acme.de#top", "acme.de"),
        Case("http://acme.de\\index.html", "acme.de"),
        Case("  \"www.acme.de\"  ", "acme.de"),
        Case("<https://acme.de>", "acme.de"),
        Case("www.acme.de, www.acme.com", "acme.de"),      // first of several
        Case("mailto:info@acme.de", "acme.de"),
        // Trailing dots and slashes, case.
        Case("acme.de.", "acme.de"),
        Case("acme.de//", "acme.de"),
        Case("https://www.acme.de./", "acme.de"),
        Case("ACME.CO.UK", "acme.co.uk"),
        // Multi-level public suffixes.
        Case("www.acme.com.au", "acme.com.au"),
        Case("ex.ample.com.au", "ample.com.au"),
        Case("www.bmi.gv.at", "bmi.gv.at"),
        Case("www.amazon.co.jp", "amazon.co.jp"),
        Case("shop.acme.co.nz", "acme.co.nz"),
        // Private suffixes: each customer is its own registrable domain.
        Case("https://acme.github.io/docs", "acme.github.io"),
        Case("news.acme.blogspot.com", "acme.blogspot.com"),
        Case("acme.herokuapp.com", "acme.herokuapp.com"),
        // IDN: always the Unicode, lowercased form.
        Case("müller-bau.de", "müller-bau.de"),
        Case("https://www.MÜLLER-Bau.DE/", "müller-bau.de"),
        Case("www.xn--mller-bau-q9a.de", "müller-bau.de"),
        Case("www.xn--e1afmkfd.xn--p1ai", "пример.рф"),
        Case("acme。de", "acme.de"),
        Case("www.ａｃｍｅ.de", "acme.de"),
        // Not a registrable domain.
        Case("", nil),
        Case("   ", nil),
        Case("localhost", nil),
        Case("http://localhost:3000/", nil),
        Case("co.uk", nil),
        Case("github.io", nil),
        Case("http://192.168.0.1/", nil),
        Case("8.8.8.8", nil),
        Case("http://[2001:db8::1]:80/", nil),
        Case("acme.local", nil),                            // unknown TLD, no "*" guess
        Case("garbage", nil),
        Case("n/a", nil),
        Case("Acme GmbH", nil),
        Case("acme..de", nil),
        Case("-acme.de", nil),
        Case("acme_de", nil),
        Case("http://xn--.de", nil),
        Case("https://", nil),
    ]

    static let emails: [Case] = [
        Case("anna@mail.acme.co.uk", "acme.co.uk"),
        Case("anna@acme.de", "acme.de"),
        Case("Anna <ANNA@Acme.DE>", "acme.de"),
        Case("mailto:x@y.github.io", "y.github.io"),
        Case(" bob@acme.com ", "acme.com"),
        Case("jörg@müller-bau.de", "müller-bau.de"),
        Case("info@xn--mller-bau-q9a.de", "müller-bau.de"),
        Case("anna@", nil),
        Case("@acme.de", nil),
        Case("anna@[1.2.3.4]", nil),
        Case("anna@localhost", nil),
        Case("anna.acme.de", nil),
        Case("anna@co.uk", nil),
    ]

    @Test("websites", arguments: websites)
    func website(_ c: Case) {
        #expect(RegistrableDomain.fromWebsite(c.input) == c.expected)
    }

    @Test("emails", arguments: emails)
    func email(_ c: Case) {
        #expect(RegistrableDomain.fromEmail(c.input) == c.expected)
    }

    @Test func hosts() {
        #expect(RegistrableDomain.registrable(host: "www.Acme.DE.") == "acme.de")
        #expect(RegistrableDomain.registrable(host: "a.b.c.acme.co.uk") == "acme.co.uk")
        #expect(RegistrableDomain.registrable(host: "co.uk") == nil)
        #expect(RegistrableDomain.registrable(host: "10.0.0.1") == nil)
    }

    @Test func idempotent() {
        for c in Self.websites + Self.emails {
            guard let domain = c.expected else { continue }
            #expect(RegistrableDomain.registrable(host: domain) == domain)
            #expect(RegistrableDomain.fromWebsite(domain) == domain)
        }
    }

    @Test func punycode() {
        #expect(Punycode.decode(Array("mller-kva".utf8)) == "müller")
        #expect(Punycode.decode(Array("strae-oqa".utf8)) == "straße")
        #expect(Punycode.decode(Array("e1afmkfd".utf8)) == "пример")
        #expect(Punycode.decode(Array("!!".utf8)) == nil)
        #expect(Punycode.decode(Array("zzzzzzzzzzzzzzzzzzzzzzzz".utf8)) == nil)
    }

    @Test func concurrentCallersShareTheCache() async {
        let inputs = Self.websites.map(\.input)
        let expected = Self.websites.map(\.expected)
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var ok = true
                    for _ in 0..<50 {
                        for (input, want) in zip(inputs, expected) where RegistrableDomain.fromWebsite(input) != want { ok = false }
                    }
                    return ok
                }
            }
            for await ok in group { #expect(ok) }
        }
    }

    /// The ASCII fast path gives the general path's verdict on every host it keeps: random hosts built from
    /// the pieces that decide (cases, dots, hyphens, underscores, digits, "xn--", real and unknown TLDs, junk).
    @Test func asciiFastPathAgreesWithTheGeneralPath() {
        let pieces = ["acme", "ACME", "Shop", "www", ".", ".", "..", "-", "_", "0", "42", "xn--", "xn--mller-bau-4ob",
                      "de", "co.uk", "com", "example", "local", "github.io", "!", " ", "a", String(repeating: "x", count: 64),
                      "zz", "Org", "info", "shop", "cat", "test", "biz", "q", "online", "Internal", "companyx"]
        var rng = CSVTestRNG(seed: 2026_12_04)
        var decided = 0
        for _ in 0..<20_000 {
            let host = (0..<Int.random(in: 1...7, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            switch RegistrableDomain.asciiHost(host) {
            case .host(let normalized):
                decided += 1
                #expect(normalized == RegistrableDomain.normalizedHostInGeneral(host), "\(host.debugDescription)")
            case .invalid:
                decided += 1
                #expect(RegistrableDomain.normalizedHostInGeneral(host) == nil, "\(host.debugDescription)")
            case .needsGeneralPath:
                #expect(host.lowercased().contains("xn--"), "\(host.debugDescription)")
            }
        }
        #expect(decided > 10_000)
        #expect(RegistrableDomain.asciiHost("WWW.Acme.DE.") == .host("www.acme.de"))
        #expect(RegistrableDomain.asciiHost("www.alpen.example") == .invalid)
        #expect(RegistrableDomain.asciiHost("müller-bau.de") == .needsGeneralPath)
    }

    /// Normalize fills the domain from the website and does not look the result up again: that relies on this.
    @Test func aRegistrableDomainIsItsOwn() {
        let pieces = ["acme", "Shop", "www.", ".", "-", "42", "xn--mller-bau-4ob", "müller", "ＡＣＭＥ", "。",
                      ".de", ".co.uk", ".com", ".github.io", ".org", ".info", ".рф", ".zz", ".Cat"]
        var rng = CSVTestRNG(seed: 2026_12_05)
        var found = 0
        for _ in 0..<10_000 {
            let host = (0..<Int.random(in: 1...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            guard let domain = RegistrableDomain.registrable(host: host) else { continue }
            found += 1
            #expect(RegistrableDomain.registrable(host: domain) == domain, "\(host.debugDescription) -> \(domain)")
            #expect(RegistrableDomain.fromWebsite(domain) == domain, "\(host.debugDescription) -> \(domain)")
        }
        #expect(found > 500)
    }
}
