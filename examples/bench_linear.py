#!/usr/bin/env python3
"""How kvu's time grows with the input: `kvu gaps` on two generated cases, runs interleaved (so that a
machine whose speed drifts over minutes slows both alike), medians and minimums, against the bytes.

    python3 examples/bench_linear.py [SMALL_DIR] [BIG_DIR] [--runs 9]

The folders are examples/bench.py's (default /tmp/kvu-bench-60000 and /tmp/kvu-bench-600000); build
with `cargo build --release` first.
"""
import argparse
import os
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FILES = ("staff.csv", "completions.csv", "exemptions.csv", "plan.yaml")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("small", nargs="?", default="/tmp/kvu-bench-60000")
    ap.add_argument("big", nargs="?", default="/tmp/kvu-bench-600000")
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    kvu = os.path.join(ROOT, "target", "release", "kvu")

    def cmd(d):
        return [kvu, "--plan", f"{d}/plan.yaml", "--staff", f"{d}/staff.csv", "--completions",
                f"{d}/completions.csv", "--exemptions", f"{d}/exemptions.csv", "--as-of", "2026-10-31",
                "gaps", "--format", "csv"]

    times = {args.small: [], args.big: []}
    for _ in range(args.runs):
        for d in (args.small, args.big):
            start = time.perf_counter()
            proc = subprocess.Popen(cmd(d), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            os.wait4(proc.pid, 0)
            times[d].append(time.perf_counter() - start)
    size = {d: sum(os.path.getsize(os.path.join(d, f)) for f in FILES) for d in times}
    small, big = (statistics.median(times[d]) for d in (args.small, args.big))
    least = min(times[args.big]) / min(times[args.small])
    grow = size[args.big] / size[args.small]
    print(f"small: {small:.3f} s (min {min(times[args.small]):.3f}), big: {big:.3f} s "
          f"(min {min(times[args.big]):.3f})")
    print(f"time x{big / small:.2f} (minimums x{least:.2f}) for bytes x{grow:.2f}: "
          f"{100 * (big / small / grow - 1):+.1f}% from linear")


if __name__ == "__main__":
    main()
