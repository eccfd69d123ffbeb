#!/usr/bin/env python3
"""Byte-identity check between two kvu binaries: runs the same command lines with each and compares
stdout, stderr and the exit code.

    python3 examples/compare_outputs.py BEFORE_KVU AFTER_KVU [--region DIR] [--skip-stderr]

The plan and examples are taken from the repository the script is in (KVU_ROOT=DIR for another).

Cases: the examples (with and without the unit tree) and, with --region, a generated region
(`cargo run --release --example generate -- --staff 60000 --outside-codes 240 --out DIR`). Prints one
line per differing command line and a closing count. --split folders are compared file by file.
"""
import argparse
import filecmp
import os
import subprocess
import sys
import tempfile

ROOT = os.environ.get("KVU_ROOT") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

COMMANDS = [
    ["gaps"], ["gaps", "--summary"], ["gaps", "--status", "overdue"], ["priority"],
    ["priority", "--seats", "3"], ["report", "--year", "2025"], ["report", "--year", "2025", "--by", "unit"],
    ["report", "--year", "2025", "--by", "role"], ["report", "--year", "2025", "--compare"],
    ["trend"], ["forecast"], ["units"], ["validate"], ["allocate", "--seats", "40"],
    ["diff", "--old-plan", os.path.join(ROOT, "plan/vgr-2019.yaml"), "--summary"],
]
FORMATS = [["--format", "csv"], ["--format", "json"], ["--format", "table"], ["--format", "table", "--lang", "sv"],
           ["--format", "html", "--lang", "sv"]]
SPLITS = [["gaps"], ["gaps", "--summary"], ["priority"], ["report", "--year", "2025"]]


def cases(region):
    ex = os.path.join(ROOT, "examples")
    base = ["--plan", os.path.join(ROOT, "plan/vgr-2024.yaml"), "--staff", f"{ex}/staff.csv",
            "--completions", f"{ex}/completions.csv", "--exemptions", f"{ex}/exemptions.csv",
            "--as-of", "2026-10-31"]
    yield "examples+tree", base + ["--units", f"{ex}/units.csv"]
    yield "examples", base
    if region:
        yield "region+tree", ["--plan", os.path.join(ROOT, "plan/vgr-2024.yaml"),
                              "--staff", f"{region}/staff.csv", "--completions", f"{region}/completions.csv",
                              "--exemptions", f"{region}/exemptions.csv", "--units", f"{region}/units.csv",
                              "--as-of", "2026-10-31"]


def run(kvu, args, cwd):
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "120"}
    p = subprocess.run([kvu] + args, capture_output=True, cwd=cwd, env=env)
    return p.stdout, p.stderr, p.returncode


def same_dirs(a, b):
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--region")
    ap.add_argument("--skip-stderr", action="store_true")
    a = ap.parse_args()
    total = differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        # Both binaries are run as `kvu` (pages and workbooks print the command line).
        for i, kvu in enumerate([a.before, a.after]):
            os.makedirs(os.path.join(tmp, f"bin{i}"))
            os.symlink(os.path.abspath(kvu), os.path.join(tmp, f"bin{i}", "kvu"))
        a.before, a.after = os.path.join(tmp, "bin0", "kvu"), os.path.join(tmp, "bin1", "kvu")
        for name, g in cases(a.region):
            for cmd in COMMANDS:
                for fmt in FORMATS:
                    for unit in ([[], ["--unit", "F01"]] if "tree" in name else [[]]):
                        args = g + cmd + fmt + unit
                        total += 1
                        r1, r2 = run(a.before, args, tmp), run(a.after, args, tmp)
                        if a.skip_stderr:
                            r1, r2 = (r1[0], r1[2]), (r2[0], r2[2])
                        if r1 != r2:
                            differ += 1
                            print(f"DIFFER [{name}] kvu {' '.join(cmd + fmt + unit)}")
            for cmd in SPLITS:
                for fmt in ["csv", "json"]:
                    total += 1
                    outs, results = [], []
                    for i, kvu in enumerate([a.before, a.after]):
                        d = os.path.join(tmp, f"split{i}")
                        subprocess.run(["rm", "-rf", d])
                        r = run(kvu, g + cmd + ["--split", "unit", "--format", fmt, "--output", d], tmp)
                        results.append(r if not a.skip_stderr else (r[0], r[2]))
                        outs.append(d)
                    exist = [os.path.isdir(d) for d in outs]
                    if results[0] != results[1] or exist[0] != exist[1] or (exist[0] and not same_dirs(*outs)):
                        differ += 1
                        print(f"DIFFER [{name}] kvu {' '.join(cmd)} --split unit --format {fmt}")
            for lang in ["en", "sv"]:
                total += 1
                outs, results = [], []
                for i, kvu in enumerate([a.before, a.after]):
                    d = os.path.join(tmp, f"site{i}")
                    subprocess.run(["rm", "-rf", d, os.path.join(tmp, "site")])
                    r = run(kvu, g + ["--lang", lang, "site", "--output", "site"], tmp)
                    os.rename(os.path.join(tmp, "site"), d)
                    results.append(r if not a.skip_stderr else (r[0], r[2]))
                    outs.append(d)
                if results[0] != results[1] or not same_dirs(*outs):
                    differ += 1
                    print(f"DIFFER [{name}] kvu --lang {lang} site")
    print(f"{total} command lines, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
