//! `kvu priority`: the order in which to close gaps. The gaps of `kvu gaps` in tier order (the plan's
//! `priority`; gaps matching no tier last), then by due date (empty first), then as `gaps` orders them.
//! `--seats N` keeps the first N rows of each course. `--by unit` counts each unit's gaps per tier.

use std::collections::BTreeMap;
use std::rc::Rc;

use anyhow::Result;

use super::{Context, Done, ranked_columns, ranked_values};
use crate::config::job::{Command, Priority, PriorityBy};
use crate::output::{Column, Kind, Note, ScopeNote, Table, TierRule, Value, View, What};
use crate::plan::Plan;
use crate::rules::On;
use crate::rules::priority::{Ranked, ordered};

/// The gaps of the job's scope in the order to close them, as numbers.
pub fn ranked<'a>(ctx: &Context<'a>, args: &Priority) -> Result<Rc<Vec<Ranked<'a>>>> {
    let model = ctx.model;
    let s = &args.scope;
    let in_scope = model.scope(s.unit.as_deref(), s.role.as_deref())?;
    let course = model.course_arg(s.course.as_deref())?;
    super::has_staff(model)?;
    let rows = ordered(On::new(model, ctx.as_of), &in_scope, course, args.seats);
    Ok(Rc::new(rows))
}

impl<'a> Command<Context<'a>, Result<Done<'a>>> for Priority {
    fn run(&self, ctx: &Context<'a>) -> Result<Done<'a>> {
        run(ctx, self)
    }

    fn heading(&self, _as_of: jiff::civil::Date) -> (What, ScopeNote) {
        super::scoped(What::Priority, &self.scope)
    }
}

pub fn run<'a>(ctx: &Context<'a>, args: &Priority) -> Result<Done<'a>> {
    let rows = ranked(ctx, args)?;
    if args.by == Some(PriorityBy::Unit) {
        return Ok(by_unit(ctx, &rows));
    }
    Ok(Done::table(table(ctx, args, &rows)))
}

/// The ranked gaps' table (without `--by`): the contract's columns, the view for people and the line
/// under it.
pub fn table<'a>(ctx: &Context<'a>, args: &Priority, rows: &Rc<Vec<Ranked<'a>>>) -> Table<'a> {
    let model = ctx.model;
    let note = note(ctx, args, rows.len());
    let rows = rows.clone();
    let data = {
        let rows = rows.clone();
        let as_of = ctx.as_of;
        let mut columns = ranked_columns();
        columns.push(super::gaps::days_late_column());
        View::new(columns, rows.len(), move |i, out| {
            ranked_values(&rows[i], out);
            out.push(
                rows[i]
                    .gap
                    .state
                    .days_late(as_of)
                    .map_or(Value::Null, Value::Count),
            );
        })
    };
    let mut columns = vec![Column::display("Rank", Kind::Count)];
    columns.extend(
        // In a narrow terminal, Role and Why go first (the tier is in the CSV), then How late, Unit.
        [
            ("Why", 3),
            ("Employee", 0),
            ("Name", 0),
            ("Unit", 1),
            ("Role", 3),
            ("Course", 0),
            ("Status", 0),
            ("Due", 0),
            ("How late", 2),
        ]
        .map(|(l, spare)| Column::display(l, Kind::Text).spare(spare)),
    );
    let (plan, as_of) = (model.plan, ctx.as_of);
    let people = View::new(columns, rows.len(), move |i, out| {
        let r = &rows[i];
        let why = Note::Why(r.tier.map(|t| (t, describe(plan, t - 1))));
        let g = &r.gap;
        out.extend([
            Value::count(r.rank),
            Value::Note(why),
            Value::text(g.employee_id),
            Value::text(g.name),
            Value::text(g.unit),
            Value::text(g.role),
            Value::text(g.course),
            Value::text(g.status.as_str()),
            Value::Date(g.due()),
            Value::Note(Note::Lateness(g.state, as_of)),
        ]);
    });
    Table::new(data).display(people).note(note).hide_empty()
}

/// `--by unit`: each unit's gaps per tier, the most urgent units first (more tier-1 gaps, then more
/// tier-2 gaps, ...), then by unit.
fn by_unit<'a>(ctx: &Context<'a>, rows: &[Ranked<'a>]) -> Done<'a> {
    let model = ctx.model;
    let tiers = model.plan.priority.len();
    let mut units: BTreeMap<&'a str, Vec<u64>> = BTreeMap::new();
    for r in rows {
        let counts = units
            .entry(r.gap.unit)
            .or_insert_with(|| vec![0; tiers + 1]);
        counts[r.tier.map_or(tiers, |t| t - 1)] += 1;
    }
    let mut list: Vec<(&'a str, Vec<u64>)> = units.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut columns = vec![Column::new("unit", Kind::Id)];
    let mut labels = vec![Column::display("Unit", Kind::Text)];
    for t in 1..=tiers {
        columns.push(Column::new(format!("tier_{t}"), Kind::Count));
        labels.push(Column::display(format!("Tier {t}"), Kind::Count));
    }
    columns.extend([
        Column::new("no_tier", Kind::Count),
        Column::new("total", Kind::Count),
    ]);
    labels.extend([
        Column::display("No tier", Kind::Count),
        Column::display("Total", Kind::Count),
    ]);
    let list = Rc::new(list);
    let values = |counts: &[u64], label: Value<'a>| {
        let mut out = vec![label];
        out.extend(counts.iter().map(|&n| Value::Count(n)));
        out.push(Value::Count(counts.iter().sum()));
        out
    };
    let data = {
        let list = list.clone();
        View::new(columns, list.len(), move |i, out| {
            out.extend(values(&list[i].1, Value::text(list[i].0)))
        })
    };
    let people = View::new(labels, list.len(), move |i, out| {
        out.extend(values(&list[i].1, Value::text(list[i].0)))
    });
    let mut table = Table::new(data).display(people);
    for i in 0..tiers {
        table = table.note(Note::Tier(i + 1, describe(model.plan, i)));
    }
    Done::table(table)
}

/// The line under the list: how many gaps, and in which order.
fn note(ctx: &Context, args: &Priority, gaps: usize) -> Note {
    let as_of = ctx.as_of;
    if gaps == 0 {
        return Note::PriorityNone { as_of };
    }
    Note::Priority {
        gaps,
        seats: args.seats,
        as_of,
    }
}

/// A tier's rule: `role chef, course kvu-chef`.
fn describe(plan: &Plan, tier: usize) -> TierRule {
    let t = &plan.priority[tier];
    TierRule {
        role: t.role.map(|r| plan.roles[r].id.clone()),
        level: t.level.map(|l| plan.levels[l].id.clone()),
        course: t.course.map(|c| plan.courses[c].id.clone()),
        status: t.status.map(|s| s.as_str()),
    }
}
