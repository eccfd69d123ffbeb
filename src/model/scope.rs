//! Scope: which staff rows a command's `--unit` and `--role` take in, and a course named on the
//! command line. A name that matches nothing is an error, so that a typo in a cron job cannot print an
//! empty, all-clear list.

use anyhow::{Result, bail};

use super::Model;
use crate::plan::{CourseIx, key};

impl Model<'_> {
    /// Which staff rows count under `--unit` and `--role`.
    pub fn scope(&self, unit: Option<&str>, role: Option<&str>) -> Result<Vec<bool>> {
        let rows = self.rows();
        let mut in_scope = vec![true; rows.len()];
        if let Some(unit) = unit {
            in_scope = self.unit_scope(unit)?;
        }
        if let Some(role) = role {
            let Some(r) = self.plan.role(role) else {
                let ids: Vec<&str> = self.plan.roles.iter().map(|r| r.id.as_str()).collect();
                bail!(
                    "--role `{role}` is no role of the plan, expected one of: {}",
                    ids.join(", ")
                );
            };
            for (i, s) in in_scope.iter_mut().enumerate() {
                *s &= self.post(i).role == Some(r);
            }
        }
        Ok(in_scope)
    }

    /// The staff rows in a unit (with a tree, at or below it).
    fn unit_scope(&self, unit: &str) -> Result<Vec<bool>> {
        let rows = self.rows();
        let Some(tree) = &self.exports.units else {
            let k = key(unit);
            let in_scope: Vec<bool> = rows.iter().map(|a| a.unit_key() == k).collect();
            if !in_scope.contains(&true) {
                bail!(
                    "--unit `{unit}` matches no unit of the staff export, expected a unit as the export writes it (or give --units for a tree)"
                );
            }
            return Ok(in_scope);
        };
        let found = tree.find(unit);
        match found.len() {
            0 => bail!(
                "--unit `{unit}` matches no unit of the unit tree, expected a unit id or name"
            ),
            1 => {}
            _ => {
                let ids: Vec<&str> = found.iter().map(|&u| tree.units[u].id.as_str()).collect();
                bail!(
                    "--unit `{unit}` is the name of {} units ({}), expected one: give the unit id",
                    ids.len(),
                    ids.join(", ")
                )
            }
        }
        let inside = tree.subtree(&found);
        let mut in_scope = vec![false; rows.len()];
        for (rows_here, _) in self.rows_by_node().iter().zip(&inside).filter(|(_, i)| **i) {
            for &r in rows_here {
                in_scope[r as usize] = true;
            }
        }
        Ok(in_scope)
    }

    /// A unit as a person reads it: with a unit tree that names it, `id name`; otherwise as written.
    pub fn unit_label(&self, unit: &str) -> String {
        match self
            .exports
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
