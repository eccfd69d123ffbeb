#!/usr/bin/env python3
"""Benchmark: `kvu cohorts` placing 10,000 candidates into 500 sessions.

    python3 examples/bench_cohorts.py [--candidates 10000] [--sessions 500] [--units 1000] [--runs 7]

Builds kvu (cargo, release), writes into /tmp/kvu-bench-cohorts-<candidates> a staff export of that many
managers who all lack kvu-chef (plan/vgr-2024.yaml), spread over --units units with ten other staff
each and start dates spread over four years (so tiers, due dates and units all matter), an empty
completion export, and a sessions file of --sessions sessions of 20 seats each, one a day from
2027-01-04. Then it times `kvu cohorts --max-away 10` against `kvu priority --course kvu-chef` on the
same files (the difference is what filling the sessions costs) and prints the medians and the peak
memory (max RSS).
"""
import argparse
import datetime
import os
import random
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd):
    """Runs a command; returns (wall seconds, peak RSS in MiB, stdout lines)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024, out.count(b"\n")


def write_case(case, candidates, sessions, units):
    os.makedirs(case, exist_ok=True)
    rng = random.Random(16)
    with open(os.path.join(case, "staff.csv"), "w") as f:
        f.write("employee_id,name,unit,role,level,start_date\n")
        for i in range(candidates):
            unit = f"U{rng.randrange(units):05d}"
            start = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randrange(4 * 365))
            f.write(f"C{i:06d},Chef {i},{unit},chef,enhet,{start}\n")
        for u in range(units):
            for j in range(10):
                f.write(f"M{u:05d}{j},,U{u:05d},medarbetare,enhet,2020-01-01\n")
    with open(os.path.join(case, "completions.csv"), "w") as f:
        f.write("employee_id,course,completed,session\n")
    with open(os.path.join(case, "sessions.csv"), "w") as f:
        f.write("session,date,seats,place\n")
        day = datetime.date(2027, 1, 4)
        for s in range(sessions):
            f.write(f"S{s:04d},{day + datetime.timedelta(days=s)},20,Sal {s % 7}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--candidates", type=int, default=10000)
    ap.add_argument("--sessions", type=int, default=500)
    ap.add_argument("--units", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    case = f"/tmp/kvu-bench-cohorts-{args.candidates}"
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "kvu"], cwd=ROOT, check=True)
    kvu = os.path.join(ROOT, "target", "release", "kvu")
    write_case(case, args.candidates, args.sessions, args.units)
    files = ["--plan", os.path.join(ROOT, "plan", "vgr-2024.yaml"), "--staff", f"{case}/staff.csv",
             "--completions", f"{case}/completions.csv", "--as-of", "2026-10-31", "--format", "csv"]
    cohorts = [kvu, *files, "cohorts", "--course", "kvu-chef", "--sessions", f"{case}/sessions.csv",
               "--max-away", "10"]
    priority = [kvu, *files, "priority", "--course", "kvu-chef"]
    times = {"cohorts": [], "priority": []}
    peak = {"cohorts": 0.0, "priority": 0.0}
    rows = {}
    for _ in range(args.runs):
        for name, cmd in (("cohorts", cohorts), ("priority", priority)):
            wall, rss, lines = run(cmd)
            times[name].append(wall)
            peak[name] = max(peak[name], rss)
            rows[name] = lines - 1
    print(f"data: {case}: {args.candidates} candidates in {args.units} units (+10 staff each), "
          f"{args.sessions} sessions of 20 seats; {args.runs} runs each, alternating; {os.cpu_count()} cores")
    for name in ("cohorts", "priority"):
        print(f"kvu {name:<10} median {statistics.median(times[name]):.3f} s  min {min(times[name]):.3f} s"
              f"  peak {peak[name]:.1f} MiB  rows {rows[name]}")
    fill = statistics.median(times["cohorts"]) - statistics.median(times["priority"])
    print(f"filling the sessions: {fill * 1000:.0f} ms (cohorts minus priority, medians)")


if __name__ == "__main__":
    main()
