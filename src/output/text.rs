//! The table for people at a terminal: its title (if any) on a line, then the people view in columns (numbers right-aligned), at most
//! [`TABLE_ROWS`] rows and a line saying how many more, then the extra rows (totals) and the notes.
//! Control characters in values, labels and notes are shown escaped ([`super::controls`]).

use std::io::{self, Write};

use anyhow::Result;
use comfy_table::{Cell, CellAlignment, ContentArrangement, LineStyle, Table as Comfy, TableStyle};

use super::controls::escape_controls;
use super::csv::cell;
use super::{Table, Value};

/// The most rows a table shows: a table is for people; past this many, the rest is said in a line and
/// CSV or JSON give them all.
pub const TABLE_ROWS: usize = 2000;

/// A value as people read it in a table, its control characters escaped.
fn shown(value: &Value<'_>, buffer: &mut String) -> String {
    match value {
        Value::Percent(Some(p)) => format!("{p:.0}%"),
        Value::Percent(None) => "–".to_string(),
        v => escape_controls(cell(v, buffer)).into_owned(),
    }
}

/// Writes the table's people view.
pub fn write(out: &mut dyn Write, table: &Table<'_>) -> Result<()> {
    let view = table.people_view();
    if let Some(title) = &table.title {
        writeln!(out, "{}", escape_controls(title))?;
    }
    if !(table.hide_empty && view.len == 0) {
        let mut t = Comfy::new();
        let style = TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─'));
        t.load_style(style)
            .set_content_arrangement(ContentArrangement::Dynamic);
        t.set_header(view.columns.iter().map(|c| escape_controls(&c.label)));
        let mut values = Vec::with_capacity(view.columns.len());
        let mut buffer = String::new();
        let mut add = |t: &mut Comfy, values: &[Value<'_>]| {
            let cells = view.columns.iter().zip(values).map(|(c, v)| {
                let cell = Cell::new(shown(v, &mut buffer));
                if c.right {
                    cell.set_alignment(CellAlignment::Right)
                } else {
                    cell
                }
            });
            t.add_row(cells.collect::<Vec<_>>());
        };
        for i in 0..view.len.min(TABLE_ROWS) {
            view.row(i, &mut values);
            add(&mut t, &values);
        }
        for extra in &view.extra {
            add(&mut t, extra);
        }
        print_table(out, &t)?;
        if view.len > TABLE_ROWS {
            writeln!(
                out,
                "… and {} more rows: --format csv (or json) lists them all.",
                view.len - TABLE_ROWS
            )?;
        }
    }
    for line in &table.notes {
        writeln!(out, "{}", escape_controls(line))?;
    }
    Ok(())
}

/// Prints a table, each line without the padding comfy-table leaves at its end.
fn print_table(out: &mut dyn Write, t: &Comfy) -> io::Result<()> {
    for line in t.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
