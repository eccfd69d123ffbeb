//! `kvu report --year YYYY`: the annual follow-up. Per plan course: participants, completions, sessions
//! and hours delivered in the year, and a TOTAL; with `--by`, the same per group. The table and JSON add
//! the change against the previous year and the coverage at the end of the period.

use std::rc::Rc;

use anyhow::{Result, bail};
use jiff::civil::Date;

use super::{Context, Done};
use crate::config::job::{By, Report};
use crate::output::chart::Series;
use crate::output::words::hours_text;
use crate::output::{Chart, Column, Format, Kind, Lang, Table, Value, View};
use crate::rules::delivery::{Delivered, checked_delivered};
use crate::rules::report::{Coverage, GroupBy, Grouping, NOT_IN_STAFF, coverage, grouping};

/// What the report shows, per group and course (the total last).
struct Figures {
    groups: Grouping,
    by: bool,
    current: Vec<Vec<Delivered>>,
    previous: Vec<Vec<Delivered>>,
    /// Per group and course; empty when the format does not show it (CSV).
    coverage: Vec<Vec<Coverage>>,
    year: i16,
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

fn figures(ctx: &Context, args: &Report) -> Result<Figures> {
    let model = ctx.model;
    let by = check(ctx, args)?;
    let year = args.year;
    let in_scope = model.scope(args.unit.as_deref(), None)?;
    super::has_staff(model)?;
    let mut groups = grouping(model, &in_scope, by, args.unit.is_some());
    let (plan, completions) = (model.plan, &model.completions);
    let mut current = checked_delivered(
        plan,
        completions,
        year,
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
        year - 1,
        &groups.members,
        groups.labels.len(),
    )?;
    let end = Date::new(year, 12, 31).map_err(|e| anyhow::anyhow!("--year {year}: {e}"))?;
    let on = end.min(ctx.as_of);
    let coverage = if ctx.format == Format::Csv && !args.compare {
        Vec::new()
    } else {
        coverage(model, &in_scope, &groups, on)
    };
    Ok(Figures {
        groups,
        by: by.is_some(),
        current,
        previous,
        coverage,
        year,
        on,
    })
}

pub fn run<'a>(ctx: &Context<'a>, args: &Report) -> Result<Done<'a>> {
    let f = Rc::new(figures(ctx, args)?);
    let plan = ctx.model.plan;
    let n = plan.courses.len();
    let per_group = n + 1;
    let rows = f.groups.labels.len() * per_group;
    let total = ctx.lang.pick("TOTAL", "TOTALT");
    // The data's total is the contract's `TOTAL`; people read it in their language.
    let course = move |c: usize, total: &'a str| -> (&'a str, &'a str) {
        if c == n {
            (total, "")
        } else {
            (plan.courses[c].id.as_str(), plan.courses[c].name.as_str())
        }
    };
    // `--compare`: the same figures as flat columns for CSV and xlsx; JSON has them always, as its
    // nested `previous_year` and `coverage` objects.
    let compare = args.compare && ctx.format != Format::Json;
    let data = data_view(f.clone(), rows, per_group, compare, move |c| {
        course(c, "TOTAL")
    });
    let people = people_view(f.clone(), rows, per_group, ctx.lang, move |c| {
        course(c, total)
    });
    let mut table = Table::new(data).people(people);
    // The chart hint: a renderer that draws (html) shows it.
    if !f.by {
        table = table.chart(chart(ctx, &f));
    }
    table.notes = notes(ctx, args, &f);
    Ok(Done::table(table))
}

/// The data view's columns: the contract's, the JSON's nested ones, and with `--compare` the flat ones.
fn data_columns(by: bool, compare: bool) -> Vec<Column> {
    let mut columns = Vec::new();
    if by {
        columns.push(Column::new("group", Kind::Id));
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
        columns.push(Column::new("previous_year", Kind::Count));
        for key in figure_keys {
            columns.push(Column::new(
                format!("previous_year_{key}"),
                figure_kind(key),
            ));
        }
        columns.extend([
            Column::new("coverage_on", Kind::Date),
            Column::new("coverage_required", Kind::Count),
            Column::new("coverage_met", Kind::Count),
            Column::new("coverage_percent", Kind::Percent),
        ]);
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
    View::new(data_columns(f.by, compare), rows, move |i, out| {
        let (g, c) = (i / per_group, i % per_group);
        if f.by {
            out.push(Value::owned(f.groups.labels[g].clone()));
        }
        let (id, name) = course(c);
        out.extend([Value::text(id), Value::text(name)]);
        out.extend(delivered_values(&f.current[g][c]));
        out.push(Value::Count(u64::try_from(f.year - 1).unwrap_or(0)));
        out.extend(delivered_values(&f.previous[g][c]));
        let cov = f.coverage.get(g).map(|g| g[c]).unwrap_or_default();
        let coverage = [
            Value::Date(Some(f.on)),
            Value::Count(cov.required),
            Value::Count(cov.met),
            Value::Percent(cov.percent()),
        ];
        out.extend(coverage.clone());
        if compare {
            out.push(Value::Count(u64::try_from(f.year - 1).unwrap_or(0)));
            out.extend(delivered_values(&f.previous[g][c]));
            out.extend(coverage);
        }
    })
}

/// Participants per course, this year and the year before (html).
fn chart(ctx: &Context, f: &Figures) -> Chart {
    let plan = ctx.model.plan;
    let n = plan.courses.len();
    let series = |year: i16, d: &[Delivered]| {
        Series::new(
            format!("{} {year}", ctx.lang.pick("participants", "deltagare")),
            d[..n].iter().map(|x| x.participants as f64).collect(),
        )
    };
    Chart::Bars {
        title: ctx
            .lang
            .pick("Participants per course", "Deltagare per kurs")
            .to_string(),
        categories: plan.courses.iter().map(|c| c.id.clone()).collect(),
        series: vec![
            series(f.year, &f.current[0]),
            series(f.year - 1, &f.previous[0]),
        ],
    }
}

/// The lines under the table: what was counted, and what the coverage is.
fn notes(ctx: &Context, args: &Report, f: &Figures) -> Vec<String> {
    let sv = ctx.lang == Lang::Sv;
    let so_far = if ctx.as_of < Date::new(f.year, 12, 31).unwrap_or(ctx.as_of) {
        format!(" {} {}", ctx.lang.pick("up to", "till och med"), ctx.as_of)
    } else {
        String::new()
    };
    let scope = args
        .unit
        .as_deref()
        .map(|u| format!(" {} {}", ctx.lang.pick("in unit", "i enhet"), u.trim()))
        .unwrap_or_default();
    let (year, before, on) = (f.year, f.year - 1, f.on);
    if sv {
        return vec![
            format!("Genomfört {year}{so_far}{scope}; inom parentes förändringen mot {before}."),
            format!(
                "Täckning: av dem som skulle ha gått kursen senast {on}, hur många som hade gått den."
            ),
        ];
    }
    vec![
        format!("Delivered in {year}{so_far}{scope}; in brackets the change against {before}."),
        format!("Coverage: of the people who should have had the course by {on}, how many had it."),
    ]
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
fn people_view<'a>(
    f: Rc<Figures>,
    rows: usize,
    per_group: usize,
    lang: Lang,
    course: impl Fn(usize) -> (&'a str, &'a str) + 'a,
) -> View<'a> {
    let mut labels = Vec::new();
    if f.by {
        labels.push(Column::people("Group", Kind::Text));
    }
    labels.extend([
        Column::people("Course", Kind::Text),
        // In a narrow terminal, the course's name goes first (its id stays), then Sessions.
        Column::people("Name", Kind::Text).spare(2),
    ]);
    for label in ["Participants", "Completions", "Sessions", "Hours"] {
        let spare = u8::from(label == "Sessions");
        labels.push(Column::people(label, Kind::Text).right().spare(spare));
    }
    let coverage = lang.heading("Coverage", Kind::Text);
    labels.push(Column::people(format!("{coverage} {}", f.on), Kind::Text).right());
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
        out.extend([Value::text(id), Value::text(name)]);
        let (d, p) = (f.current[g][c], f.previous[g][c]);
        for (now, before) in [
            (d.participants as f64, p.participants as f64),
            (d.completions as f64, p.completions as f64),
            (d.sessions as f64, p.sessions as f64),
            (d.hours, p.hours),
        ] {
            out.push(Value::owned(with_change(now, before, lang)));
        }
        let cov = f.coverage[g][c];
        out.push(Value::owned(match cov.percent() {
            None => "–".to_string(),
            Some(pct) => format!(
                "{} {} {}, {}",
                cov.met,
                lang.pick("of", "av"),
                cov.required,
                lang.percent(pct)
            ),
        }));
    })
}

/// `134 (+12)`, with a decimal comma in Swedish.
fn with_change(now: f64, before: f64, lang: Lang) -> String {
    let diff = now - before;
    let sign = if diff > 0.0 {
        "+"
    } else if diff < 0.0 {
        "−"
    } else {
        "±"
    };
    let (now, diff) = (hours_text(now), hours_text(diff.abs()));
    format!("{} ({sign}{})", lang.number(now), lang.number(diff))
}
