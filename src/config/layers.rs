//! Where each global option's value comes from: a flag beats its environment variable, which beats
//! `kvu.toml`, which beats the default. A flag given means its variable is never read, so a bad
//! variable under a flag is no error; a bad variable is an error naming the variable, a bad file value
//! one naming the file and its line. The result is the options as if all had been flags (the paths of
//! the file taken from its folder), with each value's source for `kvu config`.
//!
//! The format and `excel` are one choice: a command line that decides the format (`--format`,
//! `--excel`, or an `--output` whose extension names one) sets both aside in the file, except that the
//! file's `excel = true` still makes CSV for Excel when the command line asks for CSV.

use std::ffi::OsString;
use std::fmt;

use clap::ValueEnum;

use super::file::{ConfigFile, Value};
use crate::cli::{EncodingArg, Format as FormatArg, Global, IdFormatArg, LangArg, SplitNamesArg};

/// The variable that names `kvu.toml`.
pub const CONFIG_ENV: &str = "KVU_CONFIG";
/// The file read when neither `--config` nor `KVU_CONFIG` names one, if the current folder has it.
pub const DEFAULT_FILE: &str = "kvu.toml";

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A flag on the command line (`--plan`).
    Flag(&'static str),
    /// An environment variable (`KVU_PLAN`).
    Env(&'static str),
    /// A line of the configuration file.
    File {
        name: String,
        line: usize,
    },
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) | Source::Env(flag) => f.write_str(flag),
            Source::File { name, line } => write!(f, "{name}:{line}"),
            Source::Default => f.write_str("default"),
        }
    }
}

/// One option in effect: its key in `kvu.toml`, its value as written there, and its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub key: &'static str,
    pub value: String,
    pub source: Source,
}

/// Why the options cannot be taken: a variable (a usage error) or the configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bad {
    Usage(String),
    File(String),
}

/// The global options in effect and where each came from.
#[derive(Debug, Clone)]
pub struct Layered {
    pub global: Global,
    pub settings: Vec<Setting>,
}

/// An error reading an input whose name came from a variable or the configuration file says so
/// (`staff.csv: cannot read the file: ..., named by KVU_STAFF`): the flag is not where to look.
pub fn blame(settings: &[Setting], message: String) -> String {
    let named = settings.iter().find(|s| {
        matches!(s.source, Source::Env(_) | Source::File { .. })
            && !s.value.is_empty()
            && message
                .strip_prefix(s.value.as_str())
                .is_some_and(|rest| rest.starts_with(": cannot read"))
    });
    match named {
        Some(s) => format!("{message}, named by {}", s.source),
        None => message,
    }
}

/// Reads the variables through `env` (the process's environment, or a test's) and the configuration
/// file, and lays them under the flags. `fixed_format`: the command writes one format of its own
/// (`kvu site`), so the file's `format` and `excel` are set aside.
pub fn resolve(
    flags: &Global,
    env: &dyn Fn(&str) -> Option<OsString>,
    fixed_format: bool,
) -> Result<Layered, Bad> {
    let mut layers = Layers {
        env,
        file: None,
        settings: Vec::new(),
    };
    layers.file = layers.config_file(flags)?;
    let mut g = flags.clone();
    g.plan = layers.path("plan", "--plan", &flags.plan, "KVU_PLAN")?;
    g.staff = layers.path("staff", "--staff", &flags.staff, "KVU_STAFF")?;
    g.completions = layers.path(
        "completions",
        "--completions",
        &flags.completions,
        "KVU_COMPLETIONS",
    )?;
    g.units = layers.path("units", "--units", &flags.units, "KVU_UNITS")?;
    g.exemptions = layers.path(
        "exemptions",
        "--exemptions",
        &flags.exemptions,
        "KVU_EXEMPTIONS",
    )?;
    g.history = layers.path("history", "--history", &flags.history, "KVU_HISTORY")?;
    // `--recording DATE` runs as of its date: a flag beside it is an error, a variable's or the file's
    // as-of is set aside (the flag beats them, as any flag does).
    if flags.recording.is_some() && flags.as_of.is_some() {
        return Err(Bad::Usage(
            "--recording runs as of the recording's date, expected no --as-of beside it".into(),
        ));
    }
    let as_of = Pick::new("as_of", "--as-of", flags.as_of).env("KVU_AS_OF");
    g.as_of = layers.choose(as_of, parse_date, |d| d.to_string())?;
    let lang = Pick::new("lang", "--lang", flags.lang).env("KVU_LANG");
    g.lang = layers.choose(lang, choice::<LangArg>("language"), name_of)?;
    let id_format = Pick::new("id_format", "--id-format", flags.id_format).env("KVU_ID_FORMAT");
    g.id_format = layers.choose(id_format, choice::<IdFormatArg>("id format"), name_of)?;
    let encoding = Pick::new("encoding", "--encoding", flags.encoding);
    g.encoding = layers.choose(encoding, choice::<EncodingArg>("encoding"), name_of)?;
    let delimiter = Pick::new("delimiter", "--delimiter", flags.delimiter);
    g.delimiter = layers.choose(delimiter, crate::cli::parse_delimiter, |&d| {
        if d == b'\t' {
            "tab".into()
        } else {
            char::from(d).to_string()
        }
    })?;
    (g.format, g.excel) = layers.format(flags, fixed_format)?;
    g.excel_safe = layers.flag("excel_safe", "--excel-safe", flags.excel_safe)?;
    g.strict = layers.flag("strict", "--strict", flags.strict)?;
    g.quiet = layers.flag("quiet", "--quiet", flags.quiet)?;
    let split_names = Pick::new("split_names", "--split-names", flags.split_names);
    g.split_names = layers.choose(split_names, choice::<SplitNamesArg>("split name"), name_of)?;
    Ok(Layered {
        global: g,
        settings: layers.settings,
    })
}

/// One option to pick: its key, its flag and variable, and the flag's value.
struct Pick<T> {
    key: &'static str,
    flag_name: &'static str,
    env: Option<&'static str>,
    flag: Option<T>,
}

impl<T> Pick<T> {
    fn new(key: &'static str, flag_name: &'static str, flag: Option<T>) -> Pick<T> {
        Pick {
            key,
            flag_name,
            env: None,
            flag,
        }
    }

    fn env(self, name: &'static str) -> Pick<T> {
        Pick {
            env: Some(name),
            ..self
        }
    }
}

struct Layers<'a> {
    env: &'a dyn Fn(&str) -> Option<OsString>,
    file: Option<ConfigFile>,
    settings: Vec<Setting>,
}

impl Layers<'_> {
    /// A variable's text: `None` when unset or empty; text that is not UTF-8 is an error naming it.
    fn var(&self, name: &'static str) -> Result<Option<String>, Bad> {
        match (self.env)(name).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v.into_string().map(Some).map_err(|v| {
                Bad::Usage(format!(
                    "{name}: `{}` is not UTF-8 text, expected a value kvu can read",
                    v.to_string_lossy()
                ))
            }),
        }
    }

    /// The configuration file: `--config`, else `KVU_CONFIG` (each must exist), else `kvu.toml` in
    /// the current folder if there is one.
    fn config_file(&mut self, flags: &Global) -> Result<Option<ConfigFile>, Bad> {
        let named = match flags.config.clone().filter(|c| !c.is_empty()) {
            Some(name) => Some((name, Source::Flag("--config"))),
            None => self.var(CONFIG_ENV)?.map(|n| (n, Source::Env(CONFIG_ENV))),
        };
        let (name, source) = match named {
            Some(named) => named,
            None if std::path::Path::new(DEFAULT_FILE).exists() => {
                (DEFAULT_FILE.to_string(), Source::Default)
            }
            None => {
                self.show("config", String::new(), Source::Default);
                return Ok(None);
            }
        };
        let text = std::fs::read_to_string(&name).map_err(|e| {
            let named = match &source {
                Source::Default => String::new(),
                s => format!(", expected the configuration file that {s} names"),
            };
            Bad::File(format!("{name}: cannot read the file: {e}{named}"))
        })?;
        let file = ConfigFile::parse(&name, &text).map_err(Bad::File)?;
        self.show("config", name, source);
        Ok(Some(file))
    }

    fn show(&mut self, key: &'static str, value: String, source: Source) {
        self.settings.push(Setting { key, value, source });
    }

    /// The file's entry for a key, as text, with where it is.
    fn file_text(&self, key: &str) -> Option<(String, Source)> {
        let file = self.file.as_ref()?;
        let entry = file.get(key)?;
        let text = match &entry.value {
            Value::Text(t) => t.clone(),
            Value::Bool(b) => b.to_string(),
        };
        let source = Source::File {
            name: file.name.clone(),
            line: entry.line,
        };
        Some((text, source))
    }

    /// An option's value: the flag, else its variable, else the file, else none (the default).
    fn choose<T>(
        &mut self,
        pick: Pick<T>,
        parse: impl Fn(&str) -> Result<T, String>,
        show: impl Fn(&T) -> String,
    ) -> Result<Option<T>, Bad> {
        let Pick {
            key,
            flag_name,
            env,
            flag,
        } = pick;
        if let Some(value) = flag {
            self.show(key, show(&value), Source::Flag(flag_name));
            return Ok(Some(value));
        }
        if let Some(name) = env
            && let Some(text) = self.var(name)?
        {
            let value = parse(&text).map_err(|e| Bad::Usage(format!("{name}: {e}")))?;
            self.show(key, show(&value), Source::Env(name));
            return Ok(Some(value));
        }
        if let Some((text, source)) = self.file_text(key) {
            let value = parse(&text).map_err(|e| Bad::File(format!("{source}: {key}: {e}")))?;
            self.show(key, show(&value), source);
            return Ok(Some(value));
        }
        self.show(key, String::new(), Source::Default);
        Ok(None)
    }

    /// A path option: the flag, else its variable, else the file's (from the file's folder).
    fn path(
        &mut self,
        key: &'static str,
        flag_name: &'static str,
        flag: &Option<String>,
        env: &'static str,
    ) -> Result<Option<String>, Bad> {
        let pick = Pick::new(key, flag_name, flag.clone()).env(env);
        let value = self.choose(pick, |t| Ok(t.to_string()), String::clone)?;
        let Some(setting) = self.settings.last_mut() else {
            return Ok(value);
        };
        match (&setting.source, &self.file, value) {
            (Source::File { .. }, Some(file), Some(v)) => {
                setting.value = file.path(&v);
                Ok(Some(setting.value.clone()))
            }
            (_, _, value) => Ok(value),
        }
    }

    /// A switch: the flag when given, else the file's `true` or `false`, else off.
    fn flag(
        &mut self,
        key: &'static str,
        flag_name: &'static str,
        flag: bool,
    ) -> Result<bool, Bad> {
        let pick = Pick::new(key, flag_name, flag.then_some(true));
        let on = self.choose(pick, parse_bool, bool::to_string)?;
        if on.is_none() {
            self.settings.last_mut().expect("just shown").value = "false".into();
        }
        Ok(on.unwrap_or(false))
    }

    /// `format` and `excel` (see the module's doc).
    fn format(
        &mut self,
        flags: &Global,
        fixed_format: bool,
    ) -> Result<(Option<FormatArg>, bool), Bad> {
        let output = flags
            .output
            .as_deref()
            .filter(|o| !o.is_empty() && *o != "-" && flags.split.is_none())
            .filter(|o| super::has_extension(o))
            .and_then(|o| crate::output::Format::of_extension(o).ok());
        let decided: Option<(bool, &'static str)> = if let Some(f) = flags.format {
            Some((f == FormatArg::Csv, "--format"))
        } else if flags.excel {
            Some((true, "--excel"))
        } else if let Some(f) = output {
            Some((f == crate::output::Format::Csv, "--output"))
        } else if fixed_format {
            Some((false, "kvu site"))
        } else {
            None
        };
        let file_excel = self.file_text("excel");
        let file_format = self.file_text("format");
        let Some((csv, by)) = decided else {
            let format = Pick::new("format", "--format", None);
            let format = self.choose(format, choice::<FormatArg>("format"), name_of)?;
            let excel = self.flag("excel", "--excel", false)?;
            if excel && format.is_some_and(|f| f != FormatArg::Csv) {
                // Both come from the file: no flag decided the format.
                let at = file_excel.map(|(_, at)| at.to_string()).unwrap_or_default();
                let text = file_format.map(|(text, _)| text).unwrap_or_default();
                return Err(Bad::File(format!(
                    "{at}: excel = true writes CSV for Excel, but format is \"{text}\", expected format = \"csv\" or no format"
                )));
            }
            return Ok((format, excel));
        };
        let shown = match (flags.format, flags.excel, output) {
            (Some(f), _, _) => name_of(&f),
            (None, true, _) => "csv".into(),
            (None, false, Some(f)) => f.name().into(),
            _ => "html".into(),
        };
        self.show("format", shown, Source::Flag(by));
        let excel = match file_excel {
            _ if flags.excel => Some((true, Source::Flag("--excel"))),
            Some((text, source)) if csv => Some((text == "true", source)),
            Some(_) => Some((false, Source::Flag(by))),
            None => None,
        };
        let (on, source) = excel.unwrap_or((false, Source::Default));
        self.show("excel", on.to_string(), source);
        Ok((flags.format, on))
    }
}

/// A date: `YYYY-MM-DD` (or an ISO date-time).
fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    crate::date::parse(text).map_err(|e| e.describe(text))
}

fn parse_bool(text: &str) -> Result<bool, String> {
    match text {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("`{text}` is no boolean, expected true or false")),
    }
}

/// One of a choice's names (or aliases), as the flag takes them.
fn choice<T: ValueEnum + Clone>(what: &'static str) -> impl Fn(&str) -> Result<T, String> {
    move |text| {
        T::value_variants()
            .iter()
            .find(|v| {
                v.to_possible_value()
                    .is_some_and(|p| p.matches(text, false))
            })
            .cloned()
            .ok_or_else(|| {
                let names: Vec<String> = T::value_variants().iter().map(name_of).collect();
                let (last, rest) = names.split_last().expect("a choice has names");
                format!(
                    "`{text}` is no {what}, expected {} or {last}",
                    rest.join(", ")
                )
            })
    }
}

/// A choice's name as its flag takes it (`utf-8`, `personnummer`).
fn name_of<T: ValueEnum>(value: &T) -> String {
    value
        .to_possible_value()
        .map(|p| p.get_name().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn flags(args: &[&str]) -> Global {
        let args = ["kvu"].iter().chain(args).chain(&["units"]);
        crate::cli::Cli::try_parse_from(args).unwrap().global
    }

    #[test]
    fn a_flag_is_taken_before_its_variable_is_read() {
        let g = flags(&["--lang", "sv", "--as-of", "2026-06-30", "--plan", "p.yaml"]);
        let env = |name: &str| match name {
            "KVU_LANG" | "KVU_AS_OF" | "KVU_PLAN" => panic!("{name} read under its flag"),
            _ => None,
        };
        let layered = resolve(&g, &env, false).unwrap();
        assert_eq!(layered.global.lang, Some(LangArg::Sv));
        let lang = layered.settings.iter().find(|s| s.key == "lang").unwrap();
        assert_eq!(
            (lang.value.as_str(), lang.source.to_string()),
            ("sv", "--lang".to_string())
        );
    }

    #[test]
    fn an_empty_variable_is_none_and_a_set_one_is_its_source() {
        let env = |name: &str| match name {
            "KVU_LANG" => Some(OsString::new()),
            "KVU_ID_FORMAT" => Some("personnummer".into()),
            _ => None,
        };
        let layered = resolve(&flags(&[]), &env, false).unwrap();
        assert_eq!(layered.global.lang, None);
        assert_eq!(layered.global.id_format, Some(IdFormatArg::Personnummer));
        let source = |key| {
            let s = layered.settings.iter().find(|s| s.key == key).unwrap();
            s.source.to_string()
        };
        assert_eq!(source("lang"), "default");
        assert_eq!(source("id_format"), "KVU_ID_FORMAT");
    }
}
