//! `kvu gaps`: who lacks what. One row per person and required course not met, or with `--summary` one
//! row per unit and course with counts by state.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use anyhow::Result;
use comfy_table::{Cell, CellAlignment};
use jiff::civil::Date;
use serde::Serialize;

use super::{Loaded, Outcome};
use crate::cli::{Format, GapsArgs};
use crate::fasthash::FastHash;
use crate::load::staff::{by_person, same_person};
use crate::output::{TABLE_ROWS, print_table, rows_left_out, table, write_csv, write_json};
use crate::plan::GapStatus;
use crate::rules::{Requirement, State};

pub const HEADER: [&str; 8] = [
    "employee_id",
    "name",
    "unit",
    "role",
    "level",
    "course",
    "status",
    "due",
];
pub const SUMMARY_HEADER: [&str; 8] = [
    "unit", "course", "required", "met", "exempt", "overdue", "due", "expired",
];

/// One gap, as printed.
#[derive(Debug, Clone, Serialize)]
pub struct GapRow<'a> {
    pub employee_id: &'a str,
    pub name: &'a str,
    pub unit: &'a str,
    pub role: &'a str,
    pub level: &'a str,
    pub course: &'a str,
    pub status: &'static str,
    /// `YYYY-MM-DD`, or empty.
    #[serde(serialize_with = "date_or_empty")]
    pub due: Option<Date>,
    #[serde(skip)]
    pub course_ix: usize,
    #[serde(skip)]
    pub state: State,
    /// Index into `Staff::rows` of the speaking assignment.
    #[serde(skip)]
    pub speaker: usize,
}

/// One unit and course of `--summary`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SummaryRow<'a> {
    pub unit: &'a str,
    pub course: &'a str,
    pub required: u64,
    pub met: u64,
    pub exempt: u64,
    pub overdue: u64,
    pub due: u64,
    pub expired: u64,
}

impl SummaryRow<'_> {
    fn add(&mut self, state: State) {
        self.required += 1;
        match state {
            State::Met => self.met += 1,
            State::Exempt => self.exempt += 1,
            State::Overdue(_) => self.overdue += 1,
            State::Due(_) => self.due += 1,
            State::Expired(_) => self.expired += 1,
        }
    }
}

/// A date as the contract prints it: `YYYY-MM-DD`, or empty.
pub fn date_text(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Serialises an optional date as [`date_text`] does.
pub fn date_or_empty<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&date_text(*d))
}

/// The gap rows of a set of requirements, in the contract's order: unit, employee_id, plan order.
pub fn gap_rows<'a>(loaded: &'a Loaded, reqs: &[Requirement]) -> Vec<GapRow<'a>> {
    let plan = &loaded.plan;
    let mut rows: Vec<GapRow<'a>> = reqs
        .iter()
        .filter_map(|r| {
            let status = r.state.gap()?;
            let a = &loaded.staff.rows[r.speaker];
            Some(GapRow {
                employee_id: loaded.people.id(r.person),
                name: &a.name,
                unit: a.unit(),
                role: a.role_text(plan),
                level: a.level_text(plan),
                course: &plan.courses[r.course].id,
                status: status.as_str(),
                due: r.state.due(),
                course_ix: r.course,
                state: r.state,
                speaker: r.speaker,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.unit, a.employee_id, a.course_ix).cmp(&(b.unit, b.employee_id, b.course_ix))
    });
    rows
}

pub fn run(
    loaded: &Loaded,
    args: &GapsArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let in_scope = loaded.scope(args.scope.unit.as_deref(), args.scope.role.as_deref())?;
    let course = loaded.course_arg(args.scope.course.as_deref())?;
    let reqs = loaded.inputs().requirements(&in_scope);
    if args.summary {
        return summary(loaded, args, &in_scope, &reqs, course, format, out);
    }
    let rows: Vec<GapRow> = gap_rows(loaded, &reqs)
        .into_iter()
        .filter(|r| course.is_none_or(|c| r.course_ix == c))
        .filter(|r| {
            args.status.is_empty() || r.state.gap().is_some_and(|s| args.status.contains(&s))
        })
        .collect();
    match format {
        Format::Csv => write_csv(out, &HEADER, &rows)?,
        Format::Json => write_json(out, &rows)?,
        Format::Table => write_table(loaded, args, &rows, out)?,
    }
    let late = rows
        .iter()
        .any(|r| matches!(r.state.gap(), Some(GapStatus::Overdue | GapStatus::Expired)));
    Ok(if args.check && late {
        Outcome::CheckFailed
    } else {
        Outcome::Success
    })
}

fn days(from: Date, to: Date) -> i64 {
    from.until(to).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How late a gap is, in words.
pub fn lateness(state: State, as_of: Date) -> String {
    match state {
        State::Overdue(Some(due)) => plural(days(due, as_of) as usize, "day late", "days late"),
        State::Overdue(None) => "no due date".to_string(),
        State::Expired(lapse) => format!(
            "lapsed {} ago",
            plural(days(lapse, as_of) as usize, "day", "days")
        ),
        State::Due(due) => match days(as_of, due) {
            0 => "due today".to_string(),
            n => format!("in {}", plural(n as usize, "day", "days")),
        },
        State::Met | State::Exempt => String::new(),
    }
}

/// The scope in words, for the line under a table: ` (unit A and below, role chef)`.
fn scope_words(loaded: &Loaded, args: &GapsArgs) -> String {
    let mut parts = Vec::new();
    if let Some(u) = &args.scope.unit {
        let below = if loaded.units.is_some() {
            " and below"
        } else {
            ""
        };
        parts.push(format!("unit {}{below}", u.trim()));
    }
    if let Some(r) = &args.scope.role {
        parts.push(format!("role {}", r.trim()));
    }
    if let Some(c) = &args.scope.course {
        parts.push(format!("course {}", c.trim()));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

fn write_table(
    loaded: &Loaded,
    args: &GapsArgs,
    rows: &[GapRow],
    out: &mut dyn Write,
) -> Result<()> {
    if !rows.is_empty() {
        let mut t = table(vec![
            "Unit", "Employee", "Name", "Role", "Course", "Status", "Due", "How late",
        ]);
        for r in rows.iter().take(TABLE_ROWS) {
            t.add_row(vec![
                Cell::new(loaded.unit_label(r.unit)),
                Cell::new(r.employee_id),
                Cell::new(r.name),
                Cell::new(r.role),
                Cell::new(r.course),
                Cell::new(r.status),
                Cell::new(date_text(r.due)),
                Cell::new(lateness(r.state, loaded.as_of)),
            ]);
        }
        print_table(out, &t)?;
        rows_left_out(out, rows.len())?;
    }
    let count = |s: GapStatus| rows.iter().filter(|r| r.state.gap() == Some(s)).count();
    let people: HashSet<&str> = rows.iter().map(|r| r.employee_id).collect();
    let units: HashSet<&str> = rows.iter().map(|r| r.unit).collect();
    if rows.is_empty() {
        writeln!(
            out,
            "No gaps{}: everyone has what the plan requires, as of {}.",
            scope_words(loaded, args),
            loaded.as_of
        )?;
    } else {
        writeln!(
            out,
            "{} for {} in {}{}: {} overdue, {} expired, {} due, as of {}.",
            plural(rows.len(), "gap", "gaps"),
            plural(people.len(), "person", "people"),
            plural(units.len(), "unit", "units"),
            scope_words(loaded, args),
            count(GapStatus::Overdue),
            count(GapStatus::Expired),
            count(GapStatus::Due),
            loaded.as_of
        )?;
    }
    Ok(())
}

fn summary(
    loaded: &Loaded,
    args: &GapsArgs,
    in_scope: &[bool],
    reqs: &[Requirement],
    course: Option<usize>,
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let plan = &loaded.plan;
    let n = plan.courses.len();
    let rows = &loaded.staff.rows;
    // Units are ids: `Avd 1` and `AVD 1` are one unit, printed as the first row in scope writes it.
    let mut index: HashMap<&str, usize, FastHash> = HashMap::default();
    let mut spelling: Vec<&str> = Vec::new();
    let mut unit_of = vec![usize::MAX; rows.len()];
    for (i, a) in rows.iter().enumerate().filter(|(i, _)| in_scope[*i]) {
        let next = spelling.len();
        unit_of[i] = *index.entry(a.unit_key()).or_insert_with(|| {
            spelling.push(a.unit());
            next
        });
    }
    let mut cells = vec![SummaryRow::default(); spelling.len() * n];
    let mut totals = vec![SummaryRow::default(); n];
    // Requirements come by person, then course, in the order of the people's numbers; so do the rows.
    let order = by_person(
        rows,
        (0..rows.len())
            .filter(|&i| in_scope[i] && rows[i].role.is_some())
            .collect(),
    );
    let mut state: Vec<Option<State>> = vec![None; n];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut r = 0;
    for group in order.chunk_by(same_person(rows)) {
        let person = rows[group[0]].person;
        state.iter_mut().for_each(|s| *s = None);
        while r < reqs.len() && reqs[r].person == person {
            state[reqs[r].course] = Some(reqs[r].state);
            r += 1;
        }
        // Each person with an assignment in the unit requiring the course counts once there.
        pairs.clear();
        for &i in group {
            let a = &rows[i];
            let role = a.role.expect("rows without a role were left out");
            for &c in plan.requires(role, a.declared_level()) {
                if course.is_none_or(|only| only == c) {
                    pairs.push((unit_of[i], c));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        for &(u, c) in &pairs {
            if let Some(st) = state[c] {
                cells[u * n + c].add(st);
            }
        }
        for (c, st) in state.iter().enumerate() {
            if let Some(st) = st.filter(|_| course.is_none_or(|only| only == c)) {
                totals[c].add(st);
            }
        }
    }
    let mut listed: Vec<SummaryRow> = Vec::new();
    for (cell, mut row) in cells
        .into_iter()
        .enumerate()
        .filter(|(_, row)| row.required > 0)
    {
        row.unit = spelling[cell / n];
        row.course = &plan.courses[cell % n].id;
        listed.push(row);
    }
    listed.sort_by(|a, b| (a.unit, plan.course(a.course)).cmp(&(b.unit, plan.course(b.course))));
    let totals: Vec<SummaryRow> = totals
        .into_iter()
        .enumerate()
        .filter(|(_, t)| t.required > 0)
        .map(|(c, mut t)| {
            t.unit = "Total";
            t.course = &plan.courses[c].id;
            t
        })
        .collect();
    let rows = listed;
    match format {
        Format::Csv => write_csv(out, &SUMMARY_HEADER, &rows)?,
        Format::Json => write_json(out, &rows)?,
        Format::Table => {
            let mut t = table(vec![
                "Unit", "Course", "Required", "Met", "Exempt", "Overdue", "Due", "Expired", "Met %",
            ]);
            let mut add = |r: &SummaryRow| {
                let pct = if r.required == 0 {
                    0.0
                } else {
                    100.0 * r.met as f64 / r.required as f64
                };
                let mut cells = vec![Cell::new(loaded.unit_label(r.unit)), Cell::new(r.course)];
                for n in [r.required, r.met, r.exempt, r.overdue, r.due, r.expired] {
                    cells.push(Cell::new(n).set_alignment(CellAlignment::Right));
                }
                cells.push(Cell::new(format!("{pct:.0}%")).set_alignment(CellAlignment::Right));
                t.add_row(cells);
            };
            rows.iter().for_each(&mut add);
            if rows.len() > totals.len() {
                totals.iter().for_each(&mut add);
            }
            print_table(out, &t)?;
            writeln!(
                out,
                "People by the state of each required course{}, as of {}; \"Total\" counts each person once.",
                scope_words(loaded, args),
                loaded.as_of
            )?;
        }
    }
    let late = rows.iter().any(|r| r.overdue > 0 || r.expired > 0);
    Ok(if args.check && late {
        Outcome::CheckFailed
    } else {
        Outcome::Success
    })
}
