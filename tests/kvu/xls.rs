//! Legacy Excel (.xls) workbooks built by hand for tests: an OLE2 compound file (a 512-byte header,
//! one FAT sector, one directory sector with the Root Entry and a `Workbook` stream, then the
//! stream's sectors) holding BIFF8 records: the globals (BOF, CODEPAGE, BOUNDSHEET8, SST, EOF) and
//! one sheet (BOF, DIMENSIONS, LABELSST and NUMBER cells, EOF). The stream is padded to at least
//! 4,096 bytes, so it lives in regular sectors rather than the mini stream.

/// A cell's value: a shared string or a number.
#[derive(Clone, Copy)]
pub enum Value<'a> {
    Text(&'a str),
    Number(f64),
}

/// One sheet: its name, what its DIMENSIONS record claims and its cells (0-based row and column).
pub struct Sheet<'a> {
    pub name: &'a str,
    /// First row, last row + 1, first column, last column + 1, as BIFF8 writes them.
    pub dimensions: [u32; 4],
    pub cells: Vec<(u16, u16, Value<'a>)>,
}

impl<'a> Sheet<'a> {
    /// A sheet of rows from A1, its DIMENSIONS record the size of its cells.
    pub fn of_rows(name: &'a str, rows: &[&[Value<'a>]]) -> Sheet<'a> {
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                cells.push((r as u16, c as u16, *value));
            }
        }
        let width = rows.iter().map(|r| r.len()).max().unwrap_or(0) as u32;
        Sheet {
            name,
            dimensions: [0, rows.len() as u32, 0, width],
            cells,
        }
    }
}

/// A BIFF record: its type, its length and its data.
pub fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
    out
}

/// A BOF record of BIFF8 for the globals (`0x0005`) or a worksheet (`0x0010`).
pub fn bof(dt: u16) -> Vec<u8> {
    let mut data = 0x0600u16.to_le_bytes().to_vec();
    data.extend(dt.to_le_bytes());
    data.extend(0x0DBBu16.to_le_bytes()); // build
    data.extend(1996u16.to_le_bytes()); // year
    data.extend([0; 8]); // file history flags, lowest version
    record(0x0809, &data)
}

fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// A record no reader knows (so every reader skips it), making the stream `len` bytes longer.
fn padding(len: usize) -> Vec<u8> {
    record(0x1FFF, &vec![0; len - 4])
}

/// The workbook stream of one sheet.
pub fn workbook_stream(sheet: &Sheet) -> Vec<u8> {
    let strings: Vec<&str> = sheet
        .cells
        .iter()
        .filter_map(|c| match c.2 {
            Value::Text(t) => Some(t),
            Value::Number(_) => None,
        })
        .collect();
    let mut sst = (strings.len() as u32).to_le_bytes().to_vec();
    sst.extend((strings.len() as u32).to_le_bytes());
    for s in &strings {
        sst.extend((s.encode_utf16().count() as u16).to_le_bytes());
        sst.push(1); // UTF-16
        sst.extend(utf16(s));
    }
    let mut globals = bof(0x0005);
    globals.extend(record(0x0042, &1200u16.to_le_bytes()));
    let sheet_name = {
        let mut data = vec![0; 4]; // the sheet's offset, set below
        data.extend([0, 0, sheet.name.encode_utf16().count() as u8, 1]);
        data.extend(utf16(sheet.name));
        record(0x0085, &data)
    };
    let at_name = globals.len() + 4;
    globals.extend(sheet_name);
    globals.extend(record(0x00FC, &sst));
    let tail = record(0x000A, &[]);
    // The globals padded so that the whole stream is at least 4,096 bytes.
    let body = sheet_records(sheet, &strings);
    let short = 4096usize.saturating_sub(globals.len() + tail.len() + body.len());
    if short > 0 {
        globals.extend(padding(short.max(4)));
    }
    globals.extend(tail);
    let offset = globals.len() as u32;
    globals[at_name..at_name + 4].copy_from_slice(&offset.to_le_bytes());
    globals.extend(body);
    globals
}

/// A sheet's substream: BOF, DIMENSIONS, its cells and EOF.
fn sheet_records(sheet: &Sheet, strings: &[&str]) -> Vec<u8> {
    let mut out = bof(0x0010);
    let [first_row, rows, first_column, columns] = sheet.dimensions;
    let mut data = first_row.to_le_bytes().to_vec();
    data.extend(rows.to_le_bytes());
    data.extend((first_column as u16).to_le_bytes());
    data.extend((columns as u16).to_le_bytes());
    data.extend([0, 0]);
    out.extend(record(0x0200, &data));
    let mut text = 0u32;
    for &(row, column, value) in &sheet.cells {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(column.to_le_bytes());
        data.extend([0, 0]); // the cell's format (XF 0)
        match value {
            Value::Text(s) => {
                assert_eq!(strings[text as usize], s);
                data.extend(text.to_le_bytes());
                text += 1;
                out.extend(record(0x00FD, &data));
            }
            Value::Number(n) => {
                data.extend(n.to_le_bytes());
                out.extend(record(0x0203, &data));
            }
        }
    }
    out.extend(record(0x000A, &[]));
    out
}

/// The end of a chain of sectors, a free sector, a FAT sector, no stream.
const END: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;
const FAT: u32 = 0xFFFF_FFFD;
const NONE: u32 = 0xFFFF_FFFF;

/// A directory entry: its name, type (5 the root, 2 a stream), child, first sector and size.
fn entry(name: &str, typ: u8, child: u32, start: u32, size: u32) -> Vec<u8> {
    let mut out = vec![0; 128];
    let units = utf16(name);
    out[..units.len()].copy_from_slice(&units);
    let name_len = if name.is_empty() { 0 } else { units.len() + 2 };
    out[64..66].copy_from_slice(&(name_len as u16).to_le_bytes());
    out[66] = typ;
    out[67] = 1; // black
    out[68..72].copy_from_slice(&NONE.to_le_bytes());
    out[72..76].copy_from_slice(&NONE.to_le_bytes());
    out[76..80].copy_from_slice(&child.to_le_bytes());
    out[116..120].copy_from_slice(&start.to_le_bytes());
    out[120..124].copy_from_slice(&size.to_le_bytes());
    out
}

/// An OLE2 compound file (version 3, 512-byte sectors) of one stream `Workbook` of at least 4,096
/// bytes: sector 0 is the FAT, sector 1 the directory, the stream from sector 2.
pub fn compound_file(stream: &[u8]) -> Vec<u8> {
    assert!(
        stream.len() >= 4096,
        "a stream this small would be in the mini stream"
    );
    let sectors = stream.len().div_ceil(512);
    assert!(sectors + 2 <= 128, "one FAT sector holds 128 entries");
    let mut header = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    header.extend([0; 16]); // CLSID
    header.extend(0x003Eu16.to_le_bytes()); // minor version
    header.extend(3u16.to_le_bytes()); // major version
    header.extend(0xFFFEu16.to_le_bytes()); // little-endian
    header.extend(9u16.to_le_bytes()); // 512-byte sectors
    header.extend(6u16.to_le_bytes()); // 64-byte mini sectors
    header.extend([0; 10]); // reserved, directory sectors (0 in version 3)
    header.extend(1u32.to_le_bytes()); // FAT sectors
    header.extend(1u32.to_le_bytes()); // the directory's first sector
    header.extend([0; 4]); // transaction signature
    header.extend(4096u32.to_le_bytes()); // mini stream cutoff
    header.extend(END.to_le_bytes()); // no mini FAT
    header.extend(0u32.to_le_bytes());
    header.extend(END.to_le_bytes()); // no DIFAT sectors
    header.extend(0u32.to_le_bytes());
    header.extend(0u32.to_le_bytes()); // the FAT is sector 0
    while header.len() < 512 {
        header.extend(FREE.to_le_bytes());
    }
    let mut fat = vec![FAT, END];
    fat.extend((3..sectors as u32 + 2).chain([END]));
    fat.resize(128, FREE);
    let mut file = header;
    file.extend(fat.iter().flat_map(|e| e.to_le_bytes()));
    file.extend(entry("Root Entry", 5, 1, END, 0));
    file.extend(entry("Workbook", 2, NONE, 2, stream.len() as u32));
    file.extend(entry("", 0, NONE, 0, 0));
    file.extend(entry("", 0, NONE, 0, 0));
    file.extend(stream);
    file.resize(512 * (sectors + 3), 0);
    file
}

/// An .xls file of one sheet.
pub fn xls(sheet: &Sheet) -> Vec<u8> {
    compound_file(&workbook_stream(sheet))
}

/// Where the first record of type `typ` starts in a workbook stream.
pub fn record_at(stream: &[u8], typ: u16) -> usize {
    let mut pos = 0;
    while u16::from_le_bytes([stream[pos], stream[pos + 1]]) != typ {
        pos += 4 + usize::from(u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]));
    }
    pos
}
