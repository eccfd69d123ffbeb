#!/usr/bin/env python3
"""A wide case for `gaps --summary`: a plan of many courses all required of one role, and staff of
one person per unit, so that the summary has units x courses rows (20,000 x 200 = 4M by default).

    python3 examples/wide.py OUT [--units 20000] [--courses 200] [--seed 25]

writes OUT/plan.yaml, OUT/staff.csv, OUT/completions.csv and OUT/units.csv. About a third of the
requirements are met, some lapsed (expired or due), the rest overdue or due; a few people have a
second post in another unit.
"""

import argparse
import os
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--units", type=int, default=20000)
    ap.add_argument("--courses", type=int, default=200)
    ap.add_argument("--seed", type=int, default=25)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "plan.yaml"), "w") as f:
        f.write("name: Wide\nstarts: 2024-01-01\nlevels:\n  enhet: Enhet\nroles:\n  vard: Vård\ncourses:\n")
        for c in range(a.courses):
            valid = "valid_months: 24, " if c % 3 == 0 else ""
            f.write(f"  - {{ id: c{c:03d}, name: Course {c}, {valid}due_months: {1 + c % 12} }}\n")
        f.write("matrix:\n  vard:\n    \"*\": [")
        f.write(", ".join(f"c{c:03d}" for c in range(a.courses)))
        f.write("]\n")
    with open(os.path.join(a.out, "units.csv"), "w") as f:
        f.write("unit,parent,name\nROOT,,Root\n")
        for u in range(a.units):
            f.write(f"U{u:05d},ROOT,Unit {u}\n")
    with open(os.path.join(a.out, "staff.csv"), "w") as s, open(
        os.path.join(a.out, "completions.csv"), "w"
    ) as c:
        s.write("employee_id,name,unit,role,level,start_date\n")
        c.write("employee_id,course,completed,session\n")
        for p in range(a.units):
            pid = 500000 + p
            start = f"20{rnd.randint(15, 25)}-{rnd.randint(1, 12):02d}-01"
            # Units written in mixed case now and then: units are ids ignoring case.
            unit = f"U{p:05d}" if p % 97 else f"u{p:05d}"
            s.write(f"{pid},Person {p},{unit},vard,enhet,{start}\n")
            if p % 50 == 0:
                s.write(f"{pid},Person {p},U{(p * 7 + 3) % a.units:05d},vard,,\n")
            for k in range(a.courses):
                if rnd.random() < 0.4:
                    c.write(f"{pid},c{k:03d},20{rnd.randint(20, 26)}-{rnd.randint(1, 12):02d}-15,\n")


if __name__ == "__main__":
    main()
