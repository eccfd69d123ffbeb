//! `report --history`: today's exports together with what every recording read. The completions are
//! today's rows and every distinct recorded row besides (a row the same in both once); the staff are
//! today's rows and, for each person not in them, their rows in the latest recording that holds them.
//! The result is rows as a recording holds them, for the loader to read like a recording's.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use jiff::civil::Date;

use super::{Kind, Rows, Store};

/// Today's rows (each input as [`super::capture::rows`] took it) with the store's added.
pub fn with_history(store: &str, mut today: Vec<(Kind, Rows)>) -> Result<Vec<(Kind, Rows)>> {
    let store = Store::open_to_read(store)?;
    for (kind, rows) in &mut today {
        match kind {
            Kind::Completions => add_completions(&store, rows)?,
            Kind::Staff => add_leavers(&store, rows)?,
            Kind::Exemptions | Kind::Units => {}
        }
    }
    Ok(today)
}

/// Every recorded completion row that today's export does not have (the same person, code, date and
/// session).
fn add_completions(store: &Store, rows: &mut Rows) -> Result<()> {
    let held = store.held_rows(Kind::Completions)?;
    let mut seen: HashSet<Vec<String>> = rows.rows.iter().cloned().collect();
    for row in held {
        if seen.insert(row.values.clone()) {
            rows.rows.push(row.values);
        }
    }
    Ok(())
}

/// For each person not in today's staff rows, their rows in the latest recording that holds them,
/// in that recording's order (people in the order of that recording's date).
fn add_leavers(store: &Store, rows: &mut Rows) -> Result<()> {
    let today: HashSet<String> = rows.rows.iter().map(|r| r[0].clone()).collect();
    let held = store.held_rows(Kind::Staff)?;
    let mut latest: HashMap<&str, Date> = HashMap::new();
    for row in held.iter().filter(|r| !today.contains(&r.values[0])) {
        let at = latest.entry(&row.values[0]).or_insert(row.as_of);
        *at = (*at).max(row.as_of);
    }
    let leavers: Vec<Vec<String>> = held
        .iter()
        .filter(|r| latest.get(r.values[0].as_str()) == Some(&r.as_of))
        .map(|r| r.values.clone())
        .collect();
    rows.rows.extend(leavers);
    Ok(())
}
