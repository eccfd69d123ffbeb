//! The plan: the YAML dosing matrix, loaded and checked into a [`Plan`].
//!
//! The raw serde structs stay private to this file; [`Plan::load`] turns them into validated ids and
//! indexes, so the rules never see an unchecked string. Every problem names the file, line and column:
//! unknown keys, duplicate keys or ids (also ids that differ only in case), references to undeclared
//! roles, levels or courses, a code on two courses, wrong types and negative numbers.
//!
//! YAML is read with serde-saphyr, which rejects duplicate map keys (serde_yaml silently kept the last
//! one, which in a dosing matrix quietly drops a role's courses) and bounds alias expansion.

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

use jiff::civil::Date;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use crate::date;
use crate::diag::{Diagnostics, Problem};

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

    /// A course by a key already made with [`key`].
    pub fn course_by_key(&self, k: &str) -> Option<CourseIx> {
        self.code_index.get(k).copied()
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

fn yaml_problem(path: &str, e: &serde_saphyr::Error) -> Problem {
    let inner = e.without_snippet();
    let mut message = inner.to_string();
    // The library appends its own "at line L column C"; the location goes in front instead.
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    let message = message.lines().next().unwrap_or("").trim().to_string();
    let message = polish(&message);
    match inner.location() {
        Some(loc) if loc.line() > 0 => Problem::at_col(path, loc.line(), loc.column(), message),
        _ => Problem::file(path, message),
    }
}

/// Rewords the YAML library's messages into kvu's voice: what was wrong, what was expected.
fn polish(message: &str) -> String {
    if message.is_empty() {
        return "not a valid plan, expected YAML as in the README".to_string();
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        return format!("duplicate key `{key}`, expected each key once");
    }
    match message {
        "invalid i64" => "not a whole number, expected a whole number".to_string(),
        "invalid floating point" => "not a number, expected a number".to_string(),
        m if m.starts_with("missing field") => format!("{m}, which is required"),
        m => m.to_string(),
    }
}

/// A YAML mapping read in document order.
struct Pairs<K, V>(Vec<(K, V)>);

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Pairs<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for PairsVisitor<K, V> {
            type Value = Pairs<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(PairsVisitor(PhantomData))
    }
}

type Text = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    name: Text,
    #[serde(default)]
    organisation: Option<String>,
    #[serde(default)]
    starts: Option<Text>,
    levels: Pairs<Text, String>,
    roles: Pairs<Text, String>,
    courses: Vec<RawCourse>,
    matrix: Pairs<Text, Pairs<Text, Vec<Text>>>,
    #[serde(default)]
    priority: Vec<Spanned<RawTier>>,
    #[serde(default)]
    columns: Option<RawColumns>,
    #[serde(default)]
    titles: Option<Pairs<Text, RawTitle>>,
}

/// `columns:`: for each export, the name it gives each of the contract's columns.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumns {
    #[serde(default)]
    staff: Option<RawStaffColumns>,
    #[serde(default)]
    completions: Option<RawCompletionColumns>,
    #[serde(default)]
    units: Option<RawUnitColumns>,
    #[serde(default)]
    exemptions: Option<RawExemptionColumns>,
}

macro_rules! column_struct {
    ($name:ident { $($field:ident),* }) => {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct $name {
            $(#[serde(default)] $field: Option<String>,)*
        }
        impl $name {
            fn pairs(self) -> Vec<(&'static str, String)> {
                let mut out = Vec::new();
                $(if let Some(v) = self.$field { out.push((stringify!($field), v.trim().to_string())); })*
                out
            }
        }
    };
}

column_struct!(RawStaffColumns {
    employee_id,
    name,
    unit,
    role,
    level,
    start_date,
    title
});
column_struct!(RawCompletionColumns {
    employee_id,
    course,
    completed,
    session
});
column_struct!(RawUnitColumns { unit, parent, name });
column_struct!(RawExemptionColumns {
    employee_id,
    course,
    until,
    reason
});

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTitle {
    role: Text,
    #[serde(default)]
    level: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourse {
    id: Text,
    name: String,
    #[serde(default)]
    hours: Option<Spanned<f64>>,
    #[serde(default)]
    due_months: Option<Spanned<i64>>,
    #[serde(default)]
    valid_months: Option<Spanned<i64>>,
    #[serde(default)]
    codes: Vec<Text>,
    #[serde(default)]
    satisfies: Vec<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    #[serde(default)]
    role: Option<Text>,
    #[serde(default)]
    level: Option<Text>,
    #[serde(default)]
    course: Option<Text>,
    #[serde(default)]
    status: Option<Text>,
}

struct Builder<'a> {
    path: &'a str,
    diag: &'a mut Diagnostics,
}

impl Builder<'_> {
    fn fail<T>(&mut self, at: &Spanned<T>, message: String) -> Result<(), Problem> {
        let loc = at.referenced;
        self.diag.error(Problem::at_col(
            self.path,
            loc.line(),
            loc.column(),
            message,
        ))
    }

    /// Reads an id-to-name mapping, rejecting empty ids and ids that differ only in case.
    fn named(
        &mut self,
        what: &str,
        pairs: Pairs<Text, String>,
    ) -> Result<(Vec<Named>, HashMap<String, usize>), Problem> {
        let mut list = Vec::new();
        let mut index = HashMap::new();
        for (id, name) in pairs.0 {
            let k = key(&id.value);
            if k.is_empty() || k == "*" {
                self.fail(
                    &id,
                    format!(
                        "`{}` is no {what} id, expected a name such as `enhet`",
                        id.value
                    ),
                )?;
                continue;
            }
            if let Some(&first) = index.get(&k) {
                let first: &Named = &list[first];
                let msg = format!(
                    "duplicate {what} id `{}`: `{}` is already declared (ids ignore case)",
                    id.value, first.id
                );
                self.fail(&id, msg)?;
                continue;
            }
            index.insert(k, list.len());
            list.push(Named {
                id: id.value.trim().to_string(),
                name: name.trim().to_string(),
            });
        }
        Ok((list, index))
    }

    fn months(&mut self, field: &str, value: Option<Spanned<i64>>) -> Result<Option<u32>, Problem> {
        let Some(v) = value else { return Ok(None) };
        match u32::try_from(v.value) {
            Ok(m) if m <= 12 * 1000 => Ok(Some(m)),
            _ => {
                self.fail(
                    &v,
                    format!(
                        "{field} is {}, expected a whole number of months, 0 or more",
                        v.value
                    ),
                )?;
                Ok(None)
            }
        }
    }

    fn build(mut self, raw: RawPlan) -> Result<Plan, Problem> {
        if raw.name.value.trim().is_empty() {
            self.fail(
                &raw.name,
                "the plan's name is empty, expected a name".into(),
            )?;
        }
        let starts = match &raw.starts {
            Some(s) => match date::parse(&s.value) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.fail(s, format!("starts: {}", e.describe(&s.value)))?;
                    None
                }
            },
            None => None,
        };
        let (levels, level_index) = self.named("level", raw.levels)?;
        let (roles, role_index) = self.named("role", raw.roles)?;

        // Courses: ids first, then codes, so that a code may not take another course's id.
        let mut courses = Vec::new();
        let mut code_index: HashMap<String, CourseIx> = HashMap::new();
        for c in &raw.courses {
            let k = key(&c.id.value);
            if k.is_empty() {
                self.fail(
                    &c.id,
                    "a course id is empty, expected an id such as `kvu-webb`".into(),
                )?;
            } else if let Some(&first) = code_index.get(&k) {
                let msg = format!(
                    "duplicate course id `{}`: `{}` is already declared (ids ignore case)",
                    c.id.value, raw.courses[first].id.value
                );
                self.fail(&c.id, msg)?;
            } else {
                code_index.insert(k, courses.len());
            }
            let hours = match &c.hours {
                Some(h) if !(h.value.is_finite() && h.value >= 0.0) => {
                    self.fail(
                        h,
                        format!(
                            "hours is {}, expected a number of hours, 0 or more",
                            h.value
                        ),
                    )?;
                    0.0
                }
                Some(h) => h.value,
                None => 0.0,
            };
            let due_months = self
                .months("due_months", c.due_months.clone())?
                .unwrap_or(0);
            let valid_months = self.months("valid_months", c.valid_months.clone())?;
            courses.push(Course {
                id: c.id.value.trim().to_string(),
                name: c.name.trim().to_string(),
                hours,
                due_months,
                valid_months,
                codes: c.codes.iter().map(|s| s.value.trim().to_string()).collect(),
            });
        }
        for (ix, c) in raw.courses.iter().enumerate() {
            for code in &c.codes {
                let k = key(&code.value);
                if k.is_empty() {
                    self.fail(
                        code,
                        format!(
                            "an empty code on course `{}`, expected a course code",
                            courses[ix].id
                        ),
                    )?;
                    continue;
                }
                match code_index.get(&k) {
                    Some(&owner) if owner == ix => {}
                    Some(&owner) => {
                        let msg = format!(
                            "code `{}` of course `{}` already belongs to course `{}`; a code may belong to one course only",
                            code.value, courses[ix].id, courses[owner].id
                        );
                        self.fail(code, msg)?;
                    }
                    None => {
                        code_index.insert(k, ix);
                    }
                }
            }
        }
        let course_ref = |this: &mut Self,
                          t: &Text,
                          what: &str|
         -> Result<Option<CourseIx>, Problem> {
            match code_index.get(&key(&t.value)) {
                Some(&ix) => Ok(Some(ix)),
                None => {
                    this.fail(t, format!("{what} names course `{}`, which the plan does not declare under courses", t.value))?;
                    Ok(None)
                }
            }
        };

        // satisfies: direct edges, then the transitive closure (cycles make courses equivalent).
        let n = courses.len();
        let mut direct = vec![Vec::new(); n];
        for (ix, c) in raw.courses.iter().enumerate() {
            for s in &c.satisfies {
                if let Some(target) = course_ref(
                    &mut self,
                    s,
                    &format!("satisfies of course `{}`", courses[ix].id),
                )? {
                    direct[ix].push(target);
                }
            }
        }
        let fulfils = (0..n)
            .map(|start| {
                let mut seen = vec![false; n];
                seen[start] = true;
                let mut stack = vec![start];
                while let Some(c) = stack.pop() {
                    for &next in &direct[c] {
                        if !seen[next] {
                            seen[next] = true;
                            stack.push(next);
                        }
                    }
                }
                (0..n).filter(|&c| seen[c]).collect()
            })
            .collect();

        // matrix: role -> level or "*" -> courses.
        let mut sets = vec![vec![vec![false; n]; levels.len() + 1]; roles.len()];
        let mut seen_roles: HashMap<usize, &Text> = HashMap::new();
        for (role, by_level) in &raw.matrix.0 {
            let Some(&r) = role_index.get(&key(&role.value)) else {
                self.fail(
                    role,
                    format!(
                        "the matrix names role `{}`, which the plan does not declare under roles",
                        role.value
                    ),
                )?;
                continue;
            };
            if let Some(first) = seen_roles.insert(r, role) {
                let msg = format!(
                    "role `{}` appears twice in the matrix (also as `{}`, ids ignore case)",
                    role.value, first.value
                );
                self.fail(role, msg)?;
            }
            let mut seen_levels: HashMap<String, &Text> = HashMap::new();
            for (level, list) in &by_level.0 {
                let lk = key(&level.value);
                let slot = if lk == "*" {
                    None
                } else if let Some(&l) = level_index.get(&lk) {
                    Some(l)
                } else {
                    let msg = format!(
                        "the matrix names level `{}` for role `{}`, which the plan does not declare under levels (or \"*\" for every level)",
                        level.value, roles[r].id
                    );
                    self.fail(level, msg)?;
                    continue;
                };
                if let Some(first) = seen_levels.insert(lk, level) {
                    let msg = format!(
                        "level `{}` appears twice for role `{}` (also as `{}`, ids ignore case)",
                        level.value, roles[r].id, first.value
                    );
                    self.fail(level, msg)?;
                }
                for c in list {
                    let what = format!("the matrix entry {}/{}", roles[r].id, level.value.trim());
                    if let Some(ix) = course_ref(&mut self, c, &what)? {
                        match slot {
                            Some(l) => sets[r][l][ix] = true,
                            None => sets[r].iter_mut().for_each(|s| s[ix] = true),
                        }
                    }
                }
            }
        }
        let requires = sets
            .into_iter()
            .map(|slots| {
                slots
                    .into_iter()
                    .map(|s| (0..n).filter(|&c| s[c]).collect())
                    .collect()
            })
            .collect();

        let mut priority = Vec::new();
        for tier in &raw.priority {
            let t = &tier.value;
            let mut out = Tier::default();
            if let Some(role) = &t.role {
                out.role = role_index.get(&key(&role.value)).copied();
                if out.role.is_none() {
                    self.fail(role, format!("a priority tier names role `{}`, which the plan does not declare under roles", role.value))?;
                }
            }
            if let Some(level) = &t.level {
                out.level = level_index.get(&key(&level.value)).copied();
                if out.level.is_none() {
                    self.fail(level, format!("a priority tier names level `{}`, which the plan does not declare under levels", level.value))?;
                }
            }
            if let Some(course) = &t.course {
                out.course = course_ref(&mut self, course, "a priority tier")?;
            }
            if let Some(status) = &t.status {
                out.status = GapStatus::parse(&status.value);
                if out.status.is_none() {
                    self.fail(
                        status,
                        format!(
                            "a priority tier names status `{}`, expected overdue, expired or due",
                            status.value
                        ),
                    )?;
                }
            }
            priority.push(out);
        }

        let mut columns = HashMap::new();
        if let Some(c) = raw.columns {
            for (kind, pairs) in [
                ("staff", c.staff.map(RawStaffColumns::pairs)),
                (
                    "completions",
                    c.completions.map(RawCompletionColumns::pairs),
                ),
                ("units", c.units.map(RawUnitColumns::pairs)),
                ("exemptions", c.exemptions.map(RawExemptionColumns::pairs)),
            ] {
                if let Some(pairs) = pairs {
                    columns.insert(kind, pairs.into_iter().collect());
                }
            }
        }
        let mut titles = HashMap::new();
        for (title, target) in raw.titles.map(|t| t.0).unwrap_or_default() {
            let k = key(&title.value);
            let role = role_index.get(&key(&target.role.value)).copied();
            if role.is_none() {
                self.fail(
                    &target.role,
                    format!(
                        "title `{}` names role `{}`, which the plan does not declare under roles",
                        title.value, target.role.value
                    ),
                )?;
            }
            let level = match &target.level {
                Some(l) => {
                    let found = level_index.get(&key(&l.value)).copied();
                    if found.is_none() {
                        self.fail(l, format!("title `{}` names level `{}`, which the plan does not declare under levels", title.value, l.value))?;
                    }
                    found
                }
                None => None,
            };
            if k.is_empty() {
                self.fail(
                    &title,
                    "an empty title, expected a job title or \"*\"".into(),
                )?;
            } else if let Some(role) = role {
                if let std::collections::hash_map::Entry::Vacant(slot) = titles.entry(k) {
                    slot.insert((role, level));
                } else {
                    self.fail(
                        &title,
                        format!("duplicate title `{}` (titles ignore case)", title.value),
                    )?;
                }
            }
        }
        let non_ascii_codes = code_index.keys().any(|c| !c.is_ascii());
        let ascii_ids = (
            levels.iter().all(|l| l.id.is_ascii()),
            roles.iter().all(|r| r.id.is_ascii()),
        );
        let ascii_codes = code_index
            .iter()
            .filter(|(code, _)| code.is_ascii())
            .map(|(code, &c)| (code.as_bytes().into(), c))
            .collect();

        Ok(Plan {
            name: raw.name.value.trim().to_string(),
            organisation: raw.organisation.map(|o| o.trim().to_string()),
            starts,
            levels,
            roles,
            courses,
            priority,
            level_index,
            role_index,
            code_index,
            fulfils,
            requires,
            non_ascii_codes,
            ascii_ids,
            ascii_codes,
            columns,
            titles,
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
