//! What the commands' output says to people: headings, the lines under a table, state names, how
//! late a gap is. Each language implements [`CommandWords`] in its own file (`en.rs`, `sv.rs`).

use std::borrow::Cow;

use jiff::civil::Date;

use crate::date::Period;
use crate::load::inputs::Read;
use crate::output::Kind;
use crate::output::note::{Cap, CoverageFigure, Figure, GapCounts, ScopeNote, TierRule, What};
use crate::rules::State;

/// The words of the frame around a table (the `kvu` sheet of a workbook, an html page's footer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    AsOf,
    CommandLine,
    Shows,
    Scope,
    Version,
    Note,
    Input,
    File,
    DataRows,
}

/// The commands' words in one language.
pub trait CommandWords: Sync {
    /// The scope in words, for the line under a table: ` (unit A and below, role chef)`, or empty.
    fn scope(&self, scope: &ScopeNote) -> String;
    /// How late a gap is.
    fn lateness(&self, state: State, as_of: Date) -> String;
    /// The total row's label.
    fn total(&self) -> &'static str;
    /// The line under an empty gap table.
    fn no_gaps(&self, scope: &str, as_of: Date) -> String;
    /// The line under the gap table, its scope in words.
    fn gaps(&self, g: &GapCounts, scope: &str) -> String;
    /// The line under `gaps --summary`.
    fn gaps_summary(&self, scope: &str, as_of: Date) -> String;
    /// The title of the chart of people by state per course.
    fn states_chart(&self) -> &'static str;
    /// A priority tier's rule: `role chef, course kvu-chef`.
    fn tier_rule(&self, rule: &TierRule) -> String;
    /// A gap's tier when no tier matches it.
    fn no_tier(&self) -> &'static str;
    /// The line under `priority --by unit` for a tier.
    fn tier(&self, tier: usize, rule: &str) -> String;
    /// The line under an empty priority list.
    fn priority_none(&self, as_of: Date) -> String;
    /// The line under the priority list; `seats`: the first of each course only.
    fn priority(&self, gaps: usize, seats: Option<usize>, as_of: Date) -> String;
    /// A percentage rounded to whole numbers: `76%`.
    fn percent(&self, p: f64) -> String;
    /// A share of people met: `81% (58 of 72)`.
    fn met_of(&self, percent: &str, met: u64, required: u64) -> String;
    /// A month's short name, 1 to 12.
    fn month(&self, month: i8) -> &'static str;
    /// The title of `trend`'s chart.
    fn trend_chart(&self) -> &'static str;
    /// The line under `trend`'s table.
    fn trend(&self, scope: &str, as_of: Date) -> String;
    /// What `trend` cannot know from today's staff export.
    fn todays_staff(&self) -> &'static str;
    /// `trend --history`: which points come from recordings.
    fn recorded_points(&self) -> &'static str;
    /// The title of `forecast`'s chart.
    fn forecast_chart(&self) -> &'static str;
    /// The line under `forecast`'s table.
    fn forecast(&self, scope: &str, first: &str, months: u32) -> String;
    /// Where `forecast`'s causes are.
    fn forecast_causes(&self) -> &'static str;
    /// The report's total row.
    fn total_row(&self) -> &'static str;
    /// A number as people read it (`82.5`): a decimal comma in Swedish.
    fn number(&self, text: &str) -> String;
    /// Of those required, how many met, and the share: `58 of 72, 81%`.
    fn coverage(&self, met: u64, required: u64, percent: &str) -> String;
    /// The report's coverage column, before its date.
    fn coverage_label(&self) -> &'static str;
    /// A heading: one of the report's figures in a year (`Participants 2025`).
    fn year_figure(&self, figure: Figure, year: i16) -> String;
    /// A heading: one of the report's coverage figures on a day (`Required 2026-10-31`).
    fn coverage_figure(&self, figure: CoverageFigure, on: Date) -> String;
    /// A calendar event's title: the course's name and the session (`kvu cohorts --format ics`).
    fn event_title(&self, course: &str, session: &str) -> String;
    /// A calendar event's line on its session: `Session S1, 2026-11-12: 3 of 12 seats taken.`
    fn event_seats(&self, session: &str, date: Date, taken: u64, seats: u64) -> String;
    /// A heading: how many days a gap is past its due date.
    fn days_late(&self) -> &'static str;
    /// A heading: the share of those required who have met, in percent.
    fn met_percent(&self) -> &'static str;
    /// The title of the report's chart.
    fn report_chart(&self) -> &'static str;
    /// A report's period as people read it: `2026`, `T1 2026 (January–April)`; `up_to`: the period has
    /// not ended by as-of, and is reported up to that day (`2026 up to 31 October`).
    fn period(&self, period: Period, up_to: Option<Date>) -> String;
    /// The line under the report: what was counted.
    fn delivered(&self, period: Period, up_to: Option<Date>, unit: Option<&str>) -> String;
    /// The line under `report --people`.
    fn completed(
        &self,
        completions: usize,
        period: Period,
        up_to: Option<Date>,
        unit: Option<&str>,
    ) -> String;
    /// The line under `person`: of the courses required of `id`, how many are gaps on as-of.
    fn person(&self, id: &str, required: usize, gaps: usize, as_of: Date) -> String;
    /// What the report's coverage is.
    fn coverage_means(&self, on: Date) -> String;
    /// A share to a tenth, its number given: `40.0%`.
    fn percent_tenths(&self, number: &str) -> String;
    /// The line under `allocate`'s shares.
    fn shared(&self, given: u64, seats: u64, course: &str) -> String;
    /// The seats of `allocate` that no unit could take.
    fn left_over(&self, left: u64) -> String;
    /// The line under `allocate --people`.
    fn chosen(&self, people: usize, seats: u64, course: &str) -> String;
    /// The line under `diff`: how many changes of state.
    fn changes(&self, changes: usize, as_of: Date) -> String;
    /// The line under `diff --summary`.
    fn diff_summary(&self) -> &'static str;
    /// The line under `diff --since`.
    fn changes_since(&self, changes: usize, since: Date, as_of: Date) -> String;
    /// The line under `diff --since --summary`.
    fn diff_summary_since(&self, since: Date) -> String;
    /// The line under `units` with a unit tree.
    fn unit_tree(&self, units: usize, people: usize) -> String;
    /// Staff units not in the unit tree.
    fn outside_tree(&self, outside: usize) -> String;
    /// The line under `units` without a unit tree.
    fn staff_units(&self, units: usize) -> String;
    /// What was read of a file: `416 rows`, `3 levels, 6 roles, 3 courses, 6 priority tiers`.
    fn read(&self, read: Read) -> String;
    /// What was read of a file that was not read to the end.
    fn not_read_to_the_end(&self) -> &'static str;
    /// Errors and warnings: `0 errors, 2 warnings`.
    fn problems(&self, errors: usize, warnings: usize) -> String;
    /// A file not checked, since the plan has errors.
    fn not_checked(&self) -> &'static str;
    /// How well the exports join: `[joined, rows, percent]`, and the other `--id-format` that would
    /// join markedly more (its name, rows and percent).
    fn join(
        &self,
        counts: [u64; 3],
        files: &[String],
        staff: &str,
        other: Option<(&str, u64, u64)>,
    ) -> String;
    /// The line under `config`: the file read, if one was, and which source beats which.
    fn config_read(&self, file: Option<&str>) -> String;
    /// `kvu record`'s line: `[rows, new rows, bytes]` of the recording of `as_of`.
    fn recorded(&self, as_of: Date, counts: [u64; 3], replaced: bool) -> String;
    /// `kvu record` on a date recorded from the same inputs.
    fn recorded_same(&self, as_of: Date) -> String;
    /// The store was brought up to date.
    fn store_migrated(&self, from: u32, to: u32) -> String;
    /// `kvu history --forget-before`'s line: `[recordings, rows, bytes]`.
    fn forgot(&self, before: Date, counts: [u64; 3]) -> String;
    /// What a run's output shows: `Gaps`, `Annual report 2024`.
    fn what(&self, what: What) -> String;
    /// For which scope a run's output is: `unit F01, role chef`, or the whole organisation.
    fn whole(&self, scope: &ScopeNote) -> String;
    /// The cap per unit of `cohorts`.
    fn cap(&self, cap: Cap) -> String;
    /// The line under `cohorts`' last session: `[seated, candidates, left]`.
    fn seated(&self, counts: [usize; 3], course: &str, sessions: u64, cap: &str) -> String;
    /// The title of the sheet of all seats.
    fn all_seats(&self) -> &'static str;
    /// Why a workbook has no sheet per session.
    fn too_many_sessions(&self, sessions: usize, limit: usize) -> String;
    /// A session, before its id.
    fn session(&self) -> &'static str;
    /// A session's title: the session in words, its seats taken and free.
    fn seats_taken(&self, session: &str, taken: u64, seats: u64) -> String;
    /// Under a session no one could take.
    fn no_seat(&self) -> &'static str;
    /// Instead of sessions, when none is on or after the as-of date.
    fn no_sessions(&self, as_of: Date) -> String;
    /// A column's heading: a people label or a CSV key (`due` is a date or a count of the state, by
    /// the column's kind). A label the language has no word for is shown as it is.
    fn label<'a>(&self, label: &'a str, kind: Kind) -> Cow<'a, str>;
    /// A state name (`overdue`), or a phrase of them, as people read it.
    fn state<'a>(&self, word: &'a str) -> Cow<'a, str>;
    /// The words of the frame around a table: the `kvu` sheet of a workbook, an html page's footer.
    fn frame(&self, word: Frame) -> &'static str;
    /// An input's data rows: `1 row`, `416 rows`.
    fn data_rows(&self, n: u64) -> String;
    /// The note under a page's table cut at its row limit.
    fn more_rows_html(&self, n: usize) -> String;
    /// The note under a terminal's table cut at its row limit.
    fn more_rows(&self, n: usize) -> String;
    /// The note under a table whose columns were left out to fit the terminal's `width`.
    fn left_out(&self, width: usize, names: &str) -> String;
}
