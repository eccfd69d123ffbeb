//! `kvu diff --old-plan`: one test per rule of the contract's diff section. The old plan is the test
//! plan edited; `--plan` is the test plan.

use crate::support::{Kvu, PLAN, dedent};

const HEADER: &str = "employee_id,name,unit,role,level,course,before,after\n";
const SUMMARY: &str = "course,before,after,people\n";

fn diff(k: &Kvu, old: &str, more: &[&str]) -> String {
    std::fs::write(k.path("old.yaml"), old).unwrap();
    let mut args = vec![
        "diff",
        "--old-plan",
        "old.yaml",
        "--format",
        "csv",
        "--as-of",
        "2024-06-15",
    ];
    args.extend(more);
    k.run(&args).ok().to_string()
}

fn csv(header: &str, rows: &str) -> String {
    format!("{header}{}", dedent(rows))
}

fn staff() -> Kvu {
    Kvu::new()
        .staff(
            "e2,,Avd 2,chef,enhet,2020-01-01\ne1,,Avd 1,medarbetare,enhet,2020-01-01\ne3,,Avd 1,vu,enhet,2020-01-01",
        )
        .completions("e1,webb,2020-02-01,\ne2,webb,2021-01-01,\ne3,webb,2020-03-01,\ne3,hp15,2021-05-01,")
}

#[test]
fn diff_a_course_only_in_the_new_plan_was_not_required() {
    // The old plan has no hp15 (and vu needs only webb and chef25 there).
    let old = PLAN
        .replace(
            "  - id: hp15\n    name: KVU 15 hp\n    hours: 400\n    satisfies: [chef25]\n",
            "",
        )
        .replace("    forvaltning: [hp15]\n", "")
        .replace("\"*\": [webb, chef25, hp15]", "\"*\": [webb, chef25]");
    let k = staff();
    // Under the old plan e3's hp15 completion is no course at all, so chef25 was overdue too.
    assert_eq!(
        diff(&k, &old, &[]),
        csv(
            HEADER,
            "e3,,Avd 1,vu,enhet,chef25,overdue,met
             e3,,Avd 1,vu,enhet,hp15,not required,met"
        )
    );
    // The course only the new plan has can be chosen by --course.
    assert_eq!(
        diff(&k, &old, &["--summary", "--course", "hp15"]),
        csv(SUMMARY, "hp15,not required,met,1")
    );
}

#[test]
fn diff_a_course_only_in_the_old_plan_is_no_longer_required() {
    let old = PLAN
        .replace(
            "matrix:",
            "  - { id: etik, name: Etik, codes: [ETIK-1] }\nmatrix:",
        )
        .replace("\"*\": [webb]\n", "\"*\": [webb, etik]\n");
    let k = staff();
    assert_eq!(
        diff(&k, &old, &[]),
        csv(
            HEADER,
            "e1,,Avd 1,medarbetare,enhet,etik,overdue,not required"
        )
    );
    // --course naming a course only the old plan has (by its code).
    assert_eq!(
        diff(&k, &old, &["--summary", "--course", "etik-1"]),
        csv(SUMMARY, "etik,overdue,not required,1")
    );
}

#[test]
fn diff_a_code_moved_from_one_course_to_another() {
    // In the old plan the code W-OLD meant chef25, so e2's W-OLD completion met chef25, not webb.
    let old = PLAN.replace("    codes: [W-OLD]\n", "").replace(
        "    due_months: 12\n",
        "    due_months: 12\n    codes: [W-OLD]\n",
    );
    let k = Kvu::new()
        .staff("e2,,Avd 2,chef,enhet,2020-01-01")
        .completions("e2,w-old,2021-01-01,");
    assert_eq!(
        diff(&k, &old, &[]),
        csv(
            HEADER,
            "e2,,Avd 2,chef,enhet,webb,overdue,met
             e2,,Avd 2,chef,enhet,chef25,met,overdue"
        )
    );
}

#[test]
fn diff_valid_months_introduced_makes_met_expired() {
    let new = PLAN.replace(
        "    codes: [W-OLD]\n",
        "    codes: [W-OLD]\n    valid_months: 24\n",
    );
    let k = staff().plan_edit(PLAN, &new);
    let out = diff(&k, PLAN, &["--course", "webb"]);
    assert_eq!(
        out,
        csv(
            HEADER,
            "e1,,Avd 1,medarbetare,enhet,webb,met,expired
             e3,,Avd 1,vu,enhet,webb,met,expired
             e2,,Avd 2,chef,enhet,webb,met,expired"
        )
    );
}

#[test]
fn diff_a_role_undeclared_in_one_plan_requires_nothing_there() {
    // The old plan has no role vu: e3 was required nothing.
    let old = PLAN
        .replace("  vu: Verksamhetsutvecklare\n", "")
        .replace("  vu:\n    \"*\": [webb, chef25, hp15]\n", "")
        .replace("  - { role: vu }\n", "");
    let out = diff(&staff(), &old, &["--summary"]);
    assert_eq!(
        out,
        csv(
            SUMMARY,
            "webb,not required,met,1
             webb,met,met,2
             chef25,not required,met,1
             chef25,overdue,overdue,1
             hp15,not required,met,1"
        )
    );
}

#[test]
fn diff_rows_are_ordered_by_unit_employee_then_course_place() {
    let old = PLAN.replace("due_months: 3", "due_months: 3\n    valid_months: 1");
    let k = staff();
    let out = diff(&k, &old, &[]);
    let keys: Vec<String> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(6).collect::<Vec<_>>().join(","))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_by_key(|k| {
        let f: Vec<&str> = k.split(',').collect();
        (f[2].to_string(), f[0].to_string())
    });
    assert_eq!(keys, sorted);
    assert_eq!(keys.len(), 3, "{out}");
}

#[test]
fn diff_summary_counts_unchanged_pairs_and_never_not_required_twice() {
    let out = diff(&staff(), PLAN, &["--summary"]);
    assert_eq!(
        out,
        csv(
            SUMMARY,
            "webb,met,met,3
             chef25,met,met,1
             chef25,overdue,overdue,1
             hp15,met,met,1"
        )
    );
}

#[test]
fn diff_an_error_in_the_old_plan_names_its_file() {
    let k = staff();
    std::fs::write(k.path("old.yaml"), PLAN.replace("hours: 2\n", "hours: x\n")).unwrap();
    let run = k.run(&["diff", "--old-plan", "old.yaml", "--as-of", "2024-06-15"]);
    assert!(
        run.error().starts_with("kvu: error: old.yaml:"),
        "{}",
        run.stderr
    );
    let run = k.run(&["diff", "--old-plan", "old.yaml", "--course", "nope"]);
    assert_eq!(run.code, 2);
}
