//! Tables that fit: with a width (`COLUMNS`, or the terminal's), no line of a table is wider; long text
//! wraps at spaces, the least useful columns are left out and a line says which. Without one (a pipe,
//! `COLUMNS` unset) the table is as wide as its content.

use assert_cmd::Command;

use crate::support::repo;

/// Runs kvu on the shipped examples (the README tour's files) with `COLUMNS` set, or unset.
fn kvu(columns: Option<&str>, args: &[&str]) -> String {
    let mut cmd = Command::cargo_bin("kvu").unwrap();
    cmd.current_dir(repo())
        .env_remove("COLUMNS")
        .env("KVU_PLAN", "plan/vgr-2024.yaml")
        .env("KVU_STAFF", "examples/staff.csv")
        .env("KVU_COMPLETIONS", "examples/completions.csv")
        .env("KVU_UNITS", "examples/units.csv")
        .env("KVU_EXEMPTIONS", "examples/exemptions.csv")
        .env("KVU_AS_OF", "2026-10-31")
        .args(args)
        .arg("--quiet");
    if let Some(c) = columns {
        cmd.env("COLUMNS", c);
    }
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// How many columns a line takes in a terminal (å, ä, ö one each).
fn shown(line: &str) -> usize {
    line.chars().count()
}

const COMMANDS: [&[&str]; 6] = [
    &["gaps"],
    &["gaps", "--unit", "F01-V01"],
    &["gaps", "--summary"],
    &["priority"],
    &["report", "--year", "2025"],
    &["report", "--year", "2025", "--by", "unit"],
];

#[test]
fn no_line_of_a_table_is_wider_than_columns() {
    for width in [80, 60] {
        for args in COMMANDS {
            let text = kvu(Some(&width.to_string()), args);
            for line in text.lines() {
                assert!(
                    shown(line) <= width,
                    "{args:?} at {width}: {} columns:\n{line}",
                    shown(line)
                );
            }
        }
    }
}

#[test]
fn a_table_that_does_not_fit_says_which_columns_it_left_out() {
    let text = kvu(Some("80"), &["priority"]);
    assert!(
        text.contains(
            "\nLeft out to fit 80 columns: Why, Unit, Unit id, Role, How late; --format csv\ngives every column.\n"
        ),
        "{text}"
    );
    assert!(text.starts_with(" Rank   Employee   Name"), "{text}");
}

#[test]
fn a_narrow_table_wraps_long_text_at_spaces_and_keeps_values_whole() {
    let text = kvu(Some("80"), &["gaps", "--summary", "--unit", "F01-V01"]);
    // The unit's name wraps onto a second line; numbers and words are never cut. The unit's id beside
    // its name goes first, then Exempt (mostly zeros).
    assert!(
        text.contains("\n Avdelning 10,     kvu-webb         40    32 ")
            && text.contains("\n Medicinkliniken\n"),
        "{text}"
    );
    assert!(
        text.contains("Left out to fit 80 columns: Unit id, Exempt;"),
        "{text}"
    );
}

#[test]
fn a_table_that_fits_is_as_wide_as_its_content() {
    // The same as without a width: nothing wrapped, nothing left out.
    assert_eq!(
        kvu(Some("200"), &["gaps", "--unit", "F01-V01-E002"]),
        kvu(None, &["gaps", "--unit", "F01-V01-E002"])
    );
}

#[test]
fn without_columns_and_a_terminal_a_table_has_no_width_limit() {
    let text = kvu(None, &["priority"]);
    assert!(text.lines().any(|l| shown(l) > 150), "{text}");
    assert!(!text.contains("Left out"));
}

#[test]
fn swedish_letters_count_as_one_column() {
    // Names with å, ä, ö line up: every table line at 80 columns is at most 80 characters, and the
    // header rule is as long as the widest line.
    let text = kvu(Some("80"), &["gaps", "--unit", "F01-V01-E002"]);
    let rule = text.lines().nth(1).unwrap();
    assert!(rule.chars().all(|c| c == '─'), "{text}");
    let table: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with(' ') || l.starts_with('─'))
        .collect();
    let widest = table.iter().map(|l| shown(l)).max().unwrap();
    assert!(widest <= shown(rule) && shown(rule) <= 80, "{text}");
    assert!(text.contains("Ömer Löfgren"), "{text}");
}

#[test]
fn csv_and_json_ignore_columns() {
    for format in ["csv", "json"] {
        assert_eq!(
            kvu(Some("40"), &["priority", "--format", format]),
            kvu(None, &["priority", "--format", format])
        );
    }
}
