//! Looking back with the history store (issue 33): `report --history` counts every recording's
//! completions and leavers, and `diff --since` says what changed since a recording.

use crate::support::Kvu;

/// May: Anna (chef), Bo in E1 and Ulla (9001, vu in E2), who leaves before October. Ulla's completion
/// is purged from the platform by October; Anna's and Bo's are in both exports.
fn may() -> Kvu {
    Kvu::new()
        .staff(
            "1,Anna Chef,F1,chef,forvaltning,2020-01-01
            2,Bo Berg,E1,medarbetare,enhet,2024-02-01
            9001,Ulla Lämnad,E2,vu,enhet,2019-05-01",
        )
        .completions(
            "1,webb,2026-03-01,S1
            2,W-OLD,2026-04-01,S2
            9001,webb,2026-02-01,S0",
        )
}

/// October: Ulla gone, Eva new in E2, and a completion of someone never on staff (7777).
fn october(k: Kvu) -> Kvu {
    k.staff(
        "1,Anna Chef,F1,chef,forvaltning,2020-01-01
        2,Bo Berg,E1,medarbetare,enhet,2024-02-01
        5,Eva Fors,E2,medarbetare,enhet,2026-06-15",
    )
    .completions(
        "1,webb,2026-03-01,S1
        2,W-OLD,2026-04-01,S2
        5,webb,2026-09-01,S3
        7777,webb,2026-06-01,S4",
    )
}

fn record(k: &Kvu, as_of: &str) {
    let run = k.at(as_of, &["--quiet", "record", "--history", "h.sqlite"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// May recorded (twice: at the end of May and of June), then October's exports.
fn recorded() -> Kvu {
    let k = may();
    record(&k, "2026-05-31");
    record(&k, "2026-06-30");
    october(k)
}

fn csv(k: &Kvu, args: &[&str]) -> String {
    let run = k.at(
        "2026-10-31",
        &[&["--quiet", "--format", "csv"][..], args].concat(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

const HISTORY: [&str; 2] = ["--history", "h.sqlite"];

#[test]
fn report_history_counts_a_purged_completion_once_and_one_in_both_exports_once() {
    let k = recorded();
    let today = csv(&k, &["report", "--year", "2026"]);
    assert!(today.contains("\nwebb,Webbkurs,4,4,4,8\n"), "{today}");
    // Ulla's purged completion is in both recordings: counted once; Anna's and Bo's (today's too) once.
    let back = csv(&k, &[&["report", "--year", "2026"][..], &HISTORY].concat());
    assert_eq!(
        back,
        "course,name,participants,completions,sessions,hours
webb,Webbkurs,5,5,5,10
chef25,\"Chefskurs 2,5 dagar\",0,0,0,0
hp15,KVU 15 hp,0,0,0,0
TOTAL,,5,5,5,10
"
    );
}

#[test]
fn report_history_counts_a_leaver_in_their_recorded_unit_and_not_in_staff_keeps_the_never_recorded()
{
    // Ulla's completion still in today's export: without the history she is `(not in staff)`.
    let k = recorded().completions(
        "1,webb,2026-03-01,S1
        2,W-OLD,2026-04-01,S2
        5,webb,2026-09-01,S3
        7777,webb,2026-06-01,S4
        9001,webb,2026-02-01,S0",
    );
    let today = csv(&k, &["report", "--year", "2026", "--by", "unit"]);
    assert!(
        today.contains("\n(not in staff),webb,Webbkurs,2,2,2,4\n"),
        "{today}"
    );
    let back = csv(
        &k,
        &[&["report", "--year", "2026", "--by", "unit"][..], &HISTORY].concat(),
    );
    let webb: Vec<&str> = back.lines().filter(|l| l.contains(",webb,")).collect();
    assert_eq!(
        webb,
        [
            "E1,webb,Webbkurs,1,1,1,2",
            "E2,webb,Webbkurs,2,2,2,4",
            "F1,webb,Webbkurs,1,1,1,2",
            "(not in staff),webb,Webbkurs,1,1,1,2",
        ]
    );
    // With --unit, the leaver counts in the unit they were recorded in, with their recorded post.
    let people = csv(
        &k,
        &[
            &["report", "--year", "2026", "--unit", "E2", "--people"][..],
            &HISTORY,
        ]
        .concat(),
    );
    assert_eq!(
        people,
        "employee_id,name,unit,role,level,course,completed,session
9001,Ulla Lämnad,E2,vu,enhet,webb,2026-02-01,S0
5,Eva Fors,E2,medarbetare,enhet,webb,2026-09-01,S3
"
    );
}

#[test]
fn report_history_a_leaver_counts_with_the_latest_recording_that_holds_them() {
    let k = may();
    record(&k, "2026-05-31");
    // In June Ulla had moved to E1; June is her latest recording.
    let k = k.staff(
        "1,Anna Chef,F1,chef,forvaltning,2020-01-01
        2,Bo Berg,E1,medarbetare,enhet,2024-02-01
        9001,Ulla Lämnad,E1,medarbetare,enhet,2019-05-01",
    );
    record(&k, "2026-06-30");
    let k = october(k);
    let back = csv(
        &k,
        &[&["report", "--year", "2026", "--by", "unit"][..], &HISTORY].concat(),
    );
    assert!(back.contains("\nE1,webb,Webbkurs,2,2,2,4\n"), "{back}");
    assert!(back.contains("\nE2,webb,Webbkurs,1,1,1,2\n"), "{back}");
}

#[test]
fn report_on_a_recording_adds_no_history() {
    let k = recorded();
    k.write();
    let run = k.run_existing(&[
        "--quiet",
        "--history",
        "h.sqlite",
        "--recording",
        "2026-05-31",
        "--plan",
        "plan.yaml",
        "--format",
        "csv",
        "report",
        "--year",
        "2026",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("\nwebb,Webbkurs,3,3,3,6\n"),
        "{}",
        run.stdout
    );
}

/// Today's plan adds a course `brand` for medarbetare, which the recorded plan lacked; Bo has moved
/// to E2 since.
fn october_with_brand(k: Kvu) -> Kvu {
    october(k)
        .plan_edit(
            "    satisfies: [chef25]\n",
            "    satisfies: [chef25]\n  - id: brand\n    name: Brand\n    due_months: 1\n",
        )
        .plan_edit("    \"*\": [webb]\n", "    \"*\": [webb, brand]\n")
        .staff(
            "1,Anna Chef,F1,chef,forvaltning,2020-01-01
            2,Bo Berg,E2,medarbetare,enhet,2024-02-01
            5,Eva Fors,E2,medarbetare,enhet,2026-06-15",
        )
}

#[test]
fn diff_since_lists_leavers_newcomers_and_a_course_the_recordings_plan_lacked() {
    let k = may();
    record(&k, "2026-05-31");
    let k = october_with_brand(k);
    let out = csv(
        &k,
        &[&["diff", "--since", "2026-05-31"][..], &HISTORY].concat(),
    );
    // The leaver's unit, role and level are the recording's; Bo's, today's.
    assert_eq!(
        out,
        "employee_id,name,unit,role,level,course,before,after
2,Bo Berg,E2,medarbetare,enhet,brand,not required,overdue
5,Eva Fors,E2,medarbetare,enhet,webb,not required,met
5,Eva Fors,E2,medarbetare,enhet,brand,not required,overdue
9001,Ulla Lämnad,E2,vu,enhet,webb,met,not required
9001,Ulla Lämnad,E2,vu,enhet,chef25,overdue,not required
9001,Ulla Lämnad,E2,vu,enhet,hp15,overdue,not required
"
    );
    let summary = csv(
        &k,
        &[
            &["diff", "--since", "2026-05-31", "--summary"][..],
            &HISTORY,
        ]
        .concat(),
    );
    assert_eq!(
        summary,
        "course,before,after,people
webb,not required,met,1
webb,met,not required,1
webb,met,met,2
chef25,overdue,not required,1
chef25,overdue,overdue,1
hp15,overdue,not required,1
hp15,overdue,overdue,1
brand,not required,overdue,2
"
    );
    let table = k.at(
        "2026-10-31",
        &[&["--quiet", "diff", "--since", "2026-05-31"][..], &HISTORY].concat(),
    );
    assert!(
        table
            .stdout
            .contains("6 changes of state since the recording of 2026-05-31, as of 2026-10-31."),
        "{}",
        table.stdout
    );
    // `--unit` takes each side's staff rows in that unit: Bo was in E1 in May, so not in scope then.
    let e1 = csv(
        &k,
        &[
            &["diff", "--since", "2026-05-31", "--unit", "E1"][..],
            &HISTORY,
        ]
        .concat(),
    );
    assert_eq!(
        e1,
        "employee_id,name,unit,role,level,course,before,after
2,Bo Berg,E1,medarbetare,enhet,webb,met,not required
"
    );
}

#[test]
fn diff_since_errors_say_what_is_expected() {
    let k = may();
    record(&k, "2026-05-31");
    let k = october(k);
    let error = |args: &[&str]| {
        let run = k.at("2026-10-31", &[&["--quiet"][..], args].concat());
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
        run.error().to_string()
    };
    assert_eq!(
        error(&["diff", "--since", "2026-05-31"]),
        "kvu: error: --since compares with a recording of the history store, expected --history FILE (or KVU_HISTORY, or `history` in kvu.toml) beside it"
    );
    assert_eq!(
        error(
            &[
                &["diff", "--since", "2026-05-31", "--old-plan", "plan.yaml"][..],
                &HISTORY
            ]
            .concat()
        ),
        "kvu: error: --since and --old-plan each give the state before, expected one of them"
    );
    assert_eq!(
        error(&[&["diff"][..], &HISTORY].concat()),
        "kvu: error: kvu diff compares with an old plan or a recording, expected --old-plan FILE or --since DATE"
    );
    assert_eq!(
        error(&[&["diff", "--since", "2026-06-30"][..], &HISTORY].concat()),
        "kvu: error: h.sqlite: no recording of 2026-06-30, expected a recorded date: the nearest is 2026-05-31"
    );
    record(&k, "2026-10-31");
    let forget = k.run_existing(&[
        "--quiet",
        "history",
        "--history",
        "h.sqlite",
        "--forget-before",
        "2026-06-01",
    ]);
    assert_eq!(forget.code, 0, "{}", forget.stderr);
    assert_eq!(
        error(&[&["diff", "--since", "2026-05-31"][..], &HISTORY].concat()),
        "kvu: error: h.sqlite: the inputs of the recording of 2026-05-31 were forgotten (kvu history --forget-before), expected a recorded date: the nearest is 2026-10-31"
    );
}

#[test]
fn report_history_coverage_is_of_the_people_on_staff() {
    let k = recorded();
    let run = k.at(
        "2026-10-31",
        &[
            &["--quiet", "--format", "json", "report", "--year", "2026"][..],
            &HISTORY,
        ]
        .concat(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    // Ulla (vu: webb, chef25, hp15) counts for the delivery, not for the coverage: Anna alone is
    // required chef25 and hp15.
    let required: Vec<(&str, u64)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["course"].as_str().unwrap(),
                r["coverage"]["required"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        required,
        [("webb", 3), ("chef25", 1), ("hp15", 1), ("TOTAL", 5)]
    );
    assert_eq!(rows[0]["participants"], 5);
}

#[test]
fn report_history_takes_no_plan_from_standard_input() {
    let k = recorded();
    k.write();
    let plan = std::fs::read(k.path("plan.yaml")).unwrap();
    let run = k.run_stdin(
        &[
            "--quiet",
            "--plan",
            "-",
            "--staff",
            "staff.csv",
            "--completions",
            "completions.csv",
            "--history",
            "h.sqlite",
            "report",
            "--year",
            "2026",
        ],
        &plan,
    );
    assert_eq!(
        run.error(),
        "kvu: error: report --history reads the plan twice, expected --plan FILE, not - (standard input)"
    );
}
