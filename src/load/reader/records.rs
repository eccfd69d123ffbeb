//! Records of a CSV export, fast: the bytes are read in blocks that end on a record boundary, and each
//! block is cut into records by a line scanner.
//!
//! A line with no quote and no stray carriage return (most lines of an export) is split at the
//! separator in place. Any other record is gathered with the lines a quoted field runs over and parsed
//! by the scanner's one `csv_core` parser (the one the `csv` crate reads with, reset between records),
//! so quoting follows RFC 4180 as the `csv` crate reads it. Blank lines are skipped.
//! A record's line is the physical line it starts on, counted from 1.
//!
//! Blocks make the work easy to share: [`Blocks`] cuts the stream where the quotes balance, and each
//! block can be scanned on its own, by one thread or another (see [`super::CsvFile::par_rows`]).

use std::collections::VecDeque;
use std::io::{self, Read};

use csv::ByteRecord;

/// How many bytes a block is at least (unless the file ends first).
pub const BLOCK: usize = 1 << 20;

/// The fields of one record: spans of a block, or a record the `csv` crate parsed.
#[derive(Clone, Copy)]
pub enum Fields<'a> {
    Fast(&'a [u8], &'a [(usize, usize)]),
    Slow(&'a ByteRecord),
}

impl<'a> Fields<'a> {
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    pub fn len(self) -> usize {
        match self {
            Fields::Fast(_, spans) => spans.len(),
            Fields::Slow(record) => record.len(),
        }
    }

    pub fn get(self, i: usize) -> &'a [u8] {
        match self {
            Fields::Fast(buf, spans) => spans.get(i).map_or(&[][..], |&(a, b)| &buf[a..b]),
            Fields::Slow(record) => record.get(i).unwrap_or_default(),
        }
    }

    /// Whether every field is empty or white space (an Excel export's trailing `;;;;`).
    pub fn is_blank(self) -> bool {
        // Most rows start with a field that is not white space.
        if let Fields::Fast(buf, &[(a, b), ..]) = self
            && a < b
            && !buf[a].is_ascii_whitespace()
        {
            return false;
        }
        (0..self.len()).all(|i| self.get(i).trim_ascii().is_empty())
    }
}

fn quotes(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'"', bytes).count()
}

/// The longest record read, in bytes: a line, or the lines a quoted field runs over. A longer one is an
/// error (`--staff /dev/zero` must not fill the machine).
pub const MAX_RECORD: usize = 1 << 20;

/// A record longer than [`MAX_RECORD`] starts on this line (the error inside the `io::Error`).
#[derive(Debug)]
pub struct TooLong {
    pub line: u64,
}

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a line longer than 1 MiB, expected CSV lines of at most 1 MiB (and every quoted field closed)"
        )
    }
}

impl std::error::Error for TooLong {}

/// The last newline of a block outside quotes (the quotes before it are even).
fn last_boundary(block: &[u8]) -> Option<usize> {
    let total = quotes(block);
    let mut after = 0;
    for i in memchr::memrchr2_iter(b'\n', b'"', block) {
        if block[i] == b'\n' && (total - after).is_multiple_of(2) {
            return Some(i);
        }
        if block[i] == b'"' {
            after += 1;
        }
    }
    None
}

/// The stream, in blocks of whole records. Line ends are LF, CRLF or, in old Mac exports, CR alone:
/// a file whose first block has CRs but no LF has its CRs read as LFs.
pub struct Blocks {
    source: Box<dyn Read + Send>,
    carry: Vec<u8>,
    eof: bool,
    /// The line the next block starts on.
    line: u64,
    /// Whether line ends are CR alone; `None` until the first block with a line end.
    cr_only: Option<bool>,
}

impl Blocks {
    pub fn new(source: Box<dyn Read + Send>) -> Blocks {
        Blocks {
            source,
            carry: Vec::new(),
            eof: false,
            line: 1,
            cr_only: None,
        }
    }

    /// The next block of whole records, at least `size` bytes unless the stream ends first, with the
    /// line it starts on.
    pub fn next(&mut self, size: usize) -> io::Result<Option<(Vec<u8>, u64)>> {
        self.next_into(Vec::new(), size)
    }

    /// Decides from the first block whether line ends are CR alone (CRs, and no LF); a CR at the very end
    /// of the block waits for the next byte (it may start a CRLF).
    fn decide(&mut self, block: &mut [u8]) {
        if memchr::memchr(b'\n', block).is_some() {
            self.cr_only = Some(false);
            return;
        }
        match memchr::memchr(b'\r', block) {
            Some(i) if i + 1 < block.len() || self.eof => {
                self.cr_only = Some(true);
                cr_to_lf(block);
            }
            _ if self.eof => self.cr_only = Some(false),
            _ => {}
        }
    }

    fn too_long(&self, block: &[u8], start: usize) -> io::Error {
        let line = self.line + memchr::memchr_iter(b'\n', &block[..start]).count() as u64;
        io::Error::new(io::ErrorKind::InvalidData, TooLong { line })
    }

    /// [`Blocks::next`] into a buffer of an earlier block, so that memory is reused: its bytes are
    /// written over, not cleared first, so that a reused buffer is never zeroed again. A record longer
    /// than [`MAX_RECORD`] is an error ([`TooLong`]), found before more than about that much is read
    /// past the block.
    pub fn next_into(
        &mut self,
        mut block: Vec<u8>,
        size: usize,
    ) -> io::Result<Option<(Vec<u8>, u64)>> {
        // `block[..len]` is this block; the bytes after it, up to `block.len()`, are the old block's.
        let mut len = self.carry.len();
        if block.len() < len {
            block.resize(len, 0);
        }
        block[..len].copy_from_slice(&self.carry);
        self.carry.clear();
        let mut want = size.max(1);
        loop {
            if !self.eof && len < want {
                if block.len() < want {
                    block.resize(want, 0);
                }
                let got = fill(&mut self.source, &mut block[len..want])?;
                if got < want - len {
                    self.eof = true;
                }
                if self.cr_only == Some(true) {
                    cr_to_lf(&mut block[len..len + got]);
                }
                len += got;
                continue;
            }
            block.truncate(len);
            if self.cr_only.is_none() {
                self.decide(&mut block);
            }
            let split = last_boundary(&block);
            if self.eof {
                if block.is_empty() {
                    return Ok(None);
                }
                let last = split.map_or(0, |i| i + 1);
                if block.len() - last > MAX_RECORD {
                    return Err(self.too_long(&block, last));
                }
                let line = self.line;
                self.line += memchr::memchr_iter(b'\n', &block).count() as u64;
                return Ok(Some((block, line)));
            }
            match split {
                Some(i) => {
                    self.carry.extend_from_slice(&block[i + 1..]);
                    block.truncate(i + 1);
                    let line = self.line;
                    self.line += memchr::memchr_iter(b'\n', &block).count() as u64;
                    return Ok(Some((block, line)));
                }
                // One record longer than the block: read on, up to just past the longest record.
                None if block.len() > MAX_RECORD => return Err(self.too_long(&block, 0)),
                None => want = (block.len() * 2).min(MAX_RECORD + 1),
            }
        }
    }
}

/// Reads into `buf` until it is full or the stream ends; how many bytes were read.
fn fill(source: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match source.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Old Mac line ends (CR alone) as LF.
fn cr_to_lf(bytes: &mut [u8]) {
    for b in bytes {
        if *b == b'\r' {
            *b = b'\n';
        }
    }
}

/// A one in the low bit of each byte of a word: times a byte, the byte in every place.
const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `x` that is zero, and nothing else (no carry crosses a byte: each
/// byte's low seven bits plus 0x7F is at most 0xFE).
#[inline]
fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// One record found by a [`Scanner`].
pub enum Next {
    /// In the block, at the scanner's spans.
    Fast(u64),
    /// Parsed by the `csv` crate.
    Slow(u64, ByteRecord),
    End,
}

/// Cuts a block into records.
pub struct Scanner {
    pos: usize,
    line: u64,
    delimiter: u8,
    pub spans: Vec<(usize, usize)>,
    queued: VecDeque<(u64, ByteRecord)>,
    /// Whether the rest of the block has no quote (then lines are split with `memchr`), once looked at.
    unquoted: Option<bool>,
    /// Whether the rest of the block has a CR, once looked at.
    crs: bool,
    /// One parser for every quoted record, built at the first (building one takes longer than parsing
    /// a record, and most blocks have none).
    core: Option<csv_core::Reader>,
    /// The parser's field bytes and field ends, reused.
    out: Vec<u8>,
    ends: Vec<usize>,
}

impl Scanner {
    pub fn new(first_line: u64, delimiter: u8) -> Scanner {
        Scanner {
            pos: 0,
            line: first_line,
            delimiter,
            spans: Vec::new(),
            queued: VecDeque::new(),
            unquoted: None,
            crs: false,
            core: None,
            out: vec![0; 256],
            ends: vec![0; 32],
        }
    }

    /// Where the scanner is in its block, and the line it is on.
    pub fn position(&self) -> (usize, u64) {
        (self.pos, self.line)
    }

    /// Goes on from a position in the block (one [`Scanner::position`] gave).
    pub fn skip_to(&mut self, pos: usize) {
        self.pos = pos;
        self.unquoted = None;
    }

    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Starts on another block.
    pub fn reset(&mut self, first_line: u64) {
        self.pos = 0;
        self.line = first_line;
        self.queued.clear();
        self.unquoted = None;
    }

    /// The next line of the block, without its `\n`, and its number.
    fn line(&mut self, block: &[u8]) -> Option<(usize, usize, u64)> {
        if self.pos >= block.len() {
            return None;
        }
        let start = self.pos;
        let stop = memchr::memchr(b'\n', &block[start..]).map_or(block.len(), |i| start + i);
        self.pos = stop + 1;
        self.line += 1;
        Some((start, stop, self.line - 1))
    }

    pub fn next(&mut self, block: &[u8]) -> io::Result<Next> {
        let unquoted = *self.unquoted.get_or_insert_with(|| {
            let rest = block.get(self.pos..).unwrap_or_default();
            self.crs = memchr::memchr(b'\r', rest).is_some();
            memchr::memchr(b'"', rest).is_none()
        });
        if unquoted
            && self.queued.is_empty()
            && let Some(next) = self.next_plain(block)
        {
            return Ok(next);
        }
        loop {
            if let Some((line, record)) = self.queued.pop_front() {
                return Ok(Next::Slow(line, record));
            }
            let Some((start, mut stop, line)) = self.line(block) else {
                return Ok(Next::End);
            };
            if stop > start && block[stop - 1] == b'\r' {
                stop -= 1;
            }
            let text = &block[start..stop];
            if text.is_empty() {
                continue;
            }
            self.spans.clear();
            // One pass over the line: split at the separator, and give up on a quote or a CR.
            let mut from = start;
            let mut plain = true;
            for (i, &b) in text.iter().enumerate() {
                if b == self.delimiter {
                    self.spans.push((from, start + i));
                    from = start + i + 1;
                } else if b == b'"' || b == b'\r' {
                    plain = false;
                    break;
                }
            }
            if plain {
                self.spans.push((from, stop));
                return Ok(Next::Fast(line));
            }
            // Quotes or a stray CR: gather lines until the quotes balance, then parse them.
            let mut end = stop;
            let mut balance = quotes(text);
            while balance % 2 == 1 {
                let Some((a, b, _)) = self.line(block) else {
                    break;
                };
                balance += quotes(&block[a..b]);
                end = b;
            }
            self.parse(start, end, block, line);
        }
    }

    /// The next record of a block (or its rest) without quotes, most blocks of an export: one pass over
    /// the bytes finds the separators and the line's end (LF, or CRLF), eight bytes at a time (fields
    /// are short, so this beats a `memchr` call per field four times over). Blank lines are skipped.
    /// `None` for a line with a CR that is not a line end: that line goes the careful way.
    fn next_plain(&mut self, block: &[u8]) -> Option<Next> {
        let delimiter = self.delimiter;
        let (seps, lfs, crs) = (
            LOW_BITS * u64::from(delimiter),
            LOW_BITS * u64::from(b'\n'),
            LOW_BITS * u64::from(b'\r'),
        );
        let look_for_cr = self.crs;
        loop {
            let start = self.pos;
            if start >= block.len() {
                return Some(Next::End);
            }
            let line = self.line;
            self.spans.clear();
            let mut from = start;
            // A special byte at `i`: the line's end and where the next line starts, or a separator
            // (`None`); a CR not before LF gives the line up.
            let mut special = |i: usize, spans: &mut Vec<(usize, usize)>| match block[i] {
                b'\n' => Ok(Some((i, i + 1))),
                b'\r' if block.get(i + 1) == Some(&b'\n') => Ok(Some((i, i + 2))),
                b'\r' => Err(()),
                _ => {
                    spans.push((from, i));
                    from = i + 1;
                    Ok(None)
                }
            };
            let ends: Result<(usize, usize), ()> = 'end: {
                let mut at = start;
                while let Some(word) = block.get(at..at + 8) {
                    let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
                    let mut found = zero_bytes(word ^ seps) | zero_bytes(word ^ lfs);
                    if look_for_cr {
                        found |= zero_bytes(word ^ crs);
                    }
                    while found != 0 {
                        let i = at + (found.trailing_zeros() / 8) as usize;
                        match special(i, &mut self.spans) {
                            Ok(Some(ends)) => break 'end Ok(ends),
                            Ok(None) => found &= found - 1,
                            Err(()) => break 'end Err(()),
                        }
                    }
                    at += 8;
                }
                for (i, &b) in block.iter().enumerate().skip(at) {
                    if b == delimiter || b == b'\n' || (look_for_cr && b == b'\r') {
                        match special(i, &mut self.spans) {
                            Ok(Some(ends)) => break 'end Ok(ends),
                            Ok(None) => {}
                            Err(()) => break 'end Err(()),
                        }
                    }
                }
                Ok((block.len(), block.len()))
            };
            let Ok((end, next)) = ends else {
                return None;
            };
            self.pos = next;
            self.line += 1;
            if end > start {
                self.spans.push((from, end));
                return Some(Next::Fast(line));
            }
        }
    }

    /// Parses the gathered lines `block[start..end]` (starting on `line`) into records, as the `csv`
    /// crate would, and queues them with the lines they start on.
    fn parse(&mut self, start: usize, end: usize, block: &[u8], line: u64) {
        use csv_core::ReadRecordResult::*;
        let delimiter = self.delimiter;
        let core = self
            .core
            .get_or_insert_with(|| csv_core::ReaderBuilder::new().delimiter(delimiter).build());
        core.reset();
        let mut input = &block[start..end];
        loop {
            let at = line + core.line() - 1;
            let (mut outlen, mut endlen) = (0, 0);
            loop {
                let (result, read, wrote, ended) =
                    core.read_record(input, &mut self.out[outlen..], &mut self.ends[endlen..]);
                input = &input[read..];
                outlen += wrote;
                endlen += ended;
                match result {
                    InputEmpty => {}
                    OutputFull => self.out.resize(self.out.len() * 2, 0),
                    OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                    Record => break,
                    End => return,
                }
            }
            let mut record = ByteRecord::with_capacity(outlen, endlen);
            let mut from = 0;
            for &to in &self.ends[..endlen] {
                record.push_field(&self.out[from..to]);
                from = to;
            }
            self.queued.push_back((at, record));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record of a text, with its line, as the scanner cuts it from blocks of `size` bytes.
    fn records(text: &str, size: usize) -> Vec<(u64, Vec<String>)> {
        let mut blocks = Blocks::new(Box::new(std::io::Cursor::new(text.as_bytes().to_vec())));
        let mut out = Vec::new();
        while let Some((block, line)) = blocks.next(size).unwrap() {
            let mut scanner = Scanner::new(line, b',');
            loop {
                let (line, fields) = match scanner.next(&block).unwrap() {
                    Next::Fast(line) => (
                        line,
                        (0..scanner.spans.len())
                            .map(|i| Fields::Fast(&block, &scanner.spans).get(i).to_vec())
                            .collect::<Vec<_>>(),
                    ),
                    Next::Slow(line, record) => (line, record.iter().map(<[u8]>::to_vec).collect()),
                    Next::End => break,
                };
                out.push((
                    line,
                    fields
                        .into_iter()
                        .map(|f| String::from_utf8(f).unwrap())
                        .collect(),
                ));
            }
        }
        out
    }

    /// The records and lines the `csv` crate reads from a text (what the scanner once built per record).
    fn csv_crate(text: &[u8]) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        let mut record = ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let line = record.position().map_or(1, |p| p.line());
            out.push((line, record.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn the_scanner_parses_quoted_records_as_the_csv_crate_does(
            text in "[ab,\"\r\n]{0,40}"
        ) {
            let text = text.as_bytes();
            let mut scanner = Scanner::new(1, b',');
            // Parsed twice, so that the second parse shows the parser was reset in between.
            for _ in 0..2 {
                scanner.parse(0, text.len(), text, 1);
                let got: Vec<_> = scanner
                    .queued
                    .drain(..)
                    .map(|(line, r)| (line, r.iter().map(<[u8]>::to_vec).collect::<Vec<_>>()))
                    .collect();
                proptest::prop_assert_eq!(got, csv_crate(text));
            }
        }
    }

    proptest::proptest! {
        /// Blocks without quotes are split in place: the records and lines are still the csv
        /// crate's, with CRLF, stray CRs and blank lines, at any block size. (The first line ends in
        /// LF: a file with CRs and no LF has old Mac line ends, which the csv crate does not know.)
        #[test]
        fn blocks_without_quotes_read_as_the_csv_crate_does(
            rest in "[ab,\r\n]{0,40}",
            size in 1usize..12
        ) {
            let text = format!("h\n{rest}");
            // The csv crate does not count blank lines; a record's line here is its physical line.
            let fields = |records: Vec<(u64, Vec<String>)>| -> Vec<Vec<String>> {
                records.into_iter().map(|(_, f)| f).collect()
            };
            let expected: Vec<Vec<String>> = csv_crate(text.as_bytes())
                .into_iter()
                .map(|(_, f)| f.into_iter().map(|f| String::from_utf8(f).unwrap()).collect())
                .collect();
            let whole = records(&text, BLOCK);
            proptest::prop_assert_eq!(fields(whole.clone()), expected.clone());
            proptest::prop_assert_eq!(records(&text, size), whole);
        }
    }

    proptest::proptest! {
        /// Blocks without quotes are cut eight bytes at a time: long lines, many fields, blank lines,
        /// CRLF, stray CRs and a last line without its newline still read as the csv crate reads them.
        #[test]
        fn plain_blocks_read_eight_bytes_at_a_time_as_the_csv_crate_does(
            rest in "[abcé,\r\n]{0,300}",
            size in 1usize..40
        ) {
            let text = format!("h\n{rest}");
            let expected: Vec<Vec<String>> = csv_crate(text.as_bytes())
                .into_iter()
                .map(|(_, f)| f.into_iter().map(|f| String::from_utf8(f).unwrap()).collect())
                .collect();
            let whole = records(&text, BLOCK);
            let fields: Vec<Vec<String>> = whole.iter().map(|(_, f)| f.clone()).collect();
            proptest::prop_assert_eq!(fields, expected);
            proptest::prop_assert_eq!(records(&text, size), whole);
        }
    }

    #[test]
    fn zero_bytes_marks_exactly_the_zero_bytes() {
        for word in [0u64, u64::MAX, 0x0100_FF00_7F80_0001, 0x8000_0000_0000_0080] {
            let expected = (0..8).fold(0u64, |m, i| {
                let byte = (word >> (8 * i)) & 0xFF;
                if byte == 0 { m | (0x80 << (8 * i)) } else { m }
            });
            assert_eq!(zero_bytes(word), expected, "{word:#018x}");
        }
    }

    const TEXT: &str = "a,b\n1,\"two\nlines\"\n\n3,\"x,\"\"y\"\"\"\r\n4,5\n";

    #[test]
    fn quoted_fields_blank_lines_and_line_numbers() {
        let expected = vec![
            (1, vec!["a".to_string(), "b".to_string()]),
            (2, vec!["1".into(), "two\nlines".into()]),
            (5, vec!["3".into(), "x,\"y\"".into()]),
            (6, vec!["4".into(), "5".into()]),
        ];
        assert_eq!(records(TEXT, BLOCK), expected);
        // Blocks of any size end on record boundaries, never inside the quoted line break.
        for size in 1..TEXT.len() + 2 {
            assert_eq!(records(TEXT, size), expected, "blocks of {size} bytes");
        }
    }

    #[test]
    fn cr_only_line_ends_are_read_as_lf_at_every_block_size() {
        let lf = "a,b\n1,\"two\nlines\"\n\n3,4\n5,6";
        let expected = records(lf, BLOCK);
        for size in 1..lf.len() + 2 {
            assert_eq!(
                records(&lf.replace('\n', "\r"), size),
                expected,
                "blocks of {size}"
            );
        }
        // CRLF stays CRLF (inside quotes too): the lines are the same.
        let mut crlf = expected.clone();
        crlf[1].1[1] = "two\r\nlines".into();
        assert_eq!(records(&lf.replace('\n', "\r\n"), 3), crlf);
    }

    #[test]
    fn a_record_longer_than_the_limit_is_an_error_on_its_line() {
        let too_long = |text: Vec<u8>| {
            let mut blocks = Blocks::new(Box::new(std::io::Cursor::new(text)));
            loop {
                match blocks.next(BLOCK) {
                    Ok(Some(_)) => {}
                    Ok(None) => return None,
                    Err(e) => {
                        return Some(e.get_ref().unwrap().downcast_ref::<TooLong>().unwrap().line);
                    }
                }
            }
        };
        let long = "x".repeat(MAX_RECORD + 1);
        assert_eq!(too_long(format!("a\nb\n{long}\nc\n").into_bytes()), Some(3));
        assert_eq!(too_long(format!("a\nb\n{long}").into_bytes()), Some(3));
        assert_eq!(
            too_long(format!("a\n\"{long}\n\"\nc\n").into_bytes()),
            Some(2)
        );
        let fits = "x".repeat(MAX_RECORD - 1);
        assert_eq!(
            too_long(format!("a\n{fits}\n{fits}\nc\n").into_bytes()),
            None
        );
        assert_eq!(too_long(format!("a\n{fits}").into_bytes()), None);
    }

    #[test]
    fn a_last_line_without_newline_and_an_unclosed_quote_are_read() {
        assert_eq!(
            records("a,b\n1,2", 3),
            vec![
                (1, vec!["a".into(), "b".into()]),
                (2, vec!["1".into(), "2".into()])
            ]
        );
        let got = records("a,b\n1,\"open\n2,3\n", 4);
        assert_eq!(got[0], (1, vec!["a".to_string(), "b".to_string()]));
        assert_eq!(got.len(), 2);
    }
}
