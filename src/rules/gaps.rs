//! The gap list: one row per person and required course not met, in the contract's order (unit,
//! employee_id, the course's place in the plan; strings by code point). Pure: no I/O.

use jiff::civil::Date;

use super::state::{On, Requirement, State};
use crate::model::{Model, PersonIx, RowIx, Scope};
use crate::plan::{CourseIx, GapStatus};

/// One gap, with the values it prints (borrowed from the model) and what the rules know of it.
#[derive(Debug, Clone, Copy)]
pub struct Gap<'m> {
    pub person: PersonIx,
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
    pub speaker: RowIx,
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
    scope: &Scope,
    keep: impl Fn(&Gap<'m>) -> bool + Sync,
) -> Vec<Gap<'m>> {
    let model = on.model;
    let runs = on.par_runs(scope, |visit| {
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
    // Merged straight into the gaps: the sorted runs are the only other copy.
    let mut rows = Vec::with_capacity(runs.iter().map(Vec::len).sum());
    merge(
        &runs,
        |a, b| order(a.key(), b.key()),
        |s| rows.extend(gap(model, &s.req)),
    );
    rows
}

/// Sorted runs merged: `emit` is called with every item in order (from the earliest run on ties).
/// The runs are a handful (one a core): the next item is the least of their heads.
fn merge<T>(
    runs: &[Vec<T>],
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
    mut emit: impl FnMut(&T),
) {
    let mut at = vec![0; runs.len()];
    loop {
        let mut best: Option<usize> = None;
        for (r, run) in runs.iter().enumerate() {
            let Some(head) = run.get(at[r]) else { continue };
            if best.is_none_or(|b| order(head, &runs[b][at[b]]) == std::cmp::Ordering::Less) {
                best = Some(r);
            }
        }
        let Some(b) = best else { return };
        emit(&runs[b][at[b]]);
        at[b] += 1;
    }
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
        let merged = |runs: &[Vec<i32>]| {
            let mut out = Vec::new();
            merge(runs, |a, b| a.cmp(b), |&x| out.push(x));
            out
        };
        assert_eq!(merged(&runs), all);
        assert_eq!(merged(&[vec![3, 1]]), [3, 1]);
        assert_eq!(merged(&[]), Vec::<i32>::new());
        // Ties: the earlier run's first.
        let mut out = Vec::new();
        merge(
            &[vec![(1, 'a')], vec![(1, 'b')]],
            |a, b| a.0.cmp(&b.0),
            |&x| out.push(x),
        );
        assert_eq!(out, [(1, 'a'), (1, 'b')]);
    }
}
