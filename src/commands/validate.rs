//! `kvu validate`: read every input given, list every problem found (`file:line: what is wrong`), and
//! fail (exit 2) if any is an error. `--strict` makes warnings errors.

use std::io::Write;

use anyhow::Result;

use super::Outcome;
use crate::cli::Global;
use crate::date;
use crate::diag::{Diagnostics, Problem};
use crate::load::{Completions, Exemptions, People, Staff, UnitTree};
use crate::plan::Plan;

/// Runs `load`, keeping a problem that stopped it as one more error.
fn attempt<T>(
    diag: &mut Diagnostics,
    load: impl FnOnce(&mut Diagnostics) -> Result<T, Problem>,
) -> Option<T> {
    match load(diag) {
        Ok(v) => Some(v),
        Err(p) => {
            diag.errors.push(p);
            None
        }
    }
}

pub fn run(g: &Global, out: &mut dyn Write) -> Result<Outcome> {
    let Some(plan_path) = g.plan.as_deref().filter(|p| !p.is_empty()) else {
        anyhow::bail!("no plan file given, expected --plan FILE or KVU_PLAN");
    };
    let as_of = g.as_of.unwrap_or_else(date::today_in_stockholm);
    let mut diag = Diagnostics::collecting(g.strict);
    let mut read = Vec::new();
    let plan = attempt(&mut diag, |d| Plan::load(plan_path, d)).flatten();
    if let Some(plan) = &plan {
        read.push(format!(
            "plan: {} levels, {} roles, {} courses, {} priority tiers",
            plan.levels.len(),
            plan.roles.len(),
            plan.courses.len(),
            plan.priority.len()
        ));
    }
    let given = |o: &Option<String>| o.clone().filter(|p| !p.is_empty());
    if let Some(path) = given(&g.units)
        && let Some(tree) = attempt(&mut diag, |d| UnitTree::load(&path, d))
    {
        read.push(format!("units: {} rows", tree.rows_read));
    }
    match &plan {
        Some(plan) => {
            let mut people = People::default();
            if let Some(path) = given(&g.staff)
                && let Some(staff) =
                    attempt(&mut diag, |d| Staff::load(&path, plan, &mut people, d))
            {
                read.push(format!("staff: {} rows", staff.rows_read));
            }
            if let Some(path) = given(&g.exemptions)
                && let Some(ex) = attempt(&mut diag, |d| Exemptions::load(&path, plan, &people, d))
            {
                read.push(format!("exemptions: {} rows", ex.rows_read));
            }
            if let Some(path) = given(&g.completions)
                && let Some(c) = attempt(&mut diag, |d| {
                    Completions::load(&path, plan, &mut people, as_of, d)
                })
            {
                let outside: u64 = c.outside.values().sum();
                read.push(format!(
                    "completions: {} rows, {} of courses outside the plan",
                    c.rows_read, outside
                ));
                if let Some(w) = c.outside_warning(&path) {
                    diag.note(w);
                }
            }
        }
        None => {
            read.push(
                "the other files were not checked: they are read against a valid plan".to_string(),
            );
        }
    }
    for p in &diag.errors {
        writeln!(out, "{}", with_severity(p, "error"))?;
    }
    for p in &diag.warnings {
        writeln!(out, "{}", with_severity(p, "warning"))?;
    }
    writeln!(out, "read {}", read.join("; "))?;
    writeln!(
        out,
        "{} errors, {} warnings",
        diag.errors.len(),
        diag.warnings.len()
    )?;
    Ok(if diag.errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::Invalid
    })
}

fn with_severity(p: &Problem, severity: &str) -> String {
    let mut p = p.clone();
    p.message = format!("{severity}: {}", p.message);
    p.to_string()
}
