//! `kvu priority`: the order in which to close gaps. The gaps of `kvu gaps` in tier order (the plan's
//! `priority`; gaps matching no tier last), then by due date (empty first), then as `gaps` orders them.
//! `--seats N` keeps the first N rows of each course. `--by unit` counts each unit's gaps per tier.

use std::collections::BTreeMap;
use std::rc::Rc;

use anyhow::Result;

use super::{Context, Done, ranked_columns, ranked_values};
use crate::config::job::{Priority, PriorityBy};
use crate::output::words::lateness;
use crate::output::{Column, Kind, Lang, Table, Value, View};
use crate::plan::Plan;
use crate::rules::On;
use crate::rules::priority::{Ranked, ordered};

pub fn run<'a>(ctx: &Context<'a>, args: &Priority) -> Result<Done<'a>> {
    let model = ctx.model;
    let s = &args.scope;
    let in_scope = model.scope(s.unit.as_deref(), s.role.as_deref())?;
    let course = model.course_arg(s.course.as_deref())?;
    super::has_staff(model)?;
    let rows = ordered(On::new(model, ctx.as_of), &in_scope, course, args.seats);
    if args.by == Some(PriorityBy::Unit) {
        return Ok(by_unit(ctx, &rows));
    }
    let note = note(ctx, args, rows.len());
    let rows = Rc::new(rows);
    let data = {
        let rows = rows.clone();
        View::new(ranked_columns(), rows.len(), move |i, out| {
            ranked_values(&rows[i], out)
        })
    };
    let mut columns = vec![Column::people("Rank", Kind::Count)];
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
        .map(|(l, spare)| Column::people(l, Kind::Text).spare(spare)),
    );
    let (plan, as_of, lang) = (model.plan, ctx.as_of, ctx.lang);
    let people = View::new(columns, rows.len(), move |i, out| {
        let r = &rows[i];
        let why = match r.tier {
            Some(t) => format!("{t}: {}", describe(plan, t - 1, lang)),
            None => lang.pick("no tier", "utan prioritet").to_string(),
        };
        let g = &r.gap;
        out.extend([
            Value::count(r.rank),
            Value::owned(why),
            Value::text(g.employee_id),
            Value::text(g.name),
            Value::text(g.unit),
            Value::text(g.role),
            Value::text(g.course),
            Value::text(g.status.as_str()),
            Value::Date(g.due()),
            Value::owned(lateness(g.state, as_of, lang)),
        ]);
    });
    Ok(Done::table(
        Table::new(data).people(people).note(note).hide_empty(),
    ))
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
    let mut labels = vec![Column::people("Unit", Kind::Text)];
    for t in 1..=tiers {
        columns.push(Column::new(format!("tier_{t}"), Kind::Count));
        let tier = ctx.lang.heading("Tier", Kind::Count);
        labels.push(Column::people(format!("{tier} {t}"), Kind::Count));
    }
    columns.extend([
        Column::new("no_tier", Kind::Count),
        Column::new("total", Kind::Count),
    ]);
    labels.extend([
        Column::people("No tier", Kind::Count),
        Column::people("Total", Kind::Count),
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
        out.extend(values(
            &list[i].1,
            Value::owned(model.unit_label(list[i].0)),
        ))
    });
    let mut table = Table::new(data).people(people);
    for i in 0..tiers {
        let tier = ctx.lang.heading("Tier", Kind::Count);
        let rule = describe(model.plan, i, ctx.lang);
        table = table.note(format!("{tier} {}: {rule}", i + 1));
    }
    Done::table(table)
}

/// The line under the list: how many gaps, and in which order.
fn note(ctx: &Context, args: &Priority, gaps: usize) -> String {
    let as_of = ctx.as_of;
    let sv = ctx.lang == Lang::Sv;
    if gaps == 0 {
        return if sv {
            format!("Inga brister: alla i urvalet har det planen kräver, per {as_of}.")
        } else {
            format!("No gaps: everyone in scope has what the plan requires, as of {as_of}.")
        };
    }
    let seats = args.seats.map(|s| {
        if sv {
            format!(", de {s} första i varje kurs")
        } else {
            format!(", the first {s} of each course")
        }
    });
    let seats = seats.unwrap_or_default();
    if sv {
        format!(
            "{gaps} brister i prioritetsordning{seats}, per {as_of}: efter planens prioriteringar (Varför), sedan sista datum, sedan enhet och anställd."
        )
    } else {
        format!(
            "{gaps} gaps in priority order{seats}, as of {as_of}: by the plan's tiers (Why), then due date, then unit and employee."
        )
    }
}

/// A tier's rule in words: `role chef, course kvu-chef` (Swedish `roll chef, kurs kvu-chef`).
fn describe(plan: &Plan, tier: usize, lang: Lang) -> String {
    let t = &plan.priority[tier];
    let mut parts = Vec::new();
    if let Some(r) = t.role {
        parts.push(format!(
            "{} {}",
            lang.pick("role", "roll"),
            plan.roles[r].id
        ));
    }
    if let Some(l) = t.level {
        parts.push(format!(
            "{} {}",
            lang.pick("level", "nivå"),
            plan.levels[l].id
        ));
    }
    if let Some(c) = t.course {
        parts.push(format!(
            "{} {}",
            lang.pick("course", "kurs"),
            plan.courses[c].id
        ));
    }
    if let Some(s) = t.status {
        parts.push(format!("status {}", lang.state(s.as_str())));
    }
    if parts.is_empty() {
        lang.pick("every gap", "alla brister").to_string()
    } else {
        parts.join(", ")
    }
}
