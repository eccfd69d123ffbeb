//! The language of what people read (`--lang sv|en`, `KVU_LANG`): headings, state names, month names
//! and the decimal mark in the table, xlsx and html formats. CSV and JSON never change: they are for
//! scripts. One dictionary, here, so that a word is the same in every command and format.

use std::borrow::Cow;

use super::{Kind, words};

/// The language people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Sv,
}

impl Lang {
    /// `en` or `sv` (case-insensitive).
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "sv" => Some(Lang::Sv),
            _ => None,
        }
    }

    /// A column heading: a people label or a CSV key. `due` is a date (`Senast`) or a count of the
    /// state (`Ska göras`) by the column's kind. In English a CSV key stays as it is.
    pub fn heading<'a>(self, label: &'a str, kind: Kind) -> Cow<'a, str> {
        words::of(self).label(label, kind)
    }

    /// A state name (`overdue`), or a phrase of them, as people read it.
    pub fn state<'a>(self, word: &'a str) -> Cow<'a, str> {
        words::of(self).state(word)
    }

    /// A month's short name, 1 to 12.
    pub fn month(self, month: i8) -> &'static str {
        words::of(self).month(month)
    }

    /// A number as people read it: a decimal comma in Swedish.
    pub fn number(self, text: String) -> String {
        words::of(self).number(&text)
    }

    /// A percentage rounded to whole numbers: `76%`, Swedish `76 %`.
    pub fn percent(self, p: f64) -> String {
        words::of(self).percent(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_sv_translates_headings_states_months_and_the_decimal_mark() {
        let sv = Lang::Sv;
        assert_eq!(sv.heading("employee_id", Kind::Id), "Anställnings-id");
        assert_eq!(sv.heading("Unit", Kind::Text), "Enhet");
        assert_eq!(sv.heading("due", Kind::Date), "Senast");
        assert_eq!(sv.heading("due", Kind::Count), "Ska göras");
        assert_eq!(sv.heading("Due", Kind::Text), "Senast");
        assert_eq!(sv.state("overdue"), "försenad");
        assert_eq!(sv.state("met"), "klar");
        assert_eq!(sv.month(5), "maj");
        assert_eq!(sv.number("82.5".into()), "82,5");
        assert_eq!(sv.percent(75.6), "76 %");
        assert_eq!(sv.heading("no such label", Kind::Text), "no such label");
        assert_eq!(sv.heading("tier_2", Kind::Count), "Prioritet 2");
        assert_eq!(sv.heading("tier_", Kind::Count), "tier_");
        assert_eq!(sv.heading("Tier 3", Kind::Count), "Prioritet 3");
    }

    #[test]
    fn lang_en_leaves_words_as_they_are() {
        let en = Lang::En;
        assert_eq!(en.heading("employee_id", Kind::Id), "employee_id");
        assert_eq!(en.state("overdue"), "overdue");
        assert_eq!(en.number("82.5".into()), "82.5");
        assert_eq!(en.month(10), "Oct");
    }
}
