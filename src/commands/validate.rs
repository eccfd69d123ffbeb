//! `kvu validate`: read every input given, list every problem found, grouped by file in the order the
//! files are read, each as `file:line: severity: what is wrong`, with a line per file that says how many
//! rows were read and how many problems it has; then exit 2 if any problem is an error. `--strict` makes
//! warnings errors.

use std::io::Write;

use anyhow::Result;

use super::{Outcome, read_options};
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

/// One file checked: its path and what was read of it.
struct Checked {
    path: String,
    read: Option<String>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn run(g: &Global, out: &mut dyn Write) -> Result<Outcome> {
    let Some(plan_path) = g.plan.clone().filter(|p| !p.is_empty()) else {
        anyhow::bail!("no plan file given, expected --plan FILE or KVU_PLAN");
    };
    let as_of = g.as_of.unwrap_or_else(date::today_in_stockholm);
    let mut diag = Diagnostics::collecting(g.strict);
    let mut checked = Vec::new();
    let plan = attempt(&mut diag, |d| Plan::load(&plan_path, d)).flatten();
    checked.push(Checked {
        path: plan_path.clone(),
        read: plan.as_ref().map(|p| {
            format!(
                "{}, {}, {}, {}",
                plural(p.levels.len(), "level", "levels"),
                plural(p.roles.len(), "role", "roles"),
                plural(p.courses.len(), "course", "courses"),
                plural(p.priority.len(), "priority tier", "priority tiers")
            )
        }),
    });
    let options = read_options(g, plan.as_ref());
    let given = |o: &Option<String>| o.clone().filter(|p| !p.is_empty());
    let rows = |n: u64| plural(n as usize, "row", "rows");
    if let Some(path) = given(&g.units) {
        let tree = attempt(&mut diag, |d| UnitTree::load(&path, &options, d));
        checked.push(Checked {
            read: tree.map(|t| rows(t.rows_read)),
            path,
        });
    }
    let mut skipped = Vec::new();
    let mut people = People::default();
    for (option, path) in [
        ("staff", given(&g.staff)),
        ("exemptions", given(&g.exemptions)),
        ("completions", given(&g.completions)),
    ] {
        let Some(path) = path else { continue };
        let Some(plan) = &plan else {
            skipped.push(path);
            continue;
        };
        let read = match option {
            "staff" => attempt(&mut diag, |d| {
                Staff::load(&path, plan, &options, &mut people, d)
            })
            .map(|s| rows(s.rows_read)),
            "exemptions" => attempt(&mut diag, |d| {
                Exemptions::load(&path, plan, &options, &people, d)
            })
            .map(|e| rows(e.rows_read)),
            _ => attempt(&mut diag, |d| {
                Completions::load(&path, plan, &options, &mut people, as_of, d)
            })
            .map(|c| {
                if let Some(w) = c.outside_warning(&path) {
                    diag.note(w);
                }
                let outside: u64 = c.outside.values().sum();
                format!(
                    "{}, {outside} of courses outside the plan",
                    rows(c.rows_read)
                )
            }),
        };
        checked.push(Checked { path, read });
    }

    let mut problems: Vec<(&Problem, &str)> = diag
        .errors
        .iter()
        .map(|p| (p, "error"))
        .chain(diag.warnings.iter().map(|p| (p, "warning")))
        .collect();
    for file in &checked {
        let mut mine: Vec<&(&Problem, &str)> = problems
            .iter()
            .filter(|(p, _)| p.file == file.path)
            .collect();
        mine.sort_by_key(|(p, _)| p.line);
        for (p, severity) in &mine {
            let mut shown = (*p).clone();
            shown.message = format!("{severity}: {}", p.message);
            writeln!(out, "{shown}")?;
        }
        let errors = mine.iter().filter(|(_, s)| *s == "error").count();
        let warnings = mine.len() - errors;
        let read = file.read.as_deref().unwrap_or("not read to the end");
        writeln!(
            out,
            "{}: {read}; {}, {}",
            file.path,
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        )?;
    }
    problems.retain(|(p, _)| !checked.iter().any(|f| f.path == p.file));
    for (p, severity) in &problems {
        let mut shown = (*p).clone();
        shown.message = format!("{severity}: {}", p.message);
        writeln!(out, "{shown}")?;
    }
    for path in skipped {
        writeln!(
            out,
            "{path}: not checked, since the plan has errors (the exports are read against it)"
        )?;
    }
    writeln!(
        out,
        "{}, {}",
        plural(diag.errors.len(), "error", "errors"),
        plural(diag.warnings.len(), "warning", "warnings")
    )?;
    Ok(if diag.errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::Invalid
    })
}
