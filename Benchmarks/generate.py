#!/usr/bin/env python3
"""Deterministic, seeded generator of benchmark inputs for `make bench` (standard library only).

    python3 Benchmarks/generate.py --rows 1000000 --out bench-data/purchased-1000000.csv \
        [--form-out bench-data/form-1000000.csv] [--form-rows N] [--seed S]

The purchased list (--out): ROWS data records (default 1,000,000, about 200 MB), 20 columns, comma,
UTF-8 without BOM, LF; like a list bought from a data vendor: names with accents, quoted company names
holding commas, a notes field that sometimes holds a quoted line break, phones in national and
international formats matching the row's country, revenue in several notations ("12000000",
"12,000,000", "$12,000,000", "EUR 5000000", "€5.2M", empty), employee counts and a few ranges
("50-199"), and planted duplicates: about 5% of rows repeat an earlier person (same first and last name) with
the email in other case and with a trailing space, and other vendor values for the rest.

The form export (--form-out, optional): FORM_ROWS records (default ROWS/10), 12 columns, semicolon,
UTF-8 with BOM, CRLF, German-style headers mixed in ("Firma", "Umsatz"), like a web-form/newsletter
export; about 30% of its records are people of the purchased list (same name, the email with other
case/spacing: cross-file duplicates), and a consent column ("Opt-in").

Same arguments give the same bytes (random.Random(seed), no clock, no hash order).
"""
import argparse
import csv
import random

FIRST = ["Anna", "Jürgen", "Zoë", "François", "Robert", "Maria", "Lukas", "Sofia", "Pieter", "Elena", "James",
         "Katherine", "Giuseppe", "Hans", "Olivia", "Mateo", "Chloé", "Björn", "Agnieszka", "Liam"]
LAST = ["Müller", "Schmidt", "Dubois", "Rossi", "de Vries", "García", "Smith", "Nowak", "Johansson", "O'Brien",
        "Fischer", "Weber", "Martin", "Bianchi", "Jansen", "López", "Brown", "Kowalski", "Larsen", "Meyer"]
STEMS = ["Acme", "Nordwerk", "Precision", "Alpen", "Rhein", "Atlas", "Vector", "Helix", "Kessler", "Orion",
         "Brenner", "Falcon", "Union", "Delta", "Zenith", "Polar", "Summit", "Crown", "Metro", "Pioneer"]
FORMS = ["GmbH", "AG", "Inc.", "Ltd", "B.V.", "SAS", "S.p.A.", "GmbH & Co. KG", "LLC", "Oy"]
INDUSTRIES = ["Manufacturing", "manufacturing", "Retail", "Logistics", "Software", "Healthcare", "Construction"]
# country code, calling code, national trunk prefix, cities
COUNTRIES = [("DE", "49", "0", ["Berlin", "München", "Köln"]), ("AT", "43", "0", ["Wien", "Graz"]),
             ("CH", "41", "0", ["Zürich", "Basel"]), ("NL", "31", "0", ["Amsterdam", "Utrecht"]),
             ("FR", "33", "0", ["Lyon", "Paris"]), ("US", "1", "", ["Austin", "Chicago", "Boston"])]
PLATFORMS = ["Windows", "Linux", "macOS", ""]
SOFTWARE = ["none", "SAP", "Odoo", "None", ""]
TITLES = ["CEO", "CTO", "Head of IT", "Plant Manager", "Buyer", "Managing Director", "IT-Leiter"]
NOTES = ["", "", "called twice", "prefers email, not phone", "line one\nline two", "met at \"Hannover Messe\""]
HEADER = ["First Name", "Last Name", "Email", "Phone", "Job Title", "Company", "Website", "Industry", "Employees",
          "Annual Revenue", "Country", "City", "IT Platform", "Management Software", "Source", "Vendor Ref",
          "Created", "Notes", "Street", "Zip"]
FORM_HEADER = ["E-Mail", "Vorname", "Nachname", "Telefon", "Firma", "Position", "Land", "Branche",
               "Mitarbeiter", "Umsatz", "Opt-in", "Submitted At"]
ASCII = str.maketrans({"ü": "ue", "ë": "e", "ç": "c", "é": "e", "ö": "o", "ä": "ae", "ß": "ss"})


def phone(rng, calling, trunk):
    """A phone in one of the notations lists come with, for the row's country."""
    if calling == "1":
        area, a, b = rng.randint(201, 989), rng.randint(200, 999), rng.randint(1000, 9999)
        return rng.choice([f"({area}) {a}-{b}", f"+1 {area} {a} {b}", f"{area}.{a}.{b}", f"1-{area}-{a}-{b}"])
    area, number = rng.randint(20, 99), rng.randint(100000, 9999999)
    return rng.choice([f"+{calling} {area} {number}", f"{trunk}{area} {number}", f"{trunk}{area}/{number}",
                       f"00{calling} {area} {number}", f"+{calling} ({trunk}){area}-{number}"])


def revenue(rng):
    return rng.choice([f"{rng.randint(1, 900) * 100000}", f"{rng.randint(1, 90)},{rng.randint(100, 999)},000",
                       f"${rng.randint(1, 50)},000,000", f"EUR {rng.randint(1, 400) * 50000}",
                       f"€{rng.randint(1, 99) / 10}M", "", ""])


def employees(rng):
    return str(rng.randint(1, 5000)) if rng.random() < 0.9 else rng.choice(["1-9", "10-49", "50-199", "200+"])


def write_purchased(path, rows, rng, emails):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for index in range(rows):
            if emails and rng.random() < 0.05:
                email, first, last = rng.choice(emails)
                email = email.upper() + " "
            else:
                first, last = rng.choice(FIRST), rng.choice(LAST)
                email = f"{first.lower()}.{index}@{rng.choice(STEMS).lower()}-{index % 9973}.example"
                email = email.translate(ASCII)
                emails.append((email, first, last))
            country, calling, trunk, cities = rng.choice(COUNTRIES)
            company = f"{rng.choice(STEMS)} {rng.choice(STEMS)}, {rng.choice(FORMS)}"
            writer.writerow([
                first, last, email, phone(rng, calling, trunk), rng.choice(TITLES), company,
                f"https://www.{rng.choice(STEMS).lower()}.example/", rng.choice(INDUSTRIES), employees(rng),
                revenue(rng), country, rng.choice(cities), rng.choice(PLATFORMS), rng.choice(SOFTWARE), "vendor-a",
                f"V{index:08d}", "2026-11-01", rng.choice(NOTES),
                f"{rng.choice(STEMS)}straße {rng.randint(1, 200)}", f"{rng.randint(10000, 99999)}",
            ])


def write_form(path, rows, rng, emails):
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(FORM_HEADER)
        for index in range(rows):
            if emails and rng.random() < 0.30:
                email, first, last = rng.choice(emails)
                email = " " + email.capitalize()
            else:
                first, last = rng.choice(FIRST), rng.choice(LAST)
                email = f"{first.lower().translate(ASCII)}.f{index}@{rng.choice(STEMS).lower()}.example"
            country, calling, trunk, _ = rng.choice(COUNTRIES)
            writer.writerow([
                email, first, last, phone(rng, calling, trunk) if rng.random() < 0.6 else "",
                f"{rng.choice(STEMS)} {rng.choice(FORMS)}", rng.choice(TITLES), country, rng.choice(INDUSTRIES),
                employees(rng), revenue(rng), rng.choice(["yes", "no", "Ja", "", "opted in"]),
                f"2026-10-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
            ])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="data records of the purchased list")
    parser.add_argument("--out", required=True, help="the purchased list (comma, UTF-8, LF)")
    parser.add_argument("--form-out", help="also write a form export (semicolon, UTF-8 BOM, CRLF)")
    parser.add_argument("--form-rows", type=int, help="data records of the form export (default ROWS/10)")
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    emails = []
    write_purchased(args.out, args.rows, rng, emails)
    if args.form_out:
        write_form(args.form_out, args.form_rows if args.form_rows is not None else max(1, args.rows // 10),
                   random.Random(args.seed + 1), emails)


if __name__ == "__main__":
    main()
