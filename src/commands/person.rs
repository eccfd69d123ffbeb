//! `kvu person ID`: everything about one person. One row per course the plan requires of them, met and
//! exempt included, in plan order: the state as `gaps` gives it, the speaking assignment's unit, role
//! and level, and the latest satisfying completion on or before as-of (lapsed or not) with its lapse
//! date.

use std::rc::Rc;

use anyhow::Result;
use jiff::civil::Date;

use super::{Context, Done};
use crate::config::job::{Command, Person};
use crate::date::add_months;
use crate::model::{Model, PersonIx, RowIx, Scope};
use crate::output::{Column, Kind, Note, ScopeNote, Value, What};
use crate::rules::On;
use crate::rules::state::{Requirement, State};

/// One required course of the person.
struct Row {
    req: Requirement,
    /// The latest satisfying completion on or before as-of and its lapse date (`None`: never lapses).
    completed: Option<(Date, Option<Date>)>,
}

impl<'a> Command<Context<'a>, Result<Done<'a>>> for Person {
    fn run(&self, ctx: &Context<'a>) -> Result<Done<'a>> {
        run(ctx, self)
    }

    fn heading(&self, _as_of: Date) -> (What, ScopeNote) {
        super::heading_of(What::Person, None, None, None)
    }
}

pub fn run<'a>(ctx: &Context<'a>, args: &Person) -> Result<Done<'a>> {
    let model = ctx.model;
    super::has_staff(model)?;
    let person = model.person_arg(&args.id, &args.key)?;
    let rows: Vec<RowIx> = (0..model.rows().len())
        .map(RowIx::new)
        .filter(|&i| model.rows()[i].person == person.index() as u32)
        .collect();
    let on = On::new(model, ctx.as_of);
    let rows: Vec<Row> = on
        .requirements(&Scope::of(rows))
        .into_iter()
        .map(|req| Row {
            completed: latest(model, person, req.course, ctx.as_of),
            req,
        })
        .collect();
    let note = Note::Person {
        id: model.id(person).to_string(),
        required: rows.len(),
        gaps: rows.iter().filter(|r| r.req.state.gap().is_some()).count(),
        as_of: ctx.as_of,
    };
    let rows = Rc::new(rows);
    let mut columns = super::person_course_columns();
    columns.extend([
        // People read the state in their language (a table, a workbook, a page).
        Column::new("state", Kind::Text).words(),
        Column::new("due", Kind::Date),
        Column::new("completed", Kind::Date),
        Column::new("valid_until", Kind::Date),
    ]);
    let n = rows.len();
    let table = super::labelled_table(columns, n, move |i, out| {
        let Row { req, completed } = &rows[i];
        let post = model.post(req.speaker);
        out.extend([
            Value::text(model.id(req.person)),
            Value::text(post.name()),
            Value::text(post.unit()),
            Value::text(post.role_text()),
            Value::text(post.level_text()),
            Value::text(model.plan.courses[req.course].id.as_str()),
            Value::text(state_word(req.state)),
            Value::Date(req.state.due()),
            Value::Date(completed.map(|c| c.0)),
            Value::Date(completed.and_then(|c| c.1)),
        ]);
    });
    Ok(Done::table(table.note(note)))
}

/// The state as `gaps` and `diff` name it.
fn state_word(state: State) -> &'static str {
    match state.gap() {
        Some(status) => status.as_str(),
        None if state == State::Met => "met",
        None => "exempt",
    }
}

/// The latest completion on or before `as_of` that satisfies `course`, lapsed or not; on a tie (two
/// courses that satisfy it taken the same day), the one valid longest (one that never lapses first).
/// With its lapse date: the date + the taken course's `valid_months`, none if it never lapses.
fn latest(
    model: &Model,
    person: PersonIx,
    course: crate::plan::CourseIx,
    as_of: Date,
) -> Option<(Date, Option<Date>)> {
    let plan = model.plan;
    model
        .completions
        .of(person)
        .iter()
        .filter(|c| c.date <= as_of && plan.taken_fulfils(c.course, course))
        .map(|c| {
            let lapse = plan.courses[c.course]
                .valid_months
                .map(|m| add_months(c.date, m));
            (c.date, lapse)
        })
        // `None` (never lapses) is the longest validity.
        .max_by_key(|&(date, lapse)| (date, lapse.is_none(), lapse))
}
