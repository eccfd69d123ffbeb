//! `kvu allocate`: share a course's seats among units, then fill each unit's seats from its own
//! priority order.
//!
//! The units are the top units under the scope (the roots of the unit tree, or the units directly below
//! the root when the tree has one, or with `--unit X` the units directly below X), or the units at level
//! `--depth` of the tree; each gap counts for the unit its person's speaking post lies in or below.
//! Without a tree, the units are the staff export's units. Seats go in proportion to each unit's open
//! gaps for the course, or to a key (`--key`, CSV `unit,weight`), by the largest-remainder method; no
//! unit gets more seats than it has gaps, and the seats a unit cannot take pass on to the others (see
//! [`crate::rules::allocate`]).

use std::rc::Rc;

use anyhow::{Result, bail};

use super::{Context, Done, Said, gap_columns, gap_values};
use crate::config::job::{Allocate, Command};
use crate::load::weights::SCALE;
use crate::output::{Column, Kind, Note, ScopeNote, Table, Value, View, What};
use crate::rules::On;
use crate::rules::allocate::{UnitSeats, allocate, level, unit_weights, units};
use crate::rules::priority::{Ranked, ordered};

impl<'a> Command<Context<'a>, Result<Done<'a>>> for Allocate {
    fn run(&self, ctx: &Context<'a>) -> Result<Done<'a>> {
        run(ctx, self)
    }

    fn heading(&self, _as_of: jiff::civil::Date) -> (What, ScopeNote) {
        super::heading_of(
            What::Allocate,
            self.unit.as_deref(),
            None,
            Some(self.course.as_str()),
        )
    }
}

pub fn run<'a>(ctx: &Context<'a>, args: &Allocate) -> Result<Done<'a>> {
    let model = ctx.model;
    let Some(course) = model.course_arg(Some(&args.course))? else {
        unreachable!("a course was given")
    };
    if args.depth == Some(0) {
        bail!("--depth is 0, expected 1 (the top units) or more");
    }
    if args.depth.is_some() && model.exports.units.is_none() {
        bail!("--depth needs a unit tree, expected --units FILE (or KVU_UNITS)");
    }
    let in_scope = model.scope(args.unit.as_deref(), None)?;
    super::has_staff(model)?;
    let ranked = ordered(On::new(model, ctx.as_of), &in_scope, Some(course), None);
    let list = units(
        model,
        &in_scope,
        &ranked,
        level(model, args.depth, args.unit.as_deref()),
    );
    let caps: Vec<u64> = list.iter().map(|u| u.gaps.len() as u64).collect();
    let mut said = Vec::new();
    let weights: Vec<u64> = match (&args.key, &ctx.extras.key) {
        (Some(path), Some(rows)) => {
            let (weights, problems) = unit_weights(model, &list, rows, path)?;
            said.extend(problems.into_iter().map(Said::Warning));
            weights
        }
        (Some(_), None) => bail!("internal error: the key was not read"),
        (None, _) => caps.iter().map(|c| c * SCALE).collect(),
    };
    let seats = allocate(args.seats, &weights, &caps);
    let course_id = model.plan.courses[course].id.as_str();
    if args.people {
        let mut done = people(args, course_id, &list, &seats, ranked);
        done.said = said;
        return Ok(done);
    }
    let given: u64 = seats.iter().sum();
    let gaps: u64 = caps.iter().sum();
    // The key's loader checks its sum; the gaps' weights are far below u64.
    let total_weight: u64 = weights.iter().fold(0u64, |a, &w| a.saturating_add(w));
    let shares: Rc<Vec<(String, u64, u64, u64)>> = Rc::new(
        list.into_iter()
            .zip(seats.iter().zip(&weights))
            .map(|(u, (&s, &w))| (u.unit, s, u.gaps.len() as u64, w))
            .collect(),
    );
    let data = {
        let shares = shares.clone();
        View::new(
            vec![
                Column::new("unit", Kind::Id),
                Column::new("seats", Kind::Count),
                Column::new("gaps", Kind::Count),
            ],
            shares.len(),
            move |i, out| {
                let (unit, seats, gaps, _) = &shares[i];
                out.extend([
                    Value::owned(unit.clone()),
                    Value::Count(*seats),
                    Value::Count(*gaps),
                ])
            },
        )
    };
    let basis = if args.key.is_some() {
        "Key weight"
    } else {
        "Weight (gaps)"
    };
    let mut people = View::new(
        vec![
            Column::display("Unit", Kind::Text),
            Column::display(basis, Kind::Text).right(),
            Column::display("Share", Kind::Text).right(),
            Column::display("Seats", Kind::Count),
            Column::display("Gaps", Kind::Count),
        ],
        shares.len(),
        move |i, out| {
            let (unit, seats, gaps, weight) = &shares[i];
            let share = if total_weight == 0 {
                0.0
            } else {
                100.0 * *weight as f64 / total_weight as f64
            };
            out.extend([
                Value::owned(unit.clone()),
                Value::Note(Note::Number(*weight as f64 / SCALE as f64)),
                Value::Note(Note::PercentTenths(share)),
                Value::Count(*seats),
                Value::Count(*gaps),
            ])
        },
    );
    people.extra = vec![vec![
        Value::Note(Note::Total),
        Value::text(""),
        Value::text(""),
        Value::Count(given),
        Value::Count(gaps),
    ]];
    let mut table = Table::new(data).display(people);
    table.notes = shares_notes(args.seats, given, course_id);
    let mut done = Done::table(table);
    done.said = said;
    Ok(done)
}

/// The lines under the shares: how they were made, and the seats no unit could take.
fn shares_notes(seats: u64, given: u64, course_id: &str) -> Vec<Note> {
    let left = seats - given;
    let mut notes = vec![Note::Shared {
        given,
        seats,
        course: course_id.to_string(),
    }];
    if left > 0 {
        notes.push(Note::LeftOver(left));
    }
    notes
}

/// `--people`: each unit's seats filled from its own gaps in priority order.
fn people<'a>(
    args: &Allocate,
    course_id: &str,
    list: &[UnitSeats],
    seats: &[u64],
    ranked: Vec<Ranked<'a>>,
) -> Done<'a> {
    let mut chosen: Vec<(String, usize, Ranked<'a>)> = Vec::new();
    for (unit, &n) in list.iter().zip(seats) {
        for (rank, &ix) in unit.gaps.iter().take(n as usize).enumerate() {
            chosen.push((unit.unit.clone(), rank + 1, ranked[ix]));
        }
    }
    let mut columns = vec![
        Column::new("unit", Kind::Id),
        Column::new("rank", Kind::Count),
        Column::new("tier", Kind::Count),
    ];
    // A gap's columns, its unit printed as the person's home unit.
    columns.extend(gap_columns().into_iter().map(|c| match c.key.as_ref() {
        "unit" => Column::new("home_unit", Kind::Id),
        _ => c,
    }));
    let values = |(unit, rank, r): &(String, usize, Ranked<'a>)| -> Vec<Value<'a>> {
        let mut out = vec![
            Value::owned(unit.clone()),
            Value::count(*rank),
            Value::opt_count(r.tier),
        ];
        gap_values(&r.gap, &mut out);
        out
    };
    let chosen = Rc::new(chosen);
    let (n, seats) = (chosen.len(), args.seats);
    let note = Note::Chosen {
        people: n,
        seats,
        course: course_id.to_string(),
    };
    let data = {
        let chosen = chosen.clone();
        View::new(columns, chosen.len(), move |i, out| {
            out.extend(values(&chosen[i]))
        })
    };
    // For people: unit, rank, tier, employee, name, home unit, role, status, due.
    let shown = [0, 1, 2, 3, 4, 5, 6, 9, 10];
    let labels = [
        "Unit",
        "Rank",
        "Tier",
        "Employee",
        "Name",
        "Home unit",
        "Role",
        "Status",
        "Due",
    ];
    let columns = labels
        .iter()
        .map(|&l| {
            let c = Column::display(l, Kind::Text);
            if l == "Rank" { c.right() } else { c }
        })
        .collect();
    let people = View::new(columns, chosen.len(), move |i, out| {
        let all = values(&chosen[i]);
        out.extend(shown.iter().map(|&c| all[c].clone()));
    });
    Done::table(Table::new(data).display(people).note(note))
}
