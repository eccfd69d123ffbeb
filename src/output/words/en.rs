//! English: every sentence a person reads in `--lang en`.

use super::{CommandWords, SiteWords};

/// English.
pub struct En;

// ---------------------------------------------------------------------------------------------------
// The commands' words.
// ---------------------------------------------------------------------------------------------------

impl CommandWords for En {
    fn language(&self) -> &'static str {
        "English"
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

    fn month(&self) -> &'static str {
        "Month"
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

    fn report_heading(&self, year: i16, before: i16) -> String {
        format!("Delivered in {year} beside {before}")
    }

    fn report_note(&self) -> &'static str {
        "Completions of each plan course dated in the year, by the people here (their first post in scope); TOTAL counts each person once."
    }

    fn gaps_heading(&self) -> &'static str {
        "Gaps in priority order"
    }

    fn no_gaps(&self) -> &'static str {
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
