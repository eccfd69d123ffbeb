//! The exemptions file: `employee_id,course,until,reason`.
//!
//! The person need not take that course until `until` (inclusive; empty = for good). An exemption for a
//! person the staff export does not have, or for a course the plan does not have, is a warning.

use std::collections::HashMap;

use jiff::civil::Date;

use super::{CsvFile, People, ReadOptions, each_row};
use crate::date;
use crate::diag::{Diagnostics, Problem};
use crate::plan::{CourseIx, Plan};

#[derive(Debug, Default)]
pub struct Exemptions {
    /// (person, course) -> the latest `until`; `None` = for good.
    until: HashMap<(u32, CourseIx), Option<Date>>,
    pub rows_read: u64,
}

impl Exemptions {
    pub fn load(
        path: &str,
        plan: &Plan,
        options: &ReadOptions,
        people: &People,
        diag: &mut Diagnostics,
    ) -> Result<Exemptions, Problem> {
        let mut file = CsvFile::open(path, "exemptions", options)?;
        let c_id = file.require("employee_id")?;
        let c_course = file.require("course")?;
        let c_until = file.column("until")?;
        let mut until: HashMap<(u32, CourseIx), Option<Date>> = HashMap::new();
        each_row(&mut file, diag, |row, diag| {
            let id = row.required(c_id, "the person's id")?;
            let course_text = row.required(c_course, "a course id or code of the plan")?;
            let until_text = row.opt_text(c_until)?;
            let date = match c_until {
                Some(c) if !until_text.is_empty() => {
                    Some(date::parse(&until_text).map_err(|e| {
                        row.problem(format!("{} {}", row.name(c), e.describe(&until_text)))
                    })?)
                }
                _ => None,
            };
            let Some(course) = plan.course(&course_text) else {
                return diag.warn(row.problem(format!(
                    "exemption for course `{course_text}`, which is no course or code of the plan; it is ignored"
                )));
            };
            let Some(person) = people.get(&id).filter(|&p| people.in_staff(p)) else {
                return diag.warn(row.problem(format!(
                    "exemption for employee {id}, who is not in the staff export; it is ignored"
                )));
            };
            let slot = until.entry((person, course)).or_insert(date);
            *slot = match (*slot, date) {
                (None, _) | (_, None) => None,
                (Some(a), Some(b)) => Some(a.max(b)),
            };
            Ok(())
        })?;
        Ok(Exemptions {
            until,
            rows_read: file.rows,
        })
    }

    /// Whether the person is exempt from the course on the date.
    pub fn exempt(&self, person: u32, course: CourseIx, on: Date) -> bool {
        match self.until.get(&(person, course)) {
            Some(None) => true,
            Some(Some(until)) => on <= *until,
            None => false,
        }
    }
}
