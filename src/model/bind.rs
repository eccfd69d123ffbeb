//! Binding: a plan and the exports read without it become the [`Model`] the rules work on.
//!
//! Roles, levels and job titles are bound once per distinct text (a handful), not once per row;
//! completion codes once per code, then the completions are mapped, sorted and collapsed (rows with
//! the same person, course and date are one completion); exemptions are checked row by row. Binding a
//! second plan to the same exports (`kvu diff`) costs this, not a second read.
//!
//! Problems the plan makes of the exports are reported here: a staff role the plan does not declare
//! requires nothing, a level it does not declare gets only what `"*"` requires (one warning per distinct
//! value, with its first line and count); an exemption for an unknown course or person is ignored with
//! a warning.

use std::collections::BTreeMap;

use super::completions::{Completion, Completions};
use super::exemptions::Exemptions;
use super::exports::{Exports, NO_LEVEL, StaffExport, StaffRecord, Symbols};
use super::ids::{PersonIx, RowIx};
use super::scope::UnitRows;
use crate::diag::{Diagnostics, Problem, count_rows};
use crate::plan::{CourseIx, LevelIx, Plan, RoleIx};

/// An assignment's level, bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelRef {
    /// A level the plan declares.
    Declared(LevelIx),
    /// A level the plan does not declare: its symbol in the staff export's levels.
    Undeclared(u32),
    /// No level given.
    Empty,
}

/// What a plan makes of the staff export's roles (or job titles) and levels.
#[derive(Debug, Default)]
pub struct StaffBinding {
    /// Per role symbol: the plan's role, and the level a job title gives.
    roles: Vec<(Option<RoleIx>, Option<LevelIx>)>,
    /// Per level symbol: the plan's level.
    levels: Vec<Option<LevelIx>>,
}

impl StaffBinding {
    /// Binds the roles and levels, warning once for each one the plan does not declare.
    pub fn new(
        plan: &Plan,
        staff: &StaffExport,
        diag: &mut Diagnostics,
    ) -> Result<StaffBinding, Problem> {
        let roles: Vec<(Option<RoleIx>, Option<LevelIx>)> = staff
            .roles
            .texts
            .iter()
            .map(|t| match staff.titles {
                true => plan.title(t).map_or((None, None), |(r, l)| (Some(r), l)),
                false => (plan.role(t), None),
            })
            .collect();
        let levels: Vec<Option<LevelIx>> =
            staff.levels.texts.iter().map(|t| plan.level(t)).collect();
        // One warning per value the plan does not declare, in the order of the values.
        fn undeclared<'s>(bound: &[bool], symbols: &'s Symbols) -> BTreeMap<&'s str, usize> {
            let mut list = BTreeMap::new();
            for (s, _) in bound.iter().enumerate().filter(|(_, b)| !**b) {
                list.insert(symbols.text(s as u32), s);
            }
            list
        }
        let role_known: Vec<bool> = roles.iter().map(|r| r.0.is_some()).collect();
        for (text, s) in undeclared(&role_known, &staff.roles) {
            let rows = count_rows(staff.roles.rows[s]);
            let message = if staff.titles {
                format!(
                    "title `{text}` is not in the plan's titles and there is no \"*\" ({rows}, the first here); it requires nothing"
                )
            } else {
                format!(
                    "role `{text}` is not declared in the plan ({rows}, the first here); it requires nothing"
                )
            };
            diag.warn(Problem::at(&staff.path, staff.roles.first_line[s], message))?;
        }
        // A level counts only on rows whose title does not give one.
        let mut level_used = vec![false; levels.len()];
        for r in &staff.rows {
            if r.level != NO_LEVEL && roles[r.role as usize].1.is_none() {
                level_used[r.level as usize] = true;
            }
        }
        let level_known: Vec<bool> = levels
            .iter()
            .zip(&level_used)
            .map(|(l, used)| l.is_some() || !used)
            .collect();
        for (text, s) in undeclared(&level_known, &staff.levels) {
            let rows = count_rows(staff.levels.rows[s]);
            diag.warn(Problem::at(
                &staff.path,
                staff.levels.first_line[s],
                format!("level `{text}` is not declared in the plan ({rows}, the first here); it gets only what \"*\" requires"),
            ))?;
        }
        Ok(StaffBinding { roles, levels })
    }
}

/// The exemptions under a plan; an exemption for an unknown course or person is ignored with a warning.
pub fn bind_exemptions(
    plan: &Plan,
    exports: &Exports,
    diag: &mut Diagnostics,
) -> Result<Exemptions, Problem> {
    let file = &exports.exemptions;
    let mut exemptions = Exemptions::default();
    for e in &file.rows {
        let Some(course) = plan.course(&e.course) else {
            diag.warn(Problem::at(&file.path, e.line, format!(
                "exemption for course `{}`, which is no course or code of the plan; it is ignored",
                e.course
            )))?;
            continue;
        };
        let Some(person) = e.person else {
            diag.warn(Problem::at(
                &file.path,
                e.line,
                format!(
                    "exemption for employee {}, who is not in the staff export; it is ignored",
                    e.id
                ),
            ))?;
            continue;
        };
        exemptions.add(PersonIx::of(person), course, e.until);
    }
    Ok(exemptions)
}

/// The completions of the plan's courses, one per person, course and date.
pub fn bind_completions(plan: &Plan, exports: &Exports) -> Completions {
    let course_of: Vec<Option<CourseIx>> =
        exports.codes.keys.iter().map(|k| plan.course(k)).collect();
    let list = exports
        .completions
        .list
        .iter()
        .filter_map(|c| {
            Some(Completion {
                person: PersonIx::of(c.person),
                course: course_of[c.code as usize]?,
                date: c.date,
                session: c.session,
            })
        })
        .collect();
    Completions::from_list(list, exports.people.len())
}

/// [`bind_completions`] for a run that binds one plan only: the export's rows are let go once bound, so
/// that a national export's half a million rows are not held twice.
pub fn take_completions(plan: &Plan, exports: &mut Exports) -> Completions {
    let completions = bind_completions(plan, exports);
    exports.completions.list = Vec::new();
    completions
}

/// The exports bound to a plan: what the rules see.
#[derive(Debug)]
pub struct Model<'a> {
    pub plan: &'a Plan,
    pub exports: &'a Exports,
    pub staff: StaffBinding,
    pub completions: Completions,
    pub exemptions: Exemptions,
    /// The staff rows by unit, made when first asked for, so that many `--unit` scopes on one model
    /// (`--split`, `kvu site`) cost their own rows, not all rows.
    unit_rows: std::sync::OnceLock<UnitRows>,
}

/// One staff row under a plan: the record as written, with the plan's role and level.
#[derive(Debug, Clone, Copy)]
pub struct Post<'m> {
    pub rec: &'m StaffRecord,
    /// The plan's role, or `None` for a role the plan does not declare (it requires nothing).
    pub role: Option<RoleIx>,
    pub level: LevelRef,
    plan: &'m Plan,
    staff: &'m StaffExport,
}

impl<'m> Post<'m> {
    pub fn person(&self) -> PersonIx {
        PersonIx::of(self.rec.person)
    }

    pub fn unit(&self) -> &'m str {
        self.rec.unit()
    }

    pub fn unit_key(&self) -> &'m str {
        self.rec.unit_key()
    }

    pub fn name(&self) -> &'m str {
        self.staff.name(self.rec)
    }

    pub fn declared_level(&self) -> Option<LevelIx> {
        match self.level {
            LevelRef::Declared(l) => Some(l),
            _ => None,
        }
    }

    /// The level as printed: the plan's id, or an undeclared level as written.
    pub fn level_text(&self) -> &'m str {
        match self.level {
            LevelRef::Declared(l) => &self.plan.levels[l].id,
            LevelRef::Undeclared(s) => self.staff.levels.text(s),
            LevelRef::Empty => "",
        }
    }

    /// The role as printed: the plan's id, or empty for an undeclared role (which requires nothing).
    pub fn role_text(&self) -> &'m str {
        self.role.map_or("", |r| self.plan.roles[r].id.as_str())
    }

    /// The role as a group: the plan's id, or an undeclared role (or title) as written.
    pub fn role_group(&self) -> &'m str {
        match self.role {
            Some(r) => &self.plan.roles[r].id,
            None => self.staff.roles.text(self.rec.role),
        }
    }
}

impl<'a> Model<'a> {
    /// Binds a plan to the exports, reporting what the plan makes of them.
    pub fn bind(
        plan: &'a Plan,
        exports: &'a Exports,
        diag: &mut Diagnostics,
    ) -> Result<Model<'a>, Problem> {
        let staff = StaffBinding::new(plan, &exports.staff, diag)?;
        let exemptions = bind_exemptions(plan, exports, diag)?;
        Ok(Model::new(plan, exports, staff, exemptions))
    }

    /// A model from bindings already made (the loader makes them as it reads, so that problems come in
    /// file order).
    pub fn new(
        plan: &'a Plan,
        exports: &'a Exports,
        staff: StaffBinding,
        exemptions: Exemptions,
    ) -> Model<'a> {
        let completions = bind_completions(plan, exports);
        Model::with_completions(plan, exports, staff, exemptions, completions)
    }

    /// [`Model::new`] with the completions already bound ([`take_completions`]).
    pub fn with_completions(
        plan: &'a Plan,
        exports: &'a Exports,
        staff: StaffBinding,
        exemptions: Exemptions,
        completions: Completions,
    ) -> Model<'a> {
        Model {
            plan,
            exports,
            staff,
            completions,
            exemptions,
            unit_rows: std::sync::OnceLock::new(),
        }
    }

    /// The staff rows by unit (see [`UnitRows`]).
    pub fn unit_rows(&self) -> &UnitRows {
        self.unit_rows.get_or_init(|| UnitRows::new(self.exports))
    }

    /// The staff rows as read.
    pub fn rows(&self) -> &'a [StaffRecord] {
        &self.exports.staff.rows
    }

    /// Staff row `i` under the plan.
    pub fn post(&self, i: RowIx) -> Post<'a> {
        let rec = &self.exports.staff.rows[i];
        let (role, title_level) = self.staff.roles[rec.role as usize];
        let level = match (title_level, rec.level) {
            (Some(l), _) => LevelRef::Declared(l),
            (None, NO_LEVEL) => LevelRef::Empty,
            (None, s) => match self.staff.levels[s as usize] {
                Some(l) => LevelRef::Declared(l),
                None => LevelRef::Undeclared(s),
            },
        };
        Post {
            rec,
            role,
            level,
            plan: self.plan,
            staff: &self.exports.staff,
        }
    }

    /// A person's id.
    pub fn id(&self, person: PersonIx) -> &'a str {
        self.exports.people.id(person.index() as u32)
    }
}
