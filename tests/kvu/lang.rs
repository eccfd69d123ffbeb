//! `--lang sv`: every word a person reads in the table, xlsx and html formats and on the site's pages
//! is Swedish (README, "Output formats"). Each command runs in each of those formats, and none of the
//! English words kvu itself prints may show. The fixture's own values (names, units, course ids, the
//! plan's names) hold none of them; the command line a page or workbook repeats, and the input files
//! it names, are the user's words and are left out of the check.

use calamine::{Data, Reader, open_workbook_auto};

use crate::support::{Kvu, PLAN};

/// English words kvu prints (headings, states, notes, totals, how late, the page and workbook words),
/// each checked as a whole word, any case. Words Swedish shares (`status`, `person`, `plan`) are not
/// here.
const ENGLISH: &[&str] = &[
    "overdue",
    "expired",
    "exempt",
    "due",
    "met",
    "required",
    "missing",
    "lapsed",
    "lapsing",
    "late",
    "day",
    "days",
    "ago",
    "today",
    "people",
    "gap",
    "gaps",
    "rows",
    "row",
    "total",
    "why",
    "unit",
    "units",
    "course",
    "courses",
    "left out",
    "of",
    "the",
    "and",
    "as of",
    "in",
    "for",
    "with",
    "coverage",
    "participants",
    "completions",
    "sessions",
    "session",
    "hours",
    "employee",
    "name",
    "role",
    "level",
    "rank",
    "tier",
    "no tier",
    "month",
    "date",
    "share",
    "weight",
    "staff",
    "seat",
    "seats",
    "free",
    "taken",
    "candidates",
    "chosen",
    "changes",
    "before",
    "after",
    "not required",
    "delivered",
    "backlog",
    "starters",
    "everyone",
    "nobody",
    "every",
    "more",
    "home",
    "key",
    "command line",
    "shows",
    "scope",
    "input",
    "file",
    "data rows",
    "version",
    "line",
    "warnings",
    "errors",
    "below",
    "from",
    "whole organisation",
    "training",
    "follow-up",
    "sub-units",
    "top",
    "figures",
    "filter",
    "shown",
    "all",
    "priority",
    "order",
    "first",
    "by",
    "per course",
];

/// The fixture: two units under a root, gaps in every state, an exemption, sessions and an old plan.
fn fixture() -> Kvu {
    let k = Kvu::new()
        .units("R,,Regionen\nA,R,Avdelning A\nB,R,Avdelning B")
        .staff(
            "e1,Eva Ek,A,chef,enhet,2020-01-01
             e2,Bo Berg,A,medarbetare,enhet,2020-01-01
             e3,Siv Sund,B,vu,forvaltning,2026-09-01
             e4,Ola Ås,B,medarbetare,enhet,2020-01-01
             e5,Kim Lund,B,chef,forvaltning,2019-01-01",
        )
        .completions(
            "e2,webb,2020-02-01,S1
             e1,chef25,2025-03-01,K1
             e4,webb,2026-05-01,S2
             e5,webb,2025-05-01,S2",
        )
        .exemptions("e5,chef25,2027-12-31,tjänstledig")
        .file(
            "sessions.csv",
            "session,date,seats\nT1,2026-11-20,2\nT2,2027-01-15,1\n",
        )
        .file(
            "old.yaml",
            &PLAN.replace("forvaltning: [hp15]", "forvaltning: []"),
        );
    k.write();
    k
}

/// Every command, as run in each format.
const COMMANDS: &[&[&str]] = &[
    &["gaps"],
    &["gaps", "--summary"],
    &["report", "--year", "2026"],
    &["report", "--year", "2026", "--by", "unit"],
    &["priority"],
    &["priority", "--by", "unit"],
    &["allocate", "--course", "webb", "--seats", "3"],
    &["allocate", "--course", "webb", "--seats", "3", "--people"],
    &["validate"],
    &["trend", "--from", "2026-06"],
    &["forecast", "--months", "3"],
    &["diff", "--old-plan", "old.yaml"],
    &["diff", "--old-plan", "old.yaml", "--summary"],
    &[
        "cohorts",
        "--course",
        "chef25",
        "--sessions",
        "sessions.csv",
    ],
    &["units"],
];

/// The English words of `ENGLISH` in `text`.
fn english_in(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    // `tier_1` is two words here: a CSV key left in a workbook is English too.
    let is_word = |c: char| c.is_alphanumeric() || c == '-';
    ENGLISH
        .iter()
        .copied()
        .filter(|word| {
            lower.match_indices(word).any(|(at, _)| {
                let before = lower[..at].chars().next_back();
                let after = lower[at + word.len()..].chars().next();
                !before.is_some_and(is_word) && !after.is_some_and(is_word)
            })
        })
        .collect()
}

/// The text without the input files' names (`staff.csv`), which are the user's.
fn without_file_names(text: &str) -> String {
    let mut text = text.to_string();
    for name in [
        "plan.yaml",
        "staff.csv",
        "completions.csv",
        "units.csv",
        "exemptions.csv",
        "sessions.csv",
        "old.yaml",
    ] {
        text = text.replace(name, "");
    }
    text
}

/// What people read on a page: the text between the tags, without the style, the data island, the
/// footer (the command line) and the command a page suggests (`kvu priority --unit A`).
fn page_text(html: &str) -> String {
    let mut text = html.to_string();
    for (open, close) in [
        ("<style", "</style>"),
        ("<script", "</script>"),
        ("<footer", "</footer>"),
        ("<code", "</code>"),
    ] {
        while let Some(start) = text.find(open) {
            let end = text[start..]
                .find(close)
                .map_or(text.len(), |e| start + e + close.len());
            text.replace_range(start..end, " ");
        }
    }
    // A command to type (`kvu priority --unit A`) is no word to translate.
    let text = text.replace("kvu priority", " ");
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Every cell of every sheet, but the `kvu` sheet's command line and the input files it names.
fn workbook_text(path: &std::path::Path) -> String {
    let mut book = open_workbook_auto(path).unwrap();
    let mut out = String::new();
    for name in book.sheet_names() {
        out.push_str(&name);
        out.push('\n');
        let sheet = book.worksheet_range(&name).unwrap();
        for row in sheet.rows() {
            for cell in row {
                let text = match cell {
                    Data::String(s) => s.clone(),
                    _ => continue,
                };
                let theirs = text.starts_with("--")
                    || text.contains(" --")
                    || [".csv", ".yaml"].iter().any(|e| text.ends_with(e));
                if name == "kvu" && theirs {
                    continue;
                }
                out.push_str(&text);
                out.push('\t');
            }
            out.push('\n');
        }
    }
    out
}

#[test]
fn lang_sv_leaves_no_english_word_of_kvus_own_in_table_xlsx_html_or_the_site() {
    let k = fixture();
    let mut found = Vec::new();
    for command in COMMANDS {
        for format in ["txt", "xlsx", "html"] {
            let output = format!("out.{format}");
            let mut args = vec!["--lang", "sv", "--as-of", "2026-10-31", "--quiet"];
            args.extend(["--output", output.as_str()]);
            args.extend(command.iter().copied());
            let run = k.run_files(&args);
            assert!(
                run.code == 0 || (command[0] == "validate" && run.code == 2),
                "{command:?} {format}: {}",
                run.stderr
            );
            let path = k.path(&output);
            let text = match format {
                "xlsx" => workbook_text(&path),
                "html" => page_text(&std::fs::read_to_string(&path).unwrap()),
                _ => std::fs::read_to_string(&path).unwrap(),
            };
            let english = english_in(&without_file_names(&text));
            if !english.is_empty() {
                found.push(format!("{command:?} {format}: {english:?}\n{text}"));
            }
        }
    }
    let site = ["--lang", "sv", "--as-of", "2026-10-31", "--quiet", "site"];
    k.run_files(&[&site[..], &["--output", "site"]].concat())
        .ok();
    for entry in std::fs::read_dir(k.path("site")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "html") {
            let text = page_text(&std::fs::read_to_string(&path).unwrap());
            let english = english_in(&text);
            if !english.is_empty() {
                found.push(format!("site {}: {english:?}\n{text}", path.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "English with --lang sv:\n{}",
        found.join("\n\n")
    );
}

#[test]
fn the_english_words_are_found_where_kvu_prints_them() {
    // The check finds what it looks for: the same runs in English name these words.
    let k = fixture();
    let run = k.run_files(&["--as-of", "2026-10-31", "--quiet", "gaps"]);
    assert!(english_in(run.ok()).contains(&"overdue"));
    let run = k.run_files(&["--as-of", "2026-10-31", "--quiet", "priority"]);
    assert!(english_in(run.ok()).contains(&"why"));
    assert_eq!(
        english_in("Totalt: försenad, 3 dagar sent"),
        Vec::<&str>::new()
    );
}
