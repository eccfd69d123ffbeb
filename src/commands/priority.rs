//! `kvu priority`: the order in which to close gaps. The gaps of `kvu gaps` in tier order (the plan's
//! `priority`; gaps matching no tier last), then by due date (empty first), then as `gaps` orders them.
//! `--seats N` keeps the first N rows of each course. `--by unit` counts each unit's gaps per tier.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use comfy_table::{Cell, CellAlignment};
use jiff::civil::Date;
use serde::Serialize;

use super::gaps::{GapRow, date_or_empty, date_text, gap_rows, lateness};
use super::{Loaded, Outcome};
use crate::cli::{Format, PriorityArgs, PriorityBy};
use crate::output::{CsvOut, TABLE_ROWS, print_table, rows_left_out, table, write_csv, write_json};
use crate::rules::priority::{describe, tier};

pub const HEADER: [&str; 10] = [
    "rank",
    "tier",
    "employee_id",
    "name",
    "unit",
    "role",
    "level",
    "course",
    "status",
    "due",
];

/// A gap with its tier, in priority order.
#[derive(Debug, Clone)]
pub struct PriorityRow<'a> {
    pub rank: usize,
    /// 1-based; `None` for a gap that matches no tier.
    pub tier: Option<usize>,
    pub gap: GapRow<'a>,
}

/// A [`PriorityRow`] as CSV and JSON print it.
#[derive(Debug, Serialize)]
pub struct PrintedRow<'a> {
    pub rank: usize,
    pub tier: Option<usize>,
    pub employee_id: &'a str,
    pub name: &'a str,
    pub unit: &'a str,
    pub role: &'a str,
    pub level: &'a str,
    pub course: &'a str,
    pub status: &'a str,
    #[serde(serialize_with = "date_or_empty")]
    pub due: Option<Date>,
}

impl<'a> PriorityRow<'a> {
    pub fn printed(&'a self) -> PrintedRow<'a> {
        let g = &self.gap;
        PrintedRow {
            rank: self.rank,
            tier: self.tier,
            employee_id: g.employee_id,
            name: g.name,
            unit: g.unit,
            role: g.role,
            level: g.level,
            course: g.course,
            status: g.status,
            due: g.due,
        }
    }
}

/// Every gap in scope with its tier, in priority order (ranks not yet given).
pub fn ordered<'a>(
    loaded: &'a Loaded,
    in_scope: &[bool],
    course: Option<usize>,
) -> Vec<PriorityRow<'a>> {
    let reqs = loaded.inputs().requirements(in_scope);
    let mut rows: Vec<PriorityRow> = gap_rows(loaded, &reqs)
        .into_iter()
        .filter(|g| course.is_none_or(|c| g.course_ix == c))
        .map(|gap| {
            let a = &loaded.staff.rows[gap.speaker];
            let status = gap.state.gap().expect("gap rows are gaps");
            let t = tier(
                &loaded.plan,
                a.role,
                a.declared_level(),
                gap.course_ix,
                status,
            )
            .map(|t| t + 1);
            PriorityRow {
                rank: 0,
                tier: t,
                gap,
            }
        })
        .collect();
    // A stable sort keeps the gaps order within a tier and due date.
    rows.sort_by_key(|r| {
        (
            r.tier.unwrap_or(usize::MAX),
            r.gap.state.due().is_some(),
            r.gap.state.due(),
        )
    });
    rows
}

/// Keeps the first `seats` rows of each course and numbers what is left.
pub fn take_seats(rows: Vec<PriorityRow<'_>>, seats: Option<usize>) -> Vec<PriorityRow<'_>> {
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out: Vec<PriorityRow> = rows
        .into_iter()
        .filter(|r| {
            let n = taken.entry(r.gap.course_ix).or_default();
            *n += 1;
            seats.is_none_or(|s| *n <= s)
        })
        .collect();
    for (i, r) in out.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    out
}

/// One unit of `priority --by unit`.
#[derive(Debug, Clone, Serialize)]
struct UnitTiers<'a> {
    unit: &'a str,
    /// Gaps per tier, then gaps matching no tier.
    tiers: Vec<usize>,
    total: usize,
}

pub fn run(
    loaded: &Loaded,
    args: &PriorityArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let in_scope = loaded.scope(args.scope.unit.as_deref(), args.scope.role.as_deref())?;
    let course = loaded.course_arg(args.scope.course.as_deref())?;
    let rows = take_seats(ordered(loaded, &in_scope, course), args.seats);
    if args.by == Some(PriorityBy::Unit) {
        return by_unit(loaded, &rows, format, out);
    }
    let plan = &loaded.plan;
    match format {
        Format::Csv => write_csv(out, &HEADER, rows.iter().map(PriorityRow::printed))?,
        Format::Json => write_json(out, rows.iter().map(PriorityRow::printed))?,
        Format::Table if rows.is_empty() => {
            writeln!(
                out,
                "No gaps: everyone in scope has what the plan requires, as of {}.",
                loaded.as_of
            )?;
        }
        Format::Table => {
            let mut t = table(vec![
                "Rank", "Why", "Employee", "Name", "Unit", "Role", "Course", "Status", "Due",
                "How late",
            ]);
            for r in rows.iter().take(TABLE_ROWS) {
                let why = match r.tier {
                    Some(t) => format!("{t}: {}", describe(plan, t - 1)),
                    None => "no tier".to_string(),
                };
                t.add_row(vec![
                    Cell::new(r.rank).set_alignment(CellAlignment::Right),
                    Cell::new(why),
                    Cell::new(r.gap.employee_id),
                    Cell::new(r.gap.name),
                    Cell::new(r.gap.unit),
                    Cell::new(r.gap.role),
                    Cell::new(r.gap.course),
                    Cell::new(r.gap.status),
                    Cell::new(date_text(r.gap.due)),
                    Cell::new(lateness(r.gap.state, loaded.as_of)),
                ]);
            }
            print_table(out, &t)?;
            rows_left_out(out, rows.len())?;
            let seats = args
                .seats
                .map(|s| format!(", the first {s} of each course"))
                .unwrap_or_default();
            writeln!(
                out,
                "{} gaps in priority order{seats}, as of {}: by the plan's tiers (Why), then due date, then unit and employee.",
                rows.len(),
                loaded.as_of
            )?;
        }
    }
    Ok(Outcome::Success)
}

fn by_unit(
    loaded: &Loaded,
    rows: &[PriorityRow],
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let tiers = loaded.plan.priority.len();
    let mut units: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for r in rows {
        let counts = units
            .entry(r.gap.unit)
            .or_insert_with(|| vec![0; tiers + 1]);
        counts[r.tier.map_or(tiers, |t| t - 1)] += 1;
    }
    let mut list: Vec<UnitTiers> = units
        .into_iter()
        .map(|(unit, tiers)| UnitTiers {
            unit,
            total: tiers.iter().sum(),
            tiers,
        })
        .collect();
    // Most urgent first: more gaps in tier 1, then in tier 2, ...; then by unit.
    list.sort_by(|a, b| b.tiers.cmp(&a.tiers).then(a.unit.cmp(b.unit)));
    let mut header: Vec<String> = vec!["unit".into()];
    header.extend((1..=tiers).map(|t| format!("tier_{t}")));
    header.extend(["no_tier".into(), "total".into()]);
    match format {
        Format::Csv => {
            let mut w = CsvOut::new(out);
            w.record(&header)?;
            for u in &list {
                let counts = u.tiers.iter().chain([&u.total]).map(usize::to_string);
                w.record(std::iter::once(u.unit.to_string()).chain(counts))?;
            }
            w.finish()?;
        }
        Format::Json => write_json(out, &list)?,
        Format::Table => {
            let mut head = vec!["Unit".to_string()];
            head.extend((1..=tiers).map(|t| format!("Tier {t}")));
            head.extend(["No tier".into(), "Total".into()]);
            let mut t = table(head.iter().map(String::as_str).collect());
            for u in &list {
                let mut cells = vec![Cell::new(loaded.unit_label(u.unit))];
                for n in u.tiers.iter().chain([&u.total]) {
                    cells.push(Cell::new(n).set_alignment(CellAlignment::Right));
                }
                t.add_row(cells);
            }
            print_table(out, &t)?;
            for (i, _) in loaded.plan.priority.iter().enumerate() {
                writeln!(out, "Tier {}: {}", i + 1, describe(&loaded.plan, i))?;
            }
        }
    }
    Ok(Outcome::Success)
}
