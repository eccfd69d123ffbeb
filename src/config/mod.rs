//! The command line made one validated [`Request`], once: which files to read and how (the sessions
//! file and the allocation key among them), the as-of date, the job with its checked parameters
//! ([`job`]), the format and where output goes. Below this module nobody sees a clap type: commands and
//! the loader read the request, never the raw flags. The
//! flags are first laid over the `KVU_*` variables and `kvu.toml` ([`layers`], [`file`]).

pub mod file;
pub mod job;
pub mod layers;

use anyhow::{Result, bail};

use crate::cli::{
    Command, EncodingArg, Format as FormatArg, Global, IdFormatArg, LangArg, SplitNamesArg,
};
use crate::date;
use crate::load::ids::{IdFormat, Normalised};
use crate::load::path::InputPath;
use crate::load::{Encoding, LoadOptions, Paths};
use crate::output::csv::CsvOptions;
use crate::output::{Format, RenderOptions};

pub use job::Job;

/// Everything a run needs to know from its command line: which inputs to read and how, what to do
/// with them, and where and how the output goes.
#[derive(Debug, Clone)]
pub struct Request {
    /// The input files (the sessions file and the key among them) and how to read them.
    pub inputs: LoadOptions,
    pub job: Job,
    pub output: Output,
    /// `--strict`: warnings are errors.
    pub strict: bool,
    /// `report` with `--history` (and no `--recording`): the store whose recordings it adds.
    pub history: Option<String>,
}

/// Where and how the output goes.
#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    /// `--output`: a file (a folder with `--split` or `kvu site`), or standard output when `None`.
    pub target: Option<String>,
    /// `--quiet`: no warnings on standard error.
    pub quiet: bool,
    pub render: RenderOptions,
    /// `--split unit`: one file per unit into the folder `--output`, down to this depth (`None`: all).
    pub split: Option<Split>,
}

/// `--split unit [--split-depth N] [--split-names id|name]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    pub depth: Option<usize>,
    /// What the files are named after.
    pub names: SplitNames,
}

/// `--split-names`: what each file of a split is named after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SplitNames {
    /// The unit's id: stable across renames, for scripts.
    #[default]
    Id,
    /// The unit's name from the tree (its id where it has none): what a manager reads.
    Name,
}

/// The format: `--format`, `--excel` (CSV), or `--output`'s extension; they must agree.
fn format_of(g: &Global) -> Result<Format> {
    let asked = g.format.map(|f| match f {
        FormatArg::Table => Format::Table,
        FormatArg::Csv => Format::Csv,
        FormatArg::Json => Format::Json,
        FormatArg::Xlsx => Format::Xlsx,
        FormatArg::Html => Format::Html,
        FormatArg::Ics => Format::Ics,
    });
    if g.excel && asked.is_some_and(|f| f != Format::Csv) {
        bail!(
            "--excel writes CSV for Excel, but --format is {}, expected --format csv or no --format",
            asked.map_or("", Format::name)
        );
    }
    let asked = if g.excel { Some(Format::Csv) } else { asked };
    // A --split folder's name says nothing of the format.
    let output = given(&g.output).filter(|o| o != "-" && g.split.is_none());
    let Some(output) = output else {
        return Ok(asked.unwrap_or(Format::Table));
    };
    match (Format::of_extension(&output), asked) {
        (Ok(from_name), None) => Ok(from_name),
        (Ok(from_name), Some(f)) if from_name != f && has_extension(&output) => bail!(
            "--output `{output}` names a .{} file, but the format is {} (from {}), expected them to agree: change the file name or drop --format",
            from_name.extension(),
            f.name(),
            if g.excel { "--excel" } else { "--format" }
        ),
        (_, Some(f)) => Ok(f),
        (Err(ext), None) => bail!(
            "--output `{output}` has the extension `.{ext}`, which names no format, expected .csv, .json, .xlsx, .html, .htm or .txt, or a --format"
        ),
    }
}

/// Whether a file name has an extension (`gaps.csv`, not `gaps` or `.hidden`).
pub(crate) fn has_extension(path: &str) -> bool {
    std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .and_then(|n| n.rsplit_once('.').map(|(stem, _)| !stem.is_empty()))
        .unwrap_or(false)
}

/// A path option: an empty value (an empty environment variable) is no value.
fn given(value: &Option<String>) -> Option<String> {
    value.clone().filter(|v| !v.is_empty())
}

impl Request {
    /// The request of a parsed command line, its global options already laid over the `KVU_*`
    /// variables and `kvu.toml`. `None` for `completions` and `man`, which read nothing.
    pub fn new(command: &Command, g: &Global) -> Result<Option<Request>> {
        let Some(job) = job::of(command, g).map_err(anyhow::Error::msg)? else {
            return Ok(None);
        };
        let recording = match (g.recording, &g.history) {
            (None, _) => None,
            (Some(_), _) if matches!(job, Job::Record(_) | Job::History(_)) => bail!(
                "--recording reads a recording, expected it with a command that reads inputs, not record or history"
            ),
            (Some(date), Some(store)) if !store.is_empty() => Some((store.clone(), date)),
            (Some(_), _) => bail!(
                "--recording reads the history store, expected --history FILE (or KVU_HISTORY, or `history` in kvu.toml) beside it"
            ),
        };
        // `kvu site`'s --output is a folder: its name says nothing of the format.
        let mut g = g.clone();
        let site_folder = match job {
            Job::Site(_) if g.split.is_none() => g.output.take(),
            _ => None,
        };
        let format = format_of(&g)?;
        if g.split.is_some() && given(&g.output).is_none_or(|o| o == "-") {
            bail!("--split unit writes one file per unit into a folder, expected --output DIR");
        }
        let (sessions, key, old_plan) = match (&job, command) {
            (Job::Cohorts(c), _) => (Some(c.sessions.clone()), None, None),
            (Job::Allocate(a), _) => (None, a.key.clone(), None),
            (Job::Diff(d), _) => (None, None, d.old_plan.clone()),
            (Job::Validate, Command::Validate(v)) => (given(&v.sessions), given(&v.key), None),
            _ => (None, None, None),
        };
        let g = &g;
        let as_of = recording
            .as_ref()
            .map(|r| r.1)
            .or(g.as_of)
            .unwrap_or_else(date::today_in_stockholm);
        let id_format = match g.id_format.unwrap_or(IdFormatArg::Text) {
            IdFormatArg::Text => IdFormat::Text,
            IdFormatArg::Number => IdFormat::Number,
            IdFormatArg::Personnummer => IdFormat::Personnummer,
        };
        let mut job = job;
        // `trend` and `site` look back over the history store when one is given; with `--recording`
        // they print what that day's run printed.
        let look_back = given(&g.history)
            .filter(|_| recording.is_none())
            .map(|store| job::LookBack { store, id_format });
        match &mut job {
            Job::Trend(t) => t.history = look_back,
            Job::Site(s) => s.history = look_back,
            _ => {}
        }
        if let Job::Person(p) = &mut job {
            // The id compares as the exports' ids do; one that is no id of the format stays as given.
            if let Normalised::Ok(id) | Normalised::Warn(id, _) = id_format.normalise(&p.id, as_of)
            {
                p.key = id.into_owned();
            }
        }
        // `report --history` adds the recordings; on a recording, it prints what that run printed.
        let history = match (&job, &recording) {
            (Job::Report(_), None) => given(&g.history),
            _ => None,
        };
        Ok(Some(Request {
            inputs: LoadOptions {
                paths: Paths {
                    plan: given(&g.plan).map(InputPath::new),
                    staff: given(&g.staff).map(InputPath::new),
                    completions: given(&g.completions).map(InputPath::new),
                    units: given(&g.units).map(InputPath::new),
                    exemptions: given(&g.exemptions).map(InputPath::new),
                    old_plan: old_plan.map(InputPath::new),
                    sessions: sessions.map(InputPath::new),
                    key: key.map(InputPath::new),
                },
                encoding: match g.encoding {
                    None | Some(EncodingArg::Auto) => Encoding::Auto,
                    Some(EncodingArg::Utf8) => Encoding::Utf8,
                    Some(EncodingArg::Windows1252) => Encoding::Windows1252,
                },
                delimiter: g.delimiter,
                as_of,
                id_format,
                recording,
            },
            history,
            job,
            strict: g.strict,
            output: Output {
                format,
                target: site_folder.or_else(|| given(&g.output)),
                quiet: g.quiet,
                render: RenderOptions {
                    csv: CsvOptions {
                        excel_safe: g.excel_safe,
                        excel: g.excel,
                    },
                    lang: g.lang.unwrap_or(LangArg::En).into(),
                    width: crate::output::text::width(given(&g.output).is_some_and(|o| o != "-")),
                },
                split: g.split.map(|_| Split {
                    depth: g.split_depth,
                    names: match g.split_names {
                        Some(SplitNamesArg::Name) => SplitNames::Name,
                        Some(SplitNamesArg::Id) | None => SplitNames::Id,
                    },
                }),
            },
        }))
    }

    /// The as-of date: `--as-of`, else today in Europe/Stockholm.
    pub fn as_of(&self) -> jiff::civil::Date {
        self.inputs.as_of
    }

    /// Each input file the run names, with its option: `--output` must be none of them, and at most one
    /// may be standard input.
    pub fn input_files(&self) -> Vec<(&'static str, &InputPath)> {
        self.inputs.paths.given()
    }
}
