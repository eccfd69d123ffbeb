//! The staff export: one row per assignment (a person with two posts has two rows).
//!
//! Required columns `employee_id`, `unit`, `role`, `level`; optional `name`, `start_date`. Without a
//! role column, a plan with `titles:` takes the role (and level) from a `title` (or `befattning`)
//! column. A row without employee_id, unit or role is an error. Roles and levels are kept as written:
//! what they mean is the binding's business ([`crate::model::bind`]). A row repeating an earlier one
//! exactly (person, unit, role, level and start date, compared as keys) is a warning, and the repeat
//! is dropped.

use crate::load::path::InputPath;
use std::collections::HashMap;
use std::sync::Arc;

use super::ids::read_id;
use super::{CsvFile, ReadOptions, each_row};
use crate::date;
use crate::diag::{Diagnostics, Problem, Source};
use crate::model::exports::{NO_LEVEL, StaffExport, StaffRecord, Symbols, UnitName};
use crate::model::people::Interner;
use crate::model::{People, by_person, same_person};
use crate::plan::{Key, key};

/// What is said of a staff export with a header and no rows: an error (by `validate` as it reads, by a
/// command after its own options), since an empty export must never print an all-clear.
pub const NO_ROWS: &str = "no rows, expected at least one staff row";

/// The columns of a staff export.
struct Columns {
    id: usize,
    unit: usize,
    /// The role column, or (with `titles`) the job title column.
    role: usize,
    level: Option<usize>,
    name: Option<usize>,
    start: Option<usize>,
    titles: bool,
}

fn columns(file: &CsvFile, options: &ReadOptions) -> Result<Columns, Problem> {
    let id = file.require("employee_id")?;
    let unit = file.require("unit")?;
    let (role, titles) = match (file.column("role")?, options.titles) {
        (Some(c), _) => (c, false),
        // Without a role column, the plan's `titles:` give role (and level) from a job title.
        (None, true) => (
            match file.column("title")? {
                Some(c) => c,
                None => file.column_of(&["befattning"])?.ok_or_else(|| {
                    file.missing("title", " (or `befattning`), for the plan's titles")
                })?,
            },
            true,
        ),
        (None, false) => return Err(file.missing("role", "")),
    };
    let level = if titles {
        file.column("level")?
    } else {
        Some(file.require("level")?)
    };
    Ok(Columns {
        id,
        unit,
        role,
        level,
        name: file.column("name")?,
        start: file.column("start_date")?,
        titles,
    })
}

/// Reads the staff export, numbering its people in `people`.
pub fn load(
    path: &InputPath,
    options: &ReadOptions,
    people: &mut People,
    diag: &mut Diagnostics,
) -> Result<StaffExport, Problem> {
    let mut file = CsvFile::open(path, "staff", options)?;
    let c = columns(&file, options)?;
    let mut rows = Vec::with_capacity(file.estimated_rows.unwrap_or(0));
    people.reserve(file.estimated_rows.unwrap_or(0));
    let (mut roles, mut levels) = (Symbols::default(), Symbols::default());
    let mut units = Units::default();
    // Names end to end, each at a 32-bit offset.
    let mut names = String::new();
    // The rows' ids end to end, numbered all at once after the rows are read (faster than one by one).
    let (mut ids, mut id_ends) = (String::new(), Vec::new());
    let offset = |at: usize| {
        u32::try_from(at).map_err(|_| {
            Problem::file(
                path,
                "names over 4 GiB in all, expected a staff export of at most 4 GiB",
            )
        })
    };
    let role_expected = if c.titles {
        "a job title"
    } else {
        "a role id of the plan"
    };
    each_row(&mut file, diag, |row, diag| {
        let (id, doubtful) = read_id(row, c.id, options.ids)?;
        if let Some(warning) = doubtful {
            diag.warn(warning)?;
        }
        let unit = row.required(c.unit, "a unit id or name")?;
        let role = row.required(c.role, role_expected)?;
        let level = row.opt_text(c.level)?;
        let name_text = row.opt_text(c.name)?;
        let start_text = row.opt_text(c.start)?;
        let start = match c.start {
            Some(col) if !start_text.is_empty() => Some(date::parse(&start_text).map_err(|e| {
                row.field_problem(
                    col,
                    format!("{} {}", row.name(col), e.describe(&start_text)),
                )
            })?),
            _ => None,
        };
        let name = (offset(names.len())?, offset(names.len() + name_text.len())?);
        let id_end = offset(ids.len() + id.len())?;
        // Nothing can fail from here: a row's id is kept exactly when the row is.
        names.push_str(&name_text);
        ids.push_str(&id);
        id_ends.push(id_end);
        rows.push(StaffRecord {
            person: 0,
            line: row.line,
            name,
            unit_name: units.unknown.clone(),
            role: roles.intern(&role, row.line),
            level: if level.is_empty() {
                NO_LEVEL
            } else {
                levels.intern(&level, row.line)
            },
            start,
        });
        units.push(&unit, &mut rows);
        Ok(())
    })?;
    units.flush(&mut rows);
    let mut staff = StaffExport {
        path: file.path.clone(),
        rows,
        names,
        roles,
        levels,
        titles: c.titles,
        rows_read: file.rows,
    };
    let persons = people.intern_all(id_ends.len(), |k| {
        let start = if k == 0 { 0 } else { id_ends[k - 1] as usize };
        &ids[start..id_ends[k] as usize]
    });
    for (row, person) in staff.rows.iter_mut().zip(persons) {
        row.person = person;
    }
    let source = staff.path.clone();
    drop_duplicates(&source, &mut staff, people, diag)?;
    people.staff_count = people.len() as u32;
    Ok(staff)
}

/// The staff rows' units as written -> the shared text and key: a region has thousands of units, not
/// one per row. A row's unit is numbered with the next 63 rows' in a loop of their own, not as its row
/// is read: a lookup is a few cache misses in a row (slot, end, text, the shared name's count), and a
/// tight loop has several lookups on their way at once while a row's reading has one (a national
/// export's 26-character HSA ids: a tenth of reading the staff export).
struct Units {
    numbers: Interner,
    names: Vec<Arc<UnitName>>,
    /// The units of the rows pushed since the last [`Units::flush`], end to end, and where each ends.
    pending: String,
    ends: Vec<u32>,
    /// What those rows hold until then.
    unknown: Arc<UnitName>,
}

impl Default for Units {
    fn default() -> Units {
        Units {
            numbers: Interner::default(),
            names: Vec::new(),
            pending: String::new(),
            ends: Vec::new(),
            unknown: Arc::new(UnitName {
                text: "".into(),
                key: "".into(),
            }),
        }
    }
}

impl Units {
    const BATCH: usize = 64;

    /// The unit of the row just pushed.
    fn push(&mut self, unit: &str, rows: &mut [StaffRecord]) {
        self.pending.push_str(unit);
        self.ends.push(self.pending.len() as u32);
        if self.ends.len() == Self::BATCH {
            self.flush(rows);
        }
    }

    /// Gives the last rows pushed their units.
    fn flush(&mut self, rows: &mut [StaffRecord]) {
        let Units {
            numbers,
            names,
            pending,
            ends,
            ..
        } = self;
        let text =
            |k: usize| &pending[if k == 0 { 0 } else { ends[k - 1] as usize }..ends[k] as usize];
        let found = numbers.intern_all(ends.len(), text);
        let first = rows.len() - ends.len();
        for (k, (row, u)) in rows[first..].iter_mut().zip(found).enumerate() {
            if u as usize == names.len() {
                names.push(Arc::new(UnitName {
                    text: text(k).into(),
                    key: key(text(k)).into(),
                }));
            }
            row.unit_name = names[u as usize].clone();
        }
        pending.clear();
        ends.clear();
    }
}

/// A row that repeats an earlier one exactly (person, unit, role, level and start date, ids compared as
/// keys) is a warning, and the repeat is dropped.
fn drop_duplicates(
    path: &Source,
    staff: &mut StaffExport,
    people: &People,
    diag: &mut Diagnostics,
) -> Result<(), Problem> {
    // Roles and levels that are the same key share one number: the first symbol with that key.
    fn canonical(symbols: &Symbols) -> Vec<u32> {
        let mut first: HashMap<Key, u32> = HashMap::new();
        (0..symbols.len() as u32)
            .map(|s| *first.entry(key(symbols.text(s))).or_insert(s))
            .collect()
    }
    let role_of = canonical(&staff.roles);
    let level_canon = canonical(&staff.levels);
    let level_of = |l: u32| (l != NO_LEVEL).then(|| level_canon[l as usize]);
    let rows = &staff.rows;
    // Rows by person; within a person (most have one or two, a hostile export 100,000), rows sorted by
    // what makes them the same, then by line: each run of equal rows repeats its first. O(n log n).
    let order = by_person(rows, (0..rows.len()).collect());
    let mut repeat = vec![None; rows.len()];
    let mut sorted: Vec<usize> = Vec::new();
    for group in order.chunk_by(same_person(rows)) {
        if group.len() < 2 {
            continue;
        }
        let what = |i: usize| {
            let a = &rows[i];
            (
                a.unit_key(),
                role_of[a.role as usize],
                level_of(a.level),
                a.start,
            )
        };
        sorted.clear();
        sorted.extend_from_slice(group);
        sorted.sort_unstable_by(|&a, &b| what(a).cmp(&what(b)).then(a.cmp(&b)));
        for run in sorted.chunk_by(|&a, &b| what(a) == what(b)) {
            for &i in &run[1..] {
                repeat[i] = Some(run[0]);
            }
        }
    }
    for (i, first) in repeat.iter().enumerate() {
        if let Some(first) = first {
            let a = &rows[i];
            let message = format!(
                "duplicate row: employee {} in unit {} as {} repeats line {}",
                people.id(a.person),
                a.unit(),
                staff.roles.text(a.role),
                rows[*first].line
            );
            diag.warn(Problem::at(path, a.line, message))?;
        }
    }
    // In place: a copy of a national staff list would double the memory it takes.
    let mut at = 0;
    staff.rows.retain(|_| {
        at += 1;
        repeat[at - 1].is_none()
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_row_keeps_its_own_unit_when_units_are_numbered_in_batches() {
        // 200 rows (three batches and a part), units in no order, repeating across batches, one
        // differing from another only in case (two units as written, one key).
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("staff.csv");
        let unit = |i: usize| match i % 7 {
            0 => "SE2321000131-E000000002377".to_string(),
            1 => "se2321000131-e000000002377".to_string(),
            k => format!("SE2321000131-E{:012}", (i * 31 + k) % 97),
        };
        let mut text = String::from("employee_id,unit,role,level\n");
        for i in 0..200 {
            text.push_str(&format!("{},{},r,l\n", 1000 + i, unit(i)));
        }
        std::fs::write(&path, text).unwrap();
        let (mut people, mut diag) = (People::default(), Diagnostics::new(false));
        let path = InputPath::new(path.to_str().unwrap().to_string());
        let staff = load(&path, &ReadOptions::default(), &mut people, &mut diag).unwrap();
        assert_eq!(staff.rows.len(), 200);
        for (i, row) in staff.rows.iter().enumerate() {
            assert_eq!(row.unit(), unit(i));
            assert_eq!(row.unit_key(), key(&unit(i)).as_str());
            assert_eq!(people.id(row.person), (1000 + i).to_string());
        }
        // Rows of one unit as written share one name.
        assert!(Arc::ptr_eq(
            &staff.rows[0].unit_name,
            &staff.rows[70].unit_name
        ));
        assert!(Arc::ptr_eq(
            &staff.rows[0].unit_name,
            &staff.rows[196].unit_name
        ));
        assert!(!Arc::ptr_eq(
            &staff.rows[0].unit_name,
            &staff.rows[1].unit_name
        ));
    }
}
