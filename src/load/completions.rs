//! The completion export: who completed which course when, and in which session.
//!
//! Required columns `employee_id`, `course`, `completed`; optional `session`. The course field is looked
//! at first: a row whose course is none of the codes asked for (every id and code of the plans to be
//! bound, a [`CodeSet`]) is counted (for one summarising warning that gives the count and the codes) and
//! otherwise left alone, since a learning platform exports every course. Completions dated after
//! `--as-of` do not exist yet. Which course a code means is the binding's business.

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
/// string (a national export has half a million plan rows), and the courses outside the plan, counted
/// by fingerprint.
#[derive(Default)]
struct PartState {
    list: Vec<RawCompletion>,
    text: String,
    outside: HashMap<u64, Outside, FastHash>,
    /// Ids that were read with a warning (a personnummer's check digit or date), in line order.
    warnings: Vec<Problem>,
    memo: Memo,
}

/// What a course code is: a code of the plans, or outside them (with the rows counted so far).
#[derive(Clone, Copy)]
enum Known {
    Plan(u32),
    Outside(u64),
}

/// The course codes a block has, by their bytes as written, and what each is. An export has a few
/// dozen codes: after a code's first row in the block, its rows are told by a small table, not by a
/// scan of the plan's codes and a hash of the bytes (that was a fifth of reading a national export).
/// A block is one encoding, so the same bytes are the same code throughout it. A block with more codes
/// than the table keeps (a hostile export) goes on without it.
struct Memo {
    codes: Vec<MemoCode>,
    /// Index + 1 into `codes`, 0 for none; by [`memo_slot`], linear probing.
    slots: Vec<u16>,
}

/// A code of a [`Memo`]: its bytes (and their length and [`words`]), and what it is.
struct MemoCode {
    len: usize,
    words: (u64, u64),
    bytes: Vec<u8>,
    known: Known,
}

const MEMO_SLOTS: usize = 256;

impl Default for Memo {
    fn default() -> Memo {
        Memo {
            codes: Vec::new(),
            slots: vec![0; MEMO_SLOTS],
        }
    }
}

/// The first and last eight bytes (a short code padded with zeros, and its length as the second):
/// with the length, the whole code when it has at most 16 bytes.
#[inline]
fn words(bytes: &[u8]) -> (u64, u64) {
    let n = bytes.len();
    if n >= 8 {
        let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
        (word(&bytes[..8]), word(&bytes[n - 8..]))
    } else {
        let mut pad = [0u8; 8];
        pad[..n].copy_from_slice(bytes);
        (u64::from_le_bytes(pad), n as u64)
    }
}

#[inline]
fn memo_slot((a, b): (u64, u64)) -> usize {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    ((a.wrapping_mul(K) ^ b).wrapping_mul(K) >> 56) as usize
}

impl Memo {
    /// The code with these bytes, if the block has had it; else the empty slot where it would go
    /// (`None` when the table is full).
    #[inline]
    fn find(&self, bytes: &[u8]) -> Result<usize, Option<usize>> {
        let w = words(bytes);
        let mut at = memo_slot(w);
        loop {
            match self.slots[at] {
                0 if self.codes.len() < MEMO_SLOTS / 2 => return Err(Some(at)),
                0 => return Err(None),
                i => {
                    let code = &self.codes[i as usize - 1];
                    if code.len == bytes.len()
                        && code.words == w
                        && (bytes.len() <= 16 || code.bytes == bytes)
                    {
                        return Ok(i as usize - 1);
                    }
                }
            }
            at = (at + 1) % MEMO_SLOTS;
        }
    }

    fn insert(&mut self, slot: usize, bytes: &[u8], known: Known) {
        self.codes.push(MemoCode {
            len: bytes.len(),
            words: words(bytes),
            bytes: bytes.to_vec(),
            known,
        });
        self.slots[slot] = self.codes.len() as u16;
    }
}

/// A course outside the plan: how many rows have it, and the code of the first, as the file's bytes or
/// (where Unicode white space was trimmed off) as text.
type Outside = (u64, Vec<u8>, bool);

/// Reads the file on all cores, without touching the people or the diagnostics, so that it can run
/// while the staff export is read; [`Read::resolve`] then numbers the people and reports problems.
pub fn read(
    path: &str,
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
    let step = |row: &Row<'_>, part: &mut PartState| -> Result<(), Problem> {
        row.check_controls(c_course)?;
        let raw = row.bytes(c_course);
        // Only an end that is not ASCII can be Unicode white space (a no-break space): then the code is
        // the field decoded and trimmed, else its bytes as they are (the fast path).
        let trimmed;
        let (raw, is_text) = if raw.first().is_some_and(|b| !b.is_ascii())
            || raw.last().is_some_and(|b| !b.is_ascii())
        {
            trimmed = row.text(c_course)?;
            (trimmed.as_bytes(), true)
        } else {
            (raw, false)
        };
        // Known from an earlier row of the block, or looked up (and remembered).
        let memo = match is_text {
            true => Err(None),
            false => part.memo.find(raw),
        };
        let code = match memo {
            Ok(i) => match &mut part.memo.codes[i].known {
                Known::Plan(code) => Some(*code),
                Known::Outside(n) => {
                    *n += 1;
                    return Ok(());
                }
            },
            Err(slot) => {
                let code = codes.find_field(raw, || row.text(c_course).map(|t| t.into_owned()))?;
                if let Some(slot) = slot {
                    let known = code.map_or(Known::Outside(1), Known::Plan);
                    part.memo.insert(slot, raw, known);
                    if code.is_none() {
                        return Ok(());
                    }
                }
                code
            }
        };
        let Some(code) = code else {
            // By a 64-bit fingerprint of the code's bytes (two codes would have to collide: about one
            // chance in 10^13 for a thousand codes), keeping the bytes of the first row with each code.
            let mut hasher = FxHasher::default();
            hasher.write(raw);
            part.outside
                .entry(hasher.finish())
                .or_insert_with(|| (0, raw.to_vec(), is_text))
                .0 += 1;
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
    let (parts, file) = file.par_rows(PartState::default, step)?;
    Ok(Read { parts, file })
}

/// For each part, the person of each run of rows with one id (in order) among the people numbered so
/// far (the staff), `None` for an id not among them. Looked up on all cores: a national export has
/// hundreds of thousands of runs, each a lookup in a table too big for the cache.
fn known_people(parts: &[Part<PartState>], people: &People) -> Vec<Vec<Option<u32>>> {
    let runs = |part: &Part<PartState>| -> Vec<Option<u32>> {
        let (text, mut start) = (&part.state.text, 0);
        let mut last = None;
        let mut found = Vec::new();
        for raw in &part.state.list {
            let id = &text[start..raw.id_end as usize];
            start = raw.session_end as usize;
            if last != Some(id) {
                found.push(people.get(id));
                last = Some(id);
            }
        }
        found
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
        let Read { parts, file } = self;
        if let Some(warning) = file.encoding_warning() {
            diag.note(warning);
        }
        let mut list = Vec::with_capacity(parts.iter().map(|p| p.state.list.len()).sum());
        let mut outside: HashMap<u64, Outside, FastHash> = HashMap::default();
        let mut sessions: HashMap<Box<str>, u32, FastHash> = HashMap::default();
        let known = known_people(&parts, people);
        for (part, known) in parts.into_iter().zip(known) {
            // Errors and warnings in line order, as reading row by row gives them.
            let mut warnings = part.state.warnings.into_iter().peekable();
            for problem in part.problems {
                while let Some(w) = warnings.next_if(|w| w.line <= problem.line) {
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
                let session = (!session.is_empty()).then(|| {
                    let next = sessions.len() as u32;
                    *sessions.entry(session.into()).or_insert(next)
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
            for code in part.state.memo.codes {
                if let Known::Outside(n) = code.known {
                    let mut hasher = FxHasher::default();
                    hasher.write(&code.bytes);
                    outside
                        .entry(hasher.finish())
                        .or_insert((0, code.bytes, false))
                        .0 += n;
                }
            }
            for (fingerprint, (n, code, is_text)) in part.state.outside {
                outside.entry(fingerprint).or_insert((0, code, is_text)).0 += n;
            }
        }
        let outside = outside
            .into_values()
            .map(|(n, code, is_text)| match is_text {
                true => (String::from_utf8_lossy(&code).into_owned(), n),
                false => (file.decode_lossy(&code), n),
            })
            .fold(
                BTreeMap::new(),
                |mut map: BTreeMap<String, u64>, (code, n)| {
                    *map.entry(code).or_default() += n;
                    map
                },
            );
        Ok(CompletionExport {
            path: file.path.clone(),
            list,
            outside,
            rows_read: file.rows,
        })
    }
}
