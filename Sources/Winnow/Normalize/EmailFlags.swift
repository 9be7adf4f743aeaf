/// Flags and match key of an email address (already normalized by `EmailAddress.normalize`).
public enum EmailFlags {
    /// A shared mailbox rather than a person: "info@", "sales@", "no-reply@", "kontakt@" (resource
    /// `role-accounts.txt`). The local part is read without its "+tag" and without trailing digits and
    /// separators ("info1@", "info-2@"); "no-reply", "no_reply" and "noreply" are the same word. A local part of
    /// several segments ("sales.de", "support-eu", "sales.team") counts when its first segment is a role word and
    /// every other segment is a role word, a code of at most two letters, or digits. "anna.info@" is personal.
    public static func isRoleAccount(_ normalizedEmail: String) -> Bool {
        var text = normalizedEmail
        return text.withUTF8 { p in
            var end = p.count
            if let at = lastIndex(of: 0x40, in: p) { end = at }
            if let plus = firstIndex(of: 0x2B, in: p, before: end), plus > 0 { end = plus }
            let roles = tables.roles
            func trimmed(_ start: Int, _ stop: Int) -> Int {
                var e = stop
                while e > start && (NameText.isDigit(p[e - 1]) || isSeparator(p[e - 1])) { e -= 1 }
                return e
            }
            let stop = trimmed(0, end)
            guard stop > 0 else { return false }
            // Whole local part, then without separators.
            var whole = NameText.FNV(), squashed = NameText.FNV()
            var hasSeparator = false
            for i in 0..<stop {
                let b = NameText.lowerASCII(p[i])
                whole.add(b)
                if isSeparator(b) { hasSeparator = true } else { squashed.add(b) }
            }
            if roles.contains(whole.value) { return true }
            guard hasSeparator else { return false }
            if roles.contains(squashed.value) { return true }
            // Segments.
            var start = 0
            var first = true
            while start < stop {
                var e = start
                while e < stop && !isSeparator(p[e]) { e += 1 }
                let segmentEnd = trimmed(start, e)
                if segmentEnd > start {
                    var h = NameText.FNV()
                    var letters = 0
                    for i in start..<segmentEnd { h.add(NameText.lowerASCII(p[i])); letters += 1 }
                    if first {
                        if !roles.contains(h.value) { return false }
                        first = false
                    } else if !roles.contains(h.value) && letters > 2 {
                        return false
                    }
                }
                start = e + 1
            }
            return !first
        }
    }

    /// A consumer mail provider (resource `free-mail-domains.txt`, 140+ entries; "yahoo.*" entries cover every
    /// country suffix such as "yahoo.co.uk"). Accepts a domain or a whole address; case-insensitive.
    /// `extra` (from configuration) holds more domains, lowercase.
    public static func isFreeMail(domain: String, extra: Set<String> = []) -> Bool {
        var text = domain
        let (hit, lowered) = text.withUTF8 { p -> (Bool, String?) in
            var start = 0, end = p.count
            if let at = lastIndex(of: 0x40, in: p) { start = at + 1 }
            while start < end && p[start] <= 0x20 { start += 1 }
            while end > start && (p[end - 1] <= 0x20 || p[end - 1] == 0x2E) { end -= 1 }
            guard start < end else { return (false, nil) }
            var h = NameText.FNV()
            var firstDot = -1
            for i in start..<end {
                h.add(NameText.lowerASCII(p[i]))
                if p[i] == 0x2E && firstDot < 0 { firstDot = i }
            }
            let t = tables
            var hit = t.freeDomains.contains(h.value)
            if !hit && firstDot > start {
                // brand.* : the first label is a brand and the rest a country / generic suffix (≤ 2 short labels).
                var brand = NameText.FNV()
                for i in start..<firstDot { brand.add(NameText.lowerASCII(p[i])) }
                if t.freeBrands.contains(brand.value) {
                    var labels = 1, length = 0, ok = true
                    for i in (firstDot + 1)..<end {
                        if p[i] == 0x2E { labels += 1; if length == 0 { ok = false }; length = 0 } else { length += 1; if length > 3 { ok = false } }
                    }
                    hit = ok && length > 0 && labels <= 2
                }
            }
            if hit || extra.isEmpty { return (hit, nil) }
            return (false, String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self).lowercased())
        }
        if hit { return true }
        guard let lowered else { return false }
        return extra.contains(lowered)
    }

    /// The address's match key: local part lowercased with any "+tag" dropped (for every provider: sub-addressing
    /// is widespread and a tag never names another person); for gmail.com / googlemail.com the dots of the
    /// local part are dropped too and the domain is "gmail.com". nil for invalid addresses.
    /// "John.Doe+news@GoogleMail.com" -> "johndoe@gmail.com".
    public static func matchKey(_ normalizedEmail: String) -> String? {
        guard var email = EmailAddress.normalize(normalizedEmail) else { return nil }
        return email.withUTF8 { p -> String? in
            guard let at = lastIndex(of: 0x40, in: p) else { return nil }
            var localEnd = at
            if let plus = firstIndex(of: 0x2B, in: p, before: at), plus > 0 { localEnd = plus }
            let domain = UnsafeBufferPointer(rebasing: p[(at + 1)...])
            let isGmail = domain.elementsEqual("gmail.com".utf8) || domain.elementsEqual("googlemail.com".utf8)
            var out: [UInt8] = []
            out.reserveCapacity(p.count)
            for i in 0..<localEnd where !(isGmail && p[i] == 0x2E) { out.append(NameText.lowerASCII(p[i])) }
            if out.isEmpty { return nil }
            out.append(0x40)
            if isGmail { out.append(contentsOf: "gmail.com".utf8) } else { for b in domain { out.append(NameText.lowerASCII(b)) } }
            return String(decoding: out, as: UTF8.self)
        }
    }

    // MARK: - Tables

    struct Tables: Sendable {
        var roles: Set<UInt64> = []
        var freeDomains: Set<UInt64> = []
        var freeBrands: Set<UInt64> = []
        var freeCount = 0

        init(roles roleBytes: [UInt8], free freeBytes: [UInt8]) {
            for row in NameText.rows(roleBytes) { roles.insert(Self.hash(row[0])) }
            for row in NameText.rows(freeBytes) {
                let entry = row[0].lowercased()
                freeCount += 1
                if entry.hasSuffix(".*") {
                    freeBrands.insert(Self.hash(String(entry.dropLast(2))))
                } else {
                    freeDomains.insert(Self.hash(entry))
                }
            }
        }

        static func hash(_ text: String) -> UInt64 {
            var h = NameText.FNV()
            for b in text.utf8 { h.add(NameText.lowerASCII(b)) }
            return h.value
        }
    }

    static let tables = Tables(roles: PackageResources.role_accounts_txt, free: PackageResources.free_mail_domains_txt)

    @inline(__always) static func isSeparator(_ b: UInt8) -> Bool { b == 0x2E || b == 0x2D || b == 0x5F }

    static func lastIndex(of byte: UInt8, in p: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = p.count
        while i > 0 { i -= 1; if p[i] == byte { return i } }
        return nil
    }

    static func firstIndex(of byte: UInt8, in p: UnsafeBufferPointer<UInt8>, before end: Int) -> Int? {
        var i = 0
        while i < end { if p[i] == byte { return i }; i += 1 }
        return nil
    }
}
