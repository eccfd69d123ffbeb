//! Spreadsheet inputs: an Excel (.xlsx, .xlsm, .xlsb, .xls) or OpenDocument (.ods) workbook is read
//! wherever a CSV export is, with the [`calamine`] crate.
//!
//! - **Which file is a workbook**: one whose name ends in a workbook's extension, or whose first bytes
//!   are a zip archive's (`PK\x03\x04`: .xlsx, .ods) or an OLE file's (.xls), whatever its name; so a
//!   workbook never reaches the CSV reader (whose messages would quote its bytes).
//! - **Which sheet**: the first, or the one named after `#` (`staff.xlsx#Personal`). A `#` names a
//!   sheet only when the path before it is a workbook file that exists (a file whose own name has a
//!   `#` is read as it is). A sheet the workbook lacks is an error naming the sheets it has.
//! - **Cells as text**: the sheet's first row (with anything in it) is the header; each row below is a
//!   record, its cells as the CSV reader would have them written: a date cell `YYYY-MM-DD` (with its
//!   time, `YYYY-MM-DDTHH:MM:SS`, when it has one, so a date-time reads as the CSV path reads one), a
//!   whole number its digits (`10042`, not `10042.0`), another number as written shortest (`2.5`),
//!   a boolean `TRUE` or `FALSE`, an empty cell empty. Cells beyond the header's last named column are
//!   not read (in a sheet a row cannot shift into the wrong columns, as a CSV line with a field too
//!   many can). An error cell (`#N/A`, `#REF!`) in a column that is read is an error.
//! - **Places**: a record's line is its row in the sheet, so every problem found later (a duplicate
//!   row, an undeclared role) names the row as it would a CSV line; [`register`] makes such a problem
//!   print as `staff.xlsx: Personal!F6: ...` (a cell) or `staff.xlsx: Personal!6:6: ...` (a row).

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Ods, Range, Reader, Xls, Xlsb, Xlsx, open_workbook_from_rs};
use csv::ByteRecord;

use crate::diag::{Problem, register};

/// The extensions of the workbooks read (compared ignoring case).
const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// A zip archive's first bytes (.xlsx, .xlsm, .xlsb, .ods) and an OLE compound file's (.xls).
const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Whether a file's first bytes (8 are enough) are a workbook's.
pub fn is_workbook_magic(head: &[u8]) -> bool {
    head.starts_with(ZIP) || head.starts_with(OLE)
}

fn has_workbook_extension(path: &str) -> bool {
    Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The first bytes of a file, if it can be read.
fn head_of(path: &str) -> Option<Vec<u8>> {
    let mut head = Vec::with_capacity(8);
    std::fs::File::open(path)
        .ok()?
        .take(8)
        .read_to_end(&mut head)
        .ok()?;
    Some(head)
}

/// Whether the file at `path` is to be read as a workbook: by its extension or its first bytes.
fn is_workbook_file(path: &str) -> bool {
    Path::new(path).is_file()
        && (has_workbook_extension(path) || head_of(path).is_some_and(|h| is_workbook_magic(&h)))
}

/// The workbook file and sheet a path names: `book.xlsx#Sheet` when `book.xlsx` is a workbook that
/// exists and `book.xlsx#Sheet` itself is no file; `None` when the path is no workbook.
pub fn workbook_of(path: &str) -> Option<(&str, Option<&str>)> {
    if path == "-" {
        return None;
    }
    if Path::new(path).exists() {
        return is_workbook_file(path).then_some((path, None));
    }
    path.match_indices('#')
        .map(|(i, _)| (&path[..i], &path[i + 1..]))
        .find(|(file, _)| is_workbook_file(file))
        .map(|(file, sheet)| (file, Some(sheet)))
}

/// The file a path names: itself, or the workbook before `#Sheet`.
pub fn file_of(path: &str) -> &str {
    workbook_of(path).map_or(path, |(file, _)| file)
}

/// One row of a sheet, as a record.
pub struct SheetRecord {
    /// The row's number in the sheet (1 = the first row).
    pub line: u64,
    pub record: ByteRecord,
    /// Fields whose cell is an error cell, with the error (`#N/A`).
    pub errors: Vec<(usize, String)>,
}

/// A sheet read: its header and its rows.
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// The column of the header's first cell (0 = A).
    pub first_column: u32,
    /// The header's row and names (trimmed).
    pub header_line: u64,
    pub header: Vec<String>,
    pub rows: std::vec::IntoIter<SheetRecord>,
    /// How many rows the sheet has below the header.
    pub height: usize,
}

/// Reads a sheet of a workbook file (`file`, named in messages as `path`, the path as given): the
/// named one or the first.
pub fn read(path: &str, file: &str, sheet: Option<&str>) -> Result<Sheet, Problem> {
    let bytes = std::fs::read(file)
        .map_err(|e| Problem::file(path, format!("cannot read the file: {e}")))?;
    read_bytes(path, file, &bytes, sheet)
}

/// Reads a sheet of a workbook's bytes (from `file`, named in messages as `path`).
pub fn read_bytes(
    path: &str,
    file: &str,
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<Sheet, Problem> {
    let (names, range) = open(bytes, file, sheet).map_err(|e| Problem::file(path, e))?;
    let name = match sheet {
        Some(s) => s.to_string(),
        None => names.into_iter().next().unwrap_or_default(),
    };
    register(path, file, &name);
    let range = range.ok_or_else(|| {
        Problem::file(
            path,
            format!("sheet `{name}` is empty, expected a header row"),
        )
    })?;
    Ok(records(name, &range))
}

/// The workbook's sheet names and the chosen sheet's cells (`None`: no cell at all).
fn open(
    bytes: &[u8],
    file: &str,
    sheet: Option<&str>,
) -> Result<(Vec<String>, Option<Range<Data>>), String> {
    let cursor = Cursor::new(bytes);
    let ods = Path::new(file)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ods"));
    let xlsb = Path::new(file)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsb"));
    if bytes.starts_with(OLE) {
        let book: Xls<_> = open_workbook_from_rs(cursor).map_err(|e| describe(&e))?;
        return range_of(book, sheet);
    }
    if !bytes.starts_with(ZIP) {
        return Err(
            "is no workbook (its bytes are not those of an .xlsx, .ods or .xls file), expected an Excel or OpenDocument workbook or a CSV export with another name"
                .to_string(),
        );
    }
    if ods {
        let book: Ods<_> = open_workbook_from_rs(cursor).map_err(|e| describe(&e))?;
        return range_of(book, sheet);
    }
    if xlsb {
        let book: Xlsb<_> = open_workbook_from_rs(cursor).map_err(|e| describe(&e))?;
        return range_of(book, sheet);
    }
    // A zip archive: an .xlsx, else an .ods by another name.
    match open_workbook_from_rs::<Xlsx<_>, _>(cursor.clone()) {
        Ok(book) => range_of(book, sheet),
        Err(xlsx) => match open_workbook_from_rs::<Ods<_>, _>(cursor) {
            Ok(book) => range_of(book, sheet),
            Err(_) => Err(describe(&xlsx)),
        },
    }
}

/// A workbook that cannot be read: what calamine says, and what was expected.
fn describe(e: &dyn std::fmt::Display) -> String {
    format!(
        "cannot read the workbook ({e}), expected an Excel (.xlsx) or OpenDocument (.ods) workbook"
    )
}

fn range_of<RS, R>(
    mut book: R,
    sheet: Option<&str>,
) -> Result<(Vec<String>, Option<Range<Data>>), String>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => match names.iter().find(|n| n.as_str() == wanted) {
            Some(n) => n.clone(),
            None => {
                return Err(format!(
                    "the workbook has no sheet `{wanted}`, expected one of its sheets: {}",
                    names.join(", ")
                ));
            }
        },
        None => match names.first() {
            Some(n) => n.clone(),
            None => return Err("the workbook has no sheet, expected at least one".to_string()),
        },
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| format!("cannot read sheet `{name}` ({e})"))?;
    let range = (!range.is_empty() && range.start().is_some()).then_some(range);
    Ok((names, range))
}

/// The sheet's rows as records, the first one the header.
fn records(name: String, range: &Range<Data>) -> Sheet {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows();
    let header_cells = rows.next().unwrap_or_default();
    let width = header_cells
        .iter()
        .rposition(|c| !matches!(c, Data::Empty))
        .map_or(0, |i| i + 1);
    let header: Vec<String> = header_cells[..width]
        .iter()
        .map(|c| cell_text(c).trim().to_string())
        .collect();
    let mut out = Vec::with_capacity(range.height().saturating_sub(1));
    let mut text = String::new();
    for (i, cells) in rows.enumerate() {
        let mut record = ByteRecord::with_capacity(64, width);
        let mut errors = Vec::new();
        for (field, cell) in cells.iter().take(width).enumerate() {
            text.clear();
            write_cell(cell, &mut text);
            if let Data::Error(_) = cell {
                errors.push((field, text.clone()));
            }
            record.push_field(text.as_bytes());
        }
        while record.len() < width {
            record.push_field(b"");
        }
        out.push(SheetRecord {
            line: u64::from(row0) + i as u64 + 2,
            record,
            errors,
        });
    }
    Sheet {
        name,
        first_column: col0,
        header_line: u64::from(row0) + 1,
        header,
        height: out.len(),
        rows: out.into_iter(),
    }
}

fn cell_text(cell: &Data) -> String {
    let mut text = String::new();
    write_cell(cell, &mut text);
    text
}

/// A cell as the CSV reader would have it written (see the module's documentation).
fn write_cell(cell: &Data, out: &mut String) {
    use std::fmt::Write;
    match cell {
        Data::Empty => {}
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => out.push_str(s),
        Data::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Data::Float(f) => write_number(*f, out),
        Data::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Data::Error(e) => {
            let _ = write!(out, "{e}");
        }
        Data::DateTime(d) if d.is_datetime() => {
            let (y, mo, da, h, mi, s, ms) = d.to_ymd_hms_milli();
            let _ = write!(out, "{y:04}-{mo:02}-{da:02}");
            if (h, mi, s, ms) != (0, 0, 0, 0) {
                let _ = write!(out, "T{h:02}:{mi:02}:{s:02}");
                if ms != 0 {
                    let _ = write!(out, ".{ms:03}");
                }
            }
        }
        // A duration ([h]:mm) is its number of days.
        Data::DateTime(d) => write_number(d.as_f64(), out),
    }
}

/// A number as written shortest: a whole number its digits (`10042`), else `2.5`, never `-0`.
fn write_number(f: f64, out: &mut String) {
    use std::fmt::Write;
    if f == 0.0 {
        out.push('0');
    } else {
        // Rust's shortest round-trip form, without an exponent or a trailing `.0`.
        let _ = write!(out, "{f}");
    }
}

/// A column's letters (1 = A, 27 = AA).
pub fn column_letters(mut column: u64) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rem = ((column - 1) % 26) as u8;
        letters.push(b'A' + rem);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(cell: Data) -> String {
        cell_text(&cell)
    }

    #[test]
    fn cells_are_written_as_a_csv_export_would_have_them() {
        assert_eq!(text(Data::Float(10042.0)), "10042");
        assert_eq!(text(Data::Float(2.5)), "2.5");
        assert_eq!(text(Data::Float(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(text(Data::Float(-0.0)), "0");
        assert_eq!(text(Data::Float(1e21)), "1000000000000000000000");
        assert_eq!(text(Data::Int(-7)), "-7");
        assert_eq!(text(Data::Bool(true)), "TRUE");
        assert_eq!(text(Data::Empty), "");
        assert_eq!(
            text(Data::String("  00100042 ".into())),
            "  00100042 ",
            "trimmed later, as a CSV field is"
        );
        assert_eq!(text(Data::Error(calamine::CellErrorType::NA)), "#N/A");
    }

    #[test]
    fn date_cells_are_iso_dates_and_date_times() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let cell = |v| Data::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false));
        // 45352 is 2024-03-01 in Excel's 1900 system; .5 is noon.
        assert_eq!(text(cell(45352.0)), "2024-03-01");
        assert_eq!(text(cell(45352.5)), "2024-03-01T12:00:00");
        let duration = Data::DateTime(ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false));
        assert_eq!(text(duration), "1.5");
        assert_eq!(
            text(Data::DateTimeIso("2024-03-05T14:22:00".into())),
            "2024-03-05T14:22:00"
        );
    }

    #[test]
    fn column_letters_count_as_excel_does() {
        let letters: Vec<String> = [1, 2, 26, 27, 52, 53, 702, 703, 16384]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]
        );
    }

    #[test]
    fn workbooks_are_known_by_their_first_bytes() {
        assert!(is_workbook_magic(b"PK\x03\x04\x14\x00\x06\x00"));
        assert!(is_workbook_magic(OLE));
        assert!(!is_workbook_magic(b"employee_id,name"));
        assert!(!is_workbook_magic(b"PK"));
    }
}
