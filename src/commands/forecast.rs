//! `kvu forecast`: how many seats each course needs in each of the next N months, by cause. One load
//! and one pass over the requirements ([`crate::rules::forecast`]).

use std::rc::Rc;

use anyhow::Result;

use super::{Context, Done, scope_note_of};
use crate::config::job::{Command, Forecast};
use crate::date::Month;
use crate::output::chart::Series;
use crate::output::{Chart, Column, Kind, Note, ScopeNote, Table, Value, View, What};
use crate::rules::forecast::{Need, forecast};

impl<'a> Command<Context<'a>, Result<Done<'a>>> for Forecast {
    fn run(&self, ctx: &Context<'a>) -> Result<Done<'a>> {
        run(ctx, self)
    }

    fn heading(&self, _as_of: jiff::civil::Date) -> (What, ScopeNote) {
        super::scoped(What::Forecast, &self.scope)
    }
}

pub fn run<'a>(ctx: &Context<'a>, args: &Forecast) -> Result<Done<'a>> {
    let model = ctx.model;
    let s = &args.scope;
    let in_scope = model.scope(s.unit.as_deref(), s.role.as_deref())?;
    let only = model.course_arg(s.course.as_deref())?;
    let (needs, required) = forecast(model, &in_scope, ctx.as_of, args.months, only);
    let plan = model.plan;
    let courses: Vec<usize> = (0..plan.courses.len()).filter(|&c| required[c]).collect();
    let first = Month::of(ctx.as_of);
    let per_month = courses.len();
    let data = Rc::new((needs, courses));
    let mut columns = vec![
        // A month: `YYYY-MM` in CSV and JSON, a real date shown `yyyy-mm` in a workbook.
        Column::new("month", Kind::Date),
        Column::new("course", Kind::Id),
    ];
    for key in [
        "backlog",
        "due",
        "lapsing",
        "exemptions_ending",
        "new_staff",
        "seats",
    ] {
        columns.push(Column::new(key, Kind::Count));
    }
    let view = {
        let data = data.clone();
        View::new(columns, args.months as usize * per_month, move |i, out| {
            let (needs, courses) = &*data;
            let (k, c) = (i / per_month, courses[i % per_month]);
            let n: &Need = &needs[k][c];
            out.extend([
                Value::Month(first.plus(k as i64).first_day()),
                Value::text(&plan.courses[c].id),
            ]);
            out.extend(
                [
                    n.backlog,
                    n.due,
                    n.lapsing,
                    n.exemptions_ending,
                    n.new_staff,
                    n.seats(),
                ]
                .map(Value::Count),
            );
        })
    };
    let mut labels = vec![Column::display("Month", Kind::Text)];
    for &c in &data.1 {
        labels.push(Column::display(plan.courses[c].id.clone(), Kind::Count));
    }
    labels.push(Column::display("Total", Kind::Count));
    let totals: Vec<u64> = data
        .1
        .iter()
        .map(|&c| data.0.iter().map(|m| m[c].seats()).sum())
        .collect();
    let mut people = {
        let data = data.clone();
        View::new(labels, args.months as usize, move |k, out| {
            let (needs, courses) = &*data;
            out.push(Value::owned(first.plus(k as i64).to_string()));
            out.extend(courses.iter().map(|&c| Value::Count(needs[k][c].seats())));
            out.push(Value::Count(
                courses.iter().map(|&c| needs[k][c].seats()).sum(),
            ));
        })
    };
    let mut total_row = vec![Value::Note(Note::Total)];
    total_row.extend(totals.iter().map(|&t| Value::Count(t)));
    total_row.push(Value::Count(totals.iter().sum()));
    people.extra = vec![total_row];
    // The chart hint: a renderer that draws (html) shows it.
    let chart = {
        let (needs, courses) = &*data;
        let months: Vec<Note> = (0..args.months)
            .map(|k| Note::Month(first.plus(i64::from(k)).first_day()))
            .collect();
        Chart::Stacked {
            title: Note::ForecastChart,
            categories: months,
            parts: courses
                .iter()
                .map(|&c| {
                    Series::new(
                        plan.courses[c].id.clone(),
                        needs.iter().map(|n| n[c].seats() as f64).collect(),
                    )
                })
                .collect(),
        }
    };
    let mut table = Table::new(view).chart(chart);
    table.display = Some(people);
    table.notes = notes(ctx, args, first);
    Ok(Done::table(table))
}

/// The lines under the table: what the seats count, and how to get each cause.
fn notes(ctx: &Context, args: &Forecast, first: Month) -> Vec<Note> {
    vec![
        Note::Forecast {
            scope: scope_note_of(ctx, &args.scope),
            first: first.to_string(),
            months: args.months,
        },
        Note::ForecastCauses,
    ]
}
