//! the contract's (docs/contract.md) "Failing well": every bad input gives one clear line on stderr naming the file and line,
//! exit 2, no panic, nothing on stdout, no output file, and the inputs left as they were.

use crate::support::{COMPLETIONS_HEADER, FILES, Kvu, STAFF_HEADER};

fn gaps_error(k: &Kvu) -> String {
    k.run(&["gaps", "--format", "csv", "--as-of", "2024-06-01"])
        .error()
        .to_string()
}

#[test]
fn a_staff_row_without_employee_id_unit_or_role_is_an_error() {
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,\n ,Eva,Avd 1,medarbetare,enhet,");
    assert_eq!(
        gaps_error(&k),
        "kvu: error: staff.csv:3: employee_id is empty, expected the person's id"
    );
    let k = k.staff("e1,,,medarbetare,enhet,");
    assert_eq!(
        gaps_error(&k),
        "kvu: error: staff.csv:2: unit is empty, expected a unit id or name"
    );
    let k = k.staff("e1,,Avd 1,,enhet,");
    assert_eq!(
        gaps_error(&k),
        "kvu: error: staff.csv:2: role is empty, expected a role id of the plan"
    );
}

#[test]
fn a_completion_row_without_employee_id_is_an_error() {
    let k = Kvu::new().completions(",webb,2024-01-01,");
    assert_eq!(
        gaps_error(&k),
        "kvu: error: completions.csv:2: employee_id is empty, expected the person's id"
    );
}

#[test]
fn a_row_with_the_wrong_number_of_fields_is_an_error() {
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,\ne2,Eva,Avd 1,medarbetare");
    assert_eq!(
        gaps_error(&k),
        "kvu: error: staff.csv:3: the row has 4 fields, expected 6 as in the header"
    );
    let k = Kvu::new().completions("e1,webb,2024-01-01,S1,extra");
    assert_eq!(
        gaps_error(&k),
        "kvu: error: completions.csv:2: the row has 5 fields, expected 4 as in the header"
    );
}

#[test]
fn a_date_that_is_no_calendar_date_is_an_error() {
    let k = Kvu::new().completions("e1,webb,2024-02-30,");
    assert_eq!(
        gaps_error(&k),
        "kvu: error: completions.csv:2: completed `2024-02-30` is not a calendar date"
    );
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,2023-02-29");
    assert_eq!(
        gaps_error(&k),
        "kvu: error: staff.csv:2: start_date `2023-02-29` is not a calendar date"
    );
}

#[test]
fn a_date_that_is_not_iso_is_an_error() {
    let k = Kvu::new().completions("e1,webb,05/03/2024,");
    assert_eq!(
        gaps_error(&k),
        "kvu: error: completions.csv:2: completed `05/03/2024` is not an ISO date, expected YYYY-MM-DD (or an ISO date-time)"
    );
    let k = Kvu::new()
        .staff("e1,,Avd 1,medarbetare,enhet,2024-01-01")
        .exemptions("e1,webb,31.12.2024,");
    assert_eq!(
        gaps_error(&k),
        "kvu: error: exemptions.csv:2: until `31.12.2024` is not an ISO date, expected YYYY-MM-DD (or an ISO date-time)"
    );
}

#[test]
fn a_missing_required_column_is_named() {
    let k = Kvu::new().file(
        "staff.csv",
        "employee_id,name,unit,level\ne1,,Avd 1,enhet\n",
    );
    assert_eq!(
        gaps_error(&k),
        "kvu: error: staff.csv:1: missing required column `role`; the header has: employee_id, name, unit, level"
    );
    let k = Kvu::new().file("completions.csv", "employee_id,kurs,completed\n");
    assert_eq!(
        gaps_error(&k),
        "kvu: error: completions.csv:1: missing required column `course`; the header has: employee_id, kurs, completed"
    );
}

#[test]
fn columns_are_found_by_name_in_any_order_and_case_with_extra_columns_ignored() {
    let k = Kvu::new()
        .file(
            "staff.csv",
            " Level ,Role,UNIT,Employee_ID,Extra\nenhet,medarbetare,Avd 1,e1,x\n",
        )
        .file(
            "completions.csv",
            "Completed,Course,Kommentar,EMPLOYEE_ID\n2024-01-02,webb,,e1\n",
        );
    let run = k.run(&["gaps", "--format", "csv", "--as-of", "2024-06-01"]);
    assert_eq!(
        run.ok(),
        "employee_id,name,unit,role,level,course,status,due\n"
    );
}

#[test]
fn an_empty_file_is_an_error() {
    let k = Kvu::new().file("staff.csv", "");
    assert_eq!(
        gaps_error(&k),
        "kvu: error: staff.csv: the file is empty, expected a header line"
    );
}

#[test]
fn an_unreadable_file_is_an_error() {
    let k = Kvu::new();
    let run = k.run_raw(&[
        "gaps",
        "--plan",
        "plan.yaml",
        "--staff",
        "nowhere.csv",
        "--completions",
        "completions.csv",
    ]);
    assert!(
        run.error()
            .starts_with("kvu: error: nowhere.csv: cannot read the file: "),
        "{}",
        run.stderr
    );
}

#[test]
fn plan_errors_name_file_line_and_column() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "    hours: 2\n",
            "    hours: 2\n    colour: red\n",
            "plan.yaml:15:5: unknown field `colour`, expected one of id, name, hours, due_months, valid_months, codes, satisfies",
        ),
        (
            "  vu: Verksamhetsutvecklare\n",
            "  vu: Verksamhetsutvecklare\n  chef: Chef igen\n",
            "plan.yaml:11:3: duplicate key `chef`, expected each key once",
        ),
        (
            "  vu: Verksamhetsutvecklare\n",
            "  vu: Verksamhetsutvecklare\n  Chef: Chef igen\n",
            "plan.yaml:11:3: duplicate role id `Chef`: `chef` is already declared (ids ignore case)",
        ),
        (
            "  - id: hp15\n",
            "  - id: webb\n",
            "plan.yaml:21:9: duplicate course id `webb`: `webb` is already declared (ids ignore case)",
        ),
        (
            "    forvaltning: [hp15]\n",
            "    sektion: [hp15]\n",
            "plan.yaml:30:5: the matrix names level `sektion` for role `chef`, which the plan does not declare under levels (or \"*\" for every level)",
        ),
        (
            "  vu:\n    \"*\"",
            "  vux:\n    \"*\"",
            "plan.yaml:31:3: the matrix names role `vux`, which the plan does not declare under roles",
        ),
        (
            "    \"*\": [webb, chef25, hp15]",
            "    \"*\": [webb, chef26, hp15]",
            "plan.yaml:32:17: the matrix entry vu/* names course `chef26`, which the plan does not declare under courses",
        ),
        (
            "    due_months: 12\n",
            "    due_months: 12\n    codes: [w-old]\n",
            "plan.yaml:21:13: code `w-old` of course `chef25` already belongs to course `webb`; a code may belong to one course only",
        ),
        (
            "    due_months: 12\n",
            "    due_months: -12\n",
            "plan.yaml:20:17: due_months is -12, expected a whole number of months, 0 or more",
        ),
        (
            "    satisfies: [chef25]",
            "    satisfies: [chef99]",
            "plan.yaml:24:17: satisfies of course `hp15` names course `chef99`, which the plan does not declare under courses",
        ),
        (
            "  - { role: vu }",
            "  - { role: vu, status: late }",
            "plan.yaml:35:25: a priority tier names status `late`, expected overdue, expired or due",
        ),
        (
            "name: Testplan\n",
            "",
            "plan.yaml:32:1: missing field `name`, which is required",
        ),
    ];
    let mut wrong = Vec::new();
    for (from, to, expected) in cases {
        let k = Kvu::new().plan_edit(from, to);
        let got = gaps_error(&k);
        let expected = format!("kvu: error: {expected}");
        let fine = match expected.strip_suffix("... ") {
            Some(prefix) => got.starts_with(prefix),
            None => got == expected,
        };
        if !fine {
            wrong.push(format!("expected {expected}\n     got {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn unit_matching_no_unit_is_an_error() {
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,");
    let run = k.run(&["gaps", "--unit", "Avd 2", "--as-of", "2024-06-01"]);
    assert_eq!(
        run.error(),
        "kvu: error: --unit `Avd 2` matches no unit of the staff export, expected a unit as the export writes it (or give --units for a tree); did you mean `Avd 1`?"
    );
    let k = k.units("Avd 1,,Avdelning 1");
    let run = k.run(&["gaps", "--unit", "Avd 2", "--as-of", "2024-06-01"]);
    assert_eq!(
        run.error(),
        "kvu: error: --unit `Avd 2` matches no unit of the unit tree, expected a unit id or name; did you mean `Avd 1`?"
    );
}

#[test]
fn unknown_role_or_course_options_are_errors() {
    let k = Kvu::new();
    assert_eq!(
        k.run(&["gaps", "--role", "läkare"]).error(),
        "kvu: error: --role `läkare` is no role of the plan, expected one of: medarbetare, chef, vu"
    );
    assert_eq!(
        k.run(&["gaps", "--course", "hlr"]).error(),
        "kvu: error: --course `hlr` is no course or code of the plan, expected one of: webb, chef25, hp15"
    );
}

#[test]
fn a_unit_tree_with_a_cycle_or_an_unknown_parent_is_an_error() {
    let k = Kvu::new().units("R,,Regionen\nA,B,A\nB,A,B");
    assert_eq!(
        gaps_error(&k),
        "kvu: error: units.csv:3: unit `A` is its own ancestor (a cycle in the tree), expected a tree"
    );
    let k = Kvu::new().units("R,,Regionen\nA,X,A");
    assert_eq!(
        gaps_error(&k),
        "kvu: error: units.csv:3: unit `A` has parent `X`, which is no unit of the tree; expected a unit id or empty for a root"
    );
}

#[test]
fn usage_errors_are_one_line_and_exit_2() {
    let k = Kvu::new();
    let run = k.run(&["gaps", "--frobnicate"]);
    assert_eq!(
        run.error(),
        "kvu: error: unexpected argument '--frobnicate' found; tip: a similar argument exists: '--format' (see kvu --help)"
    );
    let run = k.run(&["gaps", "--as-of", "2024-02-30"]);
    assert_eq!(
        run.error(),
        "kvu: error: invalid value '2024-02-30' for '--as-of <YYYY-MM-DD>': `2024-02-30` is not a calendar date (see kvu --help)"
    );
    let run = k.run_raw(&["gaps"]);
    assert_eq!(
        run.error(),
        "kvu: error: no plan file given, expected --plan FILE, KVU_PLAN or `plan` in kvu.toml"
    );
}

#[test]
fn a_failed_run_leaves_no_output_file_and_keeps_an_old_one() {
    let k = Kvu::new().completions("e1,webb,2024-02-30,");
    let run = k.run(&["gaps", "--output", "out.csv"]);
    run.error();
    assert!(!k.path("out.csv").exists());
    std::fs::write(k.path("out.csv"), "old\n").unwrap();
    k.run(&["gaps", "--output", "out.csv"]).error();
    assert_eq!(std::fs::read_to_string(k.path("out.csv")).unwrap(), "old\n");
    let leftovers: Vec<_> = std::fs::read_dir(k.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn input_files_are_only_read() {
    let k = Kvu::new()
        .staff("e1,,Avd 1,medarbetare,enhet,2024-01-01")
        .completions("e1,webb,2024-01-05 10:00,S1")
        .exemptions("e1,webb,,")
        .units("Avd 1,,Avdelning 1");
    k.run(&["gaps"]);
    let names = [
        "plan.yaml",
        "staff.csv",
        "completions.csv",
        "exemptions.csv",
        "units.csv",
    ];
    let before: Vec<(Vec<u8>, std::time::SystemTime)> = names
        .iter()
        .map(|n| {
            (
                std::fs::read(k.path(n)).unwrap(),
                std::fs::metadata(k.path(n)).unwrap().modified().unwrap(),
            )
        })
        .collect();
    for args in [
        &["gaps", "--summary", "--output", "o.csv"][..],
        &["validate"],
        &["gaps", "--strict"],
    ] {
        let run = k.run_files(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    for (n, (bytes, modified)) in names.iter().zip(before) {
        assert_eq!(std::fs::read(k.path(n)).unwrap(), bytes, "{n} changed");
        assert_eq!(
            std::fs::metadata(k.path(n)).unwrap().modified().unwrap(),
            modified,
            "{n} touched"
        );
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let rows: String = (0..20_000)
        .map(|i| format!("e{i},,Avd {},medarbetare,enhet,\n", i % 50))
        .collect();
    let k = Kvu::new().staff(&rows);
    k.run(&["validate"]);
    let mut child = k
        .process()
        .args(FILES)
        .args(["gaps", "--format", "csv", "--as-of", "2024-01-01"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // like `head -c 16`
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn validate_lists_every_problem_and_exits_2() {
    let k = Kvu::new()
        .file(
            "staff.csv",
            &format!("{STAFF_HEADER}e1,,Avd 1,medarbetare,enhet,\n,,Avd 1,medarbetare,enhet,\ne3,,Avd 1,läkare,enhet,\ne4,,Avd 1\n"),
        )
        .file("completions.csv", &format!("{COMPLETIONS_HEADER}e1,webb,2024-13-01,\ne1,HLR,2024-01-01,\ne1,webb,1/2/2024,\n"));
    let run = k.run(&["validate", "--as-of", "2024-06-01"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stdout,
        "plan.yaml: 3 levels, 3 roles, 3 courses, 3 priority tiers; 0 errors, 0 warnings
staff.csv:3: error: employee_id is empty, expected the person's id
staff.csv:4: warning: role `läkare` is not declared in the plan (1 row, the first here); it requires nothing
staff.csv:5: error: the row has 3 fields, expected 6 as in the header
staff.csv: 3 rows; 2 errors, 1 warning
completions.csv: warning: 1 row of 1 course outside the plan left out: HLR
completions.csv:2: error: completed `2024-13-01` is not a calendar date
completions.csv:4: error: completed `1/2/2024` is not an ISO date, expected YYYY-MM-DD (or an ISO date-time)
completions.csv: 3 rows, 1 of courses outside the plan; 2 errors, 1 warning
4 errors, 2 warnings
"
    );
    assert_eq!(
        run.stderr,
        "kvu: error: the inputs have errors (listed above)\n"
    );
    // Clean inputs: exit 0.
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,");
    assert_eq!(k.run(&["validate"]).code, 0);
}

/// `kvu validate --sessions FILE` reads the sessions file with the loader `kvu cohorts` uses: every
/// problem with its file and line, and exit 2 on an error.
#[test]
fn validate_checks_the_sessions_file_and_lists_every_problem() {
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,").file(
        "sessions.csv",
        "session,date,seats\nS1,2024-07-01,4\nS2,01/07/2024,3\nS3,2024-09-01,0\n",
    );
    let run = k.run(&["validate", "--sessions", "sessions.csv"]);
    assert_eq!(run.code, 2);
    let tail: Vec<&str> = run
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("sessions.csv"))
        .collect();
    assert_eq!(
        tail,
        [
            "sessions.csv:3: error: date `01/07/2024` is not an ISO date, expected YYYY-MM-DD (or an ISO date-time)",
            "sessions.csv:4: error: seats `0` is not a positive whole number, expected the number of seats (1 or more)",
            "sessions.csv: 1 row; 2 errors, 0 warnings",
            "2 errors, 0 warnings",
        ],
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stderr,
        "kvu: error: the inputs have errors (listed above)\n"
    );
    // A good sessions file: its rows are counted, exit 0.
    let k = k.file("sessions.csv", "session,date,seats\nS1,2024-07-01,4\n");
    let run = k.run(&["validate", "--sessions", "sessions.csv"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("sessions.csv: 1 row; 0 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );
}

/// `kvu validate --key FILE` reads the allocation key with the loader `kvu allocate --key` uses: every
/// problem with its file and line, and exit 2 on an error.
#[test]
fn validate_checks_the_allocation_key_and_lists_every_problem() {
    let k = Kvu::new()
        .staff("e1,,Avd 1,medarbetare,enhet,")
        .file("key.csv", "unit,weight\nA,x\nB,1\nB,2\n");
    let run = k.run(&["validate", "--key", "key.csv"]);
    assert_eq!(run.code, 2);
    let tail: Vec<&str> = run
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("key.csv"))
        .collect();
    assert_eq!(
        tail,
        [
            "key.csv:2: error: weight `x` is not a number of 0 or more (at most six decimals)",
            "key.csv:4: error: unit `B` is in the key twice (lines 3 and 4), expected one weight per unit",
            "key.csv: 1 row; 2 errors, 0 warnings",
            "2 errors, 0 warnings",
        ],
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stderr,
        "kvu: error: the inputs have errors (listed above)\n"
    );
}

#[test]
fn in_a_large_file_read_on_all_cores_the_first_error_is_the_one_reported() {
    // Over a megabyte, so the file is read in several blocks on several threads.
    let mut rows = String::new();
    for i in 0..60_000 {
        let date = match i {
            45_000 => "2024-13-01",
            21_000 => "1/2/2024",
            _ => "2024-01-01",
        };
        rows.push_str(&format!(
            "e{i},{},{date},Kurstillfälle {}\n",
            if i % 3 == 0 { "webb" } else { "HLR" },
            i % 7
        ));
    }
    let k = Kvu::new()
        .staff("e1,,Avd 1,medarbetare,enhet,")
        .completions(&rows);
    assert_eq!(
        k.run(&["gaps", "--as-of", "2024-06-01"]).error(),
        "kvu: error: completions.csv:21002: completed `1/2/2024` is not an ISO date, expected YYYY-MM-DD (or an ISO date-time)"
    );
    let run = k.run(&["validate", "--as-of", "2024-06-01"]);
    let errors: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(
        errors,
        [
            "completions.csv:21002: error: completed `1/2/2024` is not an ISO date, expected YYYY-MM-DD (or an ISO date-time)",
            "completions.csv:45002: error: completed `2024-13-01` is not a calendar date",
        ]
    );
    assert!(
        run.stdout.contains(
            "completions.csv: 60000 rows, 40000 of courses outside the plan; 2 errors, 1 warning"
        ),
        "{}",
        run.stdout
    );
}

/// Bug: with a unit tree, a staff unit missing from the tree was a warning in `gaps` (an error under
/// `--strict`) while `validate` said nothing and `validate --strict` exited 0. One loader now serves
/// both, so they report the same problems with the same verdict.
#[test]
fn validate_reports_a_staff_unit_missing_from_the_tree_as_gaps_does() {
    let k = Kvu::new()
        .units("Avd 1,,Avdelning 1")
        .staff("e1,,Avd 1,medarbetare,enhet,2024-01-01\ne2,,Avd 9,medarbetare,enhet,2024-01-01");
    let warning = "staff.csv:3: unit `Avd 9` is not in the unit tree (1 row, the first here); no --unit takes it in";
    let gaps = k.run(&["gaps", "--format", "csv", "--as-of", "2024-02-01"]);
    assert_eq!(gaps.code, 0);
    assert_eq!(gaps.stderr, format!("kvu: warning: {warning}\n"));
    let validate = k.run(&["validate", "--as-of", "2024-02-01"]);
    assert_eq!(validate.code, 0, "{}", validate.stdout);
    assert!(
        validate
            .stdout
            .contains("staff.csv:3: warning: unit `Avd 9` is not in the unit tree"),
        "{}",
        validate.stdout
    );
    // Under --strict both fail, on the same problem.
    let gaps = k.run(&["--strict", "gaps", "--as-of", "2024-02-01"]);
    assert_eq!(gaps.error(), format!("kvu: error: {warning}"));
    let validate = k.run(&["--strict", "validate", "--as-of", "2024-02-01"]);
    assert_eq!(validate.code, 2, "{}", validate.stdout);
    assert!(
        validate
            .stdout
            .contains("staff.csv:3: error: unit `Avd 9` is not in the unit tree"),
        "{}",
        validate.stdout
    );
}
