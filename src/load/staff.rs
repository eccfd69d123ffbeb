//! The staff export: one row per assignment (a person with two posts has two rows).
//!
//! Required columns `employee_id`, `unit`, `role`, `level`; optional `name`, `start_date`. A row without
//! employee_id, unit or role is an error. A role the plan does not declare requires nothing, and a level
//! it does not declare gets only what `"*"` requires: both are warnings (one per distinct value, with the
//! first line and the count). A row repeating an earlier one exactly is a warning.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;

use super::{CsvFile, each_row};
use crate::date;
use crate::diag::{Diagnostics, Problem};
use crate::plan::{Plan, key};

/// Every person kvu has seen: staff first (their ids are `0..staff_count`), then people found only in
/// the completions (leavers).
#[derive(Debug, Default)]
pub struct People {
    pub ids: Vec<Box<str>>,
    index: HashMap<Box<str>, u32>,
    /// How many of `ids` come from the staff export.
    pub staff_count: u32,
}

impl People {
    pub fn get(&self, id: &str) -> Option<u32> {
        self.index.get(id).copied()
    }

    pub fn intern(&mut self, id: &str) -> u32 {
        if let Some(&p) = self.index.get(id) {
            return p;
        }
        let p = self.ids.len() as u32;
        self.ids.push(id.into());
        self.index.insert(id.into(), p);
        p
    }

    pub fn in_staff(&self, person: u32) -> bool {
        person < self.staff_count
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// An assignment's level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LevelRef {
    /// A level the plan declares.
    Declared(usize),
    /// A level the plan does not declare, as written (trimmed).
    Undeclared(String),
    /// No level given.
    Empty,
}

/// One row of the staff export.
#[derive(Debug, Clone)]
pub struct Assignment {
    pub person: u32,
    pub line: u64,
    pub name: String,
    /// The unit as written, trimmed.
    pub unit: String,
    /// The unit made a key ([`key`]).
    pub unit_key: String,
    /// The plan's role, or `None` for a role the plan does not declare.
    pub role: Option<usize>,
    /// An undeclared role as written (trimmed); empty for a declared one.
    pub role_written: String,
    pub level: LevelRef,
    pub start: Option<Date>,
}

impl Assignment {
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

struct Undeclared {
    first_line: u64,
    count: usize,
}

impl Staff {
    pub fn load(
        path: &str,
        plan: &Plan,
        people: &mut People,
        diag: &mut Diagnostics,
    ) -> Result<Staff, Problem> {
        let mut file = CsvFile::open(path)?;
        let c_id = file.require("employee_id")?;
        let c_unit = file.require("unit")?;
        let c_role = file.require("role")?;
        let c_level = file.require("level")?;
        let c_name = file.column("name")?;
        let c_start = file.column("start_date")?;

        let mut rows = Vec::new();
        let mut roles: BTreeMap<String, Undeclared> = BTreeMap::new();
        let mut levels: BTreeMap<String, Undeclared> = BTreeMap::new();
        // (person, "unit|role|level", start) -> the first line with it.
        let mut seen: HashMap<(u32, String, Option<Date>), u64> = HashMap::new();
        each_row(&mut file, diag, |row, diag| {
            let id = row.text(c_id, "employee_id")?;
            if id.is_empty() {
                return Err(row.problem("employee_id is empty, expected the person's id"));
            }
            let unit = row.text(c_unit, "unit")?;
            if unit.is_empty() {
                return Err(row.problem("unit is empty, expected a unit id or name"));
            }
            let role_text = row.text(c_role, "role")?;
            if role_text.is_empty() {
                return Err(row.problem("role is empty, expected a role id of the plan"));
            }
            let level_text = row.text(c_level, "level")?;
            let name = row.opt_text(c_name, "name")?;
            let start_text = row.opt_text(c_start, "start_date")?;
            let start =
                if start_text.is_empty() {
                    None
                } else {
                    Some(date::parse(start_text).map_err(|e| {
                        row.problem(format!("start_date {}", e.describe(start_text)))
                    })?)
                };
            let role = plan.role(role_text);
            if role.is_none() {
                let u = roles.entry(role_text.to_string()).or_insert(Undeclared {
                    first_line: row.line,
                    count: 0,
                });
                u.count += 1;
            }
            let level = if level_text.is_empty() {
                LevelRef::Empty
            } else if let Some(l) = plan.level(level_text) {
                LevelRef::Declared(l)
            } else {
                let u = levels.entry(level_text.to_string()).or_insert(Undeclared {
                    first_line: row.line,
                    count: 0,
                });
                u.count += 1;
                LevelRef::Undeclared(level_text.to_string())
            };
            let person = people.intern(id);
            let unit_key = key(unit);
            let level_key = match &level {
                LevelRef::Declared(l) => format!("#{l}"),
                LevelRef::Undeclared(t) => key(t),
                LevelRef::Empty => String::new(),
            };
            let role_key = match role {
                Some(r) => format!("#{r}"),
                None => key(role_text),
            };
            let same = format!("{unit_key}|{role_key}|{level_key}");
            if let Some(first) = seen.insert((person, same, start), row.line) {
                diag.warn(row.problem(format!(
                    "duplicate row: employee {id} in unit {unit} as {role_text} repeats line {first}"
                )))?;
                return Ok(());
            }
            let role_written = if role.is_some() {
                String::new()
            } else {
                role_text.to_string()
            };
            rows.push(Assignment {
                person,
                line: row.line,
                name: name.to_string(),
                unit: unit.to_string(),
                unit_key,
                role,
                role_written,
                level,
                start,
            });
            Ok(())
        })?;
        people.staff_count = people.len() as u32;
        for (role, u) in roles {
            diag.warn(Problem::at(
                path,
                u.first_line,
                format!("role `{role}` is not declared in the plan ({}, the first here); it requires nothing", count_rows(u.count)),
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
