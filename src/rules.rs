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

use crate::date::add_months;
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
            if !self.plan.fulfils(c.course).contains(&course) {
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
        let mut order: Vec<usize> = (0..rows.len()).filter(|&i| in_scope[i]).collect();
        order.sort_by_key(|&i| (rows[i].person, i));
        let n = self.plan.courses.len();
        let mut speaker: Vec<Option<(Option<Date>, usize)>> = vec![None; n];
        let mut out = Vec::new();
        let mut start = 0;
        while start < order.len() {
            let person = rows[order[start]].person;
            let end = start
                + order[start..]
                    .iter()
                    .take_while(|&&i| rows[i].person == person)
                    .count();
            speaker.iter_mut().for_each(|s| *s = None);
            for &i in &order[start..end] {
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
            start = end;
        }
        out
    }
}
