//! Coverage over time: the state the plan was in on each of a list of dates, counted as
//! `gaps --summary` counts its per-course totals (each person once per course), from today's exports.
//! Pure: no I/O.
//!
//! At a date D everything is taken as on `--as-of D` (completions after D do not exist yet, exemptions
//! and lapses as on D), and only staff rows whose start date is empty or on or before D count: a person
//! who started later was not there yet. The staff export is today's, so people who left before D are
//! missing and people who changed post count with today's post.
//!
//! One sweep: the people are grouped once, each row's required courses and due dates are worked out
//! once, and then each date only picks the speaking row among those started and takes the state.

use jiff::civil::Date;

use super::state::{On, due_date, speaks_before};
use super::summary::Counts;
use crate::model::{Model, PersonIx, RowIx, Scope, by_person, same_person};
use crate::plan::CourseIx;

/// Per date (in the order given), per plan course: people by state.
pub fn trend(
    model: &Model,
    scope: &Scope,
    dates: &[Date],
    only: Option<CourseIx>,
) -> Vec<Vec<Counts>> {
    let plan = model.plan;
    let n = plan.courses.len();
    let rows = model.rows();
    let mut out = vec![vec![Counts::default(); n]; dates.len()];
    let order = by_person(
        rows,
        scope
            .iter()
            .filter(|&i| model.post(i).role.is_some())
            .collect(),
    );
    // One person's (row, start, course, due date) requirements, in row order.
    let mut needs: Vec<(RowIx, Option<Date>, CourseIx, Option<Date>)> = Vec::new();
    let mut speaker: Vec<Option<(Option<Date>, RowIx)>> = vec![None; n];
    // The courses this person is required: only those are reset and looked at per date, so that a
    // plan of thousands of courses costs what people are required, not people × dates × courses.
    let mut courses: Vec<CourseIx> = Vec::new();
    for group in order.chunk_by(same_person(rows)) {
        let person = PersonIx::of(rows[group[0]].person);
        needs.clear();
        for &i in group {
            let post = model.post(i);
            let role = post.role.expect("rows without a role were left out");
            for &c in plan.requires(role, post.declared_level()) {
                if only.is_none_or(|o| o == c) {
                    needs.push((i, post.rec.start, c, due_date(plan, post.rec.start, c)));
                }
            }
        }
        courses.clear();
        courses.extend(needs.iter().map(|n| n.2));
        courses.sort_unstable();
        courses.dedup();
        for (p, &d) in dates.iter().enumerate() {
            for &c in &courses {
                speaker[c.index()] = None;
            }
            for &(i, start, c, due) in &needs {
                if start.is_some_and(|s| s > d) {
                    continue;
                }
                let slot = &mut speaker[c.index()];
                if speaks_before(due, slot.map(|s| s.0)) {
                    *slot = Some((due, i));
                }
            }
            let on = On::new(model, d);
            for &c in &courses {
                if let Some((due, _)) = speaker[c.index()] {
                    out[p][c].add(on.state(person, c, due));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::Fixture;

    const PLAN: &str = "name: T
levels: { enhet: E }
roles: { med: M }
courses:
  - { id: a, name: A, due_months: 1 }
  - { id: b, name: B, due_months: 1 }
matrix:
  med: { \"*\": [a] }
";

    fn counts(staff: &str, done: &str, dates: &[Date]) -> Vec<Vec<Counts>> {
        let fixture = Fixture::new("trend", PLAN, None, staff, done);
        let model = fixture.model();
        trend(&model, &Scope::all(model.rows().len()), dates, None)
    }

    const POINTS: [Date; 2] = [Date::constant(2026, 2, 28), Date::constant(2026, 3, 31)];

    #[test]
    fn trend_counts_a_row_only_from_its_start_date() {
        let staff =
            "employee_id,name,unit,role,level,start_date\np1,P,U,med,,2026-03-10\np2,Q,U,med,,\n";
        let out = counts(staff, "employee_id,course,completed\n", &POINTS);
        // p1 started after the first point: only p2 (empty start date) was there then.
        assert_eq!(out[0][0].required, 1);
        assert_eq!(out[1][0].required, 2);
        assert_eq!(out[1][0].due, 1, "p1 is due a month after starting");
        // Every plan course at every point, zeros where nobody was required.
        assert!(
            out.iter()
                .all(|p| p.len() == 2 && p[1] == Counts::default())
        );
    }

    #[test]
    fn trend_takes_each_point_as_its_own_as_of() {
        let staff = "employee_id,name,unit,role,level,start_date\np1,P,U,med,,2020-01-01\n";
        let done = "employee_id,course,completed\np1,a,2026-03-05\n";
        let out = counts(staff, done, &POINTS);
        // The completion of 5 March does not exist yet on 28 February.
        assert_eq!((out[0][0].overdue, out[0][0].met), (1, 0));
        assert_eq!((out[1][0].overdue, out[1][0].met), (0, 1));
    }

    #[test]
    fn trend_counts_each_person_once_per_course() {
        let staff = "employee_id,name,unit,role,level,start_date\np1,P,U,med,,2020-01-01\np1,P,V,med,,2026-03-01\n";
        let out = counts(staff, "employee_id,course,completed\n", &POINTS);
        assert_eq!(out[0][0].required, 1);
        assert_eq!(out[1][0].required, 1);
    }
}
