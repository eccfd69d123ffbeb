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

/// A name for a sheet that keeps what tells it apart from its neighbours (a session's date first, then
/// its id): one longer than Excel's 31 characters loses the middle of its end, not its end
/// (`2026-11-16 KC-2026-…morning-B`).
fn middle_cut(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    if chars.len() <= 31 {
        return chars.into_iter().collect();
    }
    let (head, tail) = (20, 10);
    let mut cut: String = chars[..head].iter().collect();
    cut.push('…');
    cut.extend(&chars[chars.len() - tail..]);
    cut
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
        if view.len + view.extra.len() > SHEET_ROWS {
            bail!(
                "the table has {} rows, more than an xlsx sheet holds ({SHEET_ROWS}), expected a smaller scope or --format csv",
                view.len
            );
        }
        let title = table.title.as_ref().map(|t| t.say(lang));
        let title = title.unwrap_or_else(|| meta.what.clone());
        let name = match &table.sheet {
            Some(sheet) => sheet_name(&middle_cut(&escape_controls(sheet)), &mut taken),
            None => sheet_name(&title, &mut taken),
        };
        let sheet = book.add_worksheet();
        sheet.set_name(&name).map_err(xlsx_error)?;
        let widths = table
            .for_sheet(|view| data_sheet(sheet, view, lang))
            .map_err(xlsx_error)?;
        page_setup(sheet, &title, &widths).map_err(xlsx_error)?;
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
    page_setup(sheet, &meta.what, &[]).map_err(xlsx_error)?;
    let bytes = book.save_to_buffer().map_err(xlsx_error)?;
    out.write_all(&bytes)?;
    Ok(())
}

/// The most columns a sheet prints upright on A4; one with more prints on its side.
pub const PORTRAIT_COLUMNS: usize = 6;

/// About the most characters a line of A4 holds upright (174 mm between the margins, in the default
/// font); a sheet whose columns are wider prints on its side.
pub const PORTRAIT_WIDTH: usize = 90;

/// A4 in Excel's paper numbers.
const A4: u8 = 9;

/// How a sheet prints: on A4, on its side when it is wide (more than [`PORTRAIT_COLUMNS`] columns,
/// or its columns' `widths` in characters more than [`PORTRAIT_WIDTH`]), fitted to one page wide (as
/// many pages down as it takes), the header row on every page and the sheet's title in the page
/// header.
fn page_setup(sheet: &mut Worksheet, title: &str, widths: &[usize]) -> Result<(), XlsxError> {
    sheet.set_paper_size(A4);
    let width: usize = widths.iter().map(|w| w + 2).sum();
    if widths.len() > PORTRAIT_COLUMNS || width > PORTRAIT_WIDTH {
        sheet.set_landscape();
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    // `&` starts a code in a page header: `&&` is the character; Excel takes at most 255 characters.
    let title: String = escape_controls(title)
        .replace('&', "&&")
        .chars()
        .take(200)
        .collect();
    sheet.set_header(format!("&C{}", title.trim_end_matches('&')));
    Ok(())
}

/// Number formats: a date `yyyy-mm-dd`, a month `yyyy-mm`, percentages to one decimal. Hours have
/// none: Excel's `General`, which shows `94` and `2,5` in Swedish Excel (`0.##` shows `94,`).
struct Formats {
    bold: CellFormat,
    date: CellFormat,
    month: CellFormat,
    percent: CellFormat,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            bold: CellFormat::new().set_bold(),
            date: CellFormat::new().set_num_format("yyyy-mm-dd"),
            month: CellFormat::new().set_num_format("yyyy-mm"),
            percent: CellFormat::new().set_num_format("0.0"),
        }
    }
}

/// One value into a cell.
fn cell(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    value: &Value<'_>,
    column: &Column,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    match value {
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
                Some(cell) => sheet.write_datetime_with_format(row, col, cell, &f.date)?,
                // Excel has no date before 1900: the date as text.
                None => sheet.write_string(row, col, d.to_string())?,
            };
        }
        Value::Month(d) => {
            match excel_date(*d) {
                Some(cell) => sheet.write_datetime_with_format(row, col, cell, &f.month)?,
                None => {
                    sheet.write_string(row, col, super::csv::cell(value, &mut String::new()))?
                }
            };
        }
        Value::Count(n) => {
            sheet.write_number(row, col, *n as f64)?;
        }
        Value::Hours(h) => {
            let h = super::words::hours_text(*h).parse().unwrap_or(*h);
            sheet.write_number(row, col, h)?;
        }
        Value::Percent(Some(p)) => {
            sheet.write_number_with_format(row, col, (p * 10.0).round() / 10.0, &f.percent)?;
        }
        Value::Note(n) => {
            sheet.write_string(row, col, n.say(lang))?;
        }
        Value::Date(None) | Value::Null | Value::Percent(None) => {}
    }
    Ok(())
}

/// A table's data view on a sheet (a unit's name, with its id in a narrow column beside it, and the
/// display names of roles and levels: [`super::Table::for_sheet`]): its CSV columns and its
/// workbook-only ones, then its extra rows
/// (totals) under the filtered range. Gives each column's width in characters (at most 60, as text
/// wraps beyond), for [`page_setup`].
fn data_sheet(sheet: &mut Worksheet, view: &View<'_>, lang: Lang) -> Result<Vec<usize>, XlsxError> {
    let f = Formats::new();
    let shown: Vec<(usize, &Column)> = view
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.json_only)
        .collect();
    let mut widths = Vec::with_capacity(shown.len());
    for (col, (_, c)) in shown.iter().enumerate() {
        let heading = c.heading(lang);
        widths.push(heading.chars().count());
        sheet.write_string_with_format(0, col_ix(col), heading, &f.bold)?;
    }
    let mut i = 0;
    let mut put = |sheet: &mut Worksheet, values: &[Value<'_>], bold: bool| {
        i += 1;
        let row = u32::try_from(i).unwrap_or(u32::MAX);
        for (col, &(c, column)) in shown.iter().enumerate() {
            let value = &values[c];
            let wide = match value {
                Value::Text(t) => t.chars().count().min(60),
                Value::Date(_) => 10,
                _ => 0,
            };
            widths[col] = widths[col].max(wide);
            cell(sheet, (row, col_ix(col)), value, column, lang, &f)?;
        }
        if bold {
            sheet.set_row_format(row, &f.bold)?;
        }
        Ok::<(), XlsxError>(())
    };
    view.each(usize::MAX, |values| put(sheet, values, false))?;
    for extra in &view.extra {
        put(sheet, extra, true)?;
    }
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
    Ok(widths)
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

    #[test]
    fn a_long_session_sheet_name_keeps_its_date_and_the_end_of_its_id() {
        let mut taken = HashSet::new();
        let a = sheet_name(
            &middle_cut("2026-11-16 KC-2026-11-gothenburg-morning-A"),
            &mut taken,
        );
        let b = sheet_name(
            &middle_cut("2026-11-16 KC-2026-11-gothenburg-morning-B"),
            &mut taken,
        );
        assert_eq!(a, "2026-11-16 KC-2026-1…-morning-A");
        assert_eq!(b, "2026-11-16 KC-2026-1…-morning-B");
        assert_eq!(a.chars().count(), 31);
        assert_eq!(middle_cut("2026-11-16 S1"), "2026-11-16 S1");
    }
}
