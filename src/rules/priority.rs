//! Priority and seats. Pure: no I/O.
//!
//! A gap belongs to the first of the plan's tiers whose named values (role, level, course, status) it
//! all has. [`allocate`] shares seats among units by weight with the largest-remainder method, never
//! giving a unit more seats than its cap (its gaps) and passing what a capped unit cannot take on to
//! the others.

use std::cmp::Reverse;

use crate::plan::{CourseIx, GapStatus, Plan};

/// The 0-based index of the first tier a gap matches, or `None`.
pub fn tier(
    plan: &Plan,
    role: Option<usize>,
    level: Option<usize>,
    course: CourseIx,
    status: GapStatus,
) -> Option<usize> {
    plan.priority.iter().position(|t| {
        t.role.is_none_or(|r| role == Some(r))
            && t.level.is_none_or(|l| level == Some(l))
            && t.course.is_none_or(|c| c == course)
            && t.status.is_none_or(|s| s == status)
    })
}

/// A tier's rule in words: `role chef, course kvu-chef`.
pub fn describe(plan: &Plan, tier: usize) -> String {
    let t = &plan.priority[tier];
    let mut parts = Vec::new();
    if let Some(r) = t.role {
        parts.push(format!("role {}", plan.roles[r].id));
    }
    if let Some(l) = t.level {
        parts.push(format!("level {}", plan.levels[l].id));
    }
    if let Some(c) = t.course {
        parts.push(format!("course {}", plan.courses[c].id));
    }
    if let Some(s) = t.status {
        parts.push(format!("status {}", s.as_str()));
    }
    if parts.is_empty() {
        "every gap".to_string()
    } else {
        parts.join(", ")
    }
}

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
