//! The subcommands, one file each, and what they share: loading the inputs and choosing the scope.

pub mod allocate;
pub mod gaps;
pub mod priority;
pub mod report;
pub mod validate;

use std::collections::{BTreeMap, HashMap};

use anyhow::{Result, bail};
use jiff::civil::Date;

use crate::cli::{EncodingArg, Global};
use crate::date;
use crate::diag::{Diagnostics, Problem};
use crate::fasthash::FastHash;
use crate::load::{Completions, Encoding, Exemptions, People, ReadOptions, Staff, UnitTree};
use crate::plan::{CourseIx, Plan};
use crate::rules::Inputs;

/// How a command ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// `--check` found what it checks for.
    CheckFailed,
    /// The inputs have errors (`validate`).
    Invalid,
}

/// All inputs, loaded and checked.
pub struct Loaded {
    pub plan: Plan,
    pub people: People,
    pub staff: Staff,
    pub completions: Completions,
    pub exemptions: Exemptions,
    pub units: Option<UnitTree>,
    pub as_of: Date,
    /// How the exports were read, for files a command reads itself (`allocate --key`).
    pub read_options: ReadOptions,
    /// With a unit tree: for each staff row, its unit's node in the tree.
    pub tree_unit: Vec<Option<usize>>,
}

/// For each staff row, the tree's node for its unit, looked up once per distinct unit text (the rows of
/// a unit share one string).
fn tree_units(staff: &Staff, tree: Option<&UnitTree>) -> Vec<Option<usize>> {
    let Some(tree) = tree else {
        return vec![None; staff.rows.len()];
    };
    let mut seen: HashMap<*const crate::load::staff::UnitName, Option<usize>, FastHash> =
        HashMap::default();
    staff
        .rows
        .iter()
        .map(|a| {
            *seen
                .entry(std::sync::Arc::as_ptr(&a.unit_name))
                .or_insert_with(|| tree.unit_of(a.unit()))
        })
        .collect()
}

fn required<'a>(value: &'a Option<String>, option: &str, env: &str) -> Result<&'a str> {
    match value.as_deref() {
        Some(v) if !v.is_empty() => Ok(v),
        _ => bail!(
            "no {} file given, expected --{option} FILE or {env}",
            option.replace('-', " ")
        ),
    }
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// How to read the exports: the command line's encoding and separator, the plan's column names.
pub fn read_options(g: &Global, plan: Option<&Plan>) -> ReadOptions {
    ReadOptions {
        encoding: match g.encoding {
            None | Some(EncodingArg::Auto) => Encoding::Auto,
            Some(EncodingArg::Utf8) => Encoding::Utf8,
            Some(EncodingArg::Windows1252) => Encoding::Windows1252,
        },
        delimiter: g.delimiter,
        columns: plan.map(|p| p.columns.clone()).unwrap_or_default(),
    }
}

impl Loaded {
    /// Loads every input a command needs; the first error stops the run.
    pub fn load(g: &Global, diag: &mut Diagnostics) -> Result<Loaded> {
        let plan_path = required(&g.plan, "plan", "KVU_PLAN")?;
        let staff_path = required(&g.staff, "staff", "KVU_STAFF")?;
        let completions_path = required(&g.completions, "completions", "KVU_COMPLETIONS")?;
        let as_of = g.as_of.unwrap_or_else(date::today_in_stockholm);
        let Some(plan) = Plan::load(plan_path, diag)? else {
            bail!("{plan_path}: the plan has errors")
        };
        let options = read_options(g, Some(&plan));
        // The completion export (by far the largest file) is read on the other cores meanwhile; its
        // problems are reported after the staff's, as if the files were read one after the other.
        let (units, staff, people, exemptions, completions, tree_unit) =
            std::thread::scope(|scope| {
                let reading =
                    scope.spawn(|| Completions::read(completions_path, &plan, &options, as_of));
                let mut people = People::default();
                let rest = (|| {
                    let units = given(&g.units)
                        .map(|p| UnitTree::load(p, &options, diag))
                        .transpose()?;
                    let staff = Staff::load(staff_path, &plan, &options, &mut people, diag)?;
                    let tree_unit = tree_units(&staff, units.as_ref());
                    if units.is_some() {
                        check_units_in_tree(&staff, &tree_unit, staff_path, diag)?;
                    }
                    let exemptions = match given(&g.exemptions) {
                        Some(p) => Exemptions::load(p, &plan, &options, &people, diag)?,
                        None => Exemptions::default(),
                    };
                    Ok::<_, Problem>((units, staff, exemptions, tree_unit))
                })();
                let read = reading.join().unwrap_or_else(|_| {
                    Err(Problem::file(
                        completions_path,
                        "internal error while reading the file",
                    ))
                });
                let (units, staff, exemptions, tree_unit) = rest?;
                let completions = read?.resolve(&mut people, diag)?;
                Ok::<_, Problem>((units, staff, people, exemptions, completions, tree_unit))
            })?;
        if let Some(w) = completions.outside_warning(completions_path) {
            diag.note(w);
        }
        Ok(Loaded {
            tree_unit,
            read_options: options,
            plan,
            people,
            staff,
            completions,
            exemptions,
            units,
            as_of,
        })
    }

    pub fn inputs(&self) -> Inputs<'_> {
        Inputs {
            plan: &self.plan,
            staff: &self.staff,
            completions: &self.completions,
            exemptions: &self.exemptions,
            as_of: self.as_of,
        }
    }

    /// Which staff rows count under `--unit` and `--role`.
    pub fn scope(&self, unit: Option<&str>, role: Option<&str>) -> Result<Vec<bool>> {
        let rows = &self.staff.rows;
        let mut in_scope = vec![true; rows.len()];
        if let Some(unit) = unit {
            match &self.units {
                Some(tree) => {
                    let found = tree.find(unit);
                    match found.len() {
                        0 => bail!(
                            "--unit `{unit}` matches no unit of the unit tree, expected a unit id or name"
                        ),
                        1 => {}
                        _ => {
                            let ids: Vec<&str> =
                                found.iter().map(|&u| tree.units[u].id.as_str()).collect();
                            bail!(
                                "--unit `{unit}` is the name of {} units ({}), expected one: give the unit id",
                                ids.len(),
                                ids.join(", ")
                            )
                        }
                    }
                    let inside = tree.subtree(&found);
                    for (i, node) in self.tree_unit.iter().enumerate() {
                        in_scope[i] = node.is_some_and(|u| inside[u]);
                    }
                }
                None => {
                    let k = crate::plan::key(unit);
                    for (i, a) in rows.iter().enumerate() {
                        in_scope[i] = a.unit_key() == k;
                    }
                    if !in_scope.iter().any(|&s| s) {
                        bail!(
                            "--unit `{unit}` matches no unit of the staff export, expected a unit as the export writes it (or give --units for a tree)"
                        );
                    }
                }
            }
        }
        if let Some(role) = role {
            let Some(r) = self.plan.role(role) else {
                let ids: Vec<&str> = self.plan.roles.iter().map(|r| r.id.as_str()).collect();
                bail!(
                    "--role `{role}` is no role of the plan, expected one of: {}",
                    ids.join(", ")
                );
            };
            for (i, a) in rows.iter().enumerate() {
                in_scope[i] &= a.role == Some(r);
            }
        }
        Ok(in_scope)
    }

    /// A unit as a person reads it: with a unit tree that names it, `id name`; otherwise as written.
    pub fn unit_label(&self, unit: &str) -> String {
        match self
            .units
            .as_ref()
            .and_then(|t| t.unit_of(unit).map(|u| &t.units[u]))
        {
            Some(node) if !node.name.is_empty() && node.name != unit => {
                format!("{unit} {}", node.name)
            }
            _ => unit.to_string(),
        }
    }

    /// A course named on the command line, by id or code.
    pub fn course_arg(&self, course: Option<&str>) -> Result<Option<CourseIx>> {
        let Some(text) = course else { return Ok(None) };
        match self.plan.course(text) {
            Some(c) => Ok(Some(c)),
            None => {
                let ids: Vec<&str> = self.plan.courses.iter().map(|c| c.id.as_str()).collect();
                bail!(
                    "--course `{text}` is no course or code of the plan, expected one of: {}",
                    ids.join(", ")
                )
            }
        }
    }
}

/// With a unit tree, a staff unit the tree does not have is a warning (its rows fall outside every
/// `--unit`), one per unit with the first line and the count.
fn check_units_in_tree(
    staff: &Staff,
    tree_unit: &[Option<usize>],
    path: &str,
    diag: &mut Diagnostics,
) -> Result<(), Problem> {
    let mut missing: BTreeMap<&str, (u64, usize)> = BTreeMap::new();
    for (a, node) in staff.rows.iter().zip(tree_unit) {
        if node.is_none() {
            missing.entry(a.unit()).or_insert((a.line, 0)).1 += 1;
        }
    }
    for (unit, (line, count)) in missing {
        diag.warn(Problem::at(
            path,
            line,
            format!(
                "unit `{unit}` is not in the unit tree ({}, the first here); no --unit takes it in",
                crate::load::staff::count_rows(count)
            ),
        ))?;
    }
    Ok(())
}
