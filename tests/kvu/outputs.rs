//! Files people open: xlsx, html, CSV for Excel, the format from `--output`'s extension, `--lang`,
//! `report --compare` (SPEC.md, "Output").

use std::io::Read;

use calamine::{Data, Reader, open_workbook_auto};

use crate::support::{FILES, GAPS_HEADER, Kvu};

fn fixture() -> Kvu {
    Kvu::new()
        .staff(
            "00042,Åsa Öberg,Avd 7,chef,enhet,2020-01-01
             100,=Evil(),Avd 7,medarbetare,enhet,2020-01-01
             101,Bo Ek,Avd 8,medarbetare,enhet,2020-01-01",
        )
        .completions("101,webb,2020-02-01,S1\n00042,webb,2020-02-01,S1")
}

/// A file inside the workbook (a zip), as text.
fn part(path: &std::path::Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn xlsx_has_the_csv_header_typed_cells_and_a_kvu_sheet() {
    let k = fixture();
    k.at("2024-01-01", &["--output", "gaps.xlsx", "gaps"]).ok();
    let path = k.path("gaps.xlsx");
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Gaps", "kvu"]);
    let sheet = book.worksheet_range("Gaps").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    // The CSV header, then for people how many days late each gap is.
    assert_eq!(header[..8].join(",") + "\n", GAPS_HEADER);
    assert_eq!(header[8..], ["Days late"]);
    assert_eq!(rows[1][8], Data::Float(1095.0), "2021-01-01 to 2024-01-01");
    // Ids are text with their leading zeros; the due date is a real date.
    assert_eq!(rows[1][0], Data::String("00042".into()));
    assert_eq!(rows[1][6], Data::String("overdue".into()));
    let Data::DateTime(due) = &rows[1][7] else {
        panic!("a date cell, got {:?}", rows[1][7])
    };
    assert_eq!(due.as_f64(), 44197.0, "Excel's serial day of 2021-01-01");
    // The header is frozen and filtered.
    let xml = part(&path, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"state="frozen""#), "{xml}");
    assert!(xml.contains("<autoFilter ref=\"A1:I"), "{xml}");
    let about = book.worksheet_range("kvu").unwrap();
    let cells: Vec<String> = about.cells().map(|(_, _, c)| c.to_string()).collect();
    let text = cells.join("|");
    assert!(text.contains("gaps.xlsx"), "the command line: {text}");
    assert!(text.contains("Testplan"), "the plan's name: {text}");
    assert!(text.contains(env!("CARGO_PKG_VERSION")), "{text}");
    // Each input with its data rows: 3 staff rows, 2 completions.
    let staff = about
        .rows()
        .find(|r| r[0] == Data::String("--staff".into()))
        .unwrap();
    assert_eq!(staff[1], Data::String("staff.csv".into()));
    assert_eq!(staff[2], Data::Float(3.0));
}

#[test]
fn xlsx_counts_are_numbers_and_swedish_headers_with_lang_sv() {
    let k = fixture();
    k.at(
        "2024-01-01",
        &[
            "--lang",
            "sv",
            "--format",
            "xlsx",
            "--output",
            "summary.xlsx",
            "gaps",
            "--summary",
        ],
    )
    .ok();
    let mut book = open_workbook_auto(k.path("summary.xlsx")).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[0][0], Data::String("Enhet".into()));
    assert_eq!(rows[0][6], Data::String("Ska göras".into()));
    assert_eq!(rows[1][2], Data::Float(2.0), "required is a number");
}

#[test]
fn excel_csv_has_a_byte_order_mark_semicolons_crlf_and_safe_cells() {
    let k = fixture();
    let run = k.at("2024-01-01", &["--excel", "gaps"]);
    let out = run.ok();
    assert!(out.starts_with("\u{feff}employee_id;name;unit;"), "{out}");
    assert!(out.contains("\r\n100;'=Evil();Avd 7;"), "{out:?}");
    assert!(!out.replace("\r\n", "").contains('\n'), "CRLF only");
}

#[test]
fn excel_csv_has_a_decimal_comma_in_hours() {
    // Two completions of a 1.25-hour course: 2.5 hours.
    let k = fixture().plan_edit("hours: 2\n", "hours: 1.25\n");
    let run = k.at("2024-01-01", &["--excel", "report", "--year", "2020"]);
    assert!(
        run.ok().contains("\r\nwebb;Webbkurs;2;2;1;2,5\r\n"),
        "{:?}",
        run.ok()
    );
    let plain = k.at(
        "2024-01-01",
        &["--format", "csv", "report", "--year", "2020"],
    );
    assert_eq!(
        plain.ok().lines().nth(1).unwrap(),
        "webb,Webbkurs,2,2,1,2.5"
    );
}

#[test]
fn excel_with_another_format_is_an_error() {
    let k = fixture();
    let run = k.run(&["--excel", "--format", "json", "gaps"]);
    assert!(run.error().contains("--excel"), "{}", run.stderr);
}

#[test]
fn output_extension_sets_the_format() {
    let k = fixture();
    for (name, starts) in [
        ("g.csv", "employee_id,name"),
        ("g.json", "["),
        ("g.html", "<!doctype html>"),
        ("g.HTM", "<!doctype html>"),
        ("g.txt", " Unit"),
        ("g", " Unit"),
    ] {
        k.at("2024-01-01", &["--output", name, "gaps"]).ok();
        let text = std::fs::read_to_string(k.path(name)).unwrap();
        assert!(text.starts_with(starts), "{name}: {text}");
    }
    let xlsx = std::fs::read(k.path("g.csv")).unwrap();
    assert!(!xlsx.starts_with(b"PK"));
}

#[test]
fn output_unknown_extension_or_a_conflicting_format_is_an_error_and_nothing_is_written() {
    let k = fixture();
    let run = k.run(&["--output", "gaps.xslx", "gaps"]);
    assert!(run.error().contains("`.xslx`"), "{}", run.stderr);
    assert!(!k.path("gaps.xslx").exists());
    let run = k.run(&["--format", "json", "--output", "gaps.csv", "gaps"]);
    assert!(run.error().contains("gaps.csv"), "{}", run.stderr);
    assert!(!k.path("gaps.csv").exists());
    // With --format, an extension that names no format is the user's choice.
    k.run(&["--format", "csv", "--output", "gaps.dat", "gaps"])
        .ok();
    assert!(
        std::fs::read_to_string(k.path("gaps.dat"))
            .unwrap()
            .starts_with("employee_id")
    );
}

#[test]
fn output_dash_is_standard_output() {
    let k = fixture();
    let run = k.at("2024-01-01", &["--format", "csv", "--output", "-", "gaps"]);
    assert!(run.ok().starts_with(GAPS_HEADER));
}

#[test]
fn html_is_one_self_contained_page_with_a_title_scope_and_date() {
    let k = fixture().staff(
        "00042,<script>alert(1)</script>,Avd 7,chef,enhet,2020-01-01
         2,Bo Ek,Avd 8,medarbetare,enhet,2020-01-01",
    );
    k.at(
        "2024-01-01",
        &["--output", "s.html", "gaps", "--summary", "--unit", "avd 7"],
    )
    .ok();
    let page = std::fs::read_to_string(k.path("s.html")).unwrap();
    assert!(page.starts_with("<!doctype html>"));
    assert!(
        page.contains("<title>Gaps by unit and course – unit avd 7"),
        "{page}"
    );
    assert!(page.contains("as of 2024-01-01"));
    assert!(page.contains("<svg"), "a chart of the summary");
    for outside in ["<script", "<link", "src=", "url(", "@import", "https://"] {
        assert!(!page.contains(outside), "no {outside}: {page}");
    }
    let k2 = fixture().staff("101,<b>x</b> & y,Avd 7,chef,enhet,2020-01-01");
    k2.run(&["--as-of", "2024-01-01", "--output", "g.html", "gaps"])
        .ok();
    let page = std::fs::read_to_string(k2.path("g.html")).unwrap();
    assert!(page.contains("&lt;b&gt;x&lt;/b&gt; &amp; y"), "{page}");
}

#[test]
fn lang_sv_changes_what_people_read_but_never_csv_or_json() {
    let k = fixture();
    let table = k.at("2024-01-01", &["--lang", "sv", "gaps"]);
    assert!(table.ok().contains("Enhet"), "{}", table.ok());
    assert!(table.ok().contains("försenad"), "{}", table.ok());
    let en = k.at("2024-01-01", &["--format", "csv", "gaps"]);
    let sv = k.at("2024-01-01", &["--format", "csv", "--lang", "sv", "gaps"]);
    assert_eq!(en.ok(), sv.ok());
    let en = k.at("2024-01-01", &["--format", "json", "gaps"]);
    let sv = k.at("2024-01-01", &["--format", "json", "--lang", "sv", "gaps"]);
    assert_eq!(en.ok(), sv.ok());
    let sv = fixture()
        .env("KVU_LANG", "sv")
        .run(&["--as-of", "2024-01-01", "gaps"]);
    assert!(sv.ok().contains("Anställd"), "KVU_LANG: {}", sv.ok());
}

#[test]
fn report_compare_adds_the_year_before_and_coverage_as_csv_columns() {
    let k = fixture();
    let plain = k.at(
        "2024-01-01",
        &["--format", "csv", "report", "--year", "2020"],
    );
    assert!(
        plain
            .ok()
            .starts_with("course,name,participants,completions,sessions,hours\n")
    );
    let compare = k.at(
        "2024-01-01",
        &["--format", "csv", "report", "--year", "2020", "--compare"],
    );
    let mut lines = compare.ok().lines();
    assert_eq!(
        lines.next().unwrap(),
        "course,name,participants,completions,sessions,hours,previous_year,previous_year_participants,previous_year_completions,previous_year_sessions,previous_year_hours,coverage_on,coverage_required,coverage_met,coverage_percent"
    );
    assert_eq!(
        lines.next().unwrap(),
        "webb,Webbkurs,2,2,1,4,2019,0,0,0,0,2020-12-31,3,2,66.7"
    );
}

#[test]
fn xlsx_is_refused_to_a_terminal_but_written_to_a_pipe() {
    let k = fixture();
    k.at("2024-01-01", &["--output", "x.csv", "gaps"]).ok();
    let kvu = assert_cmd::cargo::cargo_bin("kvu");
    // A pipe takes the workbook.
    let piped = k
        .process()
        .args(FILES)
        .args(["--as-of", "2024-01-01", "--format", "xlsx", "gaps"])
        .output()
        .unwrap();
    assert_eq!(piped.status.code(), Some(0));
    assert!(
        piped.stdout.starts_with(b"PK\x03\x04"),
        "a zip: the workbook"
    );
    // A terminal: util-linux's script(1) gives kvu a pseudo-terminal as standard output.
    let Ok(script) = which("script") else {
        eprintln!("skipped: no script(1) to give kvu a terminal");
        return;
    };
    let line = format!(
        "{} --plan plan.yaml --staff staff.csv --completions completions.csv --format xlsx gaps",
        kvu.display()
    );
    let out = std::process::Command::new(script)
        .args(["-qec", &line, "/dev/null"])
        .current_dir(k.dir.path())
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(shown.contains("expected --output FILE.xlsx"), "{shown}");
    assert!(
        !shown.contains("PK"),
        "no workbook bytes on the terminal: {shown}"
    );
}

/// A program on the PATH.
fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .ok_or(())
}

#[test]
fn the_xlsx_kvu_sheet_names_its_inputs_by_file_name_only() {
    // A workbook mailed to a manager says which files it was made from, not where they live.
    let k = fixture();
    k.write();
    let abs = |name: &str| k.path(name).to_str().unwrap().to_string();
    let (plan, staff, done, out) = (
        abs("plan.yaml"),
        abs("staff.csv"),
        abs("completions.csv"),
        abs("gaps.xlsx"),
    );
    k.run_existing(&[
        "--plan",
        &plan,
        "--staff",
        &staff,
        "--completions",
        &done,
        "--as-of",
        "2024-01-01",
        "--output",
        &out,
        "gaps",
    ])
    .ok();
    let mut book = open_workbook_auto(k.path("gaps.xlsx")).unwrap();
    let about = book.worksheet_range("kvu").unwrap();
    let text: Vec<String> = about.cells().map(|(_, _, c)| c.to_string()).collect();
    let text = text.join("|");
    let folder = k.path("");
    let folder = folder.to_str().unwrap().trim_end_matches('/');
    assert!(!text.contains(folder), "the sheet shows the folder: {text}");
    assert!(!text.contains('/'), "a path in the sheet: {text}");
    assert!(
        text.contains("staff.csv|3"),
        "each input by its name, with rows: {text}"
    );
    assert!(
        text.contains("--output gaps.xlsx"),
        "the command line: {text}"
    );
}
