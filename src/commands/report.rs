//! `kvu report --year YYYY`: the annual follow-up. Per plan course: participants, completions, sessions
//! and hours delivered in the year, and a TOTAL; with `--by`, the same per group. The table and JSON add
//! the change against the previous year and the coverage at the end of the period.

use std::collections::{BTreeSet, HashSet};
use std::io::Write;

use anyhow::{Result, bail};
use comfy_table::{Cell, CellAlignment};
use jiff::civil::Date;
use serde::{Serialize, Serializer};

use super::{Loaded, Outcome};
use crate::cli::{By, Format, ReportArgs};
use crate::output::{CsvOut, print_table, table, write_json};
use crate::rules::State;
use crate::rules::delivery::{Delivered, delivered, hours_text};

pub const HEADER: [&str; 6] = [
    "course",
    "name",
    "participants",
    "completions",
    "sessions",
    "hours",
];
pub const NOT_IN_STAFF: &str = "(not in staff)";

/// People who were required to have a course on a date, and how many had it.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Coverage {
    pub required: u64,
    pub met: u64,
}

/// The groups of a report and which person belongs to which.
pub struct Grouping {
    pub labels: Vec<String>,
    /// Per person: the group's index in `labels`, or `None` when the person does not count.
    pub group_of: Vec<Option<usize>>,
}

fn plain_number<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    let text = hours_text(*value);
    match text.parse::<i64>() {
        Ok(whole) => s.serialize_i64(whole),
        Err(_) => s.serialize_f64(text.parse().unwrap_or(*value)),
    }
}

#[derive(Serialize)]
struct Figures {
    participants: u64,
    completions: u64,
    sessions: u64,
    #[serde(serialize_with = "plain_number")]
    hours: f64,
}

impl From<Delivered> for Figures {
    fn from(d: Delivered) -> Figures {
        Figures {
            participants: d.participants,
            completions: d.completions,
            sessions: d.sessions,
            hours: d.hours,
        }
    }
}

#[derive(Serialize)]
struct PreviousYear {
    year: i16,
    #[serde(flatten)]
    figures: Figures,
}

#[derive(Serialize)]
struct CoverageJson {
    on: String,
    required: u64,
    met: u64,
    percent: Option<f64>,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    course: &'a str,
    name: &'a str,
    #[serde(flatten)]
    figures: Figures,
    previous_year: PreviousYear,
    coverage: CoverageJson,
}

/// Which group each person belongs to: their first staff row in scope, as `gaps` prints it.
pub fn grouping(
    loaded: &Loaded,
    in_scope: &[bool],
    by: Option<By>,
    depth: Option<usize>,
    unit_given: bool,
) -> Grouping {
    let people = loaded.people.len();
    let mut label_of: Vec<Option<String>> = vec![None; people];
    for (i, a) in loaded.staff.rows.iter().enumerate() {
        let slot = &mut label_of[a.person as usize];
        if !in_scope[i] || slot.is_some() {
            continue;
        }
        *slot = Some(match by {
            None => String::new(),
            Some(By::Unit) => match (depth, &loaded.units) {
                (Some(d), Some(tree)) => match loaded.tree_unit[i] {
                    Some(u) => {
                        let chain = tree.ancestors(u);
                        // chain: the unit first, the root last; level d counts from the root (1).
                        let at = chain.len().saturating_sub(d);
                        tree.units[chain[at.min(chain.len() - 1)]].id.clone()
                    }
                    None => a.unit().to_string(),
                },
                _ => a.unit().to_string(),
            },
            Some(By::Role) => match a.role {
                Some(r) => loaded.plan.roles[r].id.clone(),
                None => a.role_written.to_string(),
            },
            Some(By::Level) => a.level_text(&loaded.plan).to_string(),
        });
    }
    if !unit_given {
        let leaver = if by.is_some() { NOT_IN_STAFF } else { "" };
        for label in label_of.iter_mut().skip(loaded.people.staff_count as usize) {
            *label = Some(leaver.to_string());
        }
    }
    let mut labels: Vec<String> = label_of
        .iter()
        .flatten()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if by.is_some() && labels.iter().any(|l| l == NOT_IN_STAFF) {
        labels.retain(|l| l != NOT_IN_STAFF);
        labels.push(NOT_IN_STAFF.to_string());
    }
    let index: std::collections::HashMap<&str, usize> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i))
        .collect();
    let group_of = label_of
        .iter()
        .map(|l| l.as_deref().and_then(|l| index.get(l).copied()))
        .collect();
    Grouping { labels, group_of }
}

pub fn run(
    loaded: &Loaded,
    args: &ReportArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome> {
    if args.depth.is_some() && args.by != Some(By::Unit) {
        bail!("--depth goes with --by unit, expected --by unit --depth N");
    }
    if args.depth.is_some() && loaded.units.is_none() {
        bail!("--depth needs a unit tree, expected --units FILE (or KVU_UNITS)");
    }
    if args.depth == Some(0) {
        bail!("--depth is 0, expected 1 (the top units) or more");
    }
    let year = args.year;
    let in_scope = loaded.scope(args.unit.as_deref(), None)?;
    let mut groups = grouping(loaded, &in_scope, args.by, args.depth, args.unit.is_some());
    let current = delivered(
        &loaded.plan,
        &loaded.completions,
        year,
        &groups.group_of,
        groups.labels.len(),
    );
    // Leavers form a group only when they delivered something this year.
    if args.by.is_some() && groups.labels.last().is_some_and(|l| l == NOT_IN_STAFF) {
        let last = groups.labels.len() - 1;
        if current[last].last().is_some_and(|t| t.completions == 0) {
            groups.labels.pop();
            groups.group_of.iter_mut().for_each(|g| {
                if *g == Some(last) {
                    *g = None;
                }
            });
        }
    }
    let current = &current[..groups.labels.len()];
    let previous = delivered(
        &loaded.plan,
        &loaded.completions,
        year - 1,
        &groups.group_of,
        groups.labels.len(),
    );

    let plan = &loaded.plan;
    let n = plan.courses.len();
    let course_label = |c: usize| {
        if c == n {
            ("TOTAL", "")
        } else {
            (plan.courses[c].id.as_str(), plan.courses[c].name.as_str())
        }
    };
    let group_label = |g: usize| args.by.map(|_| groups.labels[g].as_str());
    match format {
        Format::Csv => {
            let mut w = CsvOut::new(out);
            let group = args.by.map(|_| "group");
            w.record(group.iter().copied().chain(HEADER))?;
            for (g, rows) in current.iter().enumerate() {
                for (c, d) in rows.iter().enumerate() {
                    let (id, name) = course_label(c);
                    let figures = [
                        d.participants.to_string(),
                        d.completions.to_string(),
                        d.sessions.to_string(),
                        hours_text(d.hours),
                    ];
                    w.record(
                        group_label(g)
                            .into_iter()
                            .chain([id, name])
                            .chain(figures.iter().map(String::as_str)),
                    )?;
                }
            }
            w.finish()?;
        }
        Format::Json | Format::Table => {
            let end = Date::new(year, 12, 31).map_err(|e| anyhow::anyhow!("--year {year}: {e}"))?;
            let on = end.min(loaded.as_of);
            let coverage = coverage(loaded, &in_scope, &groups, on);
            if format == Format::Json {
                let mut rows = Vec::new();
                for (g, group) in current.iter().enumerate() {
                    for (c, d) in group.iter().enumerate() {
                        let (id, name) = course_label(c);
                        let cov = coverage[g][c];
                        rows.push(JsonRow {
                            group: group_label(g),
                            course: id,
                            name,
                            figures: (*d).into(),
                            previous_year: PreviousYear {
                                year: year - 1,
                                figures: previous[g][c].into(),
                            },
                            coverage: CoverageJson {
                                on: on.to_string(),
                                required: cov.required,
                                met: cov.met,
                                percent: (cov.required > 0).then(|| {
                                    (1000.0 * cov.met as f64 / cov.required as f64).round() / 10.0
                                }),
                            },
                        });
                    }
                }
                write_json(out, &rows)?;
            } else {
                let mut header = vec![
                    "Course",
                    "Name",
                    "Participants",
                    "Completions",
                    "Sessions",
                    "Hours",
                ];
                let cov_header = format!("Coverage {on}");
                header.push(&cov_header);
                if args.by.is_some() {
                    header.insert(0, "Group");
                }
                let mut t = table(header);
                for (g, group) in current.iter().enumerate() {
                    for (c, d) in group.iter().enumerate() {
                        let p = previous[g][c];
                        let (id, name) = course_label(c);
                        let mut cells = Vec::new();
                        if let Some(label) = group_label(g) {
                            cells.push(Cell::new(if c == 0 { label } else { "" }));
                        }
                        cells.push(Cell::new(id));
                        cells.push(Cell::new(name));
                        for (now, before) in [
                            (d.participants as f64, p.participants as f64),
                            (d.completions as f64, p.completions as f64),
                            (d.sessions as f64, p.sessions as f64),
                            (d.hours, p.hours),
                        ] {
                            cells.push(
                                Cell::new(with_change(now, before))
                                    .set_alignment(CellAlignment::Right),
                            );
                        }
                        let cov = coverage[g][c];
                        let cov_text = if cov.required == 0 {
                            "–".to_string()
                        } else {
                            format!(
                                "{} of {}, {:.0}%",
                                cov.met,
                                cov.required,
                                100.0 * cov.met as f64 / cov.required as f64
                            )
                        };
                        cells.push(Cell::new(cov_text).set_alignment(CellAlignment::Right));
                        t.add_row(cells);
                    }
                }
                print_table(out, &t)?;
                let so_far = if loaded.as_of < end {
                    format!(" up to {}", loaded.as_of)
                } else {
                    String::new()
                };
                let scope = args
                    .unit
                    .as_deref()
                    .map(|u| format!(" in unit {}", u.trim()))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "Delivered in {year}{so_far}{scope}; in brackets the change against {}.",
                    year - 1
                )?;
                writeln!(
                    out,
                    "Coverage: of the people who should have had the course by {on}, how many had it."
                )?;
            }
        }
    }
    Ok(Outcome::Success)
}

/// `134 (+12)`.
fn with_change(now: f64, before: f64) -> String {
    let diff = now - before;
    let sign = if diff > 0.0 {
        "+"
    } else if diff < 0.0 {
        "−"
    } else {
        "±"
    };
    format!("{} ({sign}{})", hours_text(now), hours_text(diff.abs()))
}

/// Coverage on a date, per group and course (and the total over courses, last): of the requirements that
/// are met, overdue or expired on that date (people still within their grace, and exempt people, were not
/// yet required to have the course), how many are met.
fn coverage(loaded: &Loaded, in_scope: &[bool], groups: &Grouping, on: Date) -> Vec<Vec<Coverage>> {
    let n = loaded.plan.courses.len();
    let mut out = vec![vec![Coverage::default(); n + 1]; groups.labels.len()];
    let mut inputs = loaded.inputs();
    inputs.as_of = on;
    let mut seen: HashSet<(u32, usize)> = HashSet::new();
    for r in inputs.requirements(in_scope) {
        let Some(g) = groups.group_of[r.person as usize] else {
            continue;
        };
        if !seen.insert((r.person, r.course)) {
            continue;
        }
        let met = match r.state {
            State::Met => true,
            State::Overdue(_) | State::Expired(_) => false,
            State::Due(_) | State::Exempt => continue,
        };
        for c in [r.course, n] {
            out[g][c].required += 1;
            out[g][c].met += u64::from(met);
        }
    }
    out
}
