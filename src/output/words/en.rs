//! English: every sentence a person reads in `--lang en`.

use std::borrow::Cow;

use jiff::civil::Date;

use super::{
    CommandWords, Frame, SiteWords, days, hours_text, plural, scope_parts, tier_parts, whole_parts,
};
use crate::date::{Period, PeriodKind};
use crate::load::inputs::Read;
use crate::output::Kind;
use crate::output::note::{Cap, CoverageFigure, Figure, GapCounts, ScopeNote, TierRule, What};
use crate::rules::State;

/// English.
pub struct En;

// ---------------------------------------------------------------------------------------------------
// The commands' words.
// ---------------------------------------------------------------------------------------------------

impl CommandWords for En {
    fn scope(&self, s: &ScopeNote) -> String {
        let mut parts = Vec::new();
        if let Some(u) = &s.unit {
            let below = if s.below { " and below" } else { "" };
            parts.push(format!("unit {}{below}", u.trim()));
        }
        if let Some(r) = &s.role {
            parts.push(format!("role {}", r.trim()));
        }
        if let Some(c) = &s.course {
            parts.push(format!("course {}", c.trim()));
        }
        scope_parts(&parts)
    }

    fn lateness(&self, state: State, as_of: Date) -> String {
        match state {
            State::Overdue(Some(due)) => plural(days(due, as_of) as usize, "day late", "days late"),
            State::Overdue(None) => "no due date".to_string(),
            State::Expired(lapse) => format!(
                "lapsed {} ago",
                plural(days(lapse, as_of) as usize, "day", "days")
            ),
            State::Due(due) => match days(as_of, due) {
                0 => "due today".to_string(),
                n => format!("in {}", plural(n as usize, "day", "days")),
            },
            State::Met | State::Exempt => String::new(),
        }
    }

    fn total(&self) -> &'static str {
        "Total"
    }

    fn no_gaps(&self, scope: &str, as_of: Date) -> String {
        format!("No gaps{scope}: everyone has what the plan requires, as of {as_of}.")
    }

    fn gaps(&self, g: &GapCounts, scope: &str) -> String {
        let (overdue, expired, due, as_of) = (g.overdue, g.expired, g.due, g.as_of);
        format!(
            "{} for {} in {}{scope}: {overdue} overdue, {expired} expired, {due} due, as of {as_of}.",
            plural(g.gaps, "gap", "gaps"),
            plural(g.people, "person", "people"),
            plural(g.units, "unit", "units"),
        )
    }

    fn gaps_summary(&self, scope: &str, as_of: Date) -> String {
        format!(
            "People by the state of each required course{scope}, as of {as_of}; \"Total\" counts each person once."
        )
    }

    fn states_chart(&self) -> &'static str {
        "People by state, per course"
    }

    fn tier_rule(&self, rule: &TierRule) -> String {
        tier_parts(
            rule,
            ["role", "level", "course"],
            |s| s.to_string(),
            "every gap",
        )
    }

    fn no_tier(&self) -> &'static str {
        "no tier"
    }

    fn tier(&self, tier: usize, rule: &str) -> String {
        format!("Tier {tier}: {rule}")
    }

    fn priority_none(&self, as_of: Date) -> String {
        format!("No gaps: everyone in scope has what the plan requires, as of {as_of}.")
    }

    fn priority(&self, gaps: usize, seats: Option<usize>, as_of: Date) -> String {
        let seats = seats.map(|s| format!(", the first {s} of each course"));
        let seats = seats.unwrap_or_default();
        format!(
            "{gaps} gaps in priority order{seats}, as of {as_of}: by the plan's tiers (Why), then due date, then unit and employee."
        )
    }

    fn percent(&self, p: f64) -> String {
        format!("{p:.0}%")
    }

    fn met_of(&self, percent: &str, met: u64, required: u64) -> String {
        format!("{percent} ({met} of {required})")
    }

    fn month(&self, month: i8) -> &'static str {
        let i = usize::try_from(month.clamp(1, 12) - 1).unwrap_or(0);
        [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ][i]
    }

    fn trend_chart(&self) -> &'static str {
        "Met share at each month's end"
    }

    fn trend(&self, scope: &str, as_of: Date) -> String {
        format!(
            "Met share of each required course at each month's end{scope} (as of {as_of} in its month); people count from their start date."
        )
    }

    fn recorded_points(&self) -> &'static str {
        "A point with a recorded date is computed from that recording of the history store (its staff, completions, exemptions, tree and plan); the others from today's exports."
    }

    fn todays_staff(&self) -> &'static str {
        "Today's staff export: people who left are missing from past months, and people count with today's post."
    }

    fn forecast_chart(&self) -> &'static str {
        "Seats per month"
    }

    fn forecast(&self, scope: &str, first: &str, months: u32) -> String {
        format!(
            "Seats per course and month{scope}, from {first} for {months} months: the backlog now (first month), due dates and renewal deadlines, exemptions ending, and the last 12 months' starters spread evenly."
        )
    }

    fn forecast_causes(&self) -> &'static str {
        "--format csv gives each cause; seats / session size = sessions to book."
    }

    fn total_row(&self) -> &'static str {
        "TOTAL"
    }

    fn number(&self, text: &str) -> String {
        text.to_string()
    }

    fn coverage(&self, met: u64, required: u64, percent: &str) -> String {
        format!("{met} of {required}, {percent}")
    }

    fn coverage_label(&self) -> &'static str {
        "Coverage"
    }

    fn year_figure(&self, figure: Figure, year: i16) -> String {
        let figure = match figure {
            Figure::Participants => "Participants",
            Figure::Completions => "Completions",
            Figure::Sessions => "Sessions",
            Figure::Hours => "Hours",
        };
        format!("{figure} {year}")
    }

    fn coverage_figure(&self, figure: CoverageFigure, on: Date) -> String {
        let figure = match figure {
            CoverageFigure::Required => "Required",
            CoverageFigure::Met => "Met",
            CoverageFigure::Percent => "Coverage %",
        };
        format!("{figure} {on}")
    }

    fn event_title(&self, course: &str, session: &str) -> String {
        format!("{course}: {session}")
    }

    fn event_seats(&self, session: &str, date: Date, taken: u64, seats: u64) -> String {
        format!("Session {session}, {date}: {taken} of {seats} seats taken.")
    }

    fn days_late(&self) -> &'static str {
        "Days late"
    }

    fn met_percent(&self) -> &'static str {
        "Met %"
    }

    fn report_chart(&self) -> &'static str {
        "Participants per course"
    }

    fn period(&self, period: Period, up_to: Option<Date>) -> String {
        let year = period.year_of();
        let months = |n: i8, per: i8| {
            format!(
                "{}–{}",
                MONTHS[usize::from(n.unsigned_abs() - 1) * usize::from(per.unsigned_abs())],
                MONTHS[usize::from(n.unsigned_abs()) * usize::from(per.unsigned_abs()) - 1]
            )
        };
        let day = |d: Date| {
            format!(
                "{} {}",
                d.day(),
                MONTHS[usize::from(d.month().unsigned_abs() - 1)]
            )
        };
        let text = match period.kind {
            PeriodKind::Year => year.to_string(),
            PeriodKind::Tertial(n) => format!("T{n} {year} ({})", months(n, 4)),
            PeriodKind::Quarter(n) => format!("Q{n} {year} ({})", months(n, 3)),
            PeriodKind::Days if period.first.year() == period.last.year() => {
                format!(
                    "{}–{} {}",
                    day(period.first),
                    day(period.last),
                    period.last.year()
                )
            }
            PeriodKind::Days => format!(
                "{} {}–{} {}",
                day(period.first),
                period.first.year(),
                day(period.last),
                period.last.year()
            ),
        };
        match up_to {
            Some(d) => format!("{text} up to {}", day(d)),
            None => text,
        }
    }

    fn delivered(&self, period: Period, up_to: Option<Date>, unit: Option<&str>) -> String {
        let unit = unit
            .map(|u| format!(" in unit {}", u.trim()))
            .unwrap_or_default();
        let (now, before) = (
            self.period(period, up_to),
            self.period(period.year_before(), None),
        );
        format!("Delivered in {now}{unit}; in brackets the change against {before}.")
    }

    fn completed(
        &self,
        completions: usize,
        period: Period,
        up_to: Option<Date>,
        unit: Option<&str>,
    ) -> String {
        let unit = unit
            .map(|u| format!(" in unit {}", u.trim()))
            .unwrap_or_default();
        let n = plural(completions, "completion", "completions");
        format!(
            "{n} of plan courses in {}{unit}, each with who completed it (their first post in scope).",
            self.period(period, up_to)
        )
    }

    fn person(&self, id: &str, required: usize, gaps: usize, as_of: Date) -> String {
        let required = plural(required, "course", "courses");
        format!("{id}: {required} required, {gaps} not met on {as_of}.")
    }

    fn coverage_means(&self, on: Date) -> String {
        format!("Coverage: of the people who should have had the course by {on}, how many had it.")
    }

    fn percent_tenths(&self, number: &str) -> String {
        format!("{number}%")
    }

    fn shared(&self, given: u64, seats: u64, course: &str) -> String {
        format!(
            "{given} of {seats} seats of {course} shared by the largest-remainder method; no unit gets more seats than it has gaps."
        )
    }

    fn left_over(&self, left: u64) -> String {
        format!("{left} seats are left over: the units with weight have no more gaps than that.")
    }

    fn chosen(&self, people: usize, seats: u64, course: &str) -> String {
        format!("{people} people chosen for {seats} seats of {course}.")
    }

    fn changes(&self, changes: usize, as_of: Date) -> String {
        format!("{changes} changes of state from the old plan to the new one, as of {as_of}.")
    }

    fn diff_summary(&self) -> &'static str {
        "People per course by their state under the old plan (rows) and the new one (columns); \
         the diagonal is unchanged."
    }

    fn changes_since(&self, changes: usize, since: Date, as_of: Date) -> String {
        format!("{changes} changes of state since the recording of {since}, as of {as_of}.")
    }

    fn diff_summary_since(&self, since: Date) -> String {
        format!(
            "People per course by their state in the recording of {since} (rows) and today (columns); \
             the diagonal is unchanged."
        )
    }

    fn unit_tree(&self, units: usize, people: usize) -> String {
        format!(
            "{units} units of the unit tree, each followed by its sub-units; Staff: the people with a post in the unit or below it, each once ({people} people in the staff export)."
        )
    }

    fn outside_tree(&self, outside: usize) -> String {
        format!(
            "{outside} staff units are not in the unit tree (see the warnings); their people count in no unit here."
        )
    }

    fn staff_units(&self, units: usize) -> String {
        format!(
            "{units} units of the staff export (no unit tree given); Total counts each person once."
        )
    }

    fn read(&self, read: Read) -> String {
        let rows = |n: u64| plural(usize::try_from(n).unwrap_or(usize::MAX), "row", "rows");
        match read {
            Read::Rows(n) => rows(n),
            Read::Completions { rows: n, outside } => {
                format!("{}, {outside} of courses outside the plan", rows(n))
            }
            Read::Plan {
                levels,
                roles,
                courses,
                tiers,
            } => format!(
                "{}, {}, {}, {}",
                plural(levels, "level", "levels"),
                plural(roles, "role", "roles"),
                plural(courses, "course", "courses"),
                plural(tiers, "priority tier", "priority tiers")
            ),
        }
    }

    fn not_read_to_the_end(&self) -> &'static str {
        "not read to the end"
    }

    fn problems(&self, errors: usize, warnings: usize) -> String {
        format!(
            "{}, {}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        )
    }

    fn not_checked(&self) -> &'static str {
        "not checked, since the plan has errors (the exports are read against it)"
    }

    fn join(
        &self,
        counts: [u64; 3],
        files: &[String],
        staff: &str,
        other: Option<(&str, u64, u64)>,
    ) -> String {
        let [joined, rows, pct] = counts;
        let files = files.join(" and ");
        let other = match other {
            Some((format, n, p)) => format!("--id-format {format} would join {n} ({p}%)"),
            None => "no other --id-format would join markedly more".to_string(),
        };
        format!(
            "join: {joined} of {rows} rows of plan courses in {files} ({pct}%) belong to someone in {staff}; {other}"
        )
    }

    fn recorded(&self, as_of: Date, [rows, new_rows, bytes]: [u64; 3], replaced: bool) -> String {
        let what = if replaced { "replaced" } else { "recorded" };
        format!(
            "{what} {as_of}: {rows} rows, {new_rows} of them new to the store; the store is {} now",
            size(bytes)
        )
    }

    fn recorded_same(&self, as_of: Date) -> String {
        format!("{as_of} is recorded already from the same inputs: nothing changed")
    }

    fn store_migrated(&self, from: u32, to: u32) -> String {
        format!("the history store was brought up to date (version {from} to {to})")
    }

    fn forgot(&self, before: Date, [recordings, rows, bytes]: [u64; 3]) -> String {
        format!(
            "forgot the inputs of {recordings} recordings before {before} ({rows} rows); their figures are kept; the store is {} now",
            size(bytes)
        )
    }

    fn config_read(&self, file: Option<&str>) -> String {
        match file {
            Some(file) => format!(
                "Read from {file}. A flag beats its KVU_* variable, which beats the file, which beats the default; an empty value is not set."
            ),
            None => "No configuration file (no --config, no KVU_CONFIG, no kvu.toml in the current folder). A flag beats its KVU_* variable, which beats the default; an empty value is not set.".to_string(),
        }
    }

    fn what(&self, what: What) -> String {
        match what {
            What::GapsSummary => "Gaps by unit and course",
            What::Gaps => "Gaps",
            What::Report { period, up_to } => {
                let text = self.period(period, up_to);
                return match period.kind {
                    PeriodKind::Year => format!("Annual report {text}"),
                    _ => format!("Report {text}"),
                };
            }
            What::Person => "Courses of one person",
            What::Priority => "Priority",
            What::Allocate => "Seats by unit",
            What::Trend => "Coverage month by month",
            What::Forecast => "Seats needed",
            What::Diff => "Plan change",
            What::Cohorts => "Sessions",
            What::Site => "Training plan follow-up",
            What::Validate => "Validation",
            What::Units => "Units",
            What::Config => "Configuration",
            What::Record => "Recording",
            What::History => "History store",
        }
        .to_string()
    }

    fn whole(&self, s: &ScopeNote) -> String {
        whole_parts(s, ["unit", "role", "course"], "whole organisation")
    }

    fn cap(&self, cap: Cap) -> String {
        match cap {
            Cap::PerUnit(n) => format!("at most {n} of a unit in a session"),
            Cap::Away(share) => format!(
                "at most {}% of a unit's staff in a session (rounded down, at least one)",
                hours_text(share)
            ),
            Cap::None => "no cap per unit".to_string(),
        }
    }

    fn seated(&self, counts: [usize; 3], course: &str, sessions: u64, cap: &str) -> String {
        let [seated, candidates, left] = counts;
        let sessions = plural(
            usize::try_from(sessions).unwrap_or(usize::MAX),
            "session",
            "sessions",
        );
        format!(
            "{seated} of {candidates} candidates for {course} seated in {sessions}; {left} left without a seat; {cap}."
        )
    }

    fn all_seats(&self) -> &'static str {
        "All seats"
    }

    fn too_many_sessions(&self, sessions: usize, limit: usize) -> String {
        format!(
            "{sessions} sessions, more than {limit}: only the sheet All seats, no sheet per session (filter its session column)."
        )
    }

    fn session(&self) -> &'static str {
        "Session"
    }

    fn seats_taken(&self, session: &str, taken: u64, seats: u64) -> String {
        let free = seats - taken;
        format!("{session}: {taken} of {seats} seats taken, {free} free")
    }

    fn no_seat(&self) -> &'static str {
        "No one in scope could take a seat."
    }

    fn no_sessions(&self, as_of: Date) -> String {
        format!("No sessions on or after {as_of}.")
    }

    fn label<'a>(&self, label: &'a str, _kind: Kind) -> Cow<'a, str> {
        Cow::Borrowed(label)
    }

    fn state<'a>(&self, word: &'a str) -> Cow<'a, str> {
        Cow::Borrowed(word)
    }

    fn frame(&self, word: Frame) -> &'static str {
        match word {
            Frame::AsOf => "as of",
            Frame::CommandLine => "command line",
            Frame::Shows => "shows",
            Frame::Scope => "scope",
            Frame::Version => "kvu version",
            Frame::Note => "note",
            Frame::Input => "input",
            Frame::File => "file",
            Frame::DataRows => "data rows",
        }
    }

    fn data_rows(&self, n: u64) -> String {
        format!("{n} {}", if n == 1 { "row" } else { "rows" })
    }

    fn more_rows_html(&self, n: usize) -> String {
        format!("… and {n} more rows: CSV, JSON or xlsx list them all.")
    }

    fn more_rows(&self, n: usize) -> String {
        format!("… and {n} more rows: --format csv (or json) lists them all.")
    }

    fn left_out(&self, width: usize, names: &str) -> String {
        format!("Left out to fit {width} columns: {names}; --format csv gives every column.")
    }
}

// ---------------------------------------------------------------------------------------------------
// The site's words.
// ---------------------------------------------------------------------------------------------------

impl SiteWords for En {
    fn html_lang(&self) -> &'static str {
        "en"
    }

    fn units_and_pages(&self) -> &'static str {
        "units and pages"
    }

    fn whole_organisation(&self) -> &'static str {
        "Whole organisation"
    }

    fn as_of(&self) -> &'static str {
        "as of"
    }

    fn you_are_here(&self) -> &'static str {
        "You are here"
    }

    fn all_units(&self) -> &'static str {
        "All units"
    }

    fn title_suffix(&self) -> &'static str {
        "training plan follow-up"
    }

    fn page_scope(&self, unit: bool) -> &'static str {
        if unit {
            "The unit and every unit below it."
        } else {
            "Everyone in the staff export."
        }
    }

    fn jump_coverage(&self) -> &'static str {
        "Coverage"
    }

    fn jump_trend(&self) -> &'static str {
        "Trend"
    }

    fn jump_units(&self) -> &'static str {
        "Units"
    }

    fn jump_delivered(&self) -> &'static str {
        "Delivered"
    }

    fn jump_gaps(&self) -> &'static str {
        "Gaps"
    }

    fn coverage_heading(&self) -> &'static str {
        "Coverage per course"
    }

    fn nobody_required(&self) -> &'static str {
        "Nobody here is required to take a course of the plan."
    }

    fn coverage_note(&self, as_of: jiff::civil::Date) -> String {
        format!("People by the state of each required course (each person once), as of {as_of}.")
    }

    fn trend_heading(&self) -> &'static str {
        "Coverage month by month, the last 24 months"
    }

    fn trend_figures(&self) -> &'static str {
        "The figures: met share (met/required) at each month's end"
    }

    fn month_heading(&self) -> &'static str {
        "Month"
    }

    fn trend_recorded_note(&self) -> &'static str {
        "Solid lines: months recorded in the history store, counted from what was read then; dashed: derived from today's exports."
    }

    fn trend_note(&self) -> &'static str {
        "From today's staff export: people who left are missing from past months, and people count with today's post and from their start date."
    }

    fn sub_units_heading(&self, whole: bool, tree: bool) -> &'static str {
        match (whole, tree) {
            (true, true) => "Top units, most overdue + expired first",
            (true, false) => "Units, most overdue + expired first",
            _ => "Sub-units, most overdue + expired first",
        }
    }

    fn unit(&self) -> &'static str {
        "Unit"
    }

    fn overdue_expired(&self) -> &'static str {
        "Overdue + expired"
    }

    fn people(&self) -> &'static str {
        "People"
    }

    fn met(&self) -> &'static str {
        "Met"
    }

    fn sub_units_note(&self) -> &'static str {
        "Overdue + expired: requirements not met after their date, each person once per course; Met: the share of requirements met."
    }

    fn report_heading(&self, year: i16, before: i16, up_to: Option<Date>) -> String {
        let year = self.period(Period::year(year), up_to);
        format!("Delivered in {year} beside {before}")
    }

    fn report_note(&self) -> &'static str {
        "Completions of each plan course dated in the year, by the people here (their first post in scope); TOTAL counts each person once."
    }

    fn gaps_heading(&self) -> &'static str {
        "Gaps in priority order"
    }

    fn no_gaps_on_page(&self) -> &'static str {
        "No gaps: everyone here has what the plan requires."
    }

    fn gaps_listed(&self, total: usize, shown: Option<usize>, command: &str) -> String {
        match shown {
            Some(n) => format!(
                "{total} gaps in all; the first {n} are listed here. {command} lists them all."
            ),
            None => format!("{total} gaps in all, all listed here; {command} lists them too."),
        }
    }

    fn find_a_unit(&self) -> &'static str {
        "Find a unit"
    }

    fn filter_placeholder(&self) -> &'static str {
        "Part of an id or a name"
    }

    fn units(&self) -> &'static str {
        "units"
    }

    fn units_match(&self) -> &'static str {
        "units match"
    }
}

/// The months' full names, for periods.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A size in bytes as people read it: `812 kB`, `14.2 MB`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1_000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{} kB", b / 1_000),
        b => format!("{:.1} MB", b as f64 / 1e6),
    }
}
