#!/usr/bin/env python3
"""The same job as Winnow's naive-icp.yaml, done the naive way with a dataframe engine, for `make bench`.

    naive_job.py --engine duckdb|pandas|polars --out DIR --purchased F... [--form F...]

Reads every input (all columns as text; delimiter taken from the header line: ';' if it has more
semicolons than commas), maps the headers this benchmark's files use to field names, trims and
lowercases the email, drops later records whose email is an exact duplicate of an earlier one
(purchased files first, then forms, each in file order), classifies

    suspect:  industry = manufacturing (trimmed, any case), revenue >= 5,000,000, employees >= 20
    prospect: suspect and it_platform = windows and management_software = none

where revenue is the value with every character but digits and '.' removed, cast to a number
("$12,000,000" -> 12000000; "€5.2M" -> 5.2, i.e. wrong: that is the naive way), employees a plain
integer (ranges such as "50-199" are unknown), and writes DIR/names.csv, suspects.csv, prospects.csv.
Prints one JSON line of counts. It does none of Winnow's other work (phone/name/company
normalization, lineage, rejections, reasons, JSONL, summary).
"""
import argparse
import json
import os

# header (lowercased, trimmed) -> field; other columns keep their header.
FIELDS = {"email": "email", "e-mail": "email", "email address": "email", "industry": "industry",
          "branche": "industry", "employees": "employees", "mitarbeiter": "employees",
          "annual revenue": "revenue", "revenue": "revenue", "umsatz": "revenue", "it platform": "it_platform",
          "management software": "management_software"}
NEEDED = ["email", "industry", "employees", "revenue", "it_platform", "management_software"]


def delimiter(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        line = handle.readline()
    return ";" if line.count(";") > line.count(",") else ","


def rename(columns):
    return {c: FIELDS.get(c.lstrip("\ufeff").strip().lower(), c.lstrip("\ufeff")) for c in columns}


def run_duckdb(inputs, out):
    import duckdb
    con = duckdb.connect()
    parts = []
    for order, path in enumerate(inputs):
        sep = delimiter(path)
        cols = [r[0] for r in con.execute(
            f"DESCRIBE SELECT * FROM read_csv(?, delim='{sep}', header=true, all_varchar=true)", [path]).fetchall()]
        mapping = rename(cols)
        select = ", ".join(f'"{c}" AS "{mapping[c]}"' for c in cols)
        missing = ", ".join(f'NULL::VARCHAR AS {f}' for f in NEEDED if f not in mapping.values())
        con.execute(f"""CREATE TEMP TABLE in{order} AS SELECT {select}{', ' + missing if missing else ''},
                        {order} AS _file, row_number() OVER () AS _row
                        FROM read_csv('{path}', delim='{sep}', header=true, all_varchar=true)""")
        parts.append(f"SELECT * FROM in{order}")
    con.execute(f"""
        CREATE TEMP TABLE result AS
        WITH raw AS ({' UNION ALL BY NAME '.join(parts)}),
        cleaned AS (SELECT * REPLACE (lower(trim(email)) AS email) FROM raw),
        unique_rows AS (SELECT * FROM cleaned
                        QUALIFY email IS NULL OR email = ''
                             OR row_number() OVER (PARTITION BY email ORDER BY _file, _row) = 1),
        judged AS (SELECT *,
            lower(trim(industry)) = 'manufacturing'
            AND TRY_CAST(regexp_replace(revenue, '[^0-9.]', '', 'g') AS DOUBLE) >= 5e6
            AND TRY_CAST(trim(employees) AS BIGINT) >= 20 AS _suspect
            FROM unique_rows)
        SELECT * EXCLUDE (_suspect),
            CASE WHEN _suspect AND lower(trim(it_platform)) = 'windows' AND lower(trim(management_software)) = 'none'
                 THEN 'prospect' WHEN _suspect THEN 'suspect' ELSE 'name' END AS segment
        FROM judged ORDER BY _file, _row""")
    counts = {}
    for segment in ["name", "suspect", "prospect"]:
        target = os.path.join(out, f"{segment}s.csv")
        con.execute(f"COPY (SELECT * EXCLUDE (_file, _row) FROM result WHERE segment = '{segment}' ORDER BY _file, _row) "
                    f"TO '{target}' (HEADER, DELIMITER ',')")
        counts[segment + "s"] = con.execute(f"SELECT count(*) FROM result WHERE segment = '{segment}'").fetchone()[0]
    counts["rows_read"] = sum(con.execute(f"SELECT count(*) FROM in{i}").fetchone()[0] for i in range(len(inputs)))
    return counts


def run_pandas(inputs, out):
    import pandas as pd
    frames = []
    for path in inputs:
        frame = pd.read_csv(path, sep=delimiter(path), dtype=str, keep_default_na=False, encoding="utf-8-sig")
        frames.append(frame.rename(columns=rename(frame.columns)))
    data = pd.concat(frames, ignore_index=True)
    for field in NEEDED:
        if field not in data:
            data[field] = ""
        data[field] = data[field].fillna("")
    data["email"] = data["email"].str.strip().str.lower()
    duplicate = data.duplicated(subset="email", keep="first") & (data["email"] != "")
    data = data[~duplicate]
    revenue = pd.to_numeric(data["revenue"].str.replace(r"[^0-9.]", "", regex=True), errors="coerce")
    employees = pd.to_numeric(data["employees"].str.strip(), errors="coerce")
    suspect = (data["industry"].str.strip().str.lower() == "manufacturing") & (revenue >= 5e6) & (employees >= 20)
    prospect = suspect & (data["it_platform"].str.strip().str.lower() == "windows") \
        & (data["management_software"].str.strip().str.lower() == "none")
    segment = pd.Series("name", index=data.index)
    segment[suspect] = "suspect"
    segment[prospect] = "prospect"
    data = data.assign(segment=segment)
    counts = {"rows_read": int(sum(len(f) for f in frames))}
    for name in ["name", "suspect", "prospect"]:
        part = data[data["segment"] == name]
        part.to_csv(os.path.join(out, f"{name}s.csv"), index=False)
        counts[name + "s"] = int(len(part))
    return counts


def run_polars(inputs, out):
    import polars as pl
    frames = []
    for path in inputs:
        frame = pl.read_csv(path, separator=delimiter(path), infer_schema=False, encoding="utf8")
        frames.append(frame.rename(rename(frame.columns)))
    rows_read = sum(f.height for f in frames)
    data = pl.concat(frames, how="diagonal")
    for field in NEEDED:
        if field not in data.columns:
            data = data.with_columns(pl.lit(None, dtype=pl.Utf8).alias(field))
    data = data.with_columns(pl.col("email").str.strip_chars().str.to_lowercase())
    data = data.with_row_index("_order")
    keep = (data.filter(pl.col("email").is_not_null() & (pl.col("email") != ""))
                .unique(subset="email", keep="first", maintain_order=True))
    data = pl.concat([keep, data.filter(pl.col("email").is_null() | (pl.col("email") == ""))]).sort("_order")
    def low(column):
        return pl.col(column).str.strip_chars().str.to_lowercase()
    suspect = ((low("industry") == "manufacturing")
               & (pl.col("revenue").str.replace_all(r"[^0-9.]", "").cast(pl.Float64, strict=False) >= 5e6)
               & (pl.col("employees").str.strip_chars().cast(pl.Int64, strict=False) >= 20)).fill_null(False)
    prospect = (suspect & (low("it_platform") == "windows") & (low("management_software") == "none")).fill_null(False)
    data = data.with_columns(pl.when(prospect).then(pl.lit("prospect")).when(suspect).then(pl.lit("suspect"))
                             .otherwise(pl.lit("name")).alias("segment")).drop("_order")
    counts = {"rows_read": rows_read}
    for name in ["name", "suspect", "prospect"]:
        part = data.filter(pl.col("segment") == name)
        part.write_csv(os.path.join(out, f"{name}s.csv"))
        counts[name + "s"] = part.height
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["duckdb", "pandas", "polars"], required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--purchased", action="append", default=[])
    parser.add_argument("--form", action="append", default=[])
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    inputs = args.purchased + args.form
    counts = {"duckdb": run_duckdb, "pandas": run_pandas, "polars": run_polars}[args.engine](inputs, args.out)
    counts["contacts"] = counts["names"] + counts["suspects"] + counts["prospects"]
    counts["duplicates"] = counts["rows_read"] - counts["contacts"]
    print(json.dumps({"engine": args.engine, **counts}))


if __name__ == "__main__":
    main()
