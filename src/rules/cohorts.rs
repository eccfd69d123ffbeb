//! Cohorts: filling dated course sessions with the people who need the course most, mixing units.
//! Pure: no I/O.
//!
//! Sessions are filled one after the other, in the order given (the command sorts them by date, ties
//! in file order). Each seat goes to the remaining candidate who comes first by tier (none last), due
//! date (empty first, then earliest), how many of their unit already sit in this session, then rank;
//! a unit at its cap waits for a later session. Seats no one can take stay empty.
//!
//! Within one unit every candidate has the same count in a session, so a unit's best candidate is the
//! first of its own priority order: the choice per seat is among the units' heads only. Units not yet
//! in the session (count 0) wait in one heap that lives across sessions; units chosen in this session
//! move to a second heap with their count; when the session is full the units it took from go back to
//! the first. A seat costs O(log units), a session only what it touched: the whole fill is
//! O((candidates + seats filled) × log units), never candidates × seats or sessions × units.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use jiff::civil::Date;

use super::priority::order_key;

/// One candidate: what the order looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// 1-based tier; `None` comes last.
    pub tier: Option<usize>,
    pub due: Option<Date>,
    /// The candidate's unit, 0-based, an index into the caps.
    pub unit: usize,
    /// The place in the priority list.
    pub rank: usize,
}

/// A unit's head in a heap: tier, due date, count in the session, rank; then the unit.
type Key = ((usize, bool, Option<Date>), u64, usize, usize);

/// A unit's cap from `--max-away P`: ⌊P × headcount / 100⌋, at least one. `percent` is in whole
/// millionths of a percent (10% = 10,000,000).
pub fn away_cap(percent: u64, headcount: u64) -> u64 {
    let cap = u128::from(percent) * u128::from(headcount) / 100_000_000;
    u64::try_from(cap).unwrap_or(u64::MAX).max(1)
}

/// Fills sessions, each of `seats[s]` seats, in the order given, with candidates; `caps[u]` is the most
/// people of unit `u` in one session (`u64::MAX`: no cap). Returns, per session, the indices of the
/// candidates seated, in seat order.
pub fn fill(candidates: &[Candidate], caps: &[u64], seats: &[u64]) -> Vec<Vec<usize>> {
    // Each unit's candidates in its own priority order (the list's order, made sure of).
    let mut queues: Vec<Vec<usize>> = vec![Vec::new(); caps.len()];
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| {
        let c = &candidates[i];
        (order_key(c.tier, c.due), c.rank)
    });
    for i in order {
        queues[candidates[i].unit].push(i);
    }
    let mut next = vec![0usize; caps.len()];
    let mut count = vec![0u64; caps.len()];
    let key = |unit: usize, head: usize, count: u64| -> Reverse<Key> {
        let c = &candidates[head];
        Reverse((order_key(c.tier, c.due), count, c.rank, unit))
    };
    // Units with candidates left and none in the session being filled.
    let mut fresh: BinaryHeap<Reverse<Key>> = queues
        .iter()
        .enumerate()
        .filter(|(u, q)| !q.is_empty() && caps[*u] > 0)
        .map(|(u, q)| key(u, q[0], 0))
        .collect();
    let mut filled = Vec::with_capacity(seats.len());
    for &n in seats {
        // Units with someone in this session, below their cap, with candidates left.
        let mut busy: BinaryHeap<Reverse<Key>> = BinaryHeap::new();
        let mut touched: Vec<usize> = Vec::new();
        let mut session = Vec::new();
        while (session.len() as u64) < n {
            let from_fresh = match (fresh.peek(), busy.peek()) {
                (None, None) => break,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (Some(f), Some(b)) => f > b,
            };
            let Some(Reverse((.., u))) = (if from_fresh { fresh.pop() } else { busy.pop() }) else {
                break;
            };
            session.push(queues[u][next[u]]);
            next[u] += 1;
            count[u] += 1;
            if count[u] == 1 {
                touched.push(u);
            }
            if next[u] < queues[u].len() && count[u] < caps[u] {
                busy.push(key(u, queues[u][next[u]], count[u]));
            }
        }
        // The units this session took from start the next one at 0.
        for u in touched {
            count[u] = 0;
            if next[u] < queues[u].len() {
                fresh.push(key(u, queues[u][next[u]], 0));
            }
        }
        filled.push(session);
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const NO_CAP: u64 = u64::MAX;

    /// Candidates of (tier, due, unit), ranked in the order given.
    fn list(rows: &[(Option<usize>, Option<Date>, usize)]) -> Vec<Candidate> {
        rows.iter()
            .enumerate()
            .map(|(i, &(tier, due, unit))| Candidate {
                tier,
                due,
                unit,
                rank: i + 1,
            })
            .collect()
    }

    /// Ranks seated per session.
    fn ranks(c: &[Candidate], filled: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
        filled
            .into_iter()
            .map(|s| s.into_iter().map(|i| c[i].rank).collect())
            .collect()
    }

    #[test]
    fn seats_go_by_tier_then_due_then_unit_count_then_rank() {
        let d = Some(date(2025, 1, 1));
        let later = Some(date(2025, 6, 1));
        // Unit 0 has ranks 1-3, unit 1 ranks 4-5, all tier 1 and the same due date.
        let c = list(&[
            (Some(1), d, 0),
            (Some(1), d, 0),
            (Some(1), d, 0),
            (Some(1), d, 1),
            (Some(1), d, 1),
        ]);
        assert_eq!(ranks(&c, fill(&c, &[NO_CAP, NO_CAP], &[4])), [[1, 4, 2, 5]]);
        // A better tier, or an earlier due date, beats the unit count.
        let c = list(&[
            (Some(1), d, 0),
            (Some(1), d, 0),
            (Some(2), None, 1),
            (Some(1), later, 1),
        ]);
        assert_eq!(ranks(&c, fill(&c, &[NO_CAP, NO_CAP], &[4])), [[1, 2, 4, 3]]);
        // No due date comes before a due date; no tier comes last.
        let c = list(&[(None, None, 0), (Some(1), d, 0), (Some(1), None, 1)]);
        assert_eq!(ranks(&c, fill(&c, &[NO_CAP, NO_CAP], &[3])), [[3, 2, 1]]);
    }

    #[test]
    fn a_unit_at_its_cap_waits_for_the_next_session() {
        let c = list(&[
            (Some(1), None, 0),
            (Some(1), None, 0),
            (Some(1), None, 0),
            (Some(2), None, 1),
        ]);
        assert_eq!(
            ranks(&c, fill(&c, &[2, NO_CAP], &[3, 3])),
            [vec![1, 2, 4], vec![3]]
        );
    }

    #[test]
    fn seats_no_one_can_take_stay_empty() {
        let c = list(&[(Some(1), None, 0), (Some(1), None, 0)]);
        assert_eq!(
            ranks(&c, fill(&c, &[1], &[3, 3, 3])),
            [vec![1], vec![2], vec![]]
        );
        assert_eq!(
            ranks(&c, fill(&c, &[NO_CAP], &[0, 5])),
            [vec![], vec![1, 2]]
        );
        assert_eq!(fill(&[], &[], &[2]), [Vec::<usize>::new()]);
    }

    #[test]
    fn the_away_cap_rounds_down_and_is_at_least_one() {
        let pct = |p: u64| p * 1_000_000;
        assert_eq!(away_cap(pct(10), 25), 2);
        assert_eq!(away_cap(pct(10), 9), 1);
        assert_eq!(away_cap(pct(10), 30), 3);
        assert_eq!(away_cap(12_500_000, 16), 2);
        assert_eq!(away_cap(0, 100), 1);
        assert_eq!(away_cap(pct(100), 7), 7);
    }

    /// The plain definition: every seat scans every remaining candidate.
    fn by_scanning(c: &[Candidate], caps: &[u64], seats: &[u64]) -> Vec<Vec<usize>> {
        let mut left: Vec<bool> = vec![true; c.len()];
        let mut out = Vec::new();
        for &n in seats {
            let mut count = vec![0u64; caps.len()];
            let mut session = Vec::new();
            while (session.len() as u64) < n {
                let best = (0..c.len())
                    .filter(|&i| left[i] && count[c[i].unit] < caps[c[i].unit])
                    .min_by_key(|&i| (order_key(c[i].tier, c[i].due), count[c[i].unit], c[i].rank));
                let Some(i) = best else { break };
                left[i] = false;
                count[c[i].unit] += 1;
                session.push(i);
            }
            out.push(session);
        }
        out
    }

    #[test]
    fn the_heaps_choose_what_scanning_every_candidate_chooses() {
        // A small deterministic pseudo-random generator.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % m
        };
        for _ in 0..200 {
            let units = 1 + next(6) as usize;
            let mut rows: Vec<(Option<usize>, Option<Date>, usize)> = (0..next(40))
                .map(|_| {
                    let tier = [None, Some(1), Some(2)][next(3) as usize];
                    let due =
                        [None, Some(date(2025, 1, 1)), Some(date(2025, 3, 1))][next(3) as usize];
                    (tier, due, next(units as u64) as usize)
                })
                .collect();
            // Ranks follow the priority order, as `priority` gives them.
            rows.sort_by_key(|r| order_key(r.0, r.1));
            let c = list(&rows);
            let caps: Vec<u64> = (0..units)
                .map(|_| [NO_CAP, 1, 2, 3][next(4) as usize])
                .collect();
            let seats: Vec<u64> = (0..next(6)).map(|_| next(8)).collect();
            assert_eq!(
                fill(&c, &caps, &seats),
                by_scanning(&c, &caps, &seats),
                "{c:?} {caps:?} {seats:?}"
            );
        }
    }
}
