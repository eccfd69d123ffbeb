//! Swedish: every sentence a person reads in `--lang sv`.

use jiff::civil::Date;

use super::{CommandWords, SiteWords, days, plural, scope_parts, tier_parts};
use crate::output::note::{ScopeNote, TierRule};
use crate::rules::State;

/// Swedish.
pub struct Sv;

// ---------------------------------------------------------------------------------------------------
// The commands' words.
// ---------------------------------------------------------------------------------------------------

impl CommandWords for Sv {
    fn language(&self) -> &'static str {
        "svenska"
    }

    fn scope(&self, s: &ScopeNote) -> String {
        let mut parts = Vec::new();
        if let Some(u) = &s.unit {
            let below = if s.below { " med underenheter" } else { "" };
            parts.push(format!("enhet {}{below}", u.trim()));
        }
        if let Some(r) = &s.role {
            parts.push(format!("roll {}", r.trim()));
        }
        if let Some(c) = &s.course {
            parts.push(format!("kurs {}", c.trim()));
        }
        scope_parts(&parts)
    }

    fn lateness(&self, state: State, as_of: Date) -> String {
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

    fn total(&self) -> &'static str {
        "Totalt"
    }

    fn no_gaps(&self, scope: &str, as_of: Date) -> String {
        format!("Inga brister{scope}: alla har det planen kräver, per {as_of}.")
    }

    fn gaps(&self, counts: [usize; 3], states: [usize; 3], scope: &str, as_of: Date) -> String {
        let [gaps, people, units] = counts;
        let [overdue, expired, due] = states;
        format!(
            "{} hos {} i {}{scope}: {overdue} försenade, {expired} utgångna, {due} ska göras, per {as_of}.",
            plural(gaps, "brist", "brister"),
            plural(people, "person", "personer"),
            plural(units, "enhet", "enheter"),
        )
    }

    fn gaps_summary(&self, scope: &str, as_of: Date) -> String {
        format!(
            "Personer efter läget för varje kurs som krävs{scope}, per {as_of}; \"Totalt\" räknar varje person en gång."
        )
    }

    fn states_chart(&self) -> &'static str {
        "Personer per läge och kurs"
    }

    fn tier_rule(&self, rule: &TierRule) -> String {
        let state = |s: &str| crate::output::Lang::Sv.state(s).into_owned();
        tier_parts(rule, ["roll", "nivå", "kurs"], state, "alla brister")
    }

    fn no_tier(&self) -> &'static str {
        "utan prioritet"
    }

    fn tier(&self, tier: usize, rule: &str) -> String {
        format!("Prioritet {tier}: {rule}")
    }

    fn priority_none(&self, as_of: Date) -> String {
        format!("Inga brister: alla i urvalet har det planen kräver, per {as_of}.")
    }

    fn priority(&self, gaps: usize, seats: Option<usize>, as_of: Date) -> String {
        let seats = seats.map(|s| format!(", de {s} första i varje kurs"));
        let seats = seats.unwrap_or_default();
        format!(
            "{gaps} brister i prioritetsordning{seats}, per {as_of}: efter planens prioriteringar (Varför), sedan sista datum, sedan enhet och anställd."
        )
    }

    fn percent(&self, p: f64) -> String {
        format!("{p:.0} %")
    }

    fn met_of(&self, percent: &str, met: u64, required: u64) -> String {
        format!("{percent} ({met} av {required})")
    }

    fn month(&self, month: i8) -> &'static str {
        let i = usize::try_from(month.clamp(1, 12) - 1).unwrap_or(0);
        [
            "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
        ][i]
    }

    fn trend_chart(&self) -> &'static str {
        "Andel klara vid varje månadsslut"
    }

    fn trend(&self, scope: &str, as_of: Date) -> String {
        format!(
            "Andel klara av varje kurs som krävs vid varje månadsslut{scope} (per {as_of} i den månaden); personer räknas från sitt startdatum."
        )
    }

    fn todays_staff(&self) -> &'static str {
        "Dagens personalexport: den som slutat saknas i tidigare månader, och alla räknas med sin nuvarande tjänst."
    }

    fn forecast_chart(&self) -> &'static str {
        "Platser per månad"
    }

    fn forecast(&self, scope: &str, first: &str, months: u32) -> String {
        format!(
            "Platser per kurs och månad{scope}, från {first} i {months} månader: eftersläpningen nu (första månaden), sista datum och datum för förnyelse, undantag som upphör, och de senaste 12 månadernas nyanställda jämnt fördelade."
        )
    }

    fn forecast_causes(&self) -> &'static str {
        "--format csv ger varje orsak; platser / platser per tillfälle = tillfällen att boka."
    }

    fn total_row(&self) -> &'static str {
        "TOTALT"
    }

    fn number(&self, text: &str) -> String {
        text.replace('.', ",")
    }

    fn coverage(&self, met: u64, required: u64, percent: &str) -> String {
        format!("{met} av {required}, {percent}")
    }

    fn coverage_label(&self) -> &'static str {
        "Täckning"
    }

    fn participants(&self) -> &'static str {
        "deltagare"
    }

    fn report_chart(&self) -> &'static str {
        "Deltagare per kurs"
    }

    fn delivered(&self, year: i16, so_far: Option<Date>, unit: Option<&str>) -> String {
        let so_far = so_far
            .map(|d| format!(" till och med {d}"))
            .unwrap_or_default();
        let unit = unit
            .map(|u| format!(" i enhet {}", u.trim()))
            .unwrap_or_default();
        let before = year - 1;
        format!("Genomfört {year}{so_far}{unit}; inom parentes förändringen mot {before}.")
    }

    fn coverage_means(&self, on: Date) -> String {
        format!(
            "Täckning: av dem som skulle ha gått kursen senast {on}, hur många som hade gått den."
        )
    }

    fn percent_tenths(&self, number: &str) -> String {
        format!("{number} %")
    }

    fn shared(&self, given: u64, seats: u64, course: &str) -> String {
        format!(
            "{given} av {seats} platser i {course} fördelade med största restmetoden; ingen enhet får fler platser än den har brister."
        )
    }

    fn left_over(&self, left: u64) -> String {
        format!("{left} platser blir över: enheterna med vikt har inte fler brister än så.")
    }

    fn chosen(&self, people: usize, seats: u64, course: &str) -> String {
        format!("{people} personer valda till {seats} platser i {course}.")
    }
}

// ---------------------------------------------------------------------------------------------------
// The site's words.
// ---------------------------------------------------------------------------------------------------

impl SiteWords for Sv {
    fn html_lang(&self) -> &'static str {
        "sv"
    }
}
