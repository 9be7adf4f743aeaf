#!/usr/bin/env python3
"""Generate Winnow's sample input data (deterministic, standard library only).

    python3 SampleData/generate.py

writes, next to this script:

    purchased-eu-vendor.csv   semicolon, UTF-8 with BOM, CRLF
    purchased-us-list.csv     comma, UTF-8 without BOM, LF, quoted commas/newline
    form-newsletter.csv       comma, UTF-8 without BOM, LF (Mailchimp-like export)
    icp.yaml                  the seed ICP ("Manufacturing ERP")
    README.md                 what is in the files and the expected totals

All names, companies, domains and phone numbers are invented.

The script works in two independent halves:

1. *plan*: builds companies and people with a fixed-seed random.Random, plants the
   problems, writes the files and remembers what it planted and what it expects;
2. *verify*: reads the written files back with the csv module only (no access to the
   plan), applies the rules described in README.md (reject, dedupe by normalised email,
   classify against the ICP, count leads) and prints the totals.

The two halves must agree; the script fails (exit 1) otherwise. README.md is written
from the verified numbers.
"""

import csv
import io
import os
import random
import re
import sys
import unicodedata
from collections import OrderedDict

SEED = 20241125
HERE = os.path.dirname(os.path.abspath(__file__))

EU_FILE = "purchased-eu-vendor.csv"
US_FILE = "purchased-us-list.csv"
FORM_FILE = "form-newsletter.csv"

EU_HEADER = ["First Name", "Last Name", "E-Mail", "Phone", "Job Title", "Company Name",
             "Website", "Industry", "Employees", "Annual Revenue", "Country", "City",
             "IT Platform", "Management Software", "Vendor Ref"]
US_HEADER = ["First", "Last", "Email Address", "Phone Number", "Title", "Company", "Domain",
             "Industry", "Employee Count", "Revenue", "Country", "City", "Notes"]
FORM_HEADER = ["Email Address", "First Name", "Last Name", "Company", "Phone Number",
               "GDPR Consent", "OPTIN_TIME", "CONFIRM_TIME", "LEID"]

FX_TO_EUR = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17, "CHF": 1.05}
POSITIVE_CONSENT = ["yes", "Yes", "true", "opted in"]
NONPOSITIVE_CONSENT = ["no", "", "0"]

rng = random.Random(SEED)

# --------------------------------------------------------------------------------------
# reference pools (invented combinations of common names)
# --------------------------------------------------------------------------------------

EU_FIRST = {
    "DE": ["Jürgen", "Anna", "Thomas", "Stefan", "Sabine", "Michael", "Andreas", "Katrin",
           "Jörg", "Günter", "Björn", "Sören", "Ute", "Claudia", "Matthias", "Lukas",
           "Sophie", "Maximilian", "Felix", "Jana", "Tobias", "Carina", "Ralf", "Heike",
           "Dörte", "Uwe", "Frank", "Markus", "Bärbel", "Hans-Peter", "Eva-Maria", "Till",
           "Nils", "Kerstin", "Holger", "Birgit", "Dirk", "Silke", "Jens", "Anke"],
    "AT": ["Florian", "Johanna", "Wolfgang", "Christoph", "Theresa", "Sebastian", "Lorenz",
           "Magdalena", "Gerhard", "Veronika", "Jürgen", "Katharina"],
    "CH": ["Urs", "Beat", "Reto", "Corinne", "Nicolas", "Céline", "Martina", "Res",
           "Daniela", "Stéphanie", "Adrian", "Mirjam"],
    "NL": ["Daan", "Sanne", "Jeroen", "Femke", "Bram", "Anouk", "Joost", "Maarten", "Eline",
           "Sietske", "Ruud", "Zoë", "Wouter", "Marloes"],
    "FR": ["François", "Hélène", "Zoë", "Amélie", "Benoît", "Jérôme", "Céline", "Léa",
           "Mathéo", "Gaëlle", "Thérèse", "Loïc", "Noël", "Aurélie", "Frédéric", "Maëlle"],
}
EU_LAST = {
    "DE": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
           "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
           "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
           "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Köhler", "Jäger", "Groß",
           "Weiß", "Öztürk", "Lehmann", "Böhm", "Vogt", "Seifert", "Dietrich", "Kühn"],
    "AT": ["Gruber", "Huber", "Pichler", "Moser", "Steiner", "Egger", "Hölzl", "Leitner",
           "Wimmer", "Hofer", "Mayrhofer", "Aigner"],
    "CH": ["Keller", "Frei", "Baumann", "Gerber", "Bühler", "Lüthi", "Meier", "Brunner",
           "Favre", "Rochat", "Zürcher", "Hänni"],
    "NL": ["de Vries", "van Dijk", "Jansen", "Bakker", "Visser", "Smit", "van den Berg",
           "de Boer", "Mulder", "Bos", "Vos", "Hendriks", "van Leeuwen", "Dekker"],
    "FR": ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Girard",
           "Rousseau", "Fontaine", "Chevalier", "Lemaître", "Bonnet", "Gauthier", "Mercier",
           "Faure", "Rivière"],
}
EU_TITLES = ["Geschäftsführung", "Geschäftsführung", "Leitung Einkauf", "Leitung Einkauf",
             "IT-Leiter", "Head of IT", "CFO", "Kaufmännischer Leiter", "Produktionsleiter",
             "Werksleiter", "Operations Manager", "Prokurist", "CEO", "COO",
             "Leiter Finanzen, Controlling", "Head of Operations", "Supply Chain Manager",
             "Teamleitung Arbeitsvorbereitung", ""]
EU_TITLES_BY_CC = {
    "FR": ["Direction Générale", "Responsable Achats", "DSI", "Direction Financière",
           "Responsable de Production", "Head of IT", "CFO", ""],
    "NL": ["Inkoopmanager", "Directeur", "Bedrijfsleider", "Hoofd ICT", "Operations Manager",
           "CFO", ""],
}
EU_COUNTRY = {
    # code: (labels used by the vendor, cities with dialling area codes)
    "DE": (["Germany", "Germany", "DE", "Deutschland"],
           [("Berlin", "30"), ("München", "89"), ("Hamburg", "40"), ("Köln", "221"),
            ("Stuttgart", "711"), ("Düsseldorf", "211"), ("Nürnberg", "911"),
            ("Augsburg", "821"), ("Bielefeld", "521"), ("Würzburg", "931"),
            ("Göttingen", "551"), ("Lübeck", "451"), ("Osnabrück", "541"),
            ("Saarbrücken", "681"), ("Tübingen", "7071"), ("Chemnitz", "371")]),
    "AT": (["Austria", "AT", "Österreich"],
           [("Wien", "1"), ("Graz", "316"), ("Linz", "732"), ("Salzburg", "662"),
            ("Innsbruck", "512"), ("Wels", "7242")]),
    "CH": (["Switzerland", "CH", "Schweiz"],
           [("Zürich", "44"), ("Basel", "61"), ("Bern", "31"), ("Genève", "22"),
            ("Lausanne", "21"), ("St. Gallen", "71"), ("Winterthur", "52")]),
    "NL": (["Netherlands", "NL", "Nederland"],
           [("Amsterdam", "20"), ("Rotterdam", "10"), ("Eindhoven", "40"), ("Utrecht", "30"),
            ("Enschede", "53"), ("Tilburg", "13")]),
    "FR": (["France", "FR"],
           [("Paris", "1"), ("Lyon", "4"), ("Toulouse", "5"), ("Strasbourg", "3"),
            ("Nantes", "2"), ("Grenoble", "4"), ("Saint-Étienne", "4"), ("Besançon", "3")]),
}
EU_PLACES = {
    "DE": ["Rheintal", "Allgäu", "Schwarzwald", "Bodensee", "Isar", "Elbe", "Ruhr", "Spree",
           "Neckar", "Weser", "Harz", "Taunus", "Eifel", "Sauerland", "Lahn", "Mosel",
           "Altmühl", "Erzgebirge", "Oberland", "Hanse"],
    "AT": ["Alpen", "Donau", "Tirol", "Inntal", "Wachau", "Salzach", "Murtal", "Traun"],
    "CH": ["Aare", "Jura", "Limmat", "Emmental", "Rigi", "Säntis", "Léman", "Toggenburg"],
    "NL": ["Delta", "Polder", "Zuidhaven", "Noordzee", "Brabant", "Twente", "Veluwe", "Maas"],
    "FR": ["Loire", "Rhône", "Alsace", "Provence", "Normandie", "Vosges", "Savoie", "Jura"],
}
EU_LEGAL = {"DE": ["GmbH", "GmbH", "GmbH", "AG", "GmbH & Co. KG", "KG"],
            "AT": ["GmbH", "GmbH", "AG"],
            "CH": ["AG", "AG", "SA", "GmbH"],
            "NL": ["B.V.", "B.V.", "N.V."],
            "FR": ["SAS", "SAS", "SA", "SARL"]}
EU_SECTOR = {
    "Manufacturing": {
        "DE": ["Maschinenbau", "Präzisionstechnik", "Antriebstechnik", "Metallverarbeitung",
               "Kunststofftechnik", "Werkzeugbau", "Fördertechnik", "Stahlbau", "Gießerei",
               "Feinmechanik", "Armaturen", "Verpackungsmaschinen", "Oberflächentechnik"],
        "NL": ["Machinefabriek", "Metaalbewerking", "Kunststoffen", "Precisietechniek"],
        "FR": ["Mécanique", "Usinage", "Industries", "Plasturgie", "Fonderie"]},
    "Retail": {"DE": ["Handel", "Fachmarkt", "Warenhaus"], "NL": ["Retail", "Winkels"],
               "FR": ["Distribution", "Commerce"]},
    "Logistics": {"DE": ["Logistik", "Spedition", "Transporte"], "NL": ["Logistiek", "Transport"],
                  "FR": ["Logistique", "Transports"]},
    "Software": {"DE": ["Software", "IT-Solutions", "Digital", "Systemhaus"],
                 "NL": ["Software", "ICT"], "FR": ["Informatique", "Logiciels"]},
    "Healthcare": {"DE": ["Klinik", "Pflegedienste", "Gesundheitszentrum", "Praxisverbund"],
                   "NL": ["Zorg", "Zorggroep"], "FR": ["Santé", "Clinique"]},
    "Construction": {"DE": ["Bau", "Bauunternehmung", "Hochbau", "Tiefbau"],
                     "NL": ["Bouw", "Bouwgroep"], "FR": ["Construction", "BTP"]},
}
NON_MFG = ["Retail", "Logistics", "Software", "Healthcare", "Construction"]

US_FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
            "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph",
            "Jessica", "Thomas", "Sarah", "Christopher", "Karen", "Daniel", "Nancy",
            "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra", "Steven", "Ashley",
            "Paul", "Kimberly", "Andrew", "Emily", "Joshua", "Donna", "Kenneth", "Michelle",
            "Kevin", "Carol", "Brian", "Amanda", "Priya", "Wei", "Carlos", "Aisha",
            "Hiroshi", "Sofia", "Mateo", "Olivia", "Liam", "Noah", "Emma"]
CA_FIRST = ["Chloé", "Geneviève", "Marc-André", "Étienne", "Mélanie", "Liam", "Olivia",
            "Gabriel", "Noémie", "Ryan"]
US_LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
           "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
           "Taylor", "Moore", "Jackson", "Lee", "Perez", "Thompson", "White", "Harris",
           "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen",
           "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams",
           "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
           "O'Brien", "Kowalski", "Patel", "Chen"]
CA_LAST = ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie",
           "MacDonald", "Fortin"]
NICK = {"Robert": "Bob", "William": "Bill", "Elizabeth": "Liz", "Jennifer": "Jen",
        "Michael": "Mike", "Richard": "Rick", "Joseph": "Joe", "Christopher": "Chris",
        "Thomas": "Tom", "Kimberly": "Kim", "Daniel": "Dan", "Matthew": "Matt"}
US_TITLES = ["VP Operations", "Plant Manager", "Director of IT", "CFO", "Purchasing Manager",
             "Owner", "President", "Controller", "IT Manager", "Operations Director",
             "VP, Manufacturing", "Director, Supply Chain", "COO", "General Manager", ""]
US_CITIES = [("Cleveland", "216"), ("Detroit", "313"), ("Chicago", "312"),
             ("Pittsburgh", "412"), ("Milwaukee", "414"), ("Houston", "713"),
             ("Charlotte", "704"), ("Columbus", "614"), ("Indianapolis", "317"),
             ("Grand Rapids", "616"), ("Austin", "512"), ("Denver", "303"),
             ("Portland", "503"), ("Nashville", "615"), ("Toledo", "419"), ("Akron", "330")]
CA_CITIES = [("Toronto", "416"), ("Mississauga", "905"), ("Montréal", "514"),
             ("Calgary", "403"), ("Waterloo", "519"), ("Québec", "418")]
US_PLACES = ["Great Lakes", "Midwest", "Keystone", "Bay Area", "Lone Star", "Cascade",
             "Ohio Valley", "Piedmont", "Summit", "Prairie", "Granite State", "Gulf Coast",
             "Rocky Mountain", "Hudson", "Tri-County", "Northland", "Heartland", "Liberty",
             "Pioneer", "Allegheny", "Buckeye", "Badger", "Red River", "Blue Ridge"]
CA_PLACES = ["Maple Leaf", "Laurentian", "Niagara", "Northern Shield", "Ottawa Valley",
             "St. Lawrence"]
US_SECTOR = {
    "Manufacturing": ["Precision Machining", "Tool & Die", "Plastics", "Metal Works",
                      "Fabrication", "Industrial Controls", "Castings", "Hydraulics",
                      "Packaging Machinery", "Fasteners", "Gear Works"],
    "Retail": ["Outfitters", "Home Goods", "Supply Stores"],
    "Software": ["Software", "Analytics", "Cloud Systems"],
    "Logistics": ["Freight", "Logistics"],
    "Healthcare": ["Health Partners", "Medical Group"],
    "Financial Services": ["Capital", "Financial"],
    "Construction": ["Builders", "Construction"],
}
US_LEGAL = ["Inc.", ", Inc.", "LLC", ", LLC", "Corp.", "Corporation", "Co."]
US_NOTES = ["", "", "", "", "", "", "", "Met at booth, wants a demo",
            "Bounced once, verify address", "Source: trade show list, 2024",
            "Prefers email, not phone", "Ex-customer of competitor, churned 2023"]

CONSUMER_DOMAINS = ["gmail.com", "web.de", "gmx.de", "outlook.com", "yahoo.com",
                    "t-online.de", "hotmail.fr", "ziggo.nl", "bluewin.ch", "gmx.at",
                    "icloud.com", "proton.me"]

# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------

_GERMAN = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}


def ascii_fold(s, german=True):
    if german:
        s = "".join(_GERMAN.get(c, c) for c in s)
    s = unicodedata.normalize("NFD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def slug(s, sep="-"):
    s = ascii_fold(s).lower().replace("&", " ")
    s = re.sub(r"[^a-z0-9]+", sep, s).strip(sep)
    return s


def local_part(first, last, pattern):
    f = re.sub(r"[^a-z0-9-]", "", ascii_fold(first).lower().replace(" ", ""))
    l = re.sub(r"[^a-z0-9]", "", ascii_fold(last).lower().replace(" ", "").replace("-", ""))
    f_nodash = f.replace("-", "")
    if pattern == "first.last":
        return f"{f}.{l}"
    if pattern == "f.last":
        return f"{f_nodash[0]}.{l}"
    if pattern == "flast":
        return f"{f_nodash[0]}{l}"
    if pattern == "first_last":
        return f"{f}_{l}"
    if pattern == "last":
        return l
    raise ValueError(pattern)


def aggressive_key(email):
    """A stricter-than-needed email key (dots and +tags removed) used only to make sure
    that distinct people never collide, whatever normaliser Winnow chooses."""
    local, _, domain = email.strip().lower().partition("@")
    local = local.split("+")[0].replace(".", "").replace("_", "").replace("-", "")
    return local + "@" + domain


def company_key(name):
    """Company name stripped of legal forms and punctuation: used to keep invented
    companies from colliding with each other across files."""
    s = ascii_fold(name).lower()
    s = re.sub(r"\b(gmbh & co\. kg|gmbh|ag|kg|b\.v\.|n\.v\.|sas|sa|sarl|inc\.?|llc|llp|"
               r"corp\.?|corporation|co\.|ltd\.?)", " ", s)
    return re.sub(r"[^a-z0-9]+", "", s)


def digits(s):
    return re.sub(r"\D", "", s)


def fmt_row(fields, delimiter, lineterminator):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=lineterminator,
               quoting=csv.QUOTE_MINIMAL).writerow(fields)
    return buf.getvalue()


def fmt_int(n, grouped):
    return f"{n:,}" if grouped else str(n)


_used_phone_digits = set()


def unique_number(ndigits):
    while True:
        n = str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(ndigits - 1))
        if n not in _used_phone_digits:
            _used_phone_digits.add(n)
            return n


def group(s, sizes):
    out, i = [], 0
    for k in sizes:
        out.append(s[i:i + k])
        i += k
    if i < len(s):
        out.append(s[i:])
    return " ".join(x for x in out if x)


def eu_phone(cc, area, style=None, number=None):
    """A phone number in one of the national formats vendors deliver. Returns
    (formatted, canonical) where canonical identifies the line independent of format."""
    nlen = {"DE": 7, "AT": 7, "CH": 7, "NL": 7, "FR": 8}[cc]
    if cc == "DE":
        nlen = max(5, 10 - len(area))
    if cc == "AT":
        nlen = max(5, 9 - len(area))
    if cc == "NL":
        nlen = 9 - len(area)
    if cc == "FR":
        nlen = 8
    number = number or unique_number(nlen)
    dial = {"DE": "49", "AT": "43", "CH": "41", "NL": "31", "FR": "33"}[cc]
    styles = {
        "DE": ["intl", "national", "paren_pairs", "intl_paren", "slash", "dash"],
        "AT": ["intl_groups", "national", "intl"],
        "CH": ["intl_ch", "national_ch"],
        "NL": ["intl_groups", "national_dash"],
        "FR": ["intl_fr", "national_fr"],
    }[cc]
    style = style or rng.choice(styles)
    if style == "intl":
        s = f"+{dial} {area} {number}"
    elif style == "national":
        s = f"0{area} {number}"
    elif style == "paren_pairs":
        s = f"(0){area} " + group(number, ([3] if len(number) % 2 else []) + [2] * 6)
    elif style == "intl_paren":
        s = f"+{dial} (0){area} {number}"
    elif style == "slash":
        s = f"0{area}/{number}"
    elif style == "dash":
        s = f"0{area}-{number}"
    elif style == "intl_groups":
        s = f"+{dial} {area} " + group(number, [3, 4])
    elif style == "national_dash":
        s = f"0{area}-{number}"
    elif style == "intl_ch":
        s = f"+41 {area} " + group(number, [3, 2, 2])
    elif style == "national_ch":
        s = f"0{area} " + group(number, [3, 2, 2])
    elif style == "intl_fr":
        full = area + number
        s = "+33 " + group(full, [1, 2, 2, 2, 2])
    elif style == "national_fr":
        full = area + number
        s = "0" + group(full, [1, 2, 2, 2, 2])
    else:
        raise ValueError(style)
    return s, (cc, area, number)


def eu_mobile(number=None):
    prefix = rng.choice(["151", "160", "170", "171", "172", "176"])
    number = number or unique_number(7)
    return rng.choice([f"+49 {prefix} {number}", f"0{prefix} {number}",
                       f"0{prefix}-{number}"]), ("DE", prefix, number)


_used_us = set()


def us_phone(area, style=None):
    """555-0100..555-0199 are reserved for fiction; (area, number) is kept unique."""
    while True:
        number = f"55501{rng.randint(0, 99):02d}"
        if ("US", area, number) not in _used_us:
            break
    _used_us.add(("US", area, number))
    style = style or rng.choice(["paren", "dash", "dots", "intl", "one_dash"])
    canon = ("US", area, number)
    return us_phone_restyle(canon, style), canon


def us_phone_restyle(canon, style):
    _, a, number = canon
    b, c = number[:3], number[3:]
    return {"paren": f"({a}) {b}-{c}", "dash": f"{a}-{b}-{c}", "dots": f"{a}.{b}.{c}",
            "intl": f"+1 {a} {b} {c}", "one_dash": f"1-{a}-{b}-{c}"}[style]


def eu_phone_restyle(canon, style):
    cc, area, number = canon
    if cc == "DE" and len(area) == 3 and area.startswith("1"):  # mobile
        return {"intl": f"+49 {area} {number}", "national": f"0{area} {number}"}.get(
            style, f"+49 {area} {number}")
    s, _ = eu_phone(cc, area, style=style, number=number)
    return s


# --------------------------------------------------------------------------------------
# plan: people and companies
# --------------------------------------------------------------------------------------

used_names = set()        # (folded first, folded last) of every invented person
used_email_keys = set()   # aggressive_key of every invented person's email
used_company_keys = set()
used_domains = set()


def new_name(cc_first, cc_last, first_pool=None, last_pool=None):
    for _ in range(1000):
        first = rng.choice(first_pool or EU_FIRST[cc_first])
        last = rng.choice(last_pool or EU_LAST[cc_last])
        key = (ascii_fold(first).lower(), ascii_fold(last).lower())
        if key not in used_names:
            used_names.add(key)
            return first, last
    raise RuntimeError("name pool exhausted")


def claim_email(local, domain):
    email = f"{local}@{domain}"
    key = aggressive_key(email)
    if key in used_email_keys:
        return None
    used_email_keys.add(key)
    return email


def person_email(first, last, domain, preferred):
    for pattern in [preferred, "first.last", "f.last", "flast", "first_last"]:
        e = claim_email(local_part(first, last, pattern), domain)
        if e:
            return e
    n = 2
    while True:
        e = claim_email(local_part(first, last, "first.last") + str(n), domain)
        if e:
            return e
        n += 1


def claim_company(name, domain):
    k = company_key(name)
    if not k or k in used_company_keys or domain in used_domains:
        return False
    used_company_keys.add(k)
    used_domains.add(domain)
    return True


def eu_revenue(lo, hi):
    """Revenue in EUR rounded to 100k, in one of the formats the vendor uses."""
    v = rng.randrange(lo // 100_000, hi // 100_000 + 1) * 100_000
    return v


def loguniform_int(lo, hi):
    import math
    return int(round(math.exp(rng.uniform(math.log(lo), math.log(hi)))))


def eu_firmographics(klass, subtype):
    """Returns dict(industry, employees(int|None), revenue(int|None), it, mgmt)."""
    mfg = rng.choice(["Manufacturing", "Manufacturing", "Manufacturing", "manufacturing"])
    emp = loguniform_int(22, 4800)
    rev = eu_revenue(6_000_000, 240_000_000)
    it, mgmt = rng.choice([("Windows", "SAP"), ("Linux", "none"), ("", ""), ("macOS", "Odoo"),
                           ("Windows", "none"), ("Linux", "")])
    if klass == "prospect":
        return dict(industry=mfg, employees=emp, revenue=rev, it="Windows",
                    mgmt=rng.choice(["none", "none", "None"]))
    if klass == "suspect":
        it, mgmt = {
            "linux": ("Linux", rng.choice(["none", "None"])),
            "macos": ("macOS", "none"),
            "sap": ("Windows", "SAP"),
            "odoo": ("Windows", "Odoo"),
            "mgmt_unknown": ("Windows", ""),
            "it_unknown": ("", rng.choice(["none", "None"])),
            "both_fail": (rng.choice(["Linux", "Windows"]), rng.choice(["SAP", "Odoo"])),
            "all_unknown": ("", ""),
        }[subtype]
        return dict(industry=mfg, employees=emp, revenue=rev, it=it, mgmt=mgmt)
    # names
    d = dict(industry=mfg, employees=emp, revenue=rev, it=it, mgmt=mgmt)
    if subtype == "other_industry":
        d["industry"] = rng.choice(NON_MFG)
        if rng.random() < 0.3:  # fits the deeper criteria, still only a name
            d["it"], d["mgmt"] = "Windows", "none"
    elif subtype == "rev_unknown":
        d["revenue"] = None
    elif subtype == "rev_low":
        d["revenue"] = eu_revenue(400_000, 4_800_000)
        d["employees"] = loguniform_int(20, 60)
    elif subtype == "emp_low":
        d["employees"] = rng.randint(4, 19)
        d["revenue"] = eu_revenue(5_200_000, 9_000_000)
    elif subtype == "emp_unknown":
        d["employees"] = None
    elif subtype == "ind_unknown":
        d["industry"] = ""
    else:
        raise ValueError(subtype)
    return d


def eu_company(klass, subtype, cc=None, forced=None):
    cc = cc or rng.choice(["DE"] * 10 + ["AT"] * 2 + ["CH"] * 2 + ["NL"] * 3 + ["FR"] * 3)
    f = eu_firmographics(klass, subtype)
    if forced:
        f.update(forced.get("firmo", {}))
    ind = f["industry"].capitalize() if f["industry"] else rng.choice(["Manufacturing"] + NON_MFG)
    lang = cc if cc in ("NL", "FR") else "DE"
    labels, cities = EU_COUNTRY[cc]
    for _ in range(1000):
        sector = rng.choice(EU_SECTOR[ind][lang])
        prefix = rng.choice(EU_PLACES[cc] + [rng.choice(EU_LAST[cc])] * 2)
        legal = rng.choice(EU_LEGAL[cc])
        if lang == "NL" and sector in ("Machinefabriek",):
            name = f"{sector} {prefix} {legal}"
        elif lang == "FR":
            name = f"{sector} {prefix} {legal}" if rng.random() < 0.5 else f"{prefix} {sector} {legal}"
        else:
            name = f"{prefix} {sector} {legal}"
        if forced and "name" in forced:
            name = forced["name"]
        tld = {"DE": "de", "AT": "at", "CH": "ch", "NL": "nl", "FR": "fr"}[cc]
        domain = (forced or {}).get("domain") or f"{slug(prefix)}-{slug(sector)}.{tld}"
        if claim_company(name, domain):
            break
    else:
        raise RuntimeError("company pool exhausted")
    city, area = rng.choice(cities)
    web_style = rng.choice(["www", "www", "https", "bare", "http_slash", "empty"])
    website = {"www": f"www.{domain}", "https": f"https://www.{domain}", "bare": domain,
               "http_slash": f"http://{domain}/", "empty": ""}[web_style]
    emp = f["employees"]
    rev = f["revenue"]
    return dict(
        name=name, cc=cc, country=rng.choice(labels), city=city, area=area, domain=domain,
        website=website, industry=f["industry"],
        employees="" if emp is None else fmt_int(emp, emp >= 1000 and rng.random() < 0.2),
        revenue="" if rev is None else fmt_int(rev, rng.random() < 0.08),
        emp_value=emp, rev_value=rev, it=f["it"], mgmt=f["mgmt"], klass=klass,
        subtype=subtype, email_pattern=rng.choice(["first.last"] * 5 + ["f.last", "flast"]),
        people=[],
    )


def eu_person(co, with_email=True, with_phone=True):
    first, last = new_name(co["cc"], co["cc"])
    email = person_email(first, last, co["domain"], co["email_pattern"]) if with_email else ""
    if with_phone:
        if co["cc"] == "DE" and rng.random() < 0.15:
            phone, canon = eu_mobile()
        else:
            phone, canon = eu_phone(co["cc"], co["area"])
    else:
        phone, canon = "", None
    titles = EU_TITLES_BY_CC.get(co["cc"], EU_TITLES)
    p = dict(first=first, last=last, email=email, phone=phone, phone_canon=canon,
             title=rng.choice(titles), company=co, origin="eu")
    co["people"].append(p)
    return p


# ---- EU vendor list -------------------------------------------------------------------

EU_QUOTA = {"name": 82, "suspect": 72, "prospect": 51}   # unique valid contacts: 205
NAME_SUBTYPES = (["other_industry"] * 10 + ["rev_unknown"] * 3 + ["rev_low"] * 2 +
                 ["emp_low"] * 2 + ["emp_unknown"] * 1 + ["ind_unknown"] * 2)
SUSPECT_SUBTYPES = ["linux", "macos", "sap", "odoo", "mgmt_unknown", "it_unknown",
                    "both_fail", "all_unknown", "linux", "sap", "mgmt_unknown"]

eu_companies = []
eu_contacts = []         # the unique valid contacts (people + company-only rows)

# the headline example from the brief and a few boundary cases, created first
acme = eu_company("prospect", None, cc="DE", forced=dict(
    name="Acme Maschinenbau GmbH", domain="acme-maschinenbau.de",
    firmo=dict(industry="Manufacturing", employees=340, revenue=48_500_000)))
acme["website"] = "www.acme-maschinenbau.de"
acme["employees"], acme["revenue"] = "340", "48500000"
used_names.add(("anna", "schmidt"))
used_email_keys.add(aggressive_key("anna.schmidt@acme-maschinenbau.de"))
anna_phone, anna_canon = eu_phone("DE", "30", style="intl", number="1234567")
anna = dict(first="Anna", last="Schmidt", email="anna.schmidt@acme-maschinenbau.de",
            phone=anna_phone, phone_canon=anna_canon, title="Leiterin Einkauf",
            company=acme, origin="eu")
acme["people"].append(anna)
acme["city"], acme["area"], acme["country"] = "Berlin", "30", "Germany"

boundary_prospect = eu_company("prospect", None, cc="AT", forced=dict(
    firmo=dict(employees=20, revenue=5_000_000)))
boundary_prospect["employees"], boundary_prospect["revenue"] = "20", "5000000"
boundary_prospect["boundary"] = "revenue exactly 5000000 and employees exactly 20 (min is inclusive)"
boundary_rev = eu_company("name", "rev_low", cc="DE", forced=dict(
    firmo=dict(revenue=4_990_000, employees=85)))
boundary_rev["employees"], boundary_rev["revenue"] = "85", "4,990,000"
boundary_rev["boundary"] = "revenue 4,990,000 EUR, just below 5 M"
boundary_emp = eu_company("name", "emp_low", cc="CH", forced=dict(
    firmo=dict(employees=19, revenue=7_200_000)))
boundary_emp["employees"], boundary_emp["revenue"] = "19", "7200000"
boundary_emp["boundary"] = "employees 19, just below 20"
keller = eu_company("suspect", "sap", cc="CH", forced=dict(
    name="Keller; Partner AG", domain="keller-partner.ch",
    firmo=dict(industry="Manufacturing")))
keller["quoted_delimiter"] = True
kilo = eu_company("prospect", None, cc="DE", forced=dict(firmo=dict(employees=1200)))
kilo["employees"] = "1,200"
kilo["boundary"] = "employees written 1,200 (comma thousands separator) = 1200"
special = [acme, boundary_prospect, boundary_rev, boundary_emp, keller, kilo]
eu_companies.extend(special)

counts = {"name": 0, "suspect": 0, "prospect": 0}
# company-only rows: one valid record each, no person (2 names, 1 suspect, 1 prospect)
company_only = []
for klass, sub in [("name", "other_industry"), ("name", "rev_unknown"),
                   ("suspect", "linux"), ("prospect", None)]:
    co = eu_company(klass, sub)
    co["company_only"] = True
    company_only.append(co)
    eu_companies.append(co)
    eu_contacts.append(dict(first="", last="", email="", phone="", phone_canon=None,
                            title="", company=co, origin="eu", company_only=True))
    counts[klass] += 1

# people at the special companies
eu_contacts.append(anna)
counts["prospect"] += 1
for co, k in [(acme, 2), (boundary_prospect, 2), (boundary_rev, 2), (boundary_emp, 1),
              (keller, 2), (kilo, 3)]:
    for _ in range(k):
        eu_contacts.append(eu_person(co))
        counts[co["klass"]] += 1

# a phone-only person (no email, no company): valid identity via the phone
phone_only_first, phone_only_last = new_name("DE", "DE")
po_phone, po_canon = eu_mobile()
phone_only = dict(first=phone_only_first, last=phone_only_last, email="", phone=po_phone,
                  phone_canon=po_canon, title="Einkäufer", company=None, origin="eu",
                  phone_only=True)
eu_contacts.append(phone_only)
counts["name"] += 1

# fill the quotas with ordinary companies of 1-4 contacts
for klass in ["prospect", "suspect", "name"]:
    while counts[klass] < EU_QUOTA[klass]:
        if klass == "name":
            sub = rng.choice(NAME_SUBTYPES)
        elif klass == "suspect":
            sub = rng.choice(SUSPECT_SUBTYPES)
        else:
            sub = None
        co = eu_company(klass, sub)
        eu_companies.append(co)
        k = min(rng.choice([1, 1, 1, 2, 2, 2, 3, 3, 4]), EU_QUOTA[klass] - counts[klass])
        for _ in range(k):
            eu_contacts.append(eu_person(co))
            counts[klass] += 1

# two people without an e-mail but with phone and company (valid, never merged by e-mail)
no_email_people = [p for p in eu_contacts
                   if p.get("company") and not p.get("company_only") and p is not anna
                   and p["company"]["klass"] == "suspect"][3:5]
for p in no_email_people:
    used_email_keys.discard(aggressive_key(p["email"]))
    p["email"] = ""
    p["no_email"] = True

assert len(eu_contacts) == sum(EU_QUOTA.values()) == 205, len(eu_contacts)

# ---- EU row rendering ----------------------------------------------------------------

vendor_ref_counter = [1000]


def vendor_ref():
    vendor_ref_counter[0] += rng.randint(1, 9)
    return f"EUV-{vendor_ref_counter[0]:06d}"


def eu_row(p, email=None, phone=None, company_name=None, title=None, revenue=None,
           employees=None):
    co = p.get("company")
    return [
        p["first"], p["last"], p["email"] if email is None else email,
        p["phone"] if phone is None else phone,
        p["title"] if title is None else title,
        "" if co is None else (co["name"] if company_name is None else company_name),
        "" if co is None else co["website"],
        "" if co is None else co["industry"],
        "" if co is None else (co["employees"] if employees is None else employees),
        "" if co is None else (co["revenue"] if revenue is None else revenue),
        co["country"] if co else "Germany",
        co["city"] if co else "Hannover",
        "" if co is None else co["it"],
        "" if co is None else co["mgmt"],
        vendor_ref(),
    ]


def email_variant(email, kind):
    local, _, domain = email.partition("@")
    if kind == "title_trailing_space":
        tl = ".".join(x[:1].upper() + x[1:] for x in local.split("."))
        td = "-".join(x[:1].upper() + x[1:] for x in domain.split("-"))
        return f"{tl}@{td} "
    if kind == "upper":
        return email.upper()
    if kind == "leading_space":
        return " " + email
    if kind == "mixed":
        tl = ".".join(x[:1].upper() + x[1:] for x in local.split("."))
        return f"{tl}@{domain.upper()}"
    if kind == "both_spaces_upper_domain":
        return f"  {local}@{domain.upper()}  "
    if kind == "same":
        return email
    raise ValueError(kind)


def company_variant(name):
    choice = rng.choice(["upper", "nolegal", "gmbh_dot", "same"])
    if choice == "upper":
        return name.upper()
    if choice == "nolegal":
        return re.sub(r"\s+(GmbH & Co\. KG|GmbH|AG|KG|B\.V\.|N\.V\.|SAS|SA|SARL)$", "", name)
    if choice == "gmbh_dot":
        return name.replace("GmbH", "Gmbh.") if "GmbH" in name else name.lower()
    return name


eu_good = []   # list of (row_fields, meta)
for p in eu_contacts:
    eu_good.append((eu_row(p), dict(kind="good", person=p)))

# within-file duplicates: 10 people twice + 1 person three times = 12 extra records
dupe_candidates = [p for p in eu_contacts
                   if p.get("email") and p is not anna and not p.get("company_only")]
rng.shuffle(dupe_candidates)
eu_dupe_people = [anna] + dupe_candidates[:10]
variants = ["upper", "leading_space", "mixed", "both_spaces_upper_domain",
            "title_trailing_space"]
for i, p in enumerate(eu_dupe_people):
    n_extra = 2 if i == 3 else 1
    for j in range(n_extra):
        kind = "title_trailing_space" if p is anna else variants[(i + j) % len(variants)]
        co = p["company"]
        phone = p["phone"]
        if p["phone_canon"] and rng.random() < 0.7:
            cc = p["phone_canon"][0]
            alt = {"DE": ["national", "intl", "paren_pairs"], "AT": ["national", "intl"],
                   "CH": ["intl_ch", "national_ch"], "NL": ["intl_groups", "national_dash"],
                   "FR": ["intl_fr", "national_fr"]}[cc]
            phone = eu_phone_restyle(p["phone_canon"], rng.choice(alt))
        if p is anna:
            phone = "030 1234567"
        revenue = None
        if co["rev_value"] is not None and rng.random() < 0.4:
            revenue = fmt_int(co["rev_value"], "," not in co["revenue"])
        row = eu_row(p, email=email_variant(p["email"], kind), phone=phone,
                     company_name=company_variant(co["name"]) if p is not anna else
                     "ACME Maschinenbau GmbH",
                     title=rng.choice([p["title"], p["title"], ""]), revenue=revenue)
        eu_good.append((row, dict(kind="dupe", person=p)))
assert sum(1 for _, m in eu_good if m["kind"] == "dupe") == 12

rng.shuffle(eu_good)
# keep Anna's pair in the brief's order: the Title-case variant with a trailing space
# comes first, the lower-case original later
ai = [i for i, (_, m) in enumerate(eu_good) if m["person"] is anna]
if eu_good[ai[0]][1]["kind"] != "dupe":
    eu_good[ai[0]], eu_good[ai[1]] = eu_good[ai[1]], eu_good[ai[0]]

# ---- EU bad rows (written by hand, not through csv.writer) ----------------------------


def new_bad_person(cc="DE"):
    co = rng.choice([c for c in eu_companies if c["cc"] == cc and not c.get("company_only")
                     and "quoted_delimiter" not in c])
    first, last = new_name(cc, cc)
    email = person_email(first, last, co["domain"], "first.last")
    phone, _ = eu_phone(cc, co["area"])
    return first, last, email, phone, co


bad_rows = []   # (raw_line_without_eol, expected_reason, description)

# ragged 1: unquoted ';' inside the company name -> 16 fields
first, last, email, phone, co = new_bad_person()
claim_company("Huber Söhne Metallbau GmbH", "huber-soehne-metallbau.de")
email = person_email(first, last, "huber-soehne-metallbau.de", "first.last")
phone, _ = eu_phone("DE", "731", style="intl")
f = [first, last, email, phone, "Geschäftsführer", "Huber; Söhne Metallbau GmbH",
     "www.huber-soehne-metallbau.de", "Manufacturing", "65", "9800000", "Germany", "Ulm",
     "Windows", "none", vendor_ref()]
bad_rows.append((";".join(f), "expected 15 fields, found 16",
                 f"ragged: company name `Huber; Söhne Metallbau GmbH` contains an unquoted `;`, "
                 f"so the row splits into 16 fields ({email})"))
# ragged 2: truncated export, Vendor Ref missing -> 14 fields
first, last, email, phone, co = new_bad_person()
f = eu_row(dict(first=first, last=last, email=email, phone=phone, title="Werksleiter",
                company=co))[:14]
bad_rows.append((";".join(f), "expected 15 fields, found 14",
                 f"ragged: last column (Vendor Ref) missing, 14 fields ({email})"))
# ragged 3: truncated after Country -> 11 fields
first, last, email, phone, co = new_bad_person("AT")
f = eu_row(dict(first=first, last=last, email=email, phone=phone, title="CFO",
                company=co))[:11]
bad_rows.append((";".join(f), "expected 15 fields, found 11",
                 f"ragged: row truncated after Country, 11 fields ({email})"))
# malformed: a stray quote inside an unquoted field (not at field start)
first, last, email, phone, co = new_bad_person()
claim_company("Acme Antriebstechnik GmbH", "acme-antriebstechnik.de")
email = person_email(first, last, "acme-antriebstechnik.de", "first.last")
phone, _ = eu_phone("DE", "7131", style="national")
f = [first, last, email, phone, "Produktionsleiter", 'Ac"me Antriebstechnik GmbH',
     "www.acme-antriebstechnik.de", "Manufacturing", "140", "22000000", "Germany",
     "Heilbronn", "Windows", "none", vendor_ref()]
bad_rows.append((";".join(f), "malformed CSV",
                 f'malformed: stray `"` inside the unquoted field `Ac"me Antriebstechnik GmbH` '
                 f"(a strict RFC 4180 parser rejects a quote that does not start a field); "
                 f"the record is on its own line, so only this record is lost ({email})"))
# no identity: no valid e-mail, no phone with >= 6 digits, no company
used_names.update({("jurgen", ""), ("sabine", "kramer"), ("lena", "vogel")})
f = ["Jürgen", "", "", "", "", "", "", "Manufacturing", "", "", "Germany", "", "", "",
     vendor_ref()]
bad_rows.append((";".join(f), "no identity",
                 "no identity: only a first name (`Jürgen`), industry and country"))
f = ["Sabine", "Krämer", "n/a", "n/a", "Einkauf", "", "", "Retail", "", "", "Deutschland",
     "Köln", "", "", vendor_ref()]
bad_rows.append((";".join(f), "no identity",
                 "no identity: e-mail and phone are `n/a`, no company"))
f = ["Lena", "Vogel", "lena.vogel(at)gmx.de", "12345", "", "", "", "Logistics", "", "",
     "Germany", "Bremen", "", "", vendor_ref()]
bad_rows.append((";".join(f), "no identity",
                 "no identity: e-mail `lena.vogel(at)gmx.de` is not an address, phone `12345` "
                 "has only 5 digits, no company"))

# interleave: bad rows and 2 blank lines at fixed, seeded positions
eu_items = [("row", fields, meta) for fields, meta in eu_good]
positions = sorted(rng.sample(range(10, len(eu_items) - 10), len(bad_rows)))
bad_order = list(range(len(bad_rows)))
rng.shuffle(bad_order)
for pos, bi in sorted(zip(positions, bad_order), reverse=True):
    raw, reason, desc = bad_rows[bi]
    eu_items.insert(pos, ("raw", raw, dict(kind="bad", reason=reason, desc=desc)))
blank_positions = sorted(rng.sample(range(40, len(eu_items) - 40), 2), reverse=True)
for pos in blank_positions:
    eu_items.insert(pos, ("blank", None, dict(kind="blank")))

# ---- US list -------------------------------------------------------------------------

US_QUOTA = {"name": 52, "suspect": 48}   # 100 US-only people


def us_firmographics(klass):
    mfg = rng.choice(["Manufacturing", "Manufacturing", "Manufacturing", "manufacturing"])
    emp = loguniform_int(22, 6000)
    rev_usd = rng.randrange(70, 3000) * 100_000   # 7.0M .. 300M USD
    if klass == "suspect":
        return dict(industry=mfg, employees=emp, revenue=rev_usd)
    sub = rng.choice(["other"] * 6 + ["rev_unknown", "rev_low", "emp_low", "ind_unknown"])
    d = dict(industry=mfg, employees=emp, revenue=rev_usd)
    if sub == "other":
        d["industry"] = rng.choice(NON_MFG + ["Financial Services"])
    elif sub == "rev_unknown":
        d["revenue"] = None
    elif sub == "rev_low":
        d["revenue"] = rng.randrange(5, 45) * 100_000
    elif sub == "emp_low":
        d["employees"] = rng.randint(3, 18)
    elif sub == "ind_unknown":
        d["industry"] = ""
    return d


def us_revenue_text(usd, style):
    """USD revenue. Plain numbers carry no currency: they are never in the band
    5,000,000..5,500,000 where reading them as EUR or as USD would change the result."""
    if usd is None:
        return ""
    if style == "dollar":
        return f"${usd:,}"
    if style == "usd":
        return f"USD {usd}"
    if style == "plain":
        assert not (5_000_000 <= usd <= 5_500_000)
        return str(usd)
    raise ValueError(style)


def us_company(klass, forced=None):
    canada = rng.random() < 0.15
    f = us_firmographics(klass)
    if forced:
        f.update(forced.get("firmo", {}))
    ind = f["industry"].title() if f["industry"] else rng.choice(list(US_SECTOR))
    if ind == "Financial Services":
        ind = "Financial Services"
    for _ in range(1000):
        place = rng.choice(CA_PLACES if canada else US_PLACES)
        sector = rng.choice(US_SECTOR[ind])
        legal = rng.choice(["Ltd.", "Inc.", "Corp."] if canada else US_LEGAL)
        name = f"{place} {sector}{legal if legal.startswith(',') else ' ' + legal}"
        if forced and "name" in forced:
            name = forced["name"]
        domain = (forced or {}).get("domain") or (slug(place, "") + slug(sector, "") +
                                                  (".ca" if canada else ".com"))
        if claim_company(name, domain):
            break
    else:
        raise RuntimeError("US company pool exhausted")
    city, area = rng.choice(CA_CITIES if canada else US_CITIES)
    emp = f["employees"]
    style = (forced or {}).get("rev_style") or rng.choice(["dollar", "dollar", "usd", "plain",
                                                           "plain"])
    if style == "plain" and f["revenue"] is not None and 5_000_000 <= f["revenue"] <= 5_500_000:
        style = "dollar"
    return dict(
        name=name, cc="CA" if canada else "US", area=area, city=city, domain=domain,
        website=domain, industry=f["industry"],
        employees="" if emp is None else fmt_int(emp, emp >= 1000 and rng.random() < 0.6),
        revenue=us_revenue_text(f["revenue"], style), emp_value=emp,
        rev_usd=f["revenue"], klass=klass,
        country="Canada" if canada else rng.choice(["US", "USA", "United States"]),
        email_pattern=rng.choice(["first.last", "first.last", "flast", "f.last", "first_last"]),
        people=[],
    )


def us_person(co):
    canada = co["cc"] == "CA"
    first, last = new_name(None, None, CA_FIRST if canada else US_FIRST,
                           CA_LAST if canada else US_LAST)
    email = person_email(first, last, co["domain"], co["email_pattern"])
    phone, canon = us_phone(co["area"])
    p = dict(first=first, last=last, email=email, phone=phone, phone_canon=canon,
             title=rng.choice(US_TITLES), company=co, origin="us", notes="")
    co["people"].append(p)
    return p


us_companies = []
us_people = []
smith = us_company("name", forced=dict(name="Smith, Jones & Co., Inc.",
                                       domain="smithjones.com",
                                       firmo=dict(industry="Financial Services",
                                                  employees=140, revenue=31_000_000),
                                       rev_style="dollar"))
smith["country"] = "US"
lakes = us_company("suspect", forced=dict(name="Great Lakes Tool & Die, LLC",
                                          domain="greatlakestoolanddie.com",
                                          firmo=dict(industry="Manufacturing", employees=85,
                                                     revenue=12_000_000),
                                          rev_style="dollar"))
lakes["country"] = "USA"
fx_fail = us_company("name", forced=dict(firmo=dict(industry="Manufacturing", employees=60,
                                                    revenue=5_300_000), rev_style="dollar"))
fx_fail["boundary"] = "$5,300,000 = 4,876,000 EUR at USD 0.92: below 5 M EUR, so a name"
fx_pass = us_company("suspect", forced=dict(firmo=dict(industry="Manufacturing", employees=45,
                                                       revenue=5_600_000), rev_style="usd"))
fx_pass["boundary"] = "USD 5600000 = 5,152,000 EUR: above 5 M EUR, so a suspect"
us_special = [smith, lakes, fx_fail, fx_pass]
us_companies.extend(us_special)
us_counts = {"name": 0, "suspect": 0}
for co, k in [(smith, 2), (lakes, 3), (fx_fail, 1), (fx_pass, 1)]:
    for _ in range(k):
        us_people.append(us_person(co))
        us_counts[co["klass"]] += 1
for klass in ["suspect", "name"]:
    while us_counts[klass] < US_QUOTA[klass]:
        co = us_company(klass)
        us_companies.append(co)
        k = min(rng.choice([1, 1, 1, 2, 2, 3]), US_QUOTA[klass] - us_counts[klass])
        for _ in range(k):
            us_people.append(us_person(co))
            us_counts[klass] += 1
assert len(us_people) == 100

notes_pool = list(US_NOTES)
for p in us_people:
    p["notes"] = rng.choice(notes_pool)
multiline_person = us_people[17]
multiline_person["notes"] = ("Called 2024-05-02, left voicemail.\n"
                             "Asked for callback in Q3, after budget cycle.")


def us_row(p, email=None, first=None, phone=None, company=None, notes=None):
    co = p["company"]
    return [p["first"] if first is None else first, p["last"],
            p["email"] if email is None else email, p["phone"] if phone is None else phone,
            p["title"], co["name"] if company is None else company, co["website"],
            co["industry"], co["employees"], co["revenue"], co["country"], co["city"],
            p["notes"] if notes is None else notes]


# cross-file: 15 German people from the EU list re-appear in the US list
CITY_EN = {"München": "Munich", "Köln": "Cologne", "Nürnberg": "Nuremberg"}
TITLE_EN = {"Geschäftsführung": "Managing Director", "Geschäftsführer": "Managing Director",
            "Leitung Einkauf": "Head of Purchasing", "Leiterin Einkauf": "Head of Purchasing",
            "IT-Leiter": "Head of IT", "Produktionsleiter": "Production Manager",
            "Werksleiter": "Plant Manager", "Kaufmännischer Leiter": "Commercial Director",
            "Prokurist": "Authorized Officer", "Leiter Finanzen, Controlling": "Head of Finance",
            "Teamleitung Arbeitsvorbereitung": "Production Planning Lead"}
cross_candidates = [p for p in eu_contacts
                    if p.get("email") and p.get("company") and not p.get("company_only")
                    and p["company"]["cc"] == "DE" and p is not anna
                    and not p["company"].get("boundary")
                    and (p["company"]["rev_value"] is None
                         or p["company"]["rev_value"] >= 5_600_000
                         or p["company"]["rev_value"] < 4_500_000)]
rng.shuffle(cross_candidates)
by_class = {k: [p for p in cross_candidates if p["company"]["klass"] == k]
            for k in ["name", "suspect", "prospect"]}
cross_people = by_class["prospect"][:6] + by_class["suspect"][:5] + by_class["name"][:4]
assert len(cross_people) == 15
cross_rows = []
for p in cross_people:
    co = p["company"]
    fold = rng.random() < 0.5
    usd = None if co["rev_value"] is None else int(round(co["rev_value"] / 0.92 / 1000)) * 1000
    rev_text = us_revenue_text(usd, rng.choice(["dollar", "usd"]))
    email = rng.choice([p["email"], p["email"].upper(), email_variant(p["email"], "mixed")])
    row = [ascii_fold(p["first"]) if fold else p["first"],
           ascii_fold(p["last"]) if fold else p["last"], email,
           eu_phone_restyle(p["phone_canon"], "intl") if p["phone_canon"] else "",
           TITLE_EN.get(p["title"], p["title"]), co["name"], co["domain"], co["industry"],
           co["employees"].replace(",", ""), rev_text, "Germany",
           CITY_EN.get(co["city"], co["city"]),
           rng.choice(["", "", "Source: DACH expansion list", "Imported from partner feed"])]
    cross_rows.append((row, dict(kind="cross", person=p)))

us_good = [(us_row(p), dict(kind="good", person=p)) for p in us_people]
# within-file duplicates: 5 people twice, with nickname / case / phone-format variants
us_dupe_people = [p for p in us_people if p["first"] in NICK and not p.get("notes", "").count("\n")]
rng.shuffle(us_dupe_people)
us_dupe_people = us_dupe_people[:5]
assert len(us_dupe_people) == 5
for i, p in enumerate(us_dupe_people):
    kind = ["upper", "leading_space", "mixed", "both_spaces_upper_domain", "upper"][i]
    style = rng.choice(["paren", "dash", "dots", "intl", "one_dash"])
    row = us_row(p, email=email_variant(p["email"], kind), first=NICK[p["first"]],
                 phone=us_phone_restyle(p["phone_canon"], style),
                 company=p["company"]["name"].upper() if i % 2 else None,
                 notes="Duplicate from 2023 import")
    us_good.append((row, dict(kind="dupe", person=p)))
us_good.extend(cross_rows)
rng.shuffle(us_good)
assert len(us_good) == 120

# ---- newsletter form export ----------------------------------------------------------

leid_used = set()


def leid():
    while True:
        v = rng.randint(100_000_000, 999_999_999)
        if v not in leid_used:
            leid_used.add(v)
            return str(v)


def optin_times(positive):
    m = rng.randint(1, 10)
    d = rng.randint(1, 28)
    h, mi, s = rng.randint(6, 22), rng.randint(0, 59), rng.randint(0, 59)
    opt = f"2024-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}"
    if not positive:
        return opt, ""
    mi2 = mi + rng.randint(1, 9)
    h2 = h + mi2 // 60
    conf = f"2024-{m:02d}-{d:02d} {h2:02d}:{mi2 % 60:02d}:{rng.randint(0, 59):02d}"
    return opt, conf


def form_company_variant(name):
    if not name:
        return ""
    return rng.choice([name, re.sub(r"(,)?\s+(GmbH & Co\. KG|GmbH|AG|KG|B\.V\.|N\.V\.|SAS|SA|"
                                    r"SARL|Inc\.|LLC|Corp\.|Co\.|Ltd\.)$", "", name),
                       name.lower(), ""])


def form_row(email, first, last, company, phone, consent):
    opt, conf = optin_times(consent in POSITIVE_CONSENT)
    return [email, first, last, company, phone, consent, opt, conf, leid()]


form_items = []
# 25 people from the purchased lists (14 from the EU list, 11 US-only)
eu_for_form = [p for p in eu_contacts if p.get("email") and not p.get("company_only")]
rng.shuffle(eu_for_form)
eu_form_people = []
for p in cross_people[:3] + eu_dupe_people[1:3] + eu_for_form:
    if all(p is not q for q in eu_form_people) and len(eu_form_people) < 14:
        eu_form_people.append(p)
us_form_people = [us_dupe_people[0]] + [p for p in us_people if p not in us_dupe_people][:10]
purchased_form_people = eu_form_people + us_form_people
assert len(purchased_form_people) == 25
consents = (["yes"] * 5 + ["Yes"] * 4 + ["true"] * 4 + ["opted in"] * 4 + ["no"] * 3 +
            [""] * 3 + ["0"] * 2)
rng.shuffle(consents)
for p, c in zip(purchased_form_people, consents):
    email = rng.choice([p["email"], p["email"], p["email"].upper(),
                        email_variant(p["email"], "mixed"), " " + p["email"]])
    phone = p["phone"] if rng.random() < 0.3 else ""
    form_items.append((form_row(email, p["first"], p["last"],
                                form_company_variant(p["company"]["name"]), phone, c),
                       dict(kind="purchased", person=p, consent=c)))

# 51 people only known from the form
form_only = []
for i in range(51):
    eu = i < 30
    if eu:
        cc = rng.choice(["DE"] * 5 + ["AT", "CH", "NL", "FR"])
        first, last = new_name(cc, cc)
    else:
        first, last = new_name(None, None, US_FIRST, US_LAST)
    company = ""
    if rng.random() < 0.5:
        for _ in range(100):
            if eu:
                co_name = (f"{rng.choice(EU_PLACES[cc] + EU_LAST[cc])} "
                           f"{rng.choice(['Consulting', 'Engineering', 'Metalltechnik', 'Design', 'Service', 'Elektro'])} "
                           f"{rng.choice(EU_LEGAL[cc])}")
                dom = slug(co_name.rsplit(" ", 1)[0]) + "." + cc.lower()
            else:
                co_name = f"{rng.choice(US_PLACES)} {rng.choice(['Consulting', 'Engineering', 'Controls', 'Design Group'])} {rng.choice(['LLC', 'Inc.'])}"
                dom = slug(co_name.rsplit(" ", 1)[0], "") + ".com"
            if claim_company(co_name, dom):
                company = co_name
                domain = dom
                break
    if not company:
        domain = rng.choice(CONSUMER_DOMAINS)
    email = person_email(first, last, domain, rng.choice(["first.last", "flast", "first_last"]))
    if eu:
        phone = eu_phone(cc, rng.choice(EU_COUNTRY[cc][1])[1])[0] if rng.random() < 0.35 else ""
    else:
        phone = us_phone(rng.choice(US_CITIES)[1])[0] if rng.random() < 0.35 else ""
    form_only.append(dict(first=first, last=last, email=email, company=company, phone=phone))
only_consents = (["yes"] * 10 + ["Yes"] * 7 + ["true"] * 8 + ["opted in"] * 9 + ["no"] * 6 +
                 [""] * 7 + ["0"] * 4)
assert len(only_consents) == 51
rng.shuffle(only_consents)
for p, c in zip(form_only, only_consents):
    form_items.append((form_row(p["email"], p["first"], p["last"], p["company"], p["phone"], c),
                       dict(kind="form_only", person=p, consent=c)))

# duplicate submissions: a form-only person twice (both positive), a purchased person twice
# (both non-positive)
dup1 = next(p for p, c in zip(form_only, only_consents) if c == "yes")
form_items.append((form_row(dup1["email"].upper(), dup1["first"], dup1["last"], dup1["company"],
                            dup1["phone"], "Yes"), dict(kind="dupe", person=dup1, consent="Yes")))
dup2_idx = next(i for i, c in enumerate(consents) if c == "no")
dup2 = purchased_form_people[dup2_idx]
form_items.append((form_row(" " + dup2["email"], dup2["first"], dup2["last"], "", "", ""),
                   dict(kind="dupe", person=dup2, consent="")))
# no identity: invalid e-mail, no phone, no company
used_names.update({("peter", "lang"), ("marie", "dupont")})
form_items.append((form_row("peter.lang@", "Peter", "Lang", "", "", "yes"),
                   dict(kind="bad", reason="no identity",
                        desc="no identity: e-mail `peter.lang@` has no domain; no phone, no company "
                             "(consent `yes` does not help: nothing to attach it to)")))
form_items.append((form_row("not given", "Marie", "Dupont", "", "", "no"),
                   dict(kind="bad", reason="no identity",
                        desc="no identity: e-mail `not given`; no phone, no company")))
rng.shuffle(form_items)
assert len(form_items) == 80

# --------------------------------------------------------------------------------------
# write the files
# --------------------------------------------------------------------------------------

eu_lines = [fmt_row(EU_HEADER, ";", "\r\n")]
for kind, payload, meta in eu_items:
    if kind == "row":
        line = fmt_row(payload, ";", "\r\n")
        assert line.count("\r\n") == 1, payload   # one physical line per good record
        eu_lines.append(line)
    elif kind == "raw":
        assert "\n" not in payload and "\r" not in payload
        eu_lines.append(payload + "\r\n")
    else:
        eu_lines.append("\r\n")
with open(os.path.join(HERE, EU_FILE), "w", encoding="utf-8-sig", newline="") as fh:
    fh.write("".join(eu_lines))

with open(os.path.join(HERE, US_FILE), "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh, delimiter=",", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(US_HEADER)
    for row, _ in us_good:
        w.writerow(row)

with open(os.path.join(HERE, FORM_FILE), "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh, delimiter=",", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(FORM_HEADER)
    for row, _ in form_items:
        w.writerow(row)

ICP_YAML = """\
# Winnow ICP: the seed example from DOMAIN.md, management software for manufacturers.
# The parser rejects unknown keys. Criteria compare case-insensitively after trimming;
# a criterion whose value is missing or unparseable is "unknown" and counts as not met.
icp:
  name: Manufacturing ERP
  # Money criteria are evaluated in this currency.
  currency: EUR
  # 1 unit of the key currency = this many EUR ("$12,000,000" and "USD 8000000" are USD).
  fx: {USD: 0.92, GBP: 1.17, CHF: 1.05}
  # suspect: all firmographic criteria met (min is inclusive).
  suspect:
    - {field: industry, in: [manufacturing]}
    - {field: revenue, min: 5000000}
    - {field: employees, min: 20}
  # prospect: a suspect that also meets all of these deeper criteria.
  prospect:
    - {field: it_platform, in: [windows]}
    - {field: management_software, in: [none]}
# Extra header -> field mappings. "IT Platform" needs no entry: headers are matched
# against ICP field names ignoring case, spaces and punctuation.
columns:
  "Management Software": management_software
"""
with open(os.path.join(HERE, "icp.yaml"), "w", encoding="utf-8", newline="") as fh:
    fh.write(ICP_YAML)

# --------------------------------------------------------------------------------------
# verify: read the files back with the csv module only and apply the rules
# --------------------------------------------------------------------------------------

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
FIELD_MAP = {
    EU_FILE: {"First Name": "first_name", "Last Name": "last_name", "E-Mail": "email",
              "Phone": "phone", "Job Title": "title", "Company Name": "company",
              "Website": "website", "Industry": "industry", "Employees": "employees",
              "Annual Revenue": "revenue", "Country": "country", "City": "city",
              "IT Platform": "it_platform", "Management Software": "management_software"},
    US_FILE: {"First": "first_name", "Last": "last_name", "Email Address": "email",
              "Phone Number": "phone", "Title": "title", "Company": "company",
              "Domain": "website", "Industry": "industry", "Employee Count": "employees",
              "Revenue": "revenue", "Country": "country", "City": "city"},
    FORM_FILE: {"Email Address": "email", "First Name": "first_name", "Last Name": "last_name",
                "Company": "company", "Phone Number": "phone", "GDPR Consent": "consent"},
}
DIALECT = {EU_FILE: dict(encoding="utf-8-sig", delimiter=";", bom=True, eol="\r\n"),
           US_FILE: dict(encoding="utf-8", delimiter=",", bom=False, eol="\n"),
           FORM_FILE: dict(encoding="utf-8", delimiter=",", bom=False, eol="\n")}
PURCHASED = [EU_FILE, US_FILE]


def check_bytes(name):
    raw = open(os.path.join(HERE, name), "rb").read()
    d = DIALECT[name]
    assert raw.startswith(b"\xef\xbb\xbf") == d["bom"], name
    raw.decode("utf-8")
    if d["eol"] == "\r\n":
        assert raw.count(b"\n") == raw.count(b"\r\n") and raw.endswith(b"\r\n"), name
    else:
        assert b"\r" not in raw and raw.endswith(b"\n"), name
    return raw


def read_file(name):
    """Yields dicts: index (1-based data record), line (physical start line), fields."""
    d = DIALECT[name]
    out = []
    with open(os.path.join(HERE, name), encoding=d["encoding"], newline="") as fh:
        r = csv.reader(fh, delimiter=d["delimiter"])
        header = next(r)
        prev_line = r.line_num
        n = 0
        blanks = []
        for fields in r:
            start = prev_line + 1
            prev_line = r.line_num
            if fields == []:
                blanks.append(start)
                continue
            n += 1
            out.append(dict(index=n, line=start, fields=fields))
    return header, out, blanks


def parse_int(s):
    s = s.strip().replace(",", "")
    return int(s) if s.isdigit() else None


def parse_money_eur(s, default_ccy):
    s = s.strip()
    if not s:
        return None
    ccy = default_ccy
    if s.startswith("$"):
        ccy, s = "USD", s[1:]
    elif s.upper().startswith("USD"):
        ccy, s = "USD", s[3:]
    s = s.strip().replace(",", "")
    assert s.isdigit(), s
    return int(s) * FX_TO_EUR[ccy]


def criteria(rec, file):
    """Criterion -> True / False / None (unknown) for one record."""
    res = {}
    ind = rec.get("industry", "").strip().lower()
    res["industry"] = None if not ind else ind == "manufacturing"
    emp = rec.get("employees", "").strip()
    res["employees"] = None if not emp else (parse_int(emp) >= 20)
    rev = rec.get("revenue", "")
    as_eur = parse_money_eur(rev, "EUR")
    if file == US_FILE and rev.strip() and not re.match(r"^\s*(\$|USD)", rev, re.I):
        # a plain number in the US list: whichever currency it is read in, same answer
        as_usd = parse_money_eur(rev, "USD")
        assert (as_eur >= 5_000_000) == (as_usd >= 5_000_000), rev
    res["revenue"] = None if as_eur is None else as_eur >= 5_000_000
    it = rec.get("it_platform", "").strip().lower()
    res["it_platform"] = None if not it else it == "windows"
    ms = rec.get("management_software", "").strip().lower()
    res["management_software"] = None if not ms else ms == "none"
    return res


def classify(crit):
    if all(crit[k] is True for k in ["industry", "revenue", "employees"]):
        if all(crit[k] is True for k in ["it_platform", "management_software"]):
            return "prospect"
        return "suspect"
    return "name"


def verify():
    report = OrderedDict()
    accepted = []      # (file, index, record dict)
    for name in [EU_FILE, US_FILE, FORM_FILE]:
        check_bytes(name)
        header, recs, blanks = read_file(name)
        fmap = FIELD_MAP[name]
        rejected, multiline = [], []
        for r in recs:
            fields = r["fields"]
            if any("\n" in f for f in fields):
                multiline.append(r["index"])
            # no good value contains a double quote, so a parsed value holding one can
            # only come from a stray quote inside an unquoted field (the csv module keeps
            # it literally; a strict RFC 4180 parser stops there)
            if any('"' in f for f in fields):
                rejected.append((r, "malformed CSV"))
                continue
            if len(fields) != len(header):
                rejected.append((r, f"expected {len(header)} fields, found {len(fields)}"))
                continue
            rec = {fmap[h]: v for h, v in zip(header, fields) if h in fmap}
            email_ok = bool(EMAIL_RE.match(rec.get("email", "").strip()))
            phone_ok = len(digits(rec.get("phone", ""))) >= 6
            company_ok = bool(rec.get("company", "").strip())
            if not (email_ok or phone_ok or company_ok):
                rejected.append((r, "no identity"))
                continue
            rec["_email"] = rec["email"].strip().lower() if email_ok else ""
            accepted.append((name, r["index"], r["line"], rec))
        report[name] = dict(header=header, records=len(recs), blanks=blanks,
                            rejected=[(r["index"], r["line"], why) for r, why in rejected],
                            multiline=multiline)

    # dedupe by normalised e-mail; records without a valid e-mail stay on their own
    groups = OrderedDict()
    for name, idx, line, rec in accepted:
        key = ("email", rec["_email"]) if rec["_email"] else ("row", name, idx)
        groups.setdefault(key, []).append((name, idx, line, rec))

    contacts = []
    for key, members in groups.items():
        merged_crit = {}
        for crit_name in ["industry", "revenue", "employees", "it_platform",
                          "management_software"]:
            vals = set()
            for name, _, _, rec in members:
                v = criteria(rec, name)[crit_name]
                if v is not None:
                    vals.add(v)
            # every record that knows the value agrees, so the merge policy cannot
            # change the outcome (unknown + known = known)
            assert len(vals) <= 1, (key, crit_name, members)
            merged_crit[crit_name] = vals.pop() if vals else None
        consent_vals = [rec.get("consent", "").strip() for name, _, _, rec in members
                        if name == FORM_FILE]
        for c in consent_vals:
            assert c in POSITIVE_CONSENT + NONPOSITIVE_CONSENT, c
        positives = {c for c in consent_vals if c in POSITIVE_CONSENT}
        files = [m[0] for m in members]
        contacts.append(dict(key=key, members=members, files=files, crit=merged_crit,
                             klass=classify(merged_crit), lead=bool(positives),
                             consent=consent_vals))

    # per-file view (each file ingested alone)
    for name in [EU_FILE, US_FILE, FORM_FILE]:
        mine = [(c["key"], [m for m in c["members"] if m[0] == name]) for c in contacts]
        mine = [(k, ms) for k, ms in mine if ms]
        per = {"name": 0, "suspect": 0, "prospect": 0}
        dupes = []
        for k, ms in mine:
            crit = {}
            for cn in ["industry", "revenue", "employees", "it_platform",
                       "management_software"]:
                vals = {criteria(m[3], name)[cn] for m in ms} - {None}
                crit[cn] = vals.pop() if vals else None
            per[classify(crit)] += 1
            if len(ms) > 1:
                dupes.append((k[1], [(m[1], m[2], m[3]["email"]) for m in ms]))
        rep = report[name]
        rep["accepted"] = sum(len(ms) for _, ms in mine)
        rep["unique"] = len(mine)
        rep["dupes_merged"] = rep["accepted"] - rep["unique"]
        rep["dupe_groups"] = dupes
        rep["classes"] = per

    # cross-file overlaps
    def overlap(a, b):
        return sorted(c["key"][1] for c in contacts if a in c["files"] and b in c["files"])

    totals = OrderedDict()
    totals["records"] = sum(report[n]["records"] for n in report)
    totals["rejected"] = sum(len(report[n]["rejected"]) for n in report)
    totals["accepted"] = len(accepted)
    totals["contacts"] = len(contacts)
    totals["dupes_within"] = sum(report[n]["dupes_merged"] for n in report)
    totals["dupes_merged"] = totals["accepted"] - totals["contacts"]
    totals["dupes_across"] = totals["dupes_merged"] - totals["dupes_within"]
    totals["overlap_eu_us"] = overlap(EU_FILE, US_FILE)
    totals["overlap_form_purchased"] = sorted(
        c["key"][1] for c in contacts
        if FORM_FILE in c["files"] and any(f in c["files"] for f in PURCHASED))
    totals["classes"] = {k: sum(1 for c in contacts if c["klass"] == k)
                         for k in ["name", "suspect", "prospect"]}
    leads = [c for c in contacts if c["lead"]]
    totals["leads"] = len(leads)
    totals["leads_purchased"] = sum(1 for c in leads if any(f in c["files"] for f in PURCHASED))
    totals["leads_by_class"] = {k: sum(1 for c in leads if c["klass"] == k)
                                for k in ["name", "suspect", "prospect"]}
    totals["purchased_only_leads"] = sum(1 for c in contacts if c["lead"]
                                         and FORM_FILE not in c["files"])
    # what keeps the names of the EU file down: failed vs unknown suspect criteria
    eu_names = [c for c in contacts if EU_FILE in c["files"] and c["klass"] == "name"]
    why = OrderedDict()
    for cn in ["industry", "revenue", "employees"]:
        why[cn] = dict(failed=sum(1 for c in eu_names if c["crit"][cn] is False),
                       unknown=sum(1 for c in eu_names if c["crit"][cn] is None))
    totals["eu_names_by_criterion"] = why
    eu_suspects = [c for c in contacts if EU_FILE in c["files"] and c["klass"] == "suspect"]
    why2 = OrderedDict()
    for cn in ["it_platform", "management_software"]:
        why2[cn] = dict(failed=sum(1 for c in eu_suspects if c["crit"][cn] is False),
                        unknown=sum(1 for c in eu_suspects if c["crit"][cn] is None))
    totals["eu_suspects_by_criterion"] = why2
    return report, totals, contacts


report, totals, contacts = verify()

# --------------------------------------------------------------------------------------
# plan vs. verification
# --------------------------------------------------------------------------------------

errors = []


def expect(cond, msg):
    if not cond:
        errors.append(msg)


eu_rep, us_rep, form_rep = report[EU_FILE], report[US_FILE], report[FORM_FILE]
expect(eu_rep["records"] == len(eu_good) + len(bad_rows) == 224, f"EU records {eu_rep['records']}")
expect(len(eu_rep["blanks"]) == 2, "EU blank lines")
plan_bad = []
n = 0
for kind, payload, meta in eu_items:
    if kind == "blank":
        continue
    n += 1
    if kind == "raw":
        plan_bad.append((n, meta["reason"]))
expect([(i, w) for i, _, w in eu_rep["rejected"]] == plan_bad,
       f"EU rejects {eu_rep['rejected']} vs plan {plan_bad}")
expect(eu_rep["unique"] == 205 and eu_rep["dupes_merged"] == 12, "EU dedupe")
expect(eu_rep["classes"] == EU_QUOTA, f"EU classes {eu_rep['classes']} vs {EU_QUOTA}")
expect(len(eu_rep["dupe_groups"]) == 11, "EU dupe groups")
expect(us_rep["records"] == 120 and not us_rep["rejected"], "US records")
expect(us_rep["dupes_merged"] == 5 and us_rep["unique"] == 115, "US dedupe")
expect(len(us_rep["multiline"]) == 1, "US multiline")
expect(us_rep["classes"]["prospect"] == 0, "US alone has no prospects (no IT columns)")
expect(len(totals["overlap_eu_us"]) == 15, "EU/US overlap")
expect(form_rep["records"] == 80 and len(form_rep["rejected"]) == 2, "form records")
expect(form_rep["dupes_merged"] == 2, "form dupes")
expect(len(totals["overlap_form_purchased"]) == 25, "form/purchased overlap")
expect(totals["contacts"] == 205 + 100 + 51, f"contacts {totals['contacts']}")
plan_leads = (sum(1 for c in consents if c in POSITIVE_CONSENT) +
              sum(1 for c in only_consents if c in POSITIVE_CONSENT))
expect(totals["leads"] == plan_leads, f"leads {totals['leads']} vs plan {plan_leads}")
expect(totals["purchased_only_leads"] == 0, "a purchased row alone is never a lead")
# distinct invented people never collide under an aggressive e-mail key either
keys = [aggressive_key(c["key"][1]) for c in contacts if c["key"][0] == "email"]
expect(len(keys) == len(set(keys)), "aggressive e-mail keys collide")

if errors:
    print("PLAN/VERIFY MISMATCH:", *errors, sep="\n  ")
    sys.exit(1)

# --------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------


def show(v):
    return f"`{v}`" if v else "(empty)"


def pct(a, b):
    return f"{100 * a / b:.1f}%"


def line_of(name, index):
    for i, line, _ in report[name]["rejected"]:
        if i == index:
            return line
    raise KeyError


eu_bad_desc = {}
n = 0
for kind, payload, meta in eu_items:
    if kind == "blank":
        continue
    n += 1
    if kind == "raw":
        eu_bad_desc[n] = meta["desc"]

form_bad_desc = {}
for i, (row, meta) in enumerate(form_items, 1):
    if meta["kind"] == "bad":
        form_bad_desc[i] = meta["desc"]

special_rows, us_special_rows = [], []
for c in contacts:
    for name, idx, line, rec in c["members"]:
        if name == EU_FILE:
            co_name = rec.get("company", "")
            for co in special:
                if co.get("boundary") and co_name == co["name"]:
                    special_rows.append((co["name"], idx, co["boundary"], c["klass"]))
                if co.get("quoted_delimiter") and co_name == co["name"]:
                    special_rows.append((co["name"], idx, "properly quoted `;` inside a field: "
                                         "a valid 15-field record", c["klass"]))
        if name == US_FILE:
            for co in us_special:
                if co.get("boundary") and rec.get("company") == co["name"]:
                    us_special_rows.append((co["name"], idx, co["boundary"], c["klass"]))
special_rows.sort(key=lambda x: (x[0], x[1]))

eu_only_rows = []
for c in contacts:
    for name, idx, line, rec in c["members"]:
        if name == EU_FILE and not rec["_email"]:
            what = ("company only" if not rec.get("first_name") and not rec.get("phone")
                    else "phone only, no company" if not rec.get("company")
                    else "phone + company, no e-mail")
            eu_only_rows.append((idx, what, rec.get("company", ""), c["klass"]))
eu_only_rows.sort()

cls = lambda d: f"{d['name']} names / {d['suspect']} suspects / {d['prospect']} prospects"
R = []
w = R.append
w("# Winnow sample data\n")
w("Generated by `python3 SampleData/generate.py` (standard library only, `random.Random("
  f"{SEED})`, deterministic: rerunning rewrites byte-identical files). Every person, company, "
  "domain and phone number is invented. The script writes the files, then reads them back "
  "with Python's `csv` module, applies the rules below independently of the generator's own "
  "bookkeeping, checks that both agree and prints the totals. **Do not edit the CSVs by hand; "
  "change the script and rerun it.**\n")
w("Numbering used below: **row** = 1-based index of the data record in its file (header not "
  "counted, blank lines not counted, a record with an embedded newline counts once); "
  "**line** = 1-based physical line in the file (header is line 1).\n")
w("## Files\n")
w("| file | what | dialect | data records |")
w("|---|---|---|---|")
w(f"| `{EU_FILE}` | purchased list from a European vendor (DE/AT/CH/NL/FR companies) | "
  f"`;` delimiter, UTF-8 **with BOM**, **CRLF**, 15 columns, 2 blank lines | "
  f"{eu_rep['records']} |")
w(f"| `{US_FILE}` | purchased list from a US vendor (US/Canada, plus German companies) | "
  f"`,` delimiter, UTF-8 without BOM, LF, quoted fields with commas, 1 quoted field with an "
  f"embedded newline, 13 columns | {us_rep['records']} |")
w(f"| `{FORM_FILE}` | newsletter sign-up export (Mailchimp-like audience export) | `,` "
  f"delimiter, UTF-8 without BOM, LF, 9 columns | {form_rep['records']} |")
w("| `icp.yaml` | the seed ICP (manufacturing, revenue >= 5 M EUR, >= 20 employees; Windows, "
  "no management software) | YAML | |")
w("| `generate.py` | the generator and the independent check | Python 3, stdlib | |\n")
w("### Headers\n")
w(f"- EU: `{';'.join(EU_HEADER)}`. `Vendor Ref` is an extra column Winnow does not map (it "
  "should be kept as an extra or ignored, never rejected). `IT Platform` maps to `it_platform` "
  "by the built-in punctuation/case/space-insensitive match against ICP field names; "
  "`Management Software` is mapped by `columns:` in `icp.yaml`.")
w(f"- US: `{','.join(US_HEADER)}`. `Notes` is an unmapped extra. This file has **no** "
  "IT-platform or management-software column, so on its own it can produce no prospect.")
w(f"- Form: `{','.join(FORM_HEADER)}`. `OPTIN_TIME`, `CONFIRM_TIME`, `LEID` are unmapped "
  "extras; only `GDPR Consent` decides whether a row is a lead.\n")
w("### Value formats\n")
w("- Employees: plain integers; a few written with a comma thousands separator (`1,200`, "
  "`2,350`) which means 1200 / 2350 (never 1.2). In the US file these are quoted (`\"1,200\"`).")
w("- Revenue, EU file: EUR, plain (`12500000`) or with comma thousands separators "
  "(`7,500,000`), or empty (unknown). US file: `$12,000,000` (quoted) and `USD 8000000` are "
  "USD and convert with `fx.USD = 0.92`; plain numbers (`8000000`) carry no currency and are "
  "chosen so that reading them as EUR or as USD gives the same result against 5 M EUR.")
w("- Industry: `Manufacturing`, `manufacturing`, `Retail`, `Logistics`, `Software`, "
  "`Healthcare`, `Construction` (US also `Financial Services`), or empty (unknown).")
w("- IT Platform: `Windows`, `Linux`, `macOS`, empty. Management Software: `none`, `None`, "
  "`SAP`, `Odoo`, empty. Empty is *unknown*, not `none`.")
w("- Phones in national formats: `+49 30 1234567`, `030 1234567`, `(0)89 12 34 56`, "
  "`+49 (0)711 …`, `0711/…`, `+43 1 234 5678`, `+41 44 123 45 67`, `+31 20 123 4567`, "
  "`+33 1 23 45 67 89`; US `(216) 555-0142`, `216.555.0142`, `+1 216 555 0142`, "
  "`1-216-555-0142` (555-01xx numbers are reserved for fiction).")
w("- Names and cities with accents and umlauts (Müller, Jürgen, Zoë, François, Zürich, "
  "Saint-Étienne). E-mail addresses are ASCII.\n")
w("## Rules the expected numbers assume\n")
w("1. **Reject** (the record is reported with its row number and reason, never silently "
  "dropped), in this order: *malformed CSV* (strict RFC 4180: a `\"` inside an unquoted "
  "field); *ragged* (`expected N fields, found M`, N = header width); *no identity* (no valid "
  "e-mail, no phone with at least 6 digits, no company name). Blank lines are skipped, not "
  "records, not rejections. A valid e-mail here is `local@domain.tld` after trimming.")
w("2. **Dedupe by normalised e-mail** = trimmed and lower-cased. Records without a valid "
  "e-mail are never merged with anything (each is its own contact). No two distinct invented "
  "people share a name, an e-mail (even with dots/`+tags` removed) or a phone number, so a "
  "stricter or fuzzier matcher should find the same groups.")
w("3. **Merge**: a field takes the value of whichever record has it. Within every merged group "
  "all records that know a criterion agree on it (the generator checks this), so the choice of "
  "winner cannot change a classification.")
w("4. **Classify** each contact: *suspect* if industry is `manufacturing` (case-insensitive), "
  "revenue >= 5,000,000 EUR and employees >= 20 (`min` is inclusive); *prospect* if also "
  "IT platform `windows` and management software `none`; otherwise *name*. Unknown counts "
  "as not met.")
w("5. **Lead** = a contact with at least one form record whose `GDPR Consent` is positive. "
  f"Positive: {', '.join('`'+c+'`' for c in POSITIVE_CONSENT)}. Not positive: "
  f"{', '.join('`'+c+'`' if c else 'empty' for c in NONPOSITIVE_CONSENT)}. A purchased "
  "record alone is never a lead. Company-level fit is not copied between different contacts "
  "(no two files share a company except through the same person).\n")

w(f"## `{EU_FILE}`\n")
w(f"{eu_rep['records']} data records ({len(eu_lines)} physical lines including header and 2 "
  f"blank lines at lines {', '.join(map(str, eu_rep['blanks']))}). "
  f"Rejected {len(eu_rep['rejected'])}, accepted {eu_rep['accepted']}, "
  f"{eu_rep['dupes_merged']} duplicate records merged into {len(eu_rep['dupe_groups'])} people, "
  f"**{eu_rep['unique']} unique contacts**.\n")
w("### Rejected rows\n")
w("| row | line | expected reason | what |")
w("|---|---|---|---|")
for idx, line, why in eu_rep["rejected"]:
    w(f"| {idx} | {line} | `{why}` | {eu_bad_desc[idx]} |")
w("")
w("Cross-check outside the script: libcsv (the library Winnow reads with) in `CSV_STRICT` mode "
  "reports exactly one parse error in this file, on the malformed row's line; resuming after the "
  "next line end, it delivers the remaining records with the field counts above and does not "
  "report the blank lines as records.\n")
w("### Within-file duplicates (12 extra records, 11 people)\n")
w("| normalised e-mail | rows | e-mail as written |")
w("|---|---|---|")
for key, ms in eu_rep["dupe_groups"]:
    w(f"| {key} | {', '.join(str(m[0]) for m in ms)} | "
      f"{' / '.join('`' + m[2] + '`' for m in ms)} |")
w("\nThe duplicates also vary phone format (`+49 30 1234567` / `030 1234567`), company spelling "
  "(`ACME Maschinenbau GmbH`, `… Gmbh.`, without legal form), job title (sometimes empty) and "
  "revenue format (`12500000` / `12,500,000`), and carry a different `Vendor Ref`.\n")
w("### Valid rows without an e-mail (never merged)\n")
w("| row | kind | company | class |")
w("|---|---|---|---|")
for idx, what, co, k in eu_only_rows:
    w(f"| {idx} | {what} | {co} | {k} |")
w("")
w("### Edge cases that must classify as stated\n")
w("| company | row | what | class |")
w("|---|---|---|---|")
for co, idx, what, k in special_rows:
    w(f"| {co} | {idx} | {what} | {k} |")
w("")
ec = eu_rep["classes"]
w(f"### Expected classification (file alone, {eu_rep['unique']} contacts)\n")
w(f"{ec['name']} names ({pct(ec['name'], eu_rep['unique'])}), {ec['suspect']} suspects "
  f"({pct(ec['suspect'], eu_rep['unique'])}), {ec['prospect']} prospects "
  f"({pct(ec['prospect'], eu_rep['unique'])}). The EU contacts keep the same class after the "
  "merge with the other files.\n")
w("What keeps the EU names from being suspects (a name can miss several criteria):\n")
w("| criterion | failed (known, does not match) | unknown (no data) |")
w("|---|---|---|")
for cn, d in totals["eu_names_by_criterion"].items():
    w(f"| {cn} | {d['failed']} | {d['unknown']} |")
w("\nWhat keeps the EU suspects from being prospects:\n")
w("| criterion | failed | unknown |")
w("|---|---|---|")
for cn, d in totals["eu_suspects_by_criterion"].items():
    w(f"| {cn} | {d['failed']} | {d['unknown']} |")
w("\nSome retail/software/... companies have `Windows` + `none`: they meet the prospect "
  "criteria but stay names, because prospect requires suspect first.\n")

w(f"## `{US_FILE}`\n")
w(f"{us_rep['records']} data records, none rejected; the record at row "
  f"{us_rep['multiline'][0]} has a quoted `Notes` value with an embedded newline (2 physical "
  f"lines). Quoted fields with commas: company names such as `\"Smith, Jones & Co., Inc.\"`, "
  f"`\"Great Lakes Tool & Die, LLC\"`, titles such as `\"VP, Manufacturing\"`, revenue "
  f"`\"$12,000,000\"`, employees `\"1,200\"`, notes. {us_rep['dupes_merged']} within-file "
  f"duplicates, **{us_rep['unique']} unique contacts**, of which 15 are also in the EU list.\n")
w("### Within-file duplicates (nickname + e-mail case/space + phone format)\n")
w("| normalised e-mail | rows | e-mail as written |")
w("|---|---|---|")
for key, ms in us_rep["dupe_groups"]:
    w(f"| {key} | {', '.join(str(m[0]) for m in ms)} | "
      f"{' / '.join('`' + m[2] + '`' for m in ms)} |")
w("")
w("### Same people as in the EU list (cross-file duplicates)\n")
w("Country `Germany`; names sometimes folded to ASCII (`Juergen Mueller`), city sometimes in "
  "English (`Munich`), title translated, revenue converted to USD (`$…` or `USD …`), e-mail "
  "sometimes in another case. Employees, industry and revenue agree with the EU record after "
  "conversion; the IT platform and management software come only from the EU record.\n")
w("| normalised e-mail | EU row | US row | class after merge |")
w("|---|---|---|---|")
for c in contacts:
    if EU_FILE in c["files"] and US_FILE in c["files"]:
        eu_rows = ",".join(str(m[1]) for m in c["members"] if m[0] == EU_FILE)
        us_rows = ",".join(str(m[1]) for m in c["members"] if m[0] == US_FILE)
        w(f"| {c['key'][1]} | {eu_rows} | {us_rows} | {c['klass']} |")
w("")
w("### Currency edge cases\n")
w("| company | row | what | class |")
w("|---|---|---|---|")
for co, idx, what, k in sorted(us_special_rows):
    w(f"| {co} | {idx} | {what} | {k} |")
w("")
uc = us_rep["classes"]
w(f"Expected classification of the US file alone: {cls(uc)} (no IT columns, so no "
  "prospects; the cross-file people reach prospect only after the merge).\n")

w(f"## `{FORM_FILE}`\n")
w(f"{form_rep['records']} data records. Rejected {len(form_rep['rejected'])}, accepted "
  f"{form_rep['accepted']}, {form_rep['dupes_merged']} duplicate submissions, "
  f"**{form_rep['unique']} unique contacts**: 25 of them are people from the purchased lists "
  f"(same e-mail, sometimes upper-case or with a leading space), "
  f"{form_rep['unique'] - 25} are only known from the form. Form-only people work at companies "
  "that appear in no purchased list, or give a consumer address (gmail.com, web.de, …) and no "
  "company. `CONFIRM_TIME` is filled only for positive consent.\n")
w("### Rejected rows\n")
w("| row | line | expected reason | what |")
w("|---|---|---|---|")
for idx, line, why in form_rep["rejected"]:
    w(f"| {idx} | {line} | `{why}` | {form_bad_desc[idx]} |")
w("")
w("### Duplicate submissions\n")
w("| normalised e-mail | rows | e-mail as written | consent values | lead? |")
w("|---|---|---|---|---|")
for key, ms in form_rep["dupe_groups"]:
    c = next(c for c in contacts if c["key"] == ("email", key))
    w(f"| {key} | {', '.join(str(m[0]) for m in ms)} | "
      f"{' / '.join('`' + m[2] + '`' for m in ms)} | "
      f"{' / '.join(show(v) for v in c['consent'])} | {'yes' if c['lead'] else 'no'} |")
w("")
w("### Form records of purchased people\n")
w("| normalised e-mail | in | form row | consent | lead? | class |")
w("|---|---|---|---|---|---|")
for c in contacts:
    if FORM_FILE in c["files"] and any(f in c["files"] for f in PURCHASED):
        src = "+".join(x for x, f in [("EU", EU_FILE), ("US", US_FILE)] if f in c["files"])
        rows = ",".join(str(m[1]) for m in c["members"] if m[0] == FORM_FILE)
        w(f"| {c['key'][1]} | {src} | {rows} | "
          f"{' / '.join(show(v) for v in c['consent'])} | "
          f"{'yes' if c['lead'] else 'no'} | {c['klass']} |")
w("")
fc = form_rep["classes"]
w(f"Expected classification of the form file alone: {cls(fc)} (no firmographics).\n")

w("## Expected totals (all three files together)\n")
w("| | EU vendor | US list | form | all |")
w("|---|---|---|---|---|")
w(f"| data records | {eu_rep['records']} | {us_rep['records']} | {form_rep['records']} | "
  f"{totals['records']} |")
w(f"| rejected | {len(eu_rep['rejected'])} | {len(us_rep['rejected'])} | "
  f"{len(form_rep['rejected'])} | {totals['rejected']} |")
w(f"| accepted | {eu_rep['accepted']} | {us_rep['accepted']} | {form_rep['accepted']} | "
  f"{totals['accepted']} |")
w(f"| duplicates merged within the file | {eu_rep['dupes_merged']} | {us_rep['dupes_merged']} | "
  f"{form_rep['dupes_merged']} | {totals['dupes_within']} |")
w(f"| unique contacts in the file | {eu_rep['unique']} | {us_rep['unique']} | "
  f"{form_rep['unique']} | |")
w(f"| duplicates merged across files | | | | {totals['dupes_across']} "
  f"({len(totals['overlap_eu_us'])} EU=US people, {len(totals['overlap_form_purchased'])} "
  "form people from the purchased lists) |")
w(f"| **duplicates merged, total** | | | | **{totals['dupes_merged']}** |")
w(f"| **contacts after dedupe** | | | | **{totals['contacts']}** |")
tc = totals["classes"]
w(f"\nClassification of the {totals['contacts']} contacts: **{tc['name']} names, "
  f"{tc['suspect']} suspects, {tc['prospect']} prospects**.\n")
lb = totals["leads_by_class"]
w(f"**Expected leads: {totals['leads']}** (contacts with a form record with positive consent): "
  f"{totals['leads_purchased']} of them merged with a purchased record, "
  f"{totals['leads'] - totals['leads_purchased']} known only from the form. By fit: "
  f"{lb['name']} names, {lb['suspect']} suspects, {lb['prospect']} prospects. No contact is a "
  "lead through purchased records alone.\n")
w("## `form-tradeshow.csv` (hand-written, not generated)\n")
w("Badge scans from a trade show: **tab**-delimited, UTF-8 without BOM, **CRLF**, German headers "
  "(`Vorname, Nachname, Firma, Telefon, E-Mail, Land, Newsletter-Einwilligung`), 8 data records. It exercises "
  "the fuzzy rules of deduplication, which the generated files (exact emails only) do not:\n")
w("| row | record | expected |")
w("|---|---|---|")
w("| 1 | Juergen Wagner, Becker Maschinenbau, +49 911 6043505, no email, consent ja | merged into Jürgen Wagner (EU file, phone 0911-6043505) by `phone+name` (ü = ue); becomes a lead |")
w("| 2 | Katharina Steiner, +43 (0)7242 85043, consent nein | merged into Katharina Steiner (EU file) by `phone+name` |")
w("| 3 | Stefan Schaefer, Erzgebirge IT Solutions, stefan.schaefer@gmail.com, consent yes | merged into Stefan Schäfer (EU file, work email) by `company+name`; becomes a lead |")
w("| 4 | Tom Werner, Eifel Armaturen AG, 040 99506603, consent ja | merged into Thomas Werner (EU file) by `phone+name` (nickname); becomes a lead |")
w("| 5 | Stefan Schulz, Rheinland Logistik GmbH, its own email and phone, consent yes | a namesake of Stefan Schulz (Oberland Stahlbau): a new contact, a lead |")
w("| 6 | Maria Rossi, Lombardia Meccanica S.r.l., consent sì | a new contact, a lead |")
w("| 7 | all fields empty | rejected: `empty record` |")
w("| 8 | Andreas Mueller, Weser Fachmarkt, 0541 6815998, consent nein | merged into Andreas Müller (EU file) by `phone+name` |\n")
w("With all four files (`make run`): 432 records, 10 rejected, 64 merged, 358 contacts "
  "(51 prospects, 120 suspects, 187 names), 56 leads.\n")
w("## Regenerating\n")
w("```\npython3 SampleData/generate.py\n```\n")
w("The script exits non-zero if the files it wrote do not produce the numbers it planned. "
  "It prints the same totals as this README.")

with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8", newline="\n") as fh:
    fh.write("\n".join(R) + "\n")

# --------------------------------------------------------------------------------------
# print
# --------------------------------------------------------------------------------------
for name in [EU_FILE, US_FILE, FORM_FILE]:
    r = report[name]
    print(f"{name}: records={r['records']} blank_lines={len(r['blanks'])} "
          f"rejected={len(r['rejected'])} accepted={r['accepted']} "
          f"dupes_merged={r['dupes_merged']} unique={r['unique']} classes={r['classes']}")
    for idx, line, why in r["rejected"]:
        print(f"    reject row {idx} (line {line}): {why}")
print(f"ALL: records={totals['records']} rejected={totals['rejected']} "
      f"accepted={totals['accepted']} dupes_within={totals['dupes_within']} "
      f"dupes_across={totals['dupes_across']} dupes_merged={totals['dupes_merged']} "
      f"contacts={totals['contacts']} classes={totals['classes']}")
print(f"     eu_us_overlap={len(totals['overlap_eu_us'])} "
      f"form_purchased_overlap={len(totals['overlap_form_purchased'])} "
      f"leads={totals['leads']} (purchased={totals['leads_purchased']}, "
      f"by class {totals['leads_by_class']})")
