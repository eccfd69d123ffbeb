//! CSV for scripts: UTF-8 without byte-order mark, comma, LF, quoted as RFC 4180 requires, the header
//! exactly the data view's keys. `--excel-safe` is an option of this renderer, and so is `--excel`:
//! CSV as Excel with Swedish settings opens it by double-click (byte-order mark, `;`, CRLF, a decimal
//! comma in hours, and the cells `--excel-safe` guards).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;

use anyhow::Result;

use super::words::hours_text;
use super::{Value, View};

/// How CSV is written.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvOptions {
    /// Put a `'` before cells that begin with `=`, `+`, `-`, `@`, tab or CR, so that a spreadsheet
    /// takes them as text, not a formula (OWASP's advice on CSV injection).
    pub excel_safe: bool,
    /// `--excel`: byte-order mark, `;`, CRLF, decimal comma in hours; implies `excel_safe`.
    pub excel: bool,
}

/// A cell as `--excel-safe` writes it.
pub fn excel_safe(cell: &str) -> Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A value as CSV writes it, into `buffer`.
pub fn cell<'v>(value: &'v Value<'_>, buffer: &'v mut String) -> &'v str {
    buffer.clear();
    match value {
        Value::Text(t) => return t,
        Value::Date(Some(d)) => {
            let _ = write!(buffer, "{d}");
        }
        Value::Month(d) => {
            let _ = write!(buffer, "{:04}-{:02}", d.year(), d.month());
        }
        Value::Date(None) | Value::Null | Value::Percent(None) => {}
        Value::Count(n) => {
            let _ = write!(buffer, "{n}");
        }
        Value::Hours(h) => buffer.push_str(&hours_text(*h)),
        Value::Percent(Some(p)) => {
            let _ = write!(buffer, "{}", (p * 10.0).round() / 10.0);
        }
        // Scripts read English.
        Value::Note(n) => buffer.push_str(&n.say(super::Lang::En)),
    }
    buffer
}

/// Writes the view (its CSV columns) as CSV.
pub fn write(out: &mut dyn Write, view: &View<'_>, options: &CsvOptions) -> Result<()> {
    let mut builder = csv::WriterBuilder::new();
    builder.has_headers(false);
    if options.excel {
        out.write_all("\u{feff}".as_bytes())?;
        builder.delimiter(b';').terminator(csv::Terminator::CRLF);
    }
    let excel_safe = options.excel_safe || options.excel;
    let mut w = builder.from_writer(out);
    let shown: Vec<usize> = (0..view.columns.len())
        .filter(|&c| view.columns[c].in_csv())
        .collect();
    let field = |w: &mut csv::Writer<&mut dyn Write>, text: &str| {
        if excel_safe {
            w.write_field(self::excel_safe(text).as_bytes())
        } else {
            w.write_field(text.as_bytes())
        }
    };
    for &c in &shown {
        field(&mut w, &view.columns[c].key)?;
    }
    w.write_record(None::<&[u8]>)?;
    let mut buffer = String::new();
    view.each(usize::MAX, |values| {
        for &c in &shown {
            match &values[c] {
                // Swedish Excel reads `82.5` as text (or a date): a decimal comma.
                value @ (Value::Hours(_) | Value::Percent(_)) if options.excel => {
                    field(&mut w, &cell(value, &mut buffer).replace('.', ","))?
                }
                value => field(&mut w, cell(value, &mut buffer))?,
            }
        }
        w.write_record(None::<&[u8]>)
    })?;
    w.flush()?;
    Ok(())
}
