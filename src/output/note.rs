//! What a command says to people, as data: a [`Note`] names a sentence and holds its figures, and
//! the output turns it into words in the language people read ([`Note::say`], through
//! [`super::words::CommandWords`]). Commands never choose a language: they compute, the output speaks.

use jiff::civil::Date;

use super::Lang;
use super::words::{self, CommandWords};
use crate::date::Period;
use crate::load::inputs::Read;
use crate::rules::State;

/// The scope of a run, for the line under a table: ` (unit A and below, role chef)`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScopeNote {
    pub unit: Option<String>,
    /// The unit's file gives a tree: the unit and the units below it.
    pub below: bool,
    pub role: Option<String>,
    pub course: Option<String>,
}

/// The gaps under the gap table: how many, of how many people in how many units, by state.
#[derive(Debug, Clone, PartialEq)]
pub struct GapCounts {
    pub gaps: usize,
    pub people: usize,
    pub units: usize,
    pub overdue: usize,
    pub expired: usize,
    pub due: usize,
    pub as_of: Date,
    pub scope: ScopeNote,
}

/// A tier of the plan's `priority`: what its gaps have.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TierRule {
    pub role: Option<String>,
    pub level: Option<String>,
    pub course: Option<String>,
    /// A state name (`overdue`).
    pub status: Option<&'static str>,
}

/// The cap per unit of `kvu cohorts`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cap {
    /// At most this many of a unit in a session.
    PerUnit(u64),
    /// At most this percent of a unit's staff in a session.
    Away(f64),
    None,
}

/// What a run's output shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Gaps,
    GapsSummary,
    /// The report of a period; `up_to`: the period has not ended by as-of.
    Report {
        period: Period,
        up_to: Option<Date>,
    },
    /// What the plan requires of one person.
    Person,
    Priority,
    Allocate,
    Trend,
    Forecast,
    Diff,
    Cohorts,
    Site,
    Validate,
    Units,
    Config,
    Record,
    History,
}

/// One of the report's figures, for a heading (`Participants 2025`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Participants,
    Completions,
    Sessions,
    Hours,
}

/// One of the report's coverage figures, for a heading (`Required 2026-10-31`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverageFigure {
    Required,
    Met,
    Percent,
}

/// A sentence, a title or a word people read, as data.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// Words the same in every language: a name, an id, a number.
    Plain(String),
    /// How late a gap is.
    Lateness(State, Date),
    /// The total row's label (`Total`).
    Total,
    /// The line under an empty gap table.
    NoGaps { scope: ScopeNote, as_of: Date },
    /// The line under the gap table.
    Gaps(GapCounts),
    /// The line under `gaps --summary`.
    GapsSummary { scope: ScopeNote, as_of: Date },
    /// The chart of people by state per course.
    StatesChart,
    /// `priority`'s Why: the tier and its rule, or no tier.
    Why(Option<(usize, TierRule)>),
    /// The line under `priority --by unit` for a tier.
    Tier(usize, TierRule),
    /// The line under an empty priority list.
    PriorityNone { as_of: Date },
    /// The line under the priority list.
    Priority {
        gaps: usize,
        seats: Option<usize>,
        as_of: Date,
    },
    /// A share of people met: `81% (58 of 72)`, or `–` with no share.
    MetOf {
        percent: Option<f64>,
        met: u64,
        required: u64,
    },
    /// A month and its year: `Oct 2026`.
    Month(Date),
    /// The title of `trend`'s chart.
    TrendChart,
    /// The line under `trend`'s table.
    Trend { scope: ScopeNote, as_of: Date },
    /// A course's sparkline under `trend`'s table, with its first and last share (0 to 1).
    Sparkline {
        course: String,
        line: String,
        ends: Option<(f64, f64)>,
    },
    /// What `trend` cannot know from today's staff export.
    TodaysStaff,
    /// `trend --history`: which points come from recordings.
    RecordedPoints,
    /// The title of `forecast`'s chart.
    ForecastChart,
    /// The line under `forecast`'s table: from the first month (`2026-11`) for `months` months.
    Forecast {
        scope: ScopeNote,
        first: String,
        months: u32,
    },
    /// Where `forecast`'s causes are.
    ForecastCauses,
    /// The report's total row (`TOTAL`).
    TotalRow,
    /// A figure and its change against the year before: `134 (+12)`.
    Change { now: f64, before: f64 },
    /// Of those required, how many met, and the share: `58 of 72, 81%`, or `–` with no share.
    Coverage {
        percent: Option<f64>,
        met: u64,
        required: u64,
    },
    /// A report's coverage column: `Coverage 2026-10-31`.
    CoverageOn(Date),
    /// The series of a year's participants in the report's chart.
    Participants(i16),
    /// A workbook heading: one of the report's figures in a year (`Participants 2025`).
    YearFigure(Figure, i16),
    /// A workbook heading: one of the report's coverage figures on a day (`Required 2026-10-31`).
    CoverageFigure(CoverageFigure, Date),
    /// A workbook heading: how many days a gap is past its due date (overdue or expired).
    DaysLate,
    /// A workbook heading: the share of those required who have met, in percent.
    MetPercent,
    /// The title of the report's chart.
    ReportChart,
    /// The line under the report: what was counted; `up_to`: the period is not over at as-of.
    Delivered {
        period: Period,
        up_to: Option<Date>,
        unit: Option<String>,
    },
    /// The line under `report --people`: how many completions are listed.
    Completed {
        completions: usize,
        period: Period,
        up_to: Option<Date>,
        unit: Option<String>,
    },
    /// The line under `person`: of how many required courses how many are gaps, on as-of.
    Person {
        id: String,
        required: usize,
        gaps: usize,
        as_of: Date,
    },
    /// What the report's coverage is.
    CoverageMeans(Date),
    /// A number with decimals as people read it: `82.5`.
    Number(f64),
    /// A share to a tenth: `40.0%`.
    PercentTenths(f64),
    /// The line under `allocate`'s shares; `left`: the seats no unit could take.
    Shared {
        given: u64,
        seats: u64,
        course: String,
    },
    /// The seats of `allocate` that no unit could take.
    LeftOver(u64),
    /// The line under `allocate --people`.
    Chosen {
        people: usize,
        seats: u64,
        course: String,
    },
    /// The line under `diff`: how many changes of state.
    Changes { changes: usize, as_of: Date },
    /// The line under `diff --since`: how many changes since the recording, as of when.
    ChangesSince {
        changes: usize,
        since: Date,
        as_of: Date,
    },
    /// The line under `diff --since --summary`.
    DiffSummarySince(Date),
    /// The line under `diff --summary`.
    DiffSummary,
    /// The line under `units` with a unit tree: how many units and people.
    UnitTree { units: usize, people: usize },
    /// Staff units not in the unit tree.
    OutsideTree(usize),
    /// The line under `units` without a unit tree.
    StaffUnits(usize),
    /// `validate`'s line per file: what was read of it (`None`: not to the end), and its problems.
    FileRead {
        path: String,
        read: Option<Read>,
        errors: usize,
        warnings: usize,
    },
    /// `validate`'s last line: the errors and warnings.
    Problems { errors: usize, warnings: usize },
    /// A file `validate` did not check, since the plan has errors.
    NotChecked(String),
    /// How well the exports join: the rows of plan courses of someone in the staff export (`pct` %),
    /// and the other `--id-format` that would join markedly more (its name, rows and percent).
    Join {
        joined: u64,
        rows: u64,
        pct: u64,
        files: Vec<String>,
        staff: String,
        other: Option<(&'static str, u64, u64)>,
    },
    /// The line under `config`: the file read, if one was, and which source beats which.
    ConfigRead(Option<String>),
    /// `kvu record`'s line: the date, its rows, how many were new, the store's size in bytes, and
    /// whether a recording was replaced.
    Recorded {
        as_of: Date,
        rows: u64,
        new_rows: u64,
        bytes: u64,
        replaced: bool,
    },
    /// `kvu record` found the date recorded from the same inputs.
    RecordedSame(Date),
    /// The store was brought up from an older version.
    StoreMigrated { from: u32, to: u32 },
    /// `kvu history --forget-before`'s line: recordings and rows forgotten, the store's size.
    Forgot {
        before: Date,
        recordings: u64,
        rows: u64,
        bytes: u64,
    },
    /// What a run's output shows: the html page's title, the xlsx `kvu` sheet, a sheet's name.
    What(What),
    /// For which scope a run's output is (the whole organisation when none).
    Whole(ScopeNote),
    /// The line under `cohorts`' last session: how many were seated, and the cap per unit.
    Seated {
        seated: usize,
        candidates: usize,
        left: usize,
        course: String,
        sessions: u64,
        cap: Cap,
    },
    /// The title of the sheet of all seats.
    AllSeats,
    /// Why a workbook has no sheet per session: more sessions than `limit`.
    TooManySessions { sessions: usize, limit: usize },
    /// A session's title: its id, date and other columns (`place: Göteborg`), its seats taken.
    Session {
        id: String,
        date: Date,
        extra: Vec<String>,
        taken: u64,
        seats: u64,
    },
    /// Under a session no one could take.
    NoSeat,
    /// Instead of sessions, when none is on or after the as-of date.
    NoSessions(Date),
}

impl From<String> for Note {
    fn from(text: String) -> Note {
        Note::Plain(text)
    }
}

impl From<&str> for Note {
    fn from(text: &str) -> Note {
        Note::Plain(text.to_string())
    }
}

impl Note {
    /// The note in the words of `lang`.
    pub fn say(&self, lang: Lang) -> String {
        self.say_in(words::of(lang))
    }

    /// The lines under `report` (its counts or `--people`) and `person`.
    fn say_delivered(&self, w: &dyn CommandWords) -> String {
        match self {
            Note::Delivered {
                period,
                up_to,
                unit,
            } => w.delivered(*period, *up_to, unit.as_deref()),
            Note::Completed {
                completions,
                period,
                up_to,
                unit,
            } => w.completed(*completions, *period, *up_to, unit.as_deref()),
            Note::Person {
                id,
                required,
                gaps,
                as_of,
            } => w.person(id, *required, *gaps, *as_of),
            _ => String::new(),
        }
    }

    /// The note in the words given.
    /// The history store's lines (`kvu record`, `kvu history --forget-before`).
    fn say_store(&self, w: &dyn CommandWords) -> String {
        match self {
            Note::Recorded {
                as_of,
                rows,
                new_rows,
                bytes,
                replaced,
            } => w.recorded(*as_of, [*rows, *new_rows, *bytes], *replaced),
            Note::RecordedSame(as_of) => w.recorded_same(*as_of),
            Note::StoreMigrated { from, to } => w.store_migrated(*from, *to),
            Note::Forgot {
                before,
                recordings,
                rows,
                bytes,
            } => w.forgot(*before, [*recordings, *rows, *bytes]),
            _ => String::new(),
        }
    }

    /// `diff`'s lines: with `--old-plan` and with `--since`.
    fn say_diff(&self, w: &dyn CommandWords) -> String {
        match self {
            Note::Changes { changes, as_of } => w.changes(*changes, *as_of),
            Note::DiffSummary => w.diff_summary().to_string(),
            Note::ChangesSince {
                changes,
                since,
                as_of,
            } => w.changes_since(*changes, *since, *as_of),
            Note::DiffSummarySince(since) => w.diff_summary_since(*since),
            _ => String::new(),
        }
    }

    pub fn say_in(&self, w: &dyn CommandWords) -> String {
        match self {
            Note::Plain(text) => text.clone(),
            Note::Lateness(state, as_of) => w.lateness(*state, *as_of),
            Note::Total => w.total().to_string(),
            Note::NoGaps { scope, as_of } => w.no_gaps(&w.scope(scope), *as_of),
            Note::Gaps(g) => w.gaps(g, &w.scope(&g.scope)),
            Note::GapsSummary { scope, as_of } => w.gaps_summary(&w.scope(scope), *as_of),
            Note::StatesChart => w.states_chart().to_string(),
            Note::Why(Some((tier, rule))) => format!("{tier}: {}", w.tier_rule(rule)),
            Note::Why(None) => w.no_tier().to_string(),
            Note::Tier(tier, rule) => w.tier(*tier, &w.tier_rule(rule)),
            Note::PriorityNone { as_of } => w.priority_none(*as_of),
            Note::Priority { gaps, seats, as_of } => w.priority(*gaps, *seats, *as_of),
            Note::MetOf {
                percent,
                met,
                required,
            } => met_of(*percent, *met, *required, w),
            Note::Month(d) => format!("{} {}", w.month(d.month()), d.year()),
            Note::TrendChart => w.trend_chart().to_string(),
            Note::Trend { scope, as_of } => w.trend(&w.scope(scope), *as_of),
            Note::Sparkline { course, line, ends } => sparkline(course, line, *ends, w),
            Note::TodaysStaff => w.todays_staff().to_string(),
            Note::RecordedPoints => w.recorded_points().to_string(),
            Note::ForecastChart => w.forecast_chart().to_string(),
            Note::Forecast {
                scope,
                first,
                months,
            } => w.forecast(&w.scope(scope), first, *months),
            Note::ForecastCauses => w.forecast_causes().to_string(),
            Note::TotalRow => w.total_row().to_string(),
            Note::Change { now, before } => change(*now, *before, w),
            Note::Coverage {
                percent,
                met,
                required,
            } => coverage(*percent, *met, *required, w),
            Note::CoverageOn(on) => format!("{} {on}", w.coverage_label()),
            Note::Participants(year) => w.year_figure(Figure::Participants, *year),
            Note::YearFigure(figure, year) => w.year_figure(*figure, *year),
            Note::CoverageFigure(figure, on) => w.coverage_figure(*figure, *on),
            Note::DaysLate => w.days_late().to_string(),
            Note::MetPercent => w.met_percent().to_string(),
            Note::ReportChart => w.report_chart().to_string(),
            Note::Delivered { .. } | Note::Completed { .. } | Note::Person { .. } => {
                self.say_delivered(w)
            }
            Note::CoverageMeans(on) => w.coverage_means(*on),
            Note::Number(n) => w.number(&words::hours_text(*n)),
            Note::PercentTenths(share) => w.percent_tenths(&w.number(&format!("{share:.1}"))),
            Note::Shared {
                given,
                seats,
                course,
            } => w.shared(*given, *seats, course),
            Note::LeftOver(left) => w.left_over(*left),
            Note::Chosen {
                people,
                seats,
                course,
            } => w.chosen(*people, *seats, course),
            Note::Changes { .. } | Note::ChangesSince { .. } => self.say_diff(w),
            Note::DiffSummary | Note::DiffSummarySince(_) => self.say_diff(w),
            Note::UnitTree { units, people } => w.unit_tree(*units, *people),
            Note::OutsideTree(n) => w.outside_tree(*n),
            Note::StaffUnits(n) => w.staff_units(*n),
            Note::FileRead {
                path,
                read,
                errors,
                warnings,
            } => {
                let read = read.map_or_else(|| w.not_read_to_the_end().to_string(), |r| w.read(r));
                format!("{path}: {read}; {}", w.problems(*errors, *warnings))
            }
            Note::Problems { errors, warnings } => w.problems(*errors, *warnings),
            Note::NotChecked(path) => format!("{path}: {}", w.not_checked()),
            Note::Join {
                joined,
                rows,
                pct,
                files,
                staff,
                other,
            } => w.join([*joined, *rows, *pct], files, staff, *other),
            Note::ConfigRead(file) => w.config_read(file.as_deref()),
            Note::Recorded { .. }
            | Note::RecordedSame(_)
            | Note::StoreMigrated { .. }
            | Note::Forgot { .. } => self.say_store(w),
            Note::What(what) => w.what(*what),
            Note::Whole(scope) => w.whole(scope),
            Note::Seated {
                seated,
                candidates,
                left,
                course,
                sessions,
                cap,
            } => w.seated(
                [*seated, *candidates, *left],
                course,
                *sessions,
                &w.cap(*cap),
            ),
            Note::AllSeats => w.all_seats().to_string(),
            Note::TooManySessions { sessions, limit } => w.too_many_sessions(*sessions, *limit),
            Note::Session {
                id,
                date,
                extra,
                taken,
                seats,
            } => w.seats_taken(&session(id, *date, extra, w), *taken, *seats),
            Note::NoSeat => w.no_seat().to_string(),
            Note::NoSessions(as_of) => w.no_sessions(*as_of),
        }
    }
}

/// `134 (+12)`: a figure and its change against the year before.
fn change(now: f64, before: f64, w: &dyn CommandWords) -> String {
    let diff = now - before;
    let sign = if diff > 0.0 {
        "+"
    } else if diff < 0.0 {
        "−"
    } else {
        "±"
    };
    let (now, diff) = (words::hours_text(now), words::hours_text(diff.abs()));
    format!("{} ({sign}{})", w.number(&now), w.number(&diff))
}

/// A session in words: `Session S1, 2026-11-12 (place: Göteborg)`.
fn session(id: &str, date: Date, extra: &[String], w: &dyn CommandWords) -> String {
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(" ({})", extra.join("; "))
    };
    format!("{} {id}, {date}{extra}", w.session())
}

/// A course's sparkline with its first and last share: `kvu-webb   ▁▃▅ 40% → 80%`.
fn sparkline(course: &str, line: &str, ends: Option<(f64, f64)>, w: &dyn CommandWords) -> String {
    let ends = ends.map_or_else(String::new, |(a, b)| {
        format!(" {} → {}", w.percent(a * 100.0), w.percent(b * 100.0))
    });
    format!("{course:<10} {line}{ends}")
}

/// `81% (58 of 72)`, or `–` with no share.
fn met_of(percent: Option<f64>, met: u64, required: u64, w: &dyn CommandWords) -> String {
    percent.map_or_else(
        || "–".to_string(),
        |p| w.met_of(&w.percent(p), met, required),
    )
}

/// `58 of 72, 81%`, or `–` with no share.
fn coverage(percent: Option<f64>, met: u64, required: u64, w: &dyn CommandWords) -> String {
    percent.map_or_else(
        || "–".to_string(),
        |p| w.coverage(met, required, &w.percent(p)),
    )
}
