//! The reader under every input: the generic CSV engine and the workbooks read as CSV. The inputs
//! themselves (one file each in [`super`]) read its rows into the model's records.
//!
//! [`CsvFile`] is the one place files are opened: a path, or `-` for standard input. It reads what
//! Swedish HR and learning systems export:
//!
//! - **Encoding**: UTF-8 with or without a byte-order mark; UTF-16 with a byte-order mark (Excel's
//!   "Unicode text"); and Windows-1252 (ISO-8859-1) for a whole file that is not UTF-8 (a warning), or
//!   with `--encoding windows-1252`. A file that mixes the two is an error ([`text`]).
//! - **Separator**: comma, semicolon or tab, the one the header line uses most (outside quotes), or
//!   `--delimiter`. LF, CRLF or CR-only line ends; quoted fields; a record longer than 1 MiB is an
//!   error ([`records`]).
//! - **Fields** are trimmed of all Unicode white space; an id, code, role, level or unit column's field
//!   with a control character is an error.
//! - **Column names**: found by header name (trimmed, case-insensitive, any order, extra columns
//!   ignored); the plan's `columns:` section may give each contract column the name the file uses.
//!   Messages name a column as the file spells it.
//!
//! Each record is checked for its number of fields and every problem carries the file and line. Rows
//! whose fields are all empty (an Excel export's trailing `;;;;`) are skipped like blank lines.

pub mod parallel;
pub mod records;
pub mod text;
pub mod workbook;

use crate::load::path::InputPath;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Cursor, Read};
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

use csv::ByteRecord;
use encoding_rs::WINDOWS_1252;
use encoding_rs_io::DecodeReaderBytesBuilder;

use super::{ids, kinds};
use crate::diag::{Diagnostics, Problem, Source};
use crate::error::AsSource;
use crate::plan::key;
use records::{BLOCK, Blocks, Fields, Next, Scanner, TooLong};
use text::{BlockText, FileText, Mixed, classify, is_control};

pub use parallel::Part;

/// How the bytes of an export are text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 if the whole file is, else Windows-1252 for the whole file; a byte-order mark decides first.
    #[default]
    Auto,
    Utf8,
    Windows1252,
}

/// How to read the exports: from the command line and the plan.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub encoding: Encoding,
    /// The field separator; `None` = detect it from the header line.
    pub delimiter: Option<u8>,
    /// Per file kind (`staff`, `completions`, `units`, `exemptions`): contract column -> the file's name.
    pub columns: HashMap<&'static str, HashMap<&'static str, String>>,
    /// Whether the plan maps job titles to roles (`titles:`), so that a staff export may have a title
    /// column instead of a role column.
    pub titles: bool,
    /// How employee ids compare (`--id-format`).
    pub ids: ids::IdOptions,
    /// `--recording DATE`: the recorded inputs, by the names that stand for their files.
    pub recorded: Recorded,
}

/// The texts of a recording's inputs, each under the name the loader is given for it.
pub type Recorded = Option<std::sync::Arc<Vec<(String, std::sync::Arc<[u8]>)>>>;

/// The recorded text a name stands for, if it is one.
pub fn recorded<'r>(recorded: &'r Recorded, path: &str) -> Option<&'r std::sync::Arc<[u8]>> {
    recorded
        .as_ref()?
        .iter()
        .find(|(name, _)| name == path)
        .map(|(_, bytes)| bytes)
}

/// An open CSV export with its header read; records come from [`records`].
pub struct CsvFile {
    /// The file as given (for a workbook, with its sheet), for messages.
    pub path: Source,
    blocks: Blocks,
    block: Vec<u8>,
    scanner: Scanner,
    slow: ByteRecord,
    is_slow: bool,
    record_line: u64,
    /// The header's names as the file spells them (trimmed).
    header: Vec<String>,
    header_keys: Vec<String>,
    /// Contract column -> the name the plan's `columns:` gives it in this kind of file.
    mapped: HashMap<&'static str, String>,
    encoding: Encoding,
    /// What the block being read has, and what the blocks so far had.
    block_text: BlockText,
    file_text: FileText,
    /// Whether the warning that the file is Windows-1252 was given.
    warned: bool,
    /// The columns whose fields may hold no control character (ids, codes, roles, levels, units), as
    /// the loader asks for them.
    checked: Vec<AtomicBool>,
    /// Data rows read (not counting the header and skipped blank rows).
    pub rows: u64,
    /// About how many rows the file has, from its size and its first block (none for standard input).
    pub estimated_rows: Option<usize>,
    /// The line (a sheet's row) of the header.
    header_line: u64,
    /// A workbook's sheet, whose rows are the records ([`workbook`]); `None` for a CSV export.
    sheet: Option<Box<workbook::Sheet>>,
    /// The record's error cells (a sheet's `#N/A`), by field.
    cell_errors: Vec<(usize, String)>,
    /// The columns the loader reads (an error cell in another column is not looked at).
    used: Vec<AtomicBool>,
}

/// One record of a [`CsvFile`], borrowed until the next one is read.
pub struct Row<'a> {
    pub path: &'a Source,
    pub line: u64,
    fields: Fields<'a>,
    header: &'a [String],
    encoding: Encoding,
    /// The block's bytes are Windows-1252.
    latin: bool,
    /// The block has control characters: fields of `checked` columns are looked at.
    controls: bool,
    checked: &'a [AtomicBool],
    delimiter: u8,
    /// For a workbook's row, the sheet column of the first field (0 = A), so that a field's problem
    /// names its cell.
    first_column: Option<u32>,
}

/// Decodes bytes as the file's encoding says (with `--encoding auto`, as their block is: `latin`);
/// `None` when they are not UTF-8 and UTF-8 was required.
fn decode(bytes: &[u8], encoding: Encoding, latin: bool) -> Option<Cow<'_, str>> {
    if encoding == Encoding::Utf8 || !latin {
        match std::str::from_utf8(bytes) {
            Ok(text) => return Some(Cow::Borrowed(text)),
            Err(_) if encoding == Encoding::Utf8 => return None,
            Err(_) => {}
        }
    }
    Some(WINDOWS_1252.decode_without_bom_handling(bytes).0)
}

/// The contract columns whose fields may hold no control character.
const CHECKED: [&str; 7] = [
    "employee_id",
    "unit",
    "parent",
    "role",
    "title",
    "level",
    "course",
];

/// Trims a decoded field (already trimmed of ASCII white space), keeping it borrowed where it was.
fn trimmed(text: Cow<'_, str>) -> Cow<'_, str> {
    // Only a non-ASCII end can be Unicode white space (a no-break space, say).
    let ascii_ends = |t: &str| {
        t.as_bytes().first().is_none_or(u8::is_ascii)
            && t.as_bytes().last().is_none_or(u8::is_ascii)
    };
    match text {
        Cow::Borrowed(t) if ascii_ends(t) => Cow::Borrowed(t),
        Cow::Borrowed(t) => Cow::Borrowed(t.trim()),
        Cow::Owned(t) if t.trim().len() == t.len() => Cow::Owned(t),
        Cow::Owned(t) => Cow::Owned(t.trim().to_string()),
    }
}

impl<'a> Row<'a> {
    /// The raw bytes of a field, trimmed of ASCII white space.
    pub fn bytes(&self, column: usize) -> &'a [u8] {
        self.fields.get(column).trim_ascii()
    }

    /// The column's name as the file spells it.
    pub fn name(&self, column: usize) -> &'a str {
        self.header.get(column).map_or("?", String::as_str)
    }

    /// An error if the field holds a control character (C0 but tab, unless tab is the separator; DEL).
    /// Fields of an id, code, role, level or unit column are looked at by [`Row::text`]; this is for
    /// fields read as bytes. Free unless the block has a control character or the record was quoted.
    #[inline]
    pub fn check_controls(&self, column: usize) -> Result<(), Problem> {
        if !self.controls && matches!(self.fields, Fields::Fast(..)) {
            return Ok(());
        }
        let raw = self.fields.get(column);
        match raw.iter().find(|&&b| is_control(b, self.delimiter)) {
            None => Ok(()),
            Some(&b) => Err(self.problem(format!(
                "{} `{}` holds a control character (U+{b:04X}), expected text without control characters",
                self.name(column),
                // As written: what prints messages shows control characters escaped.
                decode(raw, self.encoding, self.latin)
                    .unwrap_or_else(|| String::from_utf8_lossy(raw))
            ))),
        }
    }

    /// A field as text, trimmed (of all Unicode white space).
    pub fn text(&self, column: usize) -> Result<Cow<'a, str>, Problem> {
        if self.checked.get(column).is_some_and(|c| c.load(Relaxed)) {
            self.check_controls(column)?;
        }
        match decode(self.bytes(column), self.encoding, self.latin) {
            Some(text) => Ok(trimmed(text)),
            None => Err(self.problem(format!(
                "field {} is not UTF-8 text, expected UTF-8 as --encoding utf-8 says (or --encoding windows-1252)",
                self.name(column)
            ))),
        }
    }

    /// An optional field: empty when the column is absent.
    pub fn opt_text(&self, column: Option<usize>) -> Result<Cow<'a, str>, Problem> {
        match column {
            Some(c) => self.text(c),
            None => Ok(Cow::Borrowed("")),
        }
    }

    /// A field that must not be empty; `expected` says what belongs there.
    pub fn required(&self, column: usize, expected: &str) -> Result<Cow<'a, str>, Problem> {
        let text = self.text(column)?;
        if text.is_empty() {
            return Err(self.field_problem(
                column,
                format!("{} is empty, expected {expected}", self.name(column)),
            ));
        }
        Ok(text)
    }

    /// A problem on this row's line.
    pub fn problem(&self, message: impl Into<String>) -> Problem {
        Problem::at(self.path, self.line, message)
    }

    /// A problem with one field of this row: on its line, and for a workbook in its cell.
    pub fn field_problem(&self, column: usize, message: impl Into<String>) -> Problem {
        match self.first_column {
            None => Problem::at(self.path, self.line, message),
            Some(first) => Problem::at_col(
                self.path,
                self.line,
                u64::from(first) + column as u64 + 1,
                message,
            ),
        }
    }
}

/// The problem a failed read is: a record too long, on its line; a mix of encodings; else the file
/// cannot be read.
fn read_problem(path: &(impl AsSource + ?Sized), e: io::Error) -> Problem {
    let inner = e.get_ref();
    if let Some(long) = inner.and_then(|inner| inner.downcast_ref::<TooLong>()) {
        return Problem::at(path, long.line, long.to_string());
    }
    if let Some(mixed) = inner.and_then(|inner| inner.downcast_ref::<Mixed>()) {
        return Problem::file(path, mixed.to_string());
    }
    Problem::file(path, format!("cannot read the file: {e}"))
}

fn open_reader(path: &str) -> io::Result<Box<dyn Read + Send>> {
    if path == "-" {
        Ok(Box::new(io::stdin()))
    } else {
        Ok(Box::new(File::open(path)?))
    }
}

/// The separator the header line uses most, outside quotes: comma, then semicolon, then tab on a tie.
fn detect_delimiter(first_line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in first_line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            b'\n' if !quoted => break,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

impl CsvFile {
    /// Opens a file (or `-`, standard input) of a kind (`staff`, `completions`, ...) and reads its header.
    pub fn open(path: &InputPath, kind: &str, options: &ReadOptions) -> Result<CsvFile, Problem> {
        let (book, path) = (&path.workbook, path.given.as_str());
        if let Some((file, sheet)) = book {
            let sheet = workbook::read(path, file, sheet.as_deref())?;
            return CsvFile::of_sheet(kind, options, sheet).checked_kind(kind, options);
        }
        let cannot = |e: io::Error| Problem::file(path, format!("cannot read the file: {e}"));
        let mut source = match recorded(&options.recorded, path) {
            Some(bytes) => Box::new(Cursor::new(bytes.clone())),
            None => open_reader(path).map_err(cannot)?,
        };
        if path == "-" {
            // Standard input may be a workbook too: its first bytes say.
            let mut head = Vec::with_capacity(8);
            source
                .by_ref()
                .take(8)
                .read_to_end(&mut head)
                .map_err(cannot)?;
            if workbook::is_workbook_magic(&head) {
                source.read_to_end(&mut head).map_err(cannot)?;
                let sheet = workbook::read_bytes(path, path, &head, None)?;
                return CsvFile::of_sheet(kind, options, sheet).checked_kind(kind, options);
            }
            source = Box::new(Cursor::new(head).chain(source));
        }
        let forced = match options.encoding {
            Encoding::Windows1252 => Some(WINDOWS_1252),
            _ => None,
        };
        // A byte-order mark decides the encoding (UTF-16 is transcoded to UTF-8) and is dropped; without
        // one, the bytes pass through and fields are decoded one by one.
        let decoded = DecodeReaderBytesBuilder::new()
            .encoding(forced)
            .bom_override(true)
            .utf8_passthru(true)
            .strip_bom(true)
            .build(source);
        // Once transcoded from a BOM or a forced encoding, the bytes are UTF-8.
        let encoding = if forced.is_some() {
            Encoding::Utf8
        } else {
            options.encoding
        };
        let io_error = |e: io::Error| read_problem(path, e);
        let mut blocks = Blocks::new(Box::new(decoded));
        let (block, line) = blocks.next(BLOCK).map_err(io_error)?.unwrap_or_default();
        let lines = memchr::memchr_iter(b'\n', &block).count().max(1);
        let estimated_rows = std::fs::metadata(path)
            .ok()
            .filter(|m| m.is_file() && !block.is_empty())
            .map(|m| (m.len() as f64 * lines as f64 / block.len() as f64 * 1.02) as usize + 16);
        // The first line decides the separator.
        let first = &block[..memchr::memchr(b'\n', &block).unwrap_or(block.len())];
        let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(first));
        let mut file = CsvFile {
            path: Source::new(path),
            blocks,
            block,
            scanner: Scanner::new(line.max(1), delimiter),
            slow: ByteRecord::new(),
            is_slow: false,
            record_line: 0,
            header: Vec::new(),
            header_keys: Vec::new(),
            mapped: options.columns.get(kind).cloned().unwrap_or_default(),
            encoding,
            block_text: BlockText::default(),
            file_text: FileText::default(),
            warned: false,
            checked: Vec::new(),
            rows: 0,
            estimated_rows,
            header_line: 1,
            sheet: None,
            cell_errors: Vec::new(),
            used: Vec::new(),
        };
        file.look_at_block(line.max(1)).map_err(io_error)?;
        if !file.read_record().map_err(io_error)? {
            return Err(Problem::file(
                path,
                "the file is empty, expected a header line",
            ));
        }
        file.header_line = file.record_line;
        let fields = file.fields();
        let mut header = Vec::with_capacity(fields.len());
        for i in 0..fields.len() {
            let name = decode(fields.get(i), encoding, file.block_text.latin.is_some())
                .ok_or_else(|| {
                    Problem::at(
                        path,
                        1,
                        "the header is not UTF-8 text, expected UTF-8 (or --encoding windows-1252)",
                    )
                })?;
            header.push(name.trim().to_string());
        }
        file.header_keys = header.iter().map(|h| key(h).into()).collect();
        file.checked = header.iter().map(|_| AtomicBool::new(false)).collect();
        file.used = header.iter().map(|_| AtomicBool::new(false)).collect();
        file.header = header;
        file.checked_kind(kind, options)
    }

    /// The file, unless its header says it is another kind of input than `kind` ([`kinds::check`]).
    fn checked_kind(self, kind: &str, options: &ReadOptions) -> Result<CsvFile, Problem> {
        kinds::check(
            &self.path,
            self.header_line,
            kind,
            &self.header,
            &options.columns,
        )?;
        Ok(self)
    }

    /// The header's names as the file spells them (trimmed).
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// A workbook's sheet, read as a CSV export is: its rows are the records, their lines the rows.
    fn of_sheet(kind: &str, options: &ReadOptions, sheet: workbook::Sheet) -> CsvFile {
        let mut sheet = Box::new(sheet);
        let header = std::mem::take(&mut sheet.header);
        CsvFile {
            path: sheet.source.clone(),
            blocks: Blocks::new(Box::new(io::empty())),
            block: Vec::new(),
            scanner: Scanner::new(1, b','),
            slow: ByteRecord::new(),
            is_slow: true,
            record_line: sheet.header_line,
            header_keys: header.iter().map(|h| key(h).into()).collect(),
            checked: header.iter().map(|_| AtomicBool::new(false)).collect(),
            used: header.iter().map(|_| AtomicBool::new(false)).collect(),
            header,
            mapped: options.columns.get(kind).cloned().unwrap_or_default(),
            // Cells are Unicode text.
            encoding: Encoding::Utf8,
            block_text: BlockText::default(),
            file_text: FileText::default(),
            warned: false,
            rows: 0,
            estimated_rows: Some(sheet.height),
            header_line: sheet.header_line,
            sheet: Some(sheet),
            cell_errors: Vec::new(),
        }
    }

    fn fields(&self) -> Fields<'_> {
        if self.is_slow {
            Fields::Slow(&self.slow)
        } else {
            Fields::Fast(&self.block, &self.scanner.spans)
        }
    }

    /// Looks at the bytes of a new block (starting on `line`): a mix of encodings is the error.
    fn look_at_block(&mut self, line: u64) -> io::Result<()> {
        self.block_text = classify(&self.block, line, self.encoding == Encoding::Auto);
        self.file_text
            .add(self.block_text)
            .map_err(|mixed| io::Error::new(io::ErrorKind::InvalidData, mixed))
    }

    /// The warning that the file is not UTF-8 and read as Windows-1252, once it is known.
    pub fn encoding_warning(&self) -> Option<Problem> {
        self.file_text.latin.map(|line| {
            Problem::file(
                &self.path,
                format!(
                    "not UTF-8 (line {line} is the first line that is not), read as Windows-1252; --encoding windows-1252 reads it so without this warning"
                ),
            )
        })
    }

    /// Reads the next record (its line in `record_line`); false at the end.
    fn read_record(&mut self) -> io::Result<bool> {
        if let Some(sheet) = &mut self.sheet {
            let Some(next) = sheet.rows.next() else {
                return Ok(false);
            };
            self.slow = next.record;
            self.record_line = next.line;
            self.cell_errors = next.errors;
            return Ok(true);
        }
        loop {
            match self.scanner.next(&self.block)? {
                Next::Fast(line) => {
                    self.is_slow = false;
                    self.record_line = line;
                    return Ok(true);
                }
                Next::Slow(line, record) => {
                    self.slow = record;
                    self.is_slow = true;
                    self.record_line = line;
                    return Ok(true);
                }
                Next::End => match self.blocks.next(BLOCK)? {
                    Some((block, line)) => {
                        self.block = block;
                        self.scanner.reset(line);
                        self.look_at_block(line)?;
                    }
                    None => return Ok(false),
                },
            }
        }
    }

    /// Marks a column an id, code, role, level or unit one when the loader asks for one of those.
    fn mark(&self, contract: &str, found: Option<usize>) -> Option<usize> {
        if let Some(cell) = found.and_then(|i| self.used.get(i)) {
            cell.store(true, Relaxed);
        }
        if let Some(i) = found
            && CHECKED.contains(&contract)
            && let Some(cell) = self.checked.get(i)
        {
            cell.store(true, Relaxed);
        }
        found
    }

    fn find(&self, name: &str) -> Result<Option<usize>, Problem> {
        let k = key(name);
        let mut found = self
            .header_keys
            .iter()
            .enumerate()
            .filter(|(_, h)| **h == *k)
            .map(|(i, _)| i);
        let first = found.next();
        if let (Some(a), Some(_)) = (first, found.next()) {
            return Err(Problem::at(
                &self.path,
                self.header_line,
                format!(
                    "column `{}` appears twice in the header, expected it once",
                    self.header[a]
                ),
            ));
        }
        Ok(first)
    }

    /// The index of a contract column (by the name the plan's `columns:` gives it, else its own name),
    /// if the header has it.
    pub fn column(&self, contract: &'static str) -> Result<Option<usize>, Problem> {
        if let Some(name) = self.mapped.get(contract)
            && let Some(i) = self.find(name)?
        {
            return Ok(self.mark(contract, Some(i)));
        }
        Ok(self.mark(contract, self.find(contract)?))
    }

    /// The first of several names the header has.
    pub fn column_of(&self, names: &[&str]) -> Result<Option<usize>, Problem> {
        for name in names {
            if let Some(i) = self.find(name)? {
                // A staff export's `befattning` is its title.
                return Ok(self.mark("title", Some(i)));
            }
        }
        Ok(None)
    }

    /// The index of a column the file must have.
    pub fn require(&self, contract: &'static str) -> Result<usize, Problem> {
        self.column(contract)?
            .ok_or_else(|| self.missing(contract, ""))
    }

    /// The error for a missing column; `or` says what else would have done.
    pub fn missing(&self, contract: &str, or: &str) -> Problem {
        let wanted = match self.mapped.get(contract) {
            Some(name) => format!("`{name}` (the plan's columns name {contract} so){or}"),
            None => format!("`{contract}`{or}"),
        };
        Problem::at(
            &self.path,
            self.header_line,
            format!(
                "missing required column {wanted}; the header has: {}",
                self.header.join(", ")
            ),
        )
    }

    /// Bytes of this file as text, as its fields are decoded (invalid UTF-8 replaced).
    pub fn decode_lossy(&self, bytes: &[u8]) -> String {
        match decode(bytes, self.encoding, self.file_text.latin.is_some()) {
            Some(text) => text.into_owned(),
            None => String::from_utf8_lossy(bytes).into_owned(),
        }
    }

    /// The next data row. A row with the wrong number of fields is reported (an error) and skipped when
    /// problems are being collected.
    pub fn next_row(&mut self, diag: &mut Diagnostics) -> Result<Option<Row<'_>>, Problem> {
        loop {
            let more = self
                .read_record()
                .map_err(|e| read_problem(&self.path, e))?;
            if !self.warned
                && let Some(warning) = self.encoding_warning()
            {
                self.warned = true;
                diag.note(warning);
            }
            if !more {
                return Ok(None);
            }
            match check(
                self.fields(),
                self.header.len(),
                &self.path,
                self.record_line,
            ) {
                None => continue,
                Some(Err(problem)) => {
                    diag.error(problem)?;
                    continue;
                }
                Some(Ok(())) => {}
            }
            if let Some(problem) = self.error_cell() {
                diag.error(problem)?;
                continue;
            }
            self.rows += 1;
            return Ok(Some(Row {
                path: &self.path,
                line: self.record_line,
                fields: if self.is_slow {
                    Fields::Slow(&self.slow)
                } else {
                    Fields::Fast(&self.block, &self.scanner.spans)
                },
                header: &self.header,
                encoding: self.encoding,
                latin: self.block_text.latin.is_some(),
                controls: self.block_text.controls,
                checked: &self.checked,
                delimiter: self.scanner.delimiter(),
                first_column: self.sheet.as_ref().map(|s| s.first_column),
            }));
        }
    }
}

impl CsvFile {
    /// A sheet's row with an error cell (`#N/A`) or a date Excel cannot show in a column that is read:
    /// the problem, at the cell.
    fn error_cell(&self) -> Option<Problem> {
        let sheet = self.sheet.as_ref()?;
        let (field, error) = self
            .cell_errors
            .iter()
            .find(|(f, _)| self.used.get(*f).is_some_and(|u| u.load(Relaxed)))?;
        Some(Problem::at_col(
            &self.path,
            self.record_line,
            u64::from(sheet.first_column) + *field as u64 + 1,
            format!("{} {error}", self.header[*field]),
        ))
    }
}

/// Whether a record is a row: `None` for a blank one (skipped), an error for the wrong number of fields.
fn check(
    fields: Fields<'_>,
    width: usize,
    path: &(impl AsSource + ?Sized),
    line: u64,
) -> Option<Result<(), Problem>> {
    if fields.is_blank() {
        return None;
    }
    if fields.len() != width {
        let msg = format!(
            "the row has {} fields, expected {width} as in the header",
            fields.len()
        );
        return Some(Err(Problem::at(path, line, msg)));
    }
    Some(Ok(()))
}

/// Runs `step` on every row, so that a row's error stops the run, or in `validate` is collected and the
/// reading goes on.
pub fn each_row(
    file: &mut CsvFile,
    diag: &mut Diagnostics,
    mut step: impl FnMut(&Row<'_>, &mut Diagnostics) -> Result<(), Problem>,
) -> Result<(), Problem> {
    while let Some(row) = file.next_row(diag)? {
        if let Err(problem) = step(&row, diag) {
            diag.error(problem)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_the_one_the_header_uses_most_outside_quotes() {
        assert_eq!(detect_delimiter(b"a,b,c\n1;2"), b',');
        assert_eq!(detect_delimiter(b"a;b;c\r\n"), b';');
        assert_eq!(detect_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter(b"\"a,b\";c"), b';');
        assert_eq!(detect_delimiter(b"one"), b',');
        assert_eq!(detect_delimiter(b"a,b;c"), b',');
    }

    #[test]
    fn fields_decode_as_their_block_is() {
        assert_eq!(
            decode("Åsa".as_bytes(), Encoding::Auto, false).unwrap(),
            "Åsa"
        );
        assert_eq!(
            decode(b"\xC5sa \xD6berg", Encoding::Auto, true).unwrap(),
            "Åsa Öberg"
        );
        assert_eq!(decode(b"\x80", Encoding::Auto, true).unwrap(), "€");
        assert!(decode(b"\xC5sa", Encoding::Utf8, false).is_none());
    }
}
