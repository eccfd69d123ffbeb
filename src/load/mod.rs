//! The CSV exports: staff, completions, the unit tree and exemptions, read into the model.
//!
//! [`CsvFile`] is the one place files are opened: a path, or `-` for standard input. Columns are found by
//! header name (trimmed, case-insensitive, any order, extra columns ignored); each record is checked for
//! its number of fields, and every problem carries the file and line. Rows whose fields are all empty
//! (an Excel export's trailing `;;;;`) are skipped like blank lines.

pub mod completions;
pub mod exemptions;
pub mod staff;
pub mod units;

use std::fs::File;
use std::io::{self, Read};

use csv::ByteRecord;

use crate::diag::{Diagnostics, Problem};

pub use completions::{Completion, Completions};
pub use exemptions::Exemptions;
pub use staff::{Assignment, LevelRef, People, Staff};
pub use units::UnitTree;

/// An open CSV export with its header read.
pub struct CsvFile {
    pub path: String,
    reader: csv::Reader<Box<dyn Read>>,
    header: Vec<String>,
    record: ByteRecord,
    /// Data rows read (not counting the header and skipped blank rows).
    pub rows: u64,
}

/// One record of a [`CsvFile`], borrowed until the next one is read.
pub struct Row<'a> {
    pub path: &'a str,
    pub line: u64,
    record: &'a ByteRecord,
}

impl Row<'_> {
    /// The raw bytes of a field, trimmed of ASCII white space.
    pub fn bytes(&self, column: usize) -> &[u8] {
        self.record.get(column).unwrap_or_default().trim_ascii()
    }

    /// A field as text, trimmed.
    pub fn text(&self, column: usize, name: &str) -> Result<&str, Problem> {
        let bytes = self.bytes(column);
        std::str::from_utf8(bytes).map(str::trim).map_err(|_| {
            self.problem(format!(
                "field {name} is not UTF-8 text, expected UTF-8 (or use a UTF-8 export)"
            ))
        })
    }

    /// An optional field: `None` when the column is absent.
    pub fn opt_text(&self, column: Option<usize>, name: &str) -> Result<&str, Problem> {
        match column {
            Some(c) => self.text(c, name),
            None => Ok(""),
        }
    }

    /// A problem on this row's line.
    pub fn problem(&self, message: impl Into<String>) -> Problem {
        Problem::at(self.path, self.line, message)
    }
}

fn open_reader(path: &str) -> io::Result<Box<dyn Read>> {
    if path == "-" {
        Ok(Box::new(io::stdin()))
    } else {
        Ok(Box::new(File::open(path)?))
    }
}

impl CsvFile {
    /// Opens a file (or `-`, standard input) and reads its header line.
    pub fn open(path: &str) -> Result<CsvFile, Problem> {
        let reader = open_reader(path)
            .map_err(|e| Problem::file(path, format!("cannot read the file: {e}")))?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(reader);
        let mut first = ByteRecord::new();
        let got = reader
            .read_byte_record(&mut first)
            .map_err(|e| Problem::file(path, format!("cannot read the header: {e}")))?;
        if !got {
            return Err(Problem::file(
                path,
                "the file is empty, expected a header line",
            ));
        }
        let mut header = Vec::with_capacity(first.len());
        for (i, field) in first.iter().enumerate() {
            let field = if i == 0 {
                field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field)
            } else {
                field
            };
            let name = std::str::from_utf8(field).map_err(|_| {
                Problem::at(path, 1, "the header is not UTF-8 text, expected UTF-8")
            })?;
            header.push(name.trim().to_lowercase());
        }
        Ok(CsvFile {
            path: path.to_string(),
            reader,
            header,
            record: ByteRecord::new(),
            rows: 0,
        })
    }

    /// The index of a column by name, if the header has it.
    pub fn column(&self, name: &str) -> Result<Option<usize>, Problem> {
        let mut found = self
            .header
            .iter()
            .enumerate()
            .filter(|(_, h)| *h == name)
            .map(|(i, _)| i);
        let first = found.next();
        if found.next().is_some() {
            return Err(Problem::at(
                &self.path,
                1,
                format!("column `{name}` appears twice in the header, expected it once"),
            ));
        }
        Ok(first)
    }

    /// The index of a column the file must have.
    pub fn require(&self, name: &str) -> Result<usize, Problem> {
        self.column(name)?.ok_or_else(|| {
            Problem::at(
                &self.path,
                1,
                format!(
                    "missing required column `{name}`; the header has: {}",
                    self.header.join(", ")
                ),
            )
        })
    }

    /// The next data row. A row with the wrong number of fields is reported (an error) and skipped when
    /// problems are being collected.
    pub fn next_row(&mut self, diag: &mut Diagnostics) -> Result<Option<Row<'_>>, Problem> {
        loop {
            let more = self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(|e| {
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    Problem::at(&self.path, line.max(1), format!("cannot read the row: {e}"))
                })?;
            if !more {
                return Ok(None);
            }
            if self.record.iter().all(|f| f.trim_ascii().is_empty()) {
                continue;
            }
            let line = self.record.position().map(|p| p.line()).unwrap_or(0);
            if self.record.len() != self.header.len() {
                let msg = format!(
                    "the row has {} fields, expected {} as in the header",
                    self.record.len(),
                    self.header.len()
                );
                diag.error(Problem::at(&self.path, line, msg))?;
                continue;
            }
            self.rows += 1;
            return Ok(Some(Row {
                path: &self.path,
                line,
                record: &self.record,
            }));
        }
    }
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
