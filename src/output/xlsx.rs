//! xlsx for people who open files in Excel (the `rust_xlsxwriter` crate): one sheet per table, its
//! header row the CSV header (in the run's language), bold, frozen, with a filter, columns fitted;
//! dates as real dates shown `yyyy-mm-dd`, counts, ranks, tiers and hours as numbers, ids and all other
//! values as text (leading zeros kept); units, roles and levels by their names, a unit's id in a narrow
//! column beside its name ([`super::Table::for_sheet`]). A last sheet `kvu` says how the workbook was made: the command
//! line, the plan, the as-of date, kvu's version, the tables' notes on what the workbook leaves out
//! (`Table::about`), and each input with its number of data rows.

use std::collections::HashSet;
use std::io::Write;

use anyhow::{Result, bail};
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook, Worksheet, XlsxError};

use super::words::{self, Frame};
use super::{Column, Kind, Lang, Meta, Table, Value, View, escape_controls};

/// The most data rows a sheet holds (Excel's limit, less the header).
pub const SHEET_ROWS: usize = 1_048_575;

/// An xlsx error as kvu says it.
fn xlsx_error(e: XlsxError) -> anyhow::Error {
    anyhow::anyhow!("cannot write the workbook: {e}")
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not empty, unique.
fn sheet_name(wanted: &str, taken: &mut HashSet<String>) -> String {
    let clean: String = escape_controls(wanted)
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let clean = clean.trim().trim_matches('\'');
    let base: String = if clean.is_empty() {
        "Sheet".to_string()
    } else {
        let cut: String = clean.chars().take(31).collect();
        cut.trim_end().to_string()
    };
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.to_lowercase()) {
        let suffix = format!(" ({n})");
        let keep = 31 - suffix.chars().count();
        name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        n += 1;
    }
    name
}

/// Writes the tables as a workbook.
pub fn write(out: &mut dyn Write, tables: &[Table<'_>], lang: Lang, meta: &Meta) -> Result<()> {
    let mut book = Workbook::new();
    let mut taken = HashSet::new();
    // `kvu` is the last sheet's name, whatever the tables are called.
    taken.insert("kvu".to_string());
    for table in tables {
        let view = &table.data;
        if view.len > SHEET_ROWS {
            bail!(
                "the table has {} rows, more than an xlsx sheet holds ({SHEET_ROWS}), expected a smaller scope or --format csv",
                view.len
            );
        }
        let wanted = table.title.as_ref().map(|t| t.say(lang));
        let name = sheet_name(wanted.as_deref().unwrap_or(&meta.what), &mut taken);
        let sheet = book.add_worksheet();
        sheet.set_name(&name).map_err(xlsx_error)?;
        table
            .for_sheet(|view| data_sheet(sheet, view, lang))
            .map_err(xlsx_error)?;
    }
    let sheet = book.add_worksheet();
    sheet.set_name("kvu").map_err(xlsx_error)?;
    let about: Vec<String> = tables
        .iter()
        .flat_map(|t| &t.about)
        .map(|line| line.say(lang))
        .collect();
    let about: Vec<&str> = about.iter().map(String::as_str).collect();
    about_sheet(sheet, meta, &about, lang).map_err(xlsx_error)?;
    let bytes = book.save_to_buffer().map_err(xlsx_error)?;
    out.write_all(&bytes)?;
    Ok(())
}

/// A table's data view (its CSV columns; a unit's name, with its id in a narrow column beside it, and
/// the display names of roles and levels: [`super::Table::for_sheet`]) on a sheet.
fn data_sheet(sheet: &mut Worksheet, view: &View<'_>, lang: Lang) -> Result<(), XlsxError> {
    let bold = CellFormat::new().set_bold();
    let date = CellFormat::new().set_num_format("yyyy-mm-dd");
    let decimal = CellFormat::new().set_num_format("0.##");
    let percent = CellFormat::new().set_num_format("0.0");
    let shown: Vec<(usize, &Column)> = view
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.json_only)
        .collect();
    for (col, (_, c)) in shown.iter().enumerate() {
        let col = col_ix(col);
        sheet.write_string_with_format(0, col, lang.heading(&c.key, c.kind), &bold)?;
    }
    let mut i = 0;
    view.each(usize::MAX, |values| {
        i += 1;
        let row = u32::try_from(i).unwrap_or(u32::MAX);
        for (col, &(c, column)) in shown.iter().enumerate() {
            let col = col_ix(col);
            match &values[c] {
                Value::Text(t) if column.words => {
                    sheet.write_string(row, col, lang.state(t))?;
                }
                Value::Text(t) => {
                    if !t.is_empty() {
                        sheet.write_string(row, col, t.as_ref())?;
                    }
                }
                Value::Date(Some(d)) => {
                    match excel_date(*d) {
                        Some(cell) => sheet.write_datetime_with_format(row, col, cell, &date)?,
                        // Excel has no date before 1900: the date as text.
                        None => sheet.write_string(row, col, d.to_string())?,
                    };
                }
                Value::Count(n) => {
                    sheet.write_number(row, col, *n as f64)?;
                }
                Value::Hours(h) => {
                    sheet.write_number_with_format(row, col, *h, &decimal)?;
                }
                Value::Percent(Some(p)) => {
                    sheet.write_number_with_format(
                        row,
                        col,
                        (p * 10.0).round() / 10.0,
                        &percent,
                    )?;
                }
                Value::Note(n) => {
                    sheet.write_string(row, col, n.say(lang))?;
                }
                Value::Date(None) | Value::Null | Value::Percent(None) => {}
            }
        }
        Ok::<(), XlsxError>(())
    })?;
    let last_col = col_ix(shown.len().saturating_sub(1));
    sheet.set_freeze_panes(1, 0)?;
    if !shown.is_empty() {
        sheet.autofilter(0, 0, u32::try_from(view.len).unwrap_or(u32::MAX), last_col)?;
    }
    sheet.autofit();
    // A date column fitted to its header may still be too narrow for `yyyy-mm-dd` in some fonts.
    for (col, (_, c)) in shown.iter().enumerate() {
        if c.kind == Kind::Date {
            sheet.set_column_width(col_ix(col), 11.5)?;
        }
    }
    Ok(())
}

/// A date as an Excel date cell; `None` for one Excel cannot hold (before 1900).
fn excel_date(d: jiff::civil::Date) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    let month = u8::try_from(d.month()).ok()?;
    let day = u8::try_from(d.day()).ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

fn col_ix(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// The `kvu` sheet: how the workbook was made, and the tables' notes on what it leaves out.
fn about_sheet(
    sheet: &mut Worksheet,
    meta: &Meta,
    notes: &[&str],
    lang: Lang,
) -> Result<(), XlsxError> {
    let words = words::of(lang);
    let bold = CellFormat::new().set_bold();
    let date = CellFormat::new().set_num_format("yyyy-mm-dd");
    let mut row = 0;
    let mut line = |sheet: &mut Worksheet, key: &str, value: &str| -> Result<(), XlsxError> {
        sheet.write_string_with_format(row, 0, key, &bold)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
        Ok(())
    };
    line(sheet, words.frame(Frame::CommandLine), &meta.command_line)?;
    line(sheet, words.frame(Frame::Shows), &meta.what)?;
    if !meta.scope.is_empty() {
        line(sheet, words.frame(Frame::Scope), &meta.scope)?;
    }
    line(sheet, "plan", &meta.plan)?;
    line(
        sheet,
        words.frame(Frame::Version),
        env!("CARGO_PKG_VERSION"),
    )?;
    if let Some(d) = meta.as_of {
        sheet.write_string_with_format(row, 0, words.frame(Frame::AsOf), &bold)?;
        match excel_date(d) {
            Some(cell) => sheet.write_datetime_with_format(row, 1, cell, &date)?,
            None => sheet.write_string(row, 1, d.to_string())?,
        };
        row += 1;
    }
    for note in notes {
        sheet.write_string_with_format(row, 0, words.frame(Frame::Note), &bold)?;
        sheet.write_string(row, 1, *note)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, words.frame(Frame::Input), &bold)?;
    sheet.write_string_with_format(row, 1, words.frame(Frame::File), &bold)?;
    sheet.write_string_with_format(row, 2, words.frame(Frame::DataRows), &bold)?;
    row += 1;
    for (option, path, rows) in &meta.inputs {
        sheet.write_string(row, 0, option)?;
        sheet.write_string(row, 1, path)?;
        if let Some(n) = rows {
            sheet.write_number(row, 2, *n as f64)?;
        }
        row += 1;
    }
    sheet.autofit();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlsx_sheet_names_are_what_excel_accepts_and_unique() {
        let mut taken = HashSet::new();
        taken.insert("kvu".to_string());
        assert_eq!(sheet_name("a/b:c", &mut taken), "a-b-c");
        assert_eq!(sheet_name("a/b:c", &mut taken), "a-b-c (2)");
        assert_eq!(sheet_name("kvu", &mut taken), "kvu (2)");
        let long = "x".repeat(40);
        let name = sheet_name(&long, &mut taken);
        assert_eq!(name.chars().count(), 31);
        assert_eq!(sheet_name("", &mut taken), "Sheet");
        assert_eq!(
            sheet_name("Session KC-2026-11, 2026-11-16 (place: Borås)", &mut taken),
            "Session KC-2026-11, 2026-11-16"
        );
    }
}
