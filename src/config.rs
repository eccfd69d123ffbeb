//! The command line made one validated configuration, once: which files to read and how, the as-of
//! date, the format, where output goes. Commands and the loader read this, never the raw flags.

use crate::cli::{EncodingArg, Format as FormatArg, Global};
use crate::date;
use crate::load::{Encoding, LoadOptions, Paths};
use crate::output::csv::CsvOptions;
use crate::output::{Format, RenderOptions};

/// Everything a run needs to know from its command line.
#[derive(Debug, Clone)]
pub struct Config {
    pub load: LoadOptions,
    pub format: Format,
    /// `--output`: a file, or standard output when `None`.
    pub output: Option<String>,
    pub strict: bool,
    /// `--quiet`: no warnings on standard error.
    pub quiet: bool,
    pub render: RenderOptions,
}

/// A path option: an empty value (an empty environment variable) is no value.
fn given(value: &Option<String>) -> Option<String> {
    value.clone().filter(|v| !v.is_empty())
}

/// The variable that sets the default as-of date.
pub const AS_OF_ENV: &str = "KVU_AS_OF";

/// `KVU_AS_OF`: the as-of date when `--as-of` is not given (`None` when unset or empty, like the file
/// variables). A value that is no date is a usage error naming the variable.
pub fn as_of_from_env() -> Result<Option<jiff::civil::Date>, String> {
    as_of_env_value(std::env::var_os(AS_OF_ENV))
}

fn as_of_env_value(value: Option<std::ffi::OsString>) -> Result<Option<jiff::civil::Date>, String> {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    date::parse(&text)
        .map(Some)
        .map_err(|e| format!("{AS_OF_ENV}: {}", e.describe(&text)))
}

impl Config {
    pub fn new(g: &Global) -> Config {
        Config {
            load: LoadOptions {
                paths: Paths {
                    plan: given(&g.plan),
                    staff: given(&g.staff),
                    completions: given(&g.completions),
                    units: given(&g.units),
                    exemptions: given(&g.exemptions),
                    old_plan: None,
                },
                encoding: match g.encoding {
                    None | Some(EncodingArg::Auto) => Encoding::Auto,
                    Some(EncodingArg::Utf8) => Encoding::Utf8,
                    Some(EncodingArg::Windows1252) => Encoding::Windows1252,
                },
                delimiter: g.delimiter,
                as_of: g.as_of.unwrap_or_else(date::today_in_stockholm),
            },
            format: match g.format {
                FormatArg::Table => Format::Table,
                FormatArg::Csv => Format::Csv,
                FormatArg::Json => Format::Json,
            },
            output: given(&g.output),
            strict: g.strict,
            quiet: g.quiet,
            render: RenderOptions {
                csv: CsvOptions {
                    excel_safe: g.excel_safe,
                },
                width: crate::output::text::width(given(&g.output).is_some_and(|o| o != "-")),
            },
        }
    }

    /// The as-of date: `--as-of`, else today in Europe/Stockholm.
    pub fn as_of(&self) -> jiff::civil::Date {
        self.load.as_of
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kvu_as_of_unset_or_empty_is_no_date() {
        assert_eq!(as_of_env_value(None), Ok(None));
        assert_eq!(as_of_env_value(Some("".into())), Ok(None));
    }

    #[test]
    fn kvu_as_of_is_read_as_a_date_and_a_bad_one_names_the_variable() {
        assert_eq!(
            as_of_env_value(Some("2026-10-31".into())),
            Ok(Some(jiff::civil::date(2026, 10, 31)))
        );
        assert_eq!(
            as_of_env_value(Some("2024-02-30".into())),
            Err("KVU_AS_OF: `2024-02-30` is not a calendar date".to_string())
        );
    }
}
