//! The rules: what state each requirement is in on the as-of date. Pure: no I/O.
//!
//! For each assignment in scope the matrix gives the required courses. The state belongs to the person
//! and the course, however many assignments require it; the assignment with the earliest due date speaks
//! for the person (an empty due date is earliest, ties go to the earlier staff row).
//!
//! A requirement is met by a completion of the course or of a course that satisfies it, dated on or
//! before as-of and not lapsed (valid through date + the taken course's `valid_months`, inclusive).
//! Otherwise it is exempt (an exemption covering as-of), expired (satisfying completions exist but all
//! have lapsed), overdue (as-of after the due date, or no due date at all) or due.

use jiff::civil::Date;

pub mod delivery;
pub mod priority;

use crate::date::add_months;
use crate::load::staff::{by_person, same_person};
use crate::load::{Assignment, Completions, Exemptions, Staff};
use crate::plan::{CourseIx, GapStatus, Plan};

/// The state of one person's requirement of one course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Met,
    Exempt,
    /// The latest lapse date.
    Expired(Date),
    /// The due date, or none when there was no grace.
    Overdue(Option<Date>),
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
}

/// One person's requirement of one course, and the assignment that speaks for it.
#[derive(Debug, Clone, Copy)]
pub struct Requirement {
    pub person: u32,
    pub course: CourseIx,
    /// Index into `Staff::rows` of the speaking assignment.
    pub speaker: usize,
    pub state: State,
}

/// Everything the rules read.
pub struct Inputs<'a> {
    pub plan: &'a Plan,
    pub staff: &'a Staff,
    pub completions: &'a Completions,
    pub exemptions: &'a Exemptions,
    pub as_of: Date,
}

/// The due date of a course for an assignment: the later of its start date and the plan's `starts`,
/// plus the course's `due_months`; none when neither date is known.
pub fn due_date(plan: &Plan, a: &Assignment, course: CourseIx) -> Option<Date> {
    let base = match (a.start, plan.starts) {
        (Some(s), Some(p)) => Some(s.max(p)),
        (s, p) => s.or(p),
    }?;
    Some(add_months(base, plan.courses[course].due_months))
}

impl Inputs<'_> {
    /// The state of a person's requirement of a course, given the speaking assignment's due date.
    pub fn state(&self, person: u32, course: CourseIx, due: Option<Date>) -> State {
        let mut satisfied = false;
        let mut latest_lapse: Option<Date> = None;
        for c in self.completions.of(person) {
            // The load drops completions after --as-of; a state taken earlier (year-end coverage) drops more.
            if c.date > self.as_of || !self.plan.fulfils(c.course).contains(&course) {
                continue;
            }
            match self.plan.courses[c.course].valid_months {
                None => return State::Met,
                Some(months) => {
                    let lapse = add_months(c.date, months);
                    if self.as_of <= lapse {
                        return State::Met;
                    }
                    satisfied = true;
                    latest_lapse = latest_lapse.max(Some(lapse));
                }
            }
        }
        if self.exemptions.exempt(person, course, self.as_of) {
            return State::Exempt;
        }
        match (satisfied, latest_lapse, due) {
            (true, Some(lapse), _) => State::Expired(lapse),
            (_, _, Some(d)) if self.as_of <= d => State::Due(d),
            (_, _, d) => State::Overdue(d),
        }
    }

    /// Every requirement of the people with an assignment in scope (`in_scope[i]` for staff row i),
    /// ordered by person (in order of first appearance) and then plan order.
    pub fn requirements(&self, in_scope: &[bool]) -> Vec<Requirement> {
        let rows = &self.staff.rows;
        let order = by_person(rows, (0..rows.len()).filter(|&i| in_scope[i]).collect());
        let n = self.plan.courses.len();
        let mut speaker: Vec<Option<(Option<Date>, usize)>> = vec![None; n];
        let mut out = Vec::new();
        for group in order.chunk_by(same_person(rows)) {
            let person = rows[group[0]].person;
            speaker.iter_mut().for_each(|s| *s = None);
            for &i in group {
                let a = &rows[i];
                let Some(role) = a.role else { continue };
                for &course in self.plan.requires(role, a.declared_level()) {
                    let due = due_date(self.plan, a, course);
                    // Earliest due wins; an empty due date is earliest; ties keep the earlier row.
                    let better = match speaker[course] {
                        None => true,
                        Some((best, _)) => match (due, best) {
                            (None, Some(_)) => true,
                            (Some(d), Some(b)) => d < b,
                            _ => false,
                        },
                    };
                    if better {
                        speaker[course] = Some((due, i));
                    }
                }
            }
            for (course, s) in speaker.iter().enumerate() {
                if let Some((due, i)) = *s {
                    out.push(Requirement {
                        person,
                        course,
                        speaker: i,
                        state: self.state(person, course, due),
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::load::{Completion, LevelRef};
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

    fn post(person: u32, unit: &str, start: Option<Date>) -> Assignment {
        Assignment {
            person,
            line: 2,
            name: "".into(),
            unit_name: std::sync::Arc::new(crate::load::staff::UnitName {
                text: unit.into(),
                key: unit.to_lowercase().into(),
            }),
            role: Some(0),
            role_written: "".into(),
            level: LevelRef::Declared(0),
            start,
        }
    }

    fn state(plan: &Plan, done: &[(usize, Date)], due: Option<Date>, as_of: Date) -> State {
        let list = done
            .iter()
            .map(|&(course, date)| Completion {
                person: 0,
                course,
                date,
                session: None,
            })
            .collect();
        let completions = Completions::from_list(list, 1);
        let (staff, exemptions) = (Staff::default(), Exemptions::default());
        let inputs = Inputs {
            plan,
            staff: &staff,
            completions: &completions,
            exemptions: &exemptions,
            as_of,
        };
        inputs.state(0, 0, due)
    }

    #[test]
    fn due_date_adds_months_to_the_later_start() {
        let mut plan = plan();
        assert_eq!(
            due_date(&plan, &post(0, "x", Some(date(2024, 1, 31))), 0),
            Some(date(2024, 2, 29))
        );
        assert_eq!(due_date(&plan, &post(0, "x", None), 0), None);
        plan.starts = Some(date(2024, 3, 1));
        assert_eq!(
            due_date(&plan, &post(0, "x", Some(date(2024, 1, 31))), 0),
            Some(date(2024, 4, 1))
        );
        assert_eq!(
            due_date(&plan, &post(0, "x", None), 1),
            Some(date(2024, 5, 1))
        );
    }

    #[test]
    fn lapse_is_inclusive_and_expired_shows_the_latest_lapse() {
        let plan = plan();
        let done = [(0, date(2022, 5, 1)), (0, date(2023, 1, 31))];
        assert_eq!(state(&plan, &done, None, date(2024, 1, 31)), State::Met);
        assert_eq!(
            state(&plan, &done, None, date(2024, 2, 1)),
            State::Expired(date(2024, 1, 31))
        );
        // b satisfies a and has no valid_months of its own: it never lapses.
        assert_eq!(
            state(&plan, &[(1, date(2010, 1, 1))], None, date(2030, 1, 1)),
            State::Met
        );
    }

    #[test]
    fn without_a_satisfying_completion_the_due_date_decides() {
        let plan = plan();
        let due = Some(date(2024, 2, 29));
        assert_eq!(
            state(&plan, &[], due, date(2024, 2, 29)),
            State::Due(date(2024, 2, 29))
        );
        assert_eq!(
            state(&plan, &[], due, date(2024, 3, 1)),
            State::Overdue(due)
        );
        assert_eq!(
            state(&plan, &[], None, date(2000, 1, 1)),
            State::Overdue(None)
        );
    }

    #[test]
    fn the_earliest_due_post_speaks() {
        let plan = plan();
        let staff = Staff {
            rows: vec![
                post(0, "late", Some(date(2024, 6, 1))),
                post(0, "early", Some(date(2024, 1, 1))),
                post(0, "tie", Some(date(2024, 1, 1))),
            ],
            rows_read: 3,
        };
        let completions = Completions::from_list(Vec::new(), 1);
        let exemptions = Exemptions::default();
        let inputs = Inputs {
            plan: &plan,
            staff: &staff,
            completions: &completions,
            exemptions: &exemptions,
            as_of: date(2024, 1, 15),
        };
        let reqs = inputs.requirements(&[true, true, true]);
        assert_eq!(reqs.len(), 1);
        assert_eq!(reqs[0].speaker, 1);
        assert_eq!(reqs[0].state, State::Due(date(2024, 2, 1)));
        // Out of scope, a post does not speak.
        let reqs = inputs.requirements(&[true, false, false]);
        assert_eq!(
            (reqs[0].speaker, reqs[0].state),
            (0, State::Due(date(2024, 7, 1)))
        );
    }
}
