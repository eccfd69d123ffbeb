//! Completions bound to a plan: one per person, course and date, grouped by person.

use jiff::civil::Date;

use super::PersonIx;
use super::exports::CompletionExport;
use crate::diag::Problem;
use crate::plan::CourseIx;

/// One completion of a plan course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub person: PersonIx,
    pub course: CourseIx,
    pub date: Date,
    /// The session (course occasion), as a number that is the same for the same text; none if empty.
    pub session: Option<u32>,
}

/// The completions of plan courses, one per person, course and date, grouped by person.
#[derive(Debug, Default)]
pub struct Completions {
    /// Sorted by person, course, date.
    pub list: Vec<Completion>,
    /// `list[starts[p]..starts[p + 1]]` are person p's completions.
    starts: Vec<u32>,
}

impl Completions {
    /// Sorts, collapses duplicates (keeping the first session given) and indexes by person.
    pub fn from_list(mut list: Vec<Completion>, people: usize) -> Completions {
        // A stable sort keeps file order within a completion, so "first session" means first in the file.
        list.sort_by_key(|c| (c.person, c.course, c.date));
        list.dedup_by(|later, kept| {
            let same =
                (later.person, later.course, later.date) == (kept.person, kept.course, kept.date);
            if same && kept.session.is_none() {
                kept.session = later.session;
            }
            same
        });
        list.shrink_to_fit();
        let out = list;
        let mut starts = vec![0; people + 1];
        for c in &out {
            starts[c.person.index() + 1] += 1;
        }
        for p in 0..people {
            starts[p + 1] += starts[p];
        }
        Completions { list: out, starts }
    }

    /// One person's completions, by course and date.
    pub fn of(&self, person: PersonIx) -> &[Completion] {
        let p = person.index();
        match (self.starts.get(p), self.starts.get(p + 1)) {
            (Some(&a), Some(&b)) => &self.list[a as usize..b as usize],
            _ => &[],
        }
    }
}

impl CompletionExport {
    /// The warning about courses outside the plan, if there were any.
    pub fn outside_warning(&self, path: &str) -> Option<Problem> {
        if self.outside.is_empty() {
            return None;
        }
        let rows: u64 = self.outside.values().sum();
        const SHOWN: usize = 12;
        let mut codes: Vec<String> = self
            .outside
            .keys()
            .take(SHOWN)
            .map(|c| {
                if c.is_empty() {
                    "(empty)".to_string()
                } else {
                    c.clone()
                }
            })
            .collect();
        if self.outside.len() > SHOWN {
            codes.push(format!("and {} more", self.outside.len() - SHOWN));
        }
        Some(Problem::file(
            path,
            format!(
                "{} of {} outside the plan left out: {}",
                if rows == 1 {
                    "1 row".to_string()
                } else {
                    format!("{rows} rows")
                },
                if self.outside.len() == 1 {
                    "1 course".to_string()
                } else {
                    format!("{} courses", self.outside.len())
                },
                codes.join(", ")
            ),
        ))
    }
}
