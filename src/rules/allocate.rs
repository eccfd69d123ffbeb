//! Sharing seats among units. Pure: no I/O.
//!
//! [`allocate`] shares seats among units by weight with the largest-remainder method, never giving a
//! unit more seats than its cap (its gaps) and passing what a capped unit cannot take on to the others.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use super::priority::Ranked;
use crate::diag::Problem;
use crate::model::exports::WeightRow;
use crate::model::{Model, RowIx, Scope};
use crate::plan::{Key, key};

/// Shares `seats` among units in proportion to `weights` (whole numbers; scale decimals first), giving
/// no unit more than its `caps` entry. Whole seats by the largest-remainder (Hamilton) method: each unit
/// gets the whole part of its quota, and the seats left go one each to the largest remainders (ties: the
/// larger weight, then the earlier unit). A unit whose share would pass its cap gets its cap and drops
/// out, and the seats still free are shared again among the rest. Units of weight 0 get nothing.
///
/// The result sums to `min(seats, the caps of units with weight)`.
pub fn allocate(seats: u64, weights: &[u64], caps: &[u64]) -> Vec<u64> {
    let n = weights.len();
    let mut given = vec![0u64; n];
    let mut active: Vec<usize> = (0..n).filter(|&i| weights[i] > 0 && caps[i] > 0).collect();
    let mut free = seats.min(active.iter().map(|&i| caps[i]).sum());
    while free > 0 && !active.is_empty() {
        let total: u128 = active.iter().map(|&i| u128::from(weights[i])).sum();
        let mut share: Vec<(usize, u64, u128)> = active
            .iter()
            .map(|&i| {
                let q = u128::from(free) * u128::from(weights[i]);
                (i, (q / total) as u64, q % total)
            })
            .collect();
        let mut left = free - share.iter().map(|s| s.1).sum::<u64>();
        let mut order: Vec<usize> = (0..share.len()).collect();
        order.sort_by_key(|&k| {
            (
                Reverse(share[k].2),
                Reverse(weights[share[k].0]),
                share[k].0,
            )
        });
        for k in order {
            if left == 0 {
                break;
            }
            share[k].1 += 1;
            left -= 1;
        }
        let over: Vec<usize> = share
            .iter()
            .filter(|s| s.1 > caps[s.0])
            .map(|s| s.0)
            .collect();
        if over.is_empty() {
            for (i, s, _) in share {
                given[i] = s;
            }
            break;
        }
        for i in over {
            given[i] = caps[i];
            free -= caps[i];
        }
        active.retain(|&i| given[i] == 0);
    }
    given
}

/// The units seats go to, each with its gaps (indices into the priority order) and its weight.
#[derive(Debug, Clone)]
pub struct UnitSeats {
    /// The unit as printed (its id in the tree, or as the staff export writes it).
    pub unit: String,
    /// Its gaps for the course, as indices into the priority order, first first.
    pub gaps: Vec<usize>,
}

/// The units seats are shared among, in code-point order: the units at `level` of the unit tree (1 =
/// the roots) that hold a staff row in scope, or without a tree the staff export's units. Each gap
/// counts for the unit its speaking post lies in or below (a post above that level counts for its own
/// unit).
pub fn units(model: &Model, scope: &Scope, ranked: &[Ranked], level: usize) -> Vec<UnitSeats> {
    let tree = model.exports.units.as_ref();
    // Each unit's unit at the level, once for the tree (not a walk up per row).
    let at_level = tree.map(|t| t.at_level(level.max(1)));
    let unit_of_row = |row: RowIx| -> (String, String) {
        let a = &model.rows()[row];
        match tree
            .zip(at_level.as_ref())
            .zip(model.exports.tree_unit.get(row.index()).copied().flatten())
        {
            Some(((t, at_level), u)) => {
                let at = at_level[u];
                (key(&t.units[at].id).into(), t.units[at].id.clone())
            }
            None => (a.unit_key().to_string(), a.unit().to_string()),
        }
    };
    let mut units: BTreeMap<String, UnitSeats> = BTreeMap::new();
    for i in scope.iter() {
        let (k, unit) = unit_of_row(i);
        units.entry(k).or_insert(UnitSeats {
            unit,
            gaps: Vec::new(),
        });
    }
    for (ix, r) in ranked.iter().enumerate() {
        if let Some(u) = units.get_mut(&unit_of_row(r.gap.speaker).0) {
            u.gaps.push(ix);
        }
    }
    let mut list: Vec<UnitSeats> = units.into_values().collect();
    list.sort_by(|a, b| a.unit.cmp(&b.unit));
    list
}

/// The level of the tree a scope shares at: `--depth`, else the level below `--unit`, else the units
/// directly below the root when the tree has one root (a region), else the roots.
pub fn level(model: &Model, depth: Option<usize>, unit: Option<&str>) -> usize {
    match (depth, model.exports.units.as_ref(), unit) {
        (Some(d), _, _) => d,
        (None, Some(t), Some(u)) => t.depth(t.find(u)[0]) + 1,
        (None, Some(t), None) if t.units.iter().filter(|u| u.parent.is_none()).count() == 1 => 2,
        _ => 1,
    }
}

/// Weights from the weights file (`--key`): each unit's weight by the row naming it (by id or name);
/// a row's unit that is none of the units, and a unit no row names (weight 0), are problems to warn
/// of. Two rows naming one unit (say by its id and by its name) are an error naming both lines.
pub fn unit_weights(
    model: &Model,
    units: &[UnitSeats],
    weight_rows: &[WeightRow],
    path: &str,
) -> Result<(Vec<u64>, Vec<Problem>), Problem> {
    let tree = model.exports.units.as_ref();
    let mut weights: Vec<Option<u64>> = vec![None; units.len()];
    let mut line_of = vec![0u64; units.len()];
    let index: std::collections::HashMap<Key, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (key(&u.unit), i))
        .collect();
    let mut problems = Vec::new();
    for row in weight_rows {
        let target = match tree {
            Some(t) => t.find(&row.unit).first().map(|&u| key(&t.units[u].id)),
            None => Some(key(&row.unit)),
        };
        match target.and_then(|k| index.get(&k).copied()) {
            Some(i) if weights[i].is_some() => {
                return Err(Problem::at(
                    &row.source,
                    row.line,
                    format!(
                        "unit `{}` of the key is unit `{}`, which line {} already weighs, expected one weight per unit",
                        row.unit, units[i].unit, line_of[i]
                    ),
                ));
            }
            Some(i) => {
                weights[i] = Some(row.weight);
                line_of[i] = row.line;
            }
            None => problems.push(Problem::at(
                &row.source,
                row.line,
                format!(
                    "unit `{}` of the key is not one of the units seats go to; it is ignored",
                    row.unit
                ),
            )),
        }
    }
    for (i, w) in weights.iter().enumerate() {
        if w.is_none() {
            problems.push(Problem::file(
                path,
                format!(
                    "unit `{}` has no weight in the key; it gets no seats",
                    units[i].unit
                ),
            ));
        }
    }
    Ok((
        weights.into_iter().map(|w| w.unwrap_or(0)).collect(),
        problems,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_remainder_reproduces_a_key() {
        // Region Midtjylland's clusters: Vest 9, Horsens 7, Midt 7, Randers 7, Aarhus 11.
        let key = [9, 7, 7, 7, 11];
        let caps = [1000; 5];
        assert_eq!(allocate(41, &key, &caps), [9, 7, 7, 7, 11]);
        // 200 seats: quotas 43.90, 34.15, 34.15, 34.15, 53.66 -> floors 198, the two largest remainders.
        assert_eq!(allocate(200, &key, &caps), [44, 34, 34, 34, 54]);
    }

    #[test]
    fn ties_go_to_the_larger_weight_then_the_earlier_unit() {
        assert_eq!(allocate(1, &[1, 1, 1], &[5, 5, 5]), [1, 0, 0]);
        assert_eq!(allocate(2, &[1, 2, 1], &[5, 5, 5]), [1, 1, 0]);
        // Quotas 0.5 and 1.5: equal remainders, the larger weight wins.
        assert_eq!(allocate(2, &[1, 3], &[5, 5]), [0, 2]);
    }

    #[test]
    fn caps_pass_left_over_seats_on() {
        // Weights 10:1:1 would give the first 10 of 12; it has 3 gaps, so the rest share 9.
        assert_eq!(allocate(12, &[10, 1, 1], &[3, 20, 20]), [3, 5, 4]);
        // Not enough gaps anywhere: everyone gets their cap.
        assert_eq!(allocate(50, &[1, 1], &[3, 4]), [3, 4]);
        // Weight 0 gets nothing.
        assert_eq!(allocate(5, &[0, 1], &[9, 9]), [0, 5]);
    }

    #[test]
    fn allocations_sum_to_the_seats_when_there_are_enough_gaps() {
        let mut seed = 7u64;
        for _ in 0..2000 {
            let n = (seed % 7 + 1) as usize;
            let weights: Vec<u64> = (0..n).map(|i| (seed >> (i * 3)) % 13).collect();
            let caps: Vec<u64> = (0..n).map(|i| (seed >> (i * 5 + 1)) % 40).collect();
            let seats = seed % 97;
            let got = allocate(seats, &weights, &caps);
            let room: u64 = (0..n).filter(|&i| weights[i] > 0).map(|i| caps[i]).sum();
            assert_eq!(
                got.iter().sum::<u64>(),
                seats.min(room),
                "{weights:?} {caps:?} {seats}"
            );
            assert!(got.iter().zip(&caps).all(|(g, c)| g <= c));
            assert!(got.iter().zip(&weights).all(|(g, w)| *w > 0 || *g == 0));
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
        }
    }
}
