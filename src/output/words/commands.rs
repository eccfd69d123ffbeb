//! What the commands' output says to people: headings, the lines under a table, state names, how
//! late a gap is. Each language implements [`CommandWords`] in its own file (`en.rs`, `sv.rs`).

use jiff::civil::Date;

use crate::output::note::{ScopeNote, TierRule};
use crate::rules::State;

/// The commands' words in one language.
pub trait CommandWords: Sync {
    /// The language's name in its own words, for the xlsx `kvu` sheet and the html `lang` attribute.
    fn language(&self) -> &'static str;
    /// The scope in words, for the line under a table: ` (unit A and below, role chef)`, or empty.
    fn scope(&self, scope: &ScopeNote) -> String;
    /// How late a gap is.
    fn lateness(&self, state: State, as_of: Date) -> String;
    /// The total row's label.
    fn total(&self) -> &'static str;
    /// The line under an empty gap table.
    fn no_gaps(&self, scope: &str, as_of: Date) -> String;
    /// The line under the gap table: `[gaps, people, units]`, `[overdue, expired, due]`.
    fn gaps(&self, counts: [usize; 3], states: [usize; 3], scope: &str, as_of: Date) -> String;
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
    /// The series of a year's participants, before the year.
    fn participants(&self) -> &'static str;
    /// The title of the report's chart.
    fn report_chart(&self) -> &'static str;
    /// The line under the report: what was counted.
    fn delivered(&self, year: i16, so_far: Option<Date>, unit: Option<&str>) -> String;
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
}
