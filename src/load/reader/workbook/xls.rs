//! An Excel 97-2003 (.xls) workbook, measured before calamine reads it: calamine reads every sheet
//! when it opens the file, reserving the cells a sheet's DIMENSIONS record claims and then a grid of
//! rows × columns from its first to its last cell. Here the workbook stream is found in the OLE
//! compound file and its records walked: a sheet that claims, or has a cell making it span, more
//! cells than the file may is an error naming the sheet (and the cell).

use super::Bounds;
use crate::error::{Problem, Source};

/// Checks every sheet of an .xls file's bytes; a file that is no compound file, or has no workbook
/// stream, is left to calamine, which says what is wrong. Each sheet is walked as calamine walks it:
/// from the offset its BOUNDSHEET8 record gives (not where the globals end, so a sheet hidden inside
/// another record's bytes is measured too) to its EOF, records of a nested substream (a chart) skipped.
pub(super) fn check(bytes: &[u8], bounds: &Bounds, path: &str, file: &str) -> Result<(), Problem> {
    let Some(stream) = workbook_stream(bytes) else {
        return Ok(());
    };
    let mut sheets: Vec<(u32, String)> = Vec::new();
    for (typ, data) in records(&stream, 0) {
        match typ {
            0x0085 => sheets.extend(bound_sheet(data)),
            0x000A => break,
            _ => {}
        }
    }
    for (at, sheet) in &sheets {
        let at = *at as usize;
        if at > stream.len() {
            return Err(Problem::file(
                path,
                format!(
                    "sheet `{sheet}` starts at byte {at} of the workbook stream, past its end ({} bytes); expected a sheet within the file",
                    stream.len()
                ),
            ));
        }
        check_sheet(&stream, at, sheet, bounds, path, file)?;
    }
    Ok(())
}

/// The records of a workbook stream from `at` on: each one's type and data, up to the first that
/// runs past the stream's end.
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut pos = at;
    std::iter::from_fn(move || {
        let head = stream.get(pos..pos + 4)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = stream.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        Some((typ, data))
    })
}

/// Checks one sheet's substream, from its BOF at `at` to its EOF.
fn check_sheet(
    stream: &[u8],
    at: usize,
    sheet: &str,
    bounds: &Bounds,
    path: &str,
    file: &str,
) -> Result<(), Problem> {
    let mut seen_bof = false;
    let mut depth = 0u32;
    for (typ, data) in records(stream, at) {
        let len = data.len();
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => {
                let Some([first_row, rows, first_column, columns]) = claimed(data) else {
                    continue;
                };
                if rows > 0 && columns > 0 && bounds.span(rows - 1, columns - 1).is_some() {
                    return Err(Problem::file(
                        path,
                        format!(
                            "sheet `{sheet}` claims {rows} rows × {columns} columns, more than the {} cells a workbook of {} bytes may span; expected the size of the data it holds",
                            bounds.cells, bounds.file
                        ),
                    ));
                }
                // calamine reserves (last - first + 1) rows × columns: a first row or column past
                // the last would wrap around to billions of cells.
                let first_column = if first_column > 0xFF || columns < first_column {
                    0
                } else {
                    first_column
                };
                if rows > 0 && columns > 0 && (first_row >= rows || first_column >= columns) {
                    return Err(Problem::file(
                        path,
                        format!(
                            "sheet `{sheet}` claims rows {} to {rows} and columns {} to {columns}, a first row or column past its last; expected the size of the data it holds",
                            first_row + 1,
                            first_column + 1
                        ),
                    ));
                }
            }
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00BD if len >= 4 => {
                let row = u16::from_le_bytes([data[0], data[1]]);
                let mut column = u16::from_le_bytes([data[2], data[3]]);
                if typ == 0x00BD && len >= 6 {
                    // MulRk: the last column is the record's last two bytes.
                    column = u16::from_le_bytes([data[len - 2], data[len - 1]]);
                }
                if let Some(far) = bounds.span(u64::from(row), u64::from(column)) {
                    return Err(Problem::at_col(
                        &Source::of_sheet(path, file, sheet),
                        u64::from(row) + 1,
                        u64::from(column) + 1,
                        far,
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// What a DIMENSIONS record claims, as calamine reads it: the first row, the last row + 1, the first
/// column and the last column + 1 (0-based).
fn claimed(data: &[u8]) -> Option<[u64; 4]> {
    let u16_at = |i: usize| u64::from(u16::from_le_bytes([data[i], data[i + 1]]));
    let u32_at = |i: usize| {
        u64::from(u32::from_le_bytes([
            data[i],
            data[i + 1],
            data[i + 2],
            data[i + 3],
        ]))
    };
    match data.len() {
        10 => Some([u16_at(0), u16_at(2), u16_at(4), u16_at(6)]),
        14 | 16 => Some([u32_at(0), u32_at(4), u16_at(8), u16_at(10)]),
        _ => None,
    }
}

/// A BoundSheet8 record: where the sheet's substream starts and its name.
fn bound_sheet(data: &[u8]) -> Option<(u32, String)> {
    let at = u32::from_le_bytes(data.get(..4)?.try_into().ok()?);
    let count = usize::from(*data.get(6)?);
    let wide = data.get(7)? & 1 == 1;
    let name = if wide {
        let units: Vec<u16> = data
            .get(8..8 + 2 * count)?
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        data.get(8..8 + count)?
            .iter()
            .map(|&b| char::from(b))
            .collect()
    };
    Some((at, name))
}

/// The end of a chain of sectors in a compound file.
const END: u32 = 0xFFFF_FFFE;

/// The `Workbook` (or, in older files, `Book`) stream of an OLE compound file.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let u16_at = |i: usize| Some(u16::from_le_bytes(bytes.get(i..i + 2)?.try_into().ok()?));
    let u32_at = |i: usize| Some(u32::from_le_bytes(bytes.get(i..i + 4)?.try_into().ok()?));
    let shift = u32::from(u16_at(30)?);
    let mini_shift = u32::from(u16_at(32)?);
    if !(7..=16).contains(&shift) || mini_shift >= shift {
        return None;
    }
    let size = 1usize << shift;
    let sector = |i: u32| bytes.get((i as usize + 1) * size..(i as usize + 2) * size);
    // The sectors of the FAT: 109 in the header, the rest in a chain of DIFAT sectors.
    let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(76 + 4 * i)).collect();
    let mut difat = u32_at(68)?;
    let most = bytes.len() / size + 1;
    for _ in 0..most {
        let Some(s) = sector(difat) else { break };
        let ids: Vec<u32> = s
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        fat_sectors.extend(&ids[..ids.len() - 1]);
        difat = ids[ids.len() - 1];
    }
    let fat: Vec<u32> = fat_sectors
        .iter()
        .filter_map(|&s| sector(s))
        .flat_map(|s| s.chunks_exact(4))
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    // A chain of sectors, at most as many as the file has (so a loop ends).
    let chain = |start: u32, table: &[u32]| {
        let mut out = Vec::new();
        let mut at = start;
        while at != END && out.len() < most.max(table.len()) {
            out.push(at);
            at = *table.get(at as usize).unwrap_or(&END);
        }
        out
    };
    let read = |start: u32| -> Vec<u8> {
        chain(start, &fat)
            .into_iter()
            .filter_map(sector)
            .flatten()
            .copied()
            .collect()
    };
    let directory = read(u32_at(48)?);
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let root = entries.first()?;
    // The stream calamine reads: the first entry named `Workbook`, else the first named `Book`
    // (whatever its type), its size 8 bytes with 4096-byte sectors.
    let name_of = |e: &[u8]| {
        let units: Vec<u16> = e[..64]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|&u| u != 0)
            .collect();
        String::from_utf16_lossy(&units)
    };
    let entry = ["Workbook", "Book"].into_iter().find_map(|wanted| {
        entries
            .iter()
            .find(|e| name_of(e).eq_ignore_ascii_case(wanted))
    })?;
    let start = u32::from_le_bytes(entry[116..120].try_into().ok()?);
    let len = if shift == 9 {
        u64::from(u32::from_le_bytes(entry[120..124].try_into().ok()?))
    } else {
        u64::from_le_bytes(entry[120..128].try_into().ok()?)
    };
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    // calamine reads a stream under 4,096 bytes from the mini stream, whatever the header's cutoff.
    let mut stream = if len < 4096 {
        // A small stream lives in the mini stream, in sectors of its own.
        let mini = read(u32::from_le_bytes(root[116..120].try_into().ok()?));
        let mini_fat: Vec<u32> = read(u32_at(60)?)
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let mini_size = 1usize << mini_shift;
        chain(start, &mini_fat)
            .into_iter()
            .filter_map(|i| mini.get(i as usize * mini_size..(i as usize + 1) * mini_size))
            .flatten()
            .copied()
            .collect()
    } else {
        read(start)
    };
    stream.truncate(len);
    Some(stream)
}
