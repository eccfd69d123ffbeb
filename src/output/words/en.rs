//! English: every sentence a person reads in `--lang en`.

use jiff::civil::Date;

use super::{CommandWords, SiteWords, days, plural, scope_parts, tier_parts};
use crate::output::note::{ScopeNote, TierRule};
use crate::rules::State;

/// English.
pub struct En;

// ---------------------------------------------------------------------------------------------------
// The commands' words.
// ---------------------------------------------------------------------------------------------------

impl CommandWords for En {
    fn language(&self) -> &'static str {
        "English"
    }

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

    fn gaps(&self, counts: [usize; 3], states: [usize; 3], scope: &str, as_of: Date) -> String {
        let [gaps, people, units] = counts;
        let [overdue, expired, due] = states;
        format!(
            "{} for {} in {}{scope}: {overdue} overdue, {expired} expired, {due} due, as of {as_of}.",
            plural(gaps, "gap", "gaps"),
            plural(people, "person", "people"),
            plural(units, "unit", "units"),
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

    fn participants(&self) -> &'static str {
        "participants"
    }

    fn report_chart(&self) -> &'static str {
        "Participants per course"
    }

    fn delivered(&self, year: i16, so_far: Option<Date>, unit: Option<&str>) -> String {
        let so_far = so_far.map(|d| format!(" up to {d}")).unwrap_or_default();
        let unit = unit
            .map(|u| format!(" in unit {}", u.trim()))
            .unwrap_or_default();
        let before = year - 1;
        format!("Delivered in {year}{so_far}{unit}; in brackets the change against {before}.")
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
}

// ---------------------------------------------------------------------------------------------------
// The site's words.
// ---------------------------------------------------------------------------------------------------

impl SiteWords for En {
    fn html_lang(&self) -> &'static str {
        "en"
    }
}
