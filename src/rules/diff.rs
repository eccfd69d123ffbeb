//! What a plan change does to people: the same exports bound to an old and a new plan, both on one
//! date, compared person by person and course by course. Pure: no I/O.
//!
//! Courses are matched between the plans by id (ignoring case). A course's place is its place in the new
//! plan, then, for courses only the old plan has, after all of those in the old plan's order. A person's
//! state for a course is `not required` where that plan does not require it.

use std::collections::HashMap;

use super::state::{On, Requirement, State};
use crate::model::{Model, Scope};
use crate::plan::key;

/// A state under one plan, in the contract's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiffState {
    NotRequired,
    Met,
    Exempt,
    Overdue,
    Due,
    Expired,
}

impl DiffState {
    pub const ALL: [DiffState; 6] = [
        DiffState::NotRequired,
        DiffState::Met,
        DiffState::Exempt,
        DiffState::Overdue,
        DiffState::Due,
        DiffState::Expired,
    ];

    pub fn of(state: Option<State>) -> DiffState {
        match state {
            None => DiffState::NotRequired,
            Some(State::Met) => DiffState::Met,
            Some(State::Exempt) => DiffState::Exempt,
            Some(State::Overdue(_)) => DiffState::Overdue,
            Some(State::Due(_)) => DiffState::Due,
            Some(State::Expired(_)) => DiffState::Expired,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DiffState::NotRequired => "not required",
            DiffState::Met => "met",
            DiffState::Exempt => "exempt",
            DiffState::Overdue => "overdue",
            DiffState::Due => "due",
            DiffState::Expired => "expired",
        }
    }
}

/// The courses of both plans in their places: the new plan's, then those only the old plan has.
#[derive(Debug, Clone)]
pub struct Places {
    /// Per place: the course id (as the plan that has it writes it).
    pub ids: Vec<String>,
    /// Per old-plan course: its place.
    pub old_place: Vec<usize>,
}

impl Places {
    pub fn new(new: &Model, old: &Model) -> Places {
        let mut ids: Vec<String> = new.plan.courses.iter().map(|c| c.id.clone()).collect();
        let by_key: HashMap<String, usize> =
            ids.iter().enumerate().map(|(i, id)| (key(id), i)).collect();
        let old_place = old
            .plan
            .courses
            .iter()
            .map(|c| match by_key.get(&key(&c.id)) {
                Some(&p) => p,
                None => {
                    ids.push(c.id.clone());
                    ids.len() - 1
                }
            })
            .collect();
        Places { ids, old_place }
    }
}

/// One person and course: the requirement under each plan (`None`: not required).
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    pub person: u32,
    pub place: usize,
    pub before: Option<Requirement>,
    pub after: Option<Requirement>,
}

impl Pair {
    pub fn states(&self) -> (DiffState, DiffState) {
        (
            DiffState::of(self.before.map(|r| r.state)),
            DiffState::of(self.after.map(|r| r.state)),
        )
    }
}

/// Every person and course that either plan requires of the people in scope, by person then place.
pub fn pairs(old: On, new: On, places: &Places, scope: &Scope) -> Vec<Pair> {
    let mut out: HashMap<(u32, usize), Pair> = HashMap::new();
    for r in new.requirements(scope) {
        out.entry((r.person, r.course.index()))
            .or_insert(Pair {
                person: r.person,
                place: r.course.index(),
                before: None,
                after: None,
            })
            .after = Some(r);
    }
    for r in old.requirements(scope) {
        let place = places.old_place[r.course.index()];
        out.entry((r.person, place))
            .or_insert(Pair {
                person: r.person,
                place,
                before: None,
                after: None,
            })
            .before = Some(r);
    }
    let mut list: Vec<Pair> = out.into_values().collect();
    list.sort_by_key(|p| (p.person, p.place));
    list
}
