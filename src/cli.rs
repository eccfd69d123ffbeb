//! The command line: global options, and one argument struct per subcommand. Doc comments are `--help`.

pub mod shell;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

use crate::date::{Month, Period};
use crate::plan::GapStatus;

const EXAMPLES: &str = "\
Examples:
  kvu --plan plan/vgr-2024.yaml --staff examples/staff.csv \\
      --completions examples/completions.csv gaps --summary
  export KVU_PLAN=plan/vgr-2024.yaml KVU_STAFF=examples/staff.csv \\
         KVU_COMPLETIONS=examples/completions.csv KVU_UNITS=examples/units.csv
  kvu gaps --unit F01-V01                      # a unit and the units below it
  kvu gaps --summary --format csv --output gaps-summary.csv
  kvu gaps --status overdue,expired --check    # exit 1 when anyone is overdue
  kvu report --year 2024 --by unit --depth 2
  kvu priority --seats 20 --course kvu-chef
  kvu allocate --course kvu-chef --seats 40 --people
  kvu trend --from 2025-01 --course kvu-webb
  kvu units
  kvu config                                   # the options in effect: flags, KVU_*, kvu.toml
  kvu cohorts --course kvu-chef --sessions examples/sessions.csv --output kvu-chef.ics
  kvu --encoding utf-8 --delimiter , validate --strict   # Excel's: windows-1252 and ';'

Exit codes: 0 success; 1 `--check` found overdue or expired gaps; 2 an error (usage, unreadable file, bad data).";

/// Training gaps, annual follow-up and priorities for a dosed quality-improvement training plan.
///
/// kvu joins the plan (a YAML dosing matrix: which role at which level needs which course) with the HR
/// system's staff export and the learning platform's completion export.
#[derive(Debug, Parser)]
#[command(name = "kvu", version, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes, before or after the subcommand.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// The plan: a YAML dosing matrix [default: KVU_PLAN, else `plan` in kvu.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub plan: Option<String>,
    /// The staff export, one row per assignment: CSV or a workbook (.xlsx .xls .ods; FILE#Sheet for a
    /// sheet but the first) [default: KVU_STAFF, else `staff` in kvu.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub staff: Option<String>,
    /// The completion export: CSV or a workbook (.xlsx .xls .ods; FILE#Sheet) [default:
    /// KVU_COMPLETIONS, else `completions` in kvu.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub completions: Option<String>,
    /// The unit tree `unit,parent[,name]` (CSV or a workbook, FILE#Sheet), so that --unit takes in the
    /// units below [default: KVU_UNITS, else `units` in kvu.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub units: Option<String>,
    /// Exemptions `employee_id,course,until,reason` (CSV or a workbook, FILE#Sheet) [default:
    /// KVU_EXEMPTIONS, else `exemptions` in kvu.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub exemptions: Option<String>,
    /// The date the state is taken on [default: KVU_AS_OF, else `as_of` in kvu.toml, else today in
    /// Europe/Stockholm]
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub as_of: Option<Date>,
    /// How to print: a table for people, CSV or JSON for scripts, xlsx or html to open, ics (a
    /// calendar, kvu cohorts only) [default: from --output's extension (.csv .json .xlsx .html .txt
    /// .ics), else table]
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,
    /// Write to this file instead of standard output (whole, or not at all); with --split, a folder
    #[arg(long, global = true, value_name = "FILE")]
    pub output: Option<String>,
    /// CSV for Excel with Swedish settings: byte-order mark, `;`, CRLF, decimal comma, formula-safe
    /// (implies --format csv)
    #[arg(long, global = true)]
    pub excel: bool,
    /// The language people read in table, xlsx and html output (CSV and JSON never change) [default:
    /// KVU_LANG, else `lang` in kvu.toml, else en]
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// One file per unit into the folder --output, plus index.csv (gaps, priority, report, trend,
    /// forecast)
    #[arg(long, global = true, value_enum, value_name = "unit")]
    pub split: Option<SplitArg>,
    /// With --split and a unit tree: units down to this depth (1 = the roots) [default: all]
    #[arg(long, global = true, value_name = "N", requires = "split")]
    pub split_depth: Option<usize>,
    /// With --split: name each file after the unit's id (stable across renames, for scripts) or its
    /// name from the unit tree (what a manager reads; the id where it has none) [default:
    /// `split_names` in kvu.toml, else id]
    #[arg(long, global = true, value_enum, requires = "split")]
    pub split_names: Option<SplitNamesArg>,
    /// Treat warnings (undeclared roles or levels, unknown exemptions, duplicate rows) as errors
    #[arg(long, global = true)]
    pub strict: bool,
    /// The exports' text encoding [default: auto: UTF-8, else Windows-1252; a byte-order mark decides]
    #[arg(long, global = true, value_enum, value_name = "ENCODING")]
    pub encoding: Option<EncodingArg>,
    /// The exports' field separator [default: the one the header line uses: comma, semicolon or tab]
    #[arg(long, global = true, value_name = "SEP", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// In CSV output, put a ' before cells that start with = + - @ tab or CR (for Excel)
    #[arg(long, global = true)]
    pub excel_safe: bool,
    /// No warnings on standard error (errors still print; exit codes do not change)
    #[arg(long, global = true)]
    pub quiet: bool,
    /// How employee ids in all inputs compare: as written, as whole numbers (00100042 = 100042), or as
    /// Swedish personal identity numbers in any spelling (printed YYYYMMDD-NNNN) [default:
    /// KVU_ID_FORMAT, else `id_format` in kvu.toml, else text]
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub id_format: Option<IdFormatArg>,
    /// The history store, one SQLite file (`kvu record`, `kvu history`, --recording; `report` adds
    /// every recording's completions and leavers, `diff --since` compares with a recording)
    /// [default: KVU_HISTORY, else `history` in kvu.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub history: Option<String>,
    /// Run on the inputs recorded for this date in --history instead of the files, as of that date
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub recording: Option<Date>,
    /// The configuration file of global options [default: KVU_CONFIG, else kvu.toml in the current
    /// folder if there is one]; see `kvu config`
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IdFormatArg {
    Text,
    Number,
    Personnummer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    Auto,
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "windows-1252", aliases = ["cp1252", "iso-8859-1", "latin1"])]
    Windows1252,
}

pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        "\t" | "\\t" | "tab" => Ok(b'\t'),
        _ => Err(format!(
            "`{text}` is no separator, expected comma, semicolon or tab (or , ; \\t)"
        )),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Xlsx,
    Html,
    /// An iCalendar file (RFC 5545): one event per session, for `kvu cohorts` only.
    Ics,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SplitNamesArg {
    Id,
    Name,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Sv,
}

impl From<LangArg> for crate::output::Lang {
    fn from(lang: LangArg) -> Self {
        match lang {
            LangArg::En => crate::output::Lang::En,
            LangArg::Sv => crate::output::Lang::Sv,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SplitArg {
    Unit,
}

fn parse_date_arg(text: &str) -> Result<Date, String> {
    crate::date::parse(text).map_err(|e| e.describe(text))
}

fn parse_status(text: &str) -> Result<GapStatus, String> {
    GapStatus::parse(text)
        .ok_or_else(|| format!("`{text}` is no status, expected overdue, expired or due"))
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Who lacks what: one row per person and required course not met
    #[command(after_help = GAPS_HELP)]
    Gaps(GapsArgs),
    /// The annual follow-up: participants, completions, sessions and hours per course in a year
    #[command(after_help = REPORT_HELP)]
    Report(ReportArgs),
    /// Everything about one person: each course the plan requires of them, met and exempt included
    #[command(after_help = PERSON_HELP)]
    Person(PersonArgs),
    /// The order in which to close gaps: the plan's priority tiers, then due date
    #[command(after_help = PRIORITY_HELP)]
    Priority(PriorityArgs),
    /// Share a course's seats among units in proportion to their gaps (or a key), then fill them
    #[command(after_help = ALLOCATE_HELP)]
    Allocate(AllocateArgs),
    /// Coverage month by month: the state on each month's last day, from today's exports
    #[command(after_help = TREND_HELP)]
    Trend(TrendArgs),
    /// How many seats each course needs in each of the coming months, and why
    #[command(after_help = FORECAST_HELP)]
    Forecast(ForecastArgs),
    /// Who changes state when the plan changes: the exports under --old-plan and under --plan
    #[command(after_help = DIFF_HELP)]
    Diff(DiffArgs),
    /// Fill a course's dated sessions with the people who need it most, mixing units
    #[command(after_help = COHORTS_HELP)]
    Cohorts(CohortsArgs),
    /// A static web site of the plan's state for the whole organisation and each unit, into --output DIR
    #[command(after_help = SITE_HELP)]
    Site(SiteArgs),
    /// Record what kvu reads today (inputs, run facts, figures) in the history store --history FILE
    #[command(after_help = RECORD_HELP)]
    Record(RecordArgs),
    /// List the recordings of the history store, oldest first; or forget old recordings' inputs
    #[command(after_help = HISTORY_HELP)]
    History(HistoryArgs),
    /// Read every input and list every problem found
    #[command(after_help = VALIDATE_HELP)]
    Validate(ValidateArgs),
    /// The units, with how many people work at or below each (reads only the staff export and the tree)
    #[command(after_help = UNITS_HELP)]
    Units,
    /// The global options in effect and where each came from: a flag, a KVU_* variable, a line of
    /// kvu.toml, or the default (reads no input)
    #[command(after_help = CONFIG_HELP)]
    Config,
    /// Print a shell completion script to standard output (reads no input)
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to standard output (reads no input)
    #[command(after_help = MAN_HELP)]
    Man,
}

const GAPS_HELP: &str = "\
Examples:
  kvu gaps --unit F01-V01-E002                 # a unit manager's list: who, which course, how late
  kvu gaps --summary --unit F01-V01            # people per state, per unit and course
  kvu gaps --role chef --status overdue,expired --check   # exit 1 when a manager is late
  kvu --split unit --split-depth 3 --output enheter gaps --summary --format csv";

const REPORT_HELP: &str = "\
Examples:
  kvu report --year 2025                       # with the change against 2024 and the coverage
  kvu report --year 2025 --format csv --output report-2025.csv
  kvu report --year 2025 --by unit --depth 2 --format csv
  kvu report --period 2026-T1 --compare        # January-April beside January-April 2025
  kvu report --period 2026-01-01..2026-03-15 --people --unit F01 --format csv";

const PERSON_HELP: &str = "\
Examples:
  kvu person 100062                            # what is met, what is still needed, and by when
  kvu person 100062 --format csv";

const PRIORITY_HELP: &str = "\
Examples:
  kvu priority --unit F01-V01                  # the gaps in the plan's tier order, and why
  kvu priority --course kvu-chef --seats 12    # who should sit in the next 12 seats
  kvu priority --by unit                       # the units with the most urgent gaps first";

const ALLOCATE_HELP: &str = "\
Examples:
  kvu allocate --course kvu-chef --seats 12    # among the top units, in proportion to their gaps
  kvu allocate --course kvu-chef --seats 12 --depth 3 --people --format csv
  kvu allocate --course kvu-webb --seats 40 --unit F01";

const VALIDATE_HELP: &str = "\
Every input given is read with the same loader as every command; each problem is listed as
file:line: what is wrong. Exit 2 if any is an error (with --strict, any warning too). A sessions file
(`kvu cohorts --sessions`) and an allocation key (`kvu allocate --key`) are checked when given.

Examples:
  kvu validate
  kvu validate --strict                        # as a cron job's first step
  kvu validate --staff examples/staff.xlsx#Personal --id-format number   # a workbook's sheet
  kvu validate --sessions examples/sessions.csv   # the sessions file of `kvu cohorts` too";

const RECORD_HELP: &str = "\
Adds a recording for --as-of to the store (made if missing): the plan's text and the export rows as
kvu read them, the run's facts (time, kvu's version, each file's name, size, rows and SHA-256) and the
figures per unit and course (`trend --unit U` at as-of). One recording per date: the same inputs again
change nothing (exit 0); other inputs for a recorded date are an error unless --replace. A recording is
written whole or not at all; a second writer waits up to 60 s. Rows that do not change are stored once.

Examples:
  kvu record --history history.sqlite
  kvu --as-of 2026-05-31 --staff examples/staff.csv record --history history.sqlite
  kvu --history history.sqlite --recording 2026-05-31 gaps --summary   # what May's run printed
  kvu --history history.sqlite report --year 2026 --by unit   # leavers and purged completions too
  kvu --history history.sqlite diff --since 2026-05-31 --summary   # what changed since May";

#[derive(Debug, Clone, Args)]
pub struct RecordArgs {
    /// Replace the recording of as-of if there is one with other inputs
    #[arg(long)]
    pub replace: bool,
}

const HISTORY_HELP: &str = "\
CSV header: as_of,recorded_at,kvu_version,plan_sha256,staff_rows,completion_rows,units,inputs
(units: units with figures; inputs: kept or forgotten). --forget-before DATE is the store's retention
(gallring): the inputs (people, completions, exemptions) of every recording before DATE are deleted,
their figures and run facts kept, and the file compacted so that no forgotten name or id remains in it.

Examples:
  kvu history --history history.sqlite
  kvu history --history history.sqlite --forget-before 2024-01-01";

#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    /// Forget the recorded inputs of every recording dated before this date
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub forget_before: Option<Date>,
}

#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    /// A sessions file to check too (`session,date,seats`, as `kvu cohorts --sessions` reads it)
    #[arg(long, value_name = "FILE")]
    pub sessions: Option<String>,
    /// An allocation key to check too (`unit,weight`, as `kvu allocate --key` reads it)
    #[arg(long, value_name = "FILE")]
    pub key: Option<String>,
}

const UNITS_HELP: &str = "\
With a unit tree (--units): unit,name,parent,depth,staff, each unit followed by its sub-units (in the
tree file's order; depth 1 = the roots); staff = the people with a post in the unit or below it, each
once. Without one: unit,staff for the staff export's units, in code-point order. Needs no --plan and no
--completions; a plan given is read only for its columns: and titles:.

Examples:
  kvu units
  kvu units --format csv --output units-staff.csv";

const CONFIG_HELP: &str = "\
The configuration file is the one --config FILE or KVU_CONFIG names, else kvu.toml in the current
folder if there is one. Its keys are the global options' long names with _ for -: plan, staff,
completions, units, exemptions, history, as_of, lang, id_format, encoding, delimiter, format, excel,
excel_safe, strict, quiet, split_names (output, split and split_depth are given per run). Relative
paths are taken from the file's folder. A flag beats its KVU_* variable, which beats the file, which
beats the default.

  # kvu.toml
  plan = \"plan/vgr-2024.yaml\"
  staff = \"exports/staff.csv\"
  completions = \"exports/completions.csv\"
  lang = \"sv\"

Examples:
  kvu config                                 # option, value and source of each
  kvu config --format csv --lang sv          # option,value,source
  kvu --config examples/kvu.toml config      # the shipped examples' file
  kvu --config examples/kvu.toml gaps --summary";

const COMPLETIONS_HELP: &str = "\
Examples:
  kvu completions bash > ~/.local/share/bash-completion/completions/kvu
  kvu completions zsh > ~/.zfunc/_kvu       # with fpath+=(~/.zfunc) before compinit in ~/.zshrc
  kvu completions fish > ~/.config/fish/completions/kvu.fish";

const MAN_HELP: &str = "\
Examples:
  kvu man > ~/.local/share/man/man1/kvu.1   # then: man kvu";

/// The shells `kvu completions` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    #[value(alias = "pwsh")]
    Powershell,
}

#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// Which gaps count: shared by `gaps` and `priority`.
#[derive(Debug, Clone, Args)]
pub struct Scope {
    /// Only assignments in this unit (id or name) and, with a unit tree, the units below it
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    /// Only assignments with this role
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Only gaps of this course (its id or any of its codes)
    #[arg(long, value_name = "COURSE")]
    pub course: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct GapsArgs {
    #[command(flatten)]
    pub scope: Scope,
    /// Only rows with these statuses (overdue, expired, due; comma-separated or repeated)
    #[arg(long, value_name = "STATUS", value_delimiter = ',', value_parser = parse_status, conflicts_with = "summary")]
    pub status: Vec<GapStatus>,
    /// One row per unit and course with counts by state, instead of one row per gap
    #[arg(long)]
    pub summary: bool,
    /// Exit with code 1 when any overdue or expired gap is listed
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    Unit,
    Role,
    Level,
}

fn parse_year(text: &str) -> Result<i16, String> {
    match text.trim().parse::<i16>() {
        Ok(y) if (1001..=9999).contains(&y) => Ok(y),
        _ => Err(format!(
            "`{text}` is no year, expected four digits such as 2024"
        )),
    }
}

fn parse_period(text: &str) -> Result<Period, String> {
    Period::parse(text)
}

#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// The calendar year to count (completions after --as-of do not count yet)
    #[arg(long, value_name = "YYYY", value_parser = parse_year, required_unless_present = "period")]
    pub year: Option<i16>,
    /// Instead of --year: a tertial (2026-T1: January-April, T2 May-August, T3 September-December), a
    /// quarter (2026-Q1 to Q4) or days (2026-01-01..2026-03-15, both included)
    #[arg(long, value_name = "P", value_parser = parse_period, conflicts_with = "year")]
    pub period: Option<Period>,
    /// Who completed what instead of the counts: one row per completion counted (employee_id, name,
    /// unit, role, level, course, completed, session)
    #[arg(long, conflicts_with_all = ["by", "depth", "compare"])]
    pub people: bool,
    /// Only people with an assignment in this unit (id or name) and, with a unit tree, the units below it
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    /// One block of rows per unit, role or level (of each person's first staff row in scope)
    #[arg(long, value_enum, value_name = "GROUP")]
    pub by: Option<By>,
    /// With --by unit: roll units up to this level of the unit tree (1 = the top units)
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
    /// Add the year before and the coverage on the year's last day as CSV columns (previous_year,
    /// previous_year_participants, ..., coverage_percent), as the table shows them
    #[arg(long)]
    pub compare: bool,
}

#[derive(Debug, Clone, Args)]
pub struct PersonArgs {
    /// The person's employee id (compared as --id-format says)
    #[arg(value_name = "ID")]
    pub id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PriorityBy {
    Unit,
}

#[derive(Debug, Clone, Args)]
pub struct PriorityArgs {
    #[command(flatten)]
    pub scope: Scope,
    /// Keep the first N gaps of each course
    #[arg(long, value_name = "N")]
    pub seats: Option<usize>,
    /// One row per unit with its gaps per tier, the most urgent units first
    #[arg(long, value_enum, value_name = "GROUP")]
    pub by: Option<PriorityBy>,
}

const TREND_HELP: &str = "\
What trend cannot know: the staff export is today's. People who left before a month's end are not in
it, so they are missing from that month; people who changed post count with today's post. A person
counts from their start_date (an empty start_date: always). Completions and exemptions are taken as on
each date.

With --history FILE, a month that holds a recording takes its point from the latest recording of the
month on or before it (its staff, completions, exemptions, tree and plan, as of its date), and a last
column `recorded` gives that recording's date (empty: derived from today's exports). --from may reach
back to the first recording.

Examples:
  kvu trend                                  # the last 24 months up to --as-of's month
  kvu trend --from 2025-01 --course kvu-chef --format csv
  kvu trend --unit F01 --role chef";

fn parse_month(text: &str) -> Result<Month, String> {
    Month::parse(text)
        .ok_or_else(|| format!("`{text}` is no month, expected YYYY-MM such as 2025-06"))
}

#[derive(Debug, Clone, Args)]
pub struct TrendArgs {
    #[command(flatten)]
    pub scope: Scope,
    /// The first month [default: 23 months before --to]
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub from: Option<Month>,
    /// The last month, at the latest --as-of's month (its point is --as-of itself) [default: --as-of's month]
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub to: Option<Month>,
}

const FORECAST_HELP: &str = "\
Per month and course: backlog (overdue or expired now, first month only), due (a due date or renewal
deadline in the month), lapsing (a valid completion's renewal deadline in the month), exemptions_ending,
new_staff (the last 12 full months' starters spread evenly, falling due due_months after they start),
and seats, their sum. Seats / session size gives the number of sessions; `kvu cohorts` fills them.

Examples:
  kvu forecast                               # the 12 months from --as-of's month
  kvu forecast --months 6 --course kvu-chef --format csv";

fn parse_months(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=120).contains(&n) => Ok(n),
        _ => Err(format!(
            "`{text}` is no number of months, expected a whole number from 1 to 120"
        )),
    }
}

#[derive(Debug, Clone, Args)]
pub struct ForecastArgs {
    #[command(flatten)]
    pub scope: Scope,
    /// How many months, from --as-of's month (1 to 120)
    #[arg(long, value_name = "N", default_value = "12", value_parser = parse_months)]
    pub months: u32,
}

const DIFF_HELP: &str = "\
The same exports are read once and bound to both plans, both on --as-of. Courses are matched between
the plans by id; each plan maps its own codes, roles and levels. A state is `not required` where a plan
does not require the course, else met, exempt, overdue, due or expired as `kvu gaps` says.

With --since DATE (and --history), `before` is the state under that recording's inputs (its plan, its
exports) at its date, `after` the state under today's at --as-of; `not required` also stands for not
being in the staff export (newcomers before, leavers after).

Examples:
  kvu diff --old-plan plan/vgr-2019.yaml --summary
  kvu diff --old-plan plan/vgr-2019.yaml --course kvu-15hp --format csv";

#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The plan as it was (or as it is, with --plan the revised one): checked as fully as --plan
    #[arg(long, value_name = "FILE")]
    pub old_plan: Option<String>,
    /// What changed since the recording of this date in --history (instead of --old-plan)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub since: Option<Date>,
    #[command(flatten)]
    pub scope: Scope,
    /// Count each pair of states per course (unchanged pairs included) instead of listing people
    #[arg(long)]
    pub summary: bool,
}

#[derive(Debug, Clone, Args)]
pub struct AllocateArgs {
    /// The course whose seats are shared (its id or any of its codes)
    #[arg(long, value_name = "COURSE")]
    pub course: String,
    /// How many seats there are
    #[arg(long, value_name = "N")]
    pub seats: u64,
    /// Share among the units directly below this one (id or name) instead of the top units
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    /// Share among the units at this level of the unit tree (1 = the top units)
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
    /// Share by this key `unit,weight` (CSV or a workbook, FILE#Sheet) instead of by each unit's gaps
    #[arg(long, value_name = "FILE")]
    pub key: Option<String>,
    /// List the people chosen to fill each unit's seats, in its priority order
    #[arg(long)]
    pub people: bool,
}

const COHORTS_HELP: &str = "\
The sessions file is CSV or a workbook with `session,date,seats` (found by header; other columns,
such as place, are kept for display). Sessions dated before --as-of are left out with a warning;
the others are filled in date order (ties: file order), each seat with the candidate of
`kvu priority --course C` who comes first by tier, due date, how many of their unit already sit in
the session, then rank. A unit at its cap waits for a later session. `--format ics` (or `--output FILE.ics`) writes one
calendar event per session with its attendees.

Examples:
  kvu cohorts --course kvu-chef --sessions examples/sessions.csv
  kvu cohorts --course kvu-chef --sessions examples/sessions.csv --max-away 10 --format csv
  kvu cohorts --course kvu-chef --sessions examples/sessions.csv --max-per-unit 2 --output c.ics";

fn parse_max_per_unit(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(n) if n >= 1 && text.trim().bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(format!(
            "`{text}` is no number of people, expected a whole number of 1 or more"
        )),
    }
}

/// A percentage from 0 to 100 (`10`, `12.5`, `10%`), in whole millionths of a percent.
fn parse_percent(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim_end();
    match crate::load::weights::parse_weight(t) {
        Some(p) if p <= 100 * crate::load::weights::SCALE => Ok(p),
        _ => Err(format!(
            "`{text}` is no percentage, expected a number from 0 to 100 (such as 10 or 12.5)"
        )),
    }
}

#[derive(Debug, Clone, Args)]
pub struct CohortsArgs {
    /// The course whose sessions are filled (its id or any of its codes)
    #[arg(long, value_name = "COURSE")]
    pub course: String,
    /// The sessions `session,date,seats` (CSV or a workbook, FILE#Sheet; other columns, such as
    /// place, kept for display)
    #[arg(long, value_name = "FILE")]
    pub sessions: String,
    /// Only assignments in this unit (id or name) and, with a unit tree, the units below it
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    /// Only assignments with this role
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// At most N people of one unit in a session
    #[arg(long, value_name = "N", value_parser = parse_max_per_unit, conflicts_with = "max_away")]
    pub max_per_unit: Option<u64>,
    /// At most P percent of a unit's staff in a session (rounded down, at least one)
    #[arg(long, value_name = "P", value_parser = parse_percent)]
    pub max_away: Option<u64>,
}

const SITE_HELP: &str = "\
Writes index.html (the whole organisation), one page per unit (with a unit tree down to --depth; the
same units as --split unit), all_units.html (every unit, with a filter box) and index.csv into the
folder --output DIR, whole or not at all. Each page shows coverage per course, the last 24 months'
trend, the sub-units ranked by overdue + expired, the report for --year beside the year before and,
unless --no-names, the first 500 gaps in priority order; it carries the same figures as JSON in
<script type=\"application/json\" id=\"kvu-data\">. The pages need no network, no server and no
JavaScript.

Examples:
  kvu site --output site
  kvu site --output site-sv --year 2025 --depth 3 --no-names --lang sv";

#[derive(Debug, Clone, Args)]
pub struct SiteArgs {
    /// The year of the annual report, shown beside the year before [default: --as-of's year]
    #[arg(long, value_name = "YYYY", value_parser = parse_year)]
    pub year: Option<i16>,
    /// With a unit tree: pages for the units down to this depth (1 = the roots) [default: all]
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
    /// Leave out the list of gaps with people's names (the figures stay)
    #[arg(long)]
    pub no_names: bool,
}
