//! Priority: the order in which to close gaps. Pure: no I/O.
//!
//! A gap belongs to the first of the plan's tiers whose named values (role, level, course, status) it
//! all has. Gaps come in tier order (gaps matching no tier last), then by due date (empty first, then
//! earliest), then as the gap list orders them.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::gaps::{Gap, gaps_in};
use super::state::On;
use crate::model::Scope;
use crate::plan::{CourseIx, GapStatus, LevelIx, Plan, RoleIx};

/// The 0-based index of the first tier a gap matches, or `None`.
pub fn tier(
    plan: &Plan,
    role: Option<RoleIx>,
    level: Option<LevelIx>,
    course: CourseIx,
    status: GapStatus,
) -> Option<usize> {
    plan.priority.iter().position(|t| {
        t.role.is_none_or(|r| role == Some(r))
            && t.level.is_none_or(|l| level == Some(l))
            && t.course.is_none_or(|c| c == course)
            && t.status.is_none_or(|s| s == status)
    })
}

/// A gap with its tier, in priority order.
#[derive(Debug, Clone, Copy)]
pub struct Ranked<'m> {
    /// The row's place in what is printed, from 1.
    pub rank: usize,
    /// 1-based; `None` for a gap that matches no tier.
    pub tier: Option<usize>,
    pub gap: Gap<'m>,
}

/// Every gap in scope (`course`: of one course) with its tier, in priority order, ranked.
pub fn ordered<'m>(
    on: On<'m>,
    scope: &Scope,
    course: Option<CourseIx>,
    seats: Option<usize>,
) -> Vec<Ranked<'m>> {
    let model = on.model;
    let mut rows: Vec<Ranked> = gaps_in(on, scope, |g| course.is_none_or(|c| g.course_ix == c))
        .into_iter()
        .map(|gap| {
            let post = model.post(gap.speaker);
            let t = tier(
                model.plan,
                post.role,
                post.declared_level(),
                gap.course_ix,
                gap.status,
            );
            Ranked {
                rank: 0,
                tier: t.map(|t| t + 1),
                gap,
            }
        })
        .collect();
    // Within a tier and due date, the gaps order: with it the key is unique, so an unstable sort gives
    // the one order without a stable sort's copy of the rows.
    rows.sort_unstable_by_key(|r| {
        let g = &r.gap;
        (
            order_key(r.tier, g.due()),
            g.unit,
            g.employee_id,
            g.course_ix,
        )
    });
    take_seats(rows, seats)
}

/// The sort key of the priority order: tier (none last), then due date (empty first, then earliest).
pub fn order_key(tier: Option<usize>, due: Option<Date>) -> (usize, bool, Option<Date>) {
    (tier.unwrap_or(usize::MAX), due.is_some(), due)
}

/// Keeps the first `seats` rows of each course and numbers what is left.
fn take_seats(rows: Vec<Ranked<'_>>, seats: Option<usize>) -> Vec<Ranked<'_>> {
    let mut taken: BTreeMap<CourseIx, usize> = BTreeMap::new();
    let mut out: Vec<Ranked> = rows
        .into_iter()
        .filter(|r| {
            let n = taken.entry(r.gap.course_ix).or_default();
            *n += 1;
            seats.is_none_or(|s| *n <= s)
        })
        .collect();
    for (i, r) in out.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::Fixture;
    use jiff::civil::date;

    /// Chefs first, then course b; no `starts`, so an empty start date gives an empty due date.
    const PLAN: &str = "name: T
levels: { enhet: E }
roles: { med: M, chef: C }
courses:
  - { id: a, name: A, due_months: 1 }
  - { id: b, name: B, due_months: 12 }
matrix:
  med: { \"*\": [a, b] }
  chef: { \"*\": [a, b] }
priority:
  - { role: Chef }
  - { course: B }
";

    const STAFF: &str = "employee_id,name,unit,role,level,start_date
p1,P1,U1,chef,,2025-01-01
p2,P2,U2,med,,
p3,P3,U3,med,,2026-05-15
p4,P4,U4,med,,2024-01-01
";

    /// A row as (employee, course, tier).
    type Row = (String, String, Option<usize>);

    /// Each row in priority order, and the ranks.
    fn listed(seats: Option<usize>) -> (Vec<Row>, Vec<usize>) {
        let fixture = Fixture::new(
            "priority",
            PLAN,
            None,
            STAFF,
            "employee_id,course,completed\n",
        );
        let model = fixture.model();
        let on = On::new(&model, date(2026, 6, 1));
        let rows = ordered(on, &Scope::all(model.rows().len()), None, seats);
        let ranks = rows.iter().map(|r| r.rank).collect();
        let rows = rows
            .iter()
            .map(|r| {
                (
                    r.gap.employee_id.to_string(),
                    r.gap.course.to_string(),
                    r.tier,
                )
            })
            .collect();
        (rows, ranks)
    }

    fn row(p: &str, c: &str, tier: Option<usize>) -> Row {
        (p.to_string(), c.to_string(), tier)
    }

    #[test]
    fn priority_gaps_come_in_tier_order_matching_no_tier_last() {
        let (rows, ranks) = listed(None);
        let tiers: Vec<Option<usize>> = rows.iter().map(|r| r.2).collect();
        // The first tier a gap matches (role `Chef` names `chef`, ignoring case); none last.
        assert_eq!(
            tiers,
            [
                Some(1),
                Some(1),
                Some(2),
                Some(2),
                Some(2),
                None,
                None,
                None
            ]
        );
        assert_eq!(ranks, (1..=8).collect::<Vec<_>>());
    }

    #[test]
    fn priority_within_a_tier_an_empty_due_date_comes_first_then_the_earliest() {
        let (rows, _) = listed(None);
        assert_eq!(
            rows,
            [
                row("p1", "a", Some(1)),
                row("p1", "b", Some(1)),
                row("p2", "b", Some(2)),
                row("p4", "b", Some(2)),
                row("p3", "b", Some(2)),
                row("p2", "a", None),
                row("p4", "a", None),
                row("p3", "a", None),
            ]
        );
        let key = |due| order_key(Some(1), due);
        assert!(key(None) < key(Some(date(2020, 1, 1))));
        assert!(key(Some(date(2020, 1, 1))) < key(Some(date(2020, 1, 2))));
        assert!(order_key(Some(2), None) < order_key(None, None));
    }

    #[test]
    fn priority_seats_keep_the_first_rows_of_each_course_and_rank_what_is_left() {
        let (rows, ranks) = listed(Some(2));
        assert_eq!(
            rows,
            [
                row("p1", "a", Some(1)),
                row("p1", "b", Some(1)),
                row("p2", "b", Some(2)),
                row("p2", "a", None),
            ]
        );
        assert_eq!(ranks, [1, 2, 3, 4]);
        assert_eq!(listed(Some(0)).0, []);
    }
}
