//! The gap list: one row per person and required course not met, in the contract's order (unit,
//! employee_id, the course's place in the plan; strings by code point). Pure: no I/O.

use jiff::civil::Date;

use super::state::{On, Requirement, State};
use crate::model::Model;
use crate::plan::{CourseIx, GapStatus};

/// One gap, with the values it prints (borrowed from the model) and what the rules know of it.
#[derive(Debug, Clone, Copy)]
pub struct Gap<'m> {
    pub person: u32,
    pub employee_id: &'m str,
    pub name: &'m str,
    pub unit: &'m str,
    pub role: &'m str,
    pub level: &'m str,
    /// The plan's course id.
    pub course: &'m str,
    pub course_ix: CourseIx,
    pub status: GapStatus,
    pub state: State,
    /// The speaking staff row.
    pub speaker: usize,
}

impl Gap<'_> {
    /// The date the `due` column shows.
    pub fn due(&self) -> Option<Date> {
        self.state.due()
    }

    /// Whether the gap is late: overdue or expired.
    pub fn late(&self) -> bool {
        matches!(self.status, GapStatus::Overdue | GapStatus::Expired)
    }
}

/// The gap a requirement is, if it is one.
fn gap<'m>(model: &'m Model<'m>, r: &Requirement) -> Option<Gap<'m>> {
    let status = r.state.gap()?;
    let post = model.post(r.speaker);
    Some(Gap {
        person: r.person,
        employee_id: model.id(r.person),
        name: post.name(),
        unit: post.unit(),
        role: post.role_text(),
        level: post.level_text(),
        course: &model.plan.courses[r.course].id,
        course_ix: r.course,
        status,
        state: r.state,
        speaker: r.speaker,
    })
}

/// The contract's order. The key is unique (a person has one id and one requirement of a course), so
/// an unstable sort gives the one order, without a stable sort's copy of the rows.
/// The rows of a unit share its text, so that equal units are mostly told by address, not by bytes.
fn sort(rows: &mut [Gap<'_>]) {
    rows.sort_unstable_by(|a, b| {
        let unit = match std::ptr::eq(a.unit, b.unit) {
            true => std::cmp::Ordering::Equal,
            false => a.unit.cmp(b.unit),
        };
        unit.then_with(|| (a.employee_id, a.course_ix).cmp(&(b.employee_id, b.course_ix)))
    });
}

/// The gaps among these requirements, in the contract's order.
pub fn gaps<'m>(model: &'m Model<'m>, reqs: &[Requirement]) -> Vec<Gap<'m>> {
    let mut rows: Vec<Gap<'m>> = reqs.iter().filter_map(|r| gap(model, r)).collect();
    sort(&mut rows);
    rows
}

/// The gaps of the people with an assignment in scope that `keep` keeps, in the contract's order. Found
/// person by person, so that the requirements (a national staff list has a million) are never all held.
pub fn gaps_in<'m>(on: On<'m>, in_scope: &[bool], keep: impl Fn(&Gap<'m>) -> bool) -> Vec<Gap<'m>> {
    let mut rows = Vec::new();
    on.each_person(in_scope, |reqs| {
        rows.extend(reqs.iter().filter_map(|r| gap(on.model, r)).filter(&keep));
    });
    sort(&mut rows);
    rows
}
