//! Dimensioning: how many seats each course needs in each of the coming months. Pure: no I/O.
//!
//! For each requirement in scope, with its state on as-of:
//! - `backlog` (first month only): requirements overdue or expired now;
//! - `due`: requirements due whose due date (or renewal deadline) falls in the month;
//! - `lapsing`: requirements met whose renewal deadline falls in the month: the later of the latest lapse
//!   date over the valid satisfying completions and the due date; none if one of them never lapses;
//! - `exemptions_ending`: requirements exempt whose latest `until` falls in the month; none if for good;
//! - `new_staff`: newcomers expected to fall due in the month. S = the course's requirements in scope
//!   whose speaking row started in the 12 full months before as-of's month; the k-th forecast month
//!   expects round(k·S/12) − round((k−1)·S/12) starts (halves up), who fall due `due_months` later.
//! - `seats`: the sum.

use jiff::civil::Date;

use super::state::{On, Requirement, State, due_date, renewal_deadline};
use crate::date::{Month, add_months};
use crate::model::{Model, Scope};
use crate::plan::{CourseIx, index_by};

/// One month and course of the forecast.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Need {
    pub backlog: u64,
    pub due: u64,
    pub lapsing: u64,
    pub exemptions_ending: u64,
    pub new_staff: u64,
}

index_by!(CourseIx => Need);

impl Need {
    pub fn seats(&self) -> u64 {
        self.backlog + self.due + self.lapsing + self.exemptions_ending + self.new_staff
    }
}

/// Expected starts in the k-th forecast month (k from 1) for S starts a year: round(k·S/12) −
/// round((k−1)·S/12), halves rounded up.
pub fn expected_starts(k: u64, s: u64) -> u64 {
    let rounded = |k: u64| (2 * k * s + 12) / 24;
    rounded(k) - rounded(k.saturating_sub(1))
}

/// The renewal deadline of a met requirement: the later of the latest lapse date over the satisfying
/// completions valid on as-of and the due date; `None` when one of them never lapses.
fn met_deadline(model: &Model, r: &Requirement, due: Option<Date>, as_of: Date) -> Option<Date> {
    let plan = model.plan;
    let mut latest: Option<Date> = None;
    for c in model.completions.of(r.person) {
        if c.date > as_of || !plan.taken_fulfils(c.course, r.course) {
            continue;
        }
        let lapse = add_months(c.date, plan.courses[c.course].valid_months?);
        if lapse >= as_of {
            latest = latest.max(Some(lapse));
        }
    }
    latest.map(|l| renewal_deadline(l, due))
}

/// Per forecast month (`months` of them from as-of's month), per plan course: the need; and which
/// courses anyone in scope is required to take.
pub fn forecast(
    model: &Model,
    scope: &Scope,
    as_of: Date,
    months: u32,
    only: Option<CourseIx>,
) -> (Vec<Vec<Need>>, Vec<bool>) {
    let plan = model.plan;
    let n = plan.courses.len();
    let first = Month::of(as_of);
    let mut out = vec![vec![Need::default(); n]; months as usize];
    let mut required = vec![false; n];
    let mut starters = vec![0u64; n];
    // The month index (0 = as-of's month) a date falls in, if it is inside the forecast.
    let slot = |d: Date| {
        let k = first.until(Month::of(d));
        (0..i64::from(months)).contains(&k).then_some(k as usize)
    };
    On::new(model, as_of).each_person(scope, |reqs| {
        for r in reqs.iter().filter(|r| only.is_none_or(|o| o == r.course)) {
            let c = r.course;
            required[c.index()] = true;
            let post = model.post(r.speaker);
            let start = post.rec.start;
            if start.is_some_and(|s| {
                let k = Month::of(s).until(first);
                (1..=12).contains(&k)
            }) {
                starters[c.index()] += 1;
            }
            match r.state {
                State::Overdue(_) | State::Expired(_) => out[0][c].backlog += 1,
                State::Due(d) => {
                    if let Some(k) = slot(d) {
                        out[k][c].due += 1;
                    }
                }
                State::Met => {
                    let due = due_date(plan, start, c);
                    if let Some(k) = met_deadline(model, r, due, as_of).and_then(slot) {
                        out[k][c].lapsing += 1;
                    }
                }
                State::Exempt => {
                    if let Some(Some(until)) = model.exemptions.until(r.person, c)
                        && let Some(k) = slot(until)
                    {
                        out[k][c].exemptions_ending += 1;
                    }
                }
            }
        }
    });
    for c in 0..n {
        let shift = u64::from(plan.courses[c].due_months);
        for (k, month) in out.iter_mut().enumerate() {
            // Newcomers falling due in forecast month k+1 started in month k+1 − due_months.
            let k = k as u64 + 1;
            if k > shift {
                month[c].new_staff = expected_starts(k - shift, starters[c]);
            }
        }
    }
    (out, required)
}

#[cfg(test)]
mod tests {
    use super::expected_starts;

    #[test]
    fn expected_starts_spread_a_years_starters_with_halves_rounded_up() {
        let spread = |s| (1..=12).map(|k| expected_starts(k, s)).collect::<Vec<_>>();
        assert_eq!(spread(1), [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
        assert_eq!(spread(5), [0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0]);
        assert_eq!(spread(13), [1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1]);
        for s in [0, 1, 5, 13, 120, 1001] {
            assert_eq!(spread(s).iter().sum::<u64>(), s);
        }
    }
}
