//! Counts by state: for each unit and course, the people in each state (`gaps --summary`), and the
//! same per course over the whole scope, each person once. Pure: no I/O.
//!
//! The summary of a big scope has units × courses rows (20,000 units of 200 courses: 4 million), so
//! they are never held: [`ByUnit`] keeps each person's states (a course and a state each), and
//! [`ByUnit::each`] sweeps the rows in scope unit by unit, counting one unit's courses at a time and
//! giving that unit's rows before the next unit's.

use std::collections::HashMap;

use super::state::{On, State};
use crate::fasthash::FastHash;
use crate::model::Model;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitCounts<'m> {
    /// The unit as the first staff row in scope writes it (units differing only in case are one).
    pub unit: &'m str,
    pub course: CourseIx,
    pub counts: Counts,
}

/// Per course, the people in scope in each state, each person once (`only`: that course alone).
pub fn totals(on: On<'_>, in_scope: &[bool], only: Option<CourseIx>) -> Vec<Counts> {
    let mut totals = vec![Counts::default(); on.model.plan.courses.len()];
    on.each_person(in_scope, |reqs| {
        for q in reqs.iter().filter(|q| only.is_none_or(|o| o == q.course)) {
            totals[q.course].add(q.state);
        }
    });
    totals
}

/// The summary of a scope, ready to be swept as often as the output needs: the rows by unit
/// (code-point order) then plan order, for every unit and course anyone in scope is required to take
/// (`only`: one course); and per course the totals, each person once.
pub struct ByUnit<'m> {
    model: &'m Model<'m>,
    only: Option<CourseIx>,
    /// The staff rows in scope with a role and a requirement, each with its unit's place in code-point
    /// order and its person's place in `first`: `(unit, person, row)`, sorted.
    rows: Vec<(u32, u32, u32)>,
    /// Each unit as the first row in scope writes it, in code-point order.
    units: Vec<&'m str>,
    /// Where each person's requirements start in `states` (and, one past the last person, end).
    first: Vec<usize>,
    /// Each person's required courses in plan order, with the state of each.
    states: Vec<(u32, State)>,
    /// Per course, each person once.
    pub totals: Vec<Counts>,
    /// The number of rows a sweep gives.
    pub len: usize,
    /// Whether any row has someone overdue or expired.
    pub late: bool,
}

/// The summary of the scope (`in_scope[i]` for staff row i); see [`ByUnit`].
pub fn by_unit<'m>(on: On<'m>, in_scope: &[bool], only: Option<CourseIx>) -> ByUnit<'m> {
    let model = on.model;
    let plan = model.plan;
    let rows = model.rows();
    // Units are ids: `Avd 1` and `AVD 1` are one unit, printed as the first row in scope writes it.
    let mut index: HashMap<&str, u32, FastHash> = HashMap::default();
    let mut spelling: Vec<&str> = Vec::new();
    let mut unit_of: Vec<(usize, u32)> = Vec::new();
    for (i, a) in rows.iter().enumerate().filter(|(i, _)| in_scope[*i]) {
        let next = spelling.len() as u32;
        let u = *index.entry(a.unit_key()).or_insert_with(|| {
            spelling.push(a.unit());
            next
        });
        if model.post(i).role.is_some() {
            unit_of.push((i, u));
        }
    }
    drop(index);
    let mut by_spelling: Vec<u32> = (0..spelling.len() as u32).collect();
    by_spelling.sort_unstable_by_key(|&u| spelling[u as usize]);
    let mut rank = vec![0u32; spelling.len()];
    for (r, &u) in by_spelling.iter().enumerate() {
        rank[u as usize] = r as u32;
    }
    let units = by_spelling.iter().map(|&u| spelling[u as usize]).collect();
    // Each person's states, person by person in the order of their numbers.
    let mut people: Vec<u32> = Vec::new();
    let mut first = Vec::new();
    let mut states = Vec::new();
    let mut totals = vec![Counts::default(); plan.courses.len()];
    on.each_person(in_scope, |reqs| {
        people.push(reqs[0].person);
        first.push(states.len());
        for q in reqs.iter().filter(|q| only.is_none_or(|o| o == q.course)) {
            totals[q.course].add(q.state);
            states.push((q.course as u32, q.state));
        }
    });
    first.push(states.len());
    let mut sweep_rows: Vec<(u32, u32, u32)> = unit_of
        .into_iter()
        .filter_map(|(i, u)| {
            let p = people.binary_search(&rows[i].person).ok()?;
            Some((rank[u as usize], p as u32, i as u32))
        })
        .collect();
    sweep_rows.sort_unstable();
    let mut summary = ByUnit {
        model,
        only,
        rows: sweep_rows,
        units,
        first,
        states,
        totals,
        len: 0,
        late: false,
    };
    let (mut len, mut late) = (0, false);
    summary.each(|r| {
        len += 1;
        late |= r.counts.late();
        true
    });
    (summary.len, summary.late) = (len, late);
    summary
}

impl<'m> ByUnit<'m> {
    /// A person's state of a course they are required to take.
    fn state(&self, person: u32, course: CourseIx) -> Option<State> {
        let p = person as usize;
        let mine = &self.states[self.first[p]..self.first[p + 1]];
        let at = mine.binary_search_by_key(&course, |s| s.0 as usize).ok()?;
        Some(mine[at].1)
    }

    /// Calls `each` with the rows in order, unit by unit, until it returns `false`. Each person with an
    /// assignment in the unit requiring the course counts once there.
    pub fn each(&self, mut each: impl FnMut(UnitCounts<'m>) -> bool) {
        let plan = self.model.plan;
        let n = plan.courses.len();
        let mut cells = vec![Counts::default(); n];
        // The unit's courses, and for each course the last person counted for it in this unit.
        let mut touched: Vec<CourseIx> = Vec::new();
        let mut counted: Vec<(u32, u32)> = vec![(u32::MAX, u32::MAX); n];
        for unit in self.rows.chunk_by(|a, b| a.0 == b.0) {
            for &(u, person, i) in unit {
                let post = self.model.post(i as usize);
                let role = post.role.expect("rows without a role were left out");
                for &c in plan.requires(role, post.declared_level()) {
                    if self.only.is_some_and(|o| o != c) || counted[c] == (u, person) {
                        continue;
                    }
                    counted[c] = (u, person);
                    if let Some(state) = self.state(person, c) {
                        if cells[c].required == 0 {
                            touched.push(c);
                        }
                        cells[c].add(state);
                    }
                }
            }
            touched.sort_unstable();
            let name = self.units[unit[0].0 as usize];
            for &course in &touched {
                let counts = std::mem::take(&mut cells[course]);
                if !each(UnitCounts {
                    unit: name,
                    course,
                    counts,
                }) {
                    return;
                }
            }
            touched.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::load::inputs::{self, LoadOptions, Paths};
    use crate::model::{by_person, same_person};
    use crate::rules::Requirement;

    /// The summary as it was made before the sweep: a cell per unit and course that occurs, all held,
    /// then sorted. The sweep must give the same rows.
    fn held<'m>(
        model: &'m Model<'m>,
        in_scope: &[bool],
        reqs: &[Requirement],
        only: Option<CourseIx>,
    ) -> Vec<UnitCounts<'m>> {
        let plan = model.plan;
        let rows = model.rows();
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut spelling: Vec<&str> = Vec::new();
        let mut unit_of = vec![usize::MAX; rows.len()];
        for (i, a) in rows.iter().enumerate().filter(|(i, _)| in_scope[*i]) {
            let next = spelling.len();
            unit_of[i] = *index.entry(a.unit_key()).or_insert_with(|| {
                spelling.push(a.unit());
                next
            });
        }
        let mut cells: HashMap<(usize, CourseIx), Counts> = HashMap::new();
        let order = by_person(
            rows,
            (0..rows.len())
                .filter(|&i| in_scope[i] && model.post(i).role.is_some())
                .collect(),
        );
        let mut state: Vec<Option<State>> = vec![None; plan.courses.len()];
        let mut r = 0;
        for group in order.chunk_by(same_person(rows)) {
            let person = rows[group[0]].person;
            let first = r;
            while r < reqs.len() && reqs[r].person == person {
                state[reqs[r].course] = Some(reqs[r].state);
                r += 1;
            }
            let mut pairs = Vec::new();
            for &i in group {
                let post = model.post(i);
                for &c in plan.requires(post.role.unwrap(), post.declared_level()) {
                    if only.is_none_or(|o| o == c) {
                        pairs.push((unit_of[i], c));
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
            for q in &reqs[first..r] {
                state[q.course] = None;
            }
        }
        let mut listed: Vec<UnitCounts> = cells
            .into_iter()
            .map(|((u, course), counts)| UnitCounts {
                unit: spelling[u],
                course,
                counts,
            })
            .collect();
        listed.sort_by(|a, b| (a.unit, a.course).cmp(&(b.unit, b.course)));
        listed
    }

    /// A small random number generator (xorshift), so that the test needs no crate.
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    const PLAN: &str = "name: T
starts: 2024-01-01
levels: { koncern: K, enhet: E }
roles: { med: M, chef: C }
courses:
  - { id: a, name: A, due_months: 3, valid_months: 12 }
  - { id: b, name: B, due_months: 12 }
  - { id: c, name: C, due_months: 1, satisfies: [b] }
  - { id: d, name: D, due_months: 6, valid_months: 24 }
matrix:
  med: { \"*\": [a, d] }
  chef: { \"*\": [a, b], koncern: [c] }
";

    #[test]
    fn the_unit_by_unit_sweep_gives_the_rows_the_held_cells_gave() {
        let dir = std::env::temp_dir().join(format!("kvu-summary-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut rng = Random(0x2545_f491_4f6c_dd1d);
        for round in 0..8 {
            let units = ["Avd 1", "AVD 1", "avd 2", "Åsen", "B", "b", "Z 9", "Avd 10"];
            let roles = ["med", "chef", "okänd"];
            let levels = ["koncern", "enhet", "", "annan"];
            let courses = ["a", "b", "c", "d", "x"];
            let mut staff = String::from("employee_id,name,unit,role,level,start_date\n");
            let mut done = String::from("employee_id,course,completed,session\n");
            let mut exempt = String::from("employee_id,course,until,reason\n");
            for _ in 0..300 {
                let p = rng.below(120);
                let start = match rng.below(3) {
                    0 => String::new(),
                    _ => format!("202{}-0{}-01", rng.below(6), 1 + rng.below(9)),
                };
                staff.push_str(&format!(
                    "p{p},P,{},{},{},{start}\n",
                    units[rng.below(units.len() as u64) as usize],
                    roles[rng.below(roles.len() as u64) as usize],
                    levels[rng.below(levels.len() as u64) as usize],
                ));
                done.push_str(&format!(
                    "p{},{},202{}-0{}-15,\n",
                    rng.below(120),
                    courses[rng.below(courses.len() as u64) as usize],
                    rng.below(7),
                    1 + rng.below(9),
                ));
                if rng.below(10) == 0 {
                    exempt.push_str(&format!("p{},{},,\n", rng.below(120), courses[0]));
                }
            }
            let file = |name: &str, text: &str| {
                let path = dir.join(format!("{round}-{name}"));
                std::fs::write(&path, text).unwrap();
                Some(path.to_string_lossy().into_owned())
            };
            let options = LoadOptions {
                paths: Paths {
                    plan: file("plan.yaml", PLAN),
                    staff: file("staff.csv", &staff),
                    completions: file("completions.csv", &done),
                    units: None,
                    exemptions: file("exemptions.csv", &exempt),
                    old_plan: None,
                },
                encoding: Default::default(),
                delimiter: None,
                as_of: jiff::civil::date(2026, 6, 1),
                id_format: Default::default(),
            };
            let loaded = inputs::load(&options, true, &mut Diagnostics::new(false)).unwrap();
            let plan = loaded.plan.unwrap();
            let model = Model::new(
                &plan,
                &loaded.exports,
                loaded.staff_binding.unwrap(),
                loaded.exemptions.unwrap_or_default(),
            );
            let on = On::new(&model, options.as_of);
            let everyone = vec![true; model.rows().len()];
            let some: Vec<bool> = (0..model.rows().len()).map(|i| i % 3 != 0).collect();
            for in_scope in [&everyone, &some] {
                let reqs = on.requirements(in_scope);
                for only in [None, Some(0), Some(2)] {
                    let swept = by_unit(on, in_scope, only);
                    let mut rows = Vec::new();
                    swept.each(|r| {
                        rows.push(r);
                        true
                    });
                    let before = held(&model, in_scope, &reqs, only);
                    assert_eq!(rows, before, "round {round}, only {only:?}");
                    assert!(!rows.is_empty());
                    assert_eq!(swept.len, rows.len());
                    assert_eq!(swept.late, rows.iter().any(|r| r.counts.late()));
                    assert_eq!(swept.totals, totals(on, in_scope, only));
                    // The sweep stops when asked to.
                    let mut given = 0;
                    swept.each(|_| {
                        given += 1;
                        given < 3
                    });
                    assert_eq!(given, 3);
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
