//! The plan: the YAML dosing matrix, loaded and checked into a [`Plan`].
//!
//! The raw serde structs stay private to `raw.rs` and `build.rs`; [`Plan::from_yaml`] turns them into validated ids
//! and indexes (the loader reads the file: `load::inputs::load_plan`), so the rules never see an unchecked string. Every problem names the file, line and column:
//! unknown keys, duplicate keys or ids (also ids that differ only in case), references to undeclared
//! roles, levels or courses, a code on two courses, wrong types and negative numbers.
//!
//! YAML is read with serde-saphyr, which rejects duplicate map keys (serde_yaml silently kept the last
//! one, which in a dosing matrix quietly drops a role's courses) and bounds alias expansion.

mod build;
mod ids;
mod raw;

use std::collections::HashMap;
use std::sync::OnceLock;

use jiff::civil::Date;

use crate::diag::{Diagnostics, Problem};
use build::Builder;
use raw::{RawPlan, yaml_problem};

/// The most hours one course may have: a year of full-time study is some 1,700; this leaves room for
/// any real course while a year's total (hours × completions) stays an exact, finite number.
pub const MAX_HOURS: f64 = 100_000.0;

pub use ids::{CourseIx, LevelIx, RoleIx};
pub(crate) use ids::{id_type, index_by};

index_by!(CourseIx => Course);
index_by!(RoleIx => Named);
index_by!(LevelIx => Named);

/// How ids, codes and names are compared: trimmed, case-insensitively. Only [`Key::new`] (and
/// [`key`]) make one, from any text, and they fold it, so that an unfolded string can never be looked up
/// or compared as a key. Read it as a `str` (it derefs to one); there is no way back in but folding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key(String);

impl Key {
    /// The key of a text: trimmed and lower-cased.
    pub fn new(text: &str) -> Key {
        let t = text.trim();
        Key(
            if t.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
                t.to_lowercase()
            } else {
                t.to_string()
            },
        )
    }

    /// The key of ASCII bytes, in one allocation (the completion export's codes); `None` when the bytes
    /// are not ASCII.
    pub fn from_ascii(bytes: &[u8]) -> Option<Key> {
        if !bytes.is_ascii() {
            return None;
        }
        String::from_utf8(bytes.trim_ascii().to_ascii_lowercase())
            .ok()
            .map(Key)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Key {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Key> for String {
    fn from(key: Key) -> String {
        key.0
    }
}

impl From<Key> for Box<str> {
    fn from(key: Key) -> Box<str> {
        key.0.into_boxed_str()
    }
}

/// [`Key::new`].
pub fn key(text: &str) -> Key {
    Key::new(text)
}

/// Lists up to this long are searched in place; longer ones (a hostile plan's thousands) by hash.
pub const SCAN_LIMIT: usize = 32;

/// A level or role by id: when the plan's ids and the text are ASCII, compared in place (a plan has a
/// handful); otherwise, or when the plan has many, by key.
fn find_named<I: Copy>(
    list: &[Named],
    all_ascii: bool,
    index: &HashMap<Key, I>,
    id: &str,
    make: fn(usize) -> I,
) -> Option<I> {
    let id = id.trim();
    if all_ascii && id.is_ascii() && list.len() <= SCAN_LIMIT {
        let id = id.as_bytes();
        return list
            .iter()
            .position(|n| n.id.len() == id.len() && n.id.as_bytes().eq_ignore_ascii_case(id))
            .map(make);
    }
    index.get(&key(id)).copied()
}

/// A declared level or role: its id as the plan writes it, and its display name.
#[derive(Debug, Clone)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Course {
    pub id: String,
    pub name: String,
    /// Hours per completion, 0 to [`MAX_HOURS`].
    pub hours: f64,
    /// The plan's line for the course's hours (its id's line when it gives none), for messages.
    pub line: u64,
    pub due_months: u32,
    pub valid_months: Option<u32>,
    pub codes: Vec<String>,
}

/// The status a gap can have; tiers and `--status` name these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GapStatus {
    Overdue,
    Expired,
    Due,
}

impl GapStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            GapStatus::Overdue => "overdue",
            GapStatus::Expired => "expired",
            GapStatus::Due => "due",
        }
    }

    pub fn parse(text: &str) -> Option<GapStatus> {
        match key(text).as_str() {
            "overdue" => Some(GapStatus::Overdue),
            "expired" => Some(GapStatus::Expired),
            "due" => Some(GapStatus::Due),
            _ => None,
        }
    }
}

/// One priority tier: a gap belongs to the first tier all of whose named values it has.
#[derive(Debug, Clone, Default)]
pub struct Tier {
    pub role: Option<RoleIx>,
    pub level: Option<LevelIx>,
    pub course: Option<CourseIx>,
    pub status: Option<GapStatus>,
}

/// What the matrix lists for one role: its `"*"` courses, and the levels with courses of their own.
#[derive(Debug, Clone, Default)]
struct RoleMatrix {
    /// The `"*"` courses, in plan order.
    star: Vec<CourseIx>,
    /// The levels the matrix names for the role, by level.
    levels: Vec<LevelCourses>,
}

#[derive(Debug, Clone)]
struct LevelCourses {
    level: LevelIx,
    /// The level's own courses, in plan order.
    own: Vec<CourseIx>,
    /// `"*"` and `own` merged, made the first time the pair is asked for.
    merged: OnceLock<Vec<CourseIx>>,
}

/// Two lists in plan order merged into one, each course once.
fn merge(a: &[CourseIx], b: &[CourseIx]) -> Vec<CourseIx> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The `satisfies` closure, kept small: the courses' strongly connected components (a cycle makes
/// courses equivalent), and for each component with `satisfies` edges out of it one bit per required
/// course (a course the matrix lists) it reaches. Memory: components with edges × required courses
/// / 8 bytes (a 5,000-course chain: 3 MB), not a list per pair; a question is one bit.
#[derive(Debug, Clone, Default)]
struct Fulfils {
    /// Course -> its component.
    comp: Vec<u32>,
    /// Component -> the components it has edges to (not itself).
    next: Vec<Vec<u32>>,
    /// Course -> its place among the required courses, or `NONE`.
    target: Vec<u32>,
    /// Component -> its row of `bits`, or `NONE` when it has no edges out.
    row: Vec<u32>,
    words: usize,
    bits: Vec<u64>,
}

const NONE: u32 = u32::MAX;

impl Fulfils {
    /// The closure of `direct` (course -> the courses it satisfies), with bits for the courses of
    /// `targets` (`targets[c]`: course c is required somewhere).
    fn new(direct: &[Vec<CourseIx>], targets: &[bool]) -> Fulfils {
        let n = direct.len();
        let (comp, count) = components(direct);
        let mut next: Vec<Vec<u32>> = vec![Vec::new(); count];
        for (c, edges) in direct.iter().enumerate() {
            for &d in edges {
                if comp[d.index()] != comp[c] {
                    next[comp[c] as usize].push(comp[d.index()]);
                }
            }
        }
        for list in &mut next {
            list.sort_unstable();
            list.dedup();
        }
        let mut target = vec![NONE; n];
        let mut t = 0u32;
        for c in (0..n).filter(|&c| targets[c]) {
            target[c] = t;
            t += 1;
        }
        let words = (t as usize).div_ceil(64);
        // The targets in each component.
        let mut own: Vec<Vec<u32>> = vec![Vec::new(); count];
        for c in 0..n {
            if target[c] != NONE {
                own[comp[c] as usize].push(target[c]);
            }
        }
        let mut row = vec![NONE; count];
        let rows = next.iter().filter(|l| !l.is_empty()).count();
        let mut bits = vec![0u64; rows * words];
        // Components are numbered so that every edge goes to a lower number (sinks first).
        let mut r = 0u32;
        for k in 0..count {
            if next[k].is_empty() {
                continue;
            }
            row[k] = r;
            let at = r as usize * words;
            for &t in &own[k] {
                bits[at + t as usize / 64] |= 1 << (t % 64);
            }
            for &s in &next[k] {
                let s = s as usize;
                if row[s] == NONE {
                    for &t in &own[s] {
                        bits[at + t as usize / 64] |= 1 << (t % 64);
                    }
                } else {
                    let from = row[s] as usize * words;
                    for w in 0..words {
                        bits[at + w] |= bits[from + w];
                    }
                }
            }
            r += 1;
        }
        Fulfils {
            comp,
            next,
            target,
            row,
            words,
            bits,
        }
    }

    #[inline]
    fn reaches(&self, taken: CourseIx, required: CourseIx) -> bool {
        let (a, b) = (self.comp[taken.index()], self.comp[required.index()]);
        if a == b {
            return true;
        }
        let r = self.row[a as usize];
        if r == NONE {
            return false;
        }
        match self.target[required.index()] {
            NONE => self.walk(a).contains(&b),
            t => self.bits[r as usize * self.words + t as usize / 64] & (1 << (t % 64)) != 0,
        }
    }

    /// The components reachable from `from`, itself included.
    fn walk(&self, from: u32) -> Vec<u32> {
        let mut seen = vec![false; self.next.len()];
        seen[from as usize] = true;
        let mut stack = vec![from];
        let mut out = Vec::new();
        while let Some(k) = stack.pop() {
            out.push(k);
            for &s in &self.next[k as usize] {
                if !seen[s as usize] {
                    seen[s as usize] = true;
                    stack.push(s);
                }
            }
        }
        out
    }

    fn all(&self, taken: CourseIx) -> Vec<CourseIx> {
        let mut reach = vec![false; self.next.len()];
        for k in self.walk(self.comp[taken.index()]) {
            reach[k as usize] = true;
        }
        CourseIx::all(self.comp.len())
            .filter(|&c| reach[self.comp[c.index()] as usize])
            .collect()
    }
}

/// The strongly connected components of a graph (Tarjan's, without recursion: a chain of thousands
/// must not overflow the stack), numbered so that every edge between components goes to a lower
/// number; and their count.
fn components(direct: &[Vec<CourseIx>]) -> (Vec<u32>, usize) {
    let n = direct.len();
    let mut index = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![NONE; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut calls: Vec<(usize, usize)> = Vec::new();
    let (mut next_index, mut count) = (0u32, 0u32);
    for start in 0..n {
        if index[start] != NONE {
            continue;
        }
        calls.push((start, 0));
        while let Some(&mut (v, ref mut edge)) = calls.last_mut() {
            if *edge == 0 && index[v] == NONE {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = direct[v].get(*edge) {
                let w = w.index();
                *edge += 1;
                if index[w] == NONE {
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = count;
                    if w == v {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    (comp, count as usize)
}

/// A validated plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The plan's file, as given (for messages).
    pub path: String,
    pub name: String,
    pub organisation: Option<String>,
    pub starts: Option<Date>,
    pub levels: Vec<Named>,
    pub roles: Vec<Named>,
    pub courses: Vec<Course>,
    pub priority: Vec<Tier>,
    level_index: HashMap<Key, LevelIx>,
    role_index: HashMap<Key, RoleIx>,
    code_index: HashMap<Key, CourseIx>,
    /// Which courses a completion of a course fulfils: the `satisfies` closure, kept small.
    fulfils: Fulfils,
    /// For each role, what the matrix lists for it (sparse: memory follows the matrix, not roles ×
    /// levels × courses).
    requires: Vec<RoleMatrix>,
    /// Codes and ids that are ASCII, lower-cased, for the completion export's hot path.
    ascii_codes: Vec<(Box<[u8]>, CourseIx)>,
    /// Whether any id or code is not ASCII (else a non-ASCII field names no plan course).
    non_ascii_codes: bool,
    /// Whether every level id, and every role id, is ASCII.
    ascii_ids: (bool, bool),
    /// `columns:`: per export, contract column -> the export's name for it.
    pub columns: HashMap<&'static str, HashMap<&'static str, String>>,
    /// `titles:`: job title (a key) -> role and optional level; `"*"` is the fallback.
    titles: HashMap<Key, (RoleIx, Option<LevelIx>)>,
}

impl Plan {
    pub fn level(&self, id: &str) -> Option<LevelIx> {
        find_named(
            &self.levels,
            self.ascii_ids.0,
            &self.level_index,
            id,
            LevelIx::new,
        )
    }

    pub fn role(&self, id: &str) -> Option<RoleIx> {
        find_named(
            &self.roles,
            self.ascii_ids.1,
            &self.role_index,
            id,
            RoleIx::new,
        )
    }

    /// A course by its id or any of its codes.
    pub fn course(&self, id_or_code: &str) -> Option<CourseIx> {
        self.code_index.get(&key(id_or_code)).copied()
    }

    /// A course by an id or code given as ASCII bytes (compared ignoring ASCII case).
    #[inline]
    pub fn course_by_ascii(&self, bytes: &[u8]) -> Option<CourseIx> {
        if self.ascii_codes.len() > SCAN_LIMIT {
            // As in place, a field with spaces around it is no code.
            return Key::from_ascii(bytes)
                .filter(|k| k.len() == bytes.len())
                .and_then(|k| self.code_index.get(&k).copied());
        }
        self.ascii_codes
            .iter()
            .find(|(code, _)| code.len() == bytes.len() && code.eq_ignore_ascii_case(bytes))
            .map(|&(_, c)| c)
    }

    /// A course by an id or code as a field's raw bytes: ASCII ones compared directly, others (which can
    /// only name a plan course when the plan has a non-ASCII code) decoded by `text` first.
    #[inline]
    pub fn course_by_field<E>(
        &self,
        bytes: &[u8],
        text: impl FnOnce() -> Result<String, E>,
    ) -> Result<Option<CourseIx>, E> {
        if bytes.is_ascii() {
            Ok(self.course_by_ascii(bytes))
        } else if self.non_ascii_codes {
            Ok(self.course(&text()?))
        } else {
            Ok(None)
        }
    }

    /// Whether the plan maps job titles to roles.
    pub fn has_titles(&self) -> bool {
        !self.titles.is_empty()
    }

    /// The role and level a job title gives, by the plan's `titles:` (or its `"*"`).
    pub fn title(&self, title: &str) -> Option<(RoleIx, Option<LevelIx>)> {
        self.titles
            .get(&key(title))
            .or_else(|| self.titles.get(&key("*")))
            .copied()
    }

    /// The courses a completion of `taken` fulfils, itself included, in plan order (a walk of the
    /// `satisfies` graph: for messages and tests; the rules ask [`Plan::taken_fulfils`]).
    pub fn fulfils(&self, taken: CourseIx) -> Vec<CourseIx> {
        self.fulfils.all(taken)
    }

    /// Whether a completion of `taken` fulfils `required` (the same course, or one it satisfies,
    /// directly or through others).
    #[inline]
    pub fn taken_fulfils(&self, taken: CourseIx, required: CourseIx) -> bool {
        self.fulfils.reaches(taken, required)
    }

    /// The courses an assignment with this role and level requires, in plan order: the role's `"*"`
    /// courses merged with the level's own (merged once per pair asked for).
    pub fn requires(&self, role: RoleIx, level: Option<LevelIx>) -> &[CourseIx] {
        let m = &self.requires[role.index()];
        let Some(at) = level.and_then(|l| m.levels.binary_search_by_key(&l, |e| e.level).ok())
        else {
            return &m.star;
        };
        let entry = &m.levels[at];
        if m.star.is_empty() {
            &entry.own
        } else if entry.own.is_empty() {
            &m.star
        } else {
            entry.merged.get_or_init(|| merge(&m.star, &entry.own))
        }
    }

    /// Checks a plan given as text; `path` is used in messages.
    pub fn from_yaml(
        path: &str,
        text: &str,
        diag: &mut Diagnostics,
    ) -> Result<Option<Plan>, Problem> {
        let raw: RawPlan = match serde_saphyr::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                diag.error(yaml_problem(path, &e))?;
                return Ok(None);
            }
        };
        let before = diag.errors.len();
        let plan = Builder { path, diag }.build(raw)?;
        Ok(if diag.errors.len() > before {
            None
        } else {
            Some(plan)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "\
name: Test
starts: 2024-01-01
levels: { koncern: Koncern, enhet: Enhet }
roles: { medarbetare: Medarbetare, chef: Chef }
courses:
  - { id: a, name: A, hours: 2, codes: [A-OLD] }
  - { id: b, name: B, satisfies: [a] }
  - { id: c, name: C, satisfies: [b] }
matrix:
  medarbetare: { \"*\": [a] }
  chef: { \"*\": [a, b], koncern: [c] }
";

    fn ix(c: usize) -> CourseIx {
        CourseIx::new(c)
    }

    fn ixs(list: &[usize]) -> Vec<CourseIx> {
        list.iter().map(|&c| ix(c)).collect()
    }

    fn load(text: &str) -> Result<Option<Plan>, Problem> {
        Plan::from_yaml("plan.yaml", text, &mut Diagnostics::new(false))
    }

    #[test]
    fn a_key_is_its_text_trimmed_and_case_folded() {
        assert_eq!(key("  Avd ÅSEN ").as_str(), "avd åsen");
        assert_eq!(key("KVU-Webb"), key("kvu-webb "));
        assert_eq!(Key::from_ascii(b" A-OLD"), Some(key("a-old")));
        assert_eq!(Key::from_ascii("Å".as_bytes()), None);
        assert_eq!(String::from(key(" X ")), "x");
    }

    #[test]
    fn satisfies_is_transitive() {
        let plan = load(PLAN).unwrap().unwrap();
        assert_eq!(plan.fulfils(ix(2)), ixs(&[0, 1, 2]));
        assert_eq!(plan.fulfils(ix(1)), ixs(&[0, 1]));
        assert_eq!(plan.fulfils(ix(0)), ixs(&[0]));
    }

    #[test]
    fn satisfies_cycles_mean_equivalence() {
        let text = PLAN.replace(
            "{ id: a, name: A, hours: 2, codes: [A-OLD] }",
            "{ id: a, name: A, satisfies: [c] }",
        );
        let plan = load(&text).unwrap().unwrap();
        for c in CourseIx::all(3) {
            assert_eq!(plan.fulfils(c), ixs(&[0, 1, 2]));
        }
    }

    #[test]
    fn matrix_adds_the_level_to_star() {
        let plan = load(PLAN).unwrap().unwrap();
        let chef = plan.role("CHEF ").unwrap();
        assert_eq!(plan.requires(chef, plan.level("koncern")), ixs(&[0, 1, 2]));
        assert_eq!(plan.requires(chef, plan.level("enhet")), ixs(&[0, 1]));
        assert_eq!(plan.requires(chef, None), ixs(&[0, 1]));
        assert_eq!(plan.course("a-old"), Some(ix(0)));
    }

    #[test]
    fn errors_name_line_and_column() {
        let err = load(&PLAN.replace("koncern: [c]", "koncern: [x]")).unwrap_err();
        assert_eq!(err.line(), Some(11));
        assert!(err.message.contains("course `x`"), "{err}");
        let err = load(&PLAN.replace("hours: 2", "hours: 2, colour: red")).unwrap_err();
        assert_eq!(err.line(), Some(6));
        assert!(err.message.contains("colour"), "{err}");
    }

    #[test]
    fn ids_differing_only_in_case_are_duplicates() {
        let err = load(&PLAN.replace("chef: Chef }", "chef: Chef, Chef: Chef }")).unwrap_err();
        assert!(err.message.contains("duplicate role id"), "{err}");
    }
}
