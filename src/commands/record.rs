//! `kvu record`'s figures: for the whole organisation (unit empty) and every unit (with a tree, each
//! unit with a staff row at or below it, taking in the units below; without one, each staff unit),
//! the people per state of each plan course anyone there is required to take, as `trend --unit U`
//! counts them at its as-of point. One model, one sweep per unit over its own rows; no reload.

use anyhow::Result;

use super::Context;
use crate::config::Job;
use crate::config::job::{Scope, Trend};
use crate::history::Figure;
use crate::rules::trend::trend;

/// The figures of the run, whole organisation first, then the units in the order `--split` gives.
pub fn figures(ctx: &Context) -> Result<Vec<Figure>> {
    let model = ctx.model;
    let plan = model.plan;
    let every = Job::Trend(Trend {
        scope: Scope::default(),
        from: None,
        to: None,
        history: None,
    });
    let units = crate::split::units(model, &every, None)?;
    let mut scopes: Vec<Option<&str>> = vec![None];
    scopes.extend(units.iter().map(|u| Some(u.id.as_str())));
    let per_unit = crate::threads::each_index(scopes.len(), |i| -> Result<Vec<Figure>> {
        let in_scope = model.scope(scopes[i], None)?;
        let counts = trend(model, &in_scope, &[ctx.as_of], None);
        Ok(counts[0]
            .iter()
            .enumerate()
            .filter(|(_, c)| c.required > 0)
            .map(|(course, c)| Figure {
                unit: scopes[i].unwrap_or_default().to_string(),
                course: plan.courses[course].id.clone(),
                counts: [c.required, c.met, c.exempt, c.overdue, c.due, c.expired],
            })
            .collect())
    })?;
    Ok(per_unit.into_iter().flatten().collect())
}
