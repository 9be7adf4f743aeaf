import Testing
@testable import Winnow

@Suite struct SupportTests {
    @Test(arguments: [
        ("E-Mail", "email"), ("Email Address", "emailaddress"), ("  Company_Name ", "companyname"),
        ("Straße", "strasse"), ("Téléphone", "telephone"), ("GDPR Consent?", "gdprconsent"), ("Müller", "mueller"),
    ])
    func headerKeys(header: String, key: String) {
        #expect(TextFold.headerKey(header) == key)
    }

    @Test(arguments: [
        ("  a  b ", "a b"), ("a\tb\nc", "a b c"), ("clean", "clean"), ("", ""), ("   ", ""),
        ("x\u{00A0}y", "x y"), ("Zoë  Ñandú", "Zoë Ñandú"),
    ])
    func whitespace(input: String, expected: String) {
        #expect(Whitespace.collapse(input) == expected)
        #expect(Whitespace.collapse(Whitespace.collapse(input)) == expected)
    }

    @Test(arguments: [
        ("1200", 1200.0), ("1,200", 1200), ("1.200", 1200), ("1 200 000", 1_200_000), ("12.5", 12.5), ("5,25", 5.25),
        ("7,500,000", 7_500_000), ("1.200.000,50", 1_200_000.5), ("1,200,000.50", 1_200_000.5), ("-3", -3), ("0", 0),
        (" 42 ", 42),
    ])
    func plainNumbers(text: String, value: Double) {
        #expect(NumberText.parsePlain(text) == value)
    }

    @Test(arguments: ["", "abc", "12a", "1,20,0", "--1", "1.2.3,4,5"])
    func notNumbers(text: String) {
        #expect(NumberText.parsePlain(text) == nil)
    }

    @Test func jsonEscaping() {
        var json = JSONLine()
        json.beginObject()
        json.field("a", "q\"b\\n\nt\t\u{01}é")
        json.field("n", 3)
        json.key("list"); json.beginArray(); json.string("x"); json.bool(true); json.null(); json.endArray()
        json.endObject()
        #expect(String(decoding: json.bytes, as: UTF8.self) == #"{"a":"q\"b\\n\nt\t\u0001é","n":3,"list":["x",true,null]}"#)
    }

    @Test func contactIDsAreStableAndDistinct() {
        #expect(ContactID.make("email:a@b.de") == ContactID.make("email:a@b.de"))
        #expect(ContactID.make("email:a@b.de") != ContactID.make("email:a@b.com"))
        #expect(ContactID.make("x").count == 17)
    }
}
