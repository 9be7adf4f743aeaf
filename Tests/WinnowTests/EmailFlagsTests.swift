import Testing
@testable import Winnow

@Suite struct EmailFlagsTests {
    @Test(arguments: [
        ("info@acme.de", true), ("sales@acme.com", true), ("office@acme.at", true), ("kontakt@acme.de", true),
        ("contact@acme.fr", true), ("vertrieb@acme.de", true), ("noreply@acme.com", true), ("no-reply@acme.com", true),
        ("no_reply@acme.com", true), ("do-not-reply@acme.com", true), ("admin@acme.com", true), ("support@acme.com", true),
        ("hello@acme.io", true), ("team@acme.io", true), ("info1@acme.de", true), ("info-2@acme.de", true),
        ("info+newsletter@acme.de", true), ("sales.de@acme.com", true), ("support-eu@acme.com", true), ("sales.team@acme.com", true),
        ("buchhaltung@acme.de", true), ("mailer-daemon@acme.com", true), ("INFO@ACME.DE", true),
        ("anna.schmidt@acme.de", false), ("anna.info@acme.de", false), ("info.schmidt@acme.de", false), ("j.doe@acme.com", false),
        ("ap@acme.com", false), ("salesforce@acme.com", false), ("informatik.mueller@acme.de", false), ("", false),
    ])
    func role(email: String, isRole: Bool) {
        #expect(EmailFlags.isRoleAccount(email) == isRole)
    }

    @Test(arguments: [
        ("gmail.com", true), ("googlemail.com", true), ("yahoo.com", true), ("yahoo.de", true), ("yahoo.co.uk", true),
        ("yahoo.com.br", true), ("outlook.com", true), ("hotmail.fr", true), ("live.de", true), ("gmx.de", true),
        ("gmx.net", true), ("gmx.at", true), ("gmx.ch", true), ("web.de", true), ("t-online.de", true), ("freenet.de", true),
        ("orange.fr", true), ("wanadoo.fr", true), ("free.fr", true), ("laposte.net", true), ("libero.it", true),
        ("virgilio.it", true), ("mail.ru", true), ("yandex.ru", true), ("icloud.com", true), ("me.com", true), ("aol.com", true),
        ("proton.me", true), ("protonmail.com", true), ("GMAIL.COM", true), ("anna@web.de", true), ("gmail.com.", true),
        ("acme.de", false), ("mail.acme.com", false), ("yahoo.example.org", false), ("gmailcom.de", false), ("", false),
        ("freemail.example", false),
    ])
    func freeMail(domain: String, isFree: Bool) {
        #expect(EmailFlags.isFreeMail(domain: domain) == isFree)
    }

    @Test func freeMailTableSize() {
        #expect(EmailFlags.tables.freeCount >= 80)
    }

    @Test func freeMailExtra() {
        #expect(EmailFlags.isFreeMail(domain: "mailbox.example", extra: ["mailbox.example"]))
        #expect(EmailFlags.isFreeMail(domain: "MailBox.Example", extra: ["mailbox.example"]))
        #expect(!EmailFlags.isFreeMail(domain: "acme.de", extra: ["mailbox.example"]))
    }

    @Test(arguments: [
        ("john.doe@gmail.com", "johndoe@gmail.com"),
        ("John.Doe+news@GoogleMail.com", "johndoe@gmail.com"),
        ("j.o.h.n.doe@gmail.com", "johndoe@gmail.com"),
        ("anna.schmidt+crm@acme.de", "anna.schmidt@acme.de"),
        ("Anna.Schmidt@ACME.de", "anna.schmidt@acme.de"),
        ("anna.schmidt@web.de", "anna.schmidt@web.de"),
        ("  <anna@acme.de> ", "anna@acme.de"),
        ("mailto:anna@acme.de", "anna@acme.de"),
        ("+tagonly@acme.de", "+tagonly@acme.de"),
    ])
    func matchKey(email: String, key: String) {
        #expect(EmailFlags.matchKey(email) == key)
    }

    @Test(arguments: ["", "not-an-email", "a@b", "@acme.de", "anna@", "an..na@acme.de"])
    func invalidHasNoKey(email: String) {
        #expect(EmailFlags.matchKey(email) == nil)
    }
}
