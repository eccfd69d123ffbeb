//! What managers and the board see (issue 32): workbooks that print on A4 and show what people act on
//! (days late, met % and totals, the year before), number formats Swedish Excel shows right, JSON's
//! empty values as `null`, and calendars in the run's language (SPEC.md, "Output").

use std::io::Read;

use calamine::{Data, Reader, open_workbook_auto};

use crate::support::Kvu;

/// Two people, one gap late since 2021-01-01, one since 2020-04-01; a 1.25-hour course taken twice
/// in 2020 (2.5 hours).
fn fixture() -> Kvu {
    Kvu::new()
        .plan_edit("hours: 2\n", "hours: 1.25\n")
        .staff(
            "00042,Åsa Öberg,Avd 7,chef,enhet,2020-01-01
             100,Per Berg,Avd 7,medarbetare,enhet,2020-01-01
             101,Bo Ek,Avd 8,medarbetare,enhet,2020-01-01",
        )
        .completions("101,webb,2020-02-01,S1\n00042,webb,2020-02-01,S1")
}

/// A part of a workbook (a zip), as text.
fn part(path: &std::path::Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The first sheet's rows.
fn first_sheet(path: &std::path::Path) -> Vec<Vec<Data>> {
    let mut book = open_workbook_auto(path).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    sheet.rows().map(<[Data]>::to_vec).collect()
}

fn strings(row: &[Data]) -> Vec<String> {
    row.iter().map(|c| c.to_string()).collect()
}

#[test]
fn xlsx_sheets_print_on_a4_fitted_to_one_page_wide_with_the_header_row_on_every_page() {
    let k = fixture();
    k.at("2024-01-01", &["--output", "gaps.xlsx", "gaps"]).ok();
    let path = k.path("gaps.xlsx");
    // The gaps sheet (9 columns) prints on its side, one page wide, any number of pages down.
    let sheet = part(&path, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{sheet}");
    let setup = sheet
        .split("<pageSetup ")
        .nth(1)
        .and_then(|s| s.split("/>").next())
        .unwrap_or_else(|| panic!("no pageSetup: {sheet}"));
    assert!(setup.contains(r#"paperSize="9""#), "A4: {setup}");
    assert!(setup.contains(r#"orientation="landscape""#), "{setup}");
    assert!(setup.contains(r#"fitToHeight="0""#), "{setup}");
    // fitToWidth is 1 where it is left out (its default in OOXML).
    assert!(
        !setup.contains("fitToWidth=") || setup.contains(r#"fitToWidth="1""#),
        "{setup}"
    );
    // The sheet's title in the page header, and the header row repeated on every printed page.
    assert!(
        sheet.contains("<oddHeader>&amp;CGaps</oddHeader>"),
        "{sheet}"
    );
    let book = part(&path, "xl/workbook.xml");
    assert!(
        book.contains(
            r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">Gaps!$1:$1</definedName>"#
        ),
        "{book}"
    );
    // The `kvu` sheet (3 columns) prints upright.
    let about = part(&path, "xl/worksheets/sheet2.xml");
    assert!(about.contains(r#"paperSize="9""#), "{about}");
    assert!(!about.contains("landscape"), "{about}");
    // Six narrow columns print upright; five as wide as the page (a long unit name) on their side.
    k.at(
        "2024-01-01",
        &["--output", "by.xlsx", "priority", "--by", "unit"],
    )
    .ok();
    let narrow = part(&k.path("by.xlsx"), "xl/worksheets/sheet1.xml");
    assert!(narrow.contains(r#"paperSize="9""#), "{narrow}");
    assert!(!narrow.contains("landscape"), "{narrow}");
    let long =
        "Vårdcentralen i en kommun med ett mycket långt namn och mottagningen för barn och unga";
    let k = fixture().units(&format!("Avd 7,,{long}\nAvd 8,,Avd 8"));
    k.at("2024-01-01", &["--output", "units.xlsx", "units"])
        .ok();
    let wide = part(&k.path("units.xlsx"), "xl/worksheets/sheet1.xml");
    assert!(wide.contains(r#"orientation="landscape""#), "{wide}");
}

#[test]
fn xlsx_hours_show_without_a_dangling_decimal_mark_and_months_are_dates_shown_yyyy_mm() {
    let k = fixture();
    let path = k.path("report.xlsx");
    k.at(
        "2024-01-01",
        &["--output", "report.xlsx", "report", "--year", "2020"],
    )
    .ok();
    // `0.##` shows `94,` for 94 in Swedish Excel: hours are `General` (`94`, `2,5`).
    let styles = part(&path, "xl/styles.xml");
    assert!(!styles.contains("0.##"), "{styles}");
    let rows = first_sheet(&path);
    assert_eq!(rows[1][5], Data::Float(2.5), "{:?}", rows[1]);
    let sheet = part(&path, "xl/worksheets/sheet1.xml");
    let hours_cell = sheet.split(r#"<c r="F2""#).nth(1).unwrap();
    let style = hours_cell
        .strip_prefix(r#" s=""#)
        .and_then(|s| s.split('"').next())
        .map_or(0, |s| s.parse::<usize>().unwrap());
    let xfs = styles.split("<cellXfs").nth(1).unwrap();
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    assert!(xf.contains(r#"numFmtId="0""#), "General: {xf}");
    // A forecast's month is a real date, shown `yyyy-mm`.
    let path = k.path("forecast.xlsx");
    k.at(
        "2024-01-01",
        &["--output", "forecast.xlsx", "forecast", "--months", "2"],
    )
    .ok();
    let rows = first_sheet(&path);
    let Data::DateTime(month) = &rows[1][0] else {
        panic!("a date cell, got {:?}", rows[1][0])
    };
    assert_eq!(month.as_f64(), 45292.0, "Excel's serial day of 2024-01-01");
    assert!(
        part(&path, "xl/styles.xml").contains(r#"formatCode="yyyy-mm""#),
        "the month's format"
    );
}

#[test]
fn xlsx_days_late_is_a_number_for_late_gaps_and_empty_otherwise_never_in_csv_or_json() {
    // Bo Ek's webb is met; a newcomer's is due (not late).
    let k = fixture().staff(
        "00042,Åsa Öberg,Avd 7,chef,enhet,2020-01-01
         100,Per Berg,Avd 7,medarbetare,enhet,2020-01-01
         102,Ny Person,Avd 8,medarbetare,enhet,2023-12-01",
    );
    k.at("2024-01-01", &["--output", "p.xlsx", "priority"]).ok();
    let rows = first_sheet(&k.path("p.xlsx"));
    let header = strings(&rows[0]);
    assert_eq!(header.last().unwrap(), "Days late");
    let late: Vec<(String, Data)> = rows[1..]
        .iter()
        .map(|r| (format!("{} {}", r[2], r[7]), r[10].clone()))
        .collect();
    assert_eq!(
        late,
        [
            ("00042 chef25".to_string(), Data::Float(1095.0)),
            ("100 webb".to_string(), Data::Float(1370.0)),
            ("102 webb".to_string(), Data::Empty),
        ]
    );
    let csv = k.at("2024-01-01", &["--format", "csv", "priority"]);
    assert!(
        csv.ok()
            .starts_with("rank,tier,employee_id,name,unit,role,level,course,status,due\n")
    );
    let json = k.at("2024-01-01", &["--format", "json", "priority"]);
    assert!(!json.ok().contains("days_late"), "{}", json.ok());
    // In Swedish, the heading is Swedish.
    k.at(
        "2024-01-01",
        &["--lang", "sv", "--output", "g.xlsx", "gaps"],
    )
    .ok();
    let rows = first_sheet(&k.path("g.xlsx"));
    assert_eq!(rows[0][8], Data::String("Dagar sent".into()));
}

#[test]
fn xlsx_gaps_summary_has_met_percent_and_a_total_row_per_course() {
    let k = fixture();
    k.at("2024-01-01", &["--output", "s.xlsx", "gaps", "--summary"])
        .ok();
    let rows = first_sheet(&k.path("s.xlsx"));
    assert_eq!(
        strings(&rows[0]),
        [
            "unit", "course", "required", "met", "exempt", "overdue", "due", "expired", "Met %"
        ]
    );
    let text: Vec<Vec<String>> = rows.iter().map(|r| strings(r)).collect();
    assert_eq!(
        text[1..],
        [
            ["Avd 7", "webb", "2", "1", "0", "1", "0", "0", "50"],
            ["Avd 7", "chef25", "1", "0", "0", "1", "0", "0", "0"],
            ["Avd 8", "webb", "1", "1", "0", "0", "0", "0", "100"],
            // Under the rows (and the filter): per course, each person once, met % = met / required.
            ["Total", "webb", "3", "2", "0", "1", "0", "0", "66.7"],
            ["Total", "chef25", "1", "0", "0", "1", "0", "0", "0"],
        ]
    );
    let sheet = part(&k.path("s.xlsx"), "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<autoFilter ref="A1:I4"/>"#), "{sheet}");
    // CSV stays the contract's.
    let csv = k.at("2024-01-01", &["--format", "csv", "gaps", "--summary"]);
    assert_eq!(csv.ok().lines().count(), 4);
    assert!(!csv.ok().contains("Total"));
}

#[test]
fn xlsx_report_shows_the_year_before_and_the_coverage_beside_as_the_table_does() {
    let k = fixture();
    for lang in ["en", "sv"] {
        k.at(
            "2024-01-01",
            &[
                "--lang", lang, "--output", "r.xlsx", "report", "--year", "2021",
            ],
        )
        .ok();
        let rows = first_sheet(&k.path("r.xlsx"));
        let header = strings(&rows[0]);
        let expected: &[&str] = if lang == "en" {
            &[
                "Participants 2020",
                "Completions 2020",
                "Sessions 2020",
                "Hours 2020",
                "Required 2021-12-31",
                "Met 2021-12-31",
                "Coverage % 2021-12-31",
            ]
        } else {
            &[
                "Deltagare 2020",
                "Genomförda 2020",
                "Tillfällen 2020",
                "Timmar 2020",
                "Krävs 2021-12-31",
                "Klar 2021-12-31",
                "Täckning % 2021-12-31",
            ]
        };
        assert_eq!(header[6..], *expected, "{lang}");
        // webb: nothing in 2021; 2 participants and 2.5 hours in 2020; 2 of 3 met at the end of 2021.
        assert_eq!(
            strings(&rows[1])[..],
            [
                "webb", "Webbkurs", "0", "0", "0", "0", "2", "2", "1", "2.5", "3", "2", "66.7"
            ]
        );
    }
    // CSV and JSON stay as they were: the contract's header, and JSON's nested figures.
    let csv = k.at(
        "2024-01-01",
        &["--format", "csv", "report", "--year", "2021"],
    );
    assert!(csv.ok().starts_with(
        "course,name,participants,completions,sessions,hours\nwebb,Webbkurs,0,0,0,0\n"
    ));
    let json = k.at(
        "2024-01-01",
        &["--format", "json", "report", "--year", "2021"],
    );
    assert!(!json.ok().contains("previous_year_"), "{}", json.ok());
}

#[test]
fn json_empty_values_are_null_never_empty_strings() {
    // A gap with no due date (no start date, no plan start) and a gap matching no tier.
    let k = Kvu::new()
        .plan_edit("  - { course: webb }\n", "")
        .staff("e1,Åsa,Avd 1,medarbetare,enhet,");
    let gaps = k.at("2024-01-01", &["--format", "json", "gaps"]);
    let value: serde_json::Value = serde_json::from_str(gaps.ok()).unwrap();
    assert_eq!(value[0]["due"], serde_json::Value::Null, "{value}");
    let priority = k.at("2024-01-01", &["--format", "json", "priority"]);
    let value: serde_json::Value = serde_json::from_str(priority.ok()).unwrap();
    assert_eq!(value[0]["tier"], serde_json::Value::Null, "{value}");
    assert_eq!(value[0]["due"], serde_json::Value::Null, "{value}");
    assert!(!priority.ok().contains("\"\""), "{}", priority.ok());
    // CSV leaves them empty, as before.
    let csv = k.at("2024-01-01", &["--format", "csv", "priority"]);
    assert_eq!(
        csv.ok().lines().nth(1).unwrap(),
        "1,,e1,Åsa,Avd 1,medarbetare,enhet,webb,overdue,"
    );
}
