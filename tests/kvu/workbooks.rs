//! Spreadsheet inputs: an .xlsx or .ods workbook wherever a CSV export is read. The .xlsx fixtures are
//! built here with `rust_xlsxwriter`, the .ods one with `zip` (an .ods is a zip of XML files).

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

use crate::support::{GAPS_HEADER, Kvu, Run, STAFF_HEADER, dedent};

/// A cell of a fixture sheet.
#[derive(Clone)]
enum Cell {
    Text(&'static str),
    Number(f64),
    /// A real date cell (a serial number with a date format).
    Date(&'static str),
    /// A formula whose cached result is an error (`#N/A`).
    Error(&'static str),
    Empty,
}
use Cell::*;

fn write_sheet(sheet: &mut Worksheet, rows: &[Vec<Cell>]) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Text(t) => {
                    sheet.write_string(r, c, *t).unwrap();
                }
                Number(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                Date(d) => {
                    let d = ExcelDateTime::parse_from_str(d).unwrap();
                    sheet.write_datetime_with_format(r, c, &d, &date).unwrap();
                }
                Error(e) => {
                    sheet
                        .write_formula(r, c, Formula::new("=NA()").set_result(*e))
                        .unwrap();
                }
                Empty => {}
            }
        }
    }
}

/// Writes a workbook of named sheets.
fn workbook(path: &Path, sheets: &[(&str, Vec<Vec<Cell>>)]) {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        write_sheet(sheet, rows);
    }
    book.save(path).unwrap();
}

fn header(names: &[&'static str]) -> Vec<Cell> {
    names.iter().map(|n| Text(n)).collect()
}

const STAFF: [&str; 6] = ["employee_id", "name", "unit", "role", "level", "start_date"];

/// The staff of the comparisons: a numeric id cell (10042.0), a text id with leading zeros, real date
/// cells and an empty one.
fn staff_rows() -> Vec<Vec<Cell>> {
    vec![
        header(&STAFF),
        vec![
            Number(10042.0),
            Text("Åsa Öberg"),
            Text("Avd 1"),
            Text("chef"),
            Text("enhet"),
            Date("2024-01-15"),
        ],
        vec![
            Text("00100042"),
            Text("Per Ek"),
            Text("Avd 2"),
            Text("medarbetare"),
            Text("enhet"),
            Date("2023-11-30"),
        ],
        vec![
            Number(7.0),
            Text("Li Wu"),
            Text("Avd 2"),
            Text("vu"),
            Empty,
            Empty,
        ],
    ]
}

/// The same staff as CSV.
const STAFF_CSV: &str = "10042,Åsa Öberg,Avd 1,chef,enhet,2024-01-15
                         00100042,Per Ek,Avd 2,medarbetare,enhet,2023-11-30
                         7,Li Wu,Avd 2,vu,,";

const COMPLETIONS: &str = "10042,webb,2024-02-01,
                           00100042,webb,2024-03-01 14:22,
                           7,chef25,2024-05-01,";

fn gaps_csv(k: &Kvu, staff: &str, more: &[&str]) -> Run {
    let mut args = vec![
        "--plan",
        "plan.yaml",
        "--staff",
        staff,
        "--completions",
        "completions.csv",
        "--as-of",
        "2026-10-31",
        "gaps",
        "--format",
        "csv",
    ];
    args.extend(more);
    k.run_raw(&args)
}

#[test]
fn a_staff_workbook_gives_what_the_same_csv_gives() {
    let k = Kvu::new()
        .file("staff.csv", &format!("{STAFF_HEADER}{}", dedent(STAFF_CSV)))
        .completions(COMPLETIONS);
    workbook(&k.path("staff.xlsx"), &[("Personal", staff_rows())]);
    let from_csv = gaps_csv(&k, "staff.csv", &[]).ok().to_string();
    assert_eq!(gaps_csv(&k, "staff.xlsx", &[]).ok(), from_csv);
    // The numeric cell is its digits, the text id keeps its zeros, the dates are dates.
    assert_eq!(
        from_csv,
        format!(
            "{GAPS_HEADER}{}",
            dedent(
                "10042,Åsa Öberg,Avd 1,chef,enhet,chef25,overdue,2025-01-15
                 7,Li Wu,Avd 2,vu,,webb,overdue,
                 7,Li Wu,Avd 2,vu,,hp15,overdue,"
            )
        )
    );
    for more in [&["--summary"][..], &["--id-format", "number"]] {
        assert_eq!(
            gaps_csv(&k, "staff.xlsx", more).ok(),
            gaps_csv(&k, "staff.csv", more).ok(),
            "{more:?}"
        );
    }
}

#[test]
fn every_input_may_be_a_workbook() {
    let k = Kvu::new()
        .file("staff.csv", &format!("{STAFF_HEADER}{}", dedent(STAFF_CSV)))
        .completions(COMPLETIONS)
        .units("R,,Regionen\nAvd 1,R,Avdelning 1\nAvd 2,R,Avdelning 2")
        .exemptions("7,hp15,,studies");
    workbook(&k.path("staff.xlsx"), &[("Personal", staff_rows())]);
    workbook(
        &k.path("completions.xlsx"),
        &[(
            "Kurser",
            vec![
                header(&["employee_id", "course", "completed", "session"]),
                vec![Number(10042.0), Text("webb"), Date("2024-02-01"), Empty],
                vec![
                    Text("00100042"),
                    Text("webb"),
                    Date("2024-03-01T14:22:00"),
                    Empty,
                ],
                vec![Number(7.0), Text("chef25"), Date("2024-05-01"), Empty],
            ],
        )],
    );
    workbook(
        &k.path("units.xlsx"),
        &[(
            "Enheter",
            vec![
                header(&["unit", "parent", "name"]),
                vec![Text("R"), Empty, Text("Regionen")],
                vec![Text("Avd 1"), Text("R"), Text("Avdelning 1")],
                vec![Text("Avd 2"), Text("R"), Text("Avdelning 2")],
            ],
        )],
    );
    workbook(
        &k.path("exemptions.xlsx"),
        &[(
            "Undantag",
            vec![
                header(&["employee_id", "course", "until", "reason"]),
                vec![Number(7.0), Text("hp15"), Empty, Text("studies")],
            ],
        )],
    );
    workbook(
        &k.path("key.xlsx"),
        &[(
            "Nyckel",
            vec![
                header(&["unit", "weight"]),
                vec![Text("Avd 1"), Number(2.5)],
                vec![Text("Avd 2"), Number(1.0)],
            ],
        )],
    );
    std::fs::write(k.path("key.csv"), "unit,weight\nAvd 1,2.5\nAvd 2,1\n").unwrap();
    let run = |ext: &str, command: &[&str]| {
        let (staff, completions, units, exemptions) = (
            format!("staff.{ext}"),
            format!("completions.{ext}"),
            format!("units.{ext}"),
            format!("exemptions.{ext}"),
        );
        let mut args = vec![
            "--plan",
            "plan.yaml",
            "--staff",
            &staff,
            "--completions",
            &completions,
            "--units",
            &units,
            "--exemptions",
            &exemptions,
            "--as-of",
            "2026-10-31",
            "--format",
            "csv",
        ];
        args.extend(command);
        k.run_raw(&args).ok().to_string()
    };
    for command in [
        &["gaps"][..],
        &["gaps", "--summary", "--unit", "R"],
        &["report", "--year", "2024"],
        &["priority"],
    ] {
        assert_eq!(run("xlsx", command), run("csv", command), "{command:?}");
    }
    assert_eq!(
        run(
            "xlsx",
            &[
                "allocate", "--course", "webb", "--seats", "3", "--key", "key.xlsx"
            ]
        ),
        run(
            "csv",
            &[
                "allocate", "--course", "webb", "--seats", "3", "--key", "key.csv"
            ]
        ),
    );
}

#[test]
fn the_sheet_named_after_a_hash_is_read_and_a_missing_one_is_an_error_naming_the_sheets() {
    let k = Kvu::new().completions(COMPLETIONS);
    workbook(
        &k.path("hr.xlsx"),
        &[
            ("Info", vec![vec![Text("Exported 2026-10-31")]]),
            ("Personal", staff_rows()),
        ],
    );
    let first = gaps_csv(&k, "hr.xlsx", &[]);
    assert_eq!(
        first.error(),
        "kvu: error: hr.xlsx: Info!1:1: missing required column `employee_id`; the header has: \
         Exported 2026-10-31"
    );
    let named = gaps_csv(&k, "hr.xlsx#Personal", &[]);
    assert_eq!(named.ok().lines().count(), 4, "{}", named.stdout);
    assert_eq!(
        gaps_csv(&k, "hr.xlsx#Persnal", &[]).error(),
        "kvu: error: hr.xlsx#Persnal: the workbook has no sheet `Persnal`, expected one of its \
         sheets: Info, Personal"
    );
    // A `#` names a sheet only after a workbook: a CSV file named so is read as it is.
    std::fs::write(
        k.path("a#b.csv"),
        format!("{STAFF_HEADER}{}", dedent(STAFF_CSV)),
    )
    .unwrap();
    assert_eq!(gaps_csv(&k, "a#b.csv", &[]).ok().lines().count(), 4);
    assert_eq!(
        gaps_csv(&k, "nothing.csv#Personal", &[]).error(),
        "kvu: error: nothing.csv#Personal: cannot read the file: No such file or directory (os error 2)"
    );
}

#[test]
fn a_bad_date_cell_is_reported_with_the_file_sheet_and_cell() {
    let k = Kvu::new().file("staff.csv", &format!("{STAFF_HEADER}{}", dedent(STAFF_CSV)));
    workbook(
        &k.path("completions.xlsx"),
        &[(
            "Kurser",
            vec![
                header(&["employee_id", "course", "completed"]),
                vec![Number(10042.0), Text("webb"), Date("2024-02-01")],
                vec![Number(7.0), Text("webb"), Text("2024-02-30")],
            ],
        )],
    );
    let run = k.run_raw(&[
        "--plan",
        "plan.yaml",
        "--staff",
        "staff.csv",
        "--completions",
        "completions.xlsx",
        "gaps",
    ]);
    assert_eq!(
        run.error(),
        "kvu: error: completions.xlsx: Kurser!C3: completed `2024-02-30` is not a calendar date"
    );
}

#[test]
fn problems_found_later_name_the_sheet_and_row_and_field_problems_the_cell() {
    let mut rows = staff_rows();
    rows.push(rows[2].clone()); // a duplicate of row 3, on row 5
    rows.push(vec![
        Empty,
        Text("Nobody"),
        Text("Avd 2"),
        Text("medarbetare"),
    ]);
    let k = Kvu::new().completions(COMPLETIONS);
    workbook(&k.path("Personal lista.xlsx"), &[("Min flik", rows)]);
    let run = k.run_raw(&[
        "--plan",
        "plan.yaml",
        "--staff",
        "Personal lista.xlsx",
        "--completions",
        "completions.csv",
        "validate",
    ]);
    assert_eq!(run.code, 2);
    let problems: Vec<&str> = run.stdout.lines().take(3).collect();
    assert_eq!(
        problems,
        [
            "plan.yaml: 3 levels, 3 roles, 3 courses, 3 priority tiers; 0 errors, 0 warnings",
            "Personal lista.xlsx: 'Min flik'!5:5: warning: duplicate row: employee 00100042 in unit \
             Avd 2 as medarbetare repeats line 3",
            "Personal lista.xlsx: 'Min flik'!A6: error: employee_id is empty, expected the person's id",
        ]
    );
}

#[test]
fn an_error_cell_in_a_column_that_is_read_is_an_error_and_elsewhere_is_not_read() {
    let k = Kvu::new().completions(COMPLETIONS);
    let mut rows = staff_rows();
    rows[0].push(Text("note"));
    rows[1].push(Error("#REF!"));
    workbook(&k.path("staff.xlsx"), &[("Personal", rows.clone())]);
    assert_eq!(gaps_csv(&k, "staff.xlsx", &[]).ok().lines().count(), 4);
    rows[2][2] = Error("#N/A");
    workbook(&k.path("staff.xlsx"), &[("Personal", rows)]);
    assert_eq!(
        gaps_csv(&k, "staff.xlsx", &[]).error(),
        "kvu: error: staff.xlsx: Personal!C3: unit holds the error #N/A, expected a value (the \
         formula there fails)"
    );
}

#[test]
fn a_workbook_under_another_name_is_read_by_its_first_bytes() {
    let k = Kvu::new().completions(COMPLETIONS);
    workbook(&k.path("staff.xlsx"), &[("Personal", staff_rows())]);
    std::fs::copy(k.path("staff.xlsx"), k.path("staff.csv")).unwrap();
    let expected = gaps_csv(&k, "staff.xlsx", &[]).ok().to_string();
    assert_eq!(gaps_csv(&k, "staff.csv", &[]).ok(), expected);
    // A zip archive that is no workbook: a clear error, never the archive's bytes.
    let mut zip = zip::ZipWriter::new(std::fs::File::create(k.path("export.csv")).unwrap());
    zip.start_file("staff.csv", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"employee_id\n1\n").unwrap();
    zip.finish().unwrap();
    let message = gaps_csv(&k, "export.csv", &[]).error().to_string();
    assert!(
        message.starts_with("kvu: error: export.csv: cannot read the workbook ("),
        "{message}"
    );
    assert!(
        message.ends_with("expected an Excel (.xlsx) or OpenDocument (.ods) workbook"),
        "{message}"
    );
    assert!(!message.contains("PK"), "{message}");
    // A file named as a workbook that is none.
    std::fs::write(
        k.path("fake.xlsx"),
        format!("{STAFF_HEADER}1,,A,medarbetare,,\n"),
    )
    .unwrap();
    assert_eq!(
        gaps_csv(&k, "fake.xlsx", &[]).error(),
        "kvu: error: fake.xlsx: is no workbook (its bytes are not those of an .xlsx, .ods or .xls \
         file), expected an Excel or OpenDocument workbook or a CSV export with another name"
    );
}

#[test]
fn a_workbook_on_standard_input_is_read() {
    let k = Kvu::new().completions(COMPLETIONS);
    workbook(&k.path("staff.xlsx"), &[("Personal", staff_rows())]);
    let expected = gaps_csv(&k, "staff.xlsx", &[]).ok().to_string();
    let args = ["--plan", "plan.yaml", "--staff", "-"];
    let args = [
        &args[..],
        &["--completions", "completions.csv", "--as-of", "2026-10-31"],
    ]
    .concat();
    let book = std::fs::read(k.path("staff.xlsx")).unwrap();
    let run = k.run_stdin(&[&args[..], &["gaps", "--format", "csv"]].concat(), &book);
    assert_eq!(run.ok(), expected);
}

/// An OpenDocument spreadsheet of one sheet: its cells as `office:value-type` says.
fn ods(path: &Path, sheet: &str, rows: &[Vec<Cell>]) {
    let mut xml = String::new();
    for row in rows {
        xml.push_str("<table:table-row>");
        for cell in row {
            xml.push_str(&match cell {
                Text(t) => format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
                ),
                Number(n) => format!(
                    r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>"#
                ),
                Date(d) => format!(
                    r#"<table:table-cell office:value-type="date" office:date-value="{d}"><text:p>{d}</text:p></table:table-cell>"#
                ),
                Error(_) | Empty => "<table:table-cell/>".to_string(),
            });
        }
        xml.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{sheet}">{xml}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", &content),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn an_opendocument_spreadsheet_gives_what_the_same_csv_gives() {
    let k = Kvu::new()
        .file("staff.csv", &format!("{STAFF_HEADER}{}", dedent(STAFF_CSV)))
        .completions(COMPLETIONS);
    ods(&k.path("staff.ods"), "Personal", &staff_rows());
    let expected = gaps_csv(&k, "staff.csv", &[]).ok().to_string();
    assert_eq!(gaps_csv(&k, "staff.ods", &[]).ok(), expected);
    assert_eq!(gaps_csv(&k, "staff.ods#Personal", &[]).ok(), expected);
    // By its first bytes too.
    std::fs::copy(k.path("staff.ods"), k.path("staff.txt")).unwrap();
    assert_eq!(gaps_csv(&k, "staff.txt", &[]).ok(), expected);
}

#[test]
fn an_output_that_is_the_workbook_of_an_input_sheet_is_an_error() {
    let k = Kvu::new().completions(COMPLETIONS);
    workbook(&k.path("hr.data"), &[("Personal", staff_rows())]);
    let before = std::fs::read(k.path("hr.data")).unwrap();
    assert_eq!(
        gaps_csv(&k, "hr.data#Personal", &["--output", "hr.data"]).error(),
        "kvu: error: hr.data: --output is one of the inputs (--staff hr.data#Personal), expected a \
         file that kvu does not read"
    );
    assert_eq!(std::fs::read(k.path("hr.data")).unwrap(), before);
}

/// `examples/staff.xlsx`: `examples/staff.csv` as an HR system's Excel export would have it, an `Om`
/// (about) sheet first and the staff on `Personal`, employee ids as text padded to eight digits, start
/// dates as date cells. Built here, byte for byte the same every time (a fixed creation date);
/// `KVU_UPDATE_EXAMPLES=1 cargo test --test kvu example_workbook` writes it.
fn example_workbook() -> Vec<u8> {
    let csv = std::fs::read_to_string(crate::support::repo().join("examples/staff.csv")).unwrap();
    let mut book = Workbook::new();
    let created = ExcelDateTime::parse_from_str("2026-10-31T06:00:00").unwrap();
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let about = book.add_worksheet();
    about.set_name("Om").unwrap();
    about
        .write_string(
            0,
            0,
            "Personalexport, made from examples/staff.csv (see tests/kvu/workbooks.rs)",
        )
        .unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Personal").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, line) in csv.lines().enumerate() {
        for (c, field) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            match (r, c) {
                (0, _) | (_, 1..=4) => {
                    sheet.write_string(r, c, field).unwrap();
                }
                (_, 0) => {
                    sheet.write_string(r, c, format!("{field:0>8}")).unwrap();
                }
                _ if !field.is_empty() => {
                    let d = ExcelDateTime::parse_from_str(field).unwrap();
                    sheet.write_datetime_with_format(r, c, &d, &date).unwrap();
                }
                _ => {}
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn the_example_workbook_is_the_example_staff_export() {
    let path = crate::support::repo().join("examples/staff.xlsx");
    let built = example_workbook();
    assert_eq!(
        built,
        example_workbook(),
        "the workbook is built the same every time"
    );
    if std::env::var_os("KVU_UPDATE_EXAMPLES").is_some() {
        std::fs::write(&path, &built).unwrap();
    }
    assert!(
        std::fs::read(&path).unwrap() == built,
        "examples/staff.xlsx is out of date (KVU_UPDATE_EXAMPLES=1 rewrites it)"
    );
    // Read with --id-format number, the padded ids join the completions' and exemptions' own.
    let run = |staff: &str, more: &[&str]| {
        let args = [&["--format", "csv", "gaps"][..], more].concat();
        let (stdout, stderr, code) = crate::support::on_examples_with_staff(staff, &args);
        assert_eq!(code, 0, "{stderr}");
        String::from_utf8(stdout).unwrap()
    };
    for more in [&[][..], &["--summary"]] {
        assert_eq!(
            run(
                "examples/staff.xlsx#Personal",
                &[&["--id-format", "number"], more].concat()
            ),
            run("examples/staff.csv", more),
        );
    }
}

#[test]
fn a_key_workbooks_problems_name_its_sheet_and_row() {
    // The allocation key's rows carry their sheet to the rule that weighs them (no global lookup).
    let k = Kvu::new()
        .staff(STAFF_CSV)
        .completions("10042,webb,2024-02-01,");
    workbook(
        &k.path("key.xlsx"),
        &[(
            "Nyckel",
            vec![
                header(&["unit", "weight"]),
                vec![Text("Avd 1"), Number(2.0)],
                vec![Text("Avd 9"), Number(1.0)],
                vec![Text("avd 1"), Number(1.0)],
            ],
        )],
    );
    let run = k.run(&[
        "allocate", "--course", "webb", "--seats", "3", "--key", "key.xlsx",
    ]);
    assert_eq!(
        run.error(),
        "kvu: error: key.xlsx: Nyckel!4:4: unit `avd 1` is in the key twice (lines 2 and 4), expected one weight per unit"
    );
    workbook(
        &k.path("key.xlsx"),
        &[(
            "Nyckel",
            vec![
                header(&["unit", "weight"]),
                vec![Text("Avd 1"), Number(2.0)],
                vec![Text("Avd 9"), Number(1.0)],
            ],
        )],
    );
    let run = k.run(&[
        "allocate", "--course", "webb", "--seats", "3", "--key", "key.xlsx",
    ]);
    assert!(
        run.stderr.contains(
            "key.xlsx: Nyckel!3:3: unit `Avd 9` of the key is not one of the units seats go to; it is ignored"
        ),
        "{}",
        run.stderr
    );
}
