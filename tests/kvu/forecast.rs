//! `kvu forecast`: one test per column rule of the contract.

use crate::support::{Kvu, dedent};

const HEADER: &str = "month,course,backlog,due,lapsing,exemptions_ending,new_staff,seats\n";

fn forecast(k: &Kvu, as_of: &str, more: &[&str]) -> String {
    let mut args = vec!["forecast", "--format", "csv", "--as-of", as_of];
    args.extend(more);
    k.run(&args).ok().to_string()
}

fn csv(rows: &str) -> String {
    format!("{HEADER}{}", dedent(rows))
}

/// The rows of one course, without the header.
fn of(out: &str, course: &str) -> Vec<String> {
    out.lines()
        .skip(1)
        .filter(|l| l.split(',').nth(1) == Some(course))
        .map(String::from)
        .collect()
}

#[test]
fn forecast_backlog_is_overdue_and_expired_now_in_the_first_month_only() {
    let k = Kvu::new()
        .plan_edit(
            "    codes: [W-OLD]\n",
            "    codes: [W-OLD]\n    valid_months: 12\n",
        )
        .staff("e1,,Avd 1,medarbetare,enhet,2020-01-01\ne2,,Avd 1,medarbetare,enhet,2020-01-01")
        .completions("e2,webb,2022-01-01,");
    assert_eq!(
        forecast(&k, "2024-06-15", &["--months", "2"]),
        csv("2024-06,webb,2,0,0,0,0,2
             2024-07,webb,0,0,0,0,0,0")
    );
}

#[test]
fn forecast_due_counts_a_due_date_in_its_month() {
    // Started 2024-05-20: webb due 2024-08-20, the third month from June.
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,2024-05-20");
    let out = forecast(&k, "2024-06-15", &["--months", "4"]);
    assert_eq!(
        of(&out, "webb"),
        [
            "2024-06,webb,0,0,0,0,0,0",
            "2024-07,webb,0,0,0,0,0,0",
            "2024-08,webb,0,1,0,0,0,1",
            "2024-09,webb,0,0,0,0,0,0"
        ]
    );
}

#[test]
fn forecast_lapsing_counts_a_renewal_deadline_in_its_month_and_never_a_completion_that_never_lapses()
 {
    // hp15 lapses after 24 months; chef25 never does. e1 has only hp15 (lapses 2024-08-10, the third
    // month); e2 has hp15 and chef25, so its chef25 requirement never lapses.
    let k = Kvu::new()
        .plan_edit(
            "    satisfies: [chef25]\n",
            "    satisfies: [chef25]\n    valid_months: 24\n",
        )
        .staff("e1,,Avd 1,chef,enhet,2010-01-01\ne2,,Avd 1,chef,enhet,2010-01-01")
        .completions(
            "e1,webb,2020-01-01,\ne1,hp15,2022-08-10,\ne2,webb,2020-01-01,\ne2,hp15,2022-08-10,\ne2,chef25,2015-01-01,",
        );
    let out = forecast(&k, "2024-06-15", &["--months", "4", "--course", "chef25"]);
    assert_eq!(
        out,
        csv("2024-06,chef25,0,0,0,0,0,0
             2024-07,chef25,0,0,0,0,0,0
             2024-08,chef25,0,0,1,0,0,1
             2024-09,chef25,0,0,0,0,0,0")
    );
}

#[test]
fn forecast_exemptions_ending_counts_the_latest_until_and_never_one_for_good() {
    let k = Kvu::new()
        .staff("e1,,Avd 1,medarbetare,enhet,2020-01-01\ne2,,Avd 1,medarbetare,enhet,2020-01-01")
        .exemptions("e1,webb,2024-07-31,leave\ne2,webb,,for good");
    assert_eq!(
        forecast(&k, "2024-06-15", &["--months", "3"]),
        csv("2024-06,webb,0,0,0,0,0,0
             2024-07,webb,0,0,0,1,0,1
             2024-08,webb,0,0,0,0,0,0")
    );
}

#[test]
fn forecast_new_staff_spreads_the_last_12_months_starters_shifted_by_due_months() {
    // 5 starters in the 12 full months before June 2024 (one in June 2024 itself does not count);
    // webb's due_months is 3, so month k's expected starters fall due in month k + 3.
    let mut staff = String::new();
    for (i, start) in [
        "2023-06-01",
        "2023-09-10",
        "2023-12-24",
        "2024-02-01",
        "2024-05-31",
        "2024-06-02",
        "2023-05-31",
    ]
    .iter()
    .enumerate()
    {
        staff.push_str(&format!("e{i},,Avd 1,medarbetare,enhet,{start}\n"));
    }
    let k = Kvu::new().staff(&staff).completions(
        "e0,webb,2024-01-01,\ne1,webb,2024-01-01,\ne2,webb,2024-01-01,\ne3,webb,2024-01-01,\ne4,webb,2024-06-01,\ne6,webb,2023-06-01,",
    );
    let out = forecast(&k, "2024-06-15", &["--months", "12"]);
    let new_staff: Vec<u64> = of(&out, "webb")
        .iter()
        .map(|l| l.split(',').nth(6).unwrap().parse().unwrap())
        .collect();
    // S = 5: starts per month 0,1,0,1,0,1,0,0,1,... shifted by three months.
    assert_eq!(new_staff, [0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1]);
}

#[test]
fn forecast_one_row_per_month_and_course_anyone_in_scope_is_required_to_take() {
    let k =
        Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,2020-01-01\ne2,,Avd 2,chef,enhet,2020-01-01");
    let out = forecast(&k, "2024-06-15", &["--months", "1", "--unit", "Avd 1"]);
    assert_eq!(out, csv("2024-06,webb,1,0,0,0,0,1"));
    let out = forecast(&k, "2024-06-15", &["--months", "1"]);
    assert_eq!(
        out,
        csv("2024-06,webb,2,0,0,0,0,2
             2024-06,chef25,1,0,0,0,0,1")
    );
    // --course by code.
    let out = forecast(&k, "2024-06-15", &["--months", "1", "--course", "w-old"]);
    assert_eq!(out, csv("2024-06,webb,2,0,0,0,0,2"));
}

#[test]
fn forecast_months_must_be_a_whole_number_from_1_to_120() {
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,2020-01-01");
    for bad in ["0", "121", "x", "-1", "2.5"] {
        let run = k.run(&["forecast", &format!("--months={bad}")]);
        assert!(
            run.error()
                .contains("is no number of months, expected a whole number from 1 to 120"),
            "{}",
            run.stderr
        );
    }
}
