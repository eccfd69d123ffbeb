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
    pub fn from_list(list: Vec<Completion>, people: usize) -> Completions {
        // A stable sort keeps file order within a completion, so "first session" means first in the file.
        let mut list = by_person(list, people);
        for person in list.chunk_by_mut(|a, b| a.person == b.person) {
            if person.len() > 1 {
                person.sort_by_key(|c| (c.course, c.date));
            }
        }
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

/// The completions by person, in file order within a person: a counting sort, as an export in date
/// order has its people in no order (a comparison sort of a national export's half a million plan rows
/// took 50 ms).
fn by_person(list: Vec<Completion>, people: usize) -> Vec<Completion> {
    let mut next = vec![0u32; people + 1];
    for c in &list {
        next[c.person.index() + 1] += 1;
    }
    for p in 0..people {
        next[p + 1] += next[p];
    }
    let mut order = vec![0u32; list.len()];
    for (i, c) in list.iter().enumerate() {
        let at = &mut next[c.person.index()];
        order[*at as usize] = i as u32;
        *at += 1;
    }
    order.iter().map(|&i| list[i as usize].clone()).collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids::PersonIx;
    use crate::plan::CourseIx;

    proptest::proptest! {
        /// Completions in any order (an export in date order, people mixed) come out as a stable sort
        /// by person, course and date gives them, repeats collapsed onto the first session given.
        #[test]
        fn completions_in_any_order_are_sorted_as_a_stable_sort_sorts_them(
            rows in proptest::collection::vec((0..40u32, 0..3usize, 0..4i16, proptest::option::of(0..3u32)), 0..400),
        ) {
            let list: Vec<Completion> = rows
                .iter()
                .map(|&(person, course, day, session)| Completion {
                    person: PersonIx::new(person as usize),
                    course: CourseIx::new(course),
                    date: jiff::civil::date(2024, 1, 1 + day as i8),
                    session,
                })
                .collect();
            let mut expected = list.clone();
            expected.sort_by_key(|c| (c.person, c.course, c.date));
            expected.dedup_by(|later, kept| {
                let same = (later.person, later.course, later.date) == (kept.person, kept.course, kept.date);
                if same && kept.session.is_none() {
                    kept.session = later.session;
                }
                same
            });
            let got = Completions::from_list(list, 40);
            proptest::prop_assert_eq!(&got.list, &expected);
            for p in (0..40).map(PersonIx::new) {
                let of: Vec<&Completion> = expected.iter().filter(|c| c.person == p).collect();
                proptest::prop_assert_eq!(got.of(p).iter().collect::<Vec<_>>(), of);
            }
        }
    }
}
