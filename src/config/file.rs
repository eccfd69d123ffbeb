//! `kvu.toml`: the global options that a folder's runs share, so that a cron job can be
//! `cd /srv/kvu && kvu gaps --check` with nothing in its environment.
//!
//! The file is the one `--config FILE` or `KVU_CONFIG` names, else `kvu.toml` in the current folder if
//! there is one. Its keys are the global options' long names with `_` for `-` ([`KEYS`]); each is read
//! with its line, so that `kvu config` can say where a value came from. An unknown key, a value of the
//! wrong type, a duplicate key or a table is an error `FILE:LINE: what, expected what`. Relative paths
//! are taken from the file's folder. Which value wins (flag, variable, file, default) is
//! [`super::layers`]'s business; here only what the file says.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Spanned;

/// What a key's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A file name, taken from the file's folder when relative.
    Path,
    /// A string (a choice such as `lang = "sv"`, checked by [`super::layers`]).
    Text,
    /// A date: `as_of = 2026-06-30` or `as_of = "2026-06-30"`.
    Date,
    /// `true` or `false`.
    Bool,
}

/// The keys `kvu.toml` takes and what each holds, in the order `kvu config` lists them. These are the
/// global options that say where the inputs are and how to read them and print; those that say what one
/// run writes (`output`, `split`, `split_depth`) and `config` itself are given per run ([`PER_RUN`]).
/// `history` (`--history FILE`, `KVU_HISTORY`) is the history store.
pub const KEYS: [(&str, Kind); 17] = [
    ("plan", Kind::Path),
    ("staff", Kind::Path),
    ("completions", Kind::Path),
    ("units", Kind::Path),
    ("exemptions", Kind::Path),
    ("history", Kind::Path),
    ("as_of", Kind::Date),
    ("lang", Kind::Text),
    ("id_format", Kind::Text),
    ("encoding", Kind::Text),
    ("delimiter", Kind::Text),
    ("format", Kind::Text),
    ("excel", Kind::Bool),
    ("excel_safe", Kind::Bool),
    ("strict", Kind::Bool),
    ("quiet", Kind::Bool),
    ("split_names", Kind::Text),
];

/// Global options that each run gives on its command line, never in `kvu.toml`.
const PER_RUN: [&str; 4] = ["output", "split", "split_depth", "config"];

/// A value as the file gives it (a date already as its text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Bool(bool),
}

/// One key's value and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub value: Value,
    pub line: usize,
}

/// A `kvu.toml` as read: its name as given and its entries by key.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// The file as named (`kvu.toml`, `--config etc/kvu.toml`), for messages and sources.
    pub name: String,
    /// Its folder, from which relative paths are taken (empty: the current folder).
    folder: PathBuf,
    entries: BTreeMap<&'static str, Entry>,
}

impl ConfigFile {
    /// The entries of `text`, the file `name`'s content.
    pub fn parse(name: &str, text: &str) -> Result<ConfigFile, String> {
        let at = |span: Option<std::ops::Range<usize>>| {
            let line = span.map_or(1, |s| line_of(text, s.start));
            format!("{name}:{line}")
        };
        let table: BTreeMap<Spanned<String>, Spanned<toml::Value>> =
            toml::from_str(text).map_err(|e| match e.message() {
                "duplicate key" => {
                    let key = e.span().map_or("", |s| text[s].trim());
                    format!(
                        "{}: duplicate key `{key}`, expected each key once",
                        at(e.span())
                    )
                }
                // The parser's own words say what it expected (`invalid basic string, expected `"``).
                message => format!("{}: {message}", at(e.span())),
            })?;
        // In the order of the file, so that the first mistake is the one said.
        let mut pairs: Vec<_> = table.into_iter().collect();
        pairs.sort_by_key(|(key, _)| key.span().start);
        let mut entries = BTreeMap::new();
        for (key, value) in pairs {
            let line = line_of(text, key.span().start);
            let place = format!("{name}:{line}");
            let (key, kind) = known(key.get_ref()).map_err(|e| format!("{place}: {e}"))?;
            let raw = text[value.span()].trim();
            let value = typed(kind, value.into_inner())
                .ok_or_else(|| format!("{place}: {key} = {raw} is {}", expected(kind)))?;
            entries.insert(key, Entry { value, line });
        }
        let folder = Path::new(name).parent().unwrap_or(Path::new("")).to_owned();
        Ok(ConfigFile {
            name: name.to_string(),
            folder,
            entries,
        })
    }

    /// The entry of `key`, if the file has one.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }

    /// A path the file gives, as it is from the current folder: relative ones from the file's folder
    /// (`-`, standard input, stays as it is).
    pub fn path(&self, value: &str) -> String {
        if value == "-" || value.is_empty() {
            return value.to_string();
        }
        self.folder.join(value).to_string_lossy().into_owned()
    }
}

/// The key as `kvu.toml` knows it, or what is wrong with it.
fn known(key: &str) -> Result<(&'static str, Kind), String> {
    if let Some(&(key, kind)) = KEYS.iter().find(|(k, _)| *k == key) {
        return Ok((key, kind));
    }
    let keys = KEYS.map(|(k, _)| k).join(", ");
    if PER_RUN.contains(&key) {
        return Err(format!(
            "`{key}` is given per run, on the command line, not in the file, expected one of {keys}"
        ));
    }
    let near = KEYS
        .iter()
        .map(|(k, _)| (strsim::levenshtein(key, k), *k))
        .min()
        .filter(|(d, _)| *d <= 2)
        .map(|(_, k)| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default();
    Err(format!("unknown key `{key}`{near}, expected one of {keys}"))
}

/// The value if it is of the key's kind.
fn typed(kind: Kind, value: toml::Value) -> Option<Value> {
    match (kind, value) {
        (Kind::Path | Kind::Text | Kind::Date, toml::Value::String(s)) => Some(Value::Text(s)),
        (Kind::Date, toml::Value::Datetime(d)) => Some(Value::Text(d.to_string())),
        (Kind::Bool, toml::Value::Boolean(b)) => Some(Value::Bool(b)),
        _ => None,
    }
}

/// What a key of this kind must hold, for the message on a value of another type.
fn expected(kind: Kind) -> &'static str {
    match kind {
        Kind::Path => "no file name, expected a string such as \"staff.csv\"",
        Kind::Text => "no string, expected a value in quotes such as \"sv\"",
        Kind::Date => "no date, expected a date such as 2026-06-30",
        Kind::Bool => "no boolean, expected true or false",
    }
}

/// The line (from 1) of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_is_read_with_its_line() {
        let file = ConfigFile::parse(
            "kvu.toml",
            "# the region's inputs\nplan = \"plan.yaml\"\nstrict = true\nas_of = 2026-06-30\n",
        )
        .unwrap();
        let entry = |v: Value, line| Some(Entry { value: v, line });
        assert_eq!(
            file.get("plan").cloned(),
            entry(Value::Text("plan.yaml".into()), 2)
        );
        assert_eq!(file.get("strict").cloned(), entry(Value::Bool(true), 3));
        assert_eq!(
            file.get("as_of").cloned(),
            entry(Value::Text("2026-06-30".into()), 4)
        );
        assert_eq!(file.get("staff"), None);
    }

    #[test]
    fn relative_paths_are_taken_from_the_files_folder() {
        let file = ConfigFile::parse("etc/kvu.toml", "").unwrap();
        assert_eq!(file.path("plan.yaml"), "etc/plan.yaml");
        assert_eq!(file.path("/srv/plan.yaml"), "/srv/plan.yaml");
        assert_eq!(file.path("-"), "-");
        let here = ConfigFile::parse("kvu.toml", "").unwrap();
        assert_eq!(here.path("data/staff.csv"), "data/staff.csv");
    }

    #[test]
    fn a_table_or_a_per_run_option_is_no_key() {
        let table = ConfigFile::parse("kvu.toml", "plan = \"p\"\n[paths]\nstaff = \"s\"\n");
        assert!(
            table
                .unwrap_err()
                .starts_with("kvu.toml:2: unknown key `paths`")
        );
        let output = ConfigFile::parse("kvu.toml", "output = \"gaps.csv\"\n").unwrap_err();
        assert!(
            output.starts_with("kvu.toml:1: `output` is given per run, on the command line"),
            "{output}"
        );
    }
}
