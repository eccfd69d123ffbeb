//! The output layer: a command returns typed [`Table`]s; one renderer per format writes them into a
//! [`sink::Sink`] (standard output or a file written whole or not at all).
//!
//! A table has a **data view** (its columns are the CSV header: CSV and JSON print it, JSON also the
//! columns marked `json_only`) and, where people need more than scripts do, a **people view** for the
//! terminal table (labels, the unit's name, how late, totals). Columns carry a [`Kind`] (text, id, date,
//! count, hours, percent) so that each format writes a value its own way. Rows are produced on demand
//! by the table's fill function, so a table of a million gaps costs no copy of them.
//!
//! Formats are added here, in one place: [`csv`], [`json`], [`text`], [`ics`] (calendars only). What people read (the table,
//! plain lines) shows control characters escaped ([`controls`]); CSV and JSON write values exactly.

pub mod controls;
pub mod csv;
pub mod ics;
pub mod json;
pub mod sink;
pub mod text;
pub mod words;

use std::borrow::Cow;
use std::io::{self, Write};

use jiff::civil::Date;

pub use controls::escape_controls;
pub use sink::Sink;

/// What a column holds, so that each format writes it right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// An identifier (employee id, unit id): text, never a number.
    Id,
    Date,
    /// A count, a rank or a tier: a whole number.
    Count,
    Hours,
    Percent,
}

/// One column: its key (the CSV header and JSON key), the label people read, and its kind.
#[derive(Debug, Clone)]
pub struct Column {
    pub key: Cow<'static, str>,
    pub label: Cow<'static, str>,
    pub kind: Kind,
    /// Aligned right in a table (numbers are anyway).
    pub right: bool,
    /// Only in JSON, not in the CSV header. A key `a.b` is key `b` of an object `a`.
    pub json_only: bool,
}

impl Column {
    pub fn new(key: impl Into<Cow<'static, str>>, kind: Kind) -> Column {
        let key = key.into();
        Column {
            label: key.clone(),
            key,
            kind,
            right: matches!(kind, Kind::Count | Kind::Hours | Kind::Percent),
            json_only: false,
        }
    }

    /// A column of the people view: a label and a kind.
    pub fn people(label: impl Into<Cow<'static, str>>, kind: Kind) -> Column {
        Column::new(label, kind)
    }

    pub fn right(mut self) -> Column {
        self.right = true;
        self
    }

    pub fn json_only(mut self) -> Column {
        self.json_only = true;
        self
    }
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Text(Cow<'a, str>),
    /// `YYYY-MM-DD`, or empty.
    Date(Option<Date>),
    Count(u64),
    /// Nothing: empty in CSV, `null` in JSON.
    Null,
    Hours(f64),
    /// A share in percent; `None` when there is nothing to share.
    Percent(Option<f64>),
}

impl<'a> Value<'a> {
    pub fn text(text: &'a str) -> Value<'a> {
        Value::Text(Cow::Borrowed(text))
    }

    pub fn owned(text: String) -> Value<'a> {
        Value::Text(Cow::Owned(text))
    }

    pub fn count(n: impl TryInto<u64>) -> Value<'a> {
        Value::Count(n.try_into().unwrap_or(u64::MAX))
    }

    pub fn opt_count(n: Option<usize>) -> Value<'a> {
        n.map_or(Value::Null, Value::count)
    }
}

/// Fills a row's values, one per column, into the buffer given (which starts empty).
pub type Fill<'a> = Box<dyn Fn(usize, &mut Vec<Value<'a>>) + 'a>;

/// Columns and their rows.
pub struct View<'a> {
    pub columns: Vec<Column>,
    pub len: usize,
    pub fill: Fill<'a>,
    /// Rows after the others (the people view's totals).
    pub extra: Vec<Vec<Value<'a>>>,
}

impl<'a> View<'a> {
    pub fn new(
        columns: Vec<Column>,
        len: usize,
        fill: impl Fn(usize, &mut Vec<Value<'a>>) + 'a,
    ) -> View<'a> {
        View {
            columns,
            len,
            fill: Box::new(fill),
            extra: Vec::new(),
        }
    }

    /// The view of a list of rows, each turned into values by `fill`.
    pub fn of<T: 'a>(
        columns: Vec<Column>,
        rows: &'a [T],
        fill: impl Fn(&'a T, &mut Vec<Value<'a>>) + 'a,
    ) -> View<'a> {
        View::new(columns, rows.len(), move |i, out| fill(&rows[i], out))
    }

    /// Row `i` into `buffer`.
    pub fn row(&self, i: usize, buffer: &mut Vec<Value<'a>>) {
        buffer.clear();
        (self.fill)(i, buffer);
        debug_assert_eq!(buffer.len(), self.columns.len(), "one value per column");
    }
}

/// What a command shows: a data view for scripts, a people view for the terminal, and the lines under it.
pub struct Table<'a> {
    pub data: View<'a>,
    /// The terminal's view; without one, the data view with its keys as labels.
    pub people: Option<View<'a>>,
    /// Lines under the table, for people.
    pub notes: Vec<String>,
    /// With no rows, people see only the notes, not an empty table.
    pub hide_empty: bool,
    /// A line above the table naming what it shows (one block of several, such as one session of
    /// `kvu cohorts`); also a sheet's name or a section's heading where a format has those.
    pub title: Option<String>,
}

impl<'a> Table<'a> {
    pub fn new(data: View<'a>) -> Table<'a> {
        Table {
            data,
            people: None,
            notes: Vec::new(),
            hide_empty: false,
            title: None,
        }
    }

    pub fn title(mut self, t: impl Into<String>) -> Self {
        self.title = Some(t.into());
        self
    }

    pub fn people(mut self, view: View<'a>) -> Table<'a> {
        self.people = Some(view);
        self
    }

    pub fn note(mut self, line: impl Into<String>) -> Table<'a> {
        self.notes.push(line.into());
        self
    }

    pub fn hide_empty(mut self) -> Table<'a> {
        self.hide_empty = true;
        self
    }

    /// The view people see.
    pub fn people_view(&self) -> &View<'a> {
        self.people.as_ref().unwrap_or(&self.data)
    }
}

/// What a command gives the output layer.
pub enum Body<'a> {
    Tables(Vec<Table<'a>>),
    /// Plain lines (`kvu validate`'s list of problems).
    Lines(Vec<String>),
    /// A calendar (`kvu cohorts --format ics`).
    Calendar(ics::Calendar),
}

/// The formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
    /// iCalendar: only a [`Body::Calendar`] is written so.
    Ics,
}

/// What `--format ics` with any command but `kvu cohorts` says.
pub const ICS_ONLY: &str = "--format ics is only for kvu cohorts, expected table, csv or json";

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    pub csv: csv::CsvOptions,
}

/// Writes a command's output in a format.
pub fn render(
    out: &mut dyn Write,
    body: &Body<'_>,
    format: Format,
    options: &RenderOptions,
) -> anyhow::Result<()> {
    match body {
        Body::Calendar(calendar) if format == Format::Ics => ics::write(out, calendar)?,
        Body::Calendar(_) => anyhow::bail!("internal error: a calendar is written only as ics"),
        _ if format == Format::Ics => anyhow::bail!(ICS_ONLY),
        Body::Lines(lines) => {
            for line in lines {
                writeln!(out, "{}", escape_controls(line))?;
            }
        }
        Body::Tables(tables) => {
            for table in tables {
                match format {
                    Format::Csv => csv::write(out, &table.data, &options.csv)?,
                    Format::Json => json::write(out, &table.data)?,
                    Format::Table => text::write(out, table)?,
                    Format::Ics => unreachable!("refused above"),
                }
            }
        }
    }
    Ok(())
}

/// Whether an error was a closed pipe (`kvu gaps | head -1`), which ends the run quietly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || cause.downcast_ref::<::csv::Error>().is_some_and(|e| {
                matches!(e.kind(), ::csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe)
            })
            || cause.downcast_ref::<serde_json::Error>().is_some_and(|e| e.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}
