//! Global options: from the environment, before or after the subcommand, `--output`, `--format`.

use crate::support::{GAPS_HEADER, Kvu};

#[test]
fn global_options_go_before_or_after_the_subcommand() {
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,");
    let expect = format!("{GAPS_HEADER}e1,,Avd 1,medarbetare,enhet,webb,overdue,\n");
    let after = k.run_raw(&[
        "gaps",
        "--plan",
        "plan.yaml",
        "--staff",
        "staff.csv",
        "--completions",
        "completions.csv",
        "--format",
        "csv",
        "--as-of",
        "2024-01-01",
    ]);
    assert_eq!(after.ok(), expect);
    let before = k.run_raw(&[
        "--format",
        "csv",
        "--as-of",
        "2024-01-01",
        "--plan",
        "plan.yaml",
        "--staff",
        "staff.csv",
        "--completions",
        "completions.csv",
        "gaps",
    ]);
    assert_eq!(before.ok(), expect);
}

#[test]
fn input_files_can_come_from_the_environment() {
    let k = Kvu::new()
        .staff("e1,,Avd 1,medarbetare,enhet,")
        .exemptions("e1,webb,,")
        .env("KVU_PLAN", "plan.yaml")
        .env("KVU_STAFF", "staff.csv")
        .env("KVU_COMPLETIONS", "completions.csv");
    assert_eq!(
        k.run_raw(&["gaps", "--format", "csv", "--as-of", "2024-01-01"])
            .ok(),
        format!("{GAPS_HEADER}e1,,Avd 1,medarbetare,enhet,webb,overdue,\n")
    );
    let k = k.env("KVU_EXEMPTIONS", "exemptions.csv");
    assert_eq!(
        k.run_raw(&["gaps", "--format", "csv", "--as-of", "2024-01-01"])
            .ok(),
        GAPS_HEADER
    );
}

#[test]
fn output_writes_the_whole_file() {
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,");
    let run = k.run(&[
        "gaps",
        "--format",
        "csv",
        "--as-of",
        "2024-01-01",
        "--output",
        "gaps.csv",
    ]);
    assert_eq!(run.ok(), "");
    assert_eq!(
        std::fs::read_to_string(k.path("gaps.csv")).unwrap(),
        format!("{GAPS_HEADER}e1,,Avd 1,medarbetare,enhet,webb,overdue,\n")
    );
}

#[test]
fn csv_fields_are_quoted_when_they_need_it() {
    let k = Kvu::new().staff("e1,\"Ek, Eva \"\"Evi\"\"\",\"Avd 1, plan 3\",medarbetare,enhet,");
    assert_eq!(
        k.run(&["gaps", "--format", "csv", "--as-of", "2024-01-01"])
            .ok(),
        format!(
            "{GAPS_HEADER}e1,\"Ek, Eva \"\"Evi\"\"\",\"Avd 1, plan 3\",medarbetare,enhet,webb,overdue,\n"
        )
    );
}
