//! The staff export: one row per assignment (a person with two posts has two rows).
//!
//! Required columns `employee_id`, `unit`, `role`, `level`; optional `name`, `start_date`. A row without
//! employee_id, unit or role is an error. A role the plan does not declare requires nothing, and a level
//! it does not declare gets only what `"*"` requires: both are warnings (one per distinct value, with the
//! first line and the count). A row repeating an earlier one exactly is a warning.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;

use std::borrow::Cow;
use std::sync::Arc;

use super::{CsvFile, People, ReadOptions, each_row};
use crate::date;
use crate::diag::{Diagnostics, Problem};
use crate::fasthash::FastHash;
use crate::plan::{Plan, key};

/// An assignment's level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LevelRef {
    /// A level the plan declares.
    Declared(usize),
    /// A level the plan does not declare, as written (trimmed).
    Undeclared(Box<str>),
    /// No level given.
    Empty,
}

/// One row of the staff export.
#[derive(Debug, Clone)]
pub struct Assignment {
    pub person: u32,
    pub line: u64,
    pub name: Box<str>,
    /// The unit, shared by the rows that write it so.
    pub unit_name: Arc<UnitName>,
    /// The plan's role, or `None` for a role the plan does not declare.
    pub role: Option<usize>,
    /// An undeclared role as written (trimmed); empty for a declared one.
    pub role_written: Box<str>,
    pub level: LevelRef,
    pub start: Option<Date>,
}

/// A unit as a staff row writes it, and as a key ([`key`]).
#[derive(Debug)]
pub struct UnitName {
    pub text: Box<str>,
    pub key: Box<str>,
}

impl Assignment {
    /// The unit as written, trimmed.
    pub fn unit(&self) -> &str {
        &self.unit_name.text
    }

    /// The unit made a key: units are ids, compared ignoring case.
    pub fn unit_key(&self) -> &str {
        &self.unit_name.key
    }

    pub fn declared_level(&self) -> Option<usize> {
        match self.level {
            LevelRef::Declared(l) => Some(l),
            _ => None,
        }
    }

    /// The level as printed: the plan's id, or an undeclared level as written.
    pub fn level_text<'a>(&'a self, plan: &'a Plan) -> &'a str {
        match &self.level {
            LevelRef::Declared(l) => &plan.levels[*l].id,
            LevelRef::Undeclared(text) => text,
            LevelRef::Empty => "",
        }
    }

    /// The role as printed: the plan's id, or empty for an undeclared role (which requires nothing).
    pub fn role_text<'a>(&self, plan: &'a Plan) -> &'a str {
        self.role.map_or("", |r| plan.roles[r].id.as_str())
    }
}

/// Row indices in order of person (then row), so that `order.chunk_by(same_person(rows))` walks each
/// person's rows together.
pub fn by_person(rows: &[Assignment], mut indices: Vec<usize>) -> Vec<usize> {
    indices.sort_unstable_by_key(|&i| (rows[i].person, i));
    indices
}

/// Whether two row indices are the same person's, for `chunk_by` over [`by_person`].
pub fn same_person(rows: &[Assignment]) -> impl Fn(&usize, &usize) -> bool + '_ {
    move |&a, &b| rows[a].person == rows[b].person
}

/// The staff export, read.
#[derive(Debug, Default)]
pub struct Staff {
    pub rows: Vec<Assignment>,
    /// Data rows read from the file.
    pub rows_read: u64,
}

/// "1 row", "3 rows".
pub fn count_rows(n: usize) -> String {
    if n == 1 {
        "1 row".to_string()
    } else {
        format!("{n} rows")
    }
}

/// Counts a value the plan does not have, remembering the first line it was on.
fn tally(seen: &mut BTreeMap<String, Undeclared>, value: &str, line: u64) {
    match seen.get_mut(value) {
        Some(u) => u.count += 1,
        None => {
            seen.insert(
                value.to_string(),
                Undeclared {
                    first_line: line,
                    count: 1,
                },
            );
        }
    }
}

struct Undeclared {
    first_line: u64,
    count: usize,
}

impl Staff {
    pub fn load(
        path: &str,
        plan: &Plan,
        options: &ReadOptions,
        people: &mut People,
        diag: &mut Diagnostics,
    ) -> Result<Staff, Problem> {
        let mut file = CsvFile::open(path, "staff", options)?;
        let c_id = file.require("employee_id")?;
        let c_unit = file.require("unit")?;
        let c_role = file.column("role")?;
        // Without a role column, the plan's `titles:` give role (and level) from a job title.
        let c_title = match (c_role, plan.has_titles()) {
            (None, true) => Some(match file.column("title")? {
                Some(c) => c,
                None => file.column_of(&["befattning"])?.ok_or_else(|| {
                    file.missing("title", " (or `befattning`), for the plan's titles")
                })?,
            }),
            (None, false) => return Err(file.missing("role", "")),
            (Some(_), _) => None,
        };
        let c_level = match c_title {
            Some(_) => file.column("level")?,
            None => Some(file.require("level")?),
        };
        let c_name = file.column("name")?;
        let c_start = file.column("start_date")?;

        let mut rows = Vec::with_capacity(file.estimated_rows.unwrap_or(0));
        let mut roles: BTreeMap<String, Undeclared> = BTreeMap::new();
        let mut titles: BTreeMap<String, Undeclared> = BTreeMap::new();
        let mut levels: BTreeMap<String, Undeclared> = BTreeMap::new();
        // Units as written -> the shared text and key: a region has thousands of units, not one per row.
        let mut unit_names: HashMap<Box<str>, Arc<UnitName>, FastHash> = HashMap::default();
        each_row(&mut file, diag, |row, _| {
            let id = row.required(c_id, "the person's id")?;
            let unit = row.required(c_unit, "a unit id or name")?;
            let (role_text, role, title_level) = match (c_role, c_title) {
                (Some(c), _) => {
                    let text = row.required(c, "a role id of the plan")?;
                    let role = plan.role(&text);
                    if role.is_none() {
                        tally(&mut roles, &text, row.line);
                    }
                    (text, role, None)
                }
                (None, Some(c)) => {
                    let text = row.required(c, "a job title")?;
                    match plan.title(&text) {
                        Some((role, level)) => {
                            (Cow::Owned(plan.roles[role].id.clone()), Some(role), level)
                        }
                        None => {
                            tally(&mut titles, &text, row.line);
                            (text, None, None)
                        }
                    }
                }
                (None, None) => unreachable!("a role or a title column was found"),
            };
            let level_text = row.opt_text(c_level)?;
            let name = row.opt_text(c_name)?;
            let start_text = row.opt_text(c_start)?;
            let start = if start_text.is_empty() {
                None
            } else {
                let c = c_start.expect("a start date comes from its column");
                Some(date::parse(&start_text).map_err(|e| {
                    row.problem(format!("{} {}", row.name(c), e.describe(&start_text)))
                })?)
            };
            let level = if let Some(l) = title_level {
                LevelRef::Declared(l)
            } else if level_text.is_empty() {
                LevelRef::Empty
            } else if let Some(l) = plan.level(&level_text) {
                LevelRef::Declared(l)
            } else {
                tally(&mut levels, &level_text, row.line);
                LevelRef::Undeclared(level_text.as_ref().into())
            };
            let person = people.intern(&id);
            let unit_name = match unit_names.get(unit.as_ref()) {
                Some(shared) => shared.clone(),
                None => {
                    let shared = Arc::new(UnitName {
                        text: unit.as_ref().into(),
                        key: key(&unit).into(),
                    });
                    unit_names.insert(unit.as_ref().into(), shared.clone());
                    shared
                }
            };
            let role_written: Box<str> = if role.is_some() {
                "".into()
            } else {
                role_text.as_ref().into()
            };
            rows.push(Assignment {
                person,
                line: row.line,
                name: name.as_ref().into(),
                unit_name,
                role,
                role_written,
                level,
                start,
            });
            Ok(())
        })?;
        let rows = drop_duplicates(path, rows, plan, people, diag)?;
        people.staff_count = people.len() as u32;
        for (role, u) in roles {
            diag.warn(Problem::at(
                path,
                u.first_line,
                format!("role `{role}` is not declared in the plan ({}, the first here); it requires nothing", count_rows(u.count)),
            ))?;
        }
        for (title, u) in titles {
            diag.warn(Problem::at(
                path,
                u.first_line,
                format!("title `{title}` is not in the plan's titles and there is no \"*\" ({}, the first here); it requires nothing", count_rows(u.count)),
            ))?;
        }
        for (level, u) in levels {
            diag.warn(Problem::at(
                path,
                u.first_line,
                format!("level `{level}` is not declared in the plan ({}, the first here); it gets only what \"*\" requires", count_rows(u.count)),
            ))?;
        }
        Ok(Staff {
            rows,
            rows_read: file.rows,
        })
    }
}

/// A row that repeats an earlier one exactly (person, unit, role, level and start date, ids compared as
/// keys) is a warning, and the repeat is dropped.
fn drop_duplicates(
    path: &str,
    rows: Vec<Assignment>,
    plan: &Plan,
    people: &People,
    diag: &mut Diagnostics,
) -> Result<Vec<Assignment>, Problem> {
    let same_level = |a: &LevelRef, b: &LevelRef| match (a, b) {
        (LevelRef::Undeclared(x), LevelRef::Undeclared(y)) => key(x) == key(y),
        _ => a == b,
    };
    let same = |a: &Assignment, b: &Assignment| {
        a.person == b.person
            && a.unit_key() == b.unit_key()
            && a.role == b.role
            && (a.role.is_some() || key(&a.role_written) == key(&b.role_written))
            && same_level(&a.level, &b.level)
            && a.start == b.start
    };
    // Rows by person (most people have one or two); within a person, compare each row with the earlier.
    let order = by_person(&rows, (0..rows.len()).collect());
    let mut repeat = vec![None; rows.len()];
    for group in order.chunk_by(same_person(&rows)) {
        for (w, &i) in group.iter().enumerate().skip(1) {
            repeat[i] = group[..w]
                .iter()
                .copied()
                .find(|&j| repeat[j].is_none() && same(&rows[i], &rows[j]));
        }
    }
    let mut problems: Vec<(u64, String)> = Vec::new();
    for (i, first) in repeat.iter().enumerate() {
        if let Some(first) = first {
            let a = &rows[i];
            let id = people.id(a.person);
            let role = a
                .role
                .map_or(&*a.role_written, |r| plan.roles[r].id.as_str());
            let message = format!(
                "duplicate row: employee {id} in unit {} as {role} repeats line {}",
                a.unit(),
                rows[*first].line
            );
            problems.push((a.line, message));
        }
    }
    for (line, message) in problems {
        diag.warn(Problem::at(path, line, message))?;
    }
    // In place: a copy of a national staff list would double the memory it takes.
    let mut rows = rows;
    let mut at = 0;
    rows.retain(|_| {
        at += 1;
        repeat[at - 1].is_none()
    });
    Ok(rows)
}
