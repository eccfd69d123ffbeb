//! The exports as read, before any plan gives them meaning: staff rows with their role and level as
//! written, completions with their course code as written (one of the codes some plan asks for), and
//! exemptions with their course as written. Every record keeps its line, so that binding a plan can
//! still say where a problem is.
//!
//! Nothing here depends on a plan, so the same exports can be bound to two plans (`kvu diff`) for the
//! cost of the binding, not of a second read.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use jiff::civil::Date;

use super::people::People;
use super::units::UnitTree;
use crate::error::Source;
use crate::fasthash::FastHash;
use crate::plan::{Key, key};

/// A unit as a staff row writes it, and as a key ([`key`]); the rows of one unit share one.
#[derive(Debug)]
pub struct UnitName {
    pub text: Box<str>,
    pub key: Box<str>,
}

/// Distinct texts of one column (roles, levels): each with the first line it is on and how many rows
/// have it, so that a plan that does not declare one can say so once, with a line and a count.
#[derive(Debug, Default)]
pub struct Symbols {
    pub texts: Vec<Box<str>>,
    pub first_line: Vec<u64>,
    pub rows: Vec<usize>,
    index: HashMap<Box<str>, u32, FastHash>,
}

impl Symbols {
    /// The symbol of a text (trimmed, as written), counting the row it is on.
    pub fn intern(&mut self, text: &str, line: u64) -> u32 {
        if let Some(&s) = self.index.get(text) {
            self.rows[s as usize] += 1;
            return s;
        }
        let s = self.texts.len() as u32;
        self.texts.push(text.into());
        self.first_line.push(line);
        self.rows.push(1);
        self.index.insert(text.into(), s);
        s
    }

    pub fn text(&self, symbol: u32) -> &str {
        &self.texts[symbol as usize]
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

/// No level given on a staff row.
pub const NO_LEVEL: u32 = u32::MAX;

/// One staff row (an assignment) as the export writes it.
#[derive(Debug)]
pub struct StaffRecord {
    pub person: u32,
    pub line: u64,
    /// Where the name is in [`StaffExport::names`] (start, end).
    pub name: (u32, u32),
    pub unit_name: Arc<UnitName>,
    /// The role (or, with the plan's `titles:`, the job title) as a symbol of [`StaffExport::roles`].
    pub role: u32,
    /// The level as a symbol of [`StaffExport::levels`], or [`NO_LEVEL`].
    pub level: u32,
    pub start: Option<Date>,
}

impl StaffRecord {
    /// The unit as written, trimmed.
    pub fn unit(&self) -> &str {
        &self.unit_name.text
    }

    /// The unit made a key: units are ids, compared ignoring case.
    pub fn unit_key(&self) -> &str {
        &self.unit_name.key
    }
}

/// The staff export, read.
#[derive(Debug, Default)]
pub struct StaffExport {
    /// The file, as given (for messages).
    pub path: Source,
    pub rows: Vec<StaffRecord>,
    /// The rows' names end to end: one string, not an allocation per row (a national export has
    /// 600,000).
    pub names: String,
    pub roles: Symbols,
    pub levels: Symbols,
    /// Whether `roles` are job titles (no role column; the plan's `titles:` map them).
    pub titles: bool,
    /// Data rows read from the file.
    pub rows_read: u64,
}

impl StaffExport {
    /// A row's name, as written (trimmed).
    pub fn name(&self, row: &StaffRecord) -> &str {
        &self.names[row.name.0 as usize..row.name.1 as usize]
    }
}

/// Row indices in order of person (then row), so that `order.chunk_by(same_person(rows))` walks each
/// person's rows together.
pub fn by_person<I: Copy + Ord>(rows: &[StaffRecord], mut indices: Vec<I>) -> Vec<I>
where
    [StaffRecord]: std::ops::Index<I, Output = StaffRecord>,
{
    indices.sort_unstable_by_key(|&i| (rows[i].person, i));
    indices
}

/// Whether two row indices are the same person's, for `chunk_by` over [`by_person`].
pub fn same_person<I: Copy>(rows: &[StaffRecord]) -> impl Fn(&I, &I) -> bool + '_
where
    [StaffRecord]: std::ops::Index<I, Output = StaffRecord>,
{
    move |&a, &b| rows[a].person == rows[b].person
}

/// One completion row of a course some plan asks for, by its code's place in the [`CodeSet`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionRecord {
    pub person: u32,
    pub code: u32,
    pub date: Date,
    /// The session (course occasion), as a number that is the same for the same text; none if empty.
    pub session: Option<u32>,
}

/// The completion export, read: the rows of the courses asked for, and a count of the others.
#[derive(Debug, Default)]
pub struct CompletionExport {
    pub path: Source,
    pub list: Vec<CompletionRecord>,
    /// Courses no plan asks for: code as written -> rows.
    pub outside: BTreeMap<String, u64>,
    pub rows_read: u64,
    /// The sessions' texts (trimmed, as written), by the number a [`CompletionRecord`] gives.
    pub sessions: Vec<Box<str>>,
}

/// One exemption row as written.
#[derive(Debug)]
pub struct ExemptionRecord {
    pub line: u64,
    /// The person, when the staff export has them.
    pub person: Option<u32>,
    pub id: Box<str>,
    pub course: Box<str>,
    /// Inclusive; `None` = for good.
    pub until: Option<Date>,
}

#[derive(Debug, Default)]
pub struct ExemptionExport {
    pub path: Source,
    pub rows: Vec<ExemptionRecord>,
    pub rows_read: u64,
}

/// The course codes the completion export is read for: every id and code of the plans to be bound,
/// as keys. A row whose course is none of them is only counted.
#[derive(Debug, Default, Clone)]
pub struct CodeSet {
    /// Each code as a key; a code's number is its place here.
    pub keys: Vec<Key>,
    index: HashMap<Key, u32>,
    /// The ASCII ones, for the completion export's hot path.
    ascii: Vec<(Box<[u8]>, u32)>,
    non_ascii: bool,
}

impl CodeSet {
    /// Every id and code of these plans.
    pub fn of(plans: &[&crate::plan::Plan]) -> CodeSet {
        let mut set = CodeSet::default();
        for plan in plans {
            for course in &plan.courses {
                for code in std::iter::once(&course.id).chain(&course.codes) {
                    let k = key(code);
                    if set.index.contains_key(&k) {
                        continue;
                    }
                    let n = set.keys.len() as u32;
                    if k.is_ascii() {
                        set.ascii.push((k.as_bytes().into(), n));
                    } else {
                        set.non_ascii = true;
                    }
                    set.index.insert(k.clone(), n);
                    set.keys.push(k);
                }
            }
        }
        set
    }

    /// A code by its text.
    pub fn find(&self, text: &str) -> Option<u32> {
        self.index.get(&key(text)).copied()
    }

    /// A code by a field's raw bytes: ASCII ones compared in place ignoring case, others (which can
    /// only be a code when some code is not ASCII) decoded by `text` first.
    #[inline]
    pub fn find_field<E>(
        &self,
        bytes: &[u8],
        text: impl FnOnce() -> Result<String, E>,
    ) -> Result<Option<u32>, E> {
        if bytes.is_ascii() && self.ascii.len() > crate::plan::SCAN_LIMIT {
            // Many codes (a hostile plan's thousands): by hash, not a scan per row; as in place, a
            // field with spaces around it is no code.
            Ok(Key::from_ascii(bytes)
                .filter(|k| k.len() == bytes.len())
                .and_then(|k| self.index.get(&k).copied()))
        } else if bytes.is_ascii() {
            Ok(self
                .ascii
                .iter()
                .find(|(code, _)| code.len() == bytes.len() && code.eq_ignore_ascii_case(bytes))
                .map(|&(_, c)| c))
        } else if self.non_ascii {
            Ok(self.find(&text()?))
        } else {
            Ok(None)
        }
    }
}

/// Everything the exports say, read once.
#[derive(Debug, Default)]
pub struct Exports {
    pub people: People,
    pub staff: StaffExport,
    pub completions: CompletionExport,
    pub codes: CodeSet,
    pub exemptions: ExemptionExport,
    pub units: Option<UnitTree>,
    /// With a unit tree: for each staff row, its unit's node in the tree (empty without a tree).
    pub tree_unit: Vec<Option<usize>>,
    /// `report --history`: the staff rows from this one on are leavers' rows from the recordings
    /// (people not in today's staff export). They count for the report's groups and `--unit`, not for
    /// its coverage, which is of the people on staff.
    pub leavers_from: Option<usize>,
}

/// One row of the allocation weights (`kvu allocate --key`): the unit as written, its weight in whole
/// millionths, and its line and file.
#[derive(Debug, Clone)]
pub struct WeightRow {
    pub unit: String,
    pub weight: u64,
    pub line: u64,
    /// The weights file, for messages (for a workbook, the sheet whose row `line` is).
    pub source: Source,
}

/// One session of a course (`kvu cohorts --sessions`), as the file gives it.
#[derive(Debug, Clone)]
pub struct SessionRow {
    /// The session's id as written, trimmed.
    pub id: String,
    pub date: Date,
    pub seats: u64,
    /// The `place` (or `location`, `plats`) column's value; empty when there is none.
    pub place: String,
    /// The `end_date` (or `end`) column's date: the last day of a session of several days.
    pub last_day: Option<Date>,
    /// The values of the columns other than session, date and seats, in the file's order.
    pub extra: Vec<String>,
    pub line: u64,
}

/// A sessions file, read.
#[derive(Debug, Clone, Default)]
pub struct SessionExport {
    pub path: Source,
    /// The names of the columns other than session, date and seats, as the file spells them.
    pub extra_columns: Vec<String>,
    pub rows: Vec<SessionRow>,
}
