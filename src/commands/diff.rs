//! `kvu diff --old-plan FILE`: who changes state when the plan changes. The exports are read once and
//! bound to both plans ([`crate::rules::diff`]); one row per person and course whose state differs, or
//! with `--summary` the people per course and pair of states. `kvu diff --since DATE`: the same
//! between a recording (its exports under its plan, at its date) and today's, people matched by id.

use std::collections::BTreeMap;
use std::rc::Rc;

use anyhow::{Result, anyhow, bail};

use super::{Context, Done};
use crate::config::job::{Command, Diff};
use crate::model::{Model, Scope};
use crate::output::{Column, Kind, Note, ScopeNote, Table, Value, View, What};
use crate::rules::On;
use crate::rules::diff::{Across, DiffState, Places, pairs, pairs_across};

/// One changed person and course, as printed.
struct Change<'a> {
    employee_id: &'a str,
    name: &'a str,
    unit: &'a str,
    role: &'a str,
    level: &'a str,
    place: usize,
    before: DiffState,
    after: DiffState,
}

/// The place of the course `--course` names: the new plan's ids and codes first, then the old plan's.
fn course_place(new: &Model, old: &Model, places: &Places, text: &str) -> Result<usize> {
    if let Some(c) = new.plan.course(text) {
        return Ok(c.index());
    }
    if let Some(c) = old.plan.course(text) {
        return Ok(places.old_place[c.index()]);
    }
    bail!(
        "--course `{text}` is no course or code of either plan, expected one of: {}",
        places.ids.join(", ")
    )
}

/// Staff rows in scope: `--unit` as every command takes it; `--role` a role of either plan.
fn scope(new: &Model, old: &Model, unit: Option<&str>, role: Option<&str>) -> Result<Scope> {
    let mut in_scope = new.scope(unit, None)?;
    if let Some(role) = role {
        let (in_new, in_old) = (new.plan.role(role), old.plan.role(role));
        if in_new.is_none() && in_old.is_none() {
            bail!("--role `{role}` is no role of either plan");
        }
        in_scope.retain(|i| {
            (in_new.is_some() && new.post(i).role == in_new)
                || (in_old.is_some() && old.post(i).role == in_old)
        });
    }
    Ok(in_scope)
}

/// `diff --since`: the staff rows in scope of today's exports and of the recording's, each under its
/// own plan. A unit or role that only one of them has leaves the other's scope empty (a unit closed
/// since, a role the plan added); one that neither has is an error, as `--unit` says it of today's.
fn scopes_since(
    new: &Model,
    old: &Model,
    unit: Option<&str>,
    role: Option<&str>,
) -> Result<(Scope, Scope)> {
    let (in_new, in_old) = (new.scope(unit, None), old.scope(unit, None));
    let (mut in_new, mut in_old) = match (in_new, in_old) {
        (Err(e), Err(_)) => return Err(e.into()),
        (new_scope, old_scope) => (
            new_scope.unwrap_or_else(|_| Scope::of(Vec::new())),
            old_scope.unwrap_or_else(|_| Scope::of(Vec::new())),
        ),
    };
    if let Some(role) = role {
        let (role_new, role_old) = (new.plan.role(role), old.plan.role(role));
        if role_new.is_none() && role_old.is_none() {
            bail!("--role `{role}` is no role of either plan");
        }
        in_new.retain(|i| role_new.is_some() && new.post(i).role == role_new);
        in_old.retain(|i| role_old.is_some() && old.post(i).role == role_old);
    }
    Ok((in_new, in_old))
}

/// Every person and course either side requires, by person then place: with `--since` matched by id
/// across the recording's exports and today's; with `--old-plan` the same exports under both plans.
fn listed<'a>(
    ctx: &Context<'a>,
    old: &'a Model<'a>,
    places: &Places,
    s: &crate::config::job::Scope,
) -> Result<Vec<Across<'a>>> {
    let new = ctx.model;
    let (unit, role) = (s.unit.as_deref(), s.role.as_deref());
    if let Some(since) = ctx.since {
        let (in_new, in_old) = scopes_since(new, old, unit, role)?;
        let (before, after) = (On::new(old, since), On::new(new, ctx.as_of));
        return Ok(pairs_across(before, after, places, (&in_old, &in_new)));
    }
    let in_scope = scope(new, old, unit, role)?;
    let (before, after) = (On::new(old, ctx.as_of), On::new(new, ctx.as_of));
    Ok(pairs(before, after, places, &in_scope)
        .into_iter()
        .map(|p| Across {
            id: new.id(p.person),
            place: p.place,
            before: p.before,
            after: p.after,
        })
        .collect())
}

impl<'a> Command<Context<'a>, Result<Done<'a>>> for Diff {
    fn run(&self, ctx: &Context<'a>) -> Result<Done<'a>> {
        run(ctx, self)
    }

    fn heading(&self, _as_of: jiff::civil::Date) -> (What, ScopeNote) {
        super::scoped(What::Diff, &self.scope)
    }
}

pub fn run<'a>(ctx: &Context<'a>, args: &Diff) -> Result<Done<'a>> {
    let new = ctx.model;
    let old = ctx
        .old_model
        .ok_or_else(|| anyhow!("internal error: no old plan bound"))?;
    let s = &args.scope;
    let places = Places::new(new, old);
    let only = s
        .course
        .as_deref()
        .map(|c| course_place(new, old, &places, c))
        .transpose()?;
    let list: Vec<Across<'a>> = listed(ctx, old, &places, s)?
        .into_iter()
        .filter(|p| only.is_none_or(|o| o == p.place))
        .collect();
    if args.summary {
        let note = ctx.since.map_or(Note::DiffSummary, Note::DiffSummarySince);
        return Ok(summary(list, places, note));
    }
    let mut changes: Vec<Change<'a>> = list
        .iter()
        .filter(|p| p.states().0 != p.states().1)
        .map(|p| {
            // The new plan's speaking row, or the old plan's where the new one does not require it.
            let post = match (p.after, p.before) {
                (Some(r), _) => new.post(r.speaker),
                (None, Some(r)) => old.post(r.speaker),
                (None, None) => unreachable!("a pair is required by one plan at least"),
            };
            let (before, after) = p.states();
            Change {
                employee_id: p.id,
                name: post.name(),
                unit: post.unit(),
                role: post.role_text(),
                level: post.level_text(),
                place: p.place,
                before,
                after,
            }
        })
        .collect();
    changes.sort_by(|a, b| (a.unit, a.employee_id, a.place).cmp(&(b.unit, b.employee_id, b.place)));
    let (n, as_of) = (changes.len(), ctx.as_of);
    let note = match ctx.since {
        Some(since) => Note::ChangesSince {
            changes: n,
            since,
            as_of,
        },
        None => Note::Changes { changes: n, as_of },
    };
    let columns = [
        "employee_id",
        "name",
        "unit",
        "role",
        "level",
        "course",
        "before",
        "after",
    ]
    .map(|k| Column::new(k, Kind::Text))
    .to_vec();
    let ids = Rc::new(places.ids);
    let view = View::new(columns, changes.len(), move |i, out| {
        let c = &changes[i];
        out.extend([
            Value::text(c.employee_id),
            Value::text(c.name),
            Value::text(c.unit),
            Value::text(c.role),
            Value::text(c.level),
            Value::owned(ids[c.place].clone()),
            Value::text(c.before.as_str()),
            Value::text(c.after.as_str()),
        ])
    });
    Ok(Done::table(Table::new(view).note(note)))
}

/// A course's place and a pair of states (before, after).
type PairKey = (usize, DiffState, DiffState);

/// `--summary`: people per course and pair of states; for people a matrix per course (before in rows,
/// after in columns).
fn summary<'a>(list: Vec<Across<'a>>, places: Places, note: Note) -> Done<'a> {
    let mut counts: BTreeMap<PairKey, u64> = BTreeMap::new();
    for p in &list {
        let (before, after) = p.states();
        *counts.entry((p.place, before, after)).or_default() += 1;
    }
    let ids = Rc::new(places.ids);
    let rows: Rc<Vec<(PairKey, u64)>> = Rc::new(counts.into_iter().collect());
    let data = {
        let (rows, ids) = (rows.clone(), ids.clone());
        View::new(
            vec![
                Column::new("course", Kind::Id),
                Column::new("before", Kind::Text),
                Column::new("after", Kind::Text),
                Column::new("people", Kind::Count),
            ],
            rows.len(),
            move |i, out| {
                let ((place, before, after), n) = rows[i];
                out.extend([
                    Value::owned(ids[place].clone()),
                    Value::text(before.as_str()),
                    Value::text(after.as_str()),
                    Value::Count(n),
                ])
            },
        )
    };
    // The matrix: one row per course and state before that anyone had.
    let mut matrix: Vec<(usize, DiffState, [u64; 6])> = Vec::new();
    for &((place, before, after), n) in rows.iter() {
        if matrix.last().is_none_or(|m| (m.0, m.1) != (place, before)) {
            matrix.push((place, before, [0; 6]));
        }
        let last = matrix.last_mut().expect("just pushed");
        last.2[DiffState::ALL.iter().position(|s| *s == after).unwrap_or(0)] += n;
    }
    let mut labels = vec![
        Column::display("Course", Kind::Text),
        Column::display("Before \\ after", Kind::Text).words(),
    ];
    labels.extend(
        DiffState::ALL
            .iter()
            .map(|s| Column::display(s.as_str(), Kind::Count)),
    );
    let people = View::new(labels, matrix.len(), move |i, out| {
        let (place, before, cells) = matrix[i];
        let first = i == 0 || matrix[i - 1].0 != place;
        out.push(Value::owned(if first {
            ids[place].clone()
        } else {
            String::new()
        }));
        out.push(Value::text(before.as_str()));
        out.extend(cells.iter().map(|&n| Value::Count(n)));
    });
    Done::table(Table::new(data).display(people).note(note))
}
