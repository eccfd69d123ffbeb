//! Counts by state: for each unit and course, the people in each state (`gaps --summary`), and the
//! same per course over the whole scope, each person once. Pure: no I/O.
//!
//! The summary of a big scope has units × courses rows (20,000 units of 200 courses: 4 million), so
//! they are never held: [`ByUnit`] keeps each person's states (a course and a state each), and
//! [`ByUnit::each`] sweeps the rows in scope unit by unit, counting one unit's courses at a time and
//! giving that unit's rows before the next unit's.

use std::collections::HashMap;
use std::sync::Arc;

use super::state::{On, State};
use crate::fasthash::FastHash;
use crate::model::{PersonIx, RowIx, Scope};
use crate::plan::{CourseIx, index_by};

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

/// The share met, in percent: the one "Met %" of every table, chart and page; `None` when nobody is
/// required.
pub fn met_percent(met: u64, required: u64) -> Option<f64> {
    (required > 0).then(|| 100.0 * met as f64 / required as f64)
}

index_by!(CourseIx => Counts);

impl Counts {
    /// [`met_percent`] of these counts.
    pub fn met_percent(&self) -> Option<f64> {
        met_percent(self.met, self.required)
    }

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

    /// Adds another group's counts.
    pub fn merge(&mut self, other: &Counts) {
        self.required += other.required;
        self.met += other.met;
        self.exempt += other.exempt;
        self.overdue += other.overdue;
        self.due += other.due;
        self.expired += other.expired;
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
pub fn totals(on: On<'_>, in_scope: &Scope, only: Option<CourseIx>) -> Vec<Counts> {
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
    /// The staff rows in scope with a role and a requirement: each row's unit's place in code-point
    /// order, its person's place in `spans` and the courses its role and level require (`only`: that
    /// one), sorted by unit and person.
    rows: Vec<(u32, u32, &'m [CourseIx])>,
    /// Each unit as the first row in scope writes it, in code-point order.
    units: Vec<&'m str>,
    /// Where each person's states are: the run (of `states`), and their start and end in it.
    spans: Vec<(u32, u32, u32)>,
    /// Each run's people's required courses in plan order, with the state of each; a run a core,
    /// as they were found.
    states: Vec<Vec<(CourseIx, State)>>,
    /// Per course, each person once.
    pub totals: Vec<Counts>,
    /// The number of rows a sweep gives.
    pub len: usize,
    /// Whether any row has someone overdue or expired.
    pub late: bool,
}

/// One core's share of the people's states.
struct Run {
    people: Vec<PersonIx>,
    spans: Vec<(u32, u32)>,
    states: Vec<(CourseIx, State)>,
    totals: Vec<Counts>,
}

/// The summary of the staff rows in scope; see [`ByUnit`].
pub fn by_unit<'m>(on: On<'m>, in_scope: &Scope, only: Option<CourseIx>) -> ByUnit<'m> {
    let model = on.model;
    let plan = model.plan;
    let rows = model.rows();
    // Units are ids: `Avd 1` and `AVD 1` are one unit, printed as the first row in scope writes it.
    // Rows that write their unit alike share its text: looked up by its address first, which costs
    // no reading of the text (a national staff list: 600,000 rows, 24,000 units).
    let mut index: HashMap<&str, u32, FastHash> = HashMap::default();
    let mut written: HashMap<usize, u32, FastHash> = HashMap::default();
    let mut spelling: Vec<&str> = Vec::new();
    let mut unit_of: Vec<(RowIx, u32, &[CourseIx])> = Vec::new();
    for (i, a) in in_scope.iter().map(|i| (i, &rows[i])) {
        let u = *written
            .entry(Arc::as_ptr(&a.unit_name) as usize)
            .or_insert_with(|| {
                let next = spelling.len() as u32;
                *index.entry(a.unit_key()).or_insert_with(|| {
                    spelling.push(a.unit());
                    next
                })
            });
        let post = model.post(i);
        if let Some(role) = post.role {
            let courses = plan.requires(role, post.declared_level());
            let courses = match only {
                None => courses,
                Some(o) => courses
                    .binary_search(&o)
                    .map_or(&[][..], |at| &courses[at..=at]),
            };
            if !courses.is_empty() {
                unit_of.push((i, u, courses));
            }
        }
    }
    drop((index, written));
    let mut by_spelling: Vec<u32> = (0..spelling.len() as u32).collect();
    by_spelling.sort_unstable_by_key(|&u| spelling[u as usize]);
    let mut rank = vec![0u32; spelling.len()];
    for (r, &u) in by_spelling.iter().enumerate() {
        rank[u as usize] = r as u32;
    }
    let units = by_spelling.iter().map(|&u| spelling[u as usize]).collect();
    // Each person's states, on all cores: a run of people each, in the order of their numbers.
    let n = plan.courses.len();
    let runs = on.par_runs(in_scope, |each_person| {
        let mut run = Run {
            people: Vec::new(),
            spans: Vec::new(),
            states: Vec::new(),
            totals: vec![Counts::default(); n],
        };
        each_person(&mut |reqs| {
            let start = run.states.len() as u32;
            for q in reqs.iter().filter(|q| only.is_none_or(|o| o == q.course)) {
                run.totals[q.course].add(q.state);
                run.states.push((q.course, q.state));
            }
            run.people.push(reqs[0].person);
            run.spans.push((start, run.states.len() as u32));
        });
        run
    });
    let mut people: Vec<PersonIx> = Vec::new();
    let mut spans = Vec::new();
    let mut states = Vec::with_capacity(runs.len());
    let mut totals = vec![Counts::default(); n];
    for (r, run) in runs.into_iter().enumerate() {
        people.extend(run.people);
        spans.extend(run.spans.into_iter().map(|(a, b)| (r as u32, a, b)));
        states.push(run.states);
        for (t, c) in totals.iter_mut().zip(&run.totals) {
            t.merge(c);
        }
    }
    let mut sweep_rows: Vec<(u32, u32, &[CourseIx])> = unit_of
        .into_iter()
        .filter_map(|(i, u, courses)| {
            let p = people.binary_search(&PersonIx::of(rows[i].person)).ok()?;
            Some((rank[u as usize], p as u32, courses))
        })
        .collect();
    sweep_rows.sort_unstable_by_key(|r| (r.0, r.1));
    // Every course a row requires is a requirement of its person: a row per unit and course that
    // occurs, late where a person required the course there is late (as the totals say).
    let late = totals.iter().any(Counts::late);
    let mut len = 0;
    let mut seen = vec![u32::MAX; plan.courses.len()];
    for unit in sweep_rows.chunk_by(|a, b| a.0 == b.0) {
        for &(u, _, courses) in unit {
            for &c in courses {
                len += usize::from(seen[c.index()] != u);
                seen[c.index()] = u;
            }
        }
    }
    ByUnit {
        rows: sweep_rows,
        units,
        spans,
        states,
        totals,
        len,
        late,
    }
}

impl<'m> ByUnit<'m> {
    /// A person's state of a course they are required to take.
    fn state(&self, person: u32, course: CourseIx) -> Option<State> {
        let (run, start, end) = self.spans[person as usize];
        let mine = &self.states[run as usize][start as usize..end as usize];
        let at = mine.binary_search_by_key(&course, |s| s.0).ok()?;
        Some(mine[at].1)
    }

    /// Calls `each` with the rows in order, unit by unit, until it returns `false`. Each person with an
    /// assignment in the unit requiring the course counts once there.
    pub fn each(&self, mut each: impl FnMut(UnitCounts<'m>) -> bool) {
        let n = self.totals.len();
        let mut cells = vec![Counts::default(); n];
        // The unit's courses, and for each course the last person counted for it in this unit.
        let mut touched: Vec<CourseIx> = Vec::new();
        let mut counted: Vec<(u32, u32)> = vec![(u32::MAX, u32::MAX); n];
        for unit in self.rows.chunk_by(|a, b| a.0 == b.0) {
            for &(u, person, courses) in unit {
                for &c in courses {
                    if counted[c.index()] == (u, person) {
                        continue;
                    }
                    counted[c.index()] = (u, person);
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
    use crate::model::{Model, by_person, same_person};
    use crate::rules::Requirement;

    /// The summary as it was made before the sweep: a cell per unit and course that occurs, all held,
    /// then sorted. The sweep must give the same rows.
    fn held<'m>(
        model: &'m Model<'m>,
        in_scope: &Scope,
        reqs: &[Requirement],
        only: Option<CourseIx>,
    ) -> Vec<UnitCounts<'m>> {
        let plan = model.plan;
        let rows = model.rows();
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut spelling: Vec<&str> = Vec::new();
        let mut unit_of = vec![usize::MAX; rows.len()];
        for (i, a) in in_scope.iter().map(|i| (i, &rows[i])) {
            let next = spelling.len();
            unit_of[i.index()] = *index.entry(a.unit_key()).or_insert_with(|| {
                spelling.push(a.unit());
                next
            });
        }
        let mut cells: HashMap<(usize, CourseIx), Counts> = HashMap::new();
        let order = by_person(
            rows,
            in_scope
                .iter()
                .filter(|&i| model.post(i).role.is_some())
                .collect(),
        );
        let mut state: Vec<Option<State>> = vec![None; plan.courses.len()];
        let mut r = 0;
        for group in order.chunk_by(same_person(rows)) {
            let person = PersonIx::of(rows[group[0]].person);
            let first = r;
            while r < reqs.len() && reqs[r].person == person {
                state[reqs[r].course.index()] = Some(reqs[r].state);
                r += 1;
            }
            let mut pairs = Vec::new();
            for &i in group {
                let post = model.post(i);
                for &c in plan.requires(post.role.unwrap(), post.declared_level()) {
                    if only.is_none_or(|o| o == c) {
                        pairs.push((unit_of[i.index()], c));
                    }
                }
            }
            pairs.sort_unstable();
            pairs.dedup();
            for &(u, c) in &pairs {
                if let Some(st) = state[c.index()] {
                    cells.entry((u, c)).or_default().add(st);
                }
            }
            for q in &reqs[first..r] {
                state[q.course.index()] = None;
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
            // The first round is big enough to be cut into runs, one a core.
            let (rows, people) = if round == 0 {
                (25_000, 9_000)
            } else {
                (300, 120)
            };
            for _ in 0..rows {
                let p = rng.below(people);
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
                    rng.below(people),
                    courses[rng.below(courses.len() as u64) as usize],
                    rng.below(7),
                    1 + rng.below(9),
                ));
                if rng.below(10) == 0 {
                    exempt.push_str(&format!("p{},{},,\n", rng.below(people), courses[0]));
                }
            }
            let file = |name: &str, text: &str| {
                let path = dir.join(format!("{round}-{name}"));
                std::fs::write(&path, text).unwrap();
                Some(crate::load::path::InputPath::new(
                    path.to_string_lossy().into_owned(),
                ))
            };
            let options = LoadOptions {
                paths: Paths {
                    plan: file("plan.yaml", PLAN),
                    staff: file("staff.csv", &staff),
                    completions: file("completions.csv", &done),
                    units: None,
                    exemptions: file("exemptions.csv", &exempt),
                    ..Paths::default()
                },
                encoding: Default::default(),
                delimiter: None,
                as_of: jiff::civil::date(2026, 6, 1),
                id_format: Default::default(),
                recording: None,
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
            let everyone = Scope::all(model.rows().len());
            let some = Scope::of(
                RowIx::all(model.rows().len())
                    .filter(|i| i.index() % 3 != 0)
                    .collect(),
            );
            for in_scope in [&everyone, &some] {
                let reqs = on.requirements(in_scope);
                for only in [None, Some(CourseIx::new(0)), Some(CourseIx::new(2))] {
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
