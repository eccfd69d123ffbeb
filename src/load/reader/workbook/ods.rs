//! An OpenDocument spreadsheet's sheets, measured before calamine builds them: calamine writes out
//! every repeated row and column (`table:number-rows-repeated`) of every sheet when it opens the
//! file, so an 8 KB file repeating a row 3,000,000 times would ask for gigabytes. Here each sheet's
//! span is counted from its rows that carry data (trailing repeated empty rows and cells count for
//! nothing, as calamine drops them) and a sheet spanning more cells than the file may is an error.

use std::io::{Cursor, Read};

use memchr::memchr_iter;
use zip::ZipArchive;

use super::Bounds;
use crate::diag::Problem;

/// Checks every sheet of an .ods's `content.xml` (an archive without one is left to calamine).
pub(super) fn check(bytes: &[u8], bounds: &Bounds, path: &str) -> Result<(), Problem> {
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(part) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut xml = Vec::new();
    // The archive's parts were checked to inflate within bounds.
    if part.take(bounds.inflated).read_to_end(&mut xml).is_err() {
        return Ok(());
    }
    match widest_sheet(&xml, bounds) {
        Some((sheet, rows, columns)) => Err(Problem::file(
            path,
            format!(
                "sheet `{sheet}` repeats its rows and cells to span {rows} rows × {columns} columns, more than the {} cells a workbook of {} bytes may span; expected the rows it holds written out",
                bounds.cells, bounds.file
            ),
        )),
        None => Ok(()),
    }
}

/// The first sheet (its name, rows and columns up to its last cell with data) spanning more cells
/// than `bounds` allow.
fn widest_sheet(xml: &[u8], bounds: &Bounds) -> Option<(String, u64, u64)> {
    let mut sheet = String::new();
    // The sheet's rows so far, the rows up to its last row with data, its widest such row.
    let (mut rows, mut data_rows, mut width) = (0u64, 0u64, 0u64);
    // The row being read: how often it repeats, its cells so far, up to its last cell with data.
    let (mut repeats, mut cells, mut data_cells) = (1u64, 0u64, 0u64);
    for at in memchr_iter(b'<', xml) {
        let tag = &xml[at + 1..];
        let end = memchr::memchr(b'>', tag).unwrap_or(tag.len());
        let tag = &tag[..end];
        // The name ends at white space or the `/` of `<a/>` (an end tag starts with `/`).
        let name_end = tag
            .iter()
            .skip(1)
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .map_or(tag.len(), |p| p + 1);
        let empty = tag.ends_with(b"/");
        match &tag[..name_end] {
            b"table:table" => {
                sheet = attribute(tag, b"table:name")
                    .unwrap_or_default()
                    .to_string();
                (rows, data_rows, width) = (0, 0, 0);
            }
            b"table:table-row" => {
                repeats = number(tag, b"table:number-rows-repeated");
                (cells, data_cells) = (0, 0);
                if empty {
                    rows = rows.saturating_add(repeats);
                }
            }
            b"/table:table-row" => {
                if data_cells > 0 {
                    data_rows = rows.saturating_add(repeats);
                    width = width.max(data_cells);
                }
                rows = rows.saturating_add(repeats);
                if data_rows.saturating_mul(width) > bounds.cells {
                    return Some((sheet, data_rows, width));
                }
            }
            b"table:table-cell" | b"table:covered-table-cell" => {
                cells = cells.saturating_add(number(tag, b"table:number-columns-repeated"));
                if !empty || contains(tag, b"office:value-type") {
                    data_cells = cells;
                }
            }
            _ => {}
        }
    }
    None
}

fn contains(tag: &[u8], what: &[u8]) -> bool {
    memchr::memmem::find(tag, what).is_some()
}

/// An attribute's value (`name="value"`), as written.
fn attribute<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a str> {
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&tag[from..], name) {
        let start = from + at;
        from = start + name.len();
        if start == 0 || !tag[start - 1].is_ascii_whitespace() {
            continue;
        }
        let rest = std::str::from_utf8(&tag[from..]).ok()?.trim_start();
        let rest = rest.strip_prefix('=')?.trim_start();
        let quote = rest.chars().next().filter(|&q| q == '"' || q == '\'')?;
        let rest = &rest[1..];
        return Some(&rest[..rest.find(quote)?]);
    }
    None
}

/// A repeat count (1 when there is none or it is no number).
fn number(tag: &[u8], name: &[u8]) -> u64 {
    attribute(tag, name)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds() -> Bounds {
        Bounds {
            file: 100,
            inflated: 1 << 20,
            cells: 1000,
        }
    }

    #[test]
    fn repeated_rows_with_data_count_and_trailing_empty_ones_do_not() {
        let sheet = |rows: &str| {
            format!(
                r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell></table:table-row>{rows}</table:table>"#
            )
        };
        let data = r#"<table:table-row table:number-rows-repeated="2000"><table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="1"/></table:table-row>"#;
        let empty = r#"<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
        assert_eq!(
            widest_sheet(sheet(data).as_bytes(), &bounds()),
            Some(("S".to_string(), 2001, 2))
        );
        assert_eq!(widest_sheet(sheet(empty).as_bytes(), &bounds()), None);
    }
}
