//! `--split unit`: one file per unit, each exactly what the command prints with `--unit` that unit,
//! plus `index.csv` (`unit,name,parent,email,file,rows`) so that a cron job can mail each file to its
//! unit's manager. The inputs are loaded and bound once; each unit's run then costs its own scope.
//!
//! Which units: with a unit tree, every unit down to `--split-depth` (1 = the roots; default all) with
//! a staff row in scope (after `--role`) at or below it, in the tree file's order; without one, every
//! unit of the staff export with a staff row in scope, in code-point order of the unit as first
//! written. A `--unit` given too keeps the split to that unit and the units below it.
//!
//! File names are the unit id (with `--split-names name`, the unit's name from the tree, its id where
//! it has none) made safe: lower-case ASCII letters, digits and `-` (å, ä → a; ö → o; é → e; any other
//! run of characters → `-`), `-2`, `-3` added on a clash; `index` is kept for the index.

use std::collections::{HashMap, HashSet};

use anyhow::{Result, bail};

use crate::config::job::ForUnit;
use crate::config::{Job, SplitNames};
use crate::model::Model;

/// One unit of a split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitUnit {
    /// The unit's id (as the tree or the staff export writes it).
    pub id: String,
    pub name: String,
    /// The parent's id, or empty.
    pub parent: String,
    pub email: String,
}

/// Whether a job can be split by unit (`--split unit`).
pub fn check(job: &Job) -> Result<()> {
    match job.split_scope() {
        Some(_) => Ok(()),
        None => bail!(
            "--split unit is for gaps, priority, report, trend and forecast, expected one of those commands"
        ),
    }
}

/// The fan-out: `run` of the job as it runs for each unit (with the unit's index), on whichever core
/// is free (units differ in size by thousands of times); the results in the units' order.
pub fn each_unit<J: ForUnit, R: Send>(
    job: &J,
    units: &[&str],
    run: impl Fn(usize, J) -> Result<R> + Sync,
) -> Result<Vec<R>> {
    crate::threads::each_index(units.len(), |u| run(u, job.with_unit(units[u])))
}

/// The units to split into (see the module's documentation); for `kvu site` (its pages' units), the
/// same.
pub fn units(model: &Model, job: &Job, depth: Option<usize>) -> Result<Vec<SplitUnit>> {
    let Some((unit, role)) = job.unit_scope() else {
        bail!("internal error: the job does not run once per unit");
    };
    if depth == Some(0) {
        bail!("--split-depth 0: the roots are depth 1, expected a whole number from 1");
    }
    // The rows in scope: with a --unit given too, only the rows (and below, the units) inside it.
    let scope = model.scope(unit, role)?;
    let rows = model.rows();
    let Some(tree) = &model.exports.units else {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for i in scope.iter() {
            let r = &rows[i];
            seen.entry(r.unit_key()).or_insert(r.unit());
        }
        let mut units: Vec<&str> = seen.into_values().collect();
        units.sort_unstable();
        return Ok(units
            .into_iter()
            .map(|u| SplitUnit {
                id: u.to_string(),
                name: String::new(),
                parent: String::new(),
                email: String::new(),
            })
            .collect());
    };
    // Units with a row in scope at or below them: each row marks its unit and the units above it,
    // stopping at a unit already marked, so the whole marking costs the rows plus the tree.
    let mut used = vec![false; tree.units.len()];
    for i in scope.iter() {
        let Some(mut at) = model.exports.tree_unit[i.index()] else {
            continue;
        };
        loop {
            if used[at] {
                break;
            }
            used[at] = true;
            match tree.units[at].parent {
                Some(p) => at = p,
                None => break,
            }
        }
    }
    let inside = unit.map(|u| tree.find(u)[0]);
    Ok(tree
        .units
        .iter()
        .enumerate()
        .filter(|&(u, _)| used[u])
        .filter(|&(u, _)| depth.is_none_or(|d| tree.depth(u) <= d))
        .filter(|&(u, _)| inside.is_none_or(|root| tree.is_within(u, root)))
        .map(|(_, node)| SplitUnit {
            id: node.id.clone(),
            name: node.name.clone(),
            parent: node
                .parent
                .map(|p| tree.units[p].id.clone())
                .unwrap_or_default(),
            email: node.email.clone(),
        })
        .collect())
}

/// A unit's id or name made a safe file name (without extension).
pub fn safe_name(id: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for ch in id.trim().chars().flat_map(char::to_lowercase) {
        let c = match ch {
            'a'..='z' | '0'..='9' => Some(ch),
            'å' | 'ä' => Some('a'),
            'ö' => Some('o'),
            'é' => Some('e'),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                dash = false;
            }
            None if !dash => {
                out.push('-');
                dash = true;
            }
            None => {}
        }
    }
    if out.is_empty() || out == "-" {
        out = "unit".to_string();
    }
    out
}

/// Each unit's file name after its id (with the extension), unique ignoring case; `index` is kept
/// for the index.
pub fn file_names(units: &[SplitUnit], extension: &str) -> Vec<String> {
    file_names_by(units, extension, SplitNames::Id)
}

/// Each unit's file name after its id or its name (`--split-names`; a unit without a name: its id),
/// as [`file_names`] makes them.
pub fn file_names_by(units: &[SplitUnit], extension: &str, by: SplitNames) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::from(["index".to_string()]);
    units
        .iter()
        .map(|u| {
            let named = match by {
                SplitNames::Name if !u.name.trim().is_empty() => &u.name,
                _ => &u.id,
            };
            let base = safe_name(named);
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{base}-{n}");
                n += 1;
            }
            taken.insert(name.clone());
            format!("{name}.{extension}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str) -> SplitUnit {
        SplitUnit {
            id: id.to_string(),
            name: String::new(),
            parent: String::new(),
            email: String::new(),
        }
    }

    #[test]
    fn fan_out_runs_the_job_once_per_unit_scoped_to_it_in_the_units_order() {
        use crate::config::job::{Scope, Trend};
        let job = Job::Trend(Trend {
            scope: Scope::default(),
            from: None,
            to: None,
            history: None,
        });
        let units = ["A", "B", "C"];
        let runs = each_unit(&job, &units, |u, job| {
            Ok((u, job.unit_scope().and_then(|s| s.0.map(str::to_string))))
        })
        .unwrap();
        assert_eq!(
            runs,
            [
                (0, Some("A".to_string())),
                (1, Some("B".to_string())),
                (2, Some("C".to_string()))
            ]
        );
    }

    #[test]
    fn split_file_names_are_safe_lower_case_ascii() {
        assert_eq!(safe_name("F01-V01"), "f01-v01");
        assert_eq!(safe_name("Avd 7B/Öst"), "avd-7b-ost");
        assert_eq!(safe_name("Ärende  Håll"), "arende-hall");
        assert_eq!(safe_name("../etc"), "-etc");
        assert_eq!(safe_name("???"), "unit");
        assert_eq!(safe_name("Kök (ÄÅÖ)"), "kok-aao-");
        assert_eq!(safe_name("Café Ü"), "cafe-");
    }

    #[test]
    fn split_names_name_files_after_the_unit_name_and_fall_back_to_the_id() {
        let named = |id: &str, name: &str| SplitUnit {
            name: name.to_string(),
            ..unit(id)
        };
        let units = [
            named("F01", "Sahlgrenska Universitetssjukhuset"),
            named("F02", "Medicinkliniken Östra"),
            named("F03", "Medicinkliniken östra"),
            named("F04", ""),
            named("F05", "Café Bräcke"),
        ];
        assert_eq!(
            file_names_by(&units, "csv", SplitNames::Name),
            [
                "sahlgrenska-universitetssjukhuset.csv",
                "medicinkliniken-ostra.csv",
                "medicinkliniken-ostra-2.csv",
                "f04.csv",
                "cafe-bracke.csv"
            ]
        );
        assert_eq!(
            file_names_by(&units, "csv", SplitNames::Id),
            file_names(&units, "csv")
        );
    }

    #[test]
    fn split_file_names_get_a_number_on_a_clash_and_never_take_index() {
        let units = [unit("Avd 1"), unit("avd-1"), unit("AVD_1"), unit("index")];
        assert_eq!(
            file_names(&units, "csv"),
            ["avd-1.csv", "avd-1-2.csv", "avd-1-3.csv", "index-2.csv"]
        );
    }
}
