//! `kvu gaps` and `gaps --summary`: one test per rule of the contract's (docs/contract.md) "What a requirement's state is" and
//! of the gaps command.

use crate::support::{GAPS_HEADER, Kvu, Run, SUMMARY_HEADER, dedent};

/// `gaps --format csv` on a date; the run must be clean (exit 0, nothing on stderr).
fn gaps(k: &Kvu, as_of: &str, more: &[&str]) -> String {
    let mut args = vec!["gaps", "--format", "csv", "--as-of", as_of];
    args.extend(more);
    k.run(&args).ok().to_string()
}

fn csv(rows: &str) -> String {
    format!("{GAPS_HEADER}{}", dedent(rows))
}

fn summary(rows: &str) -> String {
    format!("{SUMMARY_HEADER}{}", dedent(rows))
}

#[test]
fn month_arithmetic_clamps_to_the_last_day_of_the_month() {
    let k = Kvu::new().staff("e1,Åsa Öberg,Avd 1,medarbetare,enhet,2023-11-30");
    assert_eq!(
        gaps(&k, "2024-02-29", &[]),
        csv("e1,Åsa Öberg,Avd 1,medarbetare,enhet,webb,due,2024-02-29")
    );
    assert_eq!(
        gaps(&k, "2024-03-01", &[]),
        csv("e1,Åsa Öberg,Avd 1,medarbetare,enhet,webb,overdue,2024-02-29")
    );
}

#[test]
fn satisfies_is_transitive() {
    let k = Kvu::new()
        .plan_edit(
            "matrix:",
            "  - { id: master, name: Master, satisfies: [hp15] }\nmatrix:",
        )
        .staff("e1,,Avd 1,vu,enhet,2024-01-01")
        .completions("e1,master,2024-02-01,");
    assert_eq!(
        gaps(&k, "2024-06-01", &[]),
        csv("e1,,Avd 1,vu,enhet,webb,overdue,2024-04-01")
    );
}

#[test]
fn satisfies_cycles_make_courses_equivalent() {
    let k = Kvu::new()
        .plan_edit(
            "    due_months: 12\n",
            "    due_months: 12\n    satisfies: [hp15]\n",
        )
        .staff("e1,,Avd 1,vu,enhet,2024-01-01")
        .completions("e1,webb,2024-01-05,\ne1,chef25,2024-02-01,");
    assert_eq!(gaps(&k, "2024-06-01", &[]), csv(""));
}

#[test]
fn a_satisfying_completion_does_not_count_backwards() {
    // chef25 does not satisfy hp15: a forvaltning manager with only chef25 still lacks hp15.
    let k = Kvu::new()
        .staff("e1,,F1,chef,forvaltning,2024-01-01")
        .completions("e1,webb,2024-01-05,\ne1,chef25,2024-02-01,");
    assert_eq!(
        gaps(&k, "2024-06-01", &[]),
        csv("e1,,F1,chef,forvaltning,hp15,overdue,2024-01-01")
    );
}

#[test]
fn a_completion_is_valid_through_its_date_plus_valid_months_inclusive() {
    let k = Kvu::new()
        .plan_edit(
            "    codes: [W-OLD]\n",
            "    codes: [W-OLD]\n    valid_months: 12\n",
        )
        .staff("e1,,Avd 1,medarbetare,enhet,2020-01-01")
        .completions("e1,webb,2022-03-10,\ne1,webb,2023-01-15,");
    assert_eq!(gaps(&k, "2024-01-15", &[]), csv(""));
    // Every completion has lapsed: expired, with the latest lapse date.
    assert_eq!(
        gaps(&k, "2024-01-16", &[]),
        csv("e1,,Avd 1,medarbetare,enhet,webb,expired,2024-01-15")
    );
}

#[test]
fn lapse_follows_the_course_taken() {
    let k = Kvu::new()
        .plan_edit(
            "    satisfies: [chef25]\n",
            "    satisfies: [chef25]\n    valid_months: 24\n",
        )
        .staff("e1,,Avd 1,chef,enhet,2020-01-01")
        .completions("e1,webb,2020-02-01,\ne1,hp15,2021-05-31,");
    assert_eq!(gaps(&k, "2023-05-31", &[]), csv(""));
    assert_eq!(
        gaps(&k, "2023-06-01", &[]),
        csv("e1,,Avd 1,chef,enhet,chef25,expired,2023-05-31")
    );
    // A completion of chef25 itself has no valid_months and never lapses.
    let k = k.completions("e1,webb,2020-02-01,\ne1,hp15,2021-05-31,\ne1,chef25,2019-01-01,");
    assert_eq!(gaps(&k, "2030-01-01", &[]), csv(""));
}

#[test]
fn exemption_holds_until_its_date_inclusive() {
    let k = Kvu::new()
        .staff("e1,,Avd 1,medarbetare,enhet,2020-01-01")
        .exemptions("e1,W-OLD,2024-06-30,Föräldraledig");
    assert_eq!(gaps(&k, "2024-06-30", &[]), csv(""));
    assert_eq!(
        gaps(&k, "2024-07-01", &[]),
        csv("e1,,Avd 1,medarbetare,enhet,webb,overdue,2020-04-01")
    );
    let k = k.exemptions("e1,webb,,Motsvarande utbildning");
    assert_eq!(gaps(&k, "2099-01-01", &[]), csv(""));
}

#[test]
fn exempt_is_no_gap_even_when_a_completion_has_lapsed() {
    let k = Kvu::new()
        .plan_edit(
            "    codes: [W-OLD]\n",
            "    codes: [W-OLD]\n    valid_months: 12\n",
        )
        .staff("e1,,Avd 1,medarbetare,enhet,2020-01-01")
        .completions("e1,webb,2021-01-01,")
        .exemptions("e1,webb,,");
    assert_eq!(gaps(&k, "2024-01-01", &[]), csv(""));
    assert_eq!(
        gaps(&k, "2024-01-01", &["--summary"]),
        summary("Avd 1,webb,1,0,1,0,0,0")
    );
}

#[test]
fn summary_met_wins_over_exempt() {
    let k = Kvu::new()
        .staff("e1,,Avd 1,medarbetare,enhet,2020-01-01\ne2,,Avd 1,medarbetare,enhet,2020-01-01")
        .completions("e1,webb,2020-02-01,")
        .exemptions("e1,webb,,\ne2,webb,,");
    assert_eq!(
        gaps(&k, "2024-01-01", &["--summary"]),
        summary("Avd 1,webb,2,1,1,0,0,0")
    );
}

#[test]
fn two_posts_one_state_and_the_earliest_due_assignment_speaks() {
    let k = Kvu::new().staff(
        "e1,Eva Ek,Avd 1,medarbetare,enhet,2024-01-10
         e1,Eva Ek,Avd 2,chef,enhet,2023-06-01",
    );
    assert_eq!(
        gaps(&k, "2024-03-01", &[]),
        csv("e1,Eva Ek,Avd 2,chef,enhet,webb,overdue,2023-09-01
             e1,Eva Ek,Avd 2,chef,enhet,chef25,due,2024-06-01")
    );
    // The summary counts the person in each unit where an assignment requires the course.
    assert_eq!(
        gaps(&k, "2024-03-01", &["--summary"]),
        summary(
            "Avd 1,webb,1,0,0,1,0,0
                 Avd 2,webb,1,0,0,1,0,0
                 Avd 2,chef25,1,0,0,0,1,0"
        )
    );
}

#[test]
fn the_speakers_due_date_decides_overdue_or_due() {
    // Avd 1's due date is earlier (2024-04-10), so it speaks: overdue on 2024-05-01 even though the
    // other post would still be due.
    let k = Kvu::new().staff(
        "e1,,Avd 2,medarbetare,enhet,2024-03-01
         e1,,Avd 1,medarbetare,enhet,2024-01-10",
    );
    assert_eq!(
        gaps(&k, "2024-05-01", &[]),
        csv("e1,,Avd 1,medarbetare,enhet,webb,overdue,2024-04-10")
    );
}

#[test]
fn an_empty_due_date_is_earliest_and_ties_go_to_the_earlier_row() {
    let k = Kvu::new().staff(
        "e1,,Avd 1,medarbetare,enhet,2020-01-01
         e1,,Avd 2,medarbetare,enhet,",
    );
    assert_eq!(
        gaps(&k, "2024-01-01", &[]),
        csv("e1,,Avd 2,medarbetare,enhet,webb,overdue,")
    );
    let k = k.staff(
        "e1,,Avd 2,medarbetare,enhet,2020-01-01
         e1,,Avd 1,medarbetare,enhet,2020-01-01",
    );
    assert_eq!(
        gaps(&k, "2024-01-01", &[]),
        csv("e1,,Avd 2,medarbetare,enhet,webb,overdue,2020-04-01")
    );
}

#[test]
fn due_date_is_the_later_of_start_date_and_starts_plus_due_months() {
    let k = Kvu::new()
        .plan_edit(
            "organisation: Testregionen\n",
            "organisation: Testregionen\nstarts: 2024-01-01\n",
        )
        .staff(
            "e1,,Avd 1,medarbetare,enhet,
         e2,,Avd 1,medarbetare,enhet,2023-05-01
         e3,,Avd 1,medarbetare,enhet,2024-02-15",
        );
    assert_eq!(
        gaps(&k, "2024-04-02", &[]),
        csv("e1,,Avd 1,medarbetare,enhet,webb,overdue,2024-04-01
             e2,,Avd 1,medarbetare,enhet,webb,overdue,2024-04-01
             e3,,Avd 1,medarbetare,enhet,webb,due,2024-05-15")
    );
}

#[test]
fn an_empty_start_date_without_starts_has_no_grace() {
    let k = Kvu::new().staff("e1,,Avd 1,medarbetare,enhet,");
    assert_eq!(
        gaps(&k, "2024-01-01", &[]),
        csv("e1,,Avd 1,medarbetare,enhet,webb,overdue,")
    );
}

#[test]
fn an_undeclared_role_requires_nothing_with_a_warning() {
    let k =
        Kvu::new().staff("e1,,Avd 1,läkare,enhet,2020-01-01\ne2,,Avd 1,läkare,enhet,2020-01-01");
    let run = k.run(&["gaps", "--format", "csv", "--as-of", "2024-01-01"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, GAPS_HEADER);
    assert_eq!(
        run.stderr,
        "kvu: warning: staff.csv:2: role `läkare` is not declared in the plan (2 rows, the first here); it requires nothing\n"
    );
}

#[test]
fn an_undeclared_level_gets_only_star_and_prints_as_written() {
    let k = Kvu::new().staff("e1,,F1,chef, Sektion ,2024-01-01");
    let run = k.run(&["gaps", "--format", "csv", "--as-of", "2024-02-01"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        csv("e1,,F1,chef,Sektion,webb,due,2024-04-01
             e1,,F1,chef,Sektion,chef25,due,2025-01-01")
    );
    assert_eq!(
        run.stderr,
        "kvu: warning: staff.csv:2: level `Sektion` is not declared in the plan (1 row, the first here); it gets only what \"*\" requires\n"
    );
}

#[test]
fn an_empty_level_gets_only_star() {
    let k = Kvu::new().staff("e1,,F1,chef,,2024-01-01");
    assert_eq!(
        gaps(&k, "2024-02-01", &[]),
        csv("e1,,F1,chef,,webb,due,2024-04-01
             e1,,F1,chef,,chef25,due,2025-01-01")
    );
}

#[test]
fn ids_and_codes_match_case_insensitively_after_trimming() {
    let k = Kvu::new()
        .staff("e1,,Avd 1, CHEF ,Enhet,2024-01-01")
        .completions("e1, w-old ,2024-01-05,\ne1,CHEF25,2024-02-01,");
    assert_eq!(gaps(&k, "2024-06-01", &[]), csv(""));
    let k = k.completions("e1,W-OLD,2024-01-05,");
    assert_eq!(
        gaps(&k, "2024-06-01", &[]),
        csv("e1,,Avd 1,chef,enhet,chef25,due,2025-01-01")
    );
}

#[test]
fn a_completion_date_time_counts_its_date() {
    let k = Kvu::new()
        .staff("e1,,Avd 1,medarbetare,enhet,2024-01-01")
        .completions("e1,webb,2024-03-05T23:30:00Z,");
    assert_eq!(gaps(&k, "2024-03-05", &[]), csv(""));
    let k = k.completions("e1,webb,2024-03-06 00:10,");
    assert_eq!(
        gaps(&k, "2024-03-05", &[]),
        csv("e1,,Avd 1,medarbetare,enhet,webb,due,2024-04-01")
    );
}

#[test]
fn completions_after_as_of_do_not_exist_yet() {
    let k = Kvu::new()
        .staff("e1,,Avd 1,medarbetare,enhet,2024-01-01")
        .completions("e1,webb,2024-05-01,");
    assert_eq!(
        gaps(&k, "2024-04-30", &[]),
        csv("e1,,Avd 1,medarbetare,enhet,webb,overdue,2024-04-01")
    );
    assert_eq!(gaps(&k, "2024-05-01", &[]), csv(""));
}

const TREE: &str = "R,,Regionen
                    A,R,Förvaltning A
                    A1,A,Avdelning A1
                    A2,A,Avdelning A2
                    B,R,Förvaltning B";

fn tree_case() -> Kvu {
    Kvu::new().units(TREE).staff(
        "e1,,A,chef,forvaltning,
         e2,,A1,medarbetare,enhet,
         e3,,A2,medarbetare,enhet,
         e4,,B,medarbetare,enhet,",
    )
}

#[test]
fn unit_with_a_tree_takes_in_the_units_below() {
    let k = tree_case();
    let expect = csv("e1,,A,chef,forvaltning,webb,overdue,
                      e1,,A,chef,forvaltning,chef25,overdue,
                      e1,,A,chef,forvaltning,hp15,overdue,
                      e2,,A1,medarbetare,enhet,webb,overdue,
                      e3,,A2,medarbetare,enhet,webb,overdue,");
    assert_eq!(gaps(&k, "2024-01-01", &["--unit", "A"]), expect);
    // By name, case-insensitively, after trimming.
    assert_eq!(
        gaps(&k, "2024-01-01", &["--unit", " förvaltning a "]),
        expect
    );
    assert_eq!(
        gaps(&k, "2024-01-01", &["--unit", "A1"]),
        csv("e2,,A1,medarbetare,enhet,webb,overdue,")
    );
}

#[test]
fn unit_with_a_tree_listed_children_first_takes_in_its_subtree_rows_in_file_order() {
    // Sub-units before their parents in the tree file, a unit's rows spread over the staff export,
    // and a person on two posts: the scope is the rows at or below the unit, in the contract's order.
    let k = Kvu::new()
        .units(
            "A1,A,Avdelning A1
             B,R,Förvaltning B
             A,R,Förvaltning A
             R,,Regionen
             A2,A,Avdelning A2",
        )
        .staff(
            "e3,,A2,medarbetare,enhet,
             e4,,B,medarbetare,enhet,
             e2,,A1,medarbetare,enhet,
             e1,,A,chef,forvaltning,
             e4,,A1,medarbetare,enhet,",
        );
    assert_eq!(
        gaps(&k, "2024-01-01", &["--unit", "A"]),
        csv("e1,,A,chef,forvaltning,webb,overdue,
             e1,,A,chef,forvaltning,chef25,overdue,
             e1,,A,chef,forvaltning,hp15,overdue,
             e2,,A1,medarbetare,enhet,webb,overdue,
             e4,,A1,medarbetare,enhet,webb,overdue,
             e3,,A2,medarbetare,enhet,webb,overdue,")
    );
    assert_eq!(
        gaps(&k, "2024-01-01", &["--unit", "B"]),
        csv("e4,,B,medarbetare,enhet,webb,overdue,")
    );
    // Everyone under the root: e4 once (one requirement, two posts), so the header and six gaps.
    assert_eq!(gaps(&k, "2024-01-01", &["--unit", "R"]).lines().count(), 7);
}

#[test]
fn unit_without_a_tree_matches_the_staff_unit_exactly_ignoring_case() {
    let k = Kvu::new().staff(
        "e1,,Avd 1,medarbetare,enhet,
         e2,,Avd 10,medarbetare,enhet,",
    );
    assert_eq!(
        gaps(&k, "2024-01-01", &["--unit", "avd 1"]),
        csv("e1,,Avd 1,medarbetare,enhet,webb,overdue,")
    );
}

#[test]
fn unit_and_role_choose_which_assignments_count() {
    let k = Kvu::new().staff(
        "e1,,Avd 2,chef,enhet,2020-01-01
         e1,,Avd 1,medarbetare,enhet,2024-01-01",
    );
    // Without scope the chef post speaks (earlier due); with --role or --unit only the other counts.
    assert_eq!(
        gaps(&k, "2024-03-01", &[]),
        csv("e1,,Avd 2,chef,enhet,webb,overdue,2020-04-01
             e1,,Avd 2,chef,enhet,chef25,overdue,2021-01-01")
    );
    let expect = csv("e1,,Avd 1,medarbetare,enhet,webb,due,2024-04-01");
    assert_eq!(gaps(&k, "2024-03-01", &["--role", "Medarbetare"]), expect);
    assert_eq!(gaps(&k, "2024-03-01", &["--unit", "Avd 1"]), expect);
}

#[test]
fn course_and_status_filter_the_rows() {
    let k = Kvu::new().staff(
        "e1,,Avd 1,chef,enhet,2023-06-01
         e2,,Avd 1,medarbetare,enhet,2024-01-01",
    );
    assert_eq!(
        gaps(&k, "2024-03-01", &[]),
        csv("e1,,Avd 1,chef,enhet,webb,overdue,2023-09-01
             e1,,Avd 1,chef,enhet,chef25,due,2024-06-01
             e2,,Avd 1,medarbetare,enhet,webb,due,2024-04-01")
    );
    assert_eq!(
        gaps(&k, "2024-03-01", &["--course", "W-OLD"]),
        csv("e1,,Avd 1,chef,enhet,webb,overdue,2023-09-01
             e2,,Avd 1,medarbetare,enhet,webb,due,2024-04-01")
    );
    assert_eq!(
        gaps(&k, "2024-03-01", &["--status", "due"]),
        csv("e1,,Avd 1,chef,enhet,chef25,due,2024-06-01
             e2,,Avd 1,medarbetare,enhet,webb,due,2024-04-01")
    );
    assert_eq!(
        gaps(
            &k,
            "2024-03-01",
            &["--status", "overdue,expired", "--course", "webb"]
        ),
        csv("e1,,Avd 1,chef,enhet,webb,overdue,2023-09-01")
    );
}

#[test]
fn rows_are_ordered_by_unit_then_employee_then_plan_order_by_code_point() {
    let k = Kvu::new().staff(
        "e9,,Öron,medarbetare,enhet,
         e3,,avd,medarbetare,enhet,
         e10,,Zeta,medarbetare,enhet,
         e9,,Zeta,vu,enhet,
         e2,,Avd,medarbetare,enhet,",
    );
    // e9's web course: both posts have no due date, so the earlier row (Öron) speaks.
    assert_eq!(
        gaps(&k, "2024-01-01", &[]),
        csv("e2,,Avd,medarbetare,enhet,webb,overdue,
             e10,,Zeta,medarbetare,enhet,webb,overdue,
             e9,,Zeta,vu,enhet,chef25,overdue,
             e9,,Zeta,vu,enhet,hp15,overdue,
             e3,,avd,medarbetare,enhet,webb,overdue,
             e9,,Öron,medarbetare,enhet,webb,overdue,")
    );
}

#[test]
fn summary_counts_each_person_once_per_unit_and_course() {
    let k = Kvu::new()
        .plan_edit(
            "    codes: [W-OLD]\n",
            "    codes: [W-OLD]\n    valid_months: 12\n",
        )
        .staff(
            "e1,,Avd 1,medarbetare,enhet,2020-01-01
             e1,,Avd 1,medarbetare,enhet,2021-01-01
             e2,,Avd 1,chef,enhet,2024-01-01
             e3,,Avd 1,medarbetare,enhet,2020-01-01
             e4,,Avd 2,medarbetare,enhet,2020-01-01
             e5,,Avd 2,medarbetare,enhet,2020-01-01",
        )
        .completions("e3,webb,2023-12-01,\ne4,webb,2020-01-01,")
        .exemptions("e5,webb,,");
    assert_eq!(
        gaps(&k, "2024-02-01", &["--summary"]),
        summary(
            "Avd 1,webb,3,1,0,1,1,0
                 Avd 1,chef25,1,0,0,0,1,0
                 Avd 2,webb,2,0,1,0,0,1"
        )
    );
    assert_eq!(
        gaps(&k, "2024-02-01", &["--summary", "--course", "chef25"]),
        summary("Avd 1,chef25,1,0,0,0,1,0")
    );
}

#[test]
fn summary_takes_units_that_differ_only_in_case_as_one() {
    let k = Kvu::new().staff(
        "e1,,Avd 1,medarbetare,enhet,
         e2,, AVD 1 ,medarbetare,enhet,",
    );
    assert_eq!(
        gaps(&k, "2024-01-01", &["--summary"]),
        summary("Avd 1,webb,2,0,0,2,0,0")
    );
    // Gap rows print each speaker's unit as written.
    assert_eq!(
        gaps(&k, "2024-01-01", &[]),
        csv("e2,,AVD 1,medarbetare,enhet,webb,overdue,
             e1,,Avd 1,medarbetare,enhet,webb,overdue,")
    );
}

#[test]
fn crlf_line_ends_quotes_and_a_byte_order_mark_are_read() {
    let k = Kvu::new()
        .file("staff.csv", "\u{feff}employee_id,name,unit,role,level,start_date\r\ne1,\"Öberg, Åsa\",Avd 1,medarbetare,enhet,2024-01-01\r\n")
        .file("completions.csv", "\u{feff}employee_id,course,completed,session\r\ne1,webb,2024-01-05,\r\n\r\n,,,\r\n");
    assert_eq!(gaps(&k, "2024-06-01", &[]), csv(""));
    let k = k.file(
        "completions.csv",
        "employee_id,course,completed,session\r\n",
    );
    assert_eq!(
        gaps(&k, "2024-06-01", &[]),
        csv("e1,\"Öberg, Åsa\",Avd 1,medarbetare,enhet,webb,overdue,2024-04-01")
    );
}

#[test]
fn check_exits_1_when_an_overdue_or_expired_gap_is_listed() {
    let k = Kvu::new().staff(
        "e1,,Avd 1,medarbetare,enhet,2023-01-01
         e2,,Avd 2,medarbetare,enhet,2024-01-01",
    );
    let run = k.run(&[
        "gaps",
        "--check",
        "--format",
        "csv",
        "--as-of",
        "2024-02-01",
    ]);
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    assert_eq!(
        run.stdout,
        csv(
            "e1,,Avd 1,medarbetare,enhet,webb,overdue,2023-04-01\ne2,,Avd 2,medarbetare,enhet,webb,due,2024-04-01"
        )
    );
    // Only what is listed counts.
    assert_eq!(
        k.run(&[
            "gaps",
            "--check",
            "--unit",
            "Avd 2",
            "--as-of",
            "2024-02-01"
        ])
        .code,
        0
    );
    assert_eq!(
        k.run(&[
            "gaps",
            "--check",
            "--status",
            "due",
            "--as-of",
            "2024-02-01"
        ])
        .code,
        0
    );
    assert_eq!(
        k.run(&["gaps", "--check", "--summary", "--as-of", "2024-02-01"])
            .code,
        1
    );
    assert_eq!(k.run(&["gaps", "--as-of", "2024-02-01"]).code, 0);
}

#[test]
fn json_is_an_array_of_objects_with_the_csv_keys() {
    let k = Kvu::new().staff("e1,Åsa,Avd 1,medarbetare,enhet,");
    let out = k.run(&["gaps", "--format", "json", "--as-of", "2024-01-01"]);
    let value: serde_json::Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(
        value,
        serde_json::json!([{
            "employee_id": "e1", "name": "Åsa", "unit": "Avd 1", "role": "medarbetare", "level": "enhet",
            "course": "webb", "status": "overdue", "due": null
        }])
    );
    let out = k.run(&[
        "gaps",
        "--summary",
        "--format",
        "json",
        "--as-of",
        "2024-01-01",
    ]);
    let value: serde_json::Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(
        value,
        serde_json::json!([{"unit": "Avd 1", "course": "webb", "required": 1, "met": 0, "exempt": 0, "overdue": 1, "due": 0, "expired": 0}])
    );
}

#[test]
fn duplicate_completions_are_one_completion() {
    let k = Kvu::new()
        .staff("e1,,Avd 1,medarbetare,enhet,2024-01-01")
        .completions("e1,webb,2024-01-05,\ne1,W-OLD,2024-01-05 10:00,\ne1,webb,2024-01-05,");
    assert_eq!(
        gaps(&k, "2024-06-01", &["--summary"]),
        summary("Avd 1,webb,1,1,0,0,0,0")
    );
}

#[test]
fn completions_outside_the_plan_give_one_summarising_warning_even_with_strict() {
    let k = Kvu::new()
        .staff("e1,,Avd 1,medarbetare,enhet,2024-01-01")
        .completions(
            "e1,HLR,2024-01-05,\ne1,BRAND,2024-01-05,\ne2,HLR,2023-01-01,\ne1,webb,2024-01-05,",
        );
    for strict in [false, true] {
        let mut args = vec!["gaps", "--format", "csv", "--as-of", "2024-06-01"];
        if strict {
            args.push("--strict");
        }
        let run = k.run(&args);
        assert_eq!(run.code, 0);
        assert_eq!(run.stdout, GAPS_HEADER);
        assert_eq!(
            run.stderr,
            "kvu: warning: completions.csv: 3 rows of 2 courses outside the plan left out: BRAND, HLR\n"
        );
    }
}

#[test]
fn completions_outside_the_plan_are_counted_and_plan_codes_found_among_hundreds_of_codes() {
    // Hundreds of codes in one block (the reader's table of codes grows): each counted, and the plan's
    // code in other spellings found among them.
    let mut rows = String::new();
    for round in 0..2 {
        for i in 0..300 {
            rows.push_str(&format!("e1,X{i:03},2024-01-0{},\n", round + 1));
            if i == 10 {
                rows.push_str("e1,webb,2024-01-05,\n");
            }
            if i == 250 && round == 1 {
                rows.push_str("e2,Webb,2024-01-05,\ne3,WEBB,2024-01-05,\n");
            }
        }
    }
    let run = four_in_avd_1_summary(&rows);
    assert_eq!(run.stdout, summary("Avd 1,webb,4,3,0,1,0,0"));
    assert_eq!(
        run.stderr,
        "kvu: warning: completions.csv: 600 rows of 300 courses outside the plan left out: X000, X001, \
         X002, X003, X004, X005, X006, X007, X008, X009, X010, X011, and 288 more\n"
    );
}

/// `gaps --summary` of four people in Avd 1 who must take the web course, with these completions.
fn four_in_avd_1_summary(completions: &str) -> Run {
    Kvu::new()
        .staff(
            "e1,,Avd 1,medarbetare,enhet,2024-01-01\ne2,,Avd 1,medarbetare,enhet,2024-01-01\n\
             e3,,Avd 1,medarbetare,enhet,2024-01-01\ne4,,Avd 1,medarbetare,enhet,2024-01-01",
        )
        .completions(completions.trim_end())
        .run(&[
            "gaps",
            "--summary",
            "--format",
            "csv",
            "--as-of",
            "2024-06-01",
        ])
}

#[test]
fn thousands_of_codes_outside_the_plan_across_blocks_are_counted_and_plan_codes_found() {
    // A file of several 1 MiB blocks (read on all cores), each with thousands of distinct codes, some
    // longer than 16 bytes that share their first and last eight bytes, some that differ in case
    // only, some with a no-break space at the end (read as trimmed text); the plan's code in other
    // spellings in every block.
    let mut rows = String::new();
    let mut expected: std::collections::BTreeMap<String, u64> = Default::default();
    let (mut i, mut line) = (0u64, 0u64);
    while rows.len() < 3_500_000 {
        let n = (i * 7919) % 6_000;
        let code = match n % 5 {
            0 => format!("K{n:05}"),
            1 => format!("ARBETSMI-{n:05}-GRUNDKURS"),
            2 => format!("ARBETSMI-{n}-GRUNDKURS"),
            3 => format!("hlr-{}-Webb", n - 3),
            _ => format!("HLR-{}-WEBB", n - 4),
        };
        let nbsp = if i % 997 == 0 { "\u{A0}" } else { "" };
        rows.push_str(&format!("e{},{code}{nbsp},2024-01-05,\n", i % 4 + 1));
        *expected.entry(code).or_default() += 1;
        line += 1;
        if i % 25_000 == 17 {
            // e1 `webb`, e2 `Webb`, e3 `WEBB`, in one block or another.
            let k = (i / 25_000) as usize % 3;
            rows.push_str(&format!(
                "e{},{},2024-01-05,\n",
                k + 1,
                ["webb", "Webb", "WEBB"][k]
            ));
            line += 1;
        }
        i += 1;
    }
    assert!(line > 100_017);
    let run = four_in_avd_1_summary(&rows);
    assert_eq!(run.stdout, summary("Avd 1,webb,4,3,0,1,0,0"));
    let shown: Vec<&str> = expected.keys().take(12).map(String::as_str).collect();
    assert_eq!(
        run.stderr,
        format!(
            "kvu: warning: completions.csv: {} rows of {} courses outside the plan left out: {}, and {} \
             more\n",
            i,
            expected.len(),
            shown.join(", "),
            expected.len() - 12
        )
    );
}

#[test]
fn gaps_of_a_big_staff_list_found_on_all_cores_keep_the_contracts_order() {
    // Enough people for the gaps to be found in runs of people on each core, then merged: ids,
    // units and file order all differ, so that every unit has gaps from every run.
    let n = 24_000;
    let mut staff = String::new();
    let mut expected = Vec::new();
    for i in 0..n {
        let id = format!("e{:05}", (i * 7919) % n);
        let unit = format!("Avd {}", (i * 31) % 300);
        staff.push_str(&format!("{id},,{unit},medarbetare,enhet,2024-01-01\n"));
        expected.push((unit, id));
    }
    expected.sort();
    let rows: Vec<String> = expected
        .iter()
        .map(|(unit, id)| format!("{id},,{unit},medarbetare,enhet,webb,overdue,2024-04-01"))
        .collect();
    let k = Kvu::new().staff(staff.trim_end());
    let run = k.run(&["gaps", "--format", "csv", "--as-of", "2024-06-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout == csv(&rows.join("\n")),
        "the gaps are not in the contract's order"
    );
}

#[test]
fn duplicate_staff_rows_are_a_warning_and_strict_makes_them_an_error() {
    let k = Kvu::new()
        .staff("e1,,Avd 1,medarbetare,enhet,2024-01-01\ne1,,Avd 1,medarbetare,enhet,2024-01-01");
    let run = k.run(&["gaps", "--format", "csv", "--as-of", "2024-02-01"]);
    assert_eq!(
        run.stdout,
        csv("e1,,Avd 1,medarbetare,enhet,webb,due,2024-04-01")
    );
    assert_eq!(
        run.stderr,
        "kvu: warning: staff.csv:3: duplicate row: employee e1 in unit Avd 1 as medarbetare repeats line 2\n"
    );
    let run = k.run(&["gaps", "--strict", "--as-of", "2024-02-01"]);
    assert_eq!(
        run.error(),
        "kvu: error: staff.csv:3: duplicate row: employee e1 in unit Avd 1 as medarbetare repeats line 2"
    );
}

#[test]
fn exemptions_for_unknown_people_or_courses_are_warnings() {
    let k = Kvu::new()
        .staff("e1,,Avd 1,medarbetare,enhet,2024-01-01")
        .completions("e1,webb,2024-01-15,")
        .exemptions("e7,webb,,\ne1,HLR,,");
    let run = k.run(&["gaps", "--format", "csv", "--as-of", "2024-02-01"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        "kvu: warning: exemptions.csv:2: exemption for employee e7, who is not in the staff export; it is ignored\n\
         kvu: warning: exemptions.csv:3: exemption for course `HLR`, which is no course or code of the plan; it is ignored\n"
    );
    assert_eq!(
        k.run(&["gaps", "--strict", "--as-of", "2024-02-01"])
            .error(),
        "kvu: error: exemptions.csv:2: exemption for employee e7, who is not in the staff export; it is ignored"
    );
}

#[test]
fn the_table_shows_who_what_and_how_late_with_a_summary_line() {
    let k = Kvu::new().units(TREE).staff(
        "e1,Åsa Öberg,A1,medarbetare,enhet,2023-06-01
         e2,Per Ek,A1,chef,enhet,2024-01-01",
    );
    let out = k
        .run(&["gaps", "--unit", "A", "--as-of", "2024-02-01"])
        .ok()
        .to_string();
    insta::assert_snapshot!(out, @r"
     Unit           Unit id   Employee   Name        Role          Course   Status    Due          How late
    ─────────────────────────────────────────────────────────────────────────────────────────────────────────────
     Avdelning A1   A1        e1         Åsa Öberg   Medarbetare   webb     overdue   2023-09-01   153 days late
     Avdelning A1   A1        e2         Per Ek      Chef          webb     due       2024-04-01   in 60 days
     Avdelning A1   A1        e2         Per Ek      Chef          chef25   due       2025-01-01   in 335 days
    3 gaps for 2 people in 1 unit (unit A and below): 1 overdue, 0 expired, 2 due, as of 2024-02-01.
    ");
}

#[test]
fn a_table_shows_at_most_two_thousand_rows_and_says_how_many_more() {
    let rows: String = (0..2100)
        .map(|i| format!("e{i:04},,Avd 1,medarbetare,enhet,\n"))
        .collect();
    let k = Kvu::new().staff(&rows);
    let out = k.run(&["gaps", "--as-of", "2024-01-01"]).ok().to_string();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2 + 2000 + 2);
    assert_eq!(
        lines[lines.len() - 2],
        "… and 100 more rows: --format csv (or json) lists them all."
    );
    assert!(
        lines[lines.len() - 1].starts_with("2100 gaps for 2100 people in 1 unit: 2100 overdue"),
        "{}",
        lines[lines.len() - 1]
    );
    // CSV lists them all.
    assert_eq!(
        k.run(&["gaps", "--format", "csv", "--as-of", "2024-01-01"])
            .ok()
            .lines()
            .count(),
        2101
    );
}

/// The web course lapses after 12 months in these tests of the renewal rule.
fn renewal_case() -> Kvu {
    Kvu::new().plan_edit(
        "    codes: [W-OLD]\n",
        "    codes: [W-OLD]\n    valid_months: 12\n",
    )
}

#[test]
fn renewal_a_newcomer_with_an_old_lapsed_completion_is_due_until_their_own_due_date() {
    // Hired 2026-07-30 (due 2026-10-30), web course taken elsewhere in 2021 (lapsed 2022-09-26).
    let k = renewal_case()
        .staff("n1,,Avd 1,medarbetare,enhet,2026-07-30\nold,,Avd 1,medarbetare,enhet,2020-01-01")
        .completions("n1,webb,2021-09-26,\nold,webb,2025-09-01,");
    assert_eq!(
        gaps(&k, "2026-10-01", &[]),
        csv(
            "n1,,Avd 1,medarbetare,enhet,webb,due,2026-10-30\nold,,Avd 1,medarbetare,enhet,webb,expired,2026-09-01"
        )
    );
    assert_eq!(
        gaps(&k, "2026-10-31", &["--status", "expired"]),
        csv(
            "n1,,Avd 1,medarbetare,enhet,webb,expired,2026-10-30\nold,,Avd 1,medarbetare,enhet,webb,expired,2026-09-01"
        )
    );
    // The newcomer no longer jumps the priority order ahead of someone really late.
    let out = k
        .run(&["priority", "--format", "csv", "--as-of", "2026-10-01"])
        .ok()
        .to_string();
    let order: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    assert_eq!(order, ["old", "n1"]);
}

#[test]
fn renewal_a_hire_next_month_with_a_lapsed_completion_is_due_not_backlog() {
    let k = renewal_case()
        .staff("n1,,Avd 1,medarbetare,enhet,2026-12-01")
        .completions("n1,webb,2019-01-01,");
    assert_eq!(
        gaps(&k, "2026-11-23", &["--summary"]),
        summary("Avd 1,webb,1,0,0,0,1,0")
    );
}

#[test]
fn renewal_two_posts_the_speaking_posts_due_date_decides() {
    // Two posts: the earlier-due one (2024-04-01) speaks, so the renewal deadline is the lapse date.
    let k = renewal_case()
        .staff("e1,,Avd 2,medarbetare,enhet,2026-06-01\ne1,,Avd 1,medarbetare,enhet,2024-01-01")
        .completions("e1,webb,2025-03-01,");
    assert_eq!(
        gaps(&k, "2026-03-02", &[]),
        csv("e1,,Avd 1,medarbetare,enhet,webb,expired,2026-03-01")
    );
}
