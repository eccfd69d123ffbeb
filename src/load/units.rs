//! The optional unit tree: `unit,parent` and optionally `name` and `email` (the unit manager's address,
//! which `--split`'s index.csv carries so that a cron job can mail each unit its file).
//!
//! `unit` is the id the staff export uses; an empty `parent` marks a root. A unit listed twice, an
//! unknown parent or a cycle is an error. With a tree, `--unit X` matches a unit by id (or, failing that,
//! by name) and takes in every unit below it.

use crate::load::path::InputPath;
use std::collections::HashMap;

use super::{CsvFile, ReadOptions, each_row};
use crate::diag::{Diagnostics, Problem};
use crate::model::{UnitNode, UnitTree};
use crate::plan::{Key, key};

/// Reads and checks the unit tree.
pub fn load(
    path: &InputPath,
    options: &ReadOptions,
    diag: &mut Diagnostics,
) -> Result<UnitTree, Problem> {
    let mut file = CsvFile::open(path, "units", options)?;
    let c_unit = file.require("unit")?;
    let c_parent = file.require("parent")?;
    let c_name = file.column("name")?;
    let c_email = file.column("email")?;
    let mut units = Vec::new();
    let mut by_id = HashMap::new();
    // Each unit's parent as written (messages quote it so) and as a key.
    let mut parents: Vec<(Key, String)> = Vec::new();
    each_row(&mut file, diag, |row, _| {
        let id = row.required(c_unit, "a unit id")?;
        let id = id.as_ref();
        let parent = row.text(c_parent)?;
        let name = row.opt_text(c_name)?;
        let email = row.opt_text(c_email)?;
        if let Some(&first) = by_id.get(&key(id)) {
            let first: &UnitNode = &units[first];
            return Err(row.problem(format!(
                "unit `{id}` is listed twice (also on line {}), expected each unit once",
                first.line
            )));
        }
        by_id.insert(key(id), units.len());
        units.push(UnitNode {
            id: id.to_string(),
            name: name.to_string(),
            email: email.to_string(),
            parent: None,
            line: row.line,
        });
        parents.push((key(&parent), parent.into_owned()));
        Ok(())
    })?;
    for (ix, (parent, written)) in parents.iter().enumerate() {
        if parent.is_empty() {
            continue;
        }
        match by_id.get(parent) {
            Some(&p) => units[ix].parent = Some(p),
            None => diag.error(Problem::at(
                &file.path,
                units[ix].line,
                format!(
                    "unit `{}` has parent `{written}`, which is no unit of the tree; expected a unit id or empty for a root",
                    units[ix].id
                ),
            ))?,
        }
    }
    // A cycle: walking up from a unit reaches it again.
    let mut state = vec![0u8; units.len()]; // 0 unseen, 1 on the current walk, 2 known to reach a root
    for start in 0..units.len() {
        let mut walk = Vec::new();
        let mut at = Some(start);
        while let Some(u) = at {
            match state[u] {
                2 => break,
                1 => {
                    diag.error(Problem::at(
                        &file.path,
                        units[u].line,
                        format!(
                            "unit `{}` is its own ancestor (a cycle in the tree), expected a tree",
                            units[u].id
                        ),
                    ))?;
                    break;
                }
                _ => {
                    state[u] = 1;
                    walk.push(u);
                    at = units[u].parent;
                }
            }
        }
        for u in walk {
            state[u] = 2;
        }
    }
    Ok(UnitTree::new(units, file.rows))
}
