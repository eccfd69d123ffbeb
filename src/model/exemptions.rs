//! Exemptions bound to a plan: who need not take which course until when.

use std::collections::HashMap;

use jiff::civil::Date;

use super::PersonIx;
use crate::plan::CourseIx;

#[derive(Debug, Default)]
pub struct Exemptions {
    /// (person, course) -> the latest `until`; `None` = for good.
    pub(super) until: HashMap<(PersonIx, CourseIx), Option<Date>>,
}

impl Exemptions {
    /// Adds an exemption; several for the same person and course combine (for good wins, else the
    /// latest `until`).
    pub fn add(&mut self, person: PersonIx, course: CourseIx, until: Option<Date>) {
        let slot = self.until.entry((person, course)).or_insert(until);
        *slot = match (*slot, until) {
            (None, _) | (_, None) => None,
            (Some(a), Some(b)) => Some(a.max(b)),
        };
    }

    /// Whether the person is exempt from the course on the date.
    pub fn exempt(&self, person: PersonIx, course: CourseIx, on: Date) -> bool {
        match self.until.get(&(person, course)) {
            Some(None) => true,
            Some(Some(until)) => on <= *until,
            None => false,
        }
    }

    /// The latest `until` of the person's exemption from the course: `Some(None)` for good, `None`
    /// when there is none.
    pub fn until(&self, person: PersonIx, course: CourseIx) -> Option<Option<Date>> {
        self.until.get(&(person, course)).copied()
    }
}
