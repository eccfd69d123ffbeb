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

/// The subcommands `kvu --help` lists.
fn subcommands() -> Vec<String> {
    let help = Kvu::new().run_raw(&["--help"]);
    let listed = help.ok().split("Commands:\n").nth(1).unwrap();
    let names: Vec<String> = listed
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    assert!(names.len() >= 10, "{names:?}");
    names
}

#[test]
fn completions_for_each_shell_name_every_subcommand_and_need_no_input() {
    let names = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        // No --plan, --staff or --completions: the script is made from the command line alone.
        let run = Kvu::new().run_raw(&["completions", shell]);
        let script = run.ok();
        for name in &names {
            assert!(script.contains(name.as_str()), "{shell}: no `{name}`");
        }
        assert!(script.contains("--unit"), "{shell}: no options");
    }
    assert!(
        Kvu::new()
            .run_raw(&["completions", "bash"])
            .ok()
            .contains("complete -F _kvu")
    );
}

#[test]
fn completions_for_an_unknown_shell_is_a_usage_error() {
    let run = Kvu::new().run_raw(&["completions", "tcsh"]);
    assert!(run.error().starts_with("kvu: error: invalid value 'tcsh'"));
}

#[test]
fn man_prints_a_roff_page_that_names_every_subcommand() {
    let run = Kvu::new().env("KVU_AS_OF", "no date").run_raw(&["man"]);
    let page = run.ok();
    assert!(page.contains("\n.TH KVU 1 "), "{page}");
    assert!(page.contains("\n.SH SYNOPSIS\n"));
    for name in subcommands() {
        assert!(page.contains(&name), "no `{name}`");
    }
}

#[test]
fn man_writes_output_whole() {
    let k = Kvu::new();
    assert_eq!(k.run_raw(&["man", "--output", "kvu.1"]).ok(), "");
    let page = std::fs::read_to_string(k.path("kvu.1")).unwrap();
    assert!(page.contains("\n.TH KVU 1 "));
}
