//! `kvu site --output DIR [--year YYYY] [--depth N] [--no-names]`: a static web site of the plan's
//! state, written into a folder whole or not at all ([`Folder`]).
//!
//! Pages: `index.html` for the whole organisation; one page per unit, the same units as `--split unit`
//! (with a unit tree every unit down to `--depth` with a staff row at or below it, named like the
//! split's files); `all_units.html`, every unit as a list with a filter box; and `index.csv`
//! (`unit,name,parent,email,file,rows`, `rows` the unit's people), which marks the folder as kvu's.
//!
//! The pages are one fan-out of the site's job over its units ([`split::each_unit`], as `--split
//! unit`'s files), on the one model loaded once. Each page's figures ([`figures`]) are the commands'
//! results for its unit: `gaps --summary`'s totals per course ([`commands::gaps::covered`]), `trend
//! --unit U`, `report --year Y --unit U` and `--year Y-1`, and `priority --unit U` (the first 500
//! rows), each as numbers, which the page's sections draw ([`page`]), and as the command's table, whose
//! JSON is the page's data island. So the page, its JSON island and the commands agree by construction.
//! A unit's run costs its own rows (the model keeps each unit's rows), so the whole site costs about
//! the sum of the units' sizes, which is the staff times the depth of the tree.

pub mod figures;
pub mod page;

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::{Result, bail};

use crate::commands::gaps::{Covered, covered};
use crate::commands::{self, Context};
use crate::config::Job;
use crate::config::job::Site;
use crate::history::lookback::Lookback;
use crate::output::sink::{Folder, INDEX_HEADER};
use crate::output::words;
use crate::plan::{Key, key};
use crate::split::{self, SplitUnit};
use crate::threads;

pub use figures::{Figure, Figures};
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

impl Standing {
    /// A unit's standing, from its coverage (each person once per course) and its people.
    fn of(covered: &Covered) -> Standing {
        let sum = |count: fn(&crate::rules::summary::Counts) -> u64| {
            covered.totals.iter().map(|(_, t)| count(t)).sum()
        };
        Standing {
            late: sum(|t| t.overdue + t.expired),
            required: sum(|t| t.required),
            met: sum(|t| t.met),
            people: covered.people,
        }
    }
}

/// One unit of the site.
struct Node {
    unit: SplitUnit,
    /// Its page, when it has one (it is within `--depth`).
    file: Option<String>,
    /// Its parent's index among the site's units.
    parent: Option<usize>,
    children: Vec<usize>,
    /// Its coverage, when a page shows it or lists the unit.
    covered: Option<Arc<Covered>>,
}

impl Node {
    fn standing(&self) -> Standing {
        self.covered
            .as_deref()
            .map(Standing::of)
            .unwrap_or_default()
    }
}

/// The site's units (every unit with a staff row at or below it, as `--split unit` has them), each
/// with its page's file when it is within `--depth`, its parent and its sub-units.
fn nodes(model: &crate::model::Model, site: &Site) -> Result<Vec<Node>> {
    let everyone = Job::Site(site.clone());
    let (all, depth) = (split::units(model, &everyone, None)?, site.depth);
    let pages = split::units(model, &everyone, depth)?;
    let files = split::file_names(&pages, "html");
    let mut nodes: Vec<Node> = all
        .into_iter()
        .map(|unit| Node {
            unit,
            file: None,
            parent: None,
            children: Vec::new(),
            covered: None,
        })
        .collect();
    let index_of: HashMap<Key, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (key(&n.unit.id), i))
        .collect();
    for (page, file) in pages.iter().zip(files) {
        if let Some(&i) = index_of.get(&key(&page.id)) {
            nodes[i].file = Some(file);
        }
    }
    for i in 0..nodes.len() {
        let parent = Some(&nodes[i].unit.parent)
            .filter(|p| !p.is_empty())
            .and_then(|p| index_of.get(&key(p)).copied());
        nodes[i].parent = parent;
        if let Some(p) = parent {
            nodes[p].children.push(i);
        }
    }
    Ok(nodes)
}

/// The coverage of the units a page shows or lists (the pages' units, their sub-units and the roots),
/// on all cores.
fn add_coverage(ctx: &Context, nodes: &mut [Node], roots: &[usize]) -> Result<()> {
    let mut wanted = vec![false; nodes.len()];
    for i in (0..nodes.len())
        .filter(|&i| nodes[i].file.is_some())
        .chain(roots.iter().copied())
    {
        wanted[i] = true;
        for &c in &nodes[i].children {
            wanted[c] = true;
        }
    }
    let wanted: Vec<usize> = (0..nodes.len()).filter(|&i| wanted[i]).collect();
    let units: Vec<&str> = wanted.iter().map(|&i| nodes[i].unit.id.as_str()).collect();
    let covers = threads::each_index(units.len(), |k| covered(ctx, Some(units[k])))?;
    for (i, c) in wanted.into_iter().zip(covers) {
        nodes[i].covered = Some(Arc::new(c));
    }
    Ok(())
}

/// What every page of a site shares.
struct Shared<'s, 'a> {
    ctx: &'s Context<'a>,
    site: page::Site<'s>,
    nodes: &'s [Node],
    folder: &'s Folder,
    /// `--history`: the store's recordings and every unit's figures, read once.
    lookback: Option<Lookback>,
}

impl Shared<'_, '_> {
    /// A unit as a page lists it.
    fn listed(&self, i: usize) -> page::SubUnit {
        let node = &self.nodes[i];
        page::SubUnit {
            unit: node.unit.clone(),
            file: node.file.clone(),
            standing: node.standing(),
        }
    }

    /// The sub-units a page lists: most overdue + expired first; ties keep the tree's (or the split's)
    /// order.
    fn sub_units(&self, children: &[usize]) -> Vec<page::SubUnit> {
        let mut list: Vec<page::SubUnit> = children.iter().map(|&c| self.listed(c)).collect();
        list.sort_by_key(|s| std::cmp::Reverse(s.standing.late));
        list
    }

    /// `index.html`, the whole organisation's page (`site`'s unit is none). A single root is listed
    /// first, with the units under it ranked below, so that the landing page shows the top units'
    /// standings.
    fn write_index(&self, site: &Site, roots: &[usize]) -> Result<()> {
        let (lead, listed) = match roots {
            [root] if !self.nodes[*root].children.is_empty() => {
                (Some(self.listed(*root)), &self.nodes[*root].children[..])
            }
            _ => (None, roots),
        };
        let covered = Arc::new(covered(self.ctx, None)?);
        let figures = figures::figures(
            self.ctx,
            site,
            self.site.year,
            covered,
            self.lookback.as_ref(),
        )?;
        let mut file = self.folder.create("index.html")?;
        page::write(
            &mut file,
            &self.site,
            &page::Page {
                unit: None,
                crumbs: Vec::new(),
                figures: &figures,
                lead,
                sub_units: self.sub_units(listed),
            },
        )?;
        std::io::Write::flush(&mut file)?;
        Ok(())
    }

    /// The page of the unit `i` (which has one); `site` runs for its unit.
    fn write_unit(&self, i: usize, site: &Site) -> Result<()> {
        let nodes = self.nodes;
        let node = &nodes[i];
        let mut crumbs = Vec::new();
        let mut at = node.parent;
        while let Some(p) = at {
            crumbs.push((nodes[p].unit.clone(), nodes[p].file.clone()));
            at = nodes[p].parent;
        }
        crumbs.reverse();
        let covered = node.covered.clone().unwrap_or_default();
        let figures = figures::figures(
            self.ctx,
            site,
            self.site.year,
            covered,
            self.lookback.as_ref(),
        )?;
        let mut file = self
            .folder
            .create(node.file.as_deref().unwrap_or_default())?;
        page::write(
            &mut file,
            &self.site,
            &page::Page {
                unit: Some(&node.unit),
                crumbs,
                figures: &figures,
                lead: None,
                sub_units: self.sub_units(&node.children),
            },
        )?;
        std::io::Write::flush(&mut file)?;
        Ok(())
    }

    /// `index.csv`: the units with a page, in the site's order.
    fn write_index_csv(&self, paged: &[usize]) -> Result<()> {
        let mut index = csv::Writer::from_writer(self.folder.create("index.csv")?);
        index.write_record(INDEX_HEADER.split(','))?;
        for &i in paged {
            let node = &self.nodes[i];
            let standing = node.standing();
            index.write_record([
                node.unit.id.as_str(),
                &node.unit.name,
                &node.unit.parent,
                &node.unit.email,
                node.file.as_deref().unwrap_or_default(),
                &standing.people.to_string(),
            ])?;
        }
        index.flush()?;
        Ok(())
    }

    /// `all_units.html`: every unit with a page as a list, each followed by its sub-units.
    fn write_all_units(&self, roots: &[usize]) -> Result<()> {
        let nodes = self.nodes;
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
        let mut file = self.folder.create(ALL_UNITS)?;
        page::write_list(&mut file, &self.site, &list)?;
        std::io::Write::flush(&mut file)?;
        Ok(())
    }
}

/// Builds the site into the folder (which the caller finishes): every page, `all_units.html` and
/// `index.csv`. `quiet`: no progress bar; `footer`: the line at the foot of each page. The standings
/// and the units' pages are made on all cores, each page from its own unit's rows.
pub fn build(
    ctx: &Context,
    args: &Site,
    folder: &Folder,
    quiet: bool,
    footer: &str,
    lang: crate::output::Lang,
) -> Result<()> {
    let model = ctx.model;
    if args.depth == Some(0) {
        bail!("--depth 0: the roots are depth 1, expected a whole number from 1");
    }
    if args.depth.is_some() && model.exports.units.is_none() {
        bail!("--depth needs a unit tree, expected --units FILE (or KVU_UNITS)");
    }
    commands::has_staff(model)?;
    let mut nodes = nodes(model, args)?;
    let roots: Vec<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].parent.is_none())
        .collect();
    let paged: Vec<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].file.is_some())
        .collect();
    let bar =
        crate::output::progress::bar(paged.len() + 2, quiet, words::of(lang).units_and_pages());
    add_coverage(ctx, &mut nodes, &roots)?;
    bar.inc(1);
    let shared = Shared {
        ctx,
        site: page::Site {
            lang,
            words: words::of(lang),
            as_of: ctx.as_of,
            plan: model.plan,
            tree: model.exports.units.is_some(),
            year: args.year.unwrap_or(ctx.as_of.year()),
            footer,
        },
        nodes: &nodes,
        folder,
        lookback: match &args.history {
            Some(history) => Some(Lookback::read(&history.store, None)?),
            None => None,
        },
    };
    shared.write_index(args, &roots)?;
    bar.inc(1);
    let ids: Vec<&str> = paged.iter().map(|&i| nodes[i].unit.id.as_str()).collect();
    split::each_unit(args, &ids, |k, page| {
        shared.write_unit(paged[k], &page)?;
        bar.inc(1);
        Ok(())
    })?;
    shared.write_index_csv(&paged)?;
    shared.write_all_units(&roots)?;
    bar.finish_and_clear();
    Ok(())
}
