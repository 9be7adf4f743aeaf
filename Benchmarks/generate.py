#!/usr/bin/env python3
"""Deterministic generator of a large purchased contact list for `make bench`.

Writes ROWS data records (default 1,000,000, about 200 MB) with 20 columns: names with accents,
quoted company names holding commas, phones in national formats, revenue in several notations,
and planted duplicates (about 5% of rows repeat an earlier email with other case and spacing).
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
COUNTRIES = [("DE", "+49"), ("AT", "+43"), ("CH", "+41"), ("NL", "+31"), ("FR", "+33"), ("US", "+1")]
PLATFORMS = ["Windows", "Linux", "macOS", ""]
SOFTWARE = ["none", "SAP", "Odoo", "None", ""]
HEADER = ["First Name", "Last Name", "Email", "Phone", "Job Title", "Company", "Website", "Industry", "Employees",
          "Annual Revenue", "Country", "City", "IT Platform", "Management Software", "Source", "Vendor Ref",
          "Created", "Notes", "Street", "Zip"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    emails = []
    with open(args.out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for index in range(args.rows):
            if emails and rng.random() < 0.05:
                email = rng.choice(emails).upper() + " "
            else:
                email = f"{rng.choice(FIRST).lower()}.{index}@{rng.choice(STEMS).lower()}-{index % 9973}.example"
                email = email.replace("ü", "ue").replace("ë", "e").replace("ç", "c").replace("é", "e").replace("ö", "o")
                emails.append(email)
            country, prefix = rng.choice(COUNTRIES)
            company = f"{rng.choice(STEMS)} {rng.choice(STEMS)}, {rng.choice(FORMS)}"
            revenue = rng.choice([f"{rng.randint(1, 900) * 100000}", f"{rng.randint(1, 90)},{rng.randint(100, 999)},000",
                                  f"${rng.randint(1, 50)},000,000", ""])
            writer.writerow([
                rng.choice(FIRST), rng.choice(LAST), email, f"{prefix} {rng.randint(10, 99)} {rng.randint(100000, 9999999)}",
                rng.choice(["CEO", "CTO", "Head of IT", "Plant Manager", "Buyer"]), company,
                f"https://www.{rng.choice(STEMS).lower()}.example/", rng.choice(INDUSTRIES), str(rng.randint(1, 5000)),
                revenue, country, rng.choice(["Berlin", "Wien", "Zürich", "Lyon", "Milano", "Austin"]),
                rng.choice(PLATFORMS), rng.choice(SOFTWARE), "vendor-a", f"V{index:08d}", "2026-11-01",
                rng.choice(["", "called twice", "prefers email, not phone", "line one\nline two"]),
                f"{rng.choice(STEMS)}straße {rng.randint(1, 200)}", f"{rng.randint(10000, 99999)}",
            ])


if __name__ == "__main__":
    main()
