#!/usr/bin/env python3
"""Deterministic generator of B2B contact records with planted duplicates and known truth.

Writes a CSV whose fields are already normalized the way Winnow's normalize stage outputs them
(email lowercased or empty, phone E.164 or empty, registrable domain, company match key with the
legal form removed, ISO country), plus `true_id` (the real person). Stdlib only.

    python3 Benchmarks/dedupe_truth.py --records 2000 --seed 7 --out dedupe-truth-2000.csv

Planted variation in duplicates: case and spacing changes, one-letter typos, nicknames, initials,
swapped first/last names, transliterations (Müller/Mueller/Muller), legal-suffix variants (the key is
the same after normalization, sometimes a one-letter typo in the key), same/missing/different phones,
missing fields, different emails for the same person (work vs personal, +tag). Hard negatives:
namesakes at the same company with different work emails, family members sharing a home phone,
very common names at different companies, company switchboard phones shared by colleagues.
"""
import argparse
import csv
import itertools
import random
import sys

FIRST = {
    "de": [("Thomas", "m"), ("Michael", "m"), ("Andreas", "m"), ("Stefan", "m"), ("Johannes", "m"), ("Alexander", "m"),
           ("Robert", "m"), ("Wolfgang", "m"), ("Jürgen", "m"), ("Klaus", "m"), ("Matthias", "m"), ("Sebastian", "m"),
           ("Friedrich", "m"), ("Heinrich", "m"), ("Jörg", "m"), ("Maximilian", "m"), ("Florian", "m"), ("Tobias", "m"),
           ("Anna", "f"), ("Katharina", "f"), ("Elisabeth", "f"), ("Sabine", "f"), ("Ursula", "f"), ("Monika", "f"),
           ("Susanne", "f"), ("Claudia", "f"), ("Franziska", "f"), ("Gabriele", "f"), ("Brigitte", "f"), ("Jutta", "f"),
           ("Margarete", "f"), ("Dorothea", "f"), ("Jana", "f"), ("Lena", "f")],
    "fr": [("Jean", "m"), ("Pierre", "m"), ("François", "m"), ("Nicolas", "m"), ("Philippe", "m"), ("Sébastien", "m"),
           ("Frédéric", "m"), ("Laurent", "m"), ("Guillaume", "m"), ("Thierry", "m"), ("Emmanuel", "m"),
           ("Marie", "f"), ("Catherine", "f"), ("Isabelle", "f"), ("Nathalie", "f"), ("Sophie", "f"), ("Céline", "f"),
           ("Hélène", "f"), ("Dominique", "f"), ("Jacqueline", "f")],
    "it": [("Giuseppe", "m"), ("Francesco", "m"), ("Giovanni", "m"), ("Alessandro", "m"), ("Antonio", "m"),
           ("Marco", "m"), ("Luca", "m"), ("Salvatore", "m"), ("Vincenzo", "m"), ("Domenico", "m"), ("Luigi", "m"),
           ("Giulia", "f"), ("Francesca", "f"), ("Chiara", "f"), ("Elisabetta", "f"), ("Caterina", "f"), ("Paola", "f")],
    "es": [("José", "m"), ("Francisco", "m"), ("Manuel", "m"), ("Jesús", "m"), ("Ignacio", "m"), ("Alejandro", "m"),
           ("Enrique", "m"), ("Rafael", "m"), ("Eduardo", "m"), ("Guillermo", "m"),
           ("María", "f"), ("Carmen", "f"), ("Dolores", "f"), ("Lucía", "f"), ("Pilar", "f"), ("Mercedes", "f")],
    "nl": [("Johannes", "m"), ("Cornelis", "m"), ("Hendrik", "m"), ("Willem", "m"), ("Jacobus", "m"), ("Pieter", "m"),
           ("Sander", "m"), ("Bram", "m"), ("Maria", "f"), ("Wilhelmina", "f"), ("Anneke", "f"), ("Femke", "f"),
           ("Sanne", "f"), ("Margaretha", "f")],
    "pl": [("Aleksander", "m"), ("Krzysztof", "m"), ("Tomasz", "m"), ("Michał", "m"), ("Piotr", "m"), ("Paweł", "m"),
           ("Grzegorz", "m"), ("Wojciech", "m"), ("Stanisław", "m"), ("Jakub", "m"), ("Katarzyna", "f"),
           ("Małgorzata", "f"), ("Agnieszka", "f"), ("Magdalena", "f"), ("Aleksandra", "f"), ("Barbara", "f")],
    "en": [("William", "m"), ("Robert", "m"), ("James", "m"), ("John", "m"), ("David", "m"), ("Richard", "m"),
           ("Charles", "m"), ("Daniel", "m"), ("Katherine", "f"), ("Elizabeth", "f"), ("Margaret", "f"), ("Jennifer", "f"),
           ("Susan", "f"), ("Emily", "f"), ("Rebecca", "f")],
}
LAST = {
    "de": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
           "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
           "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann",
           "Köhler", "Weiß", "Jäger", "Groß", "Böhm", "Vogel", "Friedrich", "Günther", "Brandt", "Haas", "Dietrich",
           "Kühn", "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Voigt", "Sauer", "Arnold", "Roth", "Frank",
           "Ziegler", "Lorenz", "Ludwig", "Herrmann", "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters",
           "Lang", "Scholz", "Möller", "Keller", "Jung", "Hahn", "Vogt", "Otto", "Sommer", "Heinrich", "Stein", "Seidel",
           "Heine", "Berger", "Winkler", "Ullrich", "Brenner", "Kessler", "Dreßler", "Schütz", "Lüdtke", "Wörner"],
    "fr": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
           "Simon", "Laurent", "Lefèbvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
           "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
           "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas"],
    "it": ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
           "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti",
           "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone"],
    "es": ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez",
           "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso",
           "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Ramírez", "Serrano", "Blanco"],
    "nl": ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
           "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
           "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer"],
    "pl": ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński",
           "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Wojciechowski", "Kwiatkowski",
           "Krawczyk", "Kaczmarek", "Piotrowski", "Grabowski", "Zając", "Pawłowski", "Michalski", "Król"],
    "en": ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
           "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
           "O'Brien", "Ó Briain", "McCarthy", "Murphy", "Kelly"],
}
# Nicknames a human would write; all of these are in nicknames-en.csv or nicknames-eu.tsv.
NICK = {
    "Robert": ["Bob", "Rob", "Bobby"], "William": ["Bill", "Will", "Liam"], "Katherine": ["Kate", "Katie", "Kathy"],
    "Giuseppe": ["Beppe", "Peppe"], "Johannes": ["Hans", "Johann"], "Elisabeth": ["Lisa", "Liesel", "Betty"],
    "Francesco": ["Franco", "Cesco"], "Alexander": ["Alex", "Sascha"], "Thomas": ["Tom"], "Michael": ["Mike", "Micha"],
    "Andreas": ["Andi"], "Stefan": ["Steffen"], "Matthias": ["Matze"], "Sebastian": ["Basti"], "Friedrich": ["Fritz"],
    "Heinrich": ["Heinz"], "Maximilian": ["Max"], "Katharina": ["Kathi", "Katrin"], "Margarete": ["Grete"],
    "Franziska": ["Franzi"], "Gabriele": ["Gabi"], "Nicolas": ["Nico"], "Philippe": ["Phil"], "Frédéric": ["Fred"],
    "Emmanuel": ["Manu"], "Giovanni": ["Gianni"], "Alessandro": ["Sandro"], "Antonio": ["Toni"], "Salvatore": ["Toto"],
    "Vincenzo": ["Enzo"], "Domenico": ["Mimmo"], "José": ["Pepe"], "Francisco": ["Paco"], "Manuel": ["Manolo"],
    "Ignacio": ["Nacho"], "Enrique": ["Quique"], "Rafael": ["Rafa"], "Dolores": ["Lola"], "Cornelis": ["Kees"],
    "Hendrik": ["Henk"], "Willem": ["Wim"], "Jacobus": ["Jaap"], "Aleksander": ["Olek"], "Krzysztof": ["Krzysiek"],
    "Tomasz": ["Tomek"], "Katarzyna": ["Kasia"], "Małgorzata": ["Gosia"], "Wojciech": ["Wojtek"], "Jakub": ["Kuba"],
    "Elizabeth": ["Liz", "Beth"], "Margaret": ["Maggie", "Peggy"], "James": ["Jim"], "Richard": ["Rick", "Dick"],
    "Daniel": ["Dan"], "Rebecca": ["Becky"], "Susan": ["Sue"], "Jennifer": ["Jen"], "Charles": ["Charlie"],
}
COMMON = [("Thomas", "Müller", "de"), ("Anna", "Schmidt", "de"), ("Michael", "Schneider", "de"), ("Marco", "Rossi", "it"),
          ("Jean", "Martin", "fr"), ("María", "García", "es"), ("Piotr", "Nowak", "pl"), ("Jan", "de Jong", "nl"),
          ("John", "Smith", "en")]
CC = {"de": ("DE", "49"), "fr": ("FR", "33"), "it": ("IT", "39"), "es": ("ES", "34"), "nl": ("NL", "31"),
      "pl": ("PL", "48"), "en": ("GB", "44")}
TLD = {"de": "de", "fr": "fr", "it": "it", "es": "es", "nl": "nl", "pl": "pl", "en": "co.uk"}
LEGAL = {"de": ["GmbH", "AG", "GmbH & Co. KG", "KG"], "fr": ["SARL", "SA", "SAS"], "it": ["S.r.l.", "S.p.A."],
         "es": ["S.L.", "S.A."], "nl": ["B.V.", "N.V."], "pl": ["Sp. z o.o.", "S.A."], "en": ["Ltd", "PLC"]}
FREEMAIL = {"de": ["gmail.com", "gmx.de", "web.de", "t-online.de"], "fr": ["gmail.com", "orange.fr", "hotmail.fr"],
            "it": ["gmail.com", "libero.it"], "es": ["gmail.com", "hotmail.es"], "nl": ["gmail.com", "ziggo.nl"],
            "pl": ["gmail.com", "wp.pl", "onet.pl"], "en": ["gmail.com", "outlook.com", "yahoo.co.uk"]}
SYL = ["ac", "me", "tec", "on", "ix", "ver", "ta", "lu", "nor", "bel", "sol", "tra", "mar", "kon", "dat", "sys", "pro",
       "vi", "ra", "len", "gen", "tor", "wer", "ko", "ma", "fa", "bri", "ka", "mo", "stu", "al", "ber", "lin", "sen"]
SUFFIX = ["", "", "", " Systems", " Technik", " Logistik", " Solutions", " Industries", " Group", " Werke", " Consulting"]

FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e", "ê": "e", "ë": "e", "à": "a", "á": "a",
                      "â": "a", "í": "i", "ï": "i", "ó": "o", "ô": "o", "ú": "u", "ñ": "n", "ç": "c", "ł": "l", "ś": "s",
                      "ź": "z", "ż": "z", "ć": "c", "ń": "n", "ą": "a", "ę": "e", "'": "", " ": ""})
TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def ascii_slug(s):
    return s.lower().translate(FOLD).replace("-", "").replace(".", "")


def typo(r, s):
    if len(s) < 4:
        return s
    i = r.randrange(1, len(s) - 1)
    op = r.randrange(4)
    letters = "abcdefghijklmnopqrstuvwxyz"
    if op == 0:
        return s[:i] + r.choice(letters) + s[i + 1:]
    if op == 1:
        return s[:i] + s[i + 1:]
    if op == 2:
        return s[:i] + r.choice(letters) + s[i:]
    return s[:i] + s[i + 1] + s[i] + s[i + 2:]


class Gen:
    def __init__(self, seed, records):
        self.r = random.Random(seed)
        self.target = records
        self.rows = []
        self.next_person = 0
        self.used_emails = set()
        self.make_companies(max(30, records // 14))

    def make_companies(self, n):
        r = self.r
        self.companies = []
        seen = set()
        while len(self.companies) < n:
            loc = r.choice(list(FIRST))
            base = "".join(r.choice(SYL) for _ in range(r.randint(2, 3))).capitalize() + r.choice(SUFFIX)
            key = base.lower()
            if key in seen:
                continue
            seen.add(key)
            domain = ascii_slug(base.replace(" ", "-")) + "." + TLD[loc]
            cc, pfx = CC[loc]
            switchboard = "+" + pfx + str(r.randint(10, 99)) + str(r.randint(1000000, 9999999))
            self.companies.append({"key": key, "domain": domain, "loc": loc, "country": cc, "switch": switchboard})
        # Zipf-like weights: a few large accounts, many small ones.
        self.cum_weights = list(itertools.accumulate(1.0 / (i + 1) ** 0.6 for i in range(n)))

    def phone(self, loc):
        return "+" + CC[loc][1] + str(self.r.randint(150, 179)) + str(self.r.randint(1000000, 9999999))

    def work_email(self, first, last, domain, style=None):
        r = self.r
        f, l = ascii_slug(first), ascii_slug(last)
        style = style if style is not None else r.randrange(4)
        local = [f + "." + l, f[0] + "." + l, f + l, l][style]
        email = local + "@" + domain
        k = 2
        while email in self.used_emails:
            email = local + str(k) + "@" + domain
            k += 1
        self.used_emails.add(email)
        return email

    def personal_email(self, first, last, loc):
        r = self.r
        dom = r.choice(FREEMAIL[loc])
        email = ascii_slug(first) + "." + ascii_slug(last) + str(r.randint(1, 999)) + "@" + dom
        while email in self.used_emails:
            email = ascii_slug(first) + ascii_slug(last) + str(r.randint(1000, 99999)) + "@" + dom
        self.used_emails.add(email)
        return email

    def person(self, first=None, last=None, loc=None, company=None, home_phone=None):
        r = self.r
        company = company or r.choices(self.companies, cum_weights=self.cum_weights)[0]
        loc = loc or (company["loc"] if r.random() < 0.85 else r.choice(list(FIRST)))
        if first is None:
            first = r.choice(FIRST[loc])[0]
        if last is None:
            last = r.choice(LAST[loc])
            if loc == "es" and r.random() < 0.7:          # Spanish: two family names
                last = last + " " + r.choice(LAST[loc])
        pid = self.next_person
        self.next_person += 1
        p = {"id": pid, "first": first, "last": last, "loc": loc, "company": company,
             "work": self.work_email(first, last, company["domain"]) if r.random() < 0.85 else "",
             "personal": self.personal_email(first, last, loc) if r.random() < 0.5 else "",
             "mobile": self.phone(loc) if r.random() < 0.7 else "",
             "home": home_phone or "",
             "office": self.phone(loc) if r.random() < 0.2 else ""}   # a second, direct line
        return p

    def record(self, p, dup):
        """One row for person p; dup=True applies the duplicate variations."""
        r = self.r
        c = p["company"]
        first, last = p["first"], p["last"]
        email, free = (p["work"], False) if p["work"] else ((p["personal"], True) if p["personal"] else ("", False))
        phone = p["mobile"] or p["home"]
        if r.random() < 0.12:
            phone = c["switch"]                           # purchased lists often carry the switchboard
        company_key, domain, country = c["key"], c["domain"], c["country"]
        if dup:
            x = r.random()
            if x < 0.10 and first in NICK:
                first = r.choice(NICK[first])
            elif x < 0.15:
                first = typo(r, first)
            elif x < 0.20:
                first = first[0] + "."
            if r.random() < 0.06:
                last = typo(r, last)
            if any(ch in last for ch in "äöüÄÖÜß") and r.random() < 0.5:
                last = last.translate(TRANSLIT) if r.random() < 0.6 else last.translate(FOLD).capitalize()
            if r.random() < 0.08:
                first, last = last, first
            if r.random() < 0.08:
                first, last = first.upper(), last.upper()
            if r.random() < 0.05:
                first = " " + first + "  "
            e = r.random()
            if e < 0.18:
                email, free = "", False
            elif e < 0.30 and p["personal"] and p["work"]:
                email, free = (p["personal"], True) if email == p["work"] else (p["work"], False)
            elif e < 0.34 and email:
                local, _, dom = email.partition("@")
                email = local + "+" + r.choice(["news", "crm", "lists"]) + "@" + dom
            ph = r.random()
            if ph < 0.35:
                phone = ""
            elif ph < 0.45:
                phone = p["home"] or p["mobile"]
            elif ph < 0.60 and p["office"]:
                phone = p["office"]
            if r.random() < 0.10:
                company_key = ""
            elif r.random() < 0.04:
                company_key = typo(r, company_key)
            if r.random() < 0.15:
                domain = ""
            if r.random() < 0.10:
                country = ""
        if email and not free and email.split("@")[1] != c["domain"]:
            pass
        if not email.endswith("@" + c["domain"]) and domain and r.random() < 0.3:
            domain = ""                                    # no website column, free-mail email: no domain
        return {"true_id": p["id"], "first_name": first.strip() if r.random() < 0.9 else first,
                "last_name": last, "email": email, "email_is_free": int(free), "phone": phone, "domain": domain,
                "company_key": company_key, "country": country, "is_form": int(r.random() < 0.3)}

    def run(self):
        r = self.r
        while len(self.rows) < self.target:
            x = r.random()
            group = []
            if x < 0.05:                                   # very common name, different companies
                f, l, loc = r.choice(COMMON)
                group.append(self.person(f, l, loc))
            elif x < 0.065:                                # namesakes at the same company (1.5% of people)
                a = self.person()
                b = self.person(a["first"], a["last"], a["loc"], a["company"])
                if a["work"] and not b["work"]:
                    b["work"] = self.work_email(b["first"], b["last"], b["company"]["domain"])
                group += [a, b]
            elif x < 0.105:                                # family sharing a home phone (4%)
                a = self.person()
                home = self.phone(a["loc"])
                a["home"], a["mobile"] = home, ""
                g = r.choice(FIRST[a["loc"]])[0]
                while g == a["first"]:
                    g = r.choice(FIRST[a["loc"]])[0]
                b = self.person(g, a["last"], a["loc"], None, home)
                b["mobile"] = ""
                group += [a, b]
            else:
                group.append(self.person())
            for p in group:
                self.rows.append(self.record(p, False))
                if r.random() < 0.35:
                    for _ in range(r.choice([1, 1, 1, 2, 2, 3])):
                        self.rows.append(self.record(p, True))
        self.rows = self.rows[: self.target]
        r.shuffle(self.rows)
        return self.rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default="-")
    a = ap.parse_args()
    rows = Gen(a.seed, a.records).run()
    out = sys.stdout if a.out == "-" else open(a.out, "w", newline="", encoding="utf-8")
    w = csv.writer(out, lineterminator="\n")
    cols = ["id", "true_id", "first_name", "last_name", "email", "email_is_free", "phone", "domain",
            "company_key", "country", "is_form"]
    w.writerow(cols)
    for i, row in enumerate(rows):
        w.writerow([i] + [row[c] for c in cols[1:]])
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
