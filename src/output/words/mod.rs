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

pub use commands::CommandWords;
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
use crate::rules::State;

/// A date as the contract prints it: `YYYY-MM-DD`, or empty.
pub fn date_text(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// "1 gap", "3 gaps".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn days(from: Date, to: Date) -> i64 {
    from.until(to).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

/// How late a gap is, in words, in the language people read.
pub fn lateness(state: State, as_of: Date, lang: Lang) -> String {
    if lang == Lang::Sv {
        return lateness_sv(state, as_of);
    }
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

/// Hours as a plain number: `82`, `82.5` (rounded to six decimals against floating-point dust).
pub fn hours_text(hours: f64) -> String {
    let rounded = (hours * 1e6).round() / 1e6;
    format!("{rounded}")
}

/// The note under a table cut at its row limit.
pub fn more_rows(n: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("… and {n} more rows: --format csv (or json) lists them all."),
        Lang::Sv => format!("… och {n} rader till: --format csv (eller json) visar alla."),
    }
}

/// The note under a table whose columns were left out to fit the terminal's `width`.
pub fn left_out(width: usize, names: &[&str], lang: Lang) -> String {
    let names = names.join(", ");
    match lang {
        Lang::En => {
            format!("Left out to fit {width} columns: {names}; --format csv gives every column.")
        }
        Lang::Sv => format!(
            "Utelämnat för att få plats på {width} tecken: {names}; --format csv visar alla kolumner."
        ),
    }
}

fn lateness_sv(state: State, as_of: Date) -> String {
    let dagar = |n: i64| plural(n as usize, "dag", "dagar");
    match state {
        State::Overdue(Some(due)) => format!("{} sent", dagar(days(due, as_of))),
        State::Overdue(None) => "inget sista datum".to_string(),
        State::Expired(lapse) => format!("förföll för {} sedan", dagar(days(lapse, as_of))),
        State::Due(due) => match days(as_of, due) {
            0 => "senast i dag".to_string(),
            n => format!("om {}", dagar(n)),
        },
        State::Met | State::Exempt => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
