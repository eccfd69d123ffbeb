#!/usr/bin/env python3
"""Backtest of `kvu forecast` on the examples: a forecast made as of an earlier date, against what the
exports show actually fell due in the months it covered.

    python3 examples/backtest.py [--as-of 2025-10-31] [--months 12]

The forecast sees only the staff who had started by its date (today's export also knows later hires,
which the forecast must predict as new staff). What fell due: with today's export, the requirements
that were `due` on the forecast date (not met, not exempt; later hires included) whose due date falls
in the months covered. Needs a release build (cargo build --release).
"""
import argparse
import collections
import csv
import os
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KVU = os.path.join(ROOT, "target", "release", "kvu")


def kvu(env, *args):
    return subprocess.run([KVU, *args], capture_output=True, text=True, env=env, cwd=ROOT, check=True).stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--as-of", default="2025-10-31")
    ap.add_argument("--months", type=int, default=12)
    a = ap.parse_args()
    env = dict(os.environ, KVU_PLAN="plan/vgr-2024.yaml", KVU_STAFF="examples/staff.csv",
               KVU_COMPLETIONS="examples/completions.csv", KVU_UNITS="examples/units.csv",
               KVU_EXEMPTIONS="examples/exemptions.csv")
    rows = list(csv.DictReader(open(os.path.join(ROOT, "examples", "staff.csv"), newline="")))
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="") as f:
        w = csv.DictWriter(f, fieldnames=rows[0].keys())
        w.writeheader()
        w.writerows(r for r in rows if not r["start_date"] or r["start_date"] <= a.as_of)
        then = f.name
    try:
        out = kvu(dict(env, KVU_STAFF=then), "--as-of", a.as_of, "forecast", "--months", str(a.months), "--format", "csv")
    finally:
        os.unlink(then)
    forecast = list(csv.DictReader(out.splitlines()))
    months = sorted({r["month"] for r in forecast})
    due, new, other = collections.Counter(), collections.Counter(), collections.Counter()
    for r in forecast:
        due[r["course"]] += int(r["due"])
        new[r["course"]] += int(r["new_staff"])
        other[r["course"]] += int(r["lapsing"]) + int(r["exemptions_ending"])
    fell = collections.Counter()
    for r in csv.DictReader(kvu(env, "--as-of", a.as_of, "gaps", "--status", "due", "--format", "csv").splitlines()):
        if months[0] <= r["due"][:7] <= months[-1]:
            fell[r["course"]] += 1
    print(f"forecast as of {a.as_of}, {months[0]} to {months[-1]}")
    print(f"{'course':10} {'forecast':>8} {'(due + new staff + other)':>26} {'fell due':>9}")
    for c in due:
        total = due[c] + new[c] + other[c]
        print(f"{c:10} {total:8} {f'({due[c]} + {new[c]} + {other[c]})':>26} {fell[c]:9}")


if __name__ == "__main__":
    main()
