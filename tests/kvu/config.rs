//! The configuration layer: `kvu.toml` (`--config FILE`, `KVU_CONFIG`, else the current folder's), the
//! `KVU_*` variables and the flags. A flag beats its variable, which beats the file, which beats the
//! default; a bad value names where it came from.

use crate::support::{GAPS_HEADER, Kvu};

/// One person whose `webb` falls due on 2024-04-01: `due` before, `overdue` after.
fn one_gap() -> Kvu {
    Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,2024-01-01")
}

/// The fixture's inputs as `kvu.toml` lines.
const INPUTS: &str =
    "plan = \"plan.yaml\"\nstaff = \"staff.csv\"\ncompletions = \"completions.csv\"\n";

/// `gaps --format csv` of [`one_gap`] with this status.
fn gap(status: &str) -> String {
    format!("{GAPS_HEADER}e1,,Avd 1,medarbetare,enhet,webb,{status},2024-04-01\n")
}

const GAPS: [&str; 3] = ["gaps", "--format", "csv"];

#[test]
fn kvu_toml_in_the_current_folder_names_the_inputs() {
    let k = one_gap().file("kvu.toml", &format!("{INPUTS}as_of = 2024-05-01\n"));
    assert_eq!(k.run_raw(&GAPS).ok(), gap("overdue"));
    // A date may also be a string.
    let k = one_gap().file("kvu.toml", &format!("{INPUTS}as_of = \"2024-02-01\"\n"));
    assert_eq!(k.run_raw(&GAPS).ok(), gap("due"));
}

#[test]
fn precedence_flag_beats_variable_beats_file_beats_default() {
    // The default as-of (today) finds the gap overdue; the file says 2024-02-01: due.
    let k = one_gap().file("kvu.toml", &format!("{INPUTS}as_of = 2024-02-01\n"));
    assert_eq!(k.run_raw(&GAPS).ok(), gap("due"));
    // The variable beats the file.
    let k = k.env("KVU_AS_OF", "2024-05-01");
    assert_eq!(k.run_raw(&GAPS).ok(), gap("overdue"));
    // The flag beats the variable.
    let flagged = [&GAPS[..], &["--as-of", "2024-02-01"]].concat();
    assert_eq!(k.run_raw(&flagged).ok(), gap("due"));
    // Without the file, the default: today.
    let none = one_gap();
    assert_eq!(none.run(&GAPS).ok(), gap("overdue"));
    // Paths too: the file's plan does not exist, the variable's does, a flag's would win over both.
    let k = one_gap()
        .file(
            "kvu.toml",
            "plan = \"no-plan.yaml\"\nstaff = \"staff.csv\"\n",
        )
        .env("KVU_PLAN", "plan.yaml")
        .env("KVU_COMPLETIONS", "completions.csv")
        .env("KVU_AS_OF", "2024-05-01");
    assert_eq!(k.run_raw(&GAPS).ok(), gap("overdue"));
    let k = k.env("KVU_PLAN", "no-plan-either.yaml");
    assert_eq!(
        k.run_raw(&[&["--plan", "plan.yaml"][..], &GAPS].concat())
            .ok(),
        gap("overdue")
    );
}

#[test]
fn relative_paths_in_kvu_toml_are_taken_from_its_folder() {
    let k = one_gap();
    k.write();
    std::fs::create_dir(k.path("job")).unwrap();
    for name in ["plan.yaml", "staff.csv", "completions.csv"] {
        std::fs::rename(k.path(name), k.path("job").join(name)).unwrap();
    }
    let toml = format!("{INPUTS}as_of = 2024-05-01\n");
    std::fs::write(k.path("job/kvu.toml"), toml).unwrap();
    let run = k.run_existing(&[&["--config", "job/kvu.toml"][..], &GAPS].concat());
    assert_eq!(run.ok(), gap("overdue"));
    // A variable's path is the current folder's, as a flag's.
    let run = k.run_existing(
        &[
            &["--config", "job/kvu.toml", "--staff", "staff.csv"][..],
            &GAPS,
        ]
        .concat(),
    );
    assert_eq!(
        run.error(),
        "kvu: error: staff.csv: cannot read the file: No such file or directory (os error 2)"
    );
}

#[test]
fn an_unknown_key_in_kvu_toml_is_an_error_naming_its_line() {
    let k = one_gap().file(
        "kvu.toml",
        "# the inputs\nplan = \"plan.yaml\"\nplam = \"x\"\n",
    );
    assert_eq!(
        k.run_raw(&GAPS).error(),
        "kvu: error: kvu.toml:3: unknown key `plam` (did you mean `plan`?), expected one of plan, staff, \
         completions, units, exemptions, history, as_of, lang, id_format, encoding, delimiter, format, excel, \
         excel_safe, strict, quiet, split_names"
    );
    // What one run writes is said on its command line.
    let k = one_gap().file("kvu.toml", "output = \"gaps.csv\"\n");
    assert!(
        k.run_raw(&GAPS)
            .error()
            .starts_with("kvu: error: kvu.toml:1: `output` is given per run, on the command line"),
    );
}

#[test]
fn a_value_of_the_wrong_type_in_kvu_toml_is_an_error_naming_its_line() {
    let cases = [
        (
            "strict = \"yes\"\n",
            "kvu.toml:1: strict = \"yes\" is no boolean, expected true or false",
        ),
        (
            "plan = \"plan.yaml\"\nstaff = 3\n",
            "kvu.toml:2: staff = 3 is no file name, expected a string such as \"staff.csv\"",
        ),
        (
            "\nas_of = \"31/10/2026\"\n",
            "kvu.toml:2: as_of: `31/10/2026` is not an ISO date, expected YYYY-MM-DD (or an ISO date-time)",
        ),
        (
            "lang = \"xx\"\n",
            "kvu.toml:1: lang: `xx` is no language, expected en or sv",
        ),
        (
            "format = \"pdf\"\n",
            "kvu.toml:1: format: `pdf` is no format, expected table, csv, json, xlsx, html or ics",
        ),
    ];
    for (toml, message) in cases {
        let k = one_gap().file("kvu.toml", toml);
        assert_eq!(
            k.run_raw(&["gaps"]).error(),
            format!("kvu: error: {message}")
        );
    }
}

#[test]
fn a_duplicate_key_in_kvu_toml_is_an_error_naming_its_line() {
    let k = one_gap().file(
        "kvu.toml",
        "plan = \"plan.yaml\"\nstrict = true\nplan = \"other.yaml\"\n",
    );
    assert_eq!(
        k.run_raw(&GAPS).error(),
        "kvu: error: kvu.toml:3: duplicate key `plan`, expected each key once"
    );
}

#[test]
fn config_naming_a_missing_file_is_an_error_and_no_kvu_toml_is_fine() {
    let k = one_gap();
    assert_eq!(
        k.run(&[&["--config", "etc/kvu.toml"][..], &GAPS].concat())
            .error(),
        "kvu: error: etc/kvu.toml: cannot read the file: No such file or directory (os error 2), \
         expected the configuration file that --config names"
    );
    // No kvu.toml in the folder: the flags alone.
    assert_eq!(
        k.run(&[&GAPS[..], &["--as-of", "2024-05-01"]].concat())
            .ok(),
        gap("overdue")
    );
}

#[test]
fn kvu_config_names_the_file_and_config_beats_it() {
    let k = one_gap()
        .file("a.toml", &format!("{INPUTS}as_of = 2024-05-01\n"))
        .file("b.toml", &format!("{INPUTS}as_of = 2024-02-01\n"))
        .file("kvu.toml", "plam = \"never read\"\n")
        .env("KVU_CONFIG", "a.toml");
    assert_eq!(k.run_raw(&GAPS).ok(), gap("overdue"));
    assert_eq!(
        k.run_raw(&[&["--config", "b.toml"][..], &GAPS].concat())
            .ok(),
        gap("due")
    );
    let k = k.env("KVU_CONFIG", "c.toml");
    assert_eq!(
        k.run_raw(&GAPS).error(),
        "kvu: error: c.toml: cannot read the file: No such file or directory (os error 2), \
         expected the configuration file that KVU_CONFIG names"
    );
    // --config wins before KVU_CONFIG is looked at.
    assert_eq!(
        k.run_raw(&[&["--config", "b.toml"][..], &GAPS].concat())
            .ok(),
        gap("due")
    );
}

#[test]
fn a_cron_job_needs_only_kvu_toml_in_its_folder() {
    // cron's environment: PATH and nothing else, not even HOME or TZ.
    let k = one_gap().file("kvu.toml", &format!("{INPUTS}as_of = 2024-05-01\n"));
    k.write();
    let mut cmd = k.process();
    cmd.env_clear().env("PATH", "/usr/bin:/bin");
    let run = crate::support::Run::of(
        cmd.args(["gaps", "--summary", "--format", "csv"])
            .output()
            .unwrap(),
    );
    assert_eq!(
        run.ok(),
        "unit,course,required,met,exempt,overdue,due,expired\nAvd 1,webb,1,0,0,1,0,0\n"
    );
}

#[test]
fn a_bad_path_in_kvu_toml_names_its_line() {
    let k = one_gap().file(
        "kvu.toml",
        "plan = \"plan.yaml\"\nstaff = \"no-staff.csv\"\ncompletions = \"completions.csv\"\n",
    );
    assert_eq!(
        k.run_raw(&GAPS).error(),
        "kvu: error: no-staff.csv: cannot read the file: No such file or directory (os error 2), named by kvu.toml:2"
    );
}

/// A flag beats its variable before the variable is read: `bad` in `variable` is no error under `flag`.
#[track_caller]
fn flag_beats(variable: &str, bad: &str, flag: &[&str]) {
    let k = one_gap().env(variable, bad);
    let args = [flag, &GAPS, &["--as-of", "2024-05-01"]].concat();
    assert_eq!(k.run(&args).ok(), gap("overdue"), "{variable}");
}

/// A path variable naming no file: the error names the variable.
#[track_caller]
fn bad_path_names(variable: &str) {
    let k = one_gap()
        .file("units.csv", "unit,parent\nAvd 1,\n")
        .file("exemptions.csv", "employee_id,course,until,reason\n")
        .env(variable, "no-such.csv");
    k.write();
    let mut args = vec!["--as-of", "2024-05-01"];
    for (flag, name) in [
        ("--plan", "plan.yaml"),
        ("--staff", "staff.csv"),
        ("--completions", "completions.csv"),
        ("--units", "units.csv"),
        ("--exemptions", "exemptions.csv"),
    ] {
        if variable.trim_start_matches("KVU_").to_lowercase() != flag[2..] {
            args.extend([flag, name]);
        }
    }
    let message = k
        .run_existing(&[&args[..], &GAPS].concat())
        .error()
        .to_string();
    assert!(
        message.starts_with("kvu: error: no-such.csv: cannot read"),
        "{message}"
    );
    assert!(
        message.ends_with(&format!(", named by {variable}")),
        "{message}"
    );
}

#[test]
fn lang_flag_beats_a_bad_kvu_lang() {
    // Bug: `KVU_LANG=xx kvu --lang en` failed on the variable the flag overrides.
    flag_beats("KVU_LANG", "xx", &["--lang", "en"]);
}

#[test]
fn a_bad_kvu_lang_names_the_variable() {
    let k = one_gap().env("KVU_LANG", "xx");
    assert_eq!(
        k.run(&GAPS).error(),
        "kvu: error: KVU_LANG: `xx` is no language, expected en or sv (see kvu --help)"
    );
}

#[test]
fn id_format_flag_beats_a_bad_kvu_id_format() {
    // Bug: `KVU_ID_FORMAT=bogus kvu --id-format text` failed on the variable the flag overrides.
    flag_beats("KVU_ID_FORMAT", "bogus", &["--id-format", "text"]);
}

#[test]
fn a_bad_kvu_id_format_names_the_variable() {
    let k = one_gap().env("KVU_ID_FORMAT", "bogus");
    assert_eq!(
        k.run(&GAPS).error(),
        "kvu: error: KVU_ID_FORMAT: `bogus` is no id format, expected text, number or personnummer (see kvu --help)"
    );
}

#[test]
fn as_of_flag_beats_a_bad_kvu_as_of() {
    flag_beats("KVU_AS_OF", "yesterday", &[]);
}

#[test]
fn plan_flag_beats_kvu_plan_and_a_bad_kvu_plan_names_the_variable() {
    // The fixture's runs give --plan.
    flag_beats("KVU_PLAN", "no-such.yaml", &[]);
    bad_path_names("KVU_PLAN");
}

#[test]
fn staff_flag_beats_kvu_staff_and_a_bad_kvu_staff_names_the_variable() {
    flag_beats("KVU_STAFF", "no-such.csv", &[]);
    bad_path_names("KVU_STAFF");
}

#[test]
fn completions_flag_beats_kvu_completions_and_a_bad_kvu_completions_names_the_variable() {
    flag_beats("KVU_COMPLETIONS", "no-such.csv", &[]);
    bad_path_names("KVU_COMPLETIONS");
}

#[test]
fn units_flag_beats_kvu_units_and_a_bad_kvu_units_names_the_variable() {
    let k = one_gap()
        .file("units.csv", "unit,parent\nAvd 1,\n")
        .env("KVU_UNITS", "no-such.csv");
    assert_eq!(
        k.run(&[&GAPS[..], &["--as-of", "2024-05-01"]].concat())
            .ok(),
        gap("overdue")
    );
    bad_path_names("KVU_UNITS");
}

#[test]
fn exemptions_flag_beats_kvu_exemptions_and_a_bad_kvu_exemptions_names_the_variable() {
    let k = one_gap()
        .exemptions("")
        .env("KVU_EXEMPTIONS", "no-such.csv");
    assert_eq!(
        k.run(&[&GAPS[..], &["--as-of", "2024-05-01"]].concat())
            .ok(),
        gap("overdue")
    );
    bad_path_names("KVU_EXEMPTIONS");
}

#[test]
fn kvu_config_says_where_each_value_came_from() {
    let k = one_gap()
        .file(
            "kvu.toml",
            "plan = \"plan.yaml\"\nstaff = \"staff.csv\"\nas_of = 2024-05-01\nstrict = true\n",
        )
        .env("KVU_LANG", "sv")
        .env("KVU_STAFF", "other.csv");
    let run = k.run_raw(&["config", "--completions", "c.csv", "--format", "csv"]);
    assert_eq!(
        run.ok(),
        "option,value,source\n\
         config,kvu.toml,default\n\
         plan,plan.yaml,kvu.toml:1\n\
         staff,other.csv,KVU_STAFF\n\
         completions,c.csv,--completions\n\
         units,,default\n\
         exemptions,,default\n\
         history,,default\n\
         as_of,2024-05-01,kvu.toml:3\n\
         lang,sv,KVU_LANG\n\
         id_format,text,default\n\
         encoding,auto,default\n\
         delimiter,,default\n\
         format,csv,--format\n\
         excel,false,default\n\
         excel_safe,false,default\n\
         strict,true,kvu.toml:4\n\
         quiet,false,default\nsplit_names,id,default\n"
    );
    // Another file, named by --config: its paths from its folder, its lines as sources.
    std::fs::create_dir(k.path("etc")).unwrap();
    std::fs::write(
        k.path("etc/kvu.toml"),
        "\nplan = \"plan.yaml\"\ndelimiter = \";\"\n",
    )
    .unwrap();
    let run = k.run_existing(&["--config", "etc/kvu.toml", "config", "--format", "csv"]);
    let rows: Vec<&str> = run.ok().lines().collect();
    assert_eq!(rows[1], "config,etc/kvu.toml,--config");
    assert_eq!(rows[2], "plan,etc/plan.yaml,etc/kvu.toml:2");
    assert_eq!(rows[12], "delimiter,;,etc/kvu.toml:3");
}

#[test]
fn format_and_excel_in_kvu_toml_yield_to_the_command_line() {
    let k = one_gap().file(
        "kvu.toml",
        &format!("{INPUTS}as_of = 2024-05-01\nformat = \"csv\"\nexcel = true\n"),
    );
    // The file's: CSV for Excel (byte-order mark, `;`).
    let excel = k.run_raw(&["gaps"]);
    assert!(
        excel.ok().starts_with("\u{feff}employee_id;name;"),
        "{}",
        excel.stdout
    );
    // A flag's format beats both; an --output's extension too.
    assert!(
        k.run_raw(&["gaps", "--format", "json"])
            .ok()
            .starts_with('[')
    );
    let run = k.run_raw(&["gaps", "--output", "gaps.json"]);
    run.ok();
    assert!(k.read("gaps.json").starts_with('['));
    // CSV asked on the command line is still for Excel.
    assert!(k.run_raw(&GAPS).ok().starts_with('\u{feff}'));
    // In the file, the two must agree.
    let k = one_gap().file("kvu.toml", "format = \"json\"\nexcel = true\n");
    assert_eq!(
        k.run_raw(&["gaps"]).error(),
        "kvu: error: kvu.toml:2: excel = true writes CSV for Excel, but format is \"json\", expected format = \"csv\" or no format"
    );
}
