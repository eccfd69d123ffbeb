//! What the pages of `kvu site` say to people. Each language implements [`SiteWords`] in its own
//! file (`en.rs`, `sv.rs`).

use jiff::civil::Date;

/// The site's words in one language.
pub trait SiteWords: Sync {
    /// The html `lang` attribute of every page.
    fn html_lang(&self) -> &'static str;
    /// What the progress bar counts while the site is built.
    fn units_and_pages(&self) -> &'static str;
    /// The heading of `index.html` when the plan names no organisation.
    fn whole_organisation(&self) -> &'static str;
    /// The line under each heading: the plan's name, then this and the as-of date.
    fn as_of(&self) -> &'static str;
    /// The breadcrumb's label for screen readers.
    fn you_are_here(&self) -> &'static str;
    /// The page listing every unit, its link and its heading.
    fn all_units(&self) -> &'static str;
    /// What follows a page's heading in its title.
    fn title_suffix(&self) -> &'static str;
    /// Who a page counts: a unit and below (`true`) or everyone.
    fn page_scope(&self, unit: bool) -> &'static str;
    /// The links at the top of a page to its sections.
    fn jump_coverage(&self) -> &'static str;
    fn jump_trend(&self) -> &'static str;
    fn jump_units(&self) -> &'static str;
    fn jump_delivered(&self) -> &'static str;
    fn jump_gaps(&self) -> &'static str;
    /// The coverage section: its heading, the note when nobody is required, the note under it.
    fn coverage_heading(&self) -> &'static str;
    fn nobody_required(&self) -> &'static str;
    fn coverage_note(&self, as_of: Date) -> String;
    /// The trend section: its heading, the summary of its figures, their month column, the note.
    fn trend_heading(&self) -> &'static str;
    fn trend_figures(&self) -> &'static str;
    fn month_heading(&self) -> &'static str;
    fn trend_note(&self) -> &'static str;
    /// With `--history`: what the solid and the dashed stretches of the trend's lines are.
    fn trend_recorded_note(&self) -> &'static str;
    /// The sub-units' heading: on `index.html` (`whole`) with a tree its top units, without one every
    /// unit; on a unit's page its sub-units.
    fn sub_units_heading(&self, whole: bool, tree: bool) -> &'static str;
    /// The sub-units' columns: unit, overdue + expired, people, met; and the note under them.
    fn unit(&self) -> &'static str;
    fn overdue_expired(&self) -> &'static str;
    fn people(&self) -> &'static str;
    fn met(&self) -> &'static str;
    fn sub_units_note(&self) -> &'static str;
    /// The report section's heading: `year` beside `before`, `up_to` as-of when the year has not
    /// ended by it; the note under it.
    fn report_heading(&self, year: i16, before: i16, up_to: Option<jiff::civil::Date>) -> String;
    fn report_note(&self) -> &'static str;
    /// The gaps section: its heading, the note when there are none, and how many are listed of
    /// `total` (`shown` when cut) and the `command` that lists them all.
    fn gaps_heading(&self) -> &'static str;
    fn no_gaps_on_page(&self) -> &'static str;
    fn gaps_listed(&self, total: usize, shown: Option<usize>, command: &str) -> String;
    /// The list of all units: the filter box's label and placeholder, the count of units shown and
    /// of units matching the filter.
    fn find_a_unit(&self) -> &'static str;
    fn filter_placeholder(&self) -> &'static str;
    fn units(&self) -> &'static str;
    fn units_match(&self) -> &'static str;
}
