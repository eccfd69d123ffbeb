//! The completion export: who completed which course when, and in which session.
//!
//! Required columns `employee_id`, `course`, `completed`; optional `session`. The course field is looked
//! at first: a row whose course is no plan course or code is counted (for one summarising warning that
//! gives the count and the codes) and otherwise left alone, since a learning platform exports every course.
//! Rows with the same employee, course (after mapping codes) and date are one completion; completions
//! dated after `--as-of` do not exist yet.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;

use super::{CsvFile, People, ReadOptions, each_row};
use crate::date;
use crate::diag::{Diagnostics, Problem};
use crate::fasthash::FastHash;
use crate::plan::{CourseIx, Plan};

/// One completion of a plan course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub person: u32,
    pub course: CourseIx,
    pub date: Date,
    /// The session (course occasion) as written, if any.
    pub session: Option<Box<str>>,
}

/// The completions of plan courses, one per person, course and date, grouped by person.
#[derive(Debug, Default)]
pub struct Completions {
    /// Sorted by person, course, date.
    pub list: Vec<Completion>,
    /// `list[starts[p]..starts[p + 1]]` are person p's completions.
    starts: Vec<usize>,
    /// Courses outside the plan: code as written -> rows.
    pub outside: BTreeMap<String, u64>,
    /// Data rows read from the file.
    pub rows_read: u64,
}

impl Completions {
    pub fn load(
        path: &str,
        plan: &Plan,
        options: &ReadOptions,
        people: &mut People,
        as_of: Date,
        diag: &mut Diagnostics,
    ) -> Result<Completions, Problem> {
        let mut file = CsvFile::open(path, "completions", options)?;
        let c_id = file.require("employee_id")?;
        let c_course = file.require("course")?;
        let c_completed = file.require("completed")?;
        let c_session = file.column("session")?;

        let mut list = Vec::new();
        // Courses outside the plan, by their raw bytes: most rows of a platform's export are these, so
        // they are only counted, with no text made of them until the end.
        let mut outside: HashMap<Vec<u8>, u64, FastHash> = HashMap::default();
        each_row(&mut file, diag, |row, _| {
            let raw = row.bytes(c_course);
            let course =
                plan.course_by_field(raw, || row.text(c_course).map(|t| t.into_owned()))?;
            let Some(course) = course else {
                match outside.get_mut(raw) {
                    Some(n) => *n += 1,
                    None => {
                        outside.insert(raw.to_vec(), 1);
                    }
                }
                return Ok(());
            };
            let id = row.required(c_id, "the person's id")?;
            let completed = row.text(c_completed)?;
            let date = date::parse(&completed).map_err(|e| {
                row.problem(format!(
                    "{} {}",
                    row.name(c_completed),
                    e.describe(&completed)
                ))
            })?;
            if date > as_of {
                return Ok(());
            }
            let session = row.opt_text(c_session)?;
            let session = (!session.is_empty()).then(|| session.as_ref().into());
            list.push(Completion {
                person: people.intern(&id),
                course,
                date,
                session,
            });
            Ok(())
        })?;
        let outside = outside
            .into_iter()
            .map(|(code, n)| (file.decode_lossy(&code), n))
            .fold(
                BTreeMap::new(),
                |mut map: BTreeMap<String, u64>, (code, n)| {
                    *map.entry(code).or_default() += n;
                    map
                },
            );
        let rows_read = file.rows;
        let mut completions = Completions::from_list(list, people.len());
        completions.outside = outside;
        completions.rows_read = rows_read;
        Ok(completions)
    }

    /// Sorts, collapses duplicates (keeping the first session given) and indexes by person.
    pub fn from_list(mut list: Vec<Completion>, people: usize) -> Completions {
        // A stable sort keeps file order within a completion, so "first session" means first in the file.
        list.sort_by_key(|c| (c.person, c.course, c.date));
        let mut out: Vec<Completion> = Vec::with_capacity(list.len());
        for c in list {
            match out.last_mut() {
                Some(last)
                    if (last.person, last.course, last.date) == (c.person, c.course, c.date) =>
                {
                    if last.session.is_none() {
                        last.session = c.session;
                    }
                }
                _ => out.push(c),
            }
        }
        let mut starts = vec![0; people + 1];
        for c in &out {
            starts[c.person as usize + 1] += 1;
        }
        for p in 0..people {
            starts[p + 1] += starts[p];
        }
        Completions {
            list: out,
            starts,
            outside: BTreeMap::new(),
            rows_read: 0,
        }
    }

    /// One person's completions, by course and date.
    pub fn of(&self, person: u32) -> &[Completion] {
        let p = person as usize;
        match (self.starts.get(p), self.starts.get(p + 1)) {
            (Some(&a), Some(&b)) => &self.list[a..b],
            _ => &[],
        }
    }

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
