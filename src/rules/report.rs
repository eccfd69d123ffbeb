//! The annual follow-up's groups and coverage. Pure: no I/O.
//!
//! A person belongs to the group of their first staff row in scope, with values as `gaps` prints them;
//! people missing from the staff export (leavers) form the group `(not in staff)` when the report is not
//! limited to a unit. Coverage on a date counts the requirements that are met, overdue or expired then
//! (people still within their grace, and exempt people, were not yet required) and how many are met.

use std::collections::{BTreeSet, HashMap, HashSet};

use jiff::civil::Date;

use super::state::{On, State};
use crate::model::Model;

pub const NOT_IN_STAFF: &str = "(not in staff)";

/// What a report is grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// By unit; with a depth, each unit replaced by its ancestor at that level of the tree (1 = roots).
    Unit(Option<usize>),
    Role,
    Level,
}

/// The groups of a report and which person belongs to which.
#[derive(Debug, Clone)]
pub struct Grouping {
    pub labels: Vec<String>,
    /// Per person: the group's index in `labels`, or `None` when the person does not count.
    pub group_of: Vec<Option<usize>>,
}

impl Grouping {
    /// Drops the last group (leavers who delivered nothing in the year).
    pub fn drop_last(&mut self) {
        let last = self.labels.len() - 1;
        self.labels.pop();
        for g in &mut self.group_of {
            if *g == Some(last) {
                *g = None;
            }
        }
    }
}

/// A staff row's group label; `at_level`: with a depth and a tree, each unit's unit at that level.
fn label(model: &Model, i: usize, by: Option<GroupBy>, at_level: Option<&[usize]>) -> String {
    let post = model.post(i);
    match by {
        None => String::new(),
        Some(GroupBy::Unit(_)) => {
            let tree = model.exports.units.as_ref();
            match (
                at_level,
                tree,
                model.exports.tree_unit.get(i).copied().flatten(),
            ) {
                // Level d counts from the root (1); a unit above it is its own group.
                (Some(at_level), Some(tree), Some(u)) => tree.units[at_level[u]].id.clone(),
                _ => post.unit().to_string(),
            }
        }
        Some(GroupBy::Role) => post.role_group().to_string(),
        Some(GroupBy::Level) => post.level_text().to_string(),
    }
}

/// Which group each person belongs to: their first staff row in scope, as `gaps` prints it. Leavers
/// count (as `(not in staff)` when grouped) unless the report is limited to a unit.
pub fn grouping(
    model: &Model,
    in_scope: &[bool],
    by: Option<GroupBy>,
    unit_given: bool,
) -> Grouping {
    let people = &model.exports.people;
    let mut label_of: Vec<Option<String>> = vec![None; people.len()];
    // With a depth, each unit's unit at that level, once for the tree (not a walk up per row).
    let at_level = match (by, model.exports.units.as_ref()) {
        (Some(GroupBy::Unit(Some(d))), Some(tree)) => Some(tree.at_level(d.max(1))),
        _ => None,
    };
    for (i, a) in model.rows().iter().enumerate() {
        let slot = &mut label_of[a.person as usize];
        if in_scope[i] && slot.is_none() {
            *slot = Some(label(model, i, by, at_level.as_deref()));
        }
    }
    if !unit_given {
        let leaver = if by.is_some() { NOT_IN_STAFF } else { "" };
        for label in label_of.iter_mut().skip(people.staff_count as usize) {
            *label = Some(leaver.to_string());
        }
    }
    let mut labels: Vec<String> = label_of
        .iter()
        .flatten()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if by.is_some() && labels.iter().any(|l| l == NOT_IN_STAFF) {
        labels.retain(|l| l != NOT_IN_STAFF);
        labels.push(NOT_IN_STAFF.to_string());
    }
    let index: HashMap<&str, usize> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i))
        .collect();
    let group_of = label_of
        .iter()
        .map(|l| l.as_deref().and_then(|l| index.get(l).copied()))
        .collect();
    Grouping { labels, group_of }
}

/// People who were required to have a course on a date, and how many had it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    pub required: u64,
    pub met: u64,
}

impl Coverage {
    /// The share met, in percent; `None` when nobody was required.
    pub fn percent(&self) -> Option<f64> {
        (self.required > 0).then(|| 100.0 * self.met as f64 / self.required as f64)
    }
}

/// Coverage on a date, per group and course (and the total over courses, last).
pub fn coverage(
    model: &Model,
    in_scope: &[bool],
    groups: &Grouping,
    on: Date,
) -> Vec<Vec<Coverage>> {
    let n = model.plan.courses.len();
    let mut out = vec![vec![Coverage::default(); n + 1]; groups.labels.len()];
    let mut seen: HashSet<(u32, usize)> = HashSet::new();
    for r in On::new(model, on).requirements(in_scope) {
        let Some(g) = groups.group_of[r.person as usize] else {
            continue;
        };
        if !seen.insert((r.person, r.course)) {
            continue;
        }
        let met = match r.state {
            State::Met => true,
            State::Overdue(_) | State::Expired(_) => false,
            State::Due(_) | State::Exempt => continue,
        };
        for c in [r.course, n] {
            out[g][c].required += 1;
            out[g][c].met += u64::from(met);
        }
    }
    out
}
