//! The command line made one validated configuration, once: which files to read and how, the as-of
//! date, the format, where output goes. Commands and the loader read this, never the raw flags.

use crate::cli::{EncodingArg, Format as FormatArg, Global, IdFormatArg};
use crate::date;
use crate::load::ids::IdFormat;
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
    pub render: RenderOptions,
}

/// A path option: an empty value (an empty environment variable) is no value.
fn given(value: &Option<String>) -> Option<String> {
    value.clone().filter(|v| !v.is_empty())
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
                id_format: match g.id_format {
                    IdFormatArg::Text => IdFormat::Text,
                    IdFormatArg::Number => IdFormat::Number,
                    IdFormatArg::Personnummer => IdFormat::Personnummer,
                },
            },
            format: match g.format {
                FormatArg::Table => Format::Table,
                FormatArg::Csv => Format::Csv,
                FormatArg::Json => Format::Json,
            },
            output: given(&g.output),
            strict: g.strict,
            render: RenderOptions {
                csv: CsvOptions {
                    excel_safe: g.excel_safe,
                },
            },
        }
    }

    /// The as-of date: `--as-of`, else today in Europe/Stockholm.
    pub fn as_of(&self) -> jiff::civil::Date {
        self.load.as_of
    }
}
