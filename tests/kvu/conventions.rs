//! Conventions every command shares: `KVU_AS_OF`, `--quiet`, usage errors that help; and the layers the
//! source keeps (rules know nothing of output).

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

#[test]
fn a_unit_matching_nothing_suggests_at_most_three_close_units_as_written() {
    let k = Kvu::new()
        .staff(
            "e1,,Avd 10,medarbetare,enhet,
             e2,,Avd 11,medarbetare,enhet,
             e3,,Avd 12,medarbetare,enhet,
             e4,,AVD 10,medarbetare,enhet,
             e5,,Avd 13,medarbetare,enhet,
             e6,,Kirurgen,medarbetare,enhet,",
        )
        .units(
            "VGR,,Västra Götalandsregionen
             Avd 10,VGR,Avdelning 10 Medicin
             Avd 11,VGR,Avdelning 11 Medicin
             Avd 12,VGR,Avdelning 12 Kirurgi
             Avd 13,VGR,Mottagning Ögon
             Kirurgen,VGR,Kirurgkliniken Östra",
        );
    // A word of a name, a letter wrong: the names that have it, as the tree writes them.
    assert_eq!(
        k.run(&["gaps", "--unit", "kirugkliniken"]).error(),
        "kvu: error: --unit `kirugkliniken` matches no unit of the unit tree, expected a unit id or name; did you mean `Kirurgkliniken Östra`?"
    );
    // Part of several names: at most three, the closest first.
    assert_eq!(
        k.run(&["gaps", "--unit", "medicin"]).error(),
        "kvu: error: --unit `medicin` matches no unit of the unit tree, expected a unit id or name; did you mean `Avdelning 10 Medicin`, `Avdelning 11 Medicin`?"
    );
    assert_eq!(
        k.run(&["gaps", "--unit", "avd 1"]).error(),
        "kvu: error: --unit `avd 1` matches no unit of the unit tree, expected a unit id or name; did you mean `Avd 10`, `Avd 11`, `Avd 12`?"
    );
    // Nothing close: no suggestion.
    assert_eq!(
        k.run(&["gaps", "--unit", "Röntgen"]).error(),
        "kvu: error: --unit `Röntgen` matches no unit of the unit tree, expected a unit id or name"
    );
}

#[test]
fn a_unit_matching_nothing_without_a_tree_suggests_staff_units_once_each() {
    let k = Kvu::new().staff(
        "e1,,Avd 10,medarbetare,enhet,
         e2,,AVD 10,medarbetare,enhet,
         e3,,Kirurgen,medarbetare,enhet,",
    );
    assert_eq!(
        k.run(&["priority", "--unit", "Avd 01"]).error(),
        "kvu: error: --unit `Avd 01` matches no unit of the staff export, expected a unit as the export writes it (or give --units for a tree); did you mean `Avd 10`?"
    );
}

#[test]
fn a_unit_suggestion_shows_control_characters_escaped() {
    // A unit's name may hold control characters (only ids may not); a suggestion shows them escaped.
    let k = Kvu::new()
        .staff("e1,,A1,medarbetare,enhet,")
        .units("A1,,Medicin\u{1b}[2J");
    assert_eq!(
        k.run(&["gaps", "--unit", "medicin"]).error(),
        r"kvu: error: --unit `medicin` matches no unit of the unit tree, expected a unit id or name; did you mean `Medicin\x1b[2J`?"
    );
}

#[test]
fn the_rules_know_nothing_of_the_output_layer() {
    // Rules return numbers and states; the output layer words them (hours, how late, headings).
    let rules = crate::support::repo().join("src/rules");
    for entry in std::fs::read_dir(&rules).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            assert!(
                !line.contains("output::"),
                "{}:{}: a rule uses the output layer: {line}",
                path.display(),
                i + 1
            );
        }
    }
}

/// Every `.rs` file below a folder.
fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The functions of a file formatted by rustfmt, as (name, first line, lines): a function's body ends
/// at the first line that is its own indentation and `}`.
fn function_lengths(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        let Some(at) = body.find("fn ") else { continue };
        let head = &body[..at];
        let is_fn = head.split_whitespace().all(|w| {
            matches!(
                w,
                "pub" | "pub(crate)" | "pub(super)" | "const" | "async" | "unsafe"
            )
        });
        if !is_fn || body.ends_with(';') || body.ends_with('}') {
            continue;
        }
        let name: String = body[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let close = format!("{indent}}}");
        if let Some(end) = (i + 1..lines.len()).find(|&j| lines[j] == close) {
            out.push((name, i + 1, end - i + 1));
        }
    }
    out
}

#[test]
fn no_function_is_over_120_lines() {
    // A function a reader takes in at once: longer ones are split by what they do.
    let repo = crate::support::repo();
    let mut files = Vec::new();
    rust_files(&repo.join("src"), &mut files);
    let mut long = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for (name, line, length) in function_lengths(&text) {
            if length > 120 {
                let file = path.strip_prefix(repo).unwrap_or(&path).display();
                long.push(format!("{file}:{line}: {name} ({length} lines)"));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over 120 lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn function_lengths_are_counted_from_fn_to_its_closing_brace() {
    let text = "impl A {\n    pub fn a(&self) -> u8 {\n        1\n    }\n    fn b() {}\n}\nfn c(\n    x: u8,\n) {\n    let _ = x;\n}\n";
    assert_eq!(
        function_lengths(text),
        [("a".to_string(), 2, 3), ("c".to_string(), 7, 5)]
    );
}
