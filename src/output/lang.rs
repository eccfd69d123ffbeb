//! The language of what people read (`--lang sv|en`, `KVU_LANG`): headings, state names, month names
//! and the decimal mark in the table, xlsx and html formats. CSV and JSON never change: they are for
//! scripts. One dictionary, here, so that a word is the same in every command and format.

use std::borrow::Cow;

use super::Kind;

/// The language people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Sv,
}

/// English words (people labels and CSV keys) and their Swedish. A label not here is shown as it is.
const SV: &[(&str, &str)] = &[
    // CSV keys.
    ("employee_id", "Anställnings-id"),
    ("name", "Namn"),
    ("unit", "Enhet"),
    ("role", "Roll"),
    ("level", "Nivå"),
    ("course", "Kurs"),
    ("status", "Status"),
    ("rank", "Plats i ordningen"),
    ("tier", "Prioritet"),
    ("required", "Krävs"),
    ("met", "Klar"),
    ("exempt", "Undantagen"),
    ("overdue", "Försenad"),
    ("expired", "Utgången"),
    ("participants", "Deltagare"),
    ("completions", "Genomförda"),
    ("sessions", "Tillfällen"),
    ("hours", "Timmar"),
    ("group", "Grupp"),
    ("home_unit", "Hemenhet"),
    ("date", "Datum"),
    ("month", "Månad"),
    ("seats", "Platser"),
    ("share", "Andel"),
    ("gaps", "Brister"),
    ("no_tier", "Utan prioritet"),
    ("total", "Totalt"),
    ("people", "Personer"),
    ("before", "Före"),
    ("after", "Efter"),
    ("backlog", "Eftersläpning"),
    ("lapsing", "Förfaller"),
    ("exemptions_ending", "Undantag som upphör"),
    ("new_staff", "Nyanställda"),
    ("session", "Tillfälle"),
    ("seat", "Plats"),
    ("key_weight", "Nyckelvikt"),
    ("previous_year", "Föregående år"),
    ("previous_year_participants", "Deltagare föregående år"),
    ("previous_year_completions", "Genomförda föregående år"),
    ("previous_year_sessions", "Tillfällen föregående år"),
    ("previous_year_hours", "Timmar föregående år"),
    ("coverage_on", "Täckning per"),
    ("coverage_required", "Krävs (täckning)"),
    ("coverage_met", "Klar (täckning)"),
    ("coverage_percent", "Täckning %"),
    // People labels.
    ("Employee", "Anställd"),
    ("How late", "Hur sent"),
    ("Met %", "Klar %"),
    ("Key weight", "Nyckelvikt"),
    ("Why", "Varför"),
    ("Before \\ after", "Före \\ efter"),
    ("Previous year", "Föregående år"),
    ("Coverage", "Täckning"),
    ("TOTAL", "TOTALT"),
    ("Total", "Totalt"),
    ("No tier", "Utan prioritet"),
    ("line", "Rad"),
    ("Weight (gaps)", "Vikt (brister)"),
    ("Home unit", "Hemenhet"),
    ("staff", "Personal"),
    // State names (values of columns marked as words).
    ("not required", "krävs ej"),
];

/// The Swedish state names, which differ from the column headings (`met` the state is `klar`), and the
/// report's `TOTAL` row.
const SV_STATES: &[(&str, &str)] = &[
    ("met", "klar"),
    ("exempt", "undantagen"),
    ("overdue", "försenad"),
    ("due", "ska göras"),
    ("expired", "utgången"),
    ("not required", "krävs ej"),
    // The report's total row.
    ("TOTAL", "TOTALT"),
];

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_SV: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

fn lookup(table: &[(&str, &'static str)], word: &str) -> Option<&'static str> {
    table.iter().find(|(en, _)| *en == word).map(|(_, sv)| *sv)
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
        if self == Lang::En {
            return Cow::Borrowed(label);
        }
        let lower = label.to_ascii_lowercase();
        if lower == "due" {
            // The state's count in a summary; else the due date.
            return Cow::Borrowed(if kind == Kind::Count {
                "Ska göras"
            } else {
                "Senast"
            });
        }
        // `priority --by unit`'s `tier_1`, `tier_2`, ...
        if let Some(n) = lower
            .strip_prefix("tier_")
            .or_else(|| lower.strip_prefix("tier "))
            && !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
        {
            return Cow::Owned(format!("Prioritet {n}"));
        }
        lookup(SV, label)
            .or_else(|| lookup(SV, &lower))
            .map_or(Cow::Borrowed(label), Cow::Borrowed)
    }

    /// A state name (`overdue`), or a phrase of them, as people read it.
    pub fn state<'a>(self, word: &'a str) -> Cow<'a, str> {
        match self {
            Lang::En => Cow::Borrowed(word),
            Lang::Sv => lookup(SV_STATES, word).map_or(Cow::Borrowed(word), Cow::Borrowed),
        }
    }

    /// A month's short name, 1 to 12.
    pub fn month(self, month: i8) -> &'static str {
        let i = usize::try_from(month.clamp(1, 12) - 1).unwrap_or(0);
        match self {
            Lang::En => MONTHS_EN[i],
            Lang::Sv => MONTHS_SV[i],
        }
    }

    /// A number as people read it: a decimal comma in Swedish.
    pub fn number(self, text: String) -> String {
        match self {
            Lang::En => text,
            Lang::Sv => text.replace('.', ","),
        }
    }

    /// A percentage rounded to whole numbers: `76%`, Swedish `76 %`.
    pub fn percent(self, p: f64) -> String {
        match self {
            Lang::En => format!("{p:.0}%"),
            Lang::Sv => format!("{p:.0} %"),
        }
    }

    /// A phrase in English or Swedish.
    pub fn pick(self, en: &'static str, sv: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Sv => sv,
        }
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
