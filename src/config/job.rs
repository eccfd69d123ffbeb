//! Each command's checked parameters, as plain Rust types: what the command line asked for, made
//! independent of clap. [`super::request::Request`] holds one [`Job`]; the commands read these, never
//! the raw flags.

use crate::cli;
use crate::date::{Month, Period};
use crate::output::{ScopeNote, What};
use crate::plan::GapStatus;

/// `--unit`, `--role` and `--course` of a command (empty values not given).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub unit: Option<String>,
    pub role: Option<String>,
    pub course: Option<String>,
}

impl Scope {
    /// A unit's scope: that unit and below, every role and course.
    pub fn unit(unit: Option<&str>) -> Scope {
        Scope {
            unit: unit.map(str::to_string),
            ..Scope::default()
        }
    }
}

/// `kvu gaps`.
#[derive(Debug, Clone)]
pub struct Gaps {
    pub scope: Scope,
    pub status: Vec<GapStatus>,
    pub summary: bool,
    pub check: bool,
}

/// `kvu report --by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Unit,
    Role,
    Level,
}

/// `kvu report`.
#[derive(Debug, Clone)]
pub struct Report {
    /// `--year` (a calendar year) or `--period`.
    pub period: Period,
    /// `--people`: who completed what, instead of the counts.
    pub people: bool,
    pub unit: Option<String>,
    pub by: Option<By>,
    pub depth: Option<usize>,
    pub compare: bool,
}

/// `kvu person ID`.
#[derive(Debug, Clone)]
pub struct Person {
    /// The id as given.
    pub id: String,
    /// The id as the exports' ids compare (`--id-format`), set with the request.
    pub key: String,
}

/// `kvu priority --by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriorityBy {
    Unit,
}

/// `kvu priority`.
#[derive(Debug, Clone)]
pub struct Priority {
    pub scope: Scope,
    pub seats: Option<usize>,
    pub by: Option<PriorityBy>,
}

/// `kvu allocate`. The key file (`--key`) is an input, read by the loader; its path names it here.
#[derive(Debug, Clone)]
pub struct Allocate {
    pub course: String,
    pub seats: u64,
    pub unit: Option<String>,
    pub depth: Option<usize>,
    pub key: Option<String>,
    pub people: bool,
}

/// `kvu trend`.
#[derive(Debug, Clone)]
pub struct Trend {
    pub scope: Scope,
    pub from: Option<Month>,
    pub to: Option<Month>,
    /// `--history FILE`: points of recorded months from their recordings.
    pub history: Option<LookBack>,
}

/// `--history FILE` for a command that looks back over the store (`trend`, `site`): the store, and
/// how ids compare when a recording's inputs are read.
#[derive(Debug, Clone)]
pub struct LookBack {
    pub store: String,
    pub id_format: crate::load::ids::IdFormat,
}

/// `kvu forecast`.
#[derive(Debug, Clone)]
pub struct Forecast {
    pub scope: Scope,
    pub months: u32,
}

/// `kvu diff`. The old plan is an input, read by the loader; its path names it here. With `--since`,
/// the history store and the recording's date instead (one of the two is given).
#[derive(Debug, Clone)]
pub struct Diff {
    pub old_plan: Option<String>,
    pub since: Option<(String, jiff::civil::Date)>,
    pub scope: Scope,
    pub summary: bool,
}

/// `kvu cohorts`. The sessions file is an input, read by the loader; its path names it here.
#[derive(Debug, Clone)]
pub struct Cohorts {
    pub course: String,
    pub sessions: String,
    pub unit: Option<String>,
    pub role: Option<String>,
    pub max_per_unit: Option<u64>,
    pub max_away: Option<u64>,
}

/// `kvu site`.
#[derive(Debug, Clone)]
pub struct Site {
    pub year: Option<i16>,
    pub depth: Option<usize>,
    pub no_names: bool,
    /// `--history FILE`: each page's trend from the first recording, recorded points from its figures.
    pub history: Option<LookBack>,
    /// The page's unit, as the site runs for each page (`None`: the whole organisation's page).
    pub unit: Option<String>,
}

/// What runs once per unit in a fan-out (`--split unit`, `kvu site`'s pages): the same, scoped to the
/// unit and below.
pub trait ForUnit: Clone + Sync {
    fn with_unit(&self, unit: &str) -> Self;
}

impl ForUnit for Site {
    fn with_unit(&self, unit: &str) -> Site {
        Site {
            unit: Some(unit.to_string()),
            ..self.clone()
        }
    }
}

/// `kvu record`: the store to add a recording to.
#[derive(Debug, Clone)]
pub struct Record {
    pub history: String,
    pub replace: bool,
}

/// `kvu history`: the store to list, or to forget the inputs of recordings before a date in.
#[derive(Debug, Clone)]
pub struct History {
    pub history: String,
    pub forget_before: Option<jiff::civil::Date>,
}

/// What a run does: one arm per command that reads the inputs (`completions` and `man` print their page
/// before a request is made).
#[derive(Debug, Clone)]
pub enum Job {
    Gaps(Gaps),
    Report(Report),
    Person(Person),
    Priority(Priority),
    Allocate(Allocate),
    Trend(Trend),
    Forecast(Forecast),
    Diff(Diff),
    Cohorts(Cohorts),
    Site(Site),
    Record(Record),
    History(History),
    Validate,
    Units,
    Config,
}

/// What a command's parameters do: implemented beside each command (in `src/commands/`, `C` the
/// context it runs on and `D` what it gives), so that a job runs through its parameters and the list
/// of commands is [`Job`]'s alone.
pub trait Command<C, D> {
    fn run(&self, ctx: &C) -> D;
    /// What the run's output shows (the html page's title, the xlsx `kvu` sheet) and for which scope.
    fn heading(&self, as_of: jiff::civil::Date) -> (What, ScopeNote);
}

impl Job {
    /// The command of a job that runs on the model (`None`: `site`, `validate`, `units` and `config`,
    /// which the run path runs itself).
    pub fn command<C, D>(&self) -> Option<&dyn Command<C, D>>
    where
        Gaps: Command<C, D>,
        Report: Command<C, D>,
        Person: Command<C, D>,
        Priority: Command<C, D>,
        Allocate: Command<C, D>,
        Trend: Command<C, D>,
        Forecast: Command<C, D>,
        Diff: Command<C, D>,
        Cohorts: Command<C, D>,
    {
        Some(match self {
            Job::Gaps(a) => a,
            Job::Report(a) => a,
            Job::Person(a) => a,
            Job::Priority(a) => a,
            Job::Allocate(a) => a,
            Job::Trend(a) => a,
            Job::Forecast(a) => a,
            Job::Diff(a) => a,
            Job::Cohorts(a) => a,
            Job::Site(_)
            | Job::Validate
            | Job::Units
            | Job::Config
            | Job::Record(_)
            | Job::History(_) => return None,
        })
    }

    /// The unit and role the job is scoped to, for the commands `--split unit` can split (`None`: the
    /// others).
    pub fn split_scope(&self) -> Option<(Option<&str>, Option<&str>)> {
        match self {
            Job::Site(_) => None,
            _ => self.unit_scope(),
        }
    }

    /// The unit and role the job is scoped to, for the jobs that run once per unit (`--split unit`'s
    /// and `kvu site`'s; `None`: the others).
    pub fn unit_scope(&self) -> Option<(Option<&str>, Option<&str>)> {
        Some(match self {
            Job::Site(a) => (a.unit.as_deref(), None),
            Job::Gaps(a) => (a.scope.unit.as_deref(), a.scope.role.as_deref()),
            Job::Priority(a) => (a.scope.unit.as_deref(), a.scope.role.as_deref()),
            Job::Trend(a) => (a.scope.unit.as_deref(), a.scope.role.as_deref()),
            Job::Forecast(a) => (a.scope.unit.as_deref(), a.scope.role.as_deref()),
            Job::Report(a) => (a.unit.as_deref(), None),
            _ => return None,
        })
    }
}

impl ForUnit for Job {
    /// The job as it runs for one unit: its `--unit` set to the unit's id.
    fn with_unit(&self, unit: &str) -> Job {
        let mut job = self.clone();
        let unit = Some(unit.to_string());
        match &mut job {
            Job::Site(a) => a.unit = unit,
            Job::Gaps(a) => a.scope.unit = unit,
            Job::Priority(a) => a.scope.unit = unit,
            Job::Trend(a) => a.scope.unit = unit,
            Job::Forecast(a) => a.scope.unit = unit,
            Job::Report(a) => a.unit = unit,
            _ => {}
        }
        job
    }
}

/// The job a parsed command asks for (`None`: `completions` and `man`, which read nothing).
pub(super) fn of(command: &cli::Command, global: &cli::Global) -> Result<Option<Job>, String> {
    use cli::Command as C;
    Ok(Some(match command {
        C::Gaps(a) => Job::Gaps(Gaps {
            scope: scope(&a.scope),
            status: a.status.clone(),
            summary: a.summary,
            check: a.check,
        }),
        C::Report(a) => Job::Report(Report {
            // Clap asks for one of the two.
            period: a
                .period
                .unwrap_or_else(|| Period::year(a.year.unwrap_or_default())),
            people: a.people,
            unit: a.unit.clone(),
            by: a.by.map(|b| match b {
                cli::By::Unit => By::Unit,
                cli::By::Role => By::Role,
                cli::By::Level => By::Level,
            }),
            depth: a.depth,
            compare: a.compare,
        }),
        C::Person(a) => Job::Person(Person {
            id: a.id.clone(),
            key: a.id.trim().to_string(),
        }),
        C::Priority(a) => Job::Priority(Priority {
            scope: scope(&a.scope),
            seats: a.seats,
            by: a.by.map(|cli::PriorityBy::Unit| PriorityBy::Unit),
        }),
        C::Allocate(a) => Job::Allocate(Allocate {
            course: a.course.clone(),
            seats: a.seats,
            unit: a.unit.clone(),
            depth: a.depth,
            key: a.key.clone(),
            people: a.people,
        }),
        C::Trend(a) => Job::Trend(Trend {
            scope: scope(&a.scope),
            from: a.from,
            to: a.to,
            history: None,
        }),
        C::Forecast(a) => Job::Forecast(Forecast {
            scope: scope(&a.scope),
            months: a.months,
        }),
        C::Diff(a) => Job::Diff(Diff {
            old_plan: a.old_plan.clone(),
            since: since(a, global)?,
            scope: scope(&a.scope),
            summary: a.summary,
        }),
        C::Cohorts(a) => Job::Cohorts(Cohorts {
            course: a.course.clone(),
            sessions: a.sessions.clone(),
            unit: a.unit.clone(),
            role: a.role.clone(),
            max_per_unit: a.max_per_unit,
            max_away: a.max_away,
        }),
        C::Site(a) => Job::Site(Site {
            year: a.year,
            depth: a.depth,
            no_names: a.no_names,
            history: None,
            unit: None,
        }),
        C::Record(a) => Job::Record(Record {
            history: history(global)?,
            replace: a.replace,
        }),
        C::History(a) => Job::History(History {
            history: history(global)?,
            forget_before: a.forget_before,
        }),
        C::Validate(_) => Job::Validate,
        C::Units => Job::Units,
        C::Config => Job::Config,
        C::Completions(_) | C::Man => return Ok(None),
    }))
}

/// `diff --since`: the store and the date; an error without a store, beside `--old-plan`, or when
/// neither is given.
fn since(
    a: &cli::DiffArgs,
    global: &cli::Global,
) -> Result<Option<(String, jiff::civil::Date)>, String> {
    match (&a.old_plan, a.since) {
        (Some(_), Some(_)) => Err(
            "--since and --old-plan each give the state before, expected one of them".into(),
        ),
        (None, None) => Err(
            "kvu diff compares with an old plan or a recording, expected --old-plan FILE or --since DATE"
                .into(),
        ),
        (Some(_), None) => Ok(None),
        (None, Some(date)) => match global.history.as_deref().filter(|h| !h.is_empty()) {
            Some(store) => Ok(Some((store.to_string(), date))),
            None => Err("--since compares with a recording of the history store, expected --history FILE (or KVU_HISTORY, or `history` in kvu.toml) beside it".into()),
        },
    }
}

/// The history store a command writes or lists: `--history`, `KVU_HISTORY` or `history` in kvu.toml.
fn history(global: &cli::Global) -> Result<String, String> {
    global
        .history
        .clone()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| {
            "no history store given, expected --history FILE, KVU_HISTORY or `history` in kvu.toml"
                .to_string()
        })
}

fn scope(s: &cli::Scope) -> Scope {
    Scope {
        unit: s.unit.clone(),
        role: s.role.clone(),
        course: s.course.clone(),
    }
}
