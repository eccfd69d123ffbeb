//! The plan: the YAML dosing matrix, loaded and checked into a [`Plan`].
//!
//! The raw serde structs stay private to `raw.rs` and `build.rs`; [`Plan::load`] turns them into validated ids and
//! indexes, so the rules never see an unchecked string. Every problem names the file, line and column:
//! unknown keys, duplicate keys or ids (also ids that differ only in case), references to undeclared
//! roles, levels or courses, a code on two courses, wrong types and negative numbers.
//!
//! YAML is read with serde-saphyr, which rejects duplicate map keys (serde_yaml silently kept the last
//! one, which in a dosing matrix quietly drops a role's courses) and bounds alias expansion.

mod build;
mod raw;

use std::collections::HashMap;

use jiff::civil::Date;

use crate::diag::{Diagnostics, Problem};
use build::Builder;
use raw::{RawPlan, yaml_problem};

/// Index of a course in the plan's order.
pub type CourseIx = usize;

/// How ids, codes and names are compared: trimmed, case-insensitively.
pub fn key(text: &str) -> String {
    let t = text.trim();
    if t.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        t.to_lowercase()
    } else {
        t.to_string()
    }
}

/// A level or role by id: when the plan's ids and the text are ASCII, compared in place (a plan has a
/// handful); otherwise by key.
fn find_named(
    list: &[Named],
    all_ascii: bool,
    index: &HashMap<String, usize>,
    id: &str,
) -> Option<usize> {
    let id = id.trim();
    if all_ascii && id.is_ascii() {
        let id = id.as_bytes();
        return list
            .iter()
            .position(|n| n.id.len() == id.len() && n.id.as_bytes().eq_ignore_ascii_case(id));
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
    pub hours: f64,
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
    pub role: Option<usize>,
    pub level: Option<usize>,
    pub course: Option<CourseIx>,
    pub status: Option<GapStatus>,
}

/// A validated plan.
#[derive(Debug, Clone)]
pub struct Plan {
    pub name: String,
    pub organisation: Option<String>,
    pub starts: Option<Date>,
    pub levels: Vec<Named>,
    pub roles: Vec<Named>,
    pub courses: Vec<Course>,
    pub priority: Vec<Tier>,
    level_index: HashMap<String, usize>,
    role_index: HashMap<String, usize>,
    code_index: HashMap<String, CourseIx>,
    /// For each course taken, the courses a completion of it fulfils (itself included), in plan order.
    fulfils: Vec<Vec<CourseIx>>,
    /// For each role: for each level, then one more slot for "no declared level", the required courses
    /// in plan order.
    requires: Vec<Vec<Vec<CourseIx>>>,
    /// Codes and ids that are ASCII, lower-cased, for the completion export's hot path.
    ascii_codes: Vec<(Box<[u8]>, CourseIx)>,
    /// Whether any id or code is not ASCII (else a non-ASCII field names no plan course).
    non_ascii_codes: bool,
    /// Whether every level id, and every role id, is ASCII.
    ascii_ids: (bool, bool),
    /// `columns:`: per export, contract column -> the export's name for it.
    pub columns: HashMap<&'static str, HashMap<&'static str, String>>,
    /// `titles:`: job title (a key) -> role and optional level; `"*"` is the fallback.
    titles: HashMap<String, (usize, Option<usize>)>,
}

impl Plan {
    pub fn level(&self, id: &str) -> Option<usize> {
        find_named(&self.levels, self.ascii_ids.0, &self.level_index, id)
    }

    pub fn role(&self, id: &str) -> Option<usize> {
        find_named(&self.roles, self.ascii_ids.1, &self.role_index, id)
    }

    /// A course by its id or any of its codes.
    pub fn course(&self, id_or_code: &str) -> Option<CourseIx> {
        self.code_index.get(&key(id_or_code)).copied()
    }

    /// A course by an id or code given as ASCII bytes (compared ignoring ASCII case).
    #[inline]
    pub fn course_by_ascii(&self, bytes: &[u8]) -> Option<CourseIx> {
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
    pub fn title(&self, title: &str) -> Option<(usize, Option<usize>)> {
        self.titles
            .get(&key(title))
            .or_else(|| self.titles.get("*"))
            .copied()
    }

    /// The courses a completion of `taken` fulfils, itself included.
    pub fn fulfils(&self, taken: CourseIx) -> &[CourseIx] {
        &self.fulfils[taken]
    }

    /// The courses an assignment with this role and level requires, in plan order.
    pub fn requires(&self, role: usize, level: Option<usize>) -> &[CourseIx] {
        let slots = &self.requires[role];
        &slots[level.unwrap_or(slots.len() - 1)]
    }

    /// Reads and checks a plan file.
    pub fn load(path: &str, diag: &mut Diagnostics) -> Result<Option<Plan>, Problem> {
        let text = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    diag.error(Problem::file(
                        path,
                        "the plan is not UTF-8 text, expected a UTF-8 YAML file",
                    ))?;
                    return Ok(None);
                }
            },
            Err(e) => {
                diag.error(Problem::file(path, format!("cannot read the plan: {e}")))?;
                return Ok(None);
            }
        };
        Plan::from_yaml(path, &text, diag)
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

    fn load(text: &str) -> Result<Option<Plan>, Problem> {
        Plan::from_yaml("plan.yaml", text, &mut Diagnostics::new(false))
    }

    #[test]
    fn satisfies_is_transitive() {
        let plan = load(PLAN).unwrap().unwrap();
        assert_eq!(plan.fulfils(2), &[0, 1, 2]);
        assert_eq!(plan.fulfils(1), &[0, 1]);
        assert_eq!(plan.fulfils(0), &[0]);
    }

    #[test]
    fn satisfies_cycles_mean_equivalence() {
        let text = PLAN.replace(
            "{ id: a, name: A, hours: 2, codes: [A-OLD] }",
            "{ id: a, name: A, satisfies: [c] }",
        );
        let plan = load(&text).unwrap().unwrap();
        for c in 0..3 {
            assert_eq!(plan.fulfils(c), &[0, 1, 2]);
        }
    }

    #[test]
    fn matrix_adds_the_level_to_star() {
        let plan = load(PLAN).unwrap().unwrap();
        let chef = plan.role("CHEF ").unwrap();
        assert_eq!(plan.requires(chef, plan.level("koncern")), &[0, 1, 2]);
        assert_eq!(plan.requires(chef, plan.level("enhet")), &[0, 1]);
        assert_eq!(plan.requires(chef, None), &[0, 1]);
        assert_eq!(plan.course("a-old"), Some(0));
    }

    #[test]
    fn errors_name_line_and_column() {
        let err = load(&PLAN.replace("koncern: [c]", "koncern: [x]")).unwrap_err();
        assert_eq!(err.line, Some(11));
        assert!(err.message.contains("course `x`"), "{err}");
        let err = load(&PLAN.replace("hours: 2", "hours: 2, colour: red")).unwrap_err();
        assert_eq!(err.line, Some(6));
        assert!(err.message.contains("colour"), "{err}");
    }

    #[test]
    fn ids_differing_only_in_case_are_duplicates() {
        let err = load(&PLAN.replace("chef: Chef }", "chef: Chef, Chef: Chef }")).unwrap_err();
        assert!(err.message.contains("duplicate role id"), "{err}");
    }
}
