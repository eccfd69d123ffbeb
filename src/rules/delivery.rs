//! What was delivered in a period (a year, a tertial, a quarter, a range of days): participants, completions, sessions and hours per plan course, for
//! groups of people. Pure: no I/O.
//!
//! Completions are the distinct completions of the course itself dated in the period (a course that
//! satisfies another is not counted as the other). Participants are distinct people; the total counts a
//! person once over all courses. Sessions are distinct session values of the course in the period; a
//! completion without one counts its date as its session. Hours are completions × the course's hours.

use std::collections::HashSet;

use jiff::civil::Date;

use crate::date::Period;
use crate::diag::Problem;
use crate::fasthash::FastHash;
use crate::model::{Completion, Completions, PersonIx};
use crate::plan::{CourseIx, MAX_HOURS, Plan, index_by};

/// The figures of one course (or the total) for one group.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Delivered {
    pub participants: u64,
    pub completions: u64,
    pub sessions: u64,
    pub hours: f64,
}

index_by!(CourseIx => Delivered);

#[derive(Hash, PartialEq, Eq)]
enum SessionKey {
    Named(u32),
    Date(Date),
}

/// Per group, one [`Delivered`] per plan course in plan order and then the total.
///
/// `members` are the people who count, each with their group (in person order); only their completions
/// are looked at, so a unit's report costs its own people. Commands take
/// [`checked_delivered`], which makes hours that are no finite number an error.
pub fn delivered(
    plan: &Plan,
    completions: &Completions,
    period: Period,
    members: &[(PersonIx, usize)],
    groups: usize,
) -> Vec<Vec<Delivered>> {
    let n = plan.courses.len();
    let mut out = vec![vec![Delivered::default(); n + 1]; groups];
    let mut sessions: HashSet<(usize, CourseIx, SessionKey), FastHash> = HashSet::default();
    // Each member once, with their completions together (by course, then date): a person counts once
    // per course and once in all within their own completions.
    for &(person, g) in members {
        let mut any = false;
        let mut last_course = None;
        for c in completions
            .of(person)
            .iter()
            .filter(|c| period.contains(c.date))
        {
            let row = &mut out[g][c.course];
            row.completions += 1;
            if last_course != Some(c.course) {
                row.participants += 1;
                last_course = Some(c.course);
            }
            let session = match c.session {
                Some(s) => SessionKey::Named(s),
                None => SessionKey::Date(c.date),
            };
            if sessions.insert((g, c.course, session)) {
                row.sessions += 1;
            }
            any = true;
        }
        out[g][n].participants += u64::from(any);
    }
    for group in &mut out {
        let mut total = Delivered {
            participants: group[n].participants,
            ..Delivered::default()
        };
        for (course, row) in group.iter_mut().take(n).enumerate() {
            row.hours = row.completions as f64 * plan.courses[course].hours;
            total.completions += row.completions;
            total.sessions += row.sessions;
            total.hours += row.hours;
        }
        group[n] = total;
    }
    out
}

/// The completions [`delivered`] counts for `members` (any group), as `report --people` lists them: by
/// the course's place in the plan, then date, then `id` of the person.
pub fn completed<'c>(
    completions: &'c Completions,
    period: Period,
    members: &[(PersonIx, usize)],
    id: impl Fn(PersonIx) -> &'c str,
) -> Vec<&'c Completion> {
    let mut out: Vec<&Completion> = members
        .iter()
        .flat_map(|&(person, _)| completions.of(person))
        .filter(|c| period.contains(c.date))
        .collect();
    // A person has one completion of a course on a date: the key is unique.
    out.sort_unstable_by(|a, b| {
        (a.course, a.date, id(a.person)).cmp(&(b.course, b.date, id(b.person)))
    });
    out
}

/// [`delivered`], with hours that do not add up to a finite number (the plan caps a course's hours, so
/// only a plan built around that check could) an error naming the course's line in the plan, where
/// the group's sum stops being finite: never `inf` in a report.
pub fn checked_delivered(
    plan: &Plan,
    completions: &Completions,
    period: Period,
    members: &[(PersonIx, usize)],
    groups: usize,
) -> Result<Vec<Vec<Delivered>>, Problem> {
    let out = delivered(plan, completions, period, members, groups);
    for group in &out {
        let mut sum = 0.0f64;
        for (c, row) in plan.courses.iter().zip(group) {
            sum += row.hours;
            if !sum.is_finite() {
                return Err(Problem::at(
                    &plan.path,
                    c.line,
                    format!(
                        "course `{}`: {} completions of {} hours add up to more hours than can be counted, expected at most {MAX_HOURS} hours per completion",
                        c.id, row.completions, c.hours
                    ),
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::model::Completion;
    use jiff::civil::date;

    #[test]
    fn counts_completions_people_sessions_and_hours() {
        let plan = Plan::from_yaml(
            "p.yaml",
            "name: T\nlevels: {e: E}\nroles: {r: R}\ncourses:\n  - {id: a, name: A, hours: 2.5}\n  - {id: b, name: B, hours: 20, satisfies: [a]}\nmatrix: {r: {\"*\": [a]}}\n",
            &mut Diagnostics::new(false),
        )
        .unwrap()
        .unwrap();
        let c = |person, course, d: Date, session: Option<u32>| Completion {
            person: PersonIx::of(person),
            course: CourseIx::new(course),
            date: d,
            session,
        };
        let list = vec![
            c(0, 0, date(2024, 1, 5), None),
            c(0, 0, date(2024, 2, 5), None),
            c(1, 0, date(2024, 1, 5), None),
            c(1, 1, date(2024, 3, 1), Some(1)),
            c(2, 1, date(2024, 3, 2), Some(1)),
            c(2, 1, date(2023, 3, 2), Some(0)),
        ];
        let completions = Completions::from_list(list, 3);
        let members = [
            (PersonIx::of(0), 0),
            (PersonIx::of(1), 0),
            (PersonIx::of(2), 0),
        ];
        let out = delivered(&plan, &completions, Period::year(2024), &members, 1);
        assert_eq!(
            out[0][0],
            Delivered {
                participants: 2,
                completions: 3,
                sessions: 2,
                hours: 7.5
            }
        );
        assert_eq!(
            out[0][1],
            Delivered {
                participants: 2,
                completions: 2,
                sessions: 1,
                hours: 40.0
            }
        );
        assert_eq!(
            out[0][2],
            Delivered {
                participants: 3,
                completions: 5,
                sessions: 3,
                hours: 47.5
            }
        );
    }

    #[test]
    fn hours_past_a_finite_total_are_an_error_naming_the_course() {
        let mut plan = Plan::from_yaml(
            "p.yaml",
            "name: T\nlevels: {e: E}\nroles: {r: R}\ncourses:\n  - {id: a, name: A}\n  - {id: b, name: B,\n     hours: 5}\nmatrix: {r: {\"*\": [a]}}\n",
            &mut Diagnostics::new(false),
        )
        .unwrap()
        .unwrap();
        // Past the plan's own check: a course of f64::MAX hours, done twice.
        plan.courses[1].hours = f64::MAX;
        let c = |person| Completion {
            person: PersonIx::of(person),
            course: CourseIx::new(1),
            date: date(2024, 1, 5),
            session: None,
        };
        let completions = Completions::from_list(vec![c(0), c(1)], 2);
        let members = [(PersonIx::of(0), 0), (PersonIx::of(1), 0)];
        let err =
            checked_delivered(&plan, &completions, Period::year(2024), &members, 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "p.yaml:7: course `b`: 2 completions of {} hours add up to more hours than can be counted, expected at most 100000 hours per completion",
                f64::MAX
            )
        );
    }
}
