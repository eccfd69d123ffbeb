//! Exports that do not join are never a quiet 0 %: nothing joining is an error, another `--id-format`
//! that joins markedly more is a warning (an error with `--strict`), and `kvu validate` says how well
//! the exports join.

use crate::support::{Kvu, on_examples_with_staff};

/// Staff `ids` (all medarbetare in unit A) and one `webb` completion for each of `done`.
fn fixture(ids: &[String], done: &[String]) -> Kvu {
    let staff = ids
        .iter()
        .map(|id| format!("{id},,A,medarbetare,enhet,2024-01-01"))
        .collect::<Vec<_>>()
        .join("\n");
    let completions = done
        .iter()
        .map(|id| format!("{id},webb,2024-02-01,"))
        .collect::<Vec<_>>()
        .join("\n");
    Kvu::new().staff(&staff).completions(&completions)
}

fn ids(n: usize, id: impl Fn(usize) -> String) -> Vec<String> {
    (0..n).map(id).collect()
}

const GAPS: &[&str] = &["--as-of", "2026-10-31", "gaps", "--format", "csv"];

#[test]
fn all_ids_padded_is_an_error_naming_both_files_and_the_format() {
    let k = fixture(
        &ids(3, |i| format!("{:08}", 100 + i)),
        &ids(3, |i| format!("{}", 100 + i)),
    );
    assert_eq!(
        k.run(GAPS).error(),
        "kvu: error: completions.csv: none of its 3 rows of plan courses belongs to anyone in staff.csv (ids here are like `100`, there like `00000100`); --id-format number joins 3 of them, expected ids written alike or --id-format number"
    );
    let mut number = vec!["--id-format", "number"];
    number.extend(GAPS);
    assert_eq!(k.run(&number).code, 0);
}

#[test]
fn nothing_joining_is_an_error_even_where_no_format_helps() {
    let k = fixture(&ids(2, |i| format!("e{i}")), &ids(2, |i| format!("x{i}")));
    assert_eq!(
        k.run(GAPS).error(),
        "kvu: error: completions.csv: none of its 2 rows of plan courses belongs to anyone in staff.csv (ids here are like `x0`, there like `e0`), expected the ids of the staff export"
    );
}

#[test]
fn a_third_padded_is_a_warning_naming_id_format_number() {
    // 60 people; the HR system padded every third id. Text joins 40 rows, number all 60.
    let staff = ids(60, |i| {
        if i % 3 == 0 {
            format!("{:08}", 100 + i)
        } else {
            format!("{}", 100 + i)
        }
    });
    let k = fixture(&staff, &ids(60, |i| format!("{}", 100 + i)));
    let run = k.run(GAPS);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        "kvu: warning: completions.csv: only 40 of its 60 rows of plan courses (66%) belong to someone in staff.csv; --id-format number joins 60 (100%): `100` here is `00000100` there; expected ids written alike or --id-format number\n"
    );
}

#[test]
fn strict_makes_the_join_warning_an_error() {
    let staff = ids(60, |i| {
        if i % 3 == 0 {
            format!("{:08}", 100 + i)
        } else {
            format!("{}", 100 + i)
        }
    });
    let k = fixture(&staff, &ids(60, |i| format!("{}", 100 + i)));
    let mut strict = vec!["--strict"];
    strict.extend(GAPS);
    assert!(
        k.run(&strict).error().starts_with(
            "kvu: error: completions.csv: only 40 of its 60 rows of plan courses (66%)"
        )
    );
}

#[test]
fn a_healthy_export_with_30_percent_leavers_completions_is_not_warned_of() {
    // 70 people in the staff export; 30 % of the completion rows are of 30 people who left.
    let staff = ids(70, |i| format!("{}", 1000 + i));
    let done = ids(100, |i| format!("{}", 1000 + i));
    let k = fixture(&staff, &done);
    let run = k.run(GAPS);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let run = k.run(&["--as-of", "2026-10-31", "validate"]);
    assert!(
        run.stdout.contains(
            "join: 70 of 100 rows of plan courses in completions.csv (70%) belong to someone in staff.csv; no other --id-format would join markedly more\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn personnummer_with_and_without_century_or_hyphen_is_a_warning_naming_id_format_personnummer() {
    // The staff export writes YYYYMMDD-NNNN; the platform half of the rows YYMMDDNNNN.
    let staff = ids(30, |i| format!("19800101-{}", 1000 + i));
    let done = ids(30, |i| {
        if i % 2 == 0 {
            format!("19800101-{}", 1000 + i)
        } else {
            format!("800101{}", 1000 + i)
        }
    });
    let k = fixture(&staff, &done);
    let run = k.run(GAPS);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        "kvu: warning: completions.csv: only 15 of its 30 rows of plan courses (50%) belong to someone in staff.csv; --id-format personnummer joins 30 (100%): `8001011001` here is `19800101-1001` there; expected ids written alike or --id-format personnummer\n"
    );
}

#[test]
fn validate_shows_the_join_figures_after_the_problems() {
    let staff = ids(60, |i| {
        if i % 3 == 0 {
            format!("{:08}", 100 + i)
        } else {
            format!("{}", 100 + i)
        }
    });
    let k = fixture(&staff, &ids(60, |i| format!("{}", 100 + i)));
    let run = k.run(&["--as-of", "2026-10-31", "validate"]);
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[lines.len() - 2..],
        [
            "join: 40 of 60 rows of plan courses in completions.csv (66%) belong to someone in staff.csv; --id-format number would join 60 (100%)",
            "0 errors, 1 warning"
        ]
    );
    assert!(lines[lines.len() - 4].starts_with("completions.csv: warning: only 40 of its 60"));
}

#[test]
fn the_example_workbook_without_id_format_number_is_an_error_naming_it() {
    let (stdout, stderr, code) =
        on_examples_with_staff("examples/staff.xlsx#Personal", &["gaps", "--summary"]);
    assert_eq!((code, stdout.is_empty()), (2, true));
    assert!(
        stderr
            .trim_end()
            .ends_with("expected ids written alike or --id-format number"),
        "{stderr}"
    );
}
