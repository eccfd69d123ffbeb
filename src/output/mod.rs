//! Where output goes, and the shared ways of printing rows.
//!
//! [`Output`] is standard output or a `--output` file. A file is written to a temporary name beside it
//! and renamed into place only when the whole output is written, so a failed run never leaves a partial
//! file (and an existing file is kept as it was).

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use comfy_table::{ContentArrangement, LineStyle, Table, TableStyle};
use serde::Serialize;

/// Standard output or an atomically written file.
pub enum Output {
    Stdout(BufWriter<io::StdoutLock<'static>>),
    File {
        writer: Option<BufWriter<File>>,
        temp: PathBuf,
        dest: PathBuf,
    },
}

impl Output {
    pub fn open(path: Option<&str>) -> Result<Output> {
        let Some(path) = path else {
            return Ok(Output::Stdout(BufWriter::with_capacity(
                1 << 16,
                io::stdout().lock(),
            )));
        };
        let dest = PathBuf::from(path);
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let file_name = dest
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        if file_name.is_empty() {
            anyhow::bail!("{path}: not a file name, expected --output FILE");
        }
        let temp = dir.join(format!(".{file_name}.kvu-{}.tmp", std::process::id()));
        let file =
            File::create(&temp).with_context(|| format!("{path}: cannot write the output"))?;
        Ok(Output::File {
            writer: Some(BufWriter::with_capacity(1 << 16, file)),
            temp,
            dest,
        })
    }

    /// Flushes, and for a file renames it into place.
    pub fn finish(mut self) -> Result<()> {
        match &mut self {
            Output::Stdout(w) => w.flush().map_err(anyhow::Error::from),
            Output::File { writer, temp, dest } => {
                let w = writer.take().expect("finish is called once");
                let file = w.into_inner().map_err(|e| e.into_error())?;
                file.sync_all()?;
                drop(file);
                std::fs::rename(&*temp, &*dest)
                    .with_context(|| format!("{}: cannot write the output", dest.display()))?;
                Ok(())
            }
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Output::File { writer, temp, .. } = self
            && writer.take().is_some()
        {
            let _ = std::fs::remove_file(&*temp);
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File { writer, .. } => writer.as_mut().expect("open until finished").write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.write_all(buf),
            Output::File { writer, .. } => {
                writer.as_mut().expect("open until finished").write_all(buf)
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File { writer, .. } => writer.as_mut().map_or(Ok(()), |w| w.flush()),
        }
    }
}

/// `--excel-safe`: set once by `main` before any output is written.
static EXCEL_SAFE: AtomicBool = AtomicBool::new(false);

pub fn set_excel_safe(on: bool) {
    EXCEL_SAFE.store(on, Ordering::Relaxed);
}

/// A cell as `--excel-safe` writes it: a leading `'` before `=`, `+`, `-`, `@`, tab or CR, so that a
/// spreadsheet takes the cell as text, not a formula (OWASP's advice on CSV injection).
pub fn excel_safe(cell: &str) -> Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A CSV writer that applies `--excel-safe` to every cell.
pub struct CsvOut<'w> {
    writer: csv::Writer<&'w mut dyn Write>,
    safe: bool,
}

impl<'w> CsvOut<'w> {
    pub fn new(out: &'w mut dyn Write) -> CsvOut<'w> {
        let writer = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(out);
        CsvOut {
            writer,
            safe: EXCEL_SAFE.load(Ordering::Relaxed),
        }
    }

    pub fn record<I, S>(&mut self, cells: I) -> Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        if self.safe {
            let cells: Vec<String> = cells
                .into_iter()
                .map(|c| excel_safe(c.as_ref()).into_owned())
                .collect();
            self.writer.write_record(&cells)?;
        } else {
            self.writer.write_record(
                cells
                    .into_iter()
                    .map(|c| c.as_ref().to_string())
                    .collect::<Vec<_>>(),
            )?;
        }
        Ok(())
    }

    /// A row struct, its fields in order.
    pub fn row<T: Serialize>(&mut self, row: &T) -> Result<()> {
        if !self.safe {
            self.writer.serialize(row)?;
            return Ok(());
        }
        // Through a record, so that each cell can be looked at.
        let mut scratch = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new());
        scratch.serialize(row)?;
        let bytes = scratch.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut back = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice());
        let mut record = csv::StringRecord::new();
        back.read_record(&mut record)?;
        self.record(record.iter())
    }

    pub fn finish(mut self) -> Result<()> {
        self.writer.flush()?;
        Ok(())
    }
}

/// Writes rows as CSV with this header.
pub fn write_csv<T: Serialize>(
    out: &mut dyn Write,
    header: &[&str],
    rows: impl IntoIterator<Item = T>,
) -> Result<()> {
    let mut w = CsvOut::new(out);
    w.record(header)?;
    for row in rows {
        w.row(&row)?;
    }
    w.finish()
}

/// Writes rows as a JSON array of objects, one at a time (no copy of them all is made).
pub fn write_json<T: Serialize>(
    out: &mut dyn Write,
    rows: impl IntoIterator<Item = T>,
) -> Result<()> {
    struct Seq<I>(std::cell::Cell<Option<I>>);
    impl<T: Serialize, I: Iterator<Item = T>> Serialize for Seq<I> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(self.0.take().into_iter().flatten())
        }
    }
    serde_json::to_writer_pretty(
        &mut *out,
        &Seq(std::cell::Cell::new(Some(rows.into_iter()))),
    )?;
    out.write_all(b"\n")?;
    Ok(())
}

/// A table for people: a rule under the header, no other lines; on a terminal, columns are fitted to its width.
pub fn table(header: Vec<&str>) -> Table {
    let mut t = Table::new();
    let style = TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─'));
    t.load_style(style)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(header);
    t
}

/// The most rows a table shows: a table is for people; past this many, the rest is said in a line and
/// CSV or JSON give them all.
pub const TABLE_ROWS: usize = 2000;

/// The line under a table that shows only the first [`TABLE_ROWS`] of `total` rows, if it does.
pub fn rows_left_out(out: &mut dyn Write, total: usize) -> io::Result<()> {
    if total > TABLE_ROWS {
        writeln!(
            out,
            "… and {} more rows: --format csv (or json) lists them all.",
            total - TABLE_ROWS
        )?;
    }
    Ok(())
}

/// Prints a table, each line without the padding comfy-table leaves at its end.
pub fn print_table(out: &mut dyn Write, t: &Table) -> io::Result<()> {
    for line in t.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Whether an error was a closed pipe (`kvu gaps | head -1`), which ends the run quietly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || cause.downcast_ref::<csv::Error>().is_some_and(|e| {
                matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe)
            })
            || cause.downcast_ref::<serde_json::Error>().is_some_and(|e| e.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}
