#!/usr/bin/env python3
"""`make bench`: runs the release binary on the generated list and prints throughput and peak memory."""
import argparse
import json
import os
import re
import subprocess
import tempfile


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--input", required=True)
    args = parser.parse_args()
    size_mb = os.path.getsize(args.input) / 1e6
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "out")
        command = ["/usr/bin/time", "-v", args.bin, "run", "--quiet", "--config", args.config, "--out", out,
                   "--purchased", args.input]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"winnow failed ({result.returncode}):\n{result.stderr}")
        wall = re.search(r"Elapsed \(wall clock\) time.*: (.*)", result.stderr).group(1)
        peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
        with open(os.path.join(out, "summary.json")) as handle:
            summary = json.load(handle)
    rows = summary["rows_read"]
    print(f"input: {args.input}: {rows:,} rows, {size_mb:.1f} MB")
    print(f"{'stage':<10} {'seconds':>8} {'rows/s':>12} {'MB/s':>8}")
    for stage in ["ingest", "normalize", "dedupe", "classify", "export"]:
        seconds = summary["timings"].get(stage, 0)
        rate = rows / seconds if seconds else 0
        print(f"{stage:<10} {seconds:>8.3f} {rate:>12,.0f} {size_mb / seconds if seconds else 0:>8.1f}")
    print(f"wall time {wall}, peak memory {peak_kb / 1024:.0f} MiB")
    print(f"contacts {summary['contacts']:,}, duplicates {summary['duplicates']:,}, rejected {summary['rejected']:,}")


if __name__ == "__main__":
    main()
