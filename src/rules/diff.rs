//! What a plan change does to people: the same exports bound to an old and a new plan, both on one
//! date, compared person by person and course by course. Pure: no I/O.
//!
//! Courses are matched between the plans by id (ignoring case). A course's place is its place in the new
//! plan, then, for courses only the old plan has, after all of those in the old plan's order. A person's
//! state for a course is `not required` where that plan does not require it.
//!
//! `diff --since` compares a recording's exports under its plan with today's under today's: the two
//! models number people each their own way, so [`pairs_across`] matches them by id, and someone not in
//! one staff export is `not required` there.

use std::collections::HashMap;

use super::state::{On, Requirement, State};
use crate::model::{Model, PersonIx, Scope};
use crate::plan::{Key, key};

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
        let by_key: HashMap<Key, usize> =
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
    pub person: PersonIx,
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
    let mut out: HashMap<(PersonIx, usize), Pair> = HashMap::new();
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

/// One person and course across two models that number people each their own way (`diff --since`:
/// a recording's exports and today's): the person is their id, the same in both.
#[derive(Debug, Clone, Copy)]
pub struct Across<'m> {
    pub id: &'m str,
    pub place: usize,
    /// The requirement in the old model (its person and speaker are that model's).
    pub before: Option<Requirement>,
    /// The requirement in the new model.
    pub after: Option<Requirement>,
}

impl Across<'_> {
    pub fn states(&self) -> (DiffState, DiffState) {
        (
            DiffState::of(self.before.map(|r| r.state)),
            DiffState::of(self.after.map(|r| r.state)),
        )
    }
}

/// [`pairs`] for two models over different exports: every person (by id) and course that either
/// requires of the people in its scope; someone not in one model's staff export is `not required`
/// there. By id, then place.
pub fn pairs_across<'m>(
    old: On<'m>,
    new: On<'m>,
    places: &Places,
    scopes: (&Scope, &Scope),
) -> Vec<Across<'m>> {
    let mut out: HashMap<(&'m str, usize), Across<'m>> = HashMap::new();
    let empty = |id, place| Across {
        id,
        place,
        before: None,
        after: None,
    };
    for r in new.requirements(scopes.1) {
        let (id, place) = (new.model.id(r.person), r.course.index());
        out.entry((id, place)).or_insert(empty(id, place)).after = Some(r);
    }
    for r in old.requirements(scopes.0) {
        let (id, place) = (old.model.id(r.person), places.old_place[r.course.index()]);
        out.entry((id, place)).or_insert(empty(id, place)).before = Some(r);
    }
    let mut list: Vec<Across<'m>> = out.into_values().collect();
    list.sort_by_key(|p| (p.id, p.place));
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::Fixture;
    use jiff::civil::date;

    const NEW: &str = "name: New
levels: { enhet: E }
roles: { med: M }
courses:
  - { id: a, name: A, due_months: 1 }
  - { id: b, name: B, due_months: 1 }
matrix:
  med: { \"*\": [a, b] }
";

    /// Course `B` is the new plan's `b` (ids ignore case); `c` is only the old plan's.
    const OLD: &str = "name: Old
levels: { enhet: E }
roles: { med: M }
courses:
  - { id: c, name: C, due_months: 1 }
  - { id: B, name: B, due_months: 1 }
matrix:
  med: { \"*\": [B, c] }
";

    #[test]
    fn diff_places_are_the_new_plans_courses_then_those_only_the_old_has() {
        let staff = "employee_id,name,unit,role,level,start_date\np1,P,U,med,,2020-01-01\n";
        let fixture = Fixture::new(
            "diff-places",
            NEW,
            Some(OLD),
            staff,
            "employee_id,course,completed\n",
        );
        let (new, old) = (fixture.model(), fixture.old_model());
        let places = Places::new(&new, &old);
        assert_eq!(places.ids, ["a", "b", "c"]);
        assert_eq!(places.old_place, [2, 1]);
    }

    #[test]
    fn diff_a_course_one_plan_does_not_require_is_not_required_before_or_after() {
        let staff = "employee_id,name,unit,role,level,start_date\np1,P,U,med,,2020-01-01\np2,Q,U,med,,2020-01-01\n";
        let done = "employee_id,course,completed\np1,b,2026-01-10\np2,c,2026-01-10\n";
        let fixture = Fixture::new("diff-states", NEW, Some(OLD), staff, done);
        let (new, old) = (fixture.model(), fixture.old_model());
        let places = Places::new(&new, &old);
        let as_of = date(2026, 6, 1);
        let scope = Scope::all(new.rows().len());
        let states: Vec<(usize, &str, DiffState, DiffState)> =
            pairs(On::new(&old, as_of), On::new(&new, as_of), &places, &scope)
                .iter()
                .map(|p| {
                    let (before, after) = p.states();
                    (
                        p.person.index(),
                        places.ids[p.place].as_str(),
                        before,
                        after,
                    )
                })
                .collect();
        use DiffState::*;
        assert_eq!(
            states,
            [
                (0, "a", NotRequired, Overdue),
                (0, "b", Met, Met),
                (0, "c", Overdue, NotRequired),
                (1, "a", NotRequired, Overdue),
                (1, "b", Overdue, Overdue),
                (1, "c", Met, NotRequired),
            ]
        );
    }

    #[test]
    fn diff_since_matches_people_by_id_across_two_exports() {
        // The recording: p9 (a leaver) and p1 under the old plan; today: p1 and p2 (new) under the new.
        let then = Fixture::new(
            "diff-since-then",
            OLD,
            None,
            "employee_id,name,unit,role,level,start_date\np9,N,U,med,,2020-01-01\np1,P,U,med,,2020-01-01\n",
            "employee_id,course,completed\np1,b,2026-01-10\n",
        );
        let now = Fixture::new(
            "diff-since-now",
            NEW,
            None,
            "employee_id,name,unit,role,level,start_date\np1,P,U,med,,2020-01-01\np2,Q,U,med,,2020-01-01\n",
            "employee_id,course,completed\np1,b,2026-01-10\n",
        );
        let (old, new) = (then.model(), now.model());
        let places = Places::new(&new, &old);
        let (old_scope, new_scope) = (Scope::all(old.rows().len()), Scope::all(new.rows().len()));
        let states: Vec<(&str, &str, DiffState, DiffState)> = pairs_across(
            On::new(&old, date(2026, 1, 31)),
            On::new(&new, date(2026, 6, 1)),
            &places,
            (&old_scope, &new_scope),
        )
        .iter()
        .map(|p| {
            let (before, after) = p.states();
            (p.id, places.ids[p.place].as_str(), before, after)
        })
        .collect();
        use DiffState::*;
        assert_eq!(
            states,
            [
                ("p1", "a", NotRequired, Overdue),
                ("p1", "b", Met, Met),
                ("p1", "c", Overdue, NotRequired),
                ("p2", "a", NotRequired, Overdue),
                ("p2", "b", NotRequired, Overdue),
                ("p9", "b", Overdue, NotRequired),
                ("p9", "c", Overdue, NotRequired),
            ]
        );
    }

    #[test]
    fn diff_states_order_as_the_contract_lists_them() {
        let names: Vec<&str> = DiffState::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            names,
            ["not required", "met", "exempt", "overdue", "due", "expired"]
        );
        assert!(DiffState::ALL.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(DiffState::of(None), DiffState::NotRequired);
    }
}
