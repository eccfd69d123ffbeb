//! Workbooks are read within bounds: hostile .xlsx, .ods and .xls files built here (zip bombs, a far
//! cell, a huge shared-string count, a bad checksum, repeated rows, date serials Excel cannot show,
//! a claimed sheet size) end in one clear error, in seconds and under a 1 GB address-space limit.

use std::io::Write;
use std::time::{Duration, Instant};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use crate::support::{Kvu, Run};
use crate::xls::{Sheet, Value, xls};

const RELS: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Personal" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
/// Style 1 is a date (number format 14).
const STYLES: &str = r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

/// An .xlsx of one sheet `Personal` (its `<sheetData>` rows as given) and shared strings.
fn xlsx(rows: &str, shared: &str, method: CompressionMethod) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    );
    let parts = [
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/styles.xml", STYLES.as_bytes()),
        ("xl/sharedStrings.xml", shared.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const NO_STRINGS: &str = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="0"></sst>"#;

/// An inline-string cell.
fn text(at: &str, value: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{value}</t></is></c>"#)
}

/// A staff sheet's rows: the header and two people.
fn staff_rows() -> String {
    let row = |r: usize, cells: [&str; 6]| {
        let cols = ["A", "B", "C", "D", "E", "F"];
        let cells: String = (0..6)
            .filter(|&i| !cells[i].is_empty())
            .map(|i| text(&format!("{}{r}", cols[i]), cells[i]))
            .collect();
        format!(r#"<row r="{r}">{cells}</row>"#)
    };
    [
        row(
            1,
            ["employee_id", "name", "unit", "role", "level", "start_date"],
        ),
        row(
            2,
            ["10042", "Åsa Öberg", "Avd 1", "chef", "enhet", "2024-01-15"],
        ),
        row(3, ["7", "Li Wu", "Avd 2", "vu", "", ""]),
    ]
    .concat()
}

/// Runs `kvu gaps` with `staff` and `completions` under a 1 GB address-space limit (so a run
/// that asks for more aborts); the run must end within 20 seconds.
fn bounded(k: &Kvu, staff: &str, completions: &str) -> Run {
    k.write();
    let mut cmd = std::process::Command::new("sh");
    cmd.current_dir(k.dir.path())
        .args(["-c", "ulimit -v 1000000; exec \"$0\" \"$@\""])
        .arg(assert_cmd::cargo::cargo_bin("kvu"))
        .args(["--plan", "plan.yaml", "--staff", staff])
        .args([
            "--completions",
            completions,
            "--as-of",
            "2026-10-31",
            "gaps",
        ]);
    for key in [
        "KVU_STAFF",
        "KVU_COMPLETIONS",
        "KVU_UNITS",
        "KVU_EXEMPTIONS",
        "KVU_AS_OF",
    ] {
        cmd.env_remove(key);
    }
    let start = Instant::now();
    let run = Run::of(cmd.output().unwrap());
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    run
}

fn write(k: &Kvu, name: &str, bytes: &[u8]) {
    std::fs::write(k.path(name), bytes).unwrap();
}

#[test]
fn a_workbook_inflating_past_its_bound_is_an_error() {
    // One cell of 80 MiB in a file of about 80 KB (a bomb of 2 GiB stops the same way, sooner).
    let cell = "x".repeat(80 << 20);
    let rows = format!(r#"{}<row r="4">{}</row>"#, staff_rows(), text("B4", &cell));
    let k = Kvu::new();
    write(
        &k,
        "staff.xlsx",
        &xlsx(&rows, NO_STRINGS, CompressionMethod::Deflated),
    );
    let run = bounded(&k, "staff.xlsx", "completions.csv");
    assert!(
        run.error().starts_with(
            "kvu: error: staff.xlsx: the zip part `xl/worksheets/sheet1.xml` inflates past 67108864 bytes"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_cell_far_outside_the_data_is_an_error_naming_it() {
    let rows = format!(
        r#"{}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        staff_rows()
    );
    let k = Kvu::new();
    write(
        &k,
        "staff.xlsx",
        &xlsx(&rows, NO_STRINGS, CompressionMethod::Deflated),
    );
    let run = bounded(&k, "staff.xlsx", "completions.csv");
    assert!(
        run.error().starts_with(
            "kvu: error: staff.xlsx: Personal!XFD1048576: a cell far outside the data: the sheet would span 1048576 rows × 16384 columns"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_shared_string_count_past_what_the_part_holds_is_an_error() {
    for count in [
        "4294967295",
        "18446744073709551615",
        "99999999999999999999999",
    ] {
        let shared = format!(
            r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="{count}"><si><t>a</t></si></sst>"#
        );
        let k = Kvu::new();
        write(
            &k,
            "staff.xlsx",
            &xlsx(&staff_rows(), &shared, CompressionMethod::Deflated),
        );
        let run = bounded(&k, "staff.xlsx", "completions.csv");
        assert!(
            run.error().starts_with(&format!(
                "kvu: error: staff.xlsx: the zip part `xl/sharedStrings.xml` claims uniqueCount=\"{count}\" strings, more than its"
            )),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_stored_part_whose_checksum_does_not_match_is_an_error() {
    let k = Kvu::new();
    let good = xlsx(&staff_rows(), NO_STRINGS, CompressionMethod::Stored);
    write(&k, "good.xlsx", &good);
    bounded(&k, "good.xlsx", "completions.csv").ok();
    // One id changed in the stored sheet, its checksum left as it was.
    let at = good.windows(5).position(|w| w == b"10042").unwrap();
    let mut bad = good.clone();
    bad[at + 4] = b'3';
    write(&k, "staff.xlsx", &bad);
    let run = bounded(&k, "staff.xlsx", "completions.csv");
    assert_eq!(
        run.error(),
        "kvu: error: staff.xlsx: the zip part `xl/worksheets/sheet1.xml` is damaged (Invalid checksum), expected a workbook whose parts are as they were written (a checksum that does not match means the bytes were changed)"
    );
}

/// An .ods of one sheet `Personal` whose `<table:table>` holds `rows`.
fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Personal">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(br#"<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#).unwrap();
    zip.start_file("content.xml", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

fn ods_row(cells: &[&str], repeated: usize) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!(r#"<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>"#))
        .collect();
    format!(r#"<table:table-row table:number-rows-repeated="{repeated}">{cells}</table:table-row>"#)
}

#[test]
fn ods_repeated_rows_are_bounded_by_the_rows_that_carry_data() {
    let header = ods_row(
        &["employee_id", "name", "unit", "role", "level", "start_date"],
        1,
    );
    let person = ods_row(
        &["10042", "Åsa Öberg", "Avd 1", "chef", "enhet", "2024-01-15"],
        1,
    );
    // A million trailing empty rows, 1,024 empty cells wide, are not materialised.
    let empty = r#"<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    let k = Kvu::new();
    write(&k, "staff.ods", &ods(&format!("{header}{person}{empty}")));
    bounded(&k, "staff.ods", "completions.csv").ok();
    // A 30-cell row repeated 3,000,000 times is an error, not 2 GB.
    let wide = ods_row(&["x"; 30], 3_000_000);
    write(&k, "staff.ods", &ods(&format!("{header}{wide}")));
    let run = bounded(&k, "staff.ods", "completions.csv");
    assert!(
        run.error().starts_with(
            "kvu: error: staff.ods: sheet `Personal` repeats its rows and cells to span 3000001 rows × 30 columns"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn date_serials_excel_cannot_show_are_errors_at_their_cell() {
    let k = Kvu::new();
    let completions = |serial: &str| {
        let rows = format!(
            r#"<row r="1">{}{}{}</row><row r="2">{}{}<c r="C2" s="1"><v>{serial}</v></c></row>"#,
            text("A1", "employee_id"),
            text("B1", "course"),
            text("C1", "completed"),
            text("A2", "10042"),
            text("B2", "webb"),
        );
        xlsx(&rows, NO_STRINGS, CompressionMethod::Deflated)
    };
    let staff = xlsx(&staff_rows(), NO_STRINGS, CompressionMethod::Deflated);
    write(&k, "staff.xlsx", &staff);
    write(&k, "completions.xlsx", &completions("45352"));
    bounded(&k, "staff.xlsx", "completions.xlsx").ok();
    for (serial, outside) in [
        ("-1", "before 1900-01-01"),
        ("0", "before 1900-01-01"),
        ("2958466", "after 9999-12-31"),
        ("1e15", "after 9999-12-31"),
    ] {
        write(&k, "completions.xlsx", &completions(serial));
        let run = bounded(&k, "staff.xlsx", "completions.xlsx");
        let written = if serial == "1e15" {
            "1000000000000000"
        } else {
            serial
        };
        assert_eq!(
            run.error(),
            format!(
                "kvu: error: completions.xlsx: Personal!C2: completed holds the date serial {written}, a day {outside} that Excel cannot show, expected a date from 1900-01-01 to 9999-12-31"
            )
        );
    }
}

/// The staff sheet of [`staff_rows`] as an .xls sheet `Personal`: ids as numbers, the rest text.
fn xls_staff() -> Sheet<'static> {
    let t = Value::Text;
    Sheet::of_rows(
        "Personal",
        &[
            &[
                t("employee_id"),
                t("name"),
                t("unit"),
                t("role"),
                t("level"),
                t("start_date"),
            ],
            &[
                Value::Number(10042.0),
                t("Åsa Öberg"),
                t("Avd 1"),
                t("chef"),
                t("enhet"),
                t("2024-01-15"),
            ],
            &[Value::Number(7.0), t("Li Wu"), t("Avd 2"), t("vu")],
        ],
    )
}

#[test]
fn a_small_xls_reads_as_the_same_csv_does() {
    use calamine::{Data, Reader, Xls, open_workbook_from_rs};
    let bytes = xls(&xls_staff());
    // calamine reads the file built here as it was meant.
    let mut book: Xls<_> = open_workbook_from_rs(std::io::Cursor::new(&bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["Personal"]);
    let range = book.worksheet_range("Personal").unwrap();
    assert_eq!(range.get_size(), (3, 6));
    assert_eq!(
        range.get_value((0, 0)),
        Some(&Data::String("employee_id".into()))
    );
    assert_eq!(range.get_value((1, 0)), Some(&Data::Float(10042.0)));
    assert_eq!(
        range.get_value((1, 1)),
        Some(&Data::String("Åsa Öberg".into()))
    );
    let k = Kvu::new().staff(
        "10042,Åsa Öberg,Avd 1,chef,enhet,2024-01-15
         7,Li Wu,Avd 2,vu,,
        ",
    );
    write(&k, "staff.xls", &bytes);
    let from_xls = bounded(&k, "staff.xls", "completions.csv");
    assert_eq!(
        from_xls.ok(),
        bounded(&k, "staff.csv", "completions.csv").ok()
    );
    // The ids are digits (a number cell `10042`, not `10042.0`).
    assert!(
        from_xls
            .stdout
            .contains(" Avd 1   10042      Åsa Öberg   Chef                    webb ")
    );
    assert!(
        from_xls
            .stdout
            .contains(" Avd 2   7          Li Wu       Verksamhetsutvecklare   hp15 ")
    );
}

#[test]
fn an_xls_sheet_claiming_a_huge_size_is_an_error_naming_it() {
    let mut sheet = xls_staff();
    sheet.dimensions = [0, 1_048_576, 0, 16_384];
    let bytes = xls(&sheet);
    let k = Kvu::new();
    write(&k, "staff.xls", &bytes);
    let run = bounded(&k, "staff.xls", "completions.csv");
    assert_eq!(
        run.error(),
        format!(
            "kvu: error: staff.xls: sheet `Personal` claims 1048576 rows × 16384 columns, more than the 4194304 cells a workbook of {} bytes may span; expected the size of the data it holds",
            bytes.len()
        )
    );
}

#[test]
fn an_xls_cell_far_outside_the_data_is_an_error_naming_it() {
    // A stray number at IV65536 (the last cell of an .xls sheet), the DIMENSIONS record claiming
    // only the staff's cells; then claiming the stray cell too.
    let mut sheet = xls_staff();
    sheet.cells.push((65_535, 255, Value::Number(1.0)));
    let k = Kvu::new();
    let bytes = xls(&sheet);
    write(&k, "staff.xls", &bytes);
    let run = bounded(&k, "staff.xls", "completions.csv");
    assert_eq!(
        run.error(),
        format!(
            "kvu: error: staff.xls: Personal!IV65536: a cell far outside the data: the sheet would span 65536 rows × 256 columns (16777216 cells), more than the 4194304 cells a workbook of {} bytes may span; expected the sheet's data in one block from its first cells",
            bytes.len()
        )
    );
    sheet.dimensions = [0, 65_536, 0, 256];
    let bytes = xls(&sheet);
    write(&k, "staff.xls", &bytes);
    let run = bounded(&k, "staff.xls", "completions.csv");
    assert!(
        run.error().starts_with(
            "kvu: error: staff.xls: sheet `Personal` claims 65536 rows × 256 columns, more than the 4194304 cells"
        ),
        "{}",
        run.stderr
    );
}

/// The staff .xls with its workbook stream changed by `edit`.
fn edited_xls(edit: impl Fn(&mut Vec<u8>)) -> Vec<u8> {
    let mut stream = crate::xls::workbook_stream(&xls_staff());
    edit(&mut stream);
    crate::xls::compound_file(&stream)
}

/// A DIMENSIONS record's data: first row, last row + 1, first column, last column + 1.
fn dimensions(first_row: u32, rows: u32, first_column: u16, columns: u16) -> Vec<u8> {
    [
        &first_row.to_le_bytes()[..],
        &rows.to_le_bytes(),
        &first_column.to_le_bytes(),
        &columns.to_le_bytes(),
        &[0, 0],
    ]
    .concat()
}

/// Runs gaps on `bytes` as staff.xls; its one error line.
fn xls_error(bytes: &[u8]) -> String {
    let k = Kvu::new();
    write(&k, "staff.xls", bytes);
    bounded(&k, "staff.xls", "completions.csv")
        .error()
        .to_string()
}

#[test]
fn an_xls_sheet_hidden_inside_another_record_is_measured_where_its_offset_points() {
    use crate::xls::{bof, record, record_at};
    // The sheet's BOUNDSHEET8 offset points into the bytes of the padding record, where a sheet
    // claiming 1048576 × 16384 cells sits; the records walked one after another never reach it.
    let bytes = edited_xls(|stream| {
        let hidden = [
            bof(0x0010),
            record(0x0200, &dimensions(0, 1_048_576, 0, 16_384)),
            record(0x000A, &[]),
        ]
        .concat();
        let at = record_at(stream, 0x1FFF) + 4;
        stream[at..at + hidden.len()].copy_from_slice(&hidden);
        let sheet = record_at_boundsheet(stream);
        stream[sheet..sheet + 4].copy_from_slice(&(at as u32).to_le_bytes());
    });
    assert!(xls_error(&bytes).starts_with(
        "kvu: error: staff.xls: sheet `Personal` claims 1048576 rows × 16384 columns, more than"
    ));
}

#[test]
fn an_xls_sheet_whose_first_row_is_past_its_last_is_an_error() {
    // calamine would reserve (last - first + 1) rows, wrapped around to 4 billion.
    let mut sheet = xls_staff();
    sheet.dimensions = [5, 3, 0, 6];
    assert_eq!(
        xls_error(&xls(&sheet)),
        "kvu: error: staff.xls: sheet `Personal` claims rows 6 to 3 and columns 1 to 6, a first row or column past its last; expected the size of the data it holds"
    );
}

#[test]
fn an_xls_sheet_starting_past_the_stream_is_an_error() {
    let bytes = edited_xls(|stream| {
        let sheet = record_at_boundsheet(stream);
        stream[sheet..sheet + 4].copy_from_slice(&0xFFFF_FF00u32.to_le_bytes());
    });
    let len = crate::xls::workbook_stream(&xls_staff()).len();
    assert_eq!(
        xls_error(&bytes),
        format!(
            "kvu: error: staff.xls: sheet `Personal` starts at byte 4294967040 of the workbook stream, past its end ({len} bytes); expected a sheet within the file"
        )
    );
}

/// Where the sheet's offset is in its BOUNDSHEET8 record.
fn record_at_boundsheet(stream: &[u8]) -> usize {
    crate::xls::record_at(stream, 0x0085) + 4
}

#[test]
fn an_xls_header_naming_another_mini_stream_cutoff_is_measured_as_calamine_reads_it() {
    // calamine reads a stream of 4,096 bytes or more from regular sectors whatever the header's
    // cutoff (offset 56) says.
    let mut sheet = xls_staff();
    sheet.dimensions = [0, 1_048_576, 0, 16_384];
    let mut bytes = xls(&sheet);
    bytes[56..60].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(xls_error(&bytes).starts_with(
        "kvu: error: staff.xls: sheet `Personal` claims 1048576 rows × 16384 columns, more than"
    ));
}
