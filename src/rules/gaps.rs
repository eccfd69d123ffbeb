//! The gap list: one row per person and required course not met, in the contract's order (unit,
//! employee_id, the course's place in the plan; strings by code point). Pure: no I/O.

use jiff::civil::Date;

use super::state::{On, Requirement, State};
use crate::model::Model;
use crate::plan::{CourseIx, GapStatus};

/// One gap, with the values it prints (borrowed from the model) and what the rules know of it.
#[derive(Debug, Clone, Copy)]
pub struct Gap<'m> {
    pub person: u32,
    pub employee_id: &'m str,
    pub name: &'m str,
    pub unit: &'m str,
    pub role: &'m str,
    pub level: &'m str,
    /// The plan's course id.
    pub course: &'m str,
    pub course_ix: CourseIx,
    pub status: GapStatus,
    pub state: State,
    /// The speaking staff row.
    pub speaker: usize,
}

impl Gap<'_> {
    /// The date the `due` column shows.
    pub fn due(&self) -> Option<Date> {
        self.state.due()
    }

    /// Whether the gap is late: overdue or expired.
    pub fn late(&self) -> bool {
        matches!(self.status, GapStatus::Overdue | GapStatus::Expired)
    }
}

/// The gap a requirement is, if it is one.
fn gap<'m>(model: &'m Model<'m>, r: &Requirement) -> Option<Gap<'m>> {
    let status = r.state.gap()?;
    let post = model.post(r.speaker);
    Some(Gap {
        person: r.person,
        employee_id: model.id(r.person),
        name: post.name(),
        unit: post.unit(),
        role: post.role_text(),
        level: post.level_text(),
        course: &model.plan.courses[r.course].id,
        course_ix: r.course,
        status,
        state: r.state,
        speaker: r.speaker,
    })
}

/// The contract's order. The key is unique (a person has one id and one requirement of a course), so
/// an unstable sort gives the one order, without a stable sort's copy of the rows.
fn sort(rows: &mut [Gap<'_>]) {
    rows.sort_unstable_by(|a, b| {
        order(
            (a.unit, a.employee_id, a.course_ix),
            (b.unit, b.employee_id, b.course_ix),
        )
    });
}

/// The contract's order of two gaps by their unit, employee id and course. The rows of a unit share
/// its text, so that equal units are mostly told by address, not by bytes.
fn order(a: (&str, &str, CourseIx), b: (&str, &str, CourseIx)) -> std::cmp::Ordering {
    let unit = match std::ptr::eq(a.0, b.0) {
        true => std::cmp::Ordering::Equal,
        false => a.0.cmp(b.0),
    };
    unit.then_with(|| (a.1, a.2).cmp(&(b.1, b.2)))
}

/// The gaps among these requirements, in the contract's order.
pub fn gaps<'m>(model: &'m Model<'m>, reqs: &[Requirement]) -> Vec<Gap<'m>> {
    let mut rows: Vec<Gap<'m>> = reqs.iter().filter_map(|r| gap(model, r)).collect();
    sort(&mut rows);
    rows
}

/// A gap while the gaps are sorted: what orders it, and the requirement it is (half a [`Gap`], so
/// that a national list's gaps take less memory while they are sorted).
#[derive(Clone, Copy)]
struct Sorting<'m> {
    unit: &'m str,
    id: &'m str,
    req: Requirement,
}

impl Sorting<'_> {
    fn key(&self) -> (&str, &str, CourseIx) {
        (self.unit, self.id, self.req.course)
    }
}

/// The gaps of the people with an assignment in scope that `keep` keeps, in the contract's order. Found
/// person by person, so that the requirements (a national staff list has a million) are never all held;
/// a big list in runs of people on all cores, each run's gaps sorted there, then the sorted runs merged
/// and made [`Gap`]s, all at once.
pub fn gaps_in<'m>(
    on: On<'m>,
    in_scope: &[bool],
    keep: impl Fn(&Gap<'m>) -> bool + Sync,
) -> Vec<Gap<'m>> {
    let model = on.model;
    let runs = on.par_runs(in_scope, |visit| {
        let mut rows = Vec::new();
        visit(&mut |reqs| {
            for r in reqs {
                if gap(model, r).is_some_and(|g| keep(&g)) {
                    rows.push(Sorting {
                        unit: model.rows()[r.speaker].unit(),
                        id: model.id(r.person),
                        req: *r,
                    });
                }
            }
        });
        rows.sort_unstable_by(|a, b| order(a.key(), b.key()));
        rows
    });
    let sorted = merge(runs, |a, b| order(a.key(), b.key()));
    let mut rows = Vec::with_capacity(sorted.len());
    rows.extend(sorted.iter().filter_map(|s| gap(model, &s.req)));
    rows
}

/// Sorted runs merged into one, in place with a copy of the first run aside.
fn merge<T: Copy>(mut runs: Vec<Vec<T>>, order: impl Fn(&T, &T) -> std::cmp::Ordering) -> Vec<T> {
    while runs.len() > 1 {
        let (b, mut rows) = (
            runs.pop().unwrap_or_default(),
            runs.pop().unwrap_or_default(),
        );
        let left = rows.len();
        rows.reserve_exact(b.len());
        rows.extend_from_slice(&b);
        drop(b);
        let aside = rows[..left].to_vec();
        let (mut i, mut j, mut k) = (0, left, 0);
        // `k` never passes `j`: each row written is one read from `aside` or from `rows[j..]`.
        while i < aside.len() && j < rows.len() {
            // Ties cannot happen (the key is unique); the earlier run first if they did.
            if order(&aside[i], &rows[j]) == std::cmp::Ordering::Greater {
                rows[k] = rows[j];
                j += 1;
            } else {
                rows[k] = aside[i];
                i += 1;
            }
            k += 1;
        }
        rows[k..k + aside.len() - i].copy_from_slice(&aside[i..]);
        runs.push(rows);
    }
    runs.pop().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::merge;

    #[test]
    fn sorted_runs_merge_into_one_sorted_list() {
        let runs = vec![
            vec![1, 4, 9, 12],
            vec![],
            vec![2, 3, 10],
            vec![0, 5, 6, 7, 8, 11, 13],
        ];
        let mut all = runs.concat();
        all.sort();
        assert_eq!(merge(runs, |a: &i32, b| a.cmp(b)), all);
        assert_eq!(merge(vec![vec![3, 1]], |a: &i32, b| a.cmp(b)), [3, 1]);
        assert_eq!(merge(Vec::new(), |a: &i32, b| a.cmp(b)), Vec::<i32>::new());
    }
}
