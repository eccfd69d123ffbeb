//! The subcommands, one file each: each chooses its scope, calls the rules and returns typed tables.
//! Each implements [`crate::config::job::Command`] for its parameters (its run and its heading), so a
//! job runs through its parameters and this module lists no command but its `mod` line. No command
//! imports another; what they share is here.

pub mod allocate;
pub mod cohorts;
pub mod config;
pub mod diff;
pub mod forecast;
pub mod gaps;
pub mod history;
pub mod person;
pub mod priority;
pub mod record;
pub mod report;
pub mod trend;
pub mod units;
pub mod validate;

use jiff::civil::Date;

use crate::config::Job;
use crate::diag::Problem;
use crate::model::Model;
use crate::model::exports::{SessionExport, WeightRow};
use crate::output::{Body, Column, Kind, Named, Names, ScopeNote, Table, Value, View, What};
use crate::rules::gaps::Gap;
use crate::rules::priority::Ranked;
use crate::rules::summary::Counts;

/// How a command ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// `--check` found what it checks for.
    CheckFailed,
    /// The inputs have errors (`validate`).
    Invalid,
}

/// What a command works on: the model bound to the plan, and the as-of date.
pub struct Context<'a> {
    pub model: &'a Model<'a>,
    /// `kvu diff`: the same exports bound to the old plan; with `--since`, the recording's inputs
    /// bound to its plan.
    pub old_model: Option<&'a Model<'a>>,
    /// `diff --since`: the recording's date, on which `old_model` is taken.
    pub since: Option<Date>,
    pub as_of: Date,
    /// The files read beside the exports (the sessions, the key), loaded with them.
    pub extras: &'a Extras,
}

/// The files a command reads beside the exports, read by the loader ([`crate::load::inputs`]) with
/// them, so that commands read no file and `kvu validate` checks these too.
#[derive(Debug, Default)]
pub struct Extras {
    /// `kvu cohorts --sessions`.
    pub sessions: Option<SessionExport>,
    /// `kvu allocate --key`: the key's rows.
    pub key: Option<Vec<WeightRow>>,
}

/// A problem a command found in its inputs, as data: the run says it on standard error.
#[derive(Debug, Clone)]
pub enum Said {
    /// A warning (`--strict` makes it an error).
    Warning(Problem),
    /// A line for the reader that no `--strict` turns into an error.
    Note(Problem),
}

/// What a command gives back: its output, how it ended and what it found to say of its inputs.
pub struct Done<'a> {
    pub body: Body<'a>,
    pub outcome: Outcome,
    pub said: Vec<Said>,
}

impl<'a> Done<'a> {
    pub fn new(body: Body<'a>) -> Done<'a> {
        Done {
            body,
            outcome: Outcome::Success,
            said: Vec::new(),
        }
    }

    pub fn table(table: Table<'a>) -> Done<'a> {
        Done::new(Body::Tables(vec![table]))
    }

    /// Exit code 1 when `check` is asked for and `found`.
    pub fn check(mut self, check: bool, found: bool) -> Done<'a> {
        if check && found {
            self.outcome = Outcome::CheckFailed;
        }
        self
    }
}

/// A staff export with no rows is an error: an empty export (a failed HR job writes the header only)
/// must never print an all-clear. Checked after a command's own options, so that a mistyped option is
/// named first.
pub fn has_staff(model: &Model) -> anyhow::Result<()> {
    let staff = &model.exports.staff;
    if staff.rows_read == 0 {
        return Err(crate::diag::Problem::file(&staff.path, crate::load::staff::NO_ROWS).into());
    }
    Ok(())
}

/// The scope, for the line under a table (` (unit A and below, role chef)`).
pub fn scope_note(
    ctx: &Context,
    unit: Option<&str>,
    role: Option<&str>,
    course: Option<&str>,
) -> ScopeNote {
    ScopeNote {
        unit: unit.map(str::to_string),
        below: ctx.model.exports.units.is_some(),
        role: role.map(str::to_string),
        course: course.map(str::to_string),
    }
}

/// [`scope_note`] of a command's `--unit`, `--role` and `--course`.
pub fn scope_note_of(ctx: &Context, s: &crate::config::job::Scope) -> ScopeNote {
    scope_note(
        ctx,
        s.unit.as_deref(),
        s.role.as_deref(),
        s.course.as_deref(),
    )
}

// The contract's columns that several commands print, in one place.

/// The contract's columns of a gap: `employee_id,name,unit,role,level,course,status,due`.
pub fn gap_columns() -> Vec<Column> {
    let mut columns = person_course_columns();
    columns.extend([
        Column::new("status", Kind::Text),
        Column::new("due", Kind::Date),
    ]);
    columns
}

/// The columns every list of a person and a course starts with (`gaps`, `priority`, `person`,
/// `report --people`): `employee_id,name,unit,role,level,course`.
pub fn person_course_columns() -> Vec<Column> {
    vec![
        Column::new("employee_id", Kind::Id),
        Column::new("name", Kind::Text),
        Column::new("unit", Kind::Id),
        Column::new("role", Kind::Id),
        Column::new("level", Kind::Id),
        Column::new("course", Kind::Id),
    ]
}

/// A table whose data view has the contract's keys and whose view for people (table, html) shows the
/// same values under the labels people read (`Employee`, `Unit`, `Valid until`): `fill` gives each
/// row's values for both. A workbook keeps the contract's header.
pub fn labelled_table<'a>(
    columns: Vec<Column>,
    len: usize,
    fill: impl Fn(usize, &mut Vec<Value<'a>>) + 'a,
) -> Table<'a> {
    let fill = std::rc::Rc::new(fill);
    let display: Vec<Column> = columns
        .iter()
        .map(|c| {
            let mut shown = c.clone();
            if let Some(label) = label_of(&c.key) {
                shown.label = label.into();
            }
            shown
        })
        .collect();
    let data_fill = fill.clone();
    let data = View::new(columns, len, move |i, out| data_fill(i, out));
    let people = View::new(display, len, move |i, out| fill(i, out));
    Table::new(data).display(people)
}

/// The label people read for a contract key (translated by output/words like every label).
fn label_of(key: &str) -> Option<&'static str> {
    Some(match key {
        "employee_id" => "Employee",
        "name" => "Name",
        "unit" => "Unit",
        "role" => "Role",
        "level" => "Level",
        "course" => "Course",
        "state" => "State",
        "status" => "Status",
        "due" => "Due",
        "completed" => "Completed",
        "valid_until" => "Valid until",
        "session" => "Session",
        _ => return None,
    })
}

/// A gap's values in [`gap_columns`] order.
pub fn gap_values<'a>(g: &Gap<'a>, out: &mut Vec<Value<'a>>) {
    out.extend([
        Value::text(g.employee_id),
        Value::text(g.name),
        Value::text(g.unit),
        Value::text(g.role),
        Value::text(g.level),
        Value::text(g.course),
        Value::text(g.status.as_str()),
        Value::Date(g.due()),
    ]);
}

/// The counts of [`Counts`] in the contract's order.
pub fn count_values<'a>(c: &Counts) -> [Value<'a>; 6] {
    [c.required, c.met, c.exempt, c.overdue, c.due, c.expired].map(Value::Count)
}

/// The contract's columns of a priority row: `rank,tier,` then a gap's.
pub fn ranked_columns() -> Vec<Column> {
    let mut columns = vec![
        Column::new("rank", Kind::Count),
        Column::new("tier", Kind::Count),
    ];
    columns.extend(gap_columns());
    columns
}

/// A priority row's values in [`ranked_columns`] order.
pub fn ranked_values<'a>(r: &Ranked<'a>, out: &mut Vec<Value<'a>>) {
    out.push(Value::count(r.rank));
    out.push(Value::opt_count(r.tier));
    gap_values(&r.gap, out);
}

/// The names people read: a unit's from the unit tree (by id, or by a name only one unit has, as the
/// staff export may write it), a role's and a level's display name from the plan.
impl Names for Model<'_> {
    fn of(&self, named: Named, text: &str) -> Option<(&str, &str)> {
        let plan = self.plan;
        let found = match named {
            Named::Unit => {
                let tree = self.exports.units.as_ref()?;
                let node = &tree.units[tree.unit_of(text)?];
                (node.id.as_str(), node.name.as_str())
            }
            Named::Role => {
                let role = &plan.roles[plan.role(text)?];
                (role.id.as_str(), role.name.as_str())
            }
            Named::Level => {
                let level = &plan.levels[plan.level(text)?];
                (level.id.as_str(), level.name.as_str())
            }
        };
        Some(found)
    }

    fn units_named(&self) -> bool {
        self.exports.units.is_some()
    }
}

/// Runs a job on the model, through its parameters' [`Command`]; its tables are given the names people
/// read for units, roles and levels (the unit tree's, the plan's display names).
pub fn run<'a>(ctx: &Context<'a>, job: &Job) -> anyhow::Result<Done<'a>> {
    let mut done = match job.command::<Context<'a>, anyhow::Result<Done<'a>>>() {
        Some(command) => command.run(ctx)?,
        None => anyhow::bail!("internal error: this command has no model to run on"),
    };
    done.body = done.body.with_names(ctx.model);
    Ok(done)
}

/// What a run's output shows and for which scope: the html page's title, the xlsx `kvu` sheet, the
/// name of a sheet.
pub fn heading(job: &Job, as_of: Date) -> (What, ScopeNote) {
    let whole = |what| heading_of(what, None, None, None);
    match job {
        Job::Site(_) => whole(What::Site),
        Job::Validate => whole(What::Validate),
        Job::Units => whole(What::Units),
        Job::Config => whole(What::Config),
        Job::Record(_) => whole(What::Record),
        Job::History(_) => whole(What::History),
        _ => match job.command::<Context<'static>, anyhow::Result<Done<'static>>>() {
            Some(command) => command.heading(as_of),
            None => whole(What::Site),
        },
    }
}

/// A heading: what the output shows, for the unit, role and course given.
pub fn heading_of(
    what: What,
    unit: Option<&str>,
    role: Option<&str>,
    course: Option<&str>,
) -> (What, ScopeNote) {
    let scope = ScopeNote {
        unit: unit.map(str::to_string),
        below: false,
        role: role.map(str::to_string),
        course: course.map(str::to_string),
    };
    (what, scope)
}

/// A heading of a command's `--unit`, `--role` and `--course`.
pub fn scoped(what: What, s: &crate::config::job::Scope) -> (What, ScopeNote) {
    heading_of(
        what,
        s.unit.as_deref(),
        s.role.as_deref(),
        s.course.as_deref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::job::{Scope, Trend};

    #[test]
    fn a_job_runs_through_its_parameters_command_and_says_its_heading() {
        let trend = Job::Trend(Trend {
            scope: Scope {
                unit: Some("A".to_string()),
                role: Some("r".to_string()),
                course: None,
            },
            from: None,
            to: None,
            history: None,
        });
        assert!(trend.command::<Context, anyhow::Result<Done>>().is_some());
        let (what, scope) = heading(&trend, jiff::civil::date(2026, 10, 31));
        assert!(matches!(what, What::Trend));
        assert_eq!(
            (scope.unit.as_deref(), scope.role.as_deref(), scope.below),
            (Some("A"), Some("r"), false)
        );
        assert!(
            Job::Units
                .command::<Context, anyhow::Result<Done>>()
                .is_none()
        );
        assert!(matches!(
            heading(&Job::Units, jiff::civil::date(2026, 10, 31)).0,
            What::Units
        ));
    }
}
