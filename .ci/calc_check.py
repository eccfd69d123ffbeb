#!/usr/bin/env python3
"""The workbooks as a spreadsheet shows them: each command's xlsx, opened by LibreOffice Calc
(headless), must show what the command's CSV says.

    python3 .ci/calc_check.py [KVU] [--keep DIR] [--quiet]

KVU is the binary to check (default: target/release/kvu, else target/debug/kvu). Needs `soffice`
(Debian: libreoffice-calc-nogui; .ci/run installs it). Each command runs on the examples twice: as
CSV, and as xlsx in English and in Swedish (`--lang sv`). LibreOffice converts every workbook to html
(values as shown: number formats applied) under an English and a Swedish locale, and each sheet's
rows must be the CSV's: column by column in the CSV's order (extra columns after them are for people
only: days late, met %, the year before), English headings equal to the CSV header, the words of
`--lang sv` allowed where the CSV has a state name, numbers as the locale shows them (`2.5`, `2,5`:
never `94,` or `94.`), dates as `yyyy-mm-dd`, a forecast's month as `yyyy-mm`, percentages to one
decimal; rows after the CSV's only where they are totals. `kvu cohorts`' sheets per session together
must be its sheet of all seats. Prints one line per workbook (with --quiet only those that differ)
and a closing count, and exits 1 if any differs.

Where the CSV has ids a workbook shows names. A unit column (`unit`, `home_unit`, the `group` of
`--by unit`) followed by its id column (`unit_id`, `Enhets-id`, ...: the English heading is the
column's key and `_id`) must hold the CSV's id in the id column and the unit's name from the tree
(examples/units.csv; the id where the tree gives no name) in the unit column; a unit column without an
id column must hold the CSV's value as it is. Role and level columns (and the `group` of `--by role`,
`--by level`) must hold the plan's display names for the CSV's ids (from the plan's `roles:` and
`levels:`; an id the plan lacks as it is).
"""
import argparse
import csv
import html
import html.parser
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EX = os.path.join(ROOT, "examples")

COMMANDS = [
    ["gaps"],
    ["gaps", "--summary"],
    ["priority"],
    ["priority", "--by", "unit"],
    ["report", "--year", "2026"],
    ["report", "--year", "2026", "--by", "unit"],
    ["report", "--year", "2026", "--compare"],
    ["trend"],
    ["forecast"],
    ["diff", "--old-plan", os.path.join(ROOT, "plan/vgr-2019.yaml")],
    ["diff", "--old-plan", os.path.join(ROOT, "plan/vgr-2019.yaml"), "--summary"],
    ["allocate", "--course", "kvu-chef", "--seats", "40"],
    ["cohorts", "--course", "kvu-chef", "--sessions", os.path.join(EX, "sessions.csv")],
]

# The state names (and the report's TOTAL) in Swedish, as `--lang sv` shows them.
SV_WORDS = {
    "met": "klar", "exempt": "undantagen", "overdue": "försenad", "due": "ska göras",
    "expired": "utgången", "not required": "krävs ej", "TOTAL": "TOTALT",
}
TOTALS = {"Total", "Totalt", "TOTAL", "TOTALT"}
# The heading of the id column a workbook puts right after a unit column, in English and Swedish
# (src/output/words/sv.rs).
# The CSV columns that hold ids people read by their names (besides `group`, which holds what `--by` says).
COLUMN_KINDS = {"unit": "unit", "home_unit": "unit", "role": "role", "level": "level"}
ID_HEADINGS = {
    "unit": {"unit_id", "Enhets-id"}, "home_unit": {"home_unit_id", "Hemenhetens id"},
    "group": {"group_id", "Grupp-id"},
}
LOCALES = {"en": "en_US.UTF-8", "sv": "sv_SE.UTF-8"}
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class Tables(html.parser.HTMLParser):
    """The tables of LibreOffice's html export: one per sheet, rows of cell texts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.row, self.cell, self.span = [], None, None, 1

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.row = []
        elif tag == "td":
            self.cell, self.span = [], int(dict(attrs).get("colspan") or 1)

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.row.extend(["".join(self.cell).strip()] + [""] * (self.span - 1))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def shown_as(value, key, lang, locale):
    """What a CSV value may look like in the workbook: the value, its Swedish word, its locale's number."""
    wanted = {value}
    if lang == "sv" and value in SV_WORDS:
        wanted.add(SV_WORDS[value])
    if NUMBER.match(value) and "." in value and locale == "sv":
        wanted = {w.replace(".", ",") for w in wanted}
    return wanted


def same(value, cell, key, lang, locale):
    if cell in shown_as(value, key, lang, locale):
        return True
    # A percentage is shown to one decimal (`100.0`); CSV drops a zero decimal (`100`).
    if "percent" in key and NUMBER.match(value):
        return cell.replace(",", ".") == f"{float(value):.1f}"
    return False


class Names:
    """What a workbook shows for an id: a unit's name from the tree, a role's and a level's display
    name from the plan; `kinds` says which CSV column holds which (`unit`, `role`, `level`)."""

    def __init__(self, units, plan, kinds):
        with open(units, encoding="utf-8", newline="") as f:
            self.units = {r["unit"]: r.get("name") or "" for r in csv.DictReader(f)}
        self.plan = plan_names(plan)
        self.kinds = kinds

    def of(self, kind, value):
        if kind == "unit":
            return self.units.get(value) or value
        return self.plan[kind].get(value, value)


def plan_names(path):
    """The display names of the plan's `roles:` and `levels:` (id -> name): the plan's top-level
    mappings of plain `id: name` lines, read without a YAML library (none may be installed)."""
    names, block = {"role": {}, "level": {}}, None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            text = re.sub(r"(^|\s)#.*", "", line).rstrip()
            if not text:
                continue
            if not text[0].isspace():
                block = {"roles:": "role", "levels:": "level"}.get(text)
                continue
            if block:
                m = re.fullmatch(r"\s+([^\s:'\"]+):\s+(.+)", text)
                if not m:
                    sys.exit(f"calc_check: {path}:{n}: {line.strip()!r} is no `id: name` line")
                value = m.group(2)
                if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
                    value = value[1:-1]
                names[block][m.group(1)] = value
    return names


def layout(header, heading, names):
    """Where each CSV column is in a sheet whose header is `heading`: (its column, its id column or
    None); a unit column has an id column when the next heading is its id's."""
    columns, j = [], 0
    for key in header:
        after = heading[j + 1] if j + 1 < len(heading) else None
        has_id = names.kinds.get(key) == "unit" and after in ID_HEADINGS.get(key, ())
        columns.append((j, j + 1 if has_id else None))
        j += 2 if has_id else 1
    return columns


def compare(rows, sheet, lang, locale, names):
    """The differences between a CSV (header and rows) and a sheet as shown; empty when none."""
    header, data = rows[0], rows[1:]
    problems = []
    sheet = [r for r in sheet if any(c for c in r)]
    if not sheet:
        return ["the sheet is empty"]
    columns = layout(header, sheet[0], names)
    wanted = [h for key, (_, id_at) in zip(header, columns)
              for h in [key] + ([f"{key}_id"] if id_at is not None else [])]
    if lang == "en" and sheet[0][: len(wanted)] != wanted:
        problems.append(f"header {sheet[0][:len(wanted)]} is not the CSV's {header} (with unit ids)")
    body = sheet[1:]
    for i, row in enumerate(data):
        if i >= len(body):
            problems.append(f"row {i + 2} missing")
            break
        shown = body[i] + [""] * (len(wanted) - len(body[i]))
        for c, key in enumerate(header):
            at, id_at = columns[c]
            kind = names.kinds.get(key)
            if id_at is not None and shown[id_at] != row[c]:
                problems.append(f"row {i + 2}, {key} id: CSV {row[c]!r}, shown {shown[id_at]!r}")
            if id_at is not None or kind in ("role", "level"):
                name = names.of(kind, row[c])
                if shown[at] != name:
                    problems.append(f"row {i + 2}, {key}: CSV {row[c]!r} is {name!r}, shown {shown[at]!r}")
            elif not same(row[c], shown[at], key, lang, locale):
                problems.append(f"row {i + 2}, {key}: CSV {row[c]!r}, shown {shown[at]!r}")
    for extra in body[len(data):]:
        if extra[0] not in TOTALS:
            problems.append(f"a row after the CSV's that is no total: {extra}")
    return problems[:10]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kvu", nargs="?")
    parser.add_argument("--keep", help="write the files here and keep them")
    parser.add_argument("--quiet", action="store_true", help="print only the workbooks that differ")
    args = parser.parse_args()
    kvu = args.kvu or next(
        (p for p in (os.path.join(ROOT, "target", t, "kvu") for t in ("release", "debug")) if os.path.exists(p)),
        None,
    )
    if not kvu:
        sys.exit("calc_check: no kvu binary, expected `cargo build --release` or a path")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("calc_check: no soffice on PATH, expected LibreOffice Calc (apt-get install libreoffice-calc-nogui)")
    work = args.keep or tempfile.mkdtemp(prefix="kvu-calc-")
    os.makedirs(work, exist_ok=True)
    base = [kvu, "--plan", os.path.join(ROOT, "plan/vgr-2024.yaml"), "--staff", f"{EX}/staff.csv",
            "--completions", f"{EX}/completions.csv", "--exemptions", f"{EX}/exemptions.csv",
            "--units", f"{EX}/units.csv", "--as-of", "2026-10-31", "--quiet"]
    # Hours with decimals: the web course at 2.5 hours.
    with open(os.path.join(ROOT, "plan/vgr-2024.yaml"), encoding="utf-8") as f:
        plan = f.read().replace("    hours: 2\n", "    hours: 2.5\n", 1)
    decimal_plan = os.path.join(work, "plan-2.5-hours.yaml")
    with open(decimal_plan, "w", encoding="utf-8") as f:
        f.write(plan)
    runs = [(" ".join(c), base, c) for c in COMMANDS]
    runs += [("report (2.5 hours)", base[:2] + [decimal_plan] + base[3:], ["report", "--year", "2026", "--compare"])]
    books = []
    for n, (name, files, command) in enumerate(runs):
        out = subprocess.run(files + ["--format", "csv"] + command, capture_output=True, check=True)
        rows = list(csv.reader(io.StringIO(out.stdout.decode("utf-8"), newline="")))
        kinds = dict(COLUMN_KINDS)
        if "--by" in command:
            kinds["group"] = command[command.index("--by") + 1]
        for lang in ("en", "sv"):
            book = os.path.join(work, f"{n:02}-{lang}.xlsx")
            subprocess.run(files + ["--lang", lang, "--output", book] + command, check=True)
            books.append((name, lang, book, rows, Names(f"{EX}/units.csv", files[2], kinds)))
    failed = 0
    for locale, code in LOCALES.items():
        out_dir = os.path.join(work, f"html-{locale}")
        profile = "file://" + os.path.join(work, f"profile-{locale}")
        env = dict(os.environ, LC_ALL=code, LANG=code)
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "html",
                        "--outdir", out_dir] + [b for _, _, b, _, _ in books],
                       env=env, capture_output=True, check=True, timeout=600)
        for name, lang, book, rows, named in books:
            page = os.path.join(out_dir, os.path.basename(book)[:-5] + ".html")
            parser = Tables()
            with open(page, encoding="utf-8", errors="replace") as f:
                parser.feed(f.read())
            sheets = parser.tables[:-1]  # the last is the `kvu` sheet
            problems = compare(rows, sheets[0], lang, locale, named)
            if name.startswith("cohorts") and len(sheets) > 1:
                joined = sheets[1][:1] + [r for s in sheets[1:] for r in s[1:]]
                problems += [f"sessions' sheets: {p}" for p in compare(rows, joined, lang, locale, named)]
            shown = len(rows[0]) + sum(i is not None for _, i in layout(rows[0], sheets[0][0], named))
            extra = [h for h in sheets[0][0][shown:] if h]
            status = "ok" if not problems else "DIFFERS"
            failed += bool(problems)
            if args.quiet and not problems:
                continue
            print(f"{status:7} {locale} --lang {lang} {name}" + (f" (for people: {', '.join(extra)})" if extra else ""))
            for p in problems:
                print(f"        {p}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    print(f"calc_check: {len(books) * len(LOCALES) - failed} workbooks as their CSV, {failed} differ")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
