//! `kvu report --year YYYY` (or `--period P`): the annual follow-up. Per plan course: participants,
//! completions, sessions and hours delivered in the period, and a TOTAL; with `--by`, the same per group.
//! The table and JSON add the change against the same period of the year before and the coverage at the
//! end of the period. `--people` lists the completions counted instead, with who completed them.

use std::rc::Rc;

use anyhow::{Result, bail};
use jiff::civil::Date;

use super::{Context, Done};
use crate::config::job::{By, Command, Report};
use crate::date::Period;
use crate::model::{PersonIx, RowIx, Scope};
use crate::output::chart::Series;
use crate::output::{
    Chart, Column, CoverageFigure, Figure, Kind, Named, Note, ScopeNote, Table, Value, View, What,
};
use crate::rules::delivery::{Delivered, checked_delivered, completed};
use crate::rules::report::{Coverage, GroupBy, Grouping, NOT_IN_STAFF, coverage, grouping};

/// What the report shows, per group and course (the total last), as numbers.
pub struct Figures {
    groups: Grouping,
    by: bool,
    /// What the groups of `--by` are, which people read by their names.
    named: Option<Named>,
    current: Vec<Vec<Delivered>>,
    previous: Vec<Vec<Delivered>>,
    /// Per group and course.
    coverage: Vec<Vec<Coverage>>,
    period: Period,
    on: Date,
}

fn check(ctx: &Context, args: &Report) -> Result<Option<GroupBy>> {
    if args.depth.is_some() && args.by != Some(By::Unit) {
        bail!("--depth goes with --by unit, expected --by unit --depth N");
    }
    if args.depth.is_some() && ctx.model.exports.units.is_none() {
        bail!("--depth needs a unit tree, expected --units FILE (or KVU_UNITS)");
    }
    if args.depth == Some(0) {
        bail!("--depth is 0, expected 1 (the top units) or more");
    }
    Ok(args.by.map(|by| match by {
        By::Unit => GroupBy::Unit(args.depth),
        By::Role => GroupBy::Role,
        By::Level => GroupBy::Level,
    }))
}

impl Figures {
    /// The first group's delivery in the year, per plan course and the total last (without `--by`,
    /// the only group).
    pub fn delivered(&self) -> &[Delivered] {
        self.current.first().map_or(&[], Vec::as_slice)
    }
}

/// The report of the job, as numbers.
pub fn figures(ctx: &Context, args: &Report) -> Result<Rc<Figures>> {
    let model = ctx.model;
    let by = check(ctx, args)?;
    let period = args.period;
    let in_scope = model.scope(args.unit.as_deref(), None)?;
    super::has_staff(model)?;
    let mut groups = grouping(model, &in_scope, by, args.unit.is_some());
    let (plan, completions) = (model.plan, &model.completions);
    let mut current = checked_delivered(
        plan,
        completions,
        period,
        &groups.members,
        groups.labels.len(),
    )?;
    // Leavers form a group only when they delivered something this year.
    if by.is_some()
        && groups.labels.last().is_some_and(|l| l == NOT_IN_STAFF)
        && current
            .last()
            .and_then(|g| g.last())
            .is_some_and(|t| t.completions == 0)
    {
        groups.drop_last();
        current.pop();
    }
    let previous = checked_delivered(
        plan,
        completions,
        period.year_before(),
        &groups.members,
        groups.labels.len(),
    )?;
    let on = period.last.min(ctx.as_of);
    let mut on_staff = in_scope.clone();
    if let Some(from) = model.exports.leavers_from {
        on_staff.retain(|i| i.index() < from);
    }
    let coverage = coverage(model, &on_staff, &groups, on);
    Ok(Rc::new(Figures {
        groups,
        by: by.is_some(),
        named: args.by.map(|by| match by {
            By::Unit => Named::Unit,
            By::Role => Named::Role,
            By::Level => Named::Level,
        }),
        current,
        previous,
        coverage,
        period,
        on,
    }))
}

impl<'a> Command<Context<'a>, Result<Done<'a>>> for Report {
    fn run(&self, ctx: &Context<'a>) -> Result<Done<'a>> {
        run(ctx, self)
    }

    fn heading(&self, as_of: jiff::civil::Date) -> (What, ScopeNote) {
        let what = What::Report {
            period: self.period,
            up_to: self.period.up_to(as_of),
        };
        super::heading_of(what, self.unit.as_deref(), None, None)
    }
}

pub fn run<'a>(ctx: &Context<'a>, args: &Report) -> Result<Done<'a>> {
    if args.people {
        return people(ctx, args);
    }
    Ok(Done::table(table(ctx, args, &figures(ctx, args)?)))
}

/// The report's table: its data, the view for people, the chart and the lines under it.
pub fn table<'a>(ctx: &Context<'a>, args: &Report, f: &Rc<Figures>) -> Table<'a> {
    let plan = ctx.model.plan;
    let n = plan.courses.len();
    let per_group = n + 1;
    let rows = f.groups.labels.len() * per_group;
    // The data's total is the contract's `TOTAL`; people read it in their language.
    let course = move |c: usize, total: &'a str| -> (&'a str, &'a str) {
        if c == n {
            (total, "")
        } else {
            (plan.courses[c].id.as_str(), plan.courses[c].name.as_str())
        }
    };
    // `--compare`: the same figures as flat columns for CSV and xlsx; JSON has them always, as its
    // nested `previous_year` and `coverage` objects (the flat columns are not for JSON).
    let data = data_view(f.clone(), rows, per_group, args.compare, move |c| {
        course(c, "TOTAL")
    });
    let people = display_view(f.clone(), rows, per_group, move |c| course(c, "TOTAL"));
    let mut table = Table::new(data).display(people);
    // The chart hint: a renderer that draws (html) shows it.
    if !f.by {
        table = table.chart(chart(ctx, f));
    }
    table.notes = notes(ctx, args, f);
    table
}

/// The data view's columns: the contract's, the JSON's nested ones, and with `--compare` the flat ones
/// (without, the flat ones of the year before and the coverage for a workbook only).
fn data_columns(by: bool, named: Option<Named>, compare: bool, year: i16, on: Date) -> Vec<Column> {
    let mut columns = Vec::new();
    if by {
        columns.push(Column::new("group", Kind::Id).named(named));
    }
    columns.extend([
        // The contract's `TOTAL` is a word people read in their language (a workbook, a page).
        Column::new("course", Kind::Id).words(),
        Column::new("name", Kind::Text),
    ]);
    let figure_keys = ["participants", "completions", "sessions", "hours"];
    for key in figure_keys {
        columns.push(Column::new(key, figure_kind(key)));
    }
    columns.push(Column::new("previous_year.year", Kind::Count).json_only());
    for key in figure_keys {
        columns.push(Column::new(format!("previous_year.{key}"), figure_kind(key)).json_only());
    }
    for (key, kind) in [
        ("coverage.on", Kind::Date),
        ("coverage.required", Kind::Count),
        ("coverage.met", Kind::Count),
        ("coverage.percent", Kind::Percent),
    ] {
        columns.push(Column::new(key, kind).json_only());
    }
    if compare {
        columns.push(Column::new("previous_year", Kind::Count).not_json());
        for key in figure_keys {
            columns.push(Column::new(format!("previous_year_{key}"), figure_kind(key)).not_json());
        }
        columns.extend([
            Column::new("coverage_on", Kind::Date).not_json(),
            Column::new("coverage_required", Kind::Count).not_json(),
            Column::new("coverage_met", Kind::Count).not_json(),
            Column::new("coverage_percent", Kind::Percent).not_json(),
        ]);
    } else {
        // A workbook shows the year before and the coverage beside, as the table does.
        let figures = [
            Figure::Participants,
            Figure::Completions,
            Figure::Sessions,
            Figure::Hours,
        ];
        for (key, figure) in figure_keys.into_iter().zip(figures) {
            let heading = Note::YearFigure(figure, year - 1);
            columns.push(
                Column::new(format!("previous_year_{key}"), figure_kind(key)).sheet_only(heading),
            );
        }
        for (key, kind, figure) in [
            ("coverage_required", Kind::Count, CoverageFigure::Required),
            ("coverage_met", Kind::Count, CoverageFigure::Met),
            ("coverage_percent", Kind::Percent, CoverageFigure::Percent),
        ] {
            columns.push(Column::new(key, kind).sheet_only(Note::CoverageFigure(figure, on)));
        }
    }
    columns
}

/// The data for scripts: per group and course, this year's figures, the year before and the coverage.
fn data_view<'a>(
    f: Rc<Figures>,
    rows: usize,
    per_group: usize,
    compare: bool,
    course: impl Fn(usize) -> (&'a str, &'a str) + 'a,
) -> View<'a> {
    View::new(
        data_columns(f.by, f.named, compare, f.period.year_of(), f.on),
        rows,
        move |i, out| {
            let (g, c) = (i / per_group, i % per_group);
            if f.by {
                out.push(Value::owned(f.groups.labels[g].clone()));
            }
            let (id, name) = course(c);
            out.extend([Value::text(id), Value::text(name)]);
            out.extend(delivered_values(&f.current[g][c]));
            out.push(Value::Count(previous_year(&f)));
            out.extend(delivered_values(&f.previous[g][c]));
            let cov = f.coverage[g][c];
            let coverage = [
                Value::Date(Some(f.on)),
                Value::Count(cov.required),
                Value::Count(cov.met),
                Value::Percent(cov.percent()),
            ];
            out.extend(coverage.clone());
            if compare {
                out.push(Value::Count(previous_year(&f)));
                out.extend(delivered_values(&f.previous[g][c]));
                out.extend(coverage);
            } else {
                out.extend(delivered_values(&f.previous[g][c]));
                out.extend(coverage.into_iter().skip(1));
            }
        },
    )
}

/// Participants per course, this year and the year before (html).
fn chart(ctx: &Context, f: &Figures) -> Chart {
    let plan = ctx.model.plan;
    let n = plan.courses.len();
    let year = f.period.year_of();
    let series = |year: i16, d: &[Delivered]| {
        Series::new(
            Note::Participants(year),
            d[..n].iter().map(|x| x.participants as f64).collect(),
        )
    };
    Chart::Bars {
        title: Note::ReportChart,
        categories: plan.courses.iter().map(|c| c.id.as_str().into()).collect(),
        series: vec![
            series(year, &f.current[0]),
            series(year - 1, &f.previous[0]),
        ],
    }
}

/// The lines under the table: what was counted, and what the coverage is.
fn notes(ctx: &Context, args: &Report, f: &Figures) -> Vec<Note> {
    vec![
        Note::Delivered {
            period: f.period,
            up_to: f.period.up_to(ctx.as_of),
            unit: args.unit.clone(),
        },
        Note::CoverageMeans(f.on),
    ]
}

/// The `previous_year` column: the year of the period's first day, less one (the period it is compared
/// with is the same period of that year).
fn previous_year(f: &Figures) -> u64 {
    u64::try_from(f.period.year_of() - 1).unwrap_or(0)
}

/// `--people`: one row per completion counted, with the person's first staff row in scope.
fn people<'a>(ctx: &Context<'a>, args: &Report) -> Result<Done<'a>> {
    let model = ctx.model;
    let in_scope = model.scope(args.unit.as_deref(), None)?;
    super::has_staff(model)?;
    let members = members(model, &in_scope, args.unit.is_some());
    let first_row: Vec<(PersonIx, RowIx)> = members
        .iter()
        .filter_map(|m| m.1.map(|r| (m.0, r)))
        .collect();
    let counted: Vec<(PersonIx, usize)> = members.iter().map(|m| (m.0, 0)).collect();
    let rows = Rc::new(completed(&model.completions, args.period, &counted, |p| {
        model.id(p)
    }));
    let sessions = &model.exports.completions.sessions;
    let plan = model.plan;
    let mut columns = super::person_course_columns();
    columns.extend([
        Column::new("completed", Kind::Date),
        Column::new("session", Kind::Id),
    ]);
    let note = Note::Completed {
        completions: rows.len(),
        period: args.period,
        up_to: args.period.up_to(ctx.as_of),
        unit: args.unit.clone(),
    };
    let n = rows.len();
    let table = super::labelled_table(columns, n, move |i, out| {
        let c = rows[i];
        out.push(Value::text(model.id(c.person)));
        let row = first_row
            .binary_search_by_key(&c.person, |m| m.0)
            .ok()
            .map(|at| model.post(first_row[at].1));
        match row {
            Some(post) => out.extend([
                Value::text(post.name()),
                Value::text(post.unit()),
                Value::text(post.role_text()),
                Value::text(post.level_text()),
            ]),
            None => out.extend([
                Value::text(""),
                Value::text(""),
                Value::text(""),
                Value::text(""),
            ]),
        }
        let session = c
            .session
            .and_then(|s| sessions.get(s as usize))
            .map_or("", |s| &**s);
        out.extend([
            Value::text(plan.courses[c.course].id.as_str()),
            Value::Date(Some(c.date)),
            Value::text(session),
        ]);
    });
    Ok(Done::table(table.note(note)))
}

/// The people a report counts, in person order, each with their first staff row in scope (`None`: not
/// in the staff export; leavers count unless the report is limited to a unit).
fn members(
    model: &crate::model::Model,
    scope: &Scope,
    unit_given: bool,
) -> Vec<(PersonIx, Option<RowIx>)> {
    let rows = model.rows();
    let mut out: Vec<(PersonIx, Option<RowIx>)> = scope
        .iter()
        .map(|i| (PersonIx::of(rows[i].person), Some(i)))
        .collect();
    // A stable sort keeps each person's first row in scope first.
    out.sort_by_key(|m| m.0);
    out.dedup_by_key(|m| m.0);
    if !unit_given {
        let people = &model.exports.people;
        out.extend((people.staff_count..people.len() as u32).map(|p| (PersonIx::of(p), None)));
    }
    out
}

/// A delivered figure's kind: hours are hours, the rest counts.
fn figure_kind(key: &str) -> Kind {
    if key == "hours" {
        Kind::Hours
    } else {
        Kind::Count
    }
}

fn delivered_values<'a>(d: &Delivered) -> [Value<'a>; 4] {
    [
        Value::Count(d.participants),
        Value::Count(d.completions),
        Value::Count(d.sessions),
        Value::Hours(d.hours),
    ]
}

/// The table for people: each figure with its change against the year before, and the coverage.
fn display_view<'a>(
    f: Rc<Figures>,
    rows: usize,
    per_group: usize,
    course: impl Fn(usize) -> (&'a str, &'a str) + 'a,
) -> View<'a> {
    let mut labels = Vec::new();
    if f.by {
        labels.push(Column::display("Group", Kind::Text).named(f.named));
    }
    labels.extend([
        Column::display("Course", Kind::Text),
        // In a narrow terminal, the course's name goes first (its id stays), then Sessions.
        Column::display("Name", Kind::Text).spare(2),
    ]);
    for label in ["Participants", "Completions", "Sessions", "Hours"] {
        let spare = u8::from(label == "Sessions");
        labels.push(Column::display(label, Kind::Text).right().spare(spare));
    }
    labels.push(Column::said(Note::CoverageOn(f.on), Kind::Text).right());
    View::new(labels, rows, move |i, out| {
        let (g, c) = (i / per_group, i % per_group);
        if f.by {
            let label = if c == 0 {
                f.groups.labels[g].as_str()
            } else {
                ""
            };
            out.push(Value::owned(label.to_string()));
        }
        let (id, name) = course(c);
        let id = if c == per_group - 1 {
            Value::Note(Note::TotalRow)
        } else {
            Value::text(id)
        };
        out.extend([id, Value::text(name)]);
        let (d, p) = (f.current[g][c], f.previous[g][c]);
        for (now, before) in [
            (d.participants as f64, p.participants as f64),
            (d.completions as f64, p.completions as f64),
            (d.sessions as f64, p.sessions as f64),
            (d.hours, p.hours),
        ] {
            out.push(Value::Note(Note::Change { now, before }));
        }
        let cov = f.coverage[g][c];
        out.push(Value::Note(Note::Coverage {
            percent: cov.percent(),
            met: cov.met,
            required: cov.required,
        }));
    })
}
