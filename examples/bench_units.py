#!/usr/bin/env python3
"""How the per-unit work grows with the number of units: `--split unit` and `kvu site` on a tree of N
units and on one of 4N, each unit holding a few people (so the rows grow with the units), runs
interleaved (a machine whose speed drifts slows both alike). Work that costs units x rows would take
16 times as long on the larger case; work that costs rows + units, 4 times.

    python3 examples/bench_units.py [--units 6000] [--per-unit 3] [--runs 3] [--out DIR]

Writes the two cases into DIR (default /tmp/kvu-units), the outputs into a folder beside them, and
prints the medians, peak memory and the ratio. Build with `cargo build --release` first.
"""
import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROLES = [("medarbetare", "enhet"), ("medarbetare", "enhet"), ("vu", "enhet"), ("chef", "enhet")]
COURSES = ["kvu-webb", "kvu-chef", "kvu-15hp", "LMS-ETIK-1", "LMS-BRAND-2"]


def write_case(folder, units, per_unit, seed=7):
    """A region > 40 administrations > departments of 10 > units tree, `per_unit` people a unit."""
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    shutil.copy(os.path.join(ROOT, "plan", "vgr-2024.yaml"), os.path.join(folder, "plan.yaml"))
    with open(os.path.join(folder, "units.csv"), "w", encoding="utf-8") as u, \
            open(os.path.join(folder, "staff.csv"), "w", encoding="utf-8") as s, \
            open(os.path.join(folder, "completions.csv"), "w", encoding="utf-8") as c:
        u.write("unit,parent,name\nR,,Regionen\n")
        s.write("employee_id,name,unit,role,level,start_date\n")
        c.write("employee_id,course,completed,session\n")
        for a in range(40):
            u.write(f"F{a:02},R,Förvaltning {a}\n")
        person = 100000
        for k in range(units):
            dept = f"F{k % 40:02}-D{k // 400:03}"
            if k % 400 < 40:
                u.write(f"{dept},F{k % 40:02},Område {k // 400}\n")
            unit = f"{dept}-E{k:05}"
            u.write(f"{unit},{dept},Enhet {k}\n")
            for _ in range(per_unit):
                person += 1
                role, level = rng.choice(ROLES)
                s.write(f"{person},Person {person},{unit},{role},{level},2019-0{rng.randint(1, 9)}-01\n")
                for course in rng.sample(COURSES, rng.randint(0, 3)):
                    c.write(f"{person},{course},20{rng.randint(18, 26)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)},\n")


def run(cmd):
    """Wall seconds and peak memory (MiB) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}: {proc.stderr.read().decode()}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=6000)
    ap.add_argument("--per-unit", type=int, default=3)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default="/tmp/kvu-units")
    ap.add_argument("--kvu", default=os.path.join(ROOT, "target", "release", "kvu"))
    args = ap.parse_args()
    cases = {n: os.path.join(args.out, f"units-{n}") for n in (args.units, 4 * args.units)}
    for n, folder in cases.items():
        write_case(folder, n, args.per_unit)
    jobs = {
        "gaps": ["gaps", "--format", "csv"],
        "--split unit gaps": ["--split", "unit", "--output", "{out}", "gaps", "--format", "csv"],
        "site": ["site", "--output", "{out}"],
    }
    results = {(job, n): [] for job in jobs for n in cases}
    for _ in range(args.runs):
        for job, words in jobs.items():
            for n, folder in cases.items():
                out = os.path.join(args.out, "out")
                shutil.rmtree(out, ignore_errors=True)
                files = ["--plan", f"{folder}/plan.yaml", "--staff", f"{folder}/staff.csv", "--completions",
                         f"{folder}/completions.csv", "--units", f"{folder}/units.csv", "--as-of", "2026-10-31",
                         "--quiet"]
                results[(job, n)].append(run([args.kvu, *files, *[w.replace("{out}", out) for w in words]]))
    print(f"{'job':<20} {'units':>7} {'median s':>9} {'peak MiB':>9} {'x (4x units)':>13}")
    for job in jobs:
        small, big = (statistics.median(t for t, _ in results[(job, n)]) for n in cases)
        for n in cases:
            times = results[(job, n)]
            ratio = f"{big / small:.1f}" if n != args.units else ""
            print(f"{job:<20} {n:>7} {statistics.median(t for t, _ in times):>9.3f} "
                  f"{max(m for _, m in times):>9.1f} {ratio:>13}")


if __name__ == "__main__":
    main()
