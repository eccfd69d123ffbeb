//! Counts by state: for each unit and course, the people in each state (`gaps --summary`), and the
//! same per course over the whole scope, each person once. Pure: no I/O.

use std::collections::HashMap;

use super::state::{Requirement, State};
use crate::fasthash::FastHash;
use crate::model::{Model, Scope, by_person, same_person};
use crate::plan::CourseIx;

/// People by the state of one required course.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub required: u64,
    pub met: u64,
    pub exempt: u64,
    pub overdue: u64,
    pub due: u64,
    pub expired: u64,
}

impl Counts {
    pub fn add(&mut self, state: State) {
        self.required += 1;
        match state {
            State::Met => self.met += 1,
            State::Exempt => self.exempt += 1,
            State::Overdue(_) => self.overdue += 1,
            State::Due(_) => self.due += 1,
            State::Expired(_) => self.expired += 1,
        }
    }

    /// Whether anyone is overdue or expired.
    pub fn late(&self) -> bool {
        self.overdue > 0 || self.expired > 0
    }
}

/// One unit and course of the summary.
#[derive(Debug, Clone, Copy)]
pub struct UnitCounts<'m> {
    /// The unit as the first staff row in scope writes it (units differing only in case are one).
    pub unit: &'m str,
    pub course: CourseIx,
    pub counts: Counts,
}

/// The summary: rows by unit (code-point order) then plan order, for every unit and course anyone in
/// scope is required to take (`only`: one course); and per course the totals, each person once.
pub fn by_unit<'m>(
    model: &'m Model<'m>,
    scope: &Scope,
    reqs: &[Requirement],
    only: Option<CourseIx>,
) -> (Vec<UnitCounts<'m>>, Vec<Counts>) {
    let plan = model.plan;
    let n = plan.courses.len();
    let rows = model.rows();
    // Units are ids: `Avd 1` and `AVD 1` are one unit, printed as the first row in scope writes it.
    let mut index: HashMap<&str, usize, FastHash> = HashMap::default();
    let mut spelling: Vec<&str> = Vec::new();
    for i in scope.iter() {
        let a = &rows[i];
        let next = spelling.len();
        index.entry(a.unit_key()).or_insert_with(|| {
            spelling.push(a.unit());
            next
        });
    }
    let unit_of = |i: usize| index[rows[i].unit_key()];
    // Cells for the (unit, course) pairs that occur, not units × courses.
    let mut cells: HashMap<(usize, CourseIx), Counts, FastHash> = HashMap::default();
    let mut totals = vec![Counts::default(); n];
    // Requirements come by person, then course, in the order of the people's numbers; so do the rows.
    let order = by_person(
        rows,
        scope
            .iter()
            .filter(|&i| model.post(i).role.is_some())
            .collect(),
    );
    let mut state: Vec<Option<State>> = vec![None; n];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut r = 0;
    for group in order.chunk_by(same_person(rows)) {
        let person = rows[group[0]].person;
        // This person's requirements (only their courses are set, and reset after).
        let first = r;
        while r < reqs.len() && reqs[r].person == person {
            state[reqs[r].course] = Some(reqs[r].state);
            r += 1;
        }
        let mine = &reqs[first..r];
        // Each person with an assignment in the unit requiring the course counts once there.
        pairs.clear();
        for &i in group {
            let post = model.post(i);
            let role = post.role.expect("rows without a role were left out");
            for &c in plan.requires(role, post.declared_level()) {
                if only.is_none_or(|o| o == c) {
                    pairs.push((unit_of(i), c));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        for &(u, c) in &pairs {
            if let Some(st) = state[c] {
                cells.entry((u, c)).or_default().add(st);
            }
        }
        for q in mine {
            if only.is_none_or(|o| o == q.course) {
                totals[q.course].add(q.state);
            }
            state[q.course] = None;
        }
    }
    let mut listed: Vec<UnitCounts> = cells
        .into_iter()
        .filter(|(_, c)| c.required > 0)
        .map(|((u, course), counts)| UnitCounts {
            unit: spelling[u],
            course,
            counts,
        })
        .collect();
    listed.sort_by(|a, b| (a.unit, a.course).cmp(&(b.unit, b.course)));
    (listed, totals)
}
