//! What state each requirement is in on a date. Pure: no I/O.
//!
//! For each assignment in scope the matrix gives the required courses. The state belongs to the person
//! and the course, however many assignments require it; the assignment with the earliest due date speaks
//! for the person (an empty due date is earliest, ties go to the earlier staff row).
//!
//! A requirement is met by a completion of the course or of a course that satisfies it, dated on or
//! before the date and not lapsed (valid through date + the taken course's `valid_months`, inclusive).
//! Otherwise it is exempt (an exemption covering the date); or, when satisfying completions exist but all
//! have lapsed, due until the renewal deadline (the later of the latest lapse date and the due date) and
//! expired after it; or, with no satisfying completion, overdue (the date after the due date, or no due
//! date at all) or due.

use jiff::civil::Date;

use crate::date::add_months;
use crate::model::{Completion, Model, PersonIx, RowIx, Scope, by_person, same_person};
use crate::plan::{CourseIx, GapStatus, Plan};

/// The state of one person's requirement of one course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Met,
    Exempt,
    /// The renewal deadline: the later of the latest lapse date and the due date.
    Expired(Date),
    /// The due date, or none when there was no grace.
    Overdue(Option<Date>),
    /// The due date, or for a lapsed completion the renewal deadline.
    Due(Date),
}

impl State {
    /// The gap status, or `None` for met and exempt.
    pub fn gap(self) -> Option<GapStatus> {
        match self {
            State::Met | State::Exempt => None,
            State::Expired(_) => Some(GapStatus::Expired),
            State::Overdue(_) => Some(GapStatus::Overdue),
            State::Due(_) => Some(GapStatus::Due),
        }
    }

    /// The date the `due` column shows.
    pub fn due(self) -> Option<Date> {
        match self {
            State::Met | State::Exempt => None,
            State::Expired(d) | State::Due(d) => Some(d),
            State::Overdue(d) => d,
        }
    }

    /// The days past the date it should have been done by, as of `as_of`: for an overdue gap with a
    /// due date and an expired one; `None` for the others.
    pub fn days_late(self, as_of: Date) -> Option<u64> {
        let late = match self {
            State::Overdue(Some(d)) | State::Expired(d) => d,
            _ => return None,
        };
        let days = late.until(as_of).ok()?.get_days();
        Some(u64::try_from(days).unwrap_or(0))
    }
}

/// One person's requirement of one course, and the assignment that speaks for it.
#[derive(Debug, Clone, Copy)]
pub struct Requirement {
    pub person: PersonIx,
    pub course: CourseIx,
    /// Index of the speaking staff row.
    pub speaker: RowIx,
    pub state: State,
}

/// The due date of a course for an assignment that started on `start`: the later of that and the plan's
/// `starts`, plus the course's `due_months`; none when neither date is known.
pub fn due_date(plan: &Plan, start: Option<Date>, course: CourseIx) -> Option<Date> {
    let base = match (start, plan.starts) {
        (Some(s), Some(p)) => Some(s.max(p)),
        (s, p) => s.or(p),
    }?;
    Some(add_months(base, plan.courses[course].due_months))
}

/// Whether an assignment with due date `due` speaks instead of the one found so far (due date `best`,
/// `None` when none was found): the earliest due date speaks, an empty due date is earliest, and ties
/// keep the earlier staff row (the one found first).
pub fn speaks_before(due: Option<Date>, best: Option<Option<Date>>) -> bool {
    match (due, best) {
        (_, None) => true,
        (None, Some(Some(_))) => true,
        (Some(d), Some(Some(b))) => d < b,
        _ => false,
    }
}

/// The state of a requirement of `course` on `as_of`, from the person's completions (any order), their
/// exemption from the course (`Some(None)`: for good) and the speaking assignment's due date.
pub fn state(
    plan: &Plan,
    done: &[Completion],
    exemption: Option<Option<Date>>,
    course: CourseIx,
    due: Option<Date>,
    as_of: Date,
) -> State {
    let mut latest_lapse: Option<Date> = None;
    for c in done {
        if c.date > as_of || !plan.taken_fulfils(c.course, course) {
            continue;
        }
        match plan.courses[c.course].valid_months {
            None => return State::Met,
            Some(months) => {
                let lapse = add_months(c.date, months);
                if as_of <= lapse {
                    return State::Met;
                }
                latest_lapse = latest_lapse.max(Some(lapse));
            }
        }
    }
    if exemption.is_some_and(|until| until.is_none_or(|u| as_of <= u)) {
        return State::Exempt;
    }
    match (latest_lapse, due) {
        // A renewal gets the same grace as a first time.
        (Some(lapse), due) => {
            let deadline = renewal_deadline(lapse, due);
            if as_of <= deadline {
                State::Due(deadline)
            } else {
                State::Expired(deadline)
            }
        }
        (None, Some(d)) if as_of <= d => State::Due(d),
        (None, d) => State::Overdue(d),
    }
}

/// The renewal deadline of a requirement whose satisfying completions have all lapsed: the later of the
/// latest lapse date and the due date (the lapse date alone where there is no due date). A newcomer whose
/// old completion lapsed long ago is due until their own due date; long-serving staff, whose due date is
/// long past, renew by the lapse date.
pub fn renewal_deadline(latest_lapse: Date, due: Option<Date>) -> Date {
    due.map_or(latest_lapse, |d| d.max(latest_lapse))
}

/// The model's requirements on one date.
#[derive(Clone, Copy)]
pub struct On<'m> {
    pub model: &'m Model<'m>,
    pub as_of: Date,
}

impl<'m> On<'m> {
    pub fn new(model: &'m Model<'m>, as_of: Date) -> On<'m> {
        On { model, as_of }
    }

    /// The state of a person's requirement of a course, given the speaking assignment's due date.
    pub fn state(&self, person: PersonIx, course: CourseIx, due: Option<Date>) -> State {
        let m = self.model;
        state(
            m.plan,
            m.completions.of(person),
            m.exemptions.until(person, course),
            course,
            due,
            self.as_of,
        )
    }

    /// Every requirement of the people with an assignment in scope (staff rows),
    /// ordered by person (in order of first appearance) and then plan order.
    pub fn requirements(&self, scope: &Scope) -> Vec<Requirement> {
        let mut out = Vec::new();
        self.each_person(scope, |reqs| out.extend_from_slice(reqs));
        out
    }

    /// Calls `each` with every person's requirements (plan order), person by person, so that a sweep
    /// need not hold them all.
    pub fn each_person(&self, scope: &Scope, mut each: impl FnMut(&[Requirement])) {
        let rows = self.model.rows();
        let order = by_person(rows, scope.iter().collect());
        self.each_person_of(&order, &mut each);
    }

    /// [`On::each_person`] on all cores for a big staff list: the people are cut into runs (one a core),
    /// `run` is given a function that calls its argument with each person's requirements of one run,
    /// and what the runs give comes back in person order.
    pub fn par_runs<R: Send>(
        &self,
        scope: &Scope,
        run: impl Fn(&dyn Fn(&mut dyn FnMut(&[Requirement]))) -> R + Sync,
    ) -> Vec<R> {
        let rows = self.model.rows();
        let order = by_person(rows, scope.iter().collect());
        // A thread costs about what a few hundred rows do: lists under 20,000 rows in one run.
        let runs = (order.len() / 10_000).clamp(1, crate::threads::cores());
        let mut cuts = vec![0];
        for k in 1..runs {
            let mut at = (order.len() * k / runs).max(*cuts.last().unwrap_or(&0));
            // A person's rows stay in one run.
            while at > 0 && at < order.len() && same_person(rows)(&order[at - 1], &order[at]) {
                at += 1;
            }
            cuts.push(at);
        }
        cuts.push(order.len());
        let pieces: Vec<&[RowIx]> = cuts.windows(2).map(|w| &order[w[0]..w[1]]).collect();
        crate::threads::map(&pieces, |piece| {
            run(&|each| self.each_person_of(piece, each))
        })
    }

    /// The requirements of the people of `order` (staff rows by person), person by person.
    fn each_person_of(&self, order: &[RowIx], each: &mut dyn FnMut(&[Requirement])) {
        let model = self.model;
        let rows = model.rows();
        let n = model.plan.courses.len();
        let mut speaker: Vec<Option<(Option<Date>, RowIx)>> = vec![None; n];
        // The courses this person's rows require: only those are reset and looked at, so that a
        // plan of thousands of courses costs what people are required, not people × courses.
        let mut touched: Vec<CourseIx> = Vec::new();
        let mut reqs = Vec::new();
        for group in order.chunk_by(same_person(rows)) {
            let person = PersonIx::of(rows[group[0]].person);
            for &c in &touched {
                speaker[c.index()] = None;
            }
            touched.clear();
            for &i in group {
                let post = model.post(i);
                let Some(role) = post.role else { continue };
                for &course in model.plan.requires(role, post.declared_level()) {
                    let due = due_date(model.plan, post.rec.start, course);
                    let slot = &mut speaker[course.index()];
                    if slot.is_none() {
                        touched.push(course);
                    }
                    if speaks_before(due, slot.map(|s| s.0)) {
                        *slot = Some((due, i));
                    }
                }
            }
            reqs.clear();
            touched.sort_unstable();
            for &course in &touched {
                if let Some((due, i)) = speaker[course.index()] {
                    reqs.push(Requirement {
                        person,
                        course,
                        speaker: i,
                        state: self.state(person, course, due),
                    });
                }
            }
            if !reqs.is_empty() {
                each(&reqs);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use jiff::civil::date;

    const PLAN: &str = "
name: T
levels: { enhet: Enhet }
roles: { chef: Chef }
courses:
  - { id: a, name: A, due_months: 1, valid_months: 12 }
  - { id: b, name: B, due_months: 2, satisfies: [a] }
matrix:
  chef: { \"*\": [a] }
";

    fn plan() -> Plan {
        Plan::from_yaml("p.yaml", PLAN, &mut Diagnostics::new(false))
            .unwrap()
            .unwrap()
    }

    fn on(plan: &Plan, done: &[(usize, Date)], due: Option<Date>, as_of: Date) -> State {
        let list: Vec<Completion> = done
            .iter()
            .map(|&(course, date)| Completion {
                person: PersonIx::of(0),
                course: CourseIx::new(course),
                date,
                session: None,
            })
            .collect();
        state(plan, &list, None, CourseIx::new(0), due, as_of)
    }

    #[test]
    fn due_date_adds_months_to_the_later_start() {
        let mut plan = plan();
        assert_eq!(
            due_date(&plan, Some(date(2024, 1, 31)), CourseIx::new(0)),
            Some(date(2024, 2, 29))
        );
        assert_eq!(due_date(&plan, None, CourseIx::new(0)), None);
        plan.starts = Some(date(2024, 3, 1));
        assert_eq!(
            due_date(&plan, Some(date(2024, 1, 31)), CourseIx::new(0)),
            Some(date(2024, 4, 1))
        );
        assert_eq!(
            due_date(&plan, None, CourseIx::new(1)),
            Some(date(2024, 5, 1))
        );
    }

    #[test]
    fn renewal_a_newcomer_with_an_old_lapsed_completion_is_due_until_their_own_due_date() {
        let plan = plan();
        // Took course a in 2020 elsewhere (lapsed 2021-03-01); hired 2026-07-30, due a month later.
        let done = [(0, date(2020, 3, 1))];
        let due = Some(date(2026, 8, 30));
        assert_eq!(
            on(&plan, &done, due, date(2026, 8, 1)),
            State::Due(date(2026, 8, 30))
        );
        assert_eq!(
            on(&plan, &done, due, date(2026, 8, 30)),
            State::Due(date(2026, 8, 30))
        );
        assert_eq!(
            on(&plan, &done, due, date(2026, 8, 31)),
            State::Expired(date(2026, 8, 30))
        );
    }

    #[test]
    fn renewal_long_serving_staff_renew_by_the_lapse_date() {
        let plan = plan();
        // Due long ago; the completion lapsed 2024-01-31: due until then, expired since.
        let done = [(0, date(2023, 1, 31))];
        let due = Some(date(2015, 2, 1));
        assert_eq!(on(&plan, &done, due, date(2024, 1, 31)), State::Met);
        assert_eq!(
            on(&plan, &done, due, date(2024, 2, 1)),
            State::Expired(date(2024, 1, 31))
        );
    }

    #[test]
    fn renewal_the_plans_starts_grace_covers_the_renewals_it_causes() {
        let mut plan = plan();
        plan.starts = Some(date(2024, 1, 1));
        // Started 2010; the plan (starts 2024-01-01, due_months 1) gives everyone until 2024-02-01.
        let due = due_date(&plan, Some(date(2010, 5, 1)), CourseIx::new(0));
        assert_eq!(due, Some(date(2024, 2, 1)));
        let done = [(0, date(2018, 6, 1))];
        assert_eq!(
            on(&plan, &done, due, date(2024, 1, 15)),
            State::Due(date(2024, 2, 1))
        );
        assert_eq!(
            on(&plan, &done, due, date(2024, 2, 2)),
            State::Expired(date(2024, 2, 1))
        );
    }

    #[test]
    fn renewal_without_a_due_date_the_lapse_date_alone_decides() {
        let plan = plan();
        let done = [(0, date(2022, 5, 1))];
        assert_eq!(on(&plan, &done, None, date(2023, 5, 1)), State::Met);
        assert_eq!(
            on(&plan, &done, None, date(2023, 5, 2)),
            State::Expired(date(2023, 5, 1))
        );
        assert_eq!(renewal_deadline(date(2023, 5, 1), None), date(2023, 5, 1));
    }

    #[test]
    fn renewal_a_lapsed_completion_of_a_satisfying_course_gets_the_same_grace() {
        // c satisfies a and lapses after 6 months; a itself is required.
        let plan = Plan::from_yaml(
            "p.yaml",
            &PLAN.replace(
                "matrix:",
                "  - { id: c, name: C, valid_months: 6, satisfies: [a] }\nmatrix:",
            ),
            &mut Diagnostics::new(false),
        )
        .unwrap()
        .unwrap();
        let done = [(2, date(2020, 1, 10))];
        let due = Some(date(2026, 9, 1));
        assert_eq!(
            on(&plan, &done, due, date(2026, 8, 1)),
            State::Due(date(2026, 9, 1))
        );
        assert_eq!(
            on(&plan, &done, due, date(2026, 9, 2)),
            State::Expired(date(2026, 9, 1))
        );
    }

    #[test]
    fn lapse_is_inclusive_and_expired_shows_the_latest_lapse() {
        let plan = plan();
        let done = [(0, date(2022, 5, 1)), (0, date(2023, 1, 31))];
        assert_eq!(on(&plan, &done, None, date(2024, 1, 31)), State::Met);
        assert_eq!(
            on(&plan, &done, None, date(2024, 2, 1)),
            State::Expired(date(2024, 1, 31))
        );
        // b satisfies a and has no valid_months of its own: it never lapses.
        assert_eq!(
            on(&plan, &[(1, date(2010, 1, 1))], None, date(2030, 1, 1)),
            State::Met
        );
    }

    #[test]
    fn without_a_satisfying_completion_the_due_date_decides() {
        let plan = plan();
        let due = Some(date(2024, 2, 29));
        assert_eq!(
            on(&plan, &[], due, date(2024, 2, 29)),
            State::Due(date(2024, 2, 29))
        );
        assert_eq!(on(&plan, &[], due, date(2024, 3, 1)), State::Overdue(due));
        assert_eq!(on(&plan, &[], None, date(2000, 1, 1)), State::Overdue(None));
    }

    #[test]
    fn an_exemption_covers_through_its_date_and_met_wins() {
        let plan = plan();
        let until = Some(Some(date(2024, 6, 30)));
        assert_eq!(
            state(&plan, &[], until, CourseIx::new(0), None, date(2024, 6, 30)),
            State::Exempt
        );
        assert_eq!(
            state(&plan, &[], until, CourseIx::new(0), None, date(2024, 7, 1)),
            State::Overdue(None)
        );
        assert_eq!(
            state(
                &plan,
                &[],
                Some(None),
                CourseIx::new(0),
                None,
                date(2099, 1, 1)
            ),
            State::Exempt
        );
    }
}
