//! `kvu gaps`: who lacks what. One row per person and required course not met, or with `--summary` one
//! row per unit and course with counts by state.

use std::rc::Rc;
use std::sync::Arc;

use anyhow::Result;

use super::{Context, Done, count_values, gap_columns, gap_values, scope_note_of};
use crate::config::job::{Command, Gaps};
use crate::model::Scope;
use crate::output::chart::Series;
use crate::output::{Chart, Column, GapCounts, Kind, Note, ScopeNote, Table, Value, View, What};
use crate::plan::GapStatus;
use crate::rules::On;
use crate::rules::gaps::{Gap, gaps_in};
use crate::rules::summary::{self, Counts};

impl<'a> Command<Context<'a>, Result<Done<'a>>> for Gaps {
    fn run(&self, ctx: &Context<'a>) -> Result<Done<'a>> {
        run(ctx, self)
    }

    fn heading(&self, _as_of: jiff::civil::Date) -> (What, ScopeNote) {
        if self.summary {
            super::scoped(What::GapsSummary, &self.scope)
        } else {
            super::scoped(What::Gaps, &self.scope)
        }
    }
}

pub fn run<'a>(ctx: &Context<'a>, args: &Gaps) -> Result<Done<'a>> {
    let model = ctx.model;
    let scope = &args.scope;
    let in_scope = model.scope(scope.unit.as_deref(), scope.role.as_deref())?;
    let course = model.course_arg(scope.course.as_deref())?;
    super::has_staff(model)?;
    let on = On::new(model, ctx.as_of);
    if args.summary {
        return Ok(summary_table(ctx, args, on, &in_scope, course));
    }
    let rows: Vec<Gap<'a>> = gaps_in(on, &in_scope, |g| {
        course.is_none_or(|c| g.course_ix == c)
            && (args.status.is_empty() || args.status.contains(&g.status))
    });
    let late = rows.iter().any(Gap::late);
    let note = gaps_note(ctx, args, &rows);
    let rows = Rc::new(rows);
    let table = Table::new(gap_view(rows.clone(), ctx.as_of))
        .display(display_view(ctx, rows))
        .note(note)
        .hide_empty();
    Ok(Done::table(table).check(args.check, late))
}

/// The contract's columns, and for a workbook how many days late each gap is.
fn gap_view<'a>(rows: Rc<Vec<Gap<'a>>>, as_of: jiff::civil::Date) -> View<'a> {
    let mut columns = gap_columns();
    columns.push(days_late_column());
    View::new(columns, rows.len(), move |i, out| {
        gap_values(&rows[i], out);
        out.push(
            rows[i]
                .state
                .days_late(as_of)
                .map_or(Value::Null, Value::Count),
        );
    })
}

/// A workbook's column of how many days late a gap is (empty when it is not late).
pub fn days_late_column() -> Column {
    Column::new("days_late", Kind::Count).sheet_only(Note::DaysLate)
}

fn display_view<'a>(ctx: &Context<'a>, rows: Rc<Vec<Gap<'a>>>) -> View<'a> {
    let as_of = ctx.as_of;
    // In a narrow terminal, Role goes first, then How late, then Name.
    let columns = [
        ("Unit", 0),
        ("Employee", 0),
        ("Name", 1),
        ("Role", 3),
        ("Course", 0),
        ("Status", 0),
        ("Due", 0),
        ("How late", 2),
    ]
    .map(|(l, spare)| Column::display(l, Kind::Text).spare(spare))
    .to_vec();
    View::new(columns, rows.len(), move |i, out| {
        let g = &rows[i];
        out.extend([
            Value::text(g.unit),
            Value::text(g.employee_id),
            Value::text(g.name),
            Value::text(g.role),
            Value::text(g.course),
            Value::text(g.status.as_str()),
            Value::Date(g.due()),
            Value::Note(Note::Lateness(g.state, as_of)),
        ])
    })
}

/// The line under the gap table.
fn gaps_note(ctx: &Context, args: &Gaps, rows: &[Gap]) -> Note {
    let scope = scope_note_of(ctx, &args.scope);
    let as_of = ctx.as_of;
    if rows.is_empty() {
        return Note::NoGaps { scope, as_of };
    }
    let count = |s: GapStatus| rows.iter().filter(|r| r.status == s).count();
    // What the rows have, not what the model has: one unit's file of a `--split` costs its own gaps.
    let mut people: Vec<_> = rows.iter().map(|r| r.person).collect();
    people.sort_unstable();
    people.dedup();
    Note::Gaps(GapCounts {
        gaps: rows.len(),
        people: people.len(),
        // The rows are in unit order: a unit's rows are together.
        units: 1 + rows.windows(2).filter(|w| w[0].unit != w[1].unit).count(),
        overdue: count(GapStatus::Overdue),
        expired: count(GapStatus::Expired),
        due: count(GapStatus::Due),
        as_of,
        scope,
    })
}

/// `--summary`: one row per unit and course, streamed unit by unit as it is written (4 million rows of
/// 20,000 units and 200 courses are never held), then per course the totals for people.
fn summary_table<'a>(
    ctx: &Context<'a>,
    args: &Gaps,
    on: On<'a>,
    in_scope: &Scope,
    course: Option<crate::plan::CourseIx>,
) -> Done<'a> {
    let model = ctx.model;
    let plan = model.plan;
    let summary = Rc::new(summary::by_unit(on, in_scope, course));
    let (late, listed) = (summary.late, summary.len);
    let totals = summary.totals.clone();
    let mut columns = vec![
        Column::new("unit", Kind::Id),
        Column::new("course", Kind::Id),
    ];
    for key in ["required", "met", "exempt", "overdue", "due", "expired"] {
        columns.push(Column::new(key, Kind::Count));
    }
    columns.push(Column::new("met_percent", Kind::Percent).sheet_only(Note::MetPercent));
    let mut data = {
        let summary = summary.clone();
        View::stream(columns, listed, move |each| {
            let mut out = Vec::with_capacity(9);
            summary.each(|r| {
                out.clear();
                out.extend([Value::text(r.unit), Value::text(&plan.courses[r.course].id)]);
                out.extend(count_values(&r.counts));
                out.push(Value::Percent(r.counts.met_percent()));
                each(&out)
            })
        })
    };
    let mut labels: Vec<Column> = vec![
        Column::display("Unit", Kind::Text),
        Column::display("Course", Kind::Text),
    ];
    for label in [
        "Required", "Met", "Exempt", "Overdue", "Due", "Expired", "Met %",
    ] {
        let kind = if label == "Met %" {
            Kind::Percent
        } else {
            Kind::Count
        };
        // Exempt is mostly zeros: the first left out of a narrow terminal.
        let spare = u8::from(label == "Exempt");
        labels.push(Column::display(label, kind).spare(spare));
    }
    let people_row = move |unit: Value<'a>, course: usize, c: &Counts| {
        let mut out = vec![unit, Value::text(&plan.courses[course].id)];
        out.extend(count_values(c));
        out.push(Value::Percent(Some(c.met_percent().unwrap_or(0.0))));
        out
    };
    let mut people = View::stream(labels, listed, move |each| {
        summary.each(|r| {
            each(&people_row(
                Value::text(r.unit),
                r.course.index(),
                &r.counts,
            ))
        })
    });
    let totals: Vec<(usize, Counts)> = totals
        .into_iter()
        .enumerate()
        .filter(|(_, t)| t.required > 0)
        .collect();
    if listed > totals.len() {
        people.extra = totals
            .iter()
            .map(|(c, t)| people_row(Value::Note(Note::Total), *c, t))
            .collect();
        // A workbook's total rows: under the filtered rows, not in CSV or JSON.
        data.extra = totals
            .iter()
            .map(|(c, t)| {
                let mut out = vec![Value::Note(Note::Total), Value::text(&plan.courses[*c].id)];
                out.extend(count_values(t));
                out.push(Value::Percent(t.met_percent()));
                out
            })
            .collect();
    }
    let note = Note::GapsSummary {
        scope: scope_note_of(ctx, &args.scope),
        as_of: ctx.as_of,
    };
    // The chart hint: a renderer that draws (html) shows it.
    let table = Table::new(data)
        .display(people)
        .note(note)
        .chart(states_chart(ctx, &totals));
    Done::table(table).check(args.check, late)
}

/// People by state per course (the totals, each person once), as stacked bars with their numbers.
fn states_chart(ctx: &Context, totals: &[(usize, Counts)]) -> Chart {
    let plan = ctx.model.plan;
    let parts = ["met", "exempt", "due", "overdue", "expired"];
    let value = |t: &Counts, p: &str| match p {
        "met" => t.met,
        "exempt" => t.exempt,
        "due" => t.due,
        "overdue" => t.overdue,
        _ => t.expired,
    } as f64;
    Chart::Stacked {
        title: Note::StatesChart,
        categories: totals
            .iter()
            .map(|(c, _)| plan.courses[*c].id.as_str().into())
            .collect(),
        parts: parts
            .iter()
            .map(|p| Series::new(*p, totals.iter().map(|(_, t)| value(t, p)).collect()))
            .collect(),
    }
}

/// Coverage per course for a unit and everything below it, as numbers: each course anyone in scope is
/// required to take, in plan order, with its totals (each person once per course), and how many people
/// have a staff row in scope.
#[derive(Debug, Clone, Default)]
pub struct Covered {
    pub totals: Vec<(usize, Counts)>,
    pub people: u64,
}

/// The coverage of a unit and everything below it (`None`: everyone), as `gaps --summary` counts its
/// totals (`kvu site`'s coverage and its sub-units' standing).
pub fn covered(ctx: &Context, unit: Option<&str>) -> Result<Covered> {
    let model = ctx.model;
    let in_scope = model.scope(unit, None)?;
    let totals = summary::totals(On::new(model, ctx.as_of), &in_scope, None);
    let rows = model.rows();
    let mut people: Vec<u32> = in_scope.iter().map(|i| rows[i].person).collect();
    people.sort_unstable();
    people.dedup();
    Ok(Covered {
        totals: totals
            .into_iter()
            .enumerate()
            .filter(|(_, t)| t.required > 0)
            .collect(),
        people: people.len() as u64,
    })
}

/// The coverage's table: `course,required,met,exempt,overdue,due,expired`, one row per course of
/// [`Covered`], the view for people and the chart.
pub fn coverage<'a>(ctx: &Context<'a>, covered: &Arc<Covered>) -> Table<'a> {
    let plan = ctx.model.plan;
    let mut columns = vec![Column::new("course", Kind::Id)];
    let mut labels = vec![
        Column::display("Course", Kind::Text),
        Column::display("Name", Kind::Text),
    ];
    for (key, label) in [
        ("required", "Required"),
        ("met", "Met"),
        ("exempt", "Exempt"),
        ("overdue", "Overdue"),
        ("due", "Due"),
        ("expired", "Expired"),
    ] {
        columns.push(Column::new(key, Kind::Count));
        labels.push(Column::display(label, Kind::Count));
    }
    labels.push(Column::display("Met %", Kind::Percent));
    let chart = states_chart(ctx, &covered.totals);
    let rows = covered.totals.len();
    let data = {
        let covered = covered.clone();
        View::new(columns, rows, move |i, out| {
            let (c, t) = &covered.totals[i];
            out.push(Value::text(&plan.courses[*c].id));
            out.extend(count_values(t));
        })
    };
    let covered = covered.clone();
    let people = View::new(labels, rows, move |i, out| {
        let (c, t) = &covered.totals[i];
        out.extend([
            Value::text(&plan.courses[*c].id),
            Value::text(&plan.courses[*c].name),
        ]);
        out.extend(count_values(t));
        out.push(Value::Percent(t.met_percent()));
    });
    Table::new(data).display(people).chart(chart)
}
