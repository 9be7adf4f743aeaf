#!/usr/bin/env python3
"""`make bench`: Winnow's throughput, its reader against libcsv's ceiling, peak memory, and the naive
alternatives (DuckDB, pandas, polars) on the same files in the same run.

    run.py --bin .build/release/winnow --config Benchmarks/naive-icp.yaml --sizes "100000 1000000" \
           [--repeat 3] [--data-dir bench-data] [--ceiling bench-data/csv_ceiling] \
           [--python bench-data/venv/bin/python] [--engines duckdb,pandas,polars] [--no-stages] [--no-naive]
    run.py --bin B --config C --input FILE        # the original form: one file, whole pipeline only

Per size N it uses (generating them once, with Benchmarks/generate.py) DATA/purchased-N.csv (N rows,
comma) and DATA/form-N.csv (N/10 rows, semicolon, BOM, CRLF), then:

  ceiling   csv_ceiling on both files (libcsv, no-op callbacks), best of REPEAT
  run       `winnow run --quiet` on both files under /usr/bin/time -v, best of REPEAT: wall time, peak
            RSS (max over the repeats), CPU use, and summary.json's per-stage timings (best per stage)
  stages    `winnow ingest` (best of REPEAT), then normalize, dedupe, classify, export once each, each its
            own process with --work: wall time and peak RSS per stage command
  naive     naive_job.py --engine E for each engine, best of REPEAT, wall and peak RSS, with its counts

and prints the tables; everything measured goes to DATA/results-N.json. Rows/s is input records (both
files) per second of the stage; MB/s is input bytes (both files) per second of the stage, for every
stage, so the stages are comparable (later stages do not read the CSV any more).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STAGES = ["ingest", "normalize", "dedupe", "classify", "export"]


def timed(command, **kwargs):
    """Runs command under /usr/bin/time -v; returns (wall seconds, peak RSS MiB, cpu seconds, stdout)."""
    started = time.monotonic()
    result = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True, **kwargs)
    wall = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr[-3000:]}")
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", result.stderr).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", result.stderr).group(1))
    return wall, peak_kb / 1024, user + system, result.stdout


def ensure_data(data_dir, rows):
    purchased = os.path.join(data_dir, f"purchased-{rows}.csv")
    form = os.path.join(data_dir, f"form-{rows}.csv")
    if not (os.path.exists(purchased) and os.path.exists(form)):
        print(f"generating {purchased} and {form} ...", flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--rows", str(rows), "--out", purchased + ".tmp",
                        "--form-out", form + ".tmp"], check=True)
        os.replace(form + ".tmp", form)
        os.replace(purchased + ".tmp", purchased)
    return purchased, form


def fmt_rate(count, seconds):
    return f"{count / seconds:,.0f}" if seconds else "-"


def reader_alone(micro, path):
    """`winnow-micro --filter csv` on one file: seconds per kernel (best of 3) for the reader on one thread and in
    parts; {} when the harness prints nothing usable."""
    out = subprocess.run([micro, "--csv", path, "--filter", "csv", "--seconds", "0"], capture_output=True, text=True).stdout
    kernels = {}
    for line in out.splitlines():
        match = re.match(r"^(CSVReader.*?)\s+([\d.]+) ns/op.*?(\d+) records", line)
        if match:
            kernels[match.group(1)] = float(match.group(2)) * int(match.group(3)) / 1e9
    one = kernels.get("CSVReader record (bytes only)")
    parts = next((v for k, v in kernels.items() if " parts " in k), None)
    label = next((k for k in kernels if " parts " in k), "")
    return {"one_thread": one, "in_parts": parts, "parts_label": label} if one else {}


def bench_size(args, rows):
    data = args.data_dir
    purchased, form = ensure_data(data, rows)
    inputs = [purchased, form]
    size_mb = sum(os.path.getsize(f) for f in inputs) / 1e6
    scratch = os.path.join(data, f"scratch-{rows}")
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    flags = ["--purchased", purchased, "--form", form]
    result = {"rows": rows, "files": {f: os.path.getsize(f) for f in inputs}, "mb": size_mb, "repeat": args.repeat}

    # The reader's ceiling: libcsv with no-op callbacks.
    if args.ceiling:
        best = None
        for _ in range(args.repeat):
            seconds = sum(json.loads(subprocess.run([args.ceiling, f], capture_output=True, text=True, check=True).stdout)["seconds"]
                          for f in inputs)
            best = seconds if best is None else min(best, seconds)
        result["ceiling_seconds"] = best
        # The reader alone (no records built), one thread and in parts on all cores, on the purchased file.
        if args.reader:
            alone = reader_alone(args.reader, purchased)
            ceiling = min(json.loads(subprocess.run([args.ceiling, purchased], capture_output=True, text=True,
                                                    check=True).stdout)["seconds"] for _ in range(args.repeat))
            if alone:
                result["reader_alone"] = {"ceiling_seconds": ceiling, **alone}

    # The whole pipeline.
    out = os.path.join(scratch, "out")
    runs = []
    for _ in range(args.repeat):
        wall, peak, cpu, _ = timed([args.bin, "run", "--quiet", "--config", args.config, "--out", out] + flags)
        with open(os.path.join(out, "summary.json")) as handle:
            summary = json.load(handle)
        runs.append({"wall": wall, "peak_mib": peak, "cpu": cpu, "timings": summary["timings"]})
    counts = {k: summary[k] for k in ["rows_read", "rejected", "duplicates", "contacts", "names", "suspects", "prospects"]}
    best_run = min(runs, key=lambda r: r["wall"])
    result["run"] = {"wall": best_run["wall"], "cpu": best_run["cpu"], "peak_mib": max(r["peak_mib"] for r in runs),
                     "walls": [r["wall"] for r in runs],
                     "timings": {s: min(r["timings"].get(s, 0) for r in runs) for s in STAGES}, "counts": counts}

    # Each stage as its own command.
    if not args.no_stages:
        work = os.path.join(scratch, "work")
        stages = {}
        for stage in STAGES:
            extra = flags if stage == "ingest" else ["--out", os.path.join(scratch, "stage-out")] if stage == "export" else []
            best = None
            for _ in range(args.repeat if stage == "ingest" else 1):
                if stage == "ingest":
                    shutil.rmtree(work, ignore_errors=True)
                wall, peak, cpu, _ = timed([args.bin, stage, "--quiet", "--config", args.config, "--work", work] + extra)
                if best is None or wall < best["wall"]:
                    best = {"wall": wall, "peak_mib": peak, "cpu": cpu}
            stages[stage] = best
        result["stages"] = stages

    # The naive alternatives.
    if not args.no_naive and args.python:
        naive = {}
        for engine in args.engines.split(","):
            probe = subprocess.run([args.python, "-c", f"import {engine}"], capture_output=True)
            if probe.returncode != 0:
                naive[engine] = {"missing": True}
                continue
            best = None
            for _ in range(args.repeat):
                wall, peak, cpu, stdout = timed([args.python, os.path.join(HERE, "naive_job.py"), "--engine", engine,
                                                 "--out", os.path.join(scratch, f"naive-{engine}")] + flags)
                if best is None or wall < best["wall"]:
                    best = {"wall": wall, "peak_mib": peak, "cpu": cpu, "counts": json.loads(stdout.strip().splitlines()[-1])}
            naive[engine] = best
        result["naive"] = naive
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    with open(os.path.join(data, f"results-{rows}.json"), "w") as handle:
        json.dump(result, handle, indent=2)
    return result


def print_size(r):
    rows_in = r["run"]["counts"]["rows_read"]
    mb = r["mb"]
    run = r["run"]
    print(f"\n== {r['rows']:,} purchased rows + form: {rows_in:,} records, {mb:.1f} MB, best of {r['repeat']} ==")
    c = run["counts"]
    print(f"winnow: {c['contacts']:,} contacts ({c['names']:,} names, {c['suspects']:,} suspects, {c['prospects']:,} prospects), "
          f"{c['duplicates']:,} duplicates, {c['rejected']:,} rejected")
    print(f"{'stage':<10} {'in run (s)':>10} {'rows/s':>11} {'MB/s':>7} | {'own cmd (s)':>11} {'peak MiB':>9} {'CPU%':>5}")
    for stage in STAGES:
        seconds = run["timings"].get(stage, 0)
        own = r.get("stages", {}).get(stage)
        own_text = f"{own['wall']:>11.2f} {own['peak_mib']:>9.0f} {100 * own['cpu'] / own['wall']:>5.0f}" if own else ""
        print(f"{stage:<10} {seconds:>10.3f} {fmt_rate(rows_in, seconds):>11} {(mb / seconds if seconds else 0):>7.1f} | {own_text}")
    print(f"{'run':<10} {run['wall']:>10.2f} {fmt_rate(rows_in, run['wall']):>11} {mb / run['wall']:>7.1f} | "
          f"{'':>11} {run['peak_mib']:>9.0f} {100 * run['cpu'] / run['wall']:>5.0f}   (wall of `winnow run`; walls {', '.join(f'{w:.2f}' for w in run['walls'])})")
    if "ceiling_seconds" in r:
        ceiling = r["ceiling_seconds"]
        ingest = run["timings"]["ingest"]
        line = (f"reader vs ceiling: libcsv no-op {ceiling:.3f} s ({mb / ceiling:.0f} MB/s); winnow ingest in run {ingest:.3f} s "
                f"({mb / ingest:.0f} MB/s) = {ceiling / ingest:.2f} of the ceiling")
        if "stages" in r:
            own = r["stages"]["ingest"]["wall"]
            line += f"; `winnow ingest` command {own:.3f} s = {ceiling / own:.2f}"
        print(line)
    alone = r.get("reader_alone")
    if alone:
        c1 = alone["ceiling_seconds"]
        line = (f"reader alone (winnow-micro, purchased file, no records built): libcsv no-op {c1:.3f} s; "
                f"one thread {alone['one_thread']:.3f} s = {c1 / alone['one_thread']:.2f} of the ceiling")
        if alone.get("in_parts"):
            line += f"; {alone['parts_label'].replace('CSVReader ', '')} {alone['in_parts']:.3f} s = {c1 / alone['in_parts']:.2f}"
        print(line)
    if r.get("naive"):
        print(f"{'tool':<8} {'wall (s)':>9} {'peak MiB':>9} {'CPU%':>5} {'winnow/tool':>11} {'contacts':>9} {'dups':>8} {'suspects':>9} {'prospects':>9}")
        print(f"{'winnow':<8} {run['wall']:>9.2f} {run['peak_mib']:>9.0f} {100 * run['cpu'] / run['wall']:>5.0f} {1:>11.2f} "
              f"{c['contacts']:>9,} {c['duplicates']:>8,} {c['suspects']:>9,} {c['prospects']:>9,}")
        for engine, n in r["naive"].items():
            if n.get("missing"):
                print(f"{engine:<8} not installed")
                continue
            k = n["counts"]
            print(f"{engine:<8} {n['wall']:>9.2f} {n['peak_mib']:>9.0f} {100 * n['cpu'] / n['wall']:>5.0f} {run['wall'] / n['wall']:>11.2f} "
                  f"{k['contacts']:>9,} {k['duplicates']:>8,} {k['suspects']:>9,} {k['prospects']:>9,}")


def legacy(args):
    """The original `run.py --bin --config --input`: the whole pipeline on one file."""
    size_mb = os.path.getsize(args.input) / 1e6
    out = os.path.join(args.data_dir, "scratch-input", "out")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    wall, peak, cpu, _ = timed([args.bin, "run", "--quiet", "--config", args.config, "--out", out, "--purchased", args.input])
    with open(os.path.join(out, "summary.json")) as handle:
        summary = json.load(handle)
    rows = summary["rows_read"]
    print(f"input: {args.input}: {rows:,} rows, {size_mb:.1f} MB")
    print(f"{'stage':<10} {'seconds':>8} {'rows/s':>12} {'MB/s':>8}")
    for stage in STAGES:
        seconds = summary["timings"].get(stage, 0)
        print(f"{stage:<10} {seconds:>8.3f} {fmt_rate(rows, seconds):>12} {size_mb / seconds if seconds else 0:>8.1f}")
    print(f"wall time {wall:.2f} s, peak memory {peak:.0f} MiB, CPU {100 * cpu / wall:.0f}%")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--input", help="one file, whole pipeline only (the original run.py)")
    parser.add_argument("--sizes", default="1000000", help="purchased rows per size, space-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data-dir", default="bench-data")
    parser.add_argument("--ceiling", help="the csv_ceiling binary")
    parser.add_argument("--reader", help="the winnow-micro binary: the reader alone against the ceiling")
    parser.add_argument("--python", help="the venv's python, with duckdb/pandas/polars")
    parser.add_argument("--engines", default="duckdb,pandas,polars")
    parser.add_argument("--no-stages", action="store_true", help="skip the per-stage commands")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive alternatives")
    parser.add_argument("--naive-max", type=int, default=1_000_000, help="skip the naive alternatives above this size")
    parser.add_argument("--keep", action="store_true", help="keep DATA/scratch-N (outputs, work folders)")
    args = parser.parse_args()
    os.makedirs(args.data_dir, exist_ok=True)
    if args.input:
        return legacy(args)
    print(f"winnow {args.bin}, config {args.config}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}")
    results = []
    for size in args.sizes.split():
        rows = int(size)
        saved = args.no_naive
        args.no_naive = args.no_naive or rows > args.naive_max
        results.append(bench_size(args, rows))
        args.no_naive = saved
        print_size(results[-1])
    if len(results) > 1:
        print("\nwhole pipeline by size:")
        print(f"{'rows':>10} {'MB':>7} {'wall (s)':>9} {'rows/s':>10} {'peak MiB':>9}")
        for r in results:
            print(f"{r['rows']:>10,} {r['mb']:>7.1f} {r['run']['wall']:>9.2f} {fmt_rate(r['run']['counts']['rows_read'], r['run']['wall']):>10} "
                  f"{r['run']['peak_mib']:>9.0f}")


if __name__ == "__main__":
    main()
