//! Checking a [`RawPlan`] into a [`Plan`]: ids, codes, the `satisfies` closure, the matrix, tiers,
//! columns and titles, each problem at its line and column.

use std::collections::{BTreeMap, HashMap};

use serde_saphyr::Spanned;

use super::raw::{
    Pairs, RawCompletionColumns, RawCourse, RawExemptionColumns, RawPlan, RawStaffColumns, RawTier,
    RawTitle, RawUnitColumns, Text,
};
use super::{
    Course, CourseIx, Fulfils, GapStatus, Key, LevelCourses, LevelIx, MAX_HOURS, Named, Plan,
    RoleIx, RoleMatrix, Tier, key,
};
use crate::date;
use crate::diag::{Diagnostics, Problem};

pub(super) struct Builder<'a> {
    pub(super) path: &'a str,
    pub(super) diag: &'a mut Diagnostics,
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
    fn named<I: Copy>(
        &mut self,
        what: &str,
        pairs: Pairs<Text, String>,
        make: fn(usize) -> I,
    ) -> Result<(Vec<Named>, HashMap<Key, I>), Problem> {
        let mut list: Vec<Named> = Vec::new();
        let mut index: HashMap<Key, usize> = HashMap::new();
        for (id, name) in pairs.0 {
            let k = key(&id.value);
            if k.is_empty() || k.as_str() == "*" {
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
        let index = index.into_iter().map(|(k, i)| (k, make(i))).collect();
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

    pub(super) fn build(mut self, raw: RawPlan) -> Result<Plan, Problem> {
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
        let (levels, level_index) = self.named("level", raw.levels, LevelIx::new)?;
        let (roles, role_index) = self.named("role", raw.roles, RoleIx::new)?;

        let (courses, code_index) = self.courses(&raw.courses)?;
        let direct = self.satisfies(&raw.courses, &courses, &code_index)?;
        let requires = self.matrix(&raw.matrix, &roles, &code_index, &level_index, &role_index)?;
        let mut required = vec![false; courses.len()];
        for m in &requires {
            for c in m.star.iter().chain(m.levels.iter().flat_map(|l| &l.own)) {
                required[c.index()] = true;
            }
        }
        let fulfils = Fulfils::new(&direct, &required);
        let priority = self.tiers(&raw.priority, &code_index, &level_index, &role_index)?;
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
        let titles = self.titles(raw.titles, &level_index, &role_index)?;
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
            path: self.path.to_string(),
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

    /// Courses: ids first, then codes, so that a code may not take another course's id.
    #[allow(clippy::type_complexity)]
    fn courses(
        &mut self,
        raw: &[RawCourse],
    ) -> Result<(Vec<Course>, HashMap<Key, CourseIx>), Problem> {
        let mut courses = Vec::new();
        let mut code_index: HashMap<Key, CourseIx> = HashMap::new();
        for c in raw {
            let k = key(&c.id.value);
            if k.is_empty() {
                self.fail(
                    &c.id,
                    "a course id is empty, expected an id such as `kvu-webb`".into(),
                )?;
            } else if let Some(&first) = code_index.get(&k) {
                let msg = format!(
                    "duplicate course id `{}`: `{}` is already declared (ids ignore case)",
                    c.id.value,
                    raw[first.index()].id.value
                );
                self.fail(&c.id, msg)?;
            } else {
                code_index.insert(k, CourseIx::new(courses.len()));
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
                Some(h) if h.value > MAX_HOURS => {
                    self.fail(
                        h,
                        format!(
                            "hours is {:e}, expected at most {MAX_HOURS} hours per completion",
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
            let at = c.hours.as_ref().map_or(c.id.referenced, |h| h.referenced);
            courses.push(Course {
                id: c.id.value.trim().to_string(),
                name: c.name.trim().to_string(),
                hours,
                line: at.line(),
                due_months,
                valid_months,
                codes: c.codes.iter().map(|s| s.value.trim().to_string()).collect(),
            });
        }
        for (ix, c) in raw.iter().enumerate() {
            let ix = CourseIx::new(ix);
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
        Ok((courses, code_index))
    }

    /// A course named in the plan (by id or code); an error when the plan does not declare it.
    fn course_ref(
        &mut self,
        code_index: &HashMap<Key, CourseIx>,
        t: &Text,
        what: &str,
    ) -> Result<Option<CourseIx>, Problem> {
        match code_index.get(&key(&t.value)) {
            Some(&ix) => Ok(Some(ix)),
            None => {
                self.fail(
                    t,
                    format!(
                        "{what} names course `{}`, which the plan does not declare under courses",
                        t.value
                    ),
                )?;
                Ok(None)
            }
        }
    }

    /// For each course, the courses its `satisfies` names (the closure is [`Fulfils`]'s).
    fn satisfies(
        &mut self,
        raw: &[RawCourse],
        courses: &[Course],
        code_index: &HashMap<Key, CourseIx>,
    ) -> Result<Vec<Vec<CourseIx>>, Problem> {
        let mut direct = vec![Vec::new(); courses.len()];
        for (ix, c) in raw.iter().enumerate() {
            for s in &c.satisfies {
                if let Some(target) = self.course_ref(
                    code_index,
                    s,
                    &format!("satisfies of course `{}`", courses[ix].id),
                )? {
                    direct[ix].push(target);
                }
            }
        }
        Ok(direct)
    }

    /// The matrix: for each role, its `"*"` courses and each level's own, in plan order (sparse: what
    /// the matrix lists, not roles × levels × courses).
    fn matrix(
        &mut self,
        matrix: &Pairs<Text, Pairs<Text, Vec<Text>>>,
        roles: &[Named],
        code_index: &HashMap<Key, CourseIx>,
        level_index: &HashMap<Key, LevelIx>,
        role_index: &HashMap<Key, RoleIx>,
    ) -> Result<Vec<RoleMatrix>, Problem> {
        // matrix: role -> level or "*" -> courses.
        let mut star: Vec<Vec<CourseIx>> = vec![Vec::new(); roles.len()];
        let mut own: Vec<BTreeMap<LevelIx, Vec<CourseIx>>> = vec![BTreeMap::new(); roles.len()];
        let mut seen_roles: HashMap<RoleIx, &Text> = HashMap::new();
        for (role, by_level) in &matrix.0 {
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
            let mut seen_levels: HashMap<Key, &Text> = HashMap::new();
            for (level, list) in &by_level.0 {
                let lk = key(&level.value);
                let slot = if lk.as_str() == "*" {
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
                    if let Some(ix) = self.course_ref(code_index, c, &what)? {
                        match slot {
                            Some(l) => own[r.index()].entry(l).or_default().push(ix),
                            None => star[r.index()].push(ix),
                        }
                    }
                }
            }
        }
        fn plan_order(mut list: Vec<CourseIx>) -> Vec<CourseIx> {
            list.sort_unstable();
            list.dedup();
            list
        }
        Ok(star
            .into_iter()
            .zip(own)
            .map(|(star, own)| RoleMatrix {
                star: plan_order(star),
                levels: own
                    .into_iter()
                    .map(|(level, list)| LevelCourses {
                        level,
                        own: plan_order(list),
                        merged: Default::default(),
                    })
                    .collect(),
            })
            .collect())
    }

    /// The priority tiers.
    fn tiers(
        &mut self,
        raw: &[Spanned<RawTier>],
        code_index: &HashMap<Key, CourseIx>,
        level_index: &HashMap<Key, LevelIx>,
        role_index: &HashMap<Key, RoleIx>,
    ) -> Result<Vec<Tier>, Problem> {
        let mut priority = Vec::new();
        for tier in raw {
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
                out.course = self.course_ref(code_index, course, "a priority tier")?;
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

        Ok(priority)
    }

    /// `titles:`: job title (a key) -> role and optional level.
    #[allow(clippy::type_complexity)]
    fn titles(
        &mut self,
        raw: Option<Pairs<Text, RawTitle>>,
        level_index: &HashMap<Key, LevelIx>,
        role_index: &HashMap<Key, RoleIx>,
    ) -> Result<HashMap<Key, (RoleIx, Option<LevelIx>)>, Problem> {
        let mut titles = HashMap::new();
        for (title, target) in raw.map(|t| t.0).unwrap_or_default() {
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
        Ok(titles)
    }
}
