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
