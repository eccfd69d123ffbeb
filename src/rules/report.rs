//! The annual follow-up's groups and coverage. Pure: no I/O.
//!
//! A person belongs to the group of their first staff row in scope, with values as `gaps` prints them;
//! people missing from the staff export (leavers) form the group `(not in staff)` when the report is not
//! limited to a unit. Coverage on a date counts the requirements that are met, overdue or expired then
//! (people still within their grace, and exempt people, were not yet required) and how many are met.

use std::collections::HashMap;

use jiff::civil::Date;

use super::state::{On, State};
use crate::fasthash::FastHash;
use crate::model::{Model, PersonIx, RowIx, Scope};

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
    /// The people who count, ascending by person number, each with their group's index in `labels`.
    pub members: Vec<(PersonIx, usize)>,
}

impl Grouping {
    /// A person's group, or `None` when the person does not count.
    pub fn group_of(&self, person: PersonIx) -> Option<usize> {
        self.members
            .binary_search_by_key(&person, |m| m.0)
            .ok()
            .map(|at| self.members[at].1)
    }

    /// Drops the last group (leavers who delivered nothing in the year).
    pub fn drop_last(&mut self) {
        let last = self.labels.len() - 1;
        self.labels.pop();
        self.members.retain(|m| m.1 != last);
    }
}

/// A staff row's group label; with a depth and a tree, the unit's unit at that level.
fn label<'m>(model: &Model<'m>, i: RowIx, by: Option<GroupBy>) -> &'m str {
    let post = model.post(i);
    match by {
        None => "",
        Some(GroupBy::Unit(depth)) => {
            let tree = model.exports.units.as_ref();
            match (
                depth,
                tree,
                model.exports.tree_unit.get(i.index()).copied().flatten(),
            ) {
                (Some(d), Some(tree), Some(u)) => &tree.units[tree.ancestor_at(u, d.max(1))].id,
                _ => post.unit(),
            }
        }
        Some(GroupBy::Role) => post.role_group(),
        Some(GroupBy::Level) => post.level_text(),
    }
}

/// Which group each person belongs to: their first staff row in scope, as `gaps` prints it. Leavers
/// count (as `(not in staff)` when grouped) unless the report is limited to a unit. Costs the rows in
/// scope (and the leavers), not the whole staff: `kvu site` groups each unit's page.
pub fn grouping(model: &Model, scope: &Scope, by: Option<GroupBy>, unit_given: bool) -> Grouping {
    let people = &model.exports.people;
    // Labels numbered as met, then put in code-point order.
    let mut numbered: HashMap<&str, usize, FastHash> = HashMap::default();
    let mut met: Vec<&str> = Vec::new();
    let mut number = |label| {
        *numbered.entry(label).or_insert_with(|| {
            met.push(label);
            met.len() - 1
        })
    };
    let rows = model.rows();
    let mut members: Vec<(PersonIx, usize)> = scope
        .iter()
        .map(|i| (PersonIx::of(rows[i].person), number(label(model, i, by))))
        .collect();
    // By person, each person's first row in scope kept (a stable sort keeps row order).
    members.sort_by_key(|m| m.0);
    members.dedup_by_key(|m| m.0);
    if !unit_given {
        let leaver = number(if by.is_some() { NOT_IN_STAFF } else { "" });
        // Leavers are numbered after everyone on staff, so the list stays in person order.
        members
            .extend((people.staff_count..people.len() as u32).map(|p| (PersonIx::of(p), leaver)));
    }
    // The groups are the labels of the people's first rows (not of every row in scope).
    let mut used = vec![false; met.len()];
    for m in &members {
        used[m.1] = true;
    }
    let mut labels: Vec<&str> = (0..met.len())
        .filter(|&l| used[l])
        .map(|l| met[l])
        .collect();
    labels.sort_unstable();
    labels.dedup();
    if by.is_some() && labels.contains(&NOT_IN_STAFF) {
        labels.retain(|l| *l != NOT_IN_STAFF);
        labels.push(NOT_IN_STAFF);
    }
    let at: HashMap<&str, usize> = labels.iter().enumerate().map(|(i, l)| (*l, i)).collect();
    let place: Vec<usize> = met
        .iter()
        .map(|l| at.get(l).copied().unwrap_or(0))
        .collect();
    for m in &mut members {
        m.1 = place[m.1];
    }
    Grouping {
        labels: labels.into_iter().map(str::to_string).collect(),
        members,
    }
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
        crate::rules::summary::met_percent(self.met, self.required)
    }
}

/// Coverage on a date, per group and course (and the total over courses, last).
pub fn coverage(model: &Model, scope: &Scope, groups: &Grouping, on: Date) -> Vec<Vec<Coverage>> {
    let n = model.plan.courses.len();
    let mut out = vec![vec![Coverage::default(); n + 1]; groups.labels.len()];
    // A person's requirements come once each, person by person: none is held.
    On::new(model, on).each_person(scope, |reqs| {
        for r in reqs {
            let Some(g) = groups.group_of(r.person) else {
                return;
            };
            let met = match r.state {
                State::Met => true,
                State::Overdue(_) | State::Expired(_) => false,
                State::Due(_) | State::Exempt => continue,
            };
            for c in [r.course.index(), n] {
                out[g][c].required += 1;
                out[g][c].met += u64::from(met);
            }
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::Fixture;
    use jiff::civil::date;

    const PLAN: &str = "name: T
levels: { enhet: E }
roles: { med: M }
courses:
  - { id: a, name: A, due_months: 1 }
  - { id: b, name: B, due_months: 1 }
matrix:
  med: { \"*\": [a] }
";

    /// p1 has two rows (U2 first), p2 one, p3 only completions (a leaver); p4 started in May.
    const STAFF: &str = "employee_id,name,unit,role,level,start_date
p1,P,U2,med,,2020-01-01
p2,Q,U1,med,,2020-01-01
p1,P,U1,med,,2020-01-01
p4,S,U1,med,,2026-05-20
";

    const DONE: &str = "employee_id,course,completed\np1,a,2025-03-01\np3,a,2025-03-01\n";

    #[test]
    fn report_a_person_belongs_to_the_group_of_their_first_staff_row_and_leavers_come_last() {
        let fixture = Fixture::new("report-groups", PLAN, None, STAFF, DONE);
        let model = fixture.model();
        let all = Scope::all(model.rows().len());
        let g = grouping(&model, &all, Some(GroupBy::Unit(None)), false);
        assert_eq!(g.labels, ["U1", "U2", NOT_IN_STAFF]);
        let p = |id| PersonIx::of(model.exports.people.get(id).unwrap());
        assert_eq!(g.group_of(p("p1")), Some(1));
        assert_eq!(g.group_of(p("p2")), Some(0));
        assert_eq!(g.group_of(p("p3")), Some(2));
        // Not grouped: one group, leavers in it.
        let g = grouping(&model, &all, None, false);
        assert_eq!(g.labels, [""]);
        assert_eq!(g.group_of(p("p3")), Some(0));
    }

    #[test]
    fn report_with_a_unit_leavers_do_not_count() {
        let fixture = Fixture::new("report-unit", PLAN, None, STAFF, DONE);
        let model = fixture.model();
        let all = Scope::all(model.rows().len());
        let g = grouping(&model, &all, Some(GroupBy::Unit(None)), true);
        assert_eq!(g.labels, ["U1", "U2"]);
        assert_eq!(
            g.group_of(PersonIx::of(model.exports.people.get("p3").unwrap())),
            None
        );
    }

    #[test]
    fn report_coverage_counts_met_overdue_and_expired_and_leaves_out_people_in_grace() {
        let fixture = Fixture::new("report-coverage", PLAN, None, STAFF, DONE);
        let model = fixture.model();
        let all = Scope::all(model.rows().len());
        let g = grouping(&model, &all, None, false);
        let out = coverage(&model, &all, &g, date(2026, 6, 1));
        // p1 met, p2 overdue; p4 is due until 20 June; nobody is required course b.
        let a = Coverage {
            required: 2,
            met: 1,
        };
        assert_eq!(out, [vec![a, Coverage::default(), a]]);
        assert_eq!(a.percent(), Some(50.0));
        assert_eq!(Coverage::default().percent(), None);
    }
}
