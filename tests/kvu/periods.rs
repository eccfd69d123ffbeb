//! `kvu report --period` and `report --people` (docs/contract.md, "kvu report"): tertials, quarters and
//! ranges of days; the same period of the year before with `--compare`; a period not ended by as-of
//! said to be partial; who completed what.

use crate::support::{Kvu, dedent};

const HEADER: &str = "course,name,participants,completions,sessions,hours\n";
const PEOPLE_HEADER: &str = "employee_id,name,unit,role,level,course,completed,session\n";

fn staff() -> Kvu {
    Kvu::new().staff(
        "e1,Eva,Avd 1,medarbetare,enhet,2020-01-01
         e2,Erik,Avd 2,chef,enhet,2020-01-01
         e3,Ebba,Avd 2,vu,forvaltning,2020-01-01",
    )
}

/// `report` as CSV as of 2025-06-30, then `args`.
fn report(k: &Kvu, args: &[&str]) -> String {
    let mut all = vec!["report", "--format", "csv", "--as-of", "2025-06-30"];
    all.extend(args);
    k.run(&all).ok().to_string()
}

/// The webb row's completions for a period.
fn webb_completions(k: &Kvu, period: &str) -> String {
    let out = report(k, &["--period", period]);
    assert!(out.starts_with(HEADER), "{out}");
    out.lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(3)
        .unwrap()
        .to_string()
}

/// One webb completion a day on each of these dates, by e1 (a person has one completion a day).
fn webb_on(dates: &[&str]) -> Kvu {
    let rows: Vec<String> = dates.iter().map(|d| format!("e1,webb,{d},")).collect();
    staff().completions(&rows.join("\n"))
}

#[test]
fn period_tertials_are_january_april_may_august_september_december() {
    let k = webb_on(&[
        "2023-12-31",
        "2024-01-01",
        "2024-04-30",
        "2024-05-01",
        "2024-08-31",
        "2024-09-01",
        "2024-12-31",
        "2025-01-01",
    ]);
    assert_eq!(webb_completions(&k, "2024-T1"), "2");
    assert_eq!(webb_completions(&k, "2024-T2"), "2");
    assert_eq!(webb_completions(&k, "2024-T3"), "2");
    // Lower case is the same period.
    assert_eq!(webb_completions(&k, "2024-t3"), "2");
}

#[test]
fn period_quarters_count_their_three_months() {
    let k = webb_on(&[
        "2024-01-01",
        "2024-03-31",
        "2024-04-01",
        "2024-06-30",
        "2024-07-01",
        "2024-12-31",
    ]);
    assert_eq!(webb_completions(&k, "2024-Q1"), "2");
    assert_eq!(webb_completions(&k, "2024-Q2"), "2");
    assert_eq!(webb_completions(&k, "2024-Q3"), "1");
    assert_eq!(webb_completions(&k, "2024-Q4"), "1");
}

#[test]
fn period_of_days_includes_both_days() {
    let k = webb_on(&["2024-01-31", "2024-02-01", "2024-02-29", "2024-03-01"]);
    assert_eq!(webb_completions(&k, "2024-02-01..2024-02-29"), "2");
    assert_eq!(webb_completions(&k, "2024-02-29..2024-02-29"), "1");
    // A range over the turn of the year.
    assert_eq!(webb_completions(&k, "2023-12-01..2024-01-31"), "1");
}

#[test]
fn period_compare_sets_the_same_period_of_the_year_before() {
    let k = staff().completions(
        "e1,webb,2023-05-01,
         e2,webb,2023-08-31,
         e3,webb,2023-09-01,
         e1,webb,2024-06-01,",
    );
    let out = report(&k, &["--period", "2024-T2", "--compare"]);
    let header = out.lines().next().unwrap();
    assert!(header.starts_with(
        "course,name,participants,completions,sessions,hours,previous_year,previous_year_participants,previous_year_completions"
    ));
    // T2 2024 beside T2 2023 (May–August: two of the three 2023 completions); coverage at T2's end.
    assert_eq!(
        out.lines().nth(1),
        Some("webb,Webbkurs,1,1,1,2,2023,2,2,2,4,2024-08-31,3,3,100")
    );
    // A range of days: the same days a year earlier.
    let out = report(&k, &["--period", "2024-05-15..2024-06-30", "--compare"]);
    assert_eq!(
        out.lines().nth(1),
        Some("webb,Webbkurs,1,1,1,2,2023,0,0,0,0,2024-06-30,3,3,100")
    );
}

#[test]
fn period_not_ended_by_as_of_is_said_to_be_up_to_as_of() {
    let k = staff().completions("e1,webb,2025-05-10,");
    let table = k
        .run(&["report", "--period", "2025-T2", "--as-of", "2025-06-30"])
        .ok()
        .to_string();
    assert!(
        table.contains("Delivered in T2 2025 (May–August) up to 30 June; in brackets the change against T2 2024 (May–August)."),
        "{table}"
    );
    let sv = k
        .run(&[
            "report",
            "--period",
            "2025-Q2",
            "--as-of",
            "2025-05-31",
            "--lang",
            "sv",
        ])
        .ok()
        .to_string();
    assert!(
        sv.contains("Genomfört kvartal 2 2025 (april–juni) till och med 31 maj; inom parentes förändringen mot kvartal 2 2024 (april–juni)."),
        "{sv}"
    );
    // The current year too, and the page's title says it.
    let html = k
        .run(&[
            "report",
            "--year",
            "2025",
            "--as-of",
            "2025-10-31",
            "--format",
            "html",
        ])
        .ok()
        .to_string();
    assert!(
        html.contains("<title>Annual report 2025 up to 31 October"),
        "{html}"
    );
    assert!(
        html.contains("Delivered in 2025 up to 31 October;"),
        "{html}"
    );
    // An ended period says nothing of as-of.
    let ended = k
        .run(&["report", "--period", "2025-T1", "--as-of", "2025-06-30"])
        .ok()
        .to_string();
    assert!(
        ended.contains("Delivered in T1 2025 (January–April); in brackets"),
        "{ended}"
    );
}

#[test]
fn period_not_ended_says_so_in_the_workbook() {
    let k = staff().completions("e1,webb,2025-05-10,");
    k.run(&[
        "report",
        "--period",
        "2025-01-01..2025-12-31",
        "--as-of",
        "2025-06-30",
        "--output",
        "r.xlsx",
    ])
    .ok();
    let bytes = std::fs::read(k.path("r.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut strings = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/sharedStrings.xml").unwrap(),
        &mut strings,
    )
    .unwrap();
    assert!(
        strings.contains("Report 1 January–31 December 2025 up to 30 June"),
        "{strings}"
    );
}

#[test]
fn period_bad_value_is_one_error_naming_it_and_the_forms() {
    let k = staff();
    for bad in [
        "2024-T4",
        "2024-Q0",
        "2024-H1",
        "24-T1",
        "2024",
        "2024-02-30..2024-03-01",
        "2024-03-01..2024-02-01",
        "2024-03-01..",
        "2024-3-1..2024-04-01",
    ] {
        let r = k.run(&["report", "--period", bad]);
        let line = r.error();
        assert!(line.contains(&format!("`{bad}`")), "{line}");
        assert!(
            line.contains("expected YYYY-T1, YYYY-T2, YYYY-T3 (tertials), YYYY-Q1 to YYYY-Q4 (quarters) or YYYY-MM-DD..YYYY-MM-DD"),
            "{line}"
        );
    }
}

#[test]
fn period_and_year_together_are_a_usage_error() {
    let r = staff().run(&["report", "--year", "2024", "--period", "2024-T1"]);
    assert!(
        r.error()
            .contains("'--year <YYYY>' cannot be used with '--period <P>'")
    );
    // Neither is one too.
    assert!(staff().run(&["report"]).error().contains("--year"));
}

#[test]
fn site_report_heading_says_the_year_is_partial() {
    let k = staff().completions("e1,webb,2026-05-10,");
    k.site().ok();
    let page = k.read("out/index.html");
    assert!(
        page.contains("Delivered in 2026 up to 31 October beside 2025"),
        "{page}"
    );
    k.at(
        "2026-10-31",
        &["--quiet", "--lang", "sv", "site", "--output", "sv"],
    )
    .ok();
    assert!(
        k.read("sv/index.html")
            .contains("Genomfört 2026 till och med 31 oktober jämfört med 2025")
    );
    // A year that has ended: as before.
    k.at(
        "2026-10-31",
        &["--quiet", "site", "--output", "y", "--year", "2025"],
    )
    .ok();
    assert!(
        k.read("y/index.html")
            .contains("Delivered in 2025 beside 2024<")
    );
}

/// `report --people` as CSV as of 2025-06-30, then `args`.
fn people(k: &Kvu, args: &[&str]) -> String {
    let mut all = vec![
        "report",
        "--people",
        "--format",
        "csv",
        "--as-of",
        "2025-06-30",
    ];
    all.extend(args);
    k.run(&all).ok().to_string()
}

#[test]
fn report_people_lists_each_completion_by_course_place_then_date_then_id() {
    let k = staff().completions(
        "e3,hp15,2024-05-01,GU
         e2,webb,2024-03-01,
         e1,webb,2024-03-01,W1
         e1,webb,2024-02-01,
         e3,chef25,2024-02-01,K1
         e1,webb,2023-12-31,",
    );
    assert_eq!(
        people(&k, &["--year", "2024"]),
        format!(
            "{PEOPLE_HEADER}{}",
            dedent(
                "e1,Eva,Avd 1,medarbetare,enhet,webb,2024-02-01,
                 e1,Eva,Avd 1,medarbetare,enhet,webb,2024-03-01,W1
                 e2,Erik,Avd 2,chef,enhet,webb,2024-03-01,
                 e3,Ebba,Avd 2,vu,forvaltning,chef25,2024-02-01,K1
                 e3,Ebba,Avd 2,vu,forvaltning,hp15,2024-05-01,GU\n"
            )
        )
    );
    // A period: only its completions.
    assert_eq!(people(&k, &["--period", "2024-T1"]).lines().count(), 1 + 4);
}

#[test]
fn report_people_session_is_that_of_the_completions_first_row() {
    let k = staff().completions(
        "e1,webb,2024-02-01,W1
         e1,W-OLD,2024-02-01 10:00,W2
         e1,webb,2024-02-01,W3",
    );
    assert_eq!(
        people(&k, &["--year", "2024"]),
        format!("{PEOPLE_HEADER}e1,Eva,Avd 1,medarbetare,enhet,webb,2024-02-01,W1\n")
    );
}

#[test]
fn report_people_not_in_staff_have_empty_name_unit_role_and_level() {
    let k = staff().completions("x9,webb,2024-02-01,\ne1,webb,2024-02-01,");
    assert_eq!(
        people(&k, &["--year", "2024"]),
        format!(
            "{PEOPLE_HEADER}e1,Eva,Avd 1,medarbetare,enhet,webb,2024-02-01,\nx9,,,,,webb,2024-02-01,\n"
        )
    );
}

#[test]
fn report_people_with_unit_takes_the_first_row_in_scope_and_no_leavers() {
    // e1 has two posts: Avd 1 first, then Avd 2 as chef.
    let k = Kvu::new()
        .staff(
            "e1,Eva,Avd 1,medarbetare,enhet,2020-01-01
             e2,Erik,Avd 2,chef,enhet,2020-01-01
             e1,Eva,Avd 2,chef,enhet,2020-01-01",
        )
        .completions("e1,webb,2024-02-01,\ne2,webb,2024-02-02,\nx9,webb,2024-02-01,");
    assert_eq!(
        people(&k, &["--year", "2024", "--unit", "Avd 2"]),
        format!(
            "{PEOPLE_HEADER}e1,Eva,Avd 2,chef,enhet,webb,2024-02-01,\ne2,Erik,Avd 2,chef,enhet,webb,2024-02-02,\n"
        )
    );
    // Without --unit: the first staff row.
    assert!(people(&k, &["--year", "2024"]).contains("e1,Eva,Avd 1,medarbetare,enhet,webb"));
}

#[test]
fn report_people_in_every_format_and_split_by_unit() {
    let k = staff().completions("e1,webb,2024-02-01,W1\ne2,webb,2024-02-02,");
    let json = k
        .run(&[
            "report",
            "--people",
            "--year",
            "2024",
            "--format",
            "json",
            "--as-of",
            "2025-06-30",
        ])
        .ok()
        .to_string();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value[0]["employee_id"], "e1");
    assert_eq!(value[0]["session"], "W1");
    assert_eq!(value[1]["completed"], "2024-02-02");
    for format in ["table", "html"] {
        let out = k
            .run(&[
                "report",
                "--people",
                "--year",
                "2024",
                "--format",
                format,
                "--as-of",
                "2025-06-30",
            ])
            .ok()
            .to_string();
        assert!(
            out.contains("Erik") && out.contains("2 completions of plan courses in 2024"),
            "{out}"
        );
    }
    k.run(&[
        "report",
        "--people",
        "--year",
        "2024",
        "--output",
        "p.xlsx",
        "--as-of",
        "2025-06-30",
    ])
    .ok();
    assert!(std::fs::metadata(k.path("p.xlsx")).unwrap().len() > 0);
    let r = k.at(
        "2025-06-30",
        &[
            "--split", "unit", "--output", "split", "--format", "csv", "report", "--people",
            "--year", "2024",
        ],
    );
    r.ok();
    assert_eq!(
        k.read("split/avd-1.csv"),
        format!("{PEOPLE_HEADER}e1,Eva,Avd 1,medarbetare,enhet,webb,2024-02-01,W1\n")
    );
    assert_eq!(
        k.read("split/avd-2.csv"),
        format!("{PEOPLE_HEADER}e2,Erik,Avd 2,chef,enhet,webb,2024-02-02,\n")
    );
}

#[test]
fn report_people_with_by_or_compare_is_a_usage_error() {
    for other in ["--by", "--compare"] {
        let mut args = vec!["report", "--people", "--year", "2024", other];
        if other == "--by" {
            args.push("unit");
        }
        let line = staff().run(&args).error().to_string();
        assert!(line.contains("'--people' cannot be used with"), "{line}");
    }
}
