//! `kvu person ID` (docs/contract.md, "kvu person ID"): every course the plan requires of one person,
//! met and exempt included, with the latest satisfying completion and when it lapses.

use crate::support::{Kvu, dedent};

const HEADER: &str = "employee_id,name,unit,role,level,course,state,due,completed,valid_until\n";

fn person(k: &Kvu, id: &str) -> String {
    k.run(&["person", id, "--format", "csv", "--as-of", "2025-06-30"])
        .ok()
        .to_string()
}

fn csv(rows: &str) -> String {
    format!("{HEADER}{}", dedent(rows))
}

#[test]
fn person_one_row_per_required_course_in_plan_order_met_and_exempt_included() {
    let k = Kvu::new()
        .staff(
            "e1,Eva,Avd 1,medarbetare,enhet,2020-01-01
             e3,Ebba,Avd 2,vu,forvaltning,2025-03-01",
        )
        .completions("e3,webb,2025-03-10,\ne1,webb,2024-01-01,")
        .exemptions("e3,hp15,,studies abroad");
    assert_eq!(
        person(&k, "e3"),
        csv("e3,Ebba,Avd 2,vu,forvaltning,webb,met,,2025-03-10,
             e3,Ebba,Avd 2,vu,forvaltning,chef25,due,2026-03-01,,
             e3,Ebba,Avd 2,vu,forvaltning,hp15,exempt,,,")
    );
    // Someone the plan asks one course of, met long ago.
    assert_eq!(
        person(&k, " e1 "),
        csv("e1,Eva,Avd 1,medarbetare,enhet,webb,met,,2024-01-01,")
    );
}

#[test]
fn person_completed_is_the_latest_on_or_before_as_of_lapsed_or_not() {
    let k = Kvu::new()
        .plan_edit(
            "    due_months: 3\n",
            "    due_months: 3\n    valid_months: 12\n",
        )
        .staff("e1,Eva,Avd 1,medarbetare,enhet,2020-01-01")
        .completions("e1,webb,2022-05-01,\ne1,webb,2023-05-01,\ne1,webb,2025-07-01,");
    // The 2025-07-01 completion is after as-of; the latest before it lapsed on 2024-05-01.
    assert_eq!(
        person(&k, "e1"),
        csv("e1,Eva,Avd 1,medarbetare,enhet,webb,expired,2024-05-01,2023-05-01,2024-05-01")
    );
}

#[test]
fn person_on_a_tie_the_completion_valid_longest_and_its_valid_until() {
    // chef25 lapses after 24 months; hp15 (which satisfies it) after 36; both done the same day.
    let k = Kvu::new()
        .plan_edit(
            "    due_months: 12\n",
            "    due_months: 12\n    valid_months: 24\n",
        )
        .plan_edit("    hours: 400\n", "    hours: 400\n    valid_months: 36\n")
        .staff("e2,Erik,Avd 2,chef,enhet,2020-01-01")
        .completions("e2,chef25,2024-02-29,\ne2,hp15,2024-02-29,\ne2,webb,2024-01-10,");
    assert_eq!(
        person(&k, "e2"),
        csv("e2,Erik,Avd 2,chef,enhet,webb,met,,2024-01-10,
             e2,Erik,Avd 2,chef,enhet,chef25,met,,2024-02-29,2027-02-28")
    );
    // A course that never lapses is valid longest of all.
    let k = k.plan_edit("    valid_months: 36\n", "");
    assert_eq!(
        person(&k, "e2").lines().nth(2),
        Some("e2,Erik,Avd 2,chef,enhet,chef25,met,,2024-02-29,")
    );
}

#[test]
fn person_with_two_posts_one_row_per_course_the_earliest_due_speaking() {
    // The chef post started later (a later due date for webb) but adds chef25.
    let k = Kvu::new()
        .staff(
            "e1,Eva,Avd 1,medarbetare,enhet,2024-01-01
             e1,Eva,Avd 2,chef,enhet,2025-01-01",
        )
        .completions("");
    assert_eq!(
        person(&k, "e1"),
        csv("e1,Eva,Avd 1,medarbetare,enhet,webb,overdue,2024-04-01,,
             e1,Eva,Avd 2,chef,enhet,chef25,due,2026-01-01,,")
    );
}

#[test]
fn person_unknown_id_is_an_error_suggesting_close_ids() {
    let k = Kvu::new().staff(
        "100042,Eva,Avd 1,medarbetare,enhet,2020-01-01
         100043,Erik,Avd 2,chef,enhet,2020-01-01
         200001,Ebba,Avd 2,vu,forvaltning,2020-01-01",
    );
    assert_eq!(
        k.run(&["person", "10004"]).error(),
        "kvu: error: `10004` matches no one in the staff export, expected an employee id as the export writes it; did you mean `100042`, `100043`?"
    );
    // Someone only in the completion export (a leaver) is no one in the staff export.
    let k = k.completions("999999,webb,2024-01-01,\n100042,webb,2024-01-01,");
    assert_eq!(
        k.run(&["person", "999999"]).error(),
        "kvu: error: `999999` matches no one in the staff export, expected an employee id as the export writes it"
    );
}

#[test]
fn person_id_compares_as_id_format_says() {
    let k = Kvu::new().staff("00100042,Eva,Avd 1,medarbetare,enhet,2020-01-01");
    let out = k
        .run(&[
            "--id-format",
            "number",
            "person",
            "100042",
            "--format",
            "csv",
            "--as-of",
            "2025-06-30",
        ])
        .ok()
        .to_string();
    assert!(
        out.ends_with("100042,Eva,Avd 1,medarbetare,enhet,webb,overdue,2020-04-01,,\n"),
        "{out}"
    );
}

#[test]
fn person_in_every_format() {
    let k = Kvu::new()
        .staff("e1,Eva,Avd 1,medarbetare,enhet,2020-01-01")
        .completions("e1,webb,2024-01-01,");
    let json = k
        .run(&["person", "e1", "--format", "json", "--as-of", "2025-06-30"])
        .ok()
        .to_string();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value[0]["state"], "met");
    assert_eq!(value[0]["completed"], "2024-01-01");
    for format in ["table", "html"] {
        let out = k
            .run(&["person", "e1", "--format", format, "--as-of", "2025-06-30"])
            .ok()
            .to_string();
        assert!(
            out.contains("e1: 1 course required, 0 not met on 2025-06-30."),
            "{out}"
        );
    }
    k.run(&[
        "person",
        "e1",
        "--output",
        "p.xlsx",
        "--as-of",
        "2025-06-30",
    ])
    .ok();
    assert!(std::fs::metadata(k.path("p.xlsx")).unwrap().len() > 0);
    // The state in the reader's language; CSV keeps the contract's word.
    let sv = k
        .run(&["person", "e1", "--lang", "sv", "--as-of", "2025-06-30"])
        .ok()
        .to_string();
    assert!(sv.contains(" klar ") && sv.contains("Läge"), "{sv}");
}

#[test]
fn person_and_report_people_tables_head_their_columns_in_words() {
    let k = Kvu::new()
        .staff("e1,Eva,Avd 1,medarbetare,enhet,2020-01-01")
        .completions("e1,webb,2025-03-10,S1");
    let table = k
        .run(&["person", "e1", "--as-of", "2025-06-30"])
        .ok()
        .to_string();
    let head = table.lines().next().unwrap();
    for label in [
        "Employee",
        "Name",
        "Unit",
        "State",
        "Completed",
        "Valid until",
    ] {
        assert!(head.contains(label), "{label}: {head}");
    }
    assert!(!head.contains("employee_id"), "{head}");
    let sv = k
        .run(&["person", "e1", "--as-of", "2025-06-30", "--lang", "sv"])
        .ok()
        .to_string();
    assert!(
        sv.lines().next().unwrap().contains("Giltig till och med"),
        "{sv}"
    );
    let people = k
        .run(&[
            "report",
            "--year",
            "2025",
            "--people",
            "--as-of",
            "2025-06-30",
        ])
        .ok()
        .to_string();
    let head = people.lines().next().unwrap();
    for label in ["Employee", "Course", "Completed", "Session"] {
        assert!(head.contains(label), "{label}: {head}");
    }
}
