//! A page's figures: the commands' results for the page's unit, each as numbers (what the page's
//! sections draw from) and as the command's table (its chart, its view for people, and its JSON for the
//! page's data island). Each command works its figures out once per page.

use std::rc::Rc;
use std::sync::Arc;

use anyhow::Result;

use crate::commands::gaps::Covered;
use crate::commands::{self, Context};
use crate::config::job::{Priority, Report, Scope, Site, Trend};
use crate::date::Month;
use crate::history::lookback::Lookback;
use crate::output::Table;
use crate::rules::priority::Ranked;

/// A command's result: its numbers and its table.
pub struct Figure<'a, P> {
    pub values: P,
    pub table: Table<'a>,
}

/// The site's figures for one page: `gaps --summary`'s totals per course, `trend --unit U`,
/// `report --year Y --unit U` and `--year Y-1`, and (with names) `priority --unit U`.
pub struct Figures<'a> {
    pub coverage: Figure<'a, Arc<Covered>>,
    pub trend: Figure<'a, Rc<commands::trend::Trended>>,
    pub report: Figure<'a, Rc<commands::report::Figures>>,
    pub previous: Figure<'a, Rc<commands::report::Figures>>,
    pub priority: Option<Figure<'a, Rc<Vec<Ranked<'a>>>>>,
}

/// The figures of the page of `site.unit` (`None`: the whole organisation) in the year `year`;
/// `covered`, the unit's coverage, is worked out with the standings. With `--history`, `lookback`
/// holds the store's recordings and every unit's figures, read once for all pages.
pub fn figures<'a>(
    ctx: &Context<'a>,
    site: &Site,
    year: i16,
    covered: Arc<Covered>,
    lookback: Option<&Lookback>,
) -> Result<Figures<'a>> {
    use commands::{priority, report, trend};
    let unit = site.unit.as_deref();
    let report = |year: i16| -> Result<_> {
        let args = Report {
            period: crate::date::Period::year(year),
            people: false,
            unit: unit.map(str::to_string),
            by: None,
            depth: None,
            compare: false,
        };
        let values = report::figures(ctx, &args)?;
        let table = report::table(ctx, &args, &values);
        Ok(Figure { values, table })
    };
    let trend = {
        let args = Trend {
            scope: Scope::unit(unit),
            from: lookback.and_then(|l| from_first_recording(l, ctx.as_of)),
            to: None,
            history: site.history.clone(),
        };
        let values = trend::trended_with(ctx, &args, lookback)?;
        let table = trend::table(ctx, &args, &values);
        Figure { values, table }
    };
    let coverage = Figure {
        table: commands::gaps::coverage(ctx, &covered),
        values: covered,
    };
    let (report, previous) = (report(year)?, report(year - 1)?);
    let priority = if site.no_names {
        None
    } else {
        let args = Priority {
            scope: Scope::unit(unit),
            seats: None,
            by: None,
        };
        let values = priority::ranked(ctx, &args)?;
        let mut table = priority::table(ctx, &args, &values);
        // Units by their names (the id beside), roles and levels by the plan's display names.
        table.names = Some(ctx.model);
        Some(Figure { values, table })
    };
    Ok(Figures {
        coverage,
        trend,
        report,
        previous,
        priority,
    })
}

/// With `--history`, the trend's first month: the first recording's (one on or before as-of), at most
/// 119 months before as-of's month (120 points); `None` (the last 24 months) without a recording.
fn from_first_recording(lookback: &Lookback, as_of: jiff::civil::Date) -> Option<Month> {
    let first = lookback.recordings.first().filter(|&&(d, _)| d <= as_of)?;
    let now = Month::of(as_of);
    Some(Month::of(first.0).max(now.plus(-119)))
}
