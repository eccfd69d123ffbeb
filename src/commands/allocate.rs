//! `kvu allocate`: share a course's seats among units, then fill each unit's seats from its own
//! priority order.
//!
//! The units are the top units under the scope (the roots of the unit tree, or the units directly below
//! the root when the tree has one, or with `--unit X` the units directly below X), or the units at level
//! `--depth` of the tree; each gap counts for the unit
//! its person's speaking post lies in or below. Without a tree, the units are the staff export's units.
//! Seats go in proportion to each unit's open gaps for the course, or to a key (`--key`, CSV
//! `unit,weight`), by the largest-remainder method; no unit gets more seats than it has gaps, and the
//! seats a unit cannot take pass on to the others (see [`crate::rules::priority::allocate`]).

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::{Result, bail};
use comfy_table::{Cell, CellAlignment};
use jiff::civil::Date;
use serde::Serialize;

use super::gaps::{date_or_empty, date_text};
use super::priority::{ordered, take_seats};
use super::{Loaded, Outcome};
use crate::cli::{AllocateArgs, Format};
use crate::diag::{Diagnostics, Problem};
use crate::load::{CsvFile, ReadOptions, each_row};
use crate::output::{TABLE_ROWS, print_table, rows_left_out, table, write_csv, write_json};
use crate::plan::key;
use crate::rules::priority::allocate;

pub const HEADER: [&str; 3] = ["unit", "seats", "gaps"];
pub const PEOPLE_HEADER: [&str; 11] = [
    "unit",
    "rank",
    "tier",
    "employee_id",
    "name",
    "home_unit",
    "role",
    "level",
    "course",
    "status",
    "due",
];

/// Weights are whole millionths, so that decimals in a key share exactly.
const SCALE: u64 = 1_000_000;

#[derive(Debug, Serialize)]
struct Share<'a> {
    unit: &'a str,
    seats: u64,
    gaps: u64,
}

#[derive(Debug, Serialize)]
struct Chosen<'a> {
    unit: &'a str,
    rank: usize,
    tier: Option<usize>,
    employee_id: &'a str,
    name: &'a str,
    home_unit: &'a str,
    role: &'a str,
    level: &'a str,
    course: &'a str,
    status: &'a str,
    #[serde(serialize_with = "date_or_empty")]
    due: Option<Date>,
}

fn parse_weight(text: &str) -> Option<u64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && frac.is_empty()
        || frac.len() > 6
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: u64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<6}").parse().ok()?
    };
    whole.checked_mul(SCALE)?.checked_add(frac)
}

/// Reads a key file: unit (as the allocation names units: id or name) -> weight in millionths.
fn load_key(
    path: &str,
    options: &ReadOptions,
    diag: &mut Diagnostics,
) -> Result<Vec<(String, u64, u64)>, Problem> {
    let mut file = CsvFile::open(path, "key", options)?;
    let c_unit = file.require("unit")?;
    let c_weight = file.require("weight")?;
    let mut key_rows = Vec::new();
    each_row(&mut file, diag, |row, _| {
        let unit = row.required(c_unit, "a unit id or name")?;
        let text = row.text(c_weight)?;
        let weight = parse_weight(&text).ok_or_else(|| {
            row.problem(format!(
                "weight `{text}` is not a number of 0 or more (at most six decimals)"
            ))
        })?;
        key_rows.push((unit.to_string(), weight, row.line));
        Ok(())
    })?;
    Ok(key_rows)
}

pub fn run(
    loaded: &Loaded,
    args: &AllocateArgs,
    format: Format,
    diag: &mut Diagnostics,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let Some(course) = loaded.course_arg(Some(&args.course))? else {
        unreachable!("a course was given")
    };
    if args.depth == Some(0) {
        bail!("--depth is 0, expected 1 (the top units) or more");
    }
    if args.depth.is_some() && loaded.units.is_none() {
        bail!("--depth needs a unit tree, expected --units FILE (or KVU_UNITS)");
    }
    let in_scope = loaded.scope(args.unit.as_deref(), None)?;

    // The level units are counted at, and the unit each staff row counts for.
    let tree = loaded.units.as_ref();
    let level = match (args.depth, tree, &args.unit) {
        (Some(d), _, _) => d,
        (None, Some(t), Some(u)) => t.ancestors(t.find(u)[0]).len() + 1,
        // A tree with one root (the region itself): the units directly below it.
        (None, Some(t), None) if t.units.iter().filter(|u| u.parent.is_none()).count() == 1 => 2,
        _ => 1,
    };
    let unit_of_row = |row: usize| -> (String, String) {
        let a = &loaded.staff.rows[row];
        match tree.and_then(|t| loaded.tree_unit[row].map(|u| (t, u))) {
            Some((t, u)) => {
                let chain = t.ancestors(u);
                let at = chain[chain.len().saturating_sub(level).min(chain.len() - 1)];
                (key(&t.units[at].id), t.units[at].id.clone())
            }
            None => (a.unit_key().to_string(), a.unit().to_string()),
        }
    };

    // Units in scope (keyed), with their gaps for the course in priority order.
    let mut units: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (i, _) in loaded
        .staff
        .rows
        .iter()
        .enumerate()
        .filter(|(i, _)| in_scope[*i])
    {
        let (k, name) = unit_of_row(i);
        units.entry(k).or_insert((name, Vec::new()));
    }
    let rows = take_seats(ordered(loaded, &in_scope, Some(course)), None);
    for (ix, r) in rows.iter().enumerate() {
        let (k, _) = unit_of_row(r.gap.speaker);
        if let Some(u) = units.get_mut(&k) {
            u.1.push(ix);
        }
    }
    // Print in code-point order of the unit as printed.
    let mut list: Vec<(String, Vec<usize>)> = units.into_values().collect();
    list.sort_by(|a, b| a.0.cmp(&b.0));
    let caps: Vec<u64> = list.iter().map(|u| u.1.len() as u64).collect();

    let weights: Vec<u64> = match &args.key {
        None => caps.iter().map(|c| c * SCALE).collect(),
        Some(path) => {
            let key_rows = load_key(path, &loaded.read_options, diag)?;
            let mut weights = vec![None; list.len()];
            for (unit, weight, line) in key_rows {
                let target = match tree {
                    Some(t) => t.find(&unit).first().map(|&u| key(&t.units[u].id)),
                    None => Some(key(&unit)),
                };
                match target.and_then(|k| list.iter().position(|(name, _)| key(name) == k)) {
                    Some(i) => weights[i] = Some(weight),
                    None => diag.warn(Problem::at(path, line, format!("unit `{unit}` of the key is not one of the units seats go to; it is ignored")))?,
                }
            }
            for (i, w) in weights.iter().enumerate() {
                if w.is_none() {
                    diag.warn(Problem::file(
                        path,
                        format!(
                            "unit `{}` has no weight in the key; it gets no seats",
                            list[i].0
                        ),
                    ))?;
                }
            }
            weights.into_iter().map(|w| w.unwrap_or(0)).collect()
        }
    };
    let seats = allocate(args.seats, &weights, &caps);

    if args.people {
        let mut chosen = Vec::new();
        for ((unit, gaps), &n) in list.iter().zip(&seats) {
            for (rank, &ix) in gaps.iter().take(n as usize).enumerate() {
                let r = &rows[ix];
                let g = &r.gap;
                chosen.push(Chosen {
                    unit,
                    rank: rank + 1,
                    tier: r.tier,
                    employee_id: g.employee_id,
                    name: g.name,
                    home_unit: g.unit,
                    role: g.role,
                    level: g.level,
                    course: g.course,
                    status: g.status,
                    due: g.due,
                });
            }
        }
        match format {
            Format::Csv => write_csv(out, &PEOPLE_HEADER, &chosen)?,
            Format::Json => write_json(out, &chosen)?,
            Format::Table => {
                let mut t = table(vec![
                    "Unit",
                    "Rank",
                    "Tier",
                    "Employee",
                    "Name",
                    "Home unit",
                    "Role",
                    "Status",
                    "Due",
                ]);
                for c in chosen.iter().take(TABLE_ROWS) {
                    t.add_row(vec![
                        Cell::new(c.unit),
                        Cell::new(c.rank).set_alignment(CellAlignment::Right),
                        Cell::new(c.tier.map(|t| t.to_string()).unwrap_or_default()),
                        Cell::new(c.employee_id),
                        Cell::new(c.name),
                        Cell::new(c.home_unit),
                        Cell::new(c.role),
                        Cell::new(c.status),
                        Cell::new(date_text(c.due)),
                    ]);
                }
                print_table(out, &t)?;
                rows_left_out(out, chosen.len())?;
                writeln!(
                    out,
                    "{} people chosen for {} seats of {}.",
                    chosen.len(),
                    args.seats,
                    loaded.plan.courses[course].id
                )?;
            }
        }
        return Ok(Outcome::Success);
    }

    let shares: Vec<Share> = list
        .iter()
        .zip(&seats)
        .map(|((unit, gaps), &seats)| Share {
            unit,
            seats,
            gaps: gaps.len() as u64,
        })
        .collect();
    match format {
        Format::Csv => write_csv(out, &HEADER, &shares)?,
        Format::Json => write_json(out, &shares)?,
        Format::Table => {
            let basis = if args.key.is_some() {
                "Key weight"
            } else {
                "Weight (gaps)"
            };
            let mut t = table(vec!["Unit", basis, "Share", "Seats", "Gaps"]);
            let total_weight: u64 = weights.iter().sum();
            for (s, w) in shares.iter().zip(&weights) {
                let share = if total_weight == 0 {
                    0.0
                } else {
                    100.0 * *w as f64 / total_weight as f64
                };
                t.add_row(vec![
                    Cell::new(loaded.unit_label(s.unit)),
                    Cell::new(crate::rules::delivery::hours_text(*w as f64 / SCALE as f64))
                        .set_alignment(CellAlignment::Right),
                    Cell::new(format!("{share:.1}%")).set_alignment(CellAlignment::Right),
                    Cell::new(s.seats).set_alignment(CellAlignment::Right),
                    Cell::new(s.gaps).set_alignment(CellAlignment::Right),
                ]);
            }
            let given: u64 = seats.iter().sum();
            let gaps: u64 = caps.iter().sum();
            t.add_row(vec![
                Cell::new("Total"),
                Cell::new(""),
                Cell::new(""),
                Cell::new(given).set_alignment(CellAlignment::Right),
                Cell::new(gaps).set_alignment(CellAlignment::Right),
            ]);
            print_table(out, &t)?;
            writeln!(
                out,
                "{given} of {} seats of {} shared by the largest-remainder method; no unit gets more seats than it has gaps.",
                args.seats, loaded.plan.courses[course].id
            )?;
            if given < args.seats {
                writeln!(
                    out,
                    "{} seats are left over: the units with weight have no more gaps than that.",
                    args.seats - given
                )?;
            }
        }
    }
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::parse_weight;

    #[test]
    fn weights_are_exact_millionths() {
        assert_eq!(parse_weight("9"), Some(9_000_000));
        assert_eq!(parse_weight("2.5"), Some(2_500_000));
        assert_eq!(parse_weight("0.000001"), Some(1));
        assert_eq!(parse_weight(".5"), Some(500_000));
        for bad in ["", "-1", "1e3", "1.0000001", "x", "."] {
            assert_eq!(parse_weight(bad), None, "{bad}");
        }
    }
}
