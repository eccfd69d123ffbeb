//! Names for people (SPEC.md, "Output"): in the table, xlsx, html and ics a unit is shown by its name
//! from the unit tree with its id beside it, and roles and levels by the plan's display names; CSV and
//! JSON keep the ids of their exact headers.

use calamine::{Data, Reader, open_workbook_auto};

use crate::support::{GAPS_HEADER, Kvu};

/// Two wards of one clinic, one with a name in the tree and one without; a person in each, and one
/// whose role the plan does not declare.
fn fixture() -> Kvu {
    Kvu::new()
        .units(
            "K,,Kirurgkliniken
             K-A1,K,Avdelning Ärlan
             K-B2,K,",
        )
        .staff(
            "e1,Eva Ek,K-A1,chef,forvaltning,2020-01-01
             e2,Per Ek,K-B2,vu,enhet,2020-01-01",
        )
}

/// A workbook's first sheet as rows of text.
fn first_sheet(path: &std::path::Path) -> Vec<Vec<String>> {
    let mut book = open_workbook_auto(path).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn names_first_in_the_table_with_the_unit_id_beside_for_gaps_and_priority() {
    let k = fixture();
    let gaps = k.at("2026-10-31", &["gaps"]).ok().to_string();
    let lines: Vec<&str> = gaps.lines().collect();
    assert!(
        lines[0].starts_with(" Unit              Unit id   Employee"),
        "{gaps}"
    );
    assert!(
        lines[2].starts_with(" Avdelning Ärlan   K-A1      e1         Eva Ek   Chef "),
        "{gaps}"
    );
    // A unit the tree gives no name: its id in both columns.
    assert!(
        gaps.contains("\n K-B2              K-B2      e2         Per Ek   Verksamhetsutvecklare "),
        "{gaps}"
    );
    let priority = k.at("2026-10-31", &["priority"]).ok().to_string();
    assert!(
        priority.contains(" Eva Ek   Avdelning Ärlan   K-A1      Chef "),
        "{priority}"
    );
    let by_unit = k
        .at("2026-10-31", &["priority", "--by", "unit"])
        .ok()
        .to_string();
    assert!(
        by_unit.starts_with(" Unit              Unit id   Tier 1")
            && by_unit.contains("\n Avdelning Ärlan   K-A1 "),
        "{by_unit}"
    );
}

#[test]
fn names_first_in_xlsx_with_a_narrow_id_column_beside_the_name() {
    let k = fixture();
    for (command, unit_at) in [(vec!["gaps"], 2), (vec!["priority"], 4)] {
        let mut args = command.clone();
        args.extend(["--output", "out.xlsx"]);
        k.at("2026-10-31", &args).ok();
        let rows = first_sheet(&k.path("out.xlsx"));
        assert_eq!(
            rows[0][unit_at..unit_at + 4],
            ["unit", "unit_id", "role", "level"],
            "{command:?}: {rows:?}"
        );
        for shown in [
            ["Avdelning Ärlan", "K-A1", "Chef", "Förvaltning"],
            // A unit the tree gives no name: its id in both columns.
            ["K-B2", "K-B2", "Verksamhetsutvecklare", "Enhet"],
        ] {
            assert!(
                rows.iter().any(|r| r[unit_at..unit_at + 4] == shown),
                "{command:?}: {rows:?}"
            );
        }
    }
    // In Swedish the id column is said too.
    k.at(
        "2026-10-31",
        &["--lang", "sv", "gaps", "--output", "sv.xlsx"],
    )
    .ok();
    assert_eq!(
        first_sheet(&k.path("sv.xlsx"))[0][2..4],
        ["Enhet", "Enhets-id"]
    );
}

#[test]
fn names_first_in_html_for_gaps_and_priority() {
    let k = fixture();
    for command in ["gaps", "priority"] {
        let page = k
            .at("2026-10-31", &[command, "--format", "html"])
            .ok()
            .to_string();
        assert!(page.contains("<th>Unit</th><th>Unit id</th>"), "{page}");
        assert!(
            page.contains("<td>Avdelning Ärlan</td><td class=\"w\">K-A1</td>"),
            "{page}"
        );
        assert!(page.contains("<td class=\"w\">Chef</td>"), "{page}");
    }
}

#[test]
fn names_csv_and_json_keep_the_ids_of_their_exact_headers() {
    let k = fixture();
    let csv = k
        .at("2026-10-31", &["gaps", "--format", "csv"])
        .ok()
        .to_string();
    assert!(csv.starts_with(GAPS_HEADER), "{csv}");
    assert!(
        csv.contains("\ne1,Eva Ek,K-A1,chef,forvaltning,webb,overdue,"),
        "{csv}"
    );
    assert!(!csv.contains("Ärlan") && !csv.contains("Chef"), "{csv}");
    let json = k
        .at("2026-10-31", &["priority", "--format", "json"])
        .ok()
        .to_string();
    assert!(
        json.contains("\"unit\": \"K-A1\"") && json.contains("\"role\": \"chef\""),
        "{json}"
    );
    assert!(
        !json.contains("Ärlan") && !json.contains("unit_id"),
        "{json}"
    );
}

#[test]
fn names_roles_and_levels_by_the_plans_display_names() {
    let k = fixture();
    let by_level = k
        .at("2026-10-31", &["report", "--year", "2026", "--by", "level"])
        .ok()
        .to_string();
    assert!(
        by_level.contains("\n Enhet ") && by_level.contains("\n Förvaltning "),
        "{by_level}"
    );
    assert!(!by_level.contains("forvaltning"), "{by_level}");
    let by_role = k
        .at("2026-10-31", &["report", "--year", "2026", "--by", "role"])
        .ok()
        .to_string();
    assert!(
        by_role.contains("\n Chef ") && by_role.contains("\n Verksamhetsutvecklare "),
        "{by_role}"
    );
    // The CSV keeps the ids.
    let csv = k
        .at(
            "2026-10-31",
            &[
                "report", "--year", "2026", "--by", "role", "--format", "csv",
            ],
        )
        .ok()
        .to_string();
    assert!(
        csv.contains("\nchef,webb,") && csv.contains("\nvu,webb,"),
        "{csv}"
    );
}

#[test]
fn names_without_a_tree_show_the_unit_as_the_staff_export_writes_it() {
    let k = Kvu::new().staff("e1,Eva Ek,Avd 7,chef,forvaltning,2020-01-01");
    let gaps = k.at("2026-10-31", &["gaps"]).ok().to_string();
    assert!(gaps.starts_with(" Unit    Employee "), "{gaps}");
    assert!(
        gaps.contains("\n Avd 7   e1         Eva Ek   Chef "),
        "{gaps}"
    );
}

#[test]
fn names_in_the_calendar_say_each_attendees_unit_by_name_with_its_id() {
    let k = fixture().file("sessions.csv", "session,date,seats\nS1,2026-11-20,4\n");
    let ics = k
        .at(
            "2026-10-31",
            &[
                "--quiet",
                "cohorts",
                "--course",
                "chef25",
                "--sessions",
                "sessions.csv",
                "--format",
                "ics",
            ],
        )
        .ok()
        .replace("\r\n ", "");
    assert!(
        ics.contains("1. Eva Ek (e1)\\, Avdelning Ärlan (K-A1)\\n2. Per Ek (e2)\\, K-B2\r\n"),
        "{ics}"
    );
}
