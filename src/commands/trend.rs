//! `kvu trend`: coverage month by month. For each month's last day from `--from` to `--to` (as-of's
//! month: as-of itself), the per-course totals `gaps --summary` would have counted on that date for the
//! scope, counting only staff rows that had started by then. One load and one sweep over the dates.

use std::rc::Rc;

use anyhow::{Result, bail};
use jiff::civil::Date;

use super::{Context, Done, count_values, scope_note};
use crate::config::job::{Command, Trend};
use crate::date::Month;
use crate::output::chart::Series;
use crate::output::{Chart, Column, Kind, Note, ScopeNote, Table, Value, View, What};
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
}

/// The trend of the job's scope, as numbers.
pub fn trended(ctx: &Context, args: &Trend) -> Result<Rc<Trended>> {
    let model = ctx.model;
    let s = &args.scope;
    let in_scope = model.scope(s.unit.as_deref(), s.role.as_deref())?;
    let only = model.course_arg(s.course.as_deref())?;
    let dates = points(ctx.as_of, args.from, args.to)?;
    let counts = trend(model, &in_scope, &dates, only);
    let courses: Vec<usize> = (0..model.plan.courses.len())
        .filter(|&c| only.is_none_or(|o| o.index() == c))
        .collect();
    Ok(Rc::new(Trended {
        dates,
        counts,
        courses,
    }))
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
    let view = {
        let data = data.clone();
        View::new(columns, data.dates.len() * per_date, move |i, out| {
            let (p, c) = (i / per_date, data.courses[i % per_date]);
            out.extend([
                Value::Date(Some(data.dates[p])),
                Value::text(&plan.courses[c].id),
            ]);
            out.extend(count_values(&data.counts[p][c]));
        })
    };
    let mut labels = vec![Column::display("Date", Kind::Date)];
    for &c in &data.courses {
        labels.push(Column::display(plan.courses[c].id.clone(), Kind::Text).right());
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
        });
    }
    table = table.note(Note::Trend {
        scope: scope_note(ctx, s.unit.as_deref(), s.role.as_deref(), None),
        as_of: ctx.as_of,
    });
    for line in notes {
        table = table.note(line);
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
