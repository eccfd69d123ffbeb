//! A file given in the wrong place is one error that says what the file looks like, before any other
//! message about it; a plan larger than 16 MiB is refused while it is read.

use crate::support::{Kvu, repo};

/// A fixture with a staff export, a completion export and a unit tree that join.
fn fixture() -> Kvu {
    Kvu::new()
        .staff("1,,A,chef,enhet,2024-01-01")
        .completions("1,webb,2024-02-01,")
        .units("A,,Avdelning A")
}

#[test]
fn the_completion_export_as_staff_says_it_is_a_completion_export() {
    let k = fixture();
    let run = k.run_staff("completions.csv", &["gaps"]);
    assert_eq!(
        run.error(),
        "kvu: error: completions.csv:1: this is a completion export (employee_id, course, completed), not a staff export, expected employee_id, unit, role"
    );
}

#[test]
fn the_completion_export_as_exemptions_says_it_is_a_completion_export() {
    let k = fixture();
    let run = k.run(&["--exemptions", "completions.csv", "gaps"]);
    assert_eq!(
        run.error(),
        "kvu: error: completions.csv:1: this is a completion export (employee_id, course, completed), not an exemptions file, expected employee_id, course, until"
    );
}

#[test]
fn the_staff_export_as_completions_says_it_is_a_staff_export() {
    let k = fixture();
    let run = k.run_raw(&[
        "--plan",
        "plan.yaml",
        "--staff",
        "staff.csv",
        "--completions",
        "staff.csv",
        "gaps",
    ]);
    assert_eq!(
        run.error(),
        "kvu: error: staff.csv:1: this is a staff export (employee_id, unit, role), not a completion export, expected employee_id, course, completed"
    );
}

#[test]
fn the_unit_tree_as_exemptions_says_it_is_a_unit_tree() {
    let k = fixture();
    let run = k.run(&["--exemptions", "units.csv", "gaps"]);
    assert_eq!(
        run.error(),
        "kvu: error: units.csv:1: this is a unit tree (unit, parent), not an exemptions file, expected employee_id, course, until"
    );
}

#[test]
fn the_wrong_file_is_told_by_the_names_the_plan_columns_give() {
    // The plan names the exemptions' `until` `giltig_till`: a file with it is an exemptions file, and a
    // completion export given in its place is still told apart.
    let k = fixture()
        .plan_edit(
            "priority:",
            "columns:\n  exemptions:\n    until: giltig_till\npriority:",
        )
        .file(
            "undantag.csv",
            "employee_id,course,giltig_till\n1,webb,2027-01-01\n",
        );
    assert_eq!(k.run(&["--exemptions", "undantag.csv", "gaps"]).code, 0);
    assert_eq!(
        k.run(&["--exemptions", "completions.csv", "gaps"]).error(),
        "kvu: error: completions.csv:1: this is a completion export (employee_id, course, completed), not an exemptions file, expected employee_id, course, giltig_till"
    );
}

#[test]
fn a_csv_export_as_the_plan_says_what_it_is() {
    let k = fixture();
    let run = k.run_raw(&[
        "--plan",
        "completions.csv",
        "--staff",
        "staff.csv",
        "--completions",
        "completions.csv",
        "gaps",
    ]);
    assert_eq!(
        run.error(),
        "kvu: error: completions.csv: this is a completion export (employee_id, course, completed), not a YAML plan, expected a YAML plan (name, levels, roles, courses, matrix)"
    );
    let k = fixture().file("plan.csv", "a;b;c\n1;2;3\n");
    let run = k.run_raw(&[
        "--plan",
        "plan.csv",
        "--staff",
        "staff.csv",
        "--completions",
        "completions.csv",
        "gaps",
    ]);
    assert_eq!(
        run.error(),
        "kvu: error: plan.csv: this is a CSV file (header a, b, c), not a YAML plan, expected a YAML plan (name, levels, roles, courses, matrix)"
    );
}

#[test]
fn a_workbook_as_the_plan_says_it_is_a_workbook() {
    let k = fixture();
    let book = repo().join("examples/staff.xlsx");
    let run = k.run_raw(&[
        "--plan",
        book.to_str().unwrap(),
        "--staff",
        "staff.csv",
        "--completions",
        "completions.csv",
        "gaps",
    ]);
    assert!(
        run.error().ends_with(
            "staff.xlsx: this is a workbook (xlsx, ods or xls), not a YAML plan, expected a YAML plan (a workbook is read as --staff, --completions, --units or --exemptions)"
        ),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_plan_larger_than_16_mib_is_an_error_read_no_further() {
    let k = fixture();
    let started = std::time::Instant::now();
    let run = k.run_raw(&[
        "--plan",
        "/dev/zero",
        "--staff",
        "staff.csv",
        "--completions",
        "completions.csv",
        "gaps",
    ]);
    assert_eq!(
        run.error(),
        "kvu: error: /dev/zero: the plan is larger than 16 MiB, expected a YAML plan of at most 16 MiB"
    );
    assert!(started.elapsed().as_secs() < 10);
}

#[cfg(unix)]
#[test]
fn an_old_plan_larger_than_16_mib_is_an_error_read_no_further() {
    let k = fixture();
    let run = k.run(&["diff", "--old-plan", "/dev/zero"]);
    assert_eq!(
        run.error(),
        "kvu: error: /dev/zero: the plan is larger than 16 MiB, expected a YAML plan of at most 16 MiB"
    );
}
