//! The subcommands, one file each: each chooses its scope, calls the rules and returns typed tables.
//! No command imports another; what they share is here.

pub mod allocate;
pub mod cohorts;
pub mod diff;
pub mod forecast;
pub mod gaps;
pub mod priority;
pub mod report;
pub mod trend;
pub mod validate;

use jiff::civil::Date;

use crate::load::ReadOptions;
use crate::model::Model;
use crate::output::{Body, Column, Format, Kind, Table, Value};
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
    /// `kvu diff`: the same exports bound to the old plan.
    pub old_model: Option<&'a Model<'a>>,
    pub as_of: Date,
    /// How the exports were read, for a file a command reads itself through the loader (`--key`).
    pub read_options: &'a ReadOptions,
    /// The format asked for, so that a command can skip work that format does not show.
    pub format: Format,
}

/// What a command gives back: its output and how it ended.
pub struct Done<'a> {
    pub body: Body<'a>,
    pub outcome: Outcome,
}

impl<'a> Done<'a> {
    pub fn table(table: Table<'a>) -> Done<'a> {
        Done {
            body: Body::Tables(vec![table]),
            outcome: Outcome::Success,
        }
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

/// The scope in words, for the line under a table: ` (unit A and below, role chef)`.
pub fn scope_words(
    model: &Model,
    unit: Option<&str>,
    role: Option<&str>,
    course: Option<&str>,
) -> String {
    let mut parts = Vec::new();
    if let Some(u) = unit {
        let below = if model.exports.units.is_some() {
            " and below"
        } else {
            ""
        };
        parts.push(format!("unit {}{below}", u.trim()));
    }
    if let Some(r) = role {
        parts.push(format!("role {}", r.trim()));
    }
    if let Some(c) = course {
        parts.push(format!("course {}", c.trim()));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

// The contract's columns that several commands print, in one place.

/// The contract's columns of a gap: `employee_id,name,unit,role,level,course,status,due`.
pub fn gap_columns() -> Vec<Column> {
    vec![
        Column::new("employee_id", Kind::Id),
        Column::new("name", Kind::Text),
        Column::new("unit", Kind::Id),
        Column::new("role", Kind::Id),
        Column::new("level", Kind::Id),
        Column::new("course", Kind::Id),
        Column::new("status", Kind::Text),
        Column::new("due", Kind::Date),
    ]
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
