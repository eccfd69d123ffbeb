//! Swedish: every sentence a person reads in `--lang sv`.

use std::borrow::Cow;

use jiff::civil::Date;

use super::{
    CommandWords, Frame, SiteWords, days, hours_text, plural, scope_parts, tier_parts, whole_parts,
};
use crate::date::{Period, PeriodKind};
use crate::load::inputs::Read;
use crate::output::Kind;
use crate::output::note::{Cap, CoverageFigure, Figure, GapCounts, ScopeNote, TierRule, What};
use crate::rules::State;

/// Swedish.
pub struct Sv;

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
    // The id column beside a unit's name (`Table::for_people`, `Table::for_sheet`).
    ("unit_id", "Enhets-id"),
    ("home_unit_id", "Hemenhetens id"),
    ("group_id", "Grupp-id"),
    ("date", "Datum"),
    ("recorded", "Inspelad"),
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
    ("completed", "Genomförd"),
    ("state", "Läge"),
    ("valid_until", "Giltig till och med"),
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
    ("Unit id", "Enhets-id"),
    ("Home unit id", "Hemenhetens id"),
    ("Group id", "Grupp-id"),
    ("How late", "Hur sent"),
    ("Met %", "Klar %"),
    ("Key weight", "Nyckelvikt"),
    ("Why", "Varför"),
    ("Valid until", "Giltig till och med"),
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
    ("Option", "Inställning"),
    ("Value", "Värde"),
    ("Source", "Källa"),
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

fn lookup(table: &[(&str, &'static str)], word: &str) -> Option<&'static str> {
    table.iter().find(|(en, _)| *en == word).map(|(_, sv)| *sv)
}

// ---------------------------------------------------------------------------------------------------
// The commands' words.
// ---------------------------------------------------------------------------------------------------

impl CommandWords for Sv {
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

    fn gaps(&self, g: &GapCounts, scope: &str) -> String {
        let (overdue, expired, due, as_of) = (g.overdue, g.expired, g.due, g.as_of);
        format!(
            "{} hos {} i {}{scope}: {overdue} försenade, {expired} utgångna, {due} ska göras, per {as_of}.",
            plural(g.gaps, "brist", "brister"),
            plural(g.people, "person", "personer"),
            plural(g.units, "enhet", "enheter"),
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
        let state = |s: &str| self.state(s).into_owned();
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

    fn recorded_points(&self) -> &'static str {
        "En punkt med ett inspelningsdatum är beräknad ur den inspelningen i arkivet (dess personal, genomförda kurser, undantag, enhetsträd och plan); de andra ur dagens exporter."
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

    fn year_figure(&self, figure: Figure, year: i16) -> String {
        let figure = match figure {
            Figure::Participants => "Deltagare",
            Figure::Completions => "Genomförda",
            Figure::Sessions => "Tillfällen",
            Figure::Hours => "Timmar",
        };
        format!("{figure} {year}")
    }

    fn coverage_figure(&self, figure: CoverageFigure, on: Date) -> String {
        let figure = match figure {
            CoverageFigure::Required => "Krävs",
            CoverageFigure::Met => "Klar",
            CoverageFigure::Percent => "Täckning %",
        };
        format!("{figure} {on}")
    }

    fn event_title(&self, course: &str, session: &str) -> String {
        format!("{course}: tillfälle {session}")
    }

    fn event_seats(&self, session: &str, date: Date, taken: u64, seats: u64) -> String {
        format!("Tillfälle {session}, {date}: {taken} av {seats} platser tagna.")
    }

    fn days_late(&self) -> &'static str {
        "Dagar sent"
    }

    fn met_percent(&self) -> &'static str {
        "Klar %"
    }

    fn report_chart(&self) -> &'static str {
        "Deltagare per kurs"
    }

    fn period(&self, period: Period, up_to: Option<Date>) -> String {
        let year = period.year_of();
        let months = |n: i8, per: i8| {
            format!(
                "{}–{}",
                MONTHS[usize::from(n.unsigned_abs() - 1) * usize::from(per.unsigned_abs())],
                MONTHS[usize::from(n.unsigned_abs()) * usize::from(per.unsigned_abs()) - 1]
            )
        };
        let day = |d: Date| {
            format!(
                "{} {}",
                d.day(),
                MONTHS[usize::from(d.month().unsigned_abs() - 1)]
            )
        };
        let text = match period.kind {
            PeriodKind::Year => year.to_string(),
            PeriodKind::Tertial(n) => format!("tertial {n} {year} ({})", months(n, 4)),
            PeriodKind::Quarter(n) => format!("kvartal {n} {year} ({})", months(n, 3)),
            PeriodKind::Days if period.first.year() == period.last.year() => {
                format!(
                    "{}–{} {}",
                    day(period.first),
                    day(period.last),
                    period.last.year()
                )
            }
            PeriodKind::Days => format!(
                "{} {}–{} {}",
                day(period.first),
                period.first.year(),
                day(period.last),
                period.last.year()
            ),
        };
        match up_to {
            Some(d) => format!("{text} till och med {}", day(d)),
            None => text,
        }
    }

    fn delivered(&self, period: Period, up_to: Option<Date>, unit: Option<&str>) -> String {
        let unit = unit
            .map(|u| format!(" i enhet {}", u.trim()))
            .unwrap_or_default();
        let (now, before) = (
            self.period(period, up_to),
            self.period(period.year_before(), None),
        );
        format!("Genomfört {now}{unit}; inom parentes förändringen mot {before}.")
    }

    fn completed(
        &self,
        completions: usize,
        period: Period,
        up_to: Option<Date>,
        unit: Option<&str>,
    ) -> String {
        let unit = unit
            .map(|u| format!(" i enhet {}", u.trim()))
            .unwrap_or_default();
        format!(
            "{completions} genomförda kurser ur planen {}{unit}, var och en med vem som gick den (personens första tjänst i urvalet).",
            self.period(period, up_to)
        )
    }

    fn person(&self, id: &str, required: usize, gaps: usize, as_of: Date) -> String {
        format!("{id}: {required} kurser krävs, {gaps} inte klara per {as_of}.")
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

    fn changes(&self, changes: usize, as_of: Date) -> String {
        format!("{changes} ändringar av läget från den gamla planen till den nya, per {as_of}.")
    }

    fn diff_summary(&self) -> &'static str {
        "Personer per kurs efter läget enligt den gamla planen (rader) och den nya (kolumner); \
         diagonalen är oförändrad."
    }

    fn changes_since(&self, changes: usize, since: Date, as_of: Date) -> String {
        format!("{changes} ändringar av läget sedan inspelningen {since}, per {as_of}.")
    }

    fn diff_summary_since(&self, since: Date) -> String {
        format!(
            "Personer per kurs efter läget i inspelningen {since} (rader) och i dag (kolumner); \
             diagonalen är oförändrad."
        )
    }

    fn unit_tree(&self, units: usize, people: usize) -> String {
        format!(
            "{units} enheter i enhetsträdet, var och en följd av sina underenheter; Personal: de som har en tjänst i enheten eller under den, var och en en gång ({people} personer i personalexporten)."
        )
    }

    fn outside_tree(&self, outside: usize) -> String {
        format!(
            "{outside} enheter i personalexporten finns inte i enhetsträdet (se varningarna); deras personal räknas inte i någon enhet här."
        )
    }

    fn staff_units(&self, units: usize) -> String {
        format!(
            "{units} enheter i personalexporten (inget enhetsträd angivet); Totalt räknar varje person en gång."
        )
    }

    fn read(&self, read: Read) -> String {
        let rows = |n: u64| plural(usize::try_from(n).unwrap_or(usize::MAX), "rad", "rader");
        match read {
            Read::Rows(n) => rows(n),
            Read::Completions { rows: n, outside } => {
                format!("{}, {outside} av kurser utanför planen", rows(n))
            }
            Read::Plan {
                levels,
                roles,
                courses,
                tiers,
            } => format!(
                "{}, {}, {}, {}",
                plural(levels, "nivå", "nivåer"),
                plural(roles, "roll", "roller"),
                plural(courses, "kurs", "kurser"),
                plural(tiers, "prioritetsnivå", "prioritetsnivåer")
            ),
        }
    }

    fn not_read_to_the_end(&self) -> &'static str {
        "inte läst till slutet"
    }

    fn problems(&self, errors: usize, warnings: usize) -> String {
        format!(
            "{}, {}",
            plural(errors, "fel", "fel"),
            plural(warnings, "varning", "varningar")
        )
    }

    fn not_checked(&self) -> &'static str {
        "inte kontrollerad, eftersom planen har fel (exporterna läses mot den)"
    }

    fn join(
        &self,
        counts: [u64; 3],
        files: &[String],
        staff: &str,
        other: Option<(&str, u64, u64)>,
    ) -> String {
        let [joined, rows, pct] = counts;
        let files = files.join(" och ");
        let other = match other {
            Some((format, n, p)) => format!("--id-format {format} skulle foga samman {n} ({p}%)"),
            None => "inget annat --id-format skulle foga samman märkbart fler".to_string(),
        };
        format!(
            "sammanfogning: {joined} av {rows} rader av planens kurser i {files} ({pct}%) hör till någon i {staff}; {other}"
        )
    }

    fn recorded(&self, as_of: Date, [rows, new_rows, bytes]: [u64; 3], replaced: bool) -> String {
        let what = if replaced { "ersatte" } else { "spelade in" };
        format!(
            "{what} {as_of}: {rows} rader, varav {new_rows} nya i arkivet; arkivet är nu {}",
            size(bytes)
        )
    }

    fn recorded_same(&self, as_of: Date) -> String {
        format!("{as_of} är redan inspelad från samma indata: inget ändrades")
    }

    fn store_migrated(&self, from: u32, to: u32) -> String {
        format!("historikarkivet uppdaterades (version {from} till {to})")
    }

    fn forgot(&self, before: Date, [recordings, rows, bytes]: [u64; 3]) -> String {
        format!(
            "gallrade indata ur {recordings} inspelningar före {before} ({rows} rader); deras siffror finns kvar; arkivet är nu {}",
            size(bytes)
        )
    }

    fn config_read(&self, file: Option<&str>) -> String {
        match file {
            Some(file) => format!(
                "Läst ur {file}. En flagga går före sin KVU_*-variabel, som går före filen, som går före standardvärdet; ett tomt värde är inte satt."
            ),
            None => "Ingen inställningsfil (ingen --config, ingen KVU_CONFIG, ingen kvu.toml i den aktuella mappen). En flagga går före sin KVU_*-variabel, som går före standardvärdet; ett tomt värde är inte satt.".to_string(),
        }
    }

    fn what(&self, what: What) -> String {
        match what {
            What::GapsSummary => "Brister per enhet och kurs",
            What::Gaps => "Brister",
            What::Report { period, up_to } => {
                let text = self.period(period, up_to);
                return match period.kind {
                    PeriodKind::Year => format!("Årsrapport {text}"),
                    _ => format!("Rapport {text}"),
                };
            }
            What::Person => "En persons kurser",
            What::Priority => "Prioritering",
            What::Allocate => "Platser per enhet",
            What::Trend => "Täckning månad för månad",
            What::Forecast => "Platsbehov",
            What::Diff => "Planändring",
            What::Cohorts => "Kurstillfällen",
            What::Site => "Uppföljning av utbildningsplanen",
            What::Validate => "Kontroll av indata",
            What::Units => "Enheter",
            What::Config => "Inställningar",
            What::Record => "Inspelning",
            What::History => "Historikarkiv",
        }
        .to_string()
    }

    fn whole(&self, s: &ScopeNote) -> String {
        whole_parts(s, ["enhet", "roll", "kurs"], "hela organisationen")
    }

    fn cap(&self, cap: Cap) -> String {
        match cap {
            Cap::PerUnit(n) => format!("högst {n} från en enhet per tillfälle"),
            Cap::Away(share) => format!(
                "högst {} % av en enhets personal per tillfälle (avrundat nedåt, minst en)",
                self.number(&hours_text(share))
            ),
            Cap::None => "inget tak per enhet".to_string(),
        }
    }

    fn seated(&self, counts: [usize; 3], course: &str, sessions: u64, cap: &str) -> String {
        let [seated, candidates, left] = counts;
        let sessions = if sessions == 1 {
            "1 tillfälle".to_string()
        } else {
            format!("{sessions} tillfällen")
        };
        format!(
            "{seated} av {candidates} kandidater för {course} fick plats på {sessions}; {left} utan plats; {cap}."
        )
    }

    fn all_seats(&self) -> &'static str {
        "Alla platser"
    }

    fn too_many_sessions(&self, sessions: usize, limit: usize) -> String {
        format!(
            "{sessions} tillfällen, fler än {limit}: bara bladet Alla platser, inget blad per tillfälle (filtrera på kolumnen Tillfälle)."
        )
    }

    fn session(&self) -> &'static str {
        "Tillfälle"
    }

    fn seats_taken(&self, session: &str, taken: u64, seats: u64) -> String {
        let free = seats - taken;
        format!("{session}: {taken} av {seats} platser tagna, {free} lediga")
    }

    fn no_seat(&self) -> &'static str {
        "Ingen i urvalet kunde få en plats."
    }

    fn no_sessions(&self, as_of: Date) -> String {
        format!("Inga tillfällen från och med {as_of}.")
    }

    fn label<'a>(&self, label: &'a str, kind: Kind) -> Cow<'a, str> {
        let lower = label.to_ascii_lowercase();
        if lower == "due" {
            // The state's count in a summary; else the due date.
            return Cow::Borrowed(if kind == Kind::Count {
                "Ska göras"
            } else {
                "Senast"
            });
        }
        // `priority --by unit`'s `tier_1`, `tier_2`, ... (`Tier 1` for people).
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

    fn state<'a>(&self, word: &'a str) -> Cow<'a, str> {
        lookup(SV_STATES, word).map_or(Cow::Borrowed(word), Cow::Borrowed)
    }

    fn frame(&self, word: Frame) -> &'static str {
        match word {
            Frame::AsOf => "per",
            Frame::CommandLine => "kommandorad",
            Frame::Shows => "visar",
            Frame::Scope => "urval",
            Frame::Version => "kvu-version",
            Frame::Note => "anmärkning",
            Frame::Input => "indata",
            Frame::File => "fil",
            Frame::DataRows => "datarader",
        }
    }

    fn data_rows(&self, n: u64) -> String {
        format!("{n} {}", if n == 1 { "rad" } else { "rader" })
    }

    fn more_rows_html(&self, n: usize) -> String {
        format!("… och {n} rader till: CSV, JSON eller xlsx visar alla.")
    }

    fn more_rows(&self, n: usize) -> String {
        format!("… och {n} rader till: --format csv (eller json) visar alla.")
    }

    fn left_out(&self, width: usize, names: &str) -> String {
        format!(
            "Utelämnat för att få plats på {width} tecken: {names}; --format csv visar alla kolumner."
        )
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

    fn month_heading(&self) -> &'static str {
        "Månad"
    }

    fn trend_recorded_note(&self) -> &'static str {
        "Heldragna linjer: månader inspelade i arkivet, räknade ur det som lästes då; streckade: härledda ur dagens exporter."
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

    fn report_heading(&self, year: i16, before: i16, up_to: Option<Date>) -> String {
        let year = self.period(Period::year(year), up_to);
        format!("Genomfört {year} jämfört med {before}")
    }

    fn report_note(&self) -> &'static str {
        "Genomförda kurser under året av personerna här (deras första tjänst i urvalet); TOTALT räknar varje person en gång."
    }

    fn gaps_heading(&self) -> &'static str {
        "Brister i prioritetsordning"
    }

    fn no_gaps_on_page(&self) -> &'static str {
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

/// The months' names, for periods.
const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// A size in bytes as people read it: `812 kB`, `14.2 MB`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1_000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{} kB", b / 1_000),
        b => format!("{:.1} MB", b as f64 / 1e6),
    }
}
