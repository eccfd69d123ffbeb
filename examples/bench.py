#!/usr/bin/env python3
"""Benchmark: kvu against the same `gaps` job in DuckDB, side by side on the same generated exports.

    python3 examples/bench.py [--staff 60000] [--outside-codes 20] [--runs 7] [--as-of 2026-10-31]
                              [--duckdb PATH] [--before KVU] [--out DIR] [--gaps-only] [--real]

Builds kvu and the generator (cargo, release), writes the exports with `examples/generate.rs` into DIR
(default /tmp/kvu-bench-<staff>[-<codes>][-real], reused when it is already there; `--outside-codes` is
how many distinct courses outside the plan the completion export has; `--real` writes a real
platform's export shape, see `generate --real`, with 240 such courses unless `--outside-codes` says
otherwise), then runs `kvu gaps` and the DuckDB script alternately, and prints the median wall time
and the peak memory (max RSS) of each, the ratio, and whether the two gaps CSVs are identical. `--before` runs another kvu binary (an earlier commit's)
in the same alternation. Then it times kvu's other commands on the same data (not with --gaps-only).
DuckDB's script is examples/duckdb_gaps.py (pip install duckdb pyyaml); without it, only kvu runs.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, stdout):
    """Runs a command; returns (wall seconds, peak RSS in MiB, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--staff", type=int, default=60000)
    ap.add_argument("--outside-codes", type=int)
    ap.add_argument("--before")
    ap.add_argument("--gaps-only", action="store_true")
    ap.add_argument("--real", action="store_true")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--as-of", default="2026-10-31")
    ap.add_argument("--out")
    ap.add_argument("--duckdb", default=os.path.join(ROOT, "examples", "duckdb_gaps.py"))
    args = ap.parse_args()
    if args.outside_codes is None:
        args.outside_codes = 240 if args.real else 20
    suffix = "" if args.outside_codes == 20 else f"-{args.outside_codes}"
    if args.real:
        suffix += "-real"
    case = args.out or f"/tmp/kvu-bench-{args.staff}{suffix}"

    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "kvu", "--example", "generate"], cwd=ROOT, check=True)
    kvu = os.path.join(ROOT, "target", "release", "kvu")
    if not os.path.exists(os.path.join(case, "completions.csv")):
        print(f"generating {args.staff} staff into {case} ...", flush=True)
        gen = os.path.join(ROOT, "target", "release", "examples", "generate")
        shape = ["--real"] if args.real else []
        subprocess.run([gen, "--staff", str(args.staff), "--outside-codes", str(args.outside_codes), *shape,
                        "--out", case], check=True)
    sizes = {f: os.path.getsize(os.path.join(case, f)) for f in ("staff.csv", "completions.csv")}
    with open(os.path.join(case, "completions.csv"), "rb") as f:
        rows = sum(1 for _ in f) - 1
    print(f"data: {case}: staff.csv {sizes['staff.csv'] / 1e6:.1f} MB, completions.csv "
          f"{sizes['completions.csv'] / 1e6:.1f} MB ({rows:,} rows)")
    print(f"{args.outside_codes} distinct courses outside the plan")
    print(f"machine: {os.cpu_count()} cores; {args.runs} runs each, alternating; as of {args.as_of}")

    files = ["--plan", f"{case}/plan.yaml", "--staff", f"{case}/staff.csv", "--completions",
             f"{case}/completions.csv", "--exemptions", f"{case}/exemptions.csv", "--as-of", args.as_of]
    kvu_gaps = [kvu, *files, "gaps", "--format", "csv"]
    duck = [sys.executable, args.duckdb, case, args.as_of]
    have_duck = os.path.exists(args.duckdb)
    # Asked in a child: importing duckdb here would grow this process, and a child's peak memory (from
    # wait4) is never less than its parent's size when it was forked.
    if have_duck and subprocess.run([sys.executable, "-c", "import duckdb, yaml"], stderr=subprocess.DEVNULL).returncode:
        print("duckdb is not installed (pip install duckdb pyyaml): timing kvu alone")
        have_duck = False

    programs = [("kvu", kvu_gaps)]
    if args.before:
        programs.insert(0, ("kvu before", [args.before, *kvu_gaps[1:]]))
    if have_duck:
        programs.append(("duckdb", duck))

    # Same output?
    with open("/tmp/kvu-bench-kvu.csv", "wb") as out:
        run(kvu_gaps, out)
    if args.before:
        with open("/tmp/kvu-bench-before.csv", "wb") as out:
            run(programs[0][1], out)
        same = open("/tmp/kvu-bench-kvu.csv", "rb").read() == open("/tmp/kvu-bench-before.csv", "rb").read()
        print(f"gaps CSV identical to kvu before's: {'yes' if same else 'NO'}")
    if have_duck:
        with open("/tmp/kvu-bench-duckdb.csv", "wb") as out:
            run(duck, out)
        same = open("/tmp/kvu-bench-kvu.csv", "rb").read() == open("/tmp/kvu-bench-duckdb.csv", "rb").read()
        print(f"gaps CSV identical to DuckDB's: {'yes' if same else 'NO'}")

    times = {name: [] for name, _ in programs}
    peaks = {name: [] for name, _ in programs}
    for _ in range(args.runs):
        for name, cmd in programs:
            wall, peak, code = run(cmd, subprocess.DEVNULL)
            if code != 0:
                sys.exit(f"{name} failed with exit code {code}")
            times[name].append(wall)
            peaks[name].append(peak)
    print()
    print(f"{'gaps':<28}{'median s':>10}{'min s':>8}{'peak MiB':>10}")
    for name, _ in programs:
        print(f"{name:<28}{statistics.median(times[name]):>10.3f}{min(times[name]):>8.3f}{max(peaks[name]):>10.1f}")
    if have_duck:
        ratio = statistics.median(times["duckdb"]) / statistics.median(times["kvu"])
        print(f"kvu is {ratio:.1f}x faster than DuckDB (median against median)")
    if args.gaps_only:
        return

    print()
    others = [
        ["gaps", "--summary"],
        ["report", "--year", args.as_of[:4]],
        ["report", "--year", args.as_of[:4], "--by", "unit", "--depth", "2"],
        ["priority"],
        ["priority", "--seats", "100"],
        ["allocate", "--course", "kvu-chef", "--seats", "200"],
        ["trend"],
        ["forecast"],
        ["--split", "unit", "--output", "/dev/shm/kvu-bench-split", "gaps"],
    ]
    for extra in others:
        cmd = [kvu, *files, "--units", f"{case}/units.csv", *extra, "--format", "csv"]
        walls, rss = [], []
        for _ in range(max(3, args.runs // 2)):
            wall, peak, code = run(cmd, subprocess.DEVNULL)
            if code != 0:
                sys.exit(f"kvu {' '.join(extra)} failed with exit code {code}")
            walls.append(wall)
            rss.append(peak)
        label = "kvu " + " ".join(extra)
        print(f"{label:<52}{statistics.median(walls):>8.3f} s{max(rss):>9.1f} MiB")


if __name__ == "__main__":
    main()
