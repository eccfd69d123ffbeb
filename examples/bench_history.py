#!/usr/bin/env python3
"""Benchmark of the history store (issue 33): a monthly series recorded month by month.

    python3 examples/bench_history.py [--staff 60000] [--outside-codes 240] [--real] [--months 12]
                                      [--out DIR] [--store FILE] [--trend-runs 3]

Builds kvu and the generator (cargo, release), writes a monthly series with `generate --months N`
into DIR (default /tmp/kvu-history-<staff>[-real]-<N>, reused when its last month is there): month 1
the generator's usual export as of 2026-10-31, each next month with about 1 % leavers, joiners and
moves, the month's new completions, leavers' completions purged after three months, old completions
purged in month 5, and a changed dose in the plan from month 7. Then, into a fresh store, for each month:
one `gaps --summary --format csv` on the month's files and `kvu record` of the month, each timed (wall
and peak RSS, from wait4 as `/usr/bin/time -v` reports them), and the store's size after the recording.
If the binary's `trend --history FILE` reads the store (its CSV ends in a column `recorded`), `trend` and `site` are timed on the last month's
files without and with `--history FILE` (medians of --trend-runs). Last, a table of the ratios against the
issue's targets: first recording at most 10 times one `gaps --summary`, each next at most 5 times,
peak memory at most 2 times gaps', the store after 12 months at most 2 times its size after the first;
at national scale (600k staff) the first recording at most 60 s and the next at most 30 s; `trend
--history` at most 5 times plain `trend`, `site --history` at most 1.5 times plain `site`.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd):
    """Runs a command; returns (wall seconds, peak RSS in MiB, exit code, stderr)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), err.decode(errors="replace")


def files(month_dir):
    with open(os.path.join(month_dir, "as-of")) as f:
        as_of = f.read().strip()
    return ["--plan", f"{month_dir}/plan.yaml", "--staff", f"{month_dir}/staff.csv", "--completions",
            f"{month_dir}/completions.csv", "--exemptions", f"{month_dir}/exemptions.csv", "--units",
            f"{month_dir}/units.csv", "--as-of", as_of]


def check(name, wall, rss, code, err):
    if code != 0:
        sys.exit(f"{name} failed with exit code {code}: {err.strip()}")
    return wall, rss


def timed(cmd, runs):
    walls, peaks = [], []
    for _ in range(runs):
        wall, rss = check(" ".join(cmd[-3:]), *run(cmd))
        walls.append(wall)
        peaks.append(rss)
    return statistics.median(walls), max(peaks)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--staff", type=int, default=60000)
    ap.add_argument("--outside-codes", type=int, default=240)
    ap.add_argument("--real", action="store_true")
    ap.add_argument("--months", type=int, default=12)
    ap.add_argument("--out")
    ap.add_argument("--store")
    ap.add_argument("--trend-runs", type=int, default=3)
    args = ap.parse_args()
    case = args.out or f"/tmp/kvu-history-{args.staff}{'-real' if args.real else ''}-{args.months}"
    store = args.store or f"{case}.sqlite"

    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "kvu", "--example", "generate"], cwd=ROOT,
                   check=True)
    kvu = os.path.join(ROOT, "target", "release", "kvu")
    months = [os.path.join(case, f"month-{m:02}") for m in range(1, args.months + 1)]
    if not os.path.exists(os.path.join(months[-1], "as-of")):
        print(f"generating {args.months} months of {args.staff} staff into {case} ...", flush=True)
        gen = os.path.join(ROOT, "target", "release", "examples", "generate")
        shape = ["--real"] if args.real else []
        start = time.perf_counter()
        subprocess.run([gen, "--staff", str(args.staff), "--outside-codes", str(args.outside_codes), *shape,
                        "--months", str(args.months), "--out", case], check=True)
        print(f"generated in {time.perf_counter() - start:.1f} s")
    for path in (store, store + "-journal"):
        if os.path.exists(path):
            os.remove(path)
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; store {store}")
    print(f"{'month':<8}{'as of':<12}{'staff rows':>11}{'compl. rows':>12}{'gaps --summary':>18}"
          f"{'record':>18}{'×gaps':>7}{'×RSS':>6}{'store MB':>10}")
    rows = []
    for m, month_dir in enumerate(months, 1):
        common = files(month_dir)
        with open(os.path.join(month_dir, "staff.csv"), "rb") as f:
            staff_rows = sum(1 for _ in f) - 1
        with open(os.path.join(month_dir, "completions.csv"), "rb") as f:
            completion_rows = sum(1 for _ in f) - 1
        g_wall, g_rss = check("gaps", *run([kvu, *common, "gaps", "--summary", "--format", "csv"]))
        r_wall, r_rss, code, err = run([kvu, *common, "record", "--history", store])
        check("record", r_wall, r_rss, code, err)
        size = os.path.getsize(store)
        rows.append((m, g_wall, g_rss, r_wall, r_rss, size))
        print(f"{m:<8}{common[-1]:<12}{staff_rows:>11,}{completion_rows:>12,}{g_wall:>9.2f} s{g_rss:>6.0f} MiB"
              f"{r_wall:>9.2f} s{r_rss:>6.0f} MiB{r_wall / g_wall:>7.1f}{r_rss / g_rss:>6.2f}{size / 1e6:>10.1f}",
              flush=True)

    last = files(months[-1])
    # A kvu whose trend reads the store gives its CSV a last column `recorded`.
    probe = subprocess.run([kvu, *last, "trend", "--history", store, "--format", "csv"], capture_output=True,
                           text=True)
    trend = None
    if probe.returncode == 0 and probe.stdout.split("\n", 1)[0].endswith(",recorded"):
        site_dir = "/dev/shm/kvu-bench-history-site"
        plain, _ = timed([kvu, *last, "trend", "--format", "csv"], args.trend_runs)
        hist, _ = timed([kvu, *last, "trend", "--history", store, "--format", "csv"], args.trend_runs)
        shutil.rmtree(site_dir, ignore_errors=True)
        site_plain, _ = timed([kvu, *last, "site", "--output", site_dir], 1)
        shutil.rmtree(site_dir, ignore_errors=True)
        site_hist, _ = timed([kvu, *last, "site", "--history", store, "--output", site_dir], 1)
        shutil.rmtree(site_dir, ignore_errors=True)
        trend = (plain, hist, site_plain, site_hist)
        print(f"trend {plain:.2f} s, trend --history {hist:.2f} s; site {site_plain:.2f} s, "
              f"site --history {site_hist:.2f} s")
    else:
        print("this kvu's trend does not read the store (no `recorded` column): trend and site not compared")

    print()
    print(f"{'target':<52}{'measured':>12}{'limit':>8}  met")

    def line(name, value, limit, unit="×"):
        print(f"{name:<52}{value:>11.2f}{unit}{limit:>7}{unit}  {'yes' if value <= limit else 'NO'}")

    line("first recording / gaps --summary", rows[0][3] / rows[0][1], 10)
    if len(rows) > 1:
        line("each next recording / gaps --summary (worst month)", max(r[3] / r[1] for r in rows[1:]), 5)
    line("peak memory of a recording / gaps' (worst month)", max(r[4] / r[2] for r in rows), 2)
    if len(rows) >= 12:
        line("store after 12 months / after the first", rows[11][5] / rows[0][5], 2)
    if args.staff >= 600000:
        line("national: first recording", rows[0][3], 60, " s")
        if len(rows) > 1:
            line("national: second recording", rows[1][3], 30, " s")
    if trend:
        line(f"trend --history ({len(rows)} recordings) / trend", trend[1] / trend[0], 5)
        line("site --history / site", trend[3] / trend[2], 1.5)


if __name__ == "__main__":
    main()
