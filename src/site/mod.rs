//! `kvu site --output DIR [--year YYYY] [--depth N] [--no-names]`: a static web site of the plan's
//! state, written into a folder whole or not at all ([`Folder`]).
//!
//! Pages: `index.html` for the whole organisation; one page per unit, the same units as `--split unit`
//! (with a unit tree every unit down to `--depth` with a staff row at or below it, named like the
//! split's files); `all_units.html`, every unit as a list with a filter box; and `index.csv`
//! (`unit,name,parent,email,file,rows`, `rows` the unit's people), which marks the folder as kvu's.
//!
//! Each page's figures are the commands' own tables for its unit, run on the one model loaded
//! once: `gaps --summary`'s totals per course ([`commands::gaps::coverage`]), `trend --unit U`,
//! `report --year Y --unit U` and `--year Y-1`, and `priority --unit U` (the first 500 rows). So the
//! page, its JSON island and the commands agree by construction. A unit's run costs its own rows (the
//! model keeps each unit's rows), so the whole site costs about the sum of the units' sizes, which is
//! the staff times the depth of the tree.

pub mod page;

use anyhow::{Result, bail};

use crate::cli::{Command, GapsArgs, PriorityArgs, ReportArgs, Scope, SiteArgs, TrendArgs};
use crate::commands::{self, Context, Done};
use crate::output::sink::{Folder, INDEX_HEADER};
use crate::output::{Body, Table, Value};
use crate::split::{self, SplitUnit};

pub use page::ALL_UNITS;

/// The most gaps a page lists (and its JSON holds); the page says how many there are in all.
pub const PRIORITY_ROWS: usize = 500;

/// What the sub-unit lists show of a unit.
#[derive(Debug, Clone, Copy, Default)]
pub struct Standing {
    /// Overdue + expired, each person once per course.
    pub late: u64,
    pub required: u64,
    pub met: u64,
    /// Distinct people with a staff row at or below the unit.
    pub people: u64,
}

/// One unit of the site.
struct Node {
    unit: SplitUnit,
    /// Its page, when it has one (it is within `--depth`).
    file: Option<String>,
    /// Its parent's index among the site's units.
    parent: Option<usize>,
    children: Vec<usize>,
    standing: Option<Standing>,
}

/// The site's figures for one page, each the command's own table.
pub struct Figures<'a> {
    pub coverage: Table<'a>,
    pub trend: Table<'a>,
    pub report: Table<'a>,
    pub previous: Table<'a>,
    pub priority: Option<Table<'a>>,
}

/// The one table a command gave.
fn one(done: Done<'_>) -> Result<Table<'_>> {
    match done.body {
        Body::Tables(mut tables) if !tables.is_empty() => Ok(tables.swap_remove(0)),
        _ => bail!("internal error: a command gave no table for the site"),
    }
}

fn scope(unit: Option<&str>) -> Scope {
    Scope {
        unit: unit.map(str::to_string),
        role: None,
        course: None,
    }
}

/// The figures of one page: the commands run for the unit (`None`: the whole organisation).
pub fn figures<'a>(
    ctx: &Context<'a>,
    unit: Option<&str>,
    year: i16,
    names: bool,
) -> Result<Figures<'a>> {
    let report = |year: i16| {
        commands::report::run(
            ctx,
            &ReportArgs {
                year,
                unit: unit.map(str::to_string),
                by: None,
                depth: None,
                compare: false,
            },
        )
        .and_then(one)
    };
    Ok(Figures {
        coverage: commands::gaps::coverage(ctx, unit)?,
        trend: one(commands::trend::run(
            ctx,
            &TrendArgs {
                scope: scope(unit),
                from: None,
                to: None,
            },
        )?)?,
        report: report(year)?,
        previous: report(year - 1)?,
        priority: if names {
            Some(one(commands::priority::run(
                ctx,
                &PriorityArgs {
                    scope: scope(unit),
                    seats: None,
                    by: None,
                },
            )?)?)
        } else {
            None
        },
    })
}

/// A count column of a table's data view, summed over its rows.
fn column_sum(table: &Table, key: &str) -> u64 {
    let view = &table.data;
    let Some(k) = view.columns.iter().position(|c| c.key == key) else {
        return 0;
    };
    let mut values = Vec::new();
    (0..view.len)
        .map(|i| {
            view.row(i, &mut values);
            match values[k] {
                Value::Count(n) => n,
                _ => 0,
            }
        })
        .sum()
}

/// A unit's standing: from its coverage (each person once per course) and its people.
fn standing(ctx: &Context, unit: &str) -> Result<Standing> {
    let coverage = commands::gaps::coverage(ctx, Some(unit))?;
    let model = ctx.model;
    let in_scope = model.scope(Some(unit), None)?;
    let rows = model.rows();
    let mut people: Vec<u32> = in_scope.rows().iter().map(|&i| rows[i].person).collect();
    people.sort_unstable();
    people.dedup();
    Ok(Standing {
        late: column_sum(&coverage, "overdue") + column_sum(&coverage, "expired"),
        required: column_sum(&coverage, "required"),
        met: column_sum(&coverage, "met"),
        people: people.len() as u64,
    })
}

/// Builds the site into the folder (which the caller finishes): every page, `all_units.html` and
/// `index.csv`. `quiet`: no progress bar; `footer`: the line at the foot of each page.
pub fn build(
    ctx: &Context,
    args: &SiteArgs,
    folder: &Folder,
    quiet: bool,
    footer: &str,
) -> Result<()> {
    let model = ctx.model;
    if args.depth == Some(0) {
        bail!("--depth 0: the roots are depth 1, expected a whole number from 1");
    }
    if args.depth.is_some() && model.exports.units.is_none() {
        bail!("--depth needs a unit tree, expected --units FILE (or KVU_UNITS)");
    }
    commands::has_staff(model)?;
    let year = args.year.unwrap_or(ctx.as_of.year());
    let everyone = Command::Gaps(GapsArgs {
        scope: scope(None),
        status: Vec::new(),
        summary: false,
        check: false,
    });
    let all = split::units(model, &everyone, None)?;
    let pages = split::units(model, &everyone, args.depth)?;
    let files = split::file_names(&pages, "html");
    let mut nodes: Vec<Node> = all
        .into_iter()
        .map(|unit| Node {
            unit,
            file: None,
            parent: None,
            children: Vec::new(),
            standing: None,
        })
        .collect();
    let index_of: std::collections::HashMap<String, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (crate::plan::key(&n.unit.id), i))
        .collect();
    for (page, file) in pages.iter().zip(&files) {
        if let Some(&i) = index_of.get(&crate::plan::key(&page.id)) {
            nodes[i].file = Some(file.clone());
        }
    }
    for i in 0..nodes.len() {
        let parent = Some(&nodes[i].unit.parent)
            .filter(|p| !p.is_empty())
            .and_then(|p| index_of.get(&crate::plan::key(p)).copied());
        nodes[i].parent = parent;
        if let Some(p) = parent {
            nodes[p].children.push(i);
        }
    }
    let roots: Vec<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].parent.is_none())
        .collect();
    // Standings for the units a page lists: the pages' and their sub-units (and the roots).
    let paged: Vec<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].file.is_some())
        .collect();
    let mut wanted = vec![false; nodes.len()];
    for &i in paged.iter().chain(&roots) {
        wanted[i] = true;
        for &c in &nodes[i].children {
            wanted[c] = true;
        }
    }
    let bar = crate::output::progress::bar(
        paged.len() * 2 + 1,
        quiet,
        ctx.lang.pick("units and pages", "enheter och sidor"),
    );
    for i in (0..nodes.len()).filter(|&i| wanted[i]) {
        nodes[i].standing = Some(standing(ctx, &nodes[i].unit.id)?);
        if nodes[i].file.is_some() {
            bar.inc(1);
        }
    }
    let site = page::Site {
        lang: ctx.lang,
        as_of: ctx.as_of,
        plan: model.plan,
        tree: model.exports.units.is_some(),
        year,
        footer,
    };
    let sub_units = |children: &[usize]| -> Vec<page::SubUnit> {
        let mut list: Vec<page::SubUnit> = children
            .iter()
            .map(|&c| page::SubUnit {
                unit: nodes[c].unit.clone(),
                file: nodes[c].file.clone(),
                standing: nodes[c].standing.unwrap_or_default(),
            })
            .collect();
        // Most overdue + expired first; ties keep the tree's (or the split's) order.
        list.sort_by_key(|s| std::cmp::Reverse(s.standing.late));
        list
    };
    // The whole organisation.
    let figures_all = figures(ctx, None, year, !args.no_names)?;
    let mut file = folder.create("index.html")?;
    page::write(
        &mut file,
        &site,
        &page::Page {
            unit: None,
            crumbs: Vec::new(),
            figures: &figures_all,
            sub_units: sub_units(&roots),
        },
    )?;
    std::io::Write::flush(&mut file)?;
    drop(figures_all);
    bar.inc(1);
    let mut index = csv::Writer::from_writer(folder.create("index.csv")?);
    index.write_record(INDEX_HEADER.split(','))?;
    for &i in &paged {
        let node = &nodes[i];
        let name = node.file.as_deref().unwrap_or_default();
        let mut crumbs = Vec::new();
        let mut at = node.parent;
        while let Some(p) = at {
            crumbs.push((nodes[p].unit.clone(), nodes[p].file.clone()));
            at = nodes[p].parent;
        }
        crumbs.reverse();
        let figures = figures(ctx, Some(&node.unit.id), year, !args.no_names)?;
        let mut file = folder.create(name)?;
        page::write(
            &mut file,
            &site,
            &page::Page {
                unit: Some(&node.unit),
                crumbs,
                figures: &figures,
                sub_units: sub_units(&node.children),
            },
        )?;
        std::io::Write::flush(&mut file)?;
        let standing = node.standing.unwrap_or_default();
        index.write_record([
            node.unit.id.as_str(),
            &node.unit.name,
            &node.unit.parent,
            &node.unit.email,
            name,
            &standing.people.to_string(),
        ])?;
        bar.inc(1);
    }
    index.flush()?;
    drop(index);
    // Every unit with a page as a list, each followed by its sub-units (the tree's shape).
    let mut list: Vec<page::Listed> = Vec::new();
    let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|&r| (r, 0)).collect();
    while let Some((i, depth)) = stack.pop() {
        let Some(file) = &nodes[i].file else { continue };
        list.push(page::Listed {
            unit: nodes[i].unit.clone(),
            file: file.clone(),
            depth,
        });
        stack.extend(nodes[i].children.iter().rev().map(|&c| (c, depth + 1)));
    }
    let mut file = folder.create(ALL_UNITS)?;
    page::write_list(&mut file, &site, &list)?;
    std::io::Write::flush(&mut file)?;
    bar.finish_and_clear();
    Ok(())
}
