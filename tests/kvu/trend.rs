//! `kvu trend`: one test per rule of the contract's trend section.

use std::collections::BTreeMap;

use crate::support::{Kvu, dedent, repo};

const HEADER: &str = "date,course,required,met,exempt,overdue,due,expired\n";

fn trend(k: &Kvu, as_of: &str, more: &[&str]) -> String {
    let mut args = vec!["trend", "--format", "csv", "--as-of", as_of];
    args.extend(more);
    k.run(&args).ok().to_string()
}

fn csv(rows: &str) -> String {
    format!("{HEADER}{}", dedent(rows))
}

#[test]
fn trend_points_are_month_ends_and_the_as_of_point_is_as_of_itself() {
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,2024-01-01");
    assert_eq!(
        trend(&k, "2024-06-15", &["--from", "2024-04", "--course", "webb"]),
        csv("2024-04-30,webb,1,0,0,1,0,0
             2024-05-31,webb,1,0,0,1,0,0
             2024-06-15,webb,1,0,0,1,0,0")
    );
}

#[test]
fn trend_every_plan_course_at_every_point_zero_rows_included() {
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,2024-01-01");
    assert_eq!(
        trend(&k, "2024-02-10", &["--from", "2024-02"]),
        csv("2024-02-10,webb,1,0,0,0,1,0
             2024-02-10,chef25,0,0,0,0,0,0
             2024-02-10,hp15,0,0,0,0,0,0")
    );
}

#[test]
fn trend_a_person_not_yet_started_is_left_out() {
    // e2 starts 2024-03-10: not there at the end of February, there at the end of March.
    let k = Kvu::new().staff(
        "e1,,Avd 1,medarbetare,enhet,2024-01-01\ne2,,Avd 1,medarbetare,enhet,2024-03-10\ne3,,Avd 1,medarbetare,enhet,",
    );
    assert_eq!(
        trend(&k, "2024-03-31", &["--from", "2024-02", "--course", "webb"]),
        csv("2024-02-29,webb,2,0,0,1,1,0
             2024-03-31,webb,3,0,0,1,2,0")
    );
}

#[test]
fn trend_the_as_of_point_leaves_out_people_who_start_after_as_of() {
    let k = Kvu::new()
        .staff("e1,,Avd 1,medarbetare,enhet,2024-01-01\ne2,,Avd 1,medarbetare,enhet,2024-07-01");
    assert_eq!(
        trend(&k, "2024-06-15", &["--from", "2024-06", "--course", "webb"]),
        csv("2024-06-15,webb,1,0,0,1,0,0")
    );
}

#[test]
fn trend_a_completion_counts_from_its_date_and_lapses_between_two_points() {
    let k = Kvu::new()
        .plan_edit(
            "    codes: [W-OLD]\n",
            "    codes: [W-OLD]\n    valid_months: 2\n",
        )
        .staff("e1,,Avd 1,medarbetare,enhet,2023-01-01")
        .completions("e1,webb,2024-01-15,");
    // Met from 2024-01-15, valid through 2024-03-15, then expired (its due date is long past).
    assert_eq!(
        trend(&k, "2024-04-30", &["--from", "2023-12", "--course", "webb"]),
        csv("2023-12-31,webb,1,0,0,1,0,0
             2024-01-31,webb,1,1,0,0,0,0
             2024-02-29,webb,1,1,0,0,0,0
             2024-03-31,webb,1,0,0,0,0,1
             2024-04-30,webb,1,0,0,0,0,1")
    );
}

#[test]
fn trend_an_exemption_counts_until_it_ends() {
    let k = Kvu::new()
        .staff("e1,,Avd 1,medarbetare,enhet,2023-01-01")
        .exemptions("e1,webb,2024-02-15,parental leave");
    assert_eq!(
        trend(&k, "2024-03-31", &["--from", "2024-01", "--course", "webb"]),
        csv("2024-01-31,webb,1,0,1,0,0,0
             2024-02-29,webb,1,0,0,1,0,0
             2024-03-31,webb,1,0,0,1,0,0")
    );
}

#[test]
fn trend_default_is_the_24_months_up_to_as_ofs_month() {
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,2020-01-01");
    let out = trend(&k, "2024-06-15", &["--course", "webb"]);
    let dates: Vec<&str> = out.lines().skip(1).map(|l| &l[..10]).collect();
    assert_eq!(dates.len(), 24);
    assert_eq!(dates[0], "2022-07-31");
    assert_eq!(dates[23], "2024-06-15");
}

#[test]
fn trend_from_after_to_and_to_after_as_of_are_errors() {
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,2020-01-01");
    let run = k.run(&[
        "trend",
        "--as-of",
        "2024-06-15",
        "--from",
        "2024-05",
        "--to",
        "2024-04",
    ]);
    assert_eq!(
        run.error(),
        "kvu: error: --from 2024-05 is after --to 2024-04, expected a month on or before it"
    );
    let run = k.run(&["trend", "--as-of", "2024-06-15", "--to", "2024-07"]);
    assert_eq!(
        run.error(),
        "kvu: error: --to 2024-07 is after --as-of's month 2024-06, expected 2024-06 or earlier (trend looks back; forecast looks ahead)"
    );
}

#[test]
fn trend_a_bad_month_is_an_error() {
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,2020-01-01");
    for bad in ["2024-13", "2024-1", "24-01", "2024-01-01"] {
        let run = k.run(&["trend", "--as-of", "2024-06-15", "--from", bad]);
        assert!(
            run.error()
                .contains(&format!("`{bad}` is no month, expected YYYY-MM")),
            "{}",
            run.stderr
        );
    }
}

/// Each point equals `gaps` run with `--as-of` that date on the staff who had started by then: the
/// gaps per course and state are the trend's overdue, due and expired.
#[test]
fn trend_each_point_equals_gaps_on_that_date_with_the_staff_who_had_started() {
    let staff = std::fs::read_to_string(repo().join("examples/staff.csv")).unwrap();
    let k = Kvu::new()
        .file("staff.csv", &staff)
        .file(
            "completions.csv",
            &std::fs::read_to_string(repo().join("examples/completions.csv")).unwrap(),
        )
        .file(
            "exemptions.csv",
            &std::fs::read_to_string(repo().join("examples/exemptions.csv")).unwrap(),
        );
    let plan = repo().join("plan/vgr-2024.yaml");
    let plan = plan.to_str().unwrap();
    let files = |staff: &str| {
        vec![
            "--plan".to_string(),
            plan.to_string(),
            "--staff".into(),
            staff.into(),
            "--completions".into(),
            "completions.csv".into(),
            "--exemptions".into(),
            "exemptions.csv".into(),
        ]
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = k.run_raw(&args);
        assert!(out.code == 0, "{}", out.stderr);
        out.stdout
    };
    let mut args = files("staff.csv");
    args.extend(
        [
            "trend",
            "--format",
            "csv",
            "--as-of",
            "2026-10-31",
            "--from",
            "2025-01",
        ]
        .map(String::from),
    );
    let points = run(args);
    let mut checked = 0;
    for line in points.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (date, course) = (f[0], f[1]);
        if !["2025-01-31", "2025-06-30", "2025-12-31", "2026-10-31"].contains(&date) {
            continue;
        }
        // The staff who had started by then.
        let mut started = String::from("employee_id,name,unit,role,level,start_date\n");
        for row in staff.lines().skip(1) {
            let start = row.rsplit(',').next().unwrap();
            if start.is_empty() || start <= date {
                started.push_str(row);
                started.push('\n');
            }
        }
        std::fs::write(k.path("started.csv"), &started).unwrap();
        let mut args = files("started.csv");
        args.extend(
            [
                "gaps", "--format", "csv", "--as-of", date, "--course", course,
            ]
            .map(String::from),
        );
        let gaps = run(args);
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for g in gaps.lines().skip(1) {
            *count.entry(g.rsplit(',').nth(1).unwrap()).or_default() += 1;
        }
        let expected = [count.get("overdue"), count.get("due"), count.get("expired")]
            .map(|n| n.copied().unwrap_or(0).to_string());
        assert_eq!(
            [f[5], f[6], f[7]],
            expected.each_ref().map(String::as_str),
            "{line}"
        );
        checked += 1;
    }
    assert_eq!(checked, 12);
}
