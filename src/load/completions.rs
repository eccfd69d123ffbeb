//! The completion export: who completed which course when, and in which session.
//!
//! Required columns `employee_id`, `course`, `completed`; optional `session`. The course field is looked
//! at first: a row whose course is none of the codes asked for (every id and code of the plans to be
//! bound, a [`CodeSet`]) is counted (for one summarising warning that gives the count and the codes) and
//! otherwise left alone, since a learning platform exports every course. Completions dated after
//! `--as-of` do not exist yet. Which course a code means is the binding's business.

use crate::load::path::InputPath;
use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;

use std::hash::Hasher;

use super::ids::read_id;
use super::{CsvFile, Part, ReadOptions, Row};
use crate::date;
use crate::diag::{Diagnostics, Problem};
use crate::fasthash::{FastHash, FxHasher};
use crate::model::People;
use crate::model::exports::{CodeSet, CompletionExport, CompletionRecord};

/// A plan row before people are numbered: where its id and session end in the part's `text`, its
/// course and date.
struct RawCompletion {
    id_end: u32,
    session_end: u32,
    code: u32,
    date: Date,
}

/// What one block of the completion export gives: plan rows, their ids and sessions end to end in one
/// string (a national export has half a million plan rows). Courses outside the plan are counted by
/// the worker that scans the block ([`Codes`]).
#[derive(Default)]
struct PartState {
    list: Vec<RawCompletion>,
    text: String,
    /// Ids that were read with a warning (a personnummer's check digit or date), in line order.
    warnings: Vec<Problem>,
}

/// What a course code is: a code of the plans, or outside them (with the rows counted so far).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Known {
    Plan(u32),
    Outside(u64),
}

/// The course codes a worker has seen, by their bytes as written, and what each is, kept from block to
/// block: after a code's first row, its rows are told by this table, not by a scan of the plan's codes
/// (that was a fifth of reading a national export). A platform exports hundreds to thousands of
/// courses, so the table grows (it doubles when half full) and is never emptied. The same bytes are the
/// same code in every block: a block is decoded as its bytes are, and a file whose blocks would decode
/// the same non-ASCII bytes differently mixes encodings, an error (see `text`). Codes outside the plan
/// are counted here; courses whose field ends in Unicode white space (read as trimmed text, rare) by
/// their text.
struct Codes {
    codes: Vec<Code>,
    /// The codes' bytes end to end.
    bytes: Vec<u8>,
    /// Index + 1 into `codes`, 0 for none; by [`Codes::slot`], linear probing; a power of two long.
    slots: Vec<u32>,
    /// Outside codes read as trimmed text, with their rows.
    text: HashMap<String, u64, FastHash>,
}

/// A code of [`Codes`]: its [`key`], where its bytes are, and what it is.
struct Code {
    key: (u64, u64),
    start: u32,
    len: u32,
    known: Known,
}

/// A code's bytes in two words: for at most 16 bytes the first and last eight (a short code padded
/// with zeros, and its length as the second), which with the length are the whole code; for a longer
/// code the first eight and a hash of all of them.
#[inline]
fn key(bytes: &[u8]) -> (u64, u64) {
    let n = bytes.len();
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
    if n > 16 {
        let mut hasher = FxHasher::default();
        hasher.write(bytes);
        (word(&bytes[..8]), hasher.finish())
    } else if n >= 8 {
        (word(&bytes[..8]), word(&bytes[n - 8..]))
    } else {
        let mut pad = [0u8; 8];
        pad[..n].copy_from_slice(bytes);
        (u64::from_le_bytes(pad), n as u64)
    }
}

impl Default for Codes {
    fn default() -> Codes {
        Codes {
            codes: Vec::new(),
            bytes: Vec::new(),
            slots: vec![0; 256],
            text: HashMap::default(),
        }
    }
}

impl Codes {
    #[inline]
    fn slot(&self, (a, b): (u64, u64)) -> usize {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let bits = self.slots.len().trailing_zeros();
        ((a.wrapping_mul(K) ^ b).wrapping_mul(K) >> (64 - bits)) as usize
    }

    /// The code with these bytes, if the worker has had it; else the empty slot where it would go.
    #[inline]
    fn find(&self, bytes: &[u8]) -> Result<usize, usize> {
        let key = key(bytes);
        let mask = self.slots.len() - 1;
        let mut at = self.slot(key);
        loop {
            match self.slots[at] {
                0 => return Err(at),
                i => {
                    let code = &self.codes[i as usize - 1];
                    if code.key == key
                        && code.len as usize == bytes.len()
                        && (bytes.len() <= 16 || self.code_bytes(code) == bytes)
                    {
                        return Ok(i as usize - 1);
                    }
                }
            }
            at = (at + 1) & mask;
        }
    }

    fn code_bytes(&self, code: &Code) -> &[u8] {
        &self.bytes[code.start as usize..][..code.len as usize]
    }

    /// Adds a code [`Codes::find`] did not find, into the slot it gave.
    fn insert(&mut self, slot: usize, bytes: &[u8], known: Known) {
        self.codes.push(Code {
            key: key(bytes),
            start: self.bytes.len() as u32,
            len: bytes.len() as u32,
            known,
        });
        self.bytes.extend_from_slice(bytes);
        self.slots[slot] = self.codes.len() as u32;
        if self.codes.len() * 2 >= self.slots.len() {
            self.slots = vec![0; self.slots.len() * 2];
            let mask = self.slots.len() - 1;
            for (i, code) in self.codes.iter().enumerate() {
                let mut at = self.slot(code.key);
                while self.slots[at] != 0 {
                    at = (at + 1) & mask;
                }
                self.slots[at] = i as u32 + 1;
            }
        }
    }

    /// The codes outside the plan read as their bytes, each with its rows.
    fn outside(&self) -> impl Iterator<Item = (&[u8], u64)> {
        self.codes.iter().filter_map(|code| match code.known {
            Known::Outside(n) => Some((self.code_bytes(code), n)),
            Known::Plan(_) => None,
        })
    }
}

/// Reads the file on all cores, without touching the people or the diagnostics, so that it can run
/// while the staff export is read; [`Read::resolve`] then numbers the people and reports problems.
pub fn read(
    path: &InputPath,
    codes: &CodeSet,
    options: &ReadOptions,
    as_of: Date,
) -> Result<Read, Problem> {
    let file = CsvFile::open(path, "completions", options)?;
    let c_id = file.require("employee_id")?;
    let c_course = file.require("course")?;
    let c_completed = file.require("completed")?;
    let c_session = file.column("session")?;
    // Each block of the file on a core of its own: plan rows are kept with their raw id (people are
    // numbered in file order after the merge); the rest, most of a platform's export, only counted.
    let step =
        |row: &Row<'_>, codes_seen: &mut Codes, part: &mut PartState| -> Result<(), Problem> {
            row.check_controls(c_course)?;
            let raw = row.bytes(c_course);
            // Only an end that is not ASCII can be Unicode white space (a no-break space): then the code is
            // the field decoded and trimmed, else its bytes as they are (the fast path).
            let code = if raw.first().is_some_and(|b| !b.is_ascii())
                || raw.last().is_some_and(|b| !b.is_ascii())
            {
                let trimmed = row.text(c_course)?;
                let code = codes
                    .find_field(trimmed.as_bytes(), || Ok::<_, Problem>(trimmed.to_string()))?;
                if code.is_none() {
                    *codes_seen.text.entry(trimmed.into_owned()).or_default() += 1;
                }
                code
            } else {
                // Known from an earlier row, or looked up (and remembered).
                match codes_seen.find(raw) {
                    Ok(i) => match &mut codes_seen.codes[i].known {
                        Known::Plan(code) => Some(*code),
                        Known::Outside(n) => {
                            *n += 1;
                            None
                        }
                    },
                    Err(slot) => {
                        let code =
                            codes.find_field(raw, || row.text(c_course).map(|t| t.into_owned()))?;
                        codes_seen.insert(slot, raw, code.map_or(Known::Outside(1), Known::Plan));
                        code
                    }
                }
            };
            let Some(code) = code else {
                return Ok(());
            };
            let (id, doubtful) = read_id(row, c_id, options.ids)?;
            if let Some(warning) = doubtful {
                part.warnings.push(warning);
            }
            let completed = row.text(c_completed)?;
            let date = date::parse(&completed).map_err(|e| {
                row.field_problem(
                    c_completed,
                    format!("{} {}", row.name(c_completed), e.describe(&completed)),
                )
            })?;
            if date > as_of {
                return Ok(());
            }
            let session = row.opt_text(c_session)?;
            part.text.push_str(&id);
            let id_end = part.text.len() as u32;
            part.text.push_str(&session);
            part.list.push(RawCompletion {
                id_end,
                session_end: part.text.len() as u32,
                code,
                date,
            });
            Ok(())
        };
    let (parts, codes, file) = file.par_rows(Codes::default, PartState::default, step)?;
    Ok(Read { parts, codes, file })
}

/// For each part, the person of each run of rows with one id (in order) among the people numbered so
/// far (the staff), `None` for an id not among them. Looked up on all cores: a national export has
/// hundreds of thousands of runs, each a lookup in a table too big for the cache.
fn known_people(parts: &[Part<PartState>], people: &People) -> Vec<Vec<Option<u32>>> {
    let runs = |part: &Part<PartState>| -> Vec<Option<u32>> {
        let (text, mut start) = (&part.state.text, 0);
        let mut last = None;
        let mut ids = Vec::new();
        for raw in &part.state.list {
            let id = &text[start..raw.id_end as usize];
            start = raw.session_end as usize;
            if last != Some(id) {
                ids.push(id);
                last = Some(id);
            }
        }
        people.get_all(&ids)
    };
    let cores = crate::threads::cores();
    let rows: usize = parts.iter().map(|p| p.state.list.len()).sum();
    if cores < 2 || rows < 20_000 {
        return parts.iter().map(runs).collect();
    }
    // Parts in `cores` stretches of about equal rows, one a thread.
    let per = rows.div_ceil(cores);
    let mut stretches = Vec::new();
    let (mut from, mut count) = (0, 0);
    for (i, part) in parts.iter().enumerate() {
        count += part.state.list.len();
        if count >= per {
            stretches.push(&parts[from..=i]);
            (from, count) = (i + 1, 0);
        }
    }
    stretches.push(&parts[from..]);
    crate::threads::map(&stretches, |stretch| {
        stretch.iter().map(runs).collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// A completion export read by [`Completions::read`], not yet merged.
pub struct Read {
    parts: Vec<Part<PartState>>,
    /// Each worker's codes, with the rows outside the plan it counted.
    codes: Vec<Codes>,
    file: CsvFile,
}

impl Read {
    /// Merges the parts in file order: problems to `diag` (the first error stops, as row by row
    /// reading would), plan rows to completions with people numbered after the staff.
    pub fn resolve(
        self,
        people: &mut People,
        diag: &mut Diagnostics,
    ) -> Result<CompletionExport, Problem> {
        let Read { parts, codes, file } = self;
        if let Some(warning) = file.encoding_warning() {
            diag.note(warning);
        }
        let mut list = Vec::with_capacity(parts.iter().map(|p| p.state.list.len()).sum());
        let mut sessions: HashMap<Box<str>, u32, FastHash> = HashMap::default();
        let known = known_people(&parts, people);
        for (part, known) in parts.into_iter().zip(known) {
            // Errors and warnings in line order, as reading row by row gives them.
            let mut warnings = part.state.warnings.into_iter().peekable();
            for problem in part.problems {
                while let Some(w) = warnings.next_if(|w| w.line() <= problem.line()) {
                    diag.warn(w)?;
                }
                diag.error(problem)?;
            }
            for w in warnings {
                diag.warn(w)?;
            }
            let text = &part.state.text;
            let mut start = 0;
            let mut last: Option<(&str, u32)> = None;
            let mut known = known.into_iter();
            for raw in part.state.list {
                let id = &text[start..raw.id_end as usize];
                let session = &text[raw.id_end as usize..raw.session_end as usize];
                start = raw.session_end as usize;
                // Looked up before it is copied: a real export gives most plan rows a session.
                let session = (!session.is_empty()).then(|| match sessions.get(session) {
                    Some(&n) => n,
                    None => {
                        let next = sessions.len() as u32;
                        sessions.insert(session.into(), next);
                        next
                    }
                });
                // Exports list a person's rows together, more often than not: the last person first.
                // Each run's id was looked up already; one not found is a leaver, numbered now, in
                // file order (a leaver's later runs find the number then given).
                let person = match last {
                    Some((last_id, p)) if last_id == id => p,
                    _ => match known.next().flatten() {
                        Some(p) => p,
                        None => people.intern(id),
                    },
                };
                last = Some((id, person));
                list.push(CompletionRecord {
                    person,
                    code: raw.code,
                    date: raw.date,
                    session,
                });
            }
        }
        // Each worker's codes outside the plan, as the file's bytes (decoded now) or as text; the same
        // code counted by both workers is summed.
        let mut by_bytes: HashMap<&[u8], u64, FastHash> = HashMap::default();
        for (bytes, n) in codes.iter().flat_map(Codes::outside) {
            *by_bytes.entry(bytes).or_default() += n;
        }
        let mut outside = BTreeMap::<String, u64>::new();
        let decoded = by_bytes.into_iter().map(|(b, n)| (file.decode_lossy(b), n));
        let text = codes
            .iter()
            .flat_map(|c| c.text.iter().map(|(t, &n)| (t.clone(), n)));
        for (code, n) in decoded.chain(text) {
            *outside.entry(code).or_default() += n;
        }
        // The sessions' texts by number, for what prints them (`report --people`).
        let mut session_texts = vec![Box::<str>::default(); sessions.len()];
        for (text, n) in sessions {
            session_texts[n as usize] = text;
        }
        Ok(CompletionExport {
            path: file.path.clone(),
            list,
            outside,
            rows_read: file.rows,
            sessions: session_texts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row's code looked up and added when new, as the reader does; the rows of each counted.
    fn count(rows: &[Vec<u8>]) -> (Codes, HashMap<Vec<u8>, u64>) {
        let mut codes = Codes::default();
        let mut plain: HashMap<Vec<u8>, u64> = HashMap::new();
        for row in rows {
            match codes.find(row) {
                Ok(i) => match &mut codes.codes[i].known {
                    Known::Outside(n) => *n += 1,
                    Known::Plan(_) => unreachable!(),
                },
                Err(slot) => codes.insert(slot, row, Known::Outside(1)),
            }
            *plain.entry(row.clone()).or_default() += 1;
        }
        (codes, plain)
    }

    fn counted(codes: &Codes) -> HashMap<Vec<u8>, u64> {
        codes.outside().map(|(b, n)| (b.to_vec(), n)).collect()
    }

    #[test]
    fn the_table_of_codes_grows_to_thousands_and_tells_them_apart() {
        // Platform-like codes, some longer than 16 bytes that share their first and last eight bytes
        // (told apart by the bytes between), codes that differ in case or length only, the empty code.
        let mut rows = Vec::new();
        for round in 0..3 {
            for i in 0..5_000 {
                let code = match i % 4 {
                    0 => format!("K{i:05}"),
                    1 => format!("ARBETSMI-{i:05}-GRUNDKURS"),
                    2 => format!("ARBETSMI-{i}-GRUNDKURS"),
                    _ => format!("hlr-{i}-WEBB"),
                };
                rows.push(code.into_bytes());
                if round == 1 && i % 7 == 0 {
                    rows.push(format!("HLR-{i}-webb").into_bytes());
                }
            }
        }
        rows.push(Vec::new());
        let (codes, plain) = count(&rows);
        assert_eq!(counted(&codes), plain);
        assert_eq!(codes.codes.len(), 5_000 + 5_000 / 7 + 1 + 1);
        assert!(codes.slots.len() >= 2 * codes.codes.len() && codes.slots.len().is_power_of_two());
        // Every code found again where it is, none twice.
        for (i, code) in codes.codes.iter().enumerate() {
            assert_eq!(codes.find(codes.code_bytes(code)), Ok(i));
        }
        assert!(codes.find(b"K00000 ").is_err() && codes.find(b"ARBETSMI-1-GRUNDKURSX").is_err());
    }

    proptest::proptest! {
        /// The grown table counts as a plain `HashMap` of the bytes does, whatever the codes: made of a
        /// few prefixes and suffixes (so that many share their first or last eight bytes), or any bytes.
        #[test]
        fn the_table_of_codes_counts_as_a_hash_map_does(
            made in proptest::collection::vec((0..4usize, 0..400u32, 0..4usize), 0..1500),
            any in proptest::collection::vec(proptest::collection::vec(0..=255u8, 0..24), 0..300),
        ) {
            const PREFIX: [&str; 4] = ["", "A", "ABCDEFGH-", "LÄKEMEDEL-HANTERING-"];
            const SUFFIX: [&str; 4] = ["", "-B", "-GRUNDKURS", "\u{e9}"];
            let mut rows: Vec<Vec<u8>> = made
                .iter()
                .map(|&(p, n, s)| format!("{}{n}{}", PREFIX[p], SUFFIX[s]).into_bytes())
                .collect();
            rows.extend(any);
            let (codes, plain) = count(&rows);
            proptest::prop_assert_eq!(codes.codes.len(), plain.len());
            proptest::prop_assert_eq!(counted(&codes), plain);
        }
    }
}
