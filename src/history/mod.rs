//! The history store: one SQLite file that keeps, per as-of date, what kvu read (a *recording*: the
//! plan's text and the export rows, trimmed as kvu trims them), the facts of the run and the figures
//! it gave. `kvu record` adds a recording, `kvu history` lists and forgets them, and `--recording
//! DATE` reads one back as the loader's input source (its rows written out as the exports kvu reads).
//!
//! The storage is behind [`store::Store`] alone: the rest of kvu sees [`Recording`], [`Listed`] and
//! [`Figure`], never SQL, so that another database could stand behind the same calls. The tables and
//! views are documented for people in docs/history.md.

pub mod capture;
pub mod lookback;
pub mod merge;
pub mod source;
pub mod store;

use jiff::civil::Date;

pub use store::Store;

/// The inputs a recording holds besides the plan, in the order the loader reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Staff,
    Completions,
    Exemptions,
    Units,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Staff,
        Kind::Completions,
        Kind::Exemptions,
        Kind::Units,
    ];

    /// The input's name: the option without `--`, the table's name without `_rows`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Staff => "staff",
            Kind::Completions => "completions",
            Kind::Exemptions => "exemptions",
            Kind::Units => "units",
        }
    }

    /// The columns kvu uses of this input, as the store names them (the contract's names).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Kind::Staff => &["employee_id", "name", "unit", "role", "level", "start_date"],
            Kind::Completions => &["employee_id", "course", "completed", "session"],
            Kind::Exemptions => &["employee_id", "course", "until"],
            Kind::Units => &["unit", "parent", "name", "email"],
        }
    }
}

/// One input file of a run, as `kvu history` and the `input_files` table show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// `plan`, `staff`, `completions`, `exemptions` or `units`.
    pub input: String,
    /// The file's name (no folder).
    pub file_name: String,
    pub bytes: u64,
    /// Data rows (the header not counted); the plan: 0.
    pub data_rows: u64,
    pub sha256: String,
    /// The header kvu reads the recorded rows back with (the plan's `columns:` names), comma-separated.
    pub header: String,
}

/// The rows of one input as kvu read them: each row's values in [`Kind::columns`] order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rows {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The rows of one input as a recording captures them: every value in one text, with where each
/// ends, [`Kind::columns`] values a row (a region's rows as one `String` per value took 15 MB more).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Captured {
    pub header: Vec<String>,
    width: usize,
    text: String,
    ends: Vec<usize>,
}

impl Captured {
    /// No rows yet, of `width` values each.
    pub fn new(header: Vec<String>, width: usize) -> Captured {
        Captured {
            header,
            width: width.max(1),
            text: String::new(),
            ends: Vec::new(),
        }
    }

    /// Adds the next value (a row's values one after the other).
    pub fn value(&mut self, value: impl std::fmt::Display) {
        use std::fmt::Write;
        let _ = write!(self.text, "{value}");
        self.ends.push(self.text.len());
    }

    /// The rows.
    pub fn len(&self) -> usize {
        self.ends.len() / self.width
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Row `i`'s values.
    pub fn row(&self, i: usize) -> impl Iterator<Item = &str> {
        let at = i * self.width;
        (at..at + self.width).map(move |j| {
            let start = if j == 0 { 0 } else { self.ends[j - 1] };
            &self.text[start..self.ends[j]]
        })
    }

    /// Every value, row after row.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).flat_map(move |i| self.row(i))
    }

    /// As rows of values, one `String` each (for what adds rows to them: `report --history`).
    pub fn to_rows(&self) -> Rows {
        Rows {
            header: self.header.clone(),
            rows: (0..self.len())
                .map(|i| self.row(i).map(str::to_string).collect())
                .collect(),
        }
    }

    /// From rows of values.
    pub fn of(header: Vec<String>, width: usize, rows: &[Vec<String>]) -> Captured {
        let mut out = Captured::new(header, width);
        for row in rows {
            for v in row {
                out.value(v);
            }
        }
        out
    }
}

/// One figure: a unit's (empty: the whole organisation) people per state for one course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub unit: String,
    pub course: String,
    /// required, met, exempt, overdue, due, expired.
    pub counts: [u64; 6],
}

/// A recording: what one run read, and what it gave.
#[derive(Debug, Clone)]
pub struct Recording {
    pub as_of: Date,
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub recorded_at: String,
    pub kvu_version: String,
    pub plan_text: String,
    pub files: Vec<InputFile>,
    /// Per input given, its rows: shared with the run that read them, not copied (a region's rows
    /// as text are some 35 MB).
    pub inputs: std::sync::Arc<Vec<(Kind, Captured)>>,
    pub figures: Vec<Figure>,
}

impl Recording {
    /// The SHA-256 of the plan file, or empty.
    pub fn plan_sha256(&self) -> &str {
        self.files
            .iter()
            .find(|f| f.input == "plan")
            .map_or("", |f| f.sha256.as_str())
    }

    /// What says whether two runs read the same files: each input's name and SHA-256.
    pub fn inputs_key(&self) -> String {
        let mut parts: Vec<String> = self
            .files
            .iter()
            .map(|f| format!("{}={}", f.input, f.sha256))
            .collect();
        parts.sort();
        parts.join(";")
    }
}

/// One recording as `kvu history` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub as_of: Date,
    pub recorded_at: String,
    pub kvu_version: String,
    pub plan_sha256: String,
    pub staff_rows: u64,
    pub completion_rows: u64,
    /// Units with figures (the whole organisation not counted).
    pub units: u64,
    /// Whether the inputs are still there (`kept`) or were forgotten.
    pub kept: bool,
}

/// What `kvu record` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// A recording with the same inputs was there: nothing changed.
    Same,
    /// Written: its rows, how many of them the store did not hold yet, the store's size after.
    Written {
        replaced: bool,
        rows: u64,
        new_rows: u64,
        bytes: u64,
        /// The store was brought up from this older schema version first.
        migrated_from: Option<u32>,
    },
}

/// What `kvu history --forget-before` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forgotten {
    pub recordings: u64,
    pub rows: u64,
    pub bytes: u64,
}

/// The inputs of a recording, read back for the loader.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub as_of: Date,
    pub plan_text: String,
    pub files: Vec<InputFile>,
    pub inputs: Vec<(Kind, Rows)>,
}
