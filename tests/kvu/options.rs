//! Global options: from the environment, before or after the subcommand, `--output`, `--format`.

use crate::support::{FILES, GAPS_HEADER, Kvu};

#[test]
fn global_options_go_before_or_after_the_subcommand() {
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,");
    let expect = format!("{GAPS_HEADER}e1,,Avd 1,medarbetare,enhet,webb,overdue,\n");
    let options = ["--format", "csv", "--as-of", "2024-01-01"];
    let after = k.run_raw(&[&["gaps"][..], &FILES, &options].concat());
    assert_eq!(after.ok(), expect);
    let before = k.run_raw(&[&options[..], &FILES, &["gaps"]].concat());
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
        k.read("gaps.csv"),
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
