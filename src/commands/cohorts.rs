//! `kvu cohorts`: fill a course's planned sessions with the people who need it most, mixing units and
//! never taking too many from one unit at once.
//!
//! The candidates are the rows `kvu priority --course C` prints for the same scope, with their rank.
//! The sessions file (`--sessions`, read through the loader like the exports) gives `session,date,seats`;
//! sessions before as-of are history, left out with a warning, and the rest are filled in date order
//! (ties: file order) by [`crate::rules::cohorts`]. A unit's cap per session is `--max-per-unit N`, or
//! with `--max-away P` ⌊P × headcount / 100⌋ (at least one), headcount being the distinct people with a
//! staff row in that unit itself, over the whole staff export. A line on stderr says how many
//! candidates are left without a seat.
//!
//! CSV and JSON are one table in fill order; the table and html one titled block per session; xlsx a
//! sheet of all seats, then a sheet per session when there are at most [`SESSION_SHEETS`] (beyond, the
//! sheet of all seats alone, and a note in the `kvu` sheet says why); `--format ics` a calendar with
//! one event per session.

use std::collections::HashMap;
use std::rc::Rc;

use anyhow::Result;

use super::{Context, Done, Outcome, Said, ranked_columns, ranked_values};
use crate::config::job::{Cohorts, Command};
use crate::diag::Problem;
use crate::model::Model;
use crate::model::exports::{SessionExport, SessionRow};
use crate::output::ics::{Attendee, Calendar, Event};
use crate::output::{
    Body, Cap, Column, Form, Formed, Forms, Kind, Note, ScopeNote, Table, Value, View, What,
    unit_said,
};
use crate::rules::On;
use crate::rules::cohorts::{Candidate, away_cap, fill};
use crate::rules::priority::{Ranked, ordered};

/// The most sessions a warning names before it says how many more.
const NAMED: usize = 10;

/// The most sessions a workbook gives a sheet of their own beside the sheet of all seats: thousands of
/// sheets help no reader, and each costs the workbook writer memory and a thread of its own.
pub const SESSION_SHEETS: usize = 250;

/// One seat taken: the session (its place in fill order), the seat from 1, and who sits there.
struct Seat<'a> {
    session: usize,
    seat: usize,
    who: Ranked<'a>,
}

impl<'a> Command<Context<'a>, Result<Done<'a>>> for Cohorts {
    fn run(&self, ctx: &Context<'a>) -> Result<Done<'a>> {
        run(ctx, self)
    }

    fn heading(&self, _as_of: jiff::civil::Date) -> (What, ScopeNote) {
        super::heading_of(
            What::Cohorts,
            self.unit.as_deref(),
            self.role.as_deref(),
            Some(self.course.as_str()),
        )
    }
}

pub fn run<'a>(ctx: &Context<'a>, args: &Cohorts) -> Result<Done<'a>> {
    let model = ctx.model;
    let Some(course) = model.course_arg(Some(&args.course))? else {
        unreachable!("a course was given")
    };
    let in_scope = model.scope(args.unit.as_deref(), args.role.as_deref())?;
    super::has_staff(model)?;
    let Some(file) = &ctx.extras.sessions else {
        anyhow::bail!("internal error: the sessions file was not read");
    };
    let extra_columns = file.extra_columns.clone();
    let mut said = Vec::new();
    let sessions = upcoming(file, ctx, &mut said);
    let ranked = ordered(On::new(model, ctx.as_of), &in_scope, Some(course), None);

    // Units by the printed unit, ignoring case; each candidate's unit.
    let mut unit_of: HashMap<&str, usize> = HashMap::new();
    let candidates: Vec<Candidate> = ranked
        .iter()
        .map(|r| {
            let key = model.post(r.gap.speaker).rec.unit_key();
            let next = unit_of.len();
            Candidate {
                tier: r.tier,
                due: r.gap.due(),
                unit: *unit_of.entry(key).or_insert(next),
                rank: r.rank,
            }
        })
        .collect();
    let caps = match (args.max_per_unit, args.max_away) {
        (Some(n), _) => vec![n; unit_of.len()],
        (None, Some(p)) => headcounts(model, &unit_of)
            .into_iter()
            .map(|h| away_cap(p, h))
            .collect(),
        (None, None) => vec![u64::MAX; unit_of.len()],
    };
    let seats: Vec<u64> = sessions.iter().map(|s| s.seats).collect();
    let filled = fill(&candidates, &caps, &seats);
    let mut taken = Vec::new();
    for (s, people) in filled.iter().enumerate() {
        for (i, &c) in people.iter().enumerate() {
            taken.push(Seat {
                session: s,
                seat: i + 1,
                who: ranked[c],
            });
        }
    }

    let course_id = model.plan.courses[course].id.as_str();
    let total_seats: u64 = seats.iter().fold(0, |a, &s| a.saturating_add(s));
    let left = ranked.len() - taken.len();
    said.push(Said::Note(Problem::file(
        &args.sessions,
        format!(
            "{left} of {} candidates for {course_id} left without a seat ({} seated in {} of {} on or after {})",
            ranked.len(),
            taken.len(),
            plural(sessions.len() as u64, "session"),
            plural(total_seats, "seat"),
            ctx.as_of
        ),
    )));
    let summary = Note::Seated {
        seated: taken.len(),
        candidates: ranked.len(),
        left,
        course: course_id.to_string(),
        sessions: sessions.len() as u64,
        cap: cap(args),
    };
    // Each format shows the seats its own way; the renderer asks for the form of its format, which
    // alone is made.
    let (sessions, taken) = (Rc::new(sessions), Rc::new(taken));
    let ctx = Context { ..*ctx };
    let forms = Forms::new(move |form| match form {
        Form::Flat => Formed::Tables(vec![
            one_table(sessions.clone(), taken.clone(), None).note(summary.clone()),
        ]),
        Form::Workbook => Formed::Tables(workbook(
            &extra_columns,
            &sessions,
            &taken,
            summary.clone(),
            &ctx,
        )),
        Form::Blocks => Formed::Tables(per_session(
            &extra_columns,
            &sessions,
            &taken,
            summary.clone(),
            &ctx,
        )),
        Form::Calendar => Formed::Calendar(calendar(&ctx, course.index(), &sessions, &taken)),
    });
    let body = Body::Forms(Box::new(forms));
    Ok(Done {
        body,
        outcome: Outcome::Success,
        said,
    })
}

/// The sessions on or after as-of, in fill order (date, then file order); those before are left out
/// with a warning that names them.
fn upcoming(file: &SessionExport, ctx: &Context, said: &mut Vec<Said>) -> Vec<SessionRow> {
    let (past, mut sessions): (Vec<SessionRow>, Vec<SessionRow>) =
        file.rows.iter().cloned().partition(|s| s.date < ctx.as_of);
    if !past.is_empty() {
        let mut named: Vec<String> = past
            .iter()
            .take(NAMED)
            .map(|s| format!("`{}` {} (line {})", s.id, s.date, s.line))
            .collect();
        if past.len() > NAMED {
            named.push(format!("and {} more", past.len() - NAMED));
        }
        said.push(Said::Note(Problem::file(
            &file.path,
            format!(
                "{} dated before as-of {} left out as history: {}",
                plural(past.len() as u64, "session"),
                ctx.as_of,
                named.join(", ")
            ),
        )));
    }
    // A stable sort: the same date keeps the file's order.
    sessions.sort_by_key(|s| s.date);
    sessions
}

/// `1 session`, `3 sessions`.
fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// For each unit, the distinct people with a staff row in that unit itself (its key), over the whole
/// staff export.
fn headcounts(model: &Model, unit_of: &HashMap<&str, usize>) -> Vec<u64> {
    let mut pairs: Vec<(usize, u32)> = model
        .rows()
        .iter()
        .filter_map(|r| unit_of.get(r.unit_key()).map(|&u| (u, r.person)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut counts = vec![0u64; unit_of.len()];
    for (u, _) in pairs {
        counts[u] += 1;
    }
    counts
}

/// The cap per unit.
fn cap(args: &Cohorts) -> Cap {
    match (args.max_per_unit, args.max_away) {
        (Some(n), _) => Cap::PerUnit(n),
        (None, Some(p)) => Cap::Away(p as f64 / 1_000_000.0),
        (None, None) => Cap::None,
    }
}

/// The contract's columns: `session,date,seat,` then a priority row's.
fn columns() -> Vec<Column> {
    let mut columns = vec![
        Column::new("session", Kind::Id),
        Column::new("date", Kind::Date),
        Column::new("seat", Kind::Count),
    ];
    columns.extend(ranked_columns());
    columns
}

/// The seats `range` of `taken` as one table (all of them with `None`).
fn one_table<'a>(
    sessions: Rc<Vec<SessionRow>>,
    taken: Rc<Vec<Seat<'a>>>,
    range: Option<(usize, usize)>,
) -> Table<'a> {
    let (start, end) = range.unwrap_or((0, taken.len()));
    let data = {
        let (sessions, taken) = (sessions.clone(), taken.clone());
        View::new(columns(), end - start, move |i, out| {
            let seat = &taken[start + i];
            let s = &sessions[seat.session];
            out.extend([
                Value::owned(s.id.clone()),
                Value::Date(Some(s.date)),
                Value::count(seat.seat),
            ]);
            ranked_values(&seat.who, out);
        })
    };
    let labels = [
        "Seat", "Rank", "Tier", "Employee", "Name", "Unit", "Role", "Status", "Due",
    ];
    let people = View::new(
        labels
            .iter()
            .map(|&l| match l {
                "Seat" | "Rank" | "Tier" => Column::display(l, Kind::Count),
                _ => Column::display(l, Kind::Text),
            })
            .collect(),
        end - start,
        move |i, out| {
            let seat = &taken[start + i];
            let (r, g) = (&seat.who, &seat.who.gap);
            out.extend([
                Value::count(seat.seat),
                Value::count(r.rank),
                Value::opt_count(r.tier),
                Value::text(g.employee_id),
                Value::text(g.name),
                Value::text(g.unit),
                Value::text(g.role),
                Value::text(g.status.as_str()),
                Value::Date(g.due()),
            ]);
        },
    );
    Table::new(data).display(people)
}

/// A session's title: `Session S1, 2026-11-12 (place: Göteborg): 3 of 12 seats taken, 9 free`.
fn session_note(extra_columns: &[String], s: &SessionRow, taken: u64) -> Note {
    Note::Session {
        id: s.id.clone(),
        date: s.date,
        extra: extra_columns
            .iter()
            .zip(&s.extra)
            .filter(|(_, v)| !v.is_empty())
            .map(|(c, v)| format!("{c}: {v}"))
            .collect(),
        taken,
        seats: s.seats,
    }
}

/// The workbook's sheets: every seat in fill order on one, then one per session when there are at
/// most [`SESSION_SHEETS`]; beyond, the sheet of all seats alone, with a note in the `kvu` sheet that
/// says why.
fn workbook<'a>(
    extra_columns: &[String],
    sessions: &Rc<Vec<SessionRow>>,
    taken: &Rc<Vec<Seat<'a>>>,
    summary: Note,
    ctx: &Context,
) -> Vec<Table<'a>> {
    let count = sessions.len();
    let all = one_table(sessions.clone(), taken.clone(), None)
        .title(Note::AllSeats)
        .note(summary.clone());
    if count == 0 {
        return vec![all];
    }
    if count > SESSION_SHEETS {
        return vec![all.about(Note::TooManySessions {
            sessions: count,
            limit: SESSION_SHEETS,
        })];
    }
    let mut tables = vec![all];
    tables.extend(per_session(extra_columns, sessions, taken, summary, ctx));
    tables
}

/// One titled block per session, the summary under the last.
fn per_session<'a>(
    extra_columns: &[String],
    sessions: &Rc<Vec<SessionRow>>,
    taken: &Rc<Vec<Seat<'a>>>,
    summary: Note,
    ctx: &Context,
) -> Vec<Table<'a>> {
    let bounds = bounds(taken, sessions.len());
    let mut tables: Vec<Table<'a>> = Vec::new();
    for (i, s) in sessions.iter().enumerate() {
        let (start, end) = bounds[i];
        let n = (end - start) as u64;
        let mut table = one_table(sessions.clone(), taken.clone(), Some((start, end)))
            .title(session_note(extra_columns, s, n))
            .sheet(format!("{} {}", s.date, s.id))
            .hide_empty();
        if n == 0 {
            table = table.note(Note::NoSeat);
        }
        tables.push(table);
    }
    if tables.is_empty() {
        tables.push(
            one_table(sessions.clone(), taken.clone(), None)
                .hide_empty()
                .note(Note::NoSessions(ctx.as_of)),
        );
    }
    if let Some(last) = tables.pop() {
        tables.push(last.note(summary));
    }
    tables
}

/// Each session's range of seats in `taken` (which is in session order).
fn bounds(taken: &[Seat<'_>], sessions: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(sessions);
    let mut start = 0;
    for s in 0..sessions {
        let mut end = start;
        while end < taken.len() && taken[end].session == s {
            end += 1;
        }
        out.push((start, end));
        start = end;
    }
    out
}

/// The calendar: one all-day event per session and its attendees, as data (the renderer words it;
/// each attendee's unit by its name, the id beside it).
fn calendar(ctx: &Context, course: usize, sessions: &[SessionRow], taken: &[Seat<'_>]) -> Calendar {
    let c = &ctx.model.plan.courses[course];
    let bounds = bounds(taken, sessions.len());
    let events = sessions
        .iter()
        .zip(bounds)
        .map(|(s, (start, end))| Event {
            uid: format!("{}-{}@kvu-cohorts", c.id, s.id),
            date: s.date,
            last_day: s.last_day,
            course: (c.id.clone(), c.name.clone()),
            session: s.id.clone(),
            seats: s.seats,
            location: Some(s.place.clone()),
            attendees: taken[start..end]
                .iter()
                .map(|seat| Attendee {
                    seat: seat.seat as u64,
                    employee_id: seat.who.gap.employee_id.to_string(),
                    name: seat.who.gap.name.to_string(),
                    unit: unit_said(ctx.model, seat.who.gap.unit),
                })
                .collect(),
        })
        .collect();
    Calendar {
        name: format!("{}: {}", c.id, c.name),
        stamp: ctx.as_of,
        events,
    }
}
