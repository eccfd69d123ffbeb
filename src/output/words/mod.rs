//! Words for people: every sentence a person reads, in one place, so that wording stays the same in
//! every command and format, and a third language is one new file.
//!
//! - [`Words`] is what a language says: [`CommandWords`] (`commands.rs`: headings, notes under a
//!   table, state names, lateness) and [`SiteWords`] (`site.rs`: the pages of `kvu site`). Each
//!   language implements both in one file: `en.rs`, `sv.rs`. [`of`] gives a language's words.
//! - The functions below are the same in every language: dates as the contract prints them, counts
//!   with their noun.

use jiff::civil::Date;

use super::Lang;

mod commands;
mod en;
mod site;
mod sv;

pub use commands::{CommandWords, Frame};
pub use site::SiteWords;

/// Everything a language says to people.
pub trait Words: CommandWords + SiteWords {}

impl<T: CommandWords + SiteWords> Words for T {}

/// The words of a language.
pub fn of(lang: Lang) -> &'static dyn Words {
    match lang {
        Lang::En => &en::En,
        Lang::Sv => &sv::Sv,
    }
}

/// A date as the contract prints it: `YYYY-MM-DD`, or empty.
pub fn date_text(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// "1 gap", "3 gaps".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The parts of a scope in words: ` (a, b)`, or empty.
fn scope_parts(parts: &[String]) -> String {
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// A priority tier's rule: its parts named by `names` (role, level, course), the state by `state`;
/// `every` when it has none.
fn tier_parts(
    rule: &crate::output::TierRule,
    names: [&str; 3],
    state: impl Fn(&str) -> String,
    every: &str,
) -> String {
    let mut parts = Vec::new();
    for (name, part) in names.iter().zip([&rule.role, &rule.level, &rule.course]) {
        if let Some(p) = part {
            parts.push(format!("{name} {p}"));
        }
    }
    if let Some(s) = rule.status {
        parts.push(format!("status {}", state(s)));
    }
    if parts.is_empty() {
        every.to_string()
    } else {
        parts.join(", ")
    }
}

/// A run's scope named by `names` (unit, role, course), `whole` when it has none.
fn whole_parts(s: &crate::output::ScopeNote, names: [&str; 3], whole: &str) -> String {
    let mut parts = Vec::new();
    for (name, part) in names.iter().zip([&s.unit, &s.role, &s.course]) {
        if let Some(p) = part {
            parts.push(format!("{name} {}", p.trim()));
        }
    }
    if parts.is_empty() {
        whole.to_string()
    } else {
        parts.join(", ")
    }
}

/// The days from one date to another.
fn days(from: Date, to: Date) -> i64 {
    from.until(to).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

/// Hours as a plain number: `82`, `82.5` (rounded to six decimals against floating-point dust).
pub fn hours_text(hours: f64) -> String {
    let rounded = (hours * 1e6).round() / 1e6;
    format!("{rounded}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::State;

    fn lateness(state: State, as_of: Date, lang: Lang) -> String {
        of(lang).lateness(state, as_of)
    }

    #[test]
    fn hours_are_plain_numbers_without_floating_point_dust() {
        assert_eq!(hours_text(47.5), "47.5");
        assert_eq!(hours_text(40.0), "40");
        assert_eq!(hours_text(0.1 + 0.2), "0.3");
    }

    #[test]
    fn swedish_lateness_says_dagar_sent_not_dagar_sen() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let as_of = d("2026-10-31");
        let late = lateness(State::Overdue(Some(d("2024-04-01"))), as_of, Lang::Sv);
        assert_eq!(late, "943 dagar sent");
        let one = lateness(State::Overdue(Some(d("2026-10-30"))), as_of, Lang::Sv);
        assert_eq!(one, "1 dag sent");
        assert_eq!(
            lateness(State::Overdue(None), as_of, Lang::Sv),
            "inget sista datum"
        );
        assert_eq!(
            lateness(State::Due(d("2026-11-02")), as_of, Lang::Sv),
            "om 2 dagar"
        );
    }
}
