//! `kvu trend`: coverage month by month. For each month's last day from `--from` to `--to` (as-of's
//! month: as-of itself), the per-course totals `gaps --summary` would have counted on that date for the
//! scope, counting only staff rows that had started by then. One load and one sweep over the dates.

use std::rc::Rc;

use anyhow::{Result, bail};
use jiff::civil::Date;

use super::{Context, Done, count_values, scope_note};
use crate::config::job::{Command, Trend};
use crate::date::Month;
use crate::error::Error;
use crate::history::lookback::Lookback;
use crate::load::recording::load_recording;
use crate::output::chart::Series;
use crate::output::{Chart, Column, Kind, Note, ScopeNote, Table, Value, View, What};
use crate::plan::CourseIx;
use crate::rules::summary::Counts;
use crate::rules::trend::trend;

/// The dates of the points: each month's last day, as-of itself in as-of's month.
pub fn points(as_of: Date, from: Option<Month>, to: Option<Month>) -> Result<Vec<Date>> {
    let now = Month::of(as_of);
    let to = to.unwrap_or(now);
    if to > now {
        bail!(
            "--to {to} is after --as-of's month {now}, expected {now} or earlier (trend looks back; forecast looks ahead)"
        );
    }
    let from = from.unwrap_or(to.plus(-23));
    if from > to {
        bail!("--from {from} is after --to {to}, expected a month on or before it");
    }
    Ok((0..=from.until(to))
        .map(|k| from.plus(k))
        .map(|m| if m == now { as_of } else { m.last_day() })
        .collect())
}

/// Coverage month by month, as numbers: the points' dates, the courses shown (plan indices) and per
/// point the per-course totals (indexed by the plan's course).
pub struct Trended {
    pub dates: Vec<Date>,
    pub counts: Vec<Vec<Counts>>,
    pub courses: Vec<usize>,
    /// With `--history`: per point, the date of the recording it was computed from (`None`: derived
    /// from today's exports). Without: `None`.
    pub recorded: Option<Vec<Option<Date>>>,
}

/// The trend of the job's scope, as numbers; with `--history`, the store's recordings and the
/// figures of the scope's unit are read for it.
pub fn trended(ctx: &Context, args: &Trend) -> Result<Rc<Trended>> {
    let lookback = match &args.history {
        Some(history) => {
            let unit = match args.scope.unit.as_deref() {
                Some(unit) => ctx.model.unit_id(unit)?,
                None => String::new(),
            };
            Some(Lookback::read(&history.store, Some(&unit))?)
        }
        None => None,
    };
    trended_with(ctx, args, lookback.as_ref())
}

/// The trend of the job's scope, as numbers, the recordings of `lookback` (read for the scope's unit,
/// or for every unit) serving the points of their months: without `--role` from their figures (what
/// `kvu record` counted from the recording's inputs, `trend --unit U` at its date), with `--role` from
/// their inputs, loaded once each (a forgotten recording's point is then derived).
pub fn trended_with(
    ctx: &Context,
    args: &Trend,
    lookback: Option<&Lookback>,
) -> Result<Rc<Trended>> {
    let model = ctx.model;
    let s = &args.scope;
    let in_scope = model.scope(s.unit.as_deref(), s.role.as_deref())?;
    let only = model.course_arg(s.course.as_deref())?;
    let dates = points(ctx.as_of, args.from, args.to)?;
    let courses: Vec<usize> = (0..model.plan.courses.len())
        .filter(|&c| only.is_none_or(|o| o.index() == c))
        .collect();
    let Some(lookback) = lookback else {
        let counts = trend(model, &in_scope, &dates, only);
        return Ok(Rc::new(Trended {
            dates,
            counts,
            courses,
            recorded: None,
        }));
    };
    let serving: Vec<Option<usize>> = dates
        .iter()
        .map(|&d| lookback.serving(d))
        .map(|r| r.filter(|&r| s.role.is_none() || lookback.kept(r)))
        .collect();
    let derived_dates: Vec<Date> = dates
        .iter()
        .zip(&serving)
        .filter(|(_, r)| r.is_none())
        .map(|(&d, _)| d)
        .collect();
    let mut derived = trend(model, &in_scope, &derived_dates, only).into_iter();
    let unit = match s.unit.as_deref() {
        Some(unit) => model.unit_id(unit)?,
        None => String::new(),
    };
    // With --role, each recording serving a point is loaded once, on all cores.
    let loads: Vec<usize> = match s.role {
        Some(_) => serving.iter().flatten().copied().collect(),
        None => Vec::new(),
    };
    let loaded = crate::threads::each_index(loads.len(), |k| {
        from_inputs(ctx, args, lookback, loads[k], &unit, &courses)
    })?;
    let mut loaded = loaded.into_iter();
    let mut counts = Vec::with_capacity(dates.len());
    for r in &serving {
        counts.push(match *r {
            None => derived.next().unwrap_or_default(),
            Some(r) if s.role.is_none() => from_figures(ctx, lookback, r, &unit, &courses),
            Some(_) => loaded.next().unwrap_or_default(),
        });
    }
    Ok(Rc::new(Trended {
        dates,
        counts,
        courses,
        recorded: Some(
            serving
                .iter()
                .map(|r| r.map(|r| lookback.date(r)))
                .collect(),
        ),
    }))
}

/// A recorded point from the recording's figures of the unit (empty: the whole organisation): per
/// course of today's plan shown, its figure, zeros where the recording has none.
fn from_figures(
    ctx: &Context,
    lookback: &Lookback,
    r: usize,
    unit: &str,
    courses: &[usize],
) -> Vec<Counts> {
    let plan = ctx.model.plan;
    let mut out = vec![Counts::default(); plan.courses.len()];
    for &c in courses {
        let [required, met, exempt, overdue, due, expired] =
            lookback.counts(r, unit, &plan.courses[c].id);
        out[c] = Counts {
            required,
            met,
            exempt,
            overdue,
            due,
            expired,
        };
    }
    out
}

/// A recorded point computed from the recording's inputs at its date, for the unit (by its id) and
/// the role; a unit or role the recording did not have, or a course its plan did not have, counts
/// nobody.
fn from_inputs(
    ctx: &Context,
    args: &Trend,
    lookback: &Lookback,
    r: usize,
    unit: &str,
    courses: &[usize],
) -> Result<Vec<Counts>> {
    let plan = ctx.model.plan;
    let mut out = vec![Counts::default(); plan.courses.len()];
    let Some(history) = &args.history else {
        return Ok(out);
    };
    let date = lookback.date(r);
    let recorded = load_recording(&history.store, date, history.id_format)?;
    let then = recorded.model()?;
    let unit = (!unit.is_empty()).then_some(unit);
    let in_scope = match then.scope(unit, args.scope.role.as_deref()) {
        Ok(scope) => scope,
        Err(Error::UnknownUnit { .. } | Error::UnknownRole { .. }) => return Ok(out),
        Err(e) => return Err(e.into()),
    };
    let only = match &args.scope.course {
        Some(_) => match then
            .plan
            .courses
            .iter()
            .position(|t| t.id == plan.courses[courses[0]].id)
        {
            Some(c) => Some(CourseIx::new(c)),
            None => return Ok(out),
        },
        None => None,
    };
    let counted = trend(&then, &in_scope, &[date], only);
    for &c in courses {
        let id = &plan.courses[c].id;
        if let Some(t) = then.plan.courses.iter().position(|t| &t.id == id) {
            out[c] = counted[0][t];
        }
    }
    Ok(out)
}

impl<'a> Command<Context<'a>, Result<Done<'a>>> for Trend {
    fn run(&self, ctx: &Context<'a>) -> Result<Done<'a>> {
        run(ctx, self)
    }

    fn heading(&self, _as_of: jiff::civil::Date) -> (What, ScopeNote) {
        super::scoped(What::Trend, &self.scope)
    }
}

pub fn run<'a>(ctx: &Context<'a>, args: &Trend) -> Result<Done<'a>> {
    Ok(Done::table(table(ctx, args, &trended(ctx, args)?)))
}

/// The trend's table: its data, the view for people, the chart and the lines under it.
pub fn table<'a>(ctx: &Context<'a>, args: &Trend, data: &Rc<Trended>) -> Table<'a> {
    let s = &args.scope;
    let plan = ctx.model.plan;
    let per_date = data.courses.len();
    let mut columns = vec![
        Column::new("date", Kind::Date),
        Column::new("course", Kind::Id),
    ];
    for key in ["required", "met", "exempt", "overdue", "due", "expired"] {
        columns.push(Column::new(key, Kind::Count));
    }
    // With --history, the date of the recording each point was computed from (empty: derived).
    if data.recorded.is_some() {
        columns.push(Column::new("recorded", Kind::Date));
    }
    let view = {
        let data = data.clone();
        View::new(columns, data.dates.len() * per_date, move |i, out| {
            let (p, c) = (i / per_date, data.courses[i % per_date]);
            out.extend([
                Value::Date(Some(data.dates[p])),
                Value::text(&plan.courses[c].id),
            ]);
            out.extend(count_values(&data.counts[p][c]));
            if let Some(recorded) = &data.recorded {
                out.push(Value::Date(recorded[p]));
            }
        })
    };
    let mut labels = vec![Column::display("Date", Kind::Date)];
    for &c in &data.courses {
        labels.push(Column::display(plan.courses[c].id.clone(), Kind::Text).right());
    }
    if data.recorded.is_some() {
        labels.push(Column::display("Recorded", Kind::Date));
    }
    let notes = sparklines(ctx, &data.counts, &data.courses);
    let people = {
        let data = data.clone();
        View::new(labels, data.dates.len(), move |p, out| {
            out.push(Value::Date(Some(data.dates[p])));
            out.extend(
                data.courses
                    .iter()
                    .map(|&c| Value::Note(coverage(&data.counts[p][c]))),
            );
            if let Some(recorded) = &data.recorded {
                out.push(Value::Date(recorded[p]));
            }
        })
    };
    let mut table = Table::new(view).display(people);
    // The chart hint: a renderer that draws (html) shows it.
    {
        let (dates, counts, courses) = (&data.dates, &data.counts, &data.courses);
        table = table.chart(Chart::Lines {
            title: Note::TrendChart,
            points: dates.iter().map(|&d| Note::Month(d)).collect(),
            series: courses
                .iter()
                .map(|&c| {
                    Series::new(
                        plan.courses[c].id.clone(),
                        counts
                            .iter()
                            .map(|p| p[c].met_percent().unwrap_or(0.0))
                            .collect(),
                    )
                })
                .collect(),
            percent: true,
            recorded: data
                .recorded
                .as_ref()
                .map(|r| r.iter().map(Option::is_some).collect())
                .unwrap_or_default(),
        });
    }
    table = table.note(Note::Trend {
        scope: scope_note(ctx, s.unit.as_deref(), s.role.as_deref(), None),
        as_of: ctx.as_of,
    });
    for line in notes {
        table = table.note(line);
    }
    if data.recorded.is_some() {
        table = table.note(Note::RecordedPoints);
    }
    table = table.note(Note::TodaysStaff);
    table
}

/// `81% (58 of 72)` (Swedish `81 % (58 av 72)`), or `–` when nobody was required.
fn coverage(c: &Counts) -> Note {
    Note::MetOf {
        percent: c.met_percent(),
        met: c.met,
        required: c.required,
    }
}

/// One line per course: a sparkline of the met share over the points, first and last share.
fn sparklines(ctx: &Context, counts: &[Vec<Counts>], courses: &[usize]) -> Vec<Note> {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let share = |c: &Counts| (c.required > 0).then(|| c.met as f64 / c.required as f64);
    courses
        .iter()
        .map(|&c| {
            let line: String = counts
                .iter()
                .map(|p| match share(&p[c]) {
                    None => ' ',
                    Some(s) => BARS[((s * 7.0).round() as usize).min(7)],
                })
                .collect();
            let ends = match (
                counts.first().and_then(|p| share(&p[c])),
                counts.last().and_then(|p| share(&p[c])),
            ) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => None,
            };
            Note::Sparkline {
                course: ctx.model.plan.courses[c].id.clone(),
                line,
                ends,
            }
        })
        .collect()
}
