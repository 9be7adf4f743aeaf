import csv
rows=[x for x in csv.DictReader(open('/work/shared/corpus/samples/frictionless-testsuite-extended/country-codes.csv')) if x['ISO3166-1-Alpha-2']]
iso3={x['ISO3166-1-Alpha-3'] for x in rows}
out=[]
out.append("# Country aliases for CountryCode.normalize: ISO alpha-2 <TAB> alias. Lines starting with # are comments.")
out.append("# Localized names (en/de/fr/es/it/nl) come from ICU via Foundation at runtime; this file only adds what ICU lacks.")
out.append("# Sections 1-3 are derived from the frictionless 'country-codes' data package (datahub.io/core/country-codes),")
out.append("# licensed ODC-PDDL-1.0 (http://opendatacommons.org/licenses/pddl/1.0/): ISO 3166-1 alpha-3 codes, English short")
out.append("# and official names, French official names, and IOC codes that do not collide with an ISO alpha-3 code.")
out.append("# Section 4 is hand-written (informal forms). Priority when keys collide: section 4 > alpha-3 > ICU names > names here > IOC.")
out.append("#")
out.append("# 1. ISO 3166-1 alpha-3 (marker !)")
for x in rows: out.append(f"{x['ISO3166-1-Alpha-2']}\t!{x['ISO3166-1-Alpha-3']}")
out.append("# 2. names from the data package")
for x in rows:
    seen=set()
    for k in ('name','official_name_en','official_name_fr'):
        v=x[k].strip()
        if v and v not in seen: seen.add(v); out.append(f"{x['ISO3166-1-Alpha-2']}\t{v}")
out.append("# 3. IOC codes (marker ?; lowest priority; GER, SUI, NED, DEN, POR, CRO, ...)")
for x in rows:
    i=x['IOC']
    if i and i!=x['ISO3166-1-Alpha-3'] and i not in iso3: out.append(f"{x['ISO3166-1-Alpha-2']}\t?{i}")
out.append("# 4. informal forms (marker =; highest priority)")
out.append(open('tools/informal.tsv').read().rstrip())
open('Sources/Winnow/Resources/country-aliases.tsv','w').write("\n".join(out)+"\n")
