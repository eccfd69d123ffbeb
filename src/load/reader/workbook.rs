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
//!   row, an undeclared role) names the row as it would a CSV line; the sheet's [`Source`] travels with
//!   such a problem, which prints as `staff.xlsx: Personal!F6: ...` (a cell) or
//!   `staff.xlsx: Personal!6:6: ...` (a row).

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, DataRef, Ods, Range, Reader, Xls, Xlsb, Xlsx, open_workbook_from_rs};
use csv::ByteRecord;

use crate::error::{Problem, Source};

mod archive;
mod ods;
mod xls;

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
/// exists and `book.xlsx#Sheet` itself is no file; `None` when the path is no workbook. The request
/// works it out once for each input ([`crate::load::path::InputPath`]).
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

/// One row of a sheet, as a record.
pub struct SheetRecord {
    /// The row's number in the sheet (1 = the first row).
    pub line: u64,
    pub record: ByteRecord,
    /// Fields whose cell is an error cell or a date Excel cannot show, with what is wrong (`holds the
    /// error #N/A, expected ...`).
    pub errors: Vec<(usize, String)>,
}

/// A sheet read: its header and its rows.
pub struct Sheet {
    /// The input as given, with the workbook file and the sheet's name, for messages.
    pub source: Source,
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
    let bounds = Bounds::of(bytes);
    let ext = |x: &str| {
        Path::new(file)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(x))
    };
    if bytes.starts_with(OLE) {
        xls::check(bytes, &bounds, path, file)?;
        let book: Xls<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| fail(path, &e))?;
        let epoch_1904 = book.has_1904_epoch();
        return read_range(book, path, file, sheet, &bounds, epoch_1904);
    }
    if !bytes.starts_with(ZIP) {
        return Err(Problem::file(
            path,
            "is no workbook (its bytes are not those of an .xlsx, .ods or .xls file), expected an Excel or OpenDocument workbook or a CSV export with another name",
        ));
    }
    archive::check(bytes, &bounds).map_err(|e| Problem::file(path, e))?;
    if ext("ods") {
        return read_ods(path, file, bytes, sheet, &bounds);
    }
    if ext("xlsb") {
        let mut book: Xlsb<_> =
            open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| fail(path, &e))?;
        let name = sheet_name(&book.sheet_names(), sheet).map_err(|e| Problem::file(path, e))?;
        let source = Source::of_sheet(path, file, &name);
        let epoch_1904 = book.has_1904_epoch();
        let mut cells = book
            .worksheet_cells_reader(&name)
            .map_err(|e| cannot_read_sheet(path, &name, &e))?;
        let mut grid = Grid::new(&bounds, epoch_1904);
        while let Some(cell) = cells
            .next_cell()
            .map_err(|e| cannot_read_sheet(path, &name, &e))?
        {
            grid.add(cell.get_position(), View::of_ref(cell.get_value()))
                .map_err(|e| e.problem(&source))?;
        }
        return grid.sheet(source);
    }
    // A zip archive: an .xlsx, else an .ods by another name.
    match open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes)) {
        Ok(book) => read_xlsx(book, path, file, sheet, &bounds),
        Err(xlsx) => {
            ods::check(bytes, &bounds, path)?;
            match open_workbook_from_rs::<Ods<_>, _>(Cursor::new(bytes)) {
                Ok(book) => read_range(book, path, file, sheet, &bounds, false),
                Err(_) => Err(fail(path, &xlsx)),
            }
        }
    }
}

/// An .xlsx sheet, read cell by cell (no grid of the sheet's rows × columns is built).
fn read_xlsx(
    mut book: Xlsx<Cursor<&[u8]>>,
    path: &str,
    file: &str,
    sheet: Option<&str>,
    bounds: &Bounds,
) -> Result<Sheet, Problem> {
    let name = sheet_name(&book.sheet_names(), sheet).map_err(|e| Problem::file(path, e))?;
    let source = Source::of_sheet(path, file, &name);
    let epoch_1904 = book.has_1904_epoch();
    let mut cells = match book.worksheet_cells_reader(&name) {
        Ok(cells) => cells,
        // A chart sheet has no cells.
        Err(calamine::XlsxError::NotAWorksheet(_)) => {
            return Grid::new(bounds, false).sheet(source);
        }
        Err(e) => return Err(cannot_read_sheet(path, &name, &e)),
    };
    let mut grid = Grid::new(bounds, epoch_1904);
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| cannot_read_sheet(path, &name, &e))?
    {
        grid.add(cell.get_position(), View::of_ref(cell.get_value()))
            .map_err(|e| e.problem(&source))?;
    }
    grid.sheet(source)
}

/// An .ods sheet: its repeated rows and columns are counted before calamine builds its grid.
fn read_ods(
    path: &str,
    file: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    bounds: &Bounds,
) -> Result<Sheet, Problem> {
    ods::check(bytes, bounds, path)?;
    let book: Ods<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| fail(path, &e))?;
    // OpenDocument dates are written as dates, never as serials.
    read_range(book, path, file, sheet, bounds, false)
}

/// A sheet of a format calamine reads whole (.xls, .ods), once its size was checked.
fn read_range<RS, R>(
    mut book: R,
    path: &str,
    file: &str,
    sheet: Option<&str>,
    bounds: &Bounds,
    epoch_1904: bool,
) -> Result<Sheet, Problem>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let name = sheet_name(&book.sheet_names(), sheet).map_err(|e| Problem::file(path, e))?;
    let source = Source::of_sheet(path, file, &name);
    let range: Range<Data> = book
        .worksheet_range(&name)
        .map_err(|e| cannot_read_sheet(path, &name, &e))?;
    let mut grid = Grid::new(bounds, epoch_1904);
    if let Some((row0, col0)) = range.start() {
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !matches!(cell, Data::Empty) {
                    let at = (row0 + r as u32, col0 + c as u32);
                    grid.add(at, View::of(cell))
                        .map_err(|e| e.problem(&source))?;
                }
            }
        }
    }
    grid.sheet(source)
}

/// A workbook that cannot be read: what calamine says, and what was expected.
fn fail(path: &str, e: &dyn std::fmt::Display) -> Problem {
    Problem::file(
        path,
        format!(
            "cannot read the workbook ({e}), expected an Excel (.xlsx) or OpenDocument (.ods) workbook"
        ),
    )
}

fn cannot_read_sheet(path: &str, name: &str, e: &dyn std::fmt::Display) -> Problem {
    Problem::file(path, format!("cannot read sheet `{name}` ({e})"))
}

/// The sheet to read: the one named, or the first.
fn sheet_name(names: &[String], sheet: Option<&str>) -> Result<String, String> {
    match sheet {
        Some(wanted) => match names.iter().find(|n| n.as_str() == wanted) {
            Some(n) => Ok(n.clone()),
            None => Err(format!(
                "the workbook has no sheet `{wanted}`, expected one of its sheets: {}",
                names.join(", ")
            )),
        },
        None => match names.first() {
            Some(n) => Ok(n.clone()),
            None => Err("the workbook has no sheet, expected at least one".to_string()),
        },
    }
}

/// The most cells a sheet may span (rows × columns from A1 to its farthest cell with a value): 4 Mi
/// cells, or 8 per byte of a larger file. A real sheet of 60,000 rows × 30 columns is 1.8 Mi cells;
/// calamine builds a grid of the span for .xls and .ods (some 70 bytes a cell), so this keeps a small
/// file with one cell at `XFD1048576` (17 Gi cells) from asking for hundreds of GB.
const MIN_CELLS: u64 = 4 << 20;
const CELLS_PER_BYTE: u64 = 8;

/// What a workbook file of its size may hold once inflated and spread out.
pub(crate) struct Bounds {
    /// The file's size in bytes.
    pub file: u64,
    /// The most bytes its zip parts may inflate to, all together (see [`archive`]).
    pub inflated: u64,
    /// The most cells a sheet may span.
    pub cells: u64,
}

impl Bounds {
    fn of(bytes: &[u8]) -> Bounds {
        let file = bytes.len() as u64;
        Bounds {
            file,
            inflated: archive::limit(file),
            cells: MIN_CELLS.max(CELLS_PER_BYTE.saturating_mul(file)),
        }
    }

    /// The problem with a sheet spanning to (`row`, `column`) (0-based), if it spans too many cells.
    pub(crate) fn span(&self, row: u64, column: u64) -> Option<String> {
        let cells = (row + 1).saturating_mul(column + 1);
        (cells > self.cells).then(|| {
            format!(
                "a cell far outside the data: the sheet would span {} rows × {} columns ({cells} cells), more than the {} cells a workbook of {} bytes may span; expected the sheet's data in one block from its first cells",
                row + 1,
                column + 1,
                self.cells,
                self.file
            )
        })
    }
}

/// A cell's value, from calamine's owned or borrowed cells.
#[derive(Clone, Copy)]
enum View<'a> {
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(calamine::ExcelDateTime),
    Error(&'a calamine::CellErrorType),
    Empty,
}

impl<'a> View<'a> {
    fn of(cell: &'a Data) -> View<'a> {
        match cell {
            Data::Empty => View::Empty,
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => View::Text(s),
            Data::Int(n) => View::Int(*n),
            Data::Float(f) => View::Float(*f),
            Data::Bool(b) => View::Bool(*b),
            Data::Error(e) => View::Error(e),
            Data::DateTime(d) => View::Date(*d),
        }
    }

    fn of_ref(cell: &'a DataRef<'_>) -> View<'a> {
        match cell {
            DataRef::Empty => View::Empty,
            DataRef::SharedString(s) => View::Text(s),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => View::Text(s),
            DataRef::Int(n) => View::Int(*n),
            DataRef::Float(f) => View::Float(*f),
            DataRef::Bool(b) => View::Bool(*b),
            DataRef::Error(e) => View::Error(e),
            DataRef::DateTime(d) => View::Date(*d),
        }
    }
}

/// One cell with a value: its row and column (0-based), where its text ends in [`Grid::text`], and
/// what is wrong with it (an error cell, a date Excel cannot show), if anything.
type GridCell = (u32, u32, usize, Option<Box<str>>);

/// A sheet's cells with a value, as read (in any order), their text in one buffer.
struct Grid<'b> {
    bounds: &'b Bounds,
    epoch_1904: bool,
    cells: Vec<GridCell>,
    text: String,
}

/// A cell that ends the reading: its place (0-based) and what is wrong.
struct CellProblem(u32, u32, String);

impl CellProblem {
    fn problem(self, source: &Source) -> Problem {
        Problem::at_col(source, u64::from(self.0) + 1, u64::from(self.1) + 1, self.2)
    }
}

impl<'b> Grid<'b> {
    fn new(bounds: &'b Bounds, epoch_1904: bool) -> Grid<'b> {
        Grid {
            bounds,
            epoch_1904,
            cells: Vec::new(),
            text: String::new(),
        }
    }

    /// Adds a cell (an empty one is no cell); one far outside the data ends the reading.
    fn add(&mut self, (row, col): (u32, u32), cell: View<'_>) -> Result<(), CellProblem> {
        if matches!(cell, View::Empty) {
            return Ok(());
        }
        if let Some(far) = self.bounds.span(u64::from(row), u64::from(col)) {
            return Err(CellProblem(row, col, far));
        }
        let wrong = write_cell(cell, self.epoch_1904, &mut self.text);
        self.cells
            .push((row, col, self.text.len(), wrong.map(Into::into)));
        Ok(())
    }

    /// The sheet's rows as records, the first one the header.
    fn sheet(self, source: Source) -> Result<Sheet, Problem> {
        if self.cells.is_empty() {
            let name = source.sheet.as_ref().map_or("", |s| s.name.as_str());
            return Err(Problem::file(
                &source,
                format!("sheet `{name}` is empty, expected a header row"),
            ));
        }
        // Where each cell's text starts, then the cells in order (a later cell at the same place
        // wins, as in calamine's grid).
        let mut start = 0;
        let mut cells: Vec<_> = self
            .cells
            .into_iter()
            .map(|(row, col, end, wrong)| {
                let span = start..end;
                start = end;
                (row, col, span, wrong)
            })
            .collect();
        if !cells.is_sorted_by_key(|c| (c.0, c.1)) {
            cells.sort_by_key(|c| (c.0, c.1));
        }
        let text = &self.text;
        let row0 = cells[0].0;
        let col0 = cells.iter().map(|c| c.1).min().unwrap_or(0);
        let header_cells = cells.iter().take_while(|c| c.0 == row0);
        let width = header_cells
            .clone()
            .map(|c| c.1 - col0 + 1)
            .max()
            .unwrap_or(0) as usize;
        let mut header = vec![String::new(); width];
        for (_, col, span, _) in header_cells {
            header[(col - col0) as usize] = text[span.clone()].trim().to_string();
        }
        let mut out = Vec::new();
        let mut rest = cells.iter().skip_while(|c| c.0 == row0).peekable();
        let mut fields = vec![0..0; width];
        while let Some(&&(row, ..)) = rest.peek() {
            fields.iter_mut().for_each(|f| *f = 0..0);
            let mut errors: Vec<(usize, String)> = Vec::new();
            while let Some((_, col, span, wrong)) = rest.next_if(|c| c.0 == row) {
                let field = (col - col0) as usize;
                if field < width {
                    fields[field] = span.clone();
                    errors.retain(|(f, _)| *f != field);
                    if let Some(wrong) = wrong {
                        errors.push((field, wrong.to_string()));
                    }
                }
            }
            let mut record = ByteRecord::with_capacity(64, width);
            for span in &fields {
                record.push_field(text[span.clone()].as_bytes());
            }
            out.push(SheetRecord {
                line: u64::from(row) + 1,
                record,
                errors,
            });
        }
        Ok(Sheet {
            source,
            first_column: col0,
            header_line: u64::from(row0) + 1,
            header,
            height: out.len(),
            rows: out.into_iter(),
        })
    }
}

/// The last serial day Excel shows (9999-12-31) in the 1900 and the 1904 date systems.
const LAST_SERIAL_1900: f64 = 2_958_465.0;
const LAST_SERIAL_1904: f64 = 2_958_465.0 - 1_462.0;

/// Writes a cell as the CSV reader would have it written (see the module's documentation); what is
/// wrong with it when it is an error cell or a date Excel cannot show.
fn write_cell(cell: View<'_>, epoch_1904: bool, out: &mut String) -> Option<String> {
    use std::fmt::Write;
    match cell {
        View::Empty => {}
        View::Text(s) => out.push_str(s),
        View::Int(n) => {
            let _ = write!(out, "{n}");
        }
        View::Float(f) => write_number(f, out),
        View::Bool(b) => out.push_str(if b { "TRUE" } else { "FALSE" }),
        View::Error(e) => {
            let _ = write!(out, "{e}");
            return Some(format!(
                "holds the error {e}, expected a value (the formula there fails)"
            ));
        }
        View::Date(d) if d.is_datetime() => return write_date(d, epoch_1904, out),
        // A duration ([h]:mm) is its number of days.
        View::Date(d) => write_number(d.as_f64(), out),
    }
    None
}

/// A date cell `YYYY-MM-DD` (`YYYY-MM-DDTHH:MM:SS` with a time); a serial Excel cannot show as a
/// date (negative, before 1900-01-01, after 9999-12-31) is written as it is and is wrong.
fn write_date(d: calamine::ExcelDateTime, epoch_1904: bool, out: &mut String) -> Option<String> {
    use std::fmt::Write;
    let serial = d.as_f64();
    let (first, last) = if epoch_1904 {
        (0.0, LAST_SERIAL_1904)
    } else {
        (1.0, LAST_SERIAL_1900)
    };
    let outside = if serial.is_nan() || serial < first {
        Some("before 1900-01-01")
    } else if serial >= last + 1.0 {
        Some("after 9999-12-31")
    } else {
        None
    };
    if let Some(outside) = outside {
        let start = out.len();
        write_number(serial, out);
        return Some(format!(
            "holds the date serial {}, a day {outside} that Excel cannot show, expected a date from 1900-01-01 to 9999-12-31",
            &out[start..]
        ));
    }
    let (y, mo, da, h, mi, s, ms) = d.to_ymd_hms_milli();
    let _ = write!(out, "{y:04}-{mo:02}-{da:02}");
    if (h, mi, s, ms) != (0, 0, 0, 0) {
        let _ = write!(out, "T{h:02}:{mi:02}:{s:02}");
        if ms != 0 {
            let _ = write!(out, ".{ms:03}");
        }
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text(cell: Data) -> String {
        let mut text = String::new();
        write_cell(View::of(&cell), false, &mut text);
        text
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
    fn workbooks_are_known_by_their_first_bytes() {
        assert!(is_workbook_magic(b"PK\x03\x04\x14\x00\x06\x00"));
        assert!(is_workbook_magic(OLE));
        assert!(!is_workbook_magic(b"employee_id,name"));
        assert!(!is_workbook_magic(b"PK"));
    }
}
