//! Conventions every command shares: `KVU_AS_OF`, `--quiet`, usage errors that help.

use crate::support::{GAPS_HEADER, Kvu};

fn one_gap() -> Kvu {
    Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,2024-01-01")
}

#[test]
fn kvu_as_of_sets_the_default_as_of_date() {
    let k = one_gap().env("KVU_AS_OF", "2024-05-01");
    assert_eq!(
        k.run(&["gaps", "--format", "csv"]).ok(),
        format!("{GAPS_HEADER}e1,,Avd 1,medarbetare,enhet,webb,overdue,2024-04-01\n")
    );
}

#[test]
fn as_of_on_the_command_line_wins_over_kvu_as_of() {
    let k = one_gap().env("KVU_AS_OF", "2024-05-01");
    assert_eq!(
        k.run(&["gaps", "--format", "csv", "--as-of", "2024-02-01"])
            .ok(),
        format!("{GAPS_HEADER}e1,,Avd 1,medarbetare,enhet,webb,due,2024-04-01\n")
    );
    // --as-of wins even over a KVU_AS_OF that is no date.
    let k = one_gap().env("KVU_AS_OF", "yesterday");
    assert_eq!(
        k.run(&["gaps", "--format", "csv", "--as-of", "2024-02-01"])
            .ok(),
        format!("{GAPS_HEADER}e1,,Avd 1,medarbetare,enhet,webb,due,2024-04-01\n")
    );
}

#[test]
fn a_bad_kvu_as_of_is_a_usage_error_naming_it() {
    let k = one_gap().env("KVU_AS_OF", "31/10/2026");
    assert_eq!(
        k.run(&["gaps"]).error(),
        "kvu: error: KVU_AS_OF: `31/10/2026` is not an ISO date, expected YYYY-MM-DD (or an ISO date-time) (see kvu --help)"
    );
}

#[test]
fn quiet_silences_warnings_but_not_the_output() {
    let k = Kvu::new().staff("e1,,Avd 1,läkare,enhet,2020-01-01\ne2,,Avd 1,medarbetare,enhet,");
    let args = ["gaps", "--format", "csv", "--as-of", "2024-01-01"];
    let loud = k.run(&args);
    assert_eq!(loud.code, 0);
    assert!(loud.stderr.starts_with("kvu: warning: "), "{}", loud.stderr);
    let quiet = k.run(&[&args[..], &["--quiet"]].concat());
    assert_eq!(quiet.ok(), loud.stdout);
}

#[test]
fn quiet_still_prints_errors_and_keeps_exit_codes() {
    let k = Kvu::new().staff("e1,,Avd 1,läkare,enhet,2020-01-01\ne2,,Avd 1,medarbetare,enhet,");
    let run = k.run(&["gaps", "--quiet", "--strict", "--as-of", "2024-01-01"]);
    assert!(run.error().contains("role `läkare` is not declared"));
    let run = k.run(&[
        "gaps",
        "--quiet",
        "--check",
        "--format",
        "csv",
        "--as-of",
        "2024-01-01",
    ]);
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
}

#[test]
fn quiet_leaves_validates_listing_alone() {
    let k = Kvu::new().staff("e1,,Avd 1,läkare,enhet,2020-01-01");
    let loud = k.run(&["validate"]);
    let quiet = k.run(&["validate", "--quiet"]);
    assert!(loud.stdout.contains("warning"), "{}", loud.stdout);
    assert_eq!(
        (quiet.code, quiet.stdout.as_str(), quiet.stderr.as_str()),
        (loud.code, loud.stdout.as_str(), loud.stderr.as_str())
    );
}

#[test]
fn a_missing_required_option_is_named() {
    assert_eq!(
        Kvu::new().run(&["report"]).error(),
        "kvu: error: the following required arguments were not provided: --year <YYYY> (see kvu --help)"
    );
}

#[test]
fn a_misspelt_option_gets_the_right_one_suggested() {
    assert_eq!(
        Kvu::new().run(&["gaps", "--staus", "due"]).error(),
        "kvu: error: unexpected argument '--staus' found; tip: a similar argument exists: '--status' (see kvu --help)"
    );
}

#[test]
fn a_misspelt_subcommand_gets_the_right_one_suggested() {
    assert_eq!(
        Kvu::new().run(&["gapz"]).error(),
        "kvu: error: unrecognized subcommand 'gapz'; tip: a similar subcommand exists: 'gaps' (see kvu --help)"
    );
}
