//! Swedish: every sentence a person reads in `--lang sv`.

use super::{CommandWords, SiteWords};

/// Swedish.
pub struct Sv;

// ---------------------------------------------------------------------------------------------------
// The commands' words.
// ---------------------------------------------------------------------------------------------------

impl CommandWords for Sv {
    fn language(&self) -> &'static str {
        "svenska"
    }
}

// ---------------------------------------------------------------------------------------------------
// The site's words.
// ---------------------------------------------------------------------------------------------------

impl SiteWords for Sv {
    fn html_lang(&self) -> &'static str {
        "sv"
    }

    fn units_and_pages(&self) -> &'static str {
        "enheter och sidor"
    }

    fn whole_organisation(&self) -> &'static str {
        "Hela organisationen"
    }

    fn as_of(&self) -> &'static str {
        "per"
    }

    fn you_are_here(&self) -> &'static str {
        "Du är här"
    }

    fn all_units(&self) -> &'static str {
        "Alla enheter"
    }

    fn title_suffix(&self) -> &'static str {
        "uppföljning av utbildningsplanen"
    }

    fn page_scope(&self, unit: bool) -> &'static str {
        if unit {
            "Enheten och alla enheter under den."
        } else {
            "Alla i personalexporten."
        }
    }

    fn jump_coverage(&self) -> &'static str {
        "Täckning"
    }

    fn jump_trend(&self) -> &'static str {
        "Utveckling"
    }

    fn jump_units(&self) -> &'static str {
        "Enheter"
    }

    fn jump_delivered(&self) -> &'static str {
        "Genomfört"
    }

    fn jump_gaps(&self) -> &'static str {
        "Brister"
    }

    fn coverage_heading(&self) -> &'static str {
        "Täckning per kurs"
    }

    fn nobody_required(&self) -> &'static str {
        "Ingen här behöver gå någon av planens kurser."
    }

    fn coverage_note(&self, as_of: jiff::civil::Date) -> String {
        format!(
            "Personer efter läget för varje kurs som krävs (varje person en gång), per {as_of}."
        )
    }

    fn trend_heading(&self) -> &'static str {
        "Täckning månad för månad, de senaste 24 månaderna"
    }

    fn trend_figures(&self) -> &'static str {
        "Siffrorna: andel klara (klara/krävs) vid varje månadsslut"
    }

    fn month(&self) -> &'static str {
        "Månad"
    }

    fn trend_note(&self) -> &'static str {
        "Ur dagens personalexport: den som slutat saknas i tidigare månader, och alla räknas med sin nuvarande tjänst och från sitt startdatum."
    }

    fn sub_units_heading(&self, whole: bool, tree: bool) -> &'static str {
        match (whole, tree) {
            (true, true) => "Enheter överst i trädet, flest försenade + utgångna först",
            (true, false) => "Enheter, flest försenade + utgångna först",
            _ => "Underenheter, flest försenade + utgångna först",
        }
    }

    fn unit(&self) -> &'static str {
        "Enhet"
    }

    fn overdue_expired(&self) -> &'static str {
        "Försenade + utgångna"
    }

    fn people(&self) -> &'static str {
        "Personer"
    }

    fn met(&self) -> &'static str {
        "Klara"
    }

    fn sub_units_note(&self) -> &'static str {
        "Försenade + utgångna: krav som inte är uppfyllda efter sitt datum, varje person en gång per kurs; Klara: andelen uppfyllda krav."
    }

    fn report_heading(&self, year: i16, before: i16) -> String {
        format!("Genomfört {year} jämfört med {before}")
    }

    fn report_note(&self) -> &'static str {
        "Genomförda kurser under året av personerna här (deras första tjänst i urvalet); TOTALT räknar varje person en gång."
    }

    fn gaps_heading(&self) -> &'static str {
        "Brister i prioritetsordning"
    }

    fn no_gaps(&self) -> &'static str {
        "Inga brister: alla här har det planen kräver."
    }

    fn gaps_listed(&self, total: usize, shown: Option<usize>, command: &str) -> String {
        match shown {
            Some(n) => {
                format!("{total} brister totalt; de första {n} visas här. {command} visar alla.")
            }
            None => format!("{total} brister totalt, alla visas här; {command} visar dem också."),
        }
    }

    fn find_a_unit(&self) -> &'static str {
        "Hitta en enhet"
    }

    fn filter_placeholder(&self) -> &'static str {
        "Del av id eller namn"
    }

    fn units(&self) -> &'static str {
        "enheter"
    }

    fn units_match(&self) -> &'static str {
        "enheter matchar"
    }
}
