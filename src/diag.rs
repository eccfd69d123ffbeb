//! Problems found in the inputs, and where they were found.
//!
//! A [`Problem`] names a file, and where known a line and column, and says what was wrong and what was
//! expected. [`Diagnostics`] is the sink every loader reports into: errors stop the run at once (or, for
//! `kvu validate`, are collected so that every problem is listed), warnings are remembered and printed, and
//! `--strict` turns warnings into errors.

use std::fmt;
use std::sync::Mutex;

/// The workbook inputs read: the path as given, the workbook file and the sheet (see [`register`]).
static SHEETS: Mutex<Vec<(String, String, String)>> = Mutex::new(Vec::new());

/// Says that the input given as `path` is sheet `sheet` of workbook `file`, whose rows are its lines:
/// a problem on a line of it prints as `file: Sheet!F6: ...` (with a column) or `file: Sheet!6:6: ...`.
pub fn register(path: &str, file: &str, sheet: &str) {
    if let Ok(mut sheets) = SHEETS.lock()
        && !sheets.iter().any(|(p, ..)| p == path)
    {
        sheets.push((path.to_string(), file.to_string(), sheet.to_string()));
    }
}

/// The workbook file and sheet an input path names, if it was read as a workbook.
fn sheet_of(path: &str) -> Option<(String, String)> {
    let sheets = SHEETS.lock().ok()?;
    sheets
        .iter()
        .find(|(p, ..)| p == path)
        .map(|(_, file, sheet)| (file.clone(), sheet.clone()))
}

/// A sheet's name in a cell reference: quoted as Excel quotes it when it is more than letters, digits
/// and `_` (`'Min flik'!F6`).
fn sheet_ref(sheet: &str) -> String {
    if !sheet.is_empty() && sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

/// One problem in one input, printed as `file:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub message: String,
}

impl Problem {
    /// A problem with the file as a whole.
    pub fn file(file: &str, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A problem on one line of a file.
    pub fn at(file: &str, line: u64, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            line: Some(line),
            column: None,
            message: message.into(),
        }
    }

    /// A problem at a line and column of a file.
    pub fn at_col(file: &str, line: u64, column: u64, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            line: Some(line).filter(|&l| l > 0),
            column: Some(column).filter(|&c| c > 0),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line
            && let Some((file, sheet)) = sheet_of(&self.file)
        {
            let sheet = sheet_ref(&sheet);
            return match self.column {
                Some(c) => write!(
                    f,
                    "{file}: {sheet}!{}{line}: {}",
                    crate::load::workbook::column_letters(c),
                    self.message
                ),
                None => write!(f, "{file}: {sheet}!{line}:{line}: {}", self.message),
            };
        }
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Problem {}

/// Where loaders report what they find.
#[derive(Debug, Default)]
pub struct Diagnostics {
    /// Keep going after an error (for `kvu validate`) instead of stopping at the first.
    collect: bool,
    /// Treat warnings as errors.
    strict: bool,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

impl Diagnostics {
    pub fn new(strict: bool) -> Diagnostics {
        Diagnostics {
            strict,
            ..Diagnostics::default()
        }
    }

    /// A sink that collects every problem instead of stopping at the first error.
    pub fn collecting(strict: bool) -> Diagnostics {
        Diagnostics {
            collect: true,
            strict,
            ..Diagnostics::default()
        }
    }

    /// Whether problems are being collected (`kvu validate`) rather than stopping the run.
    pub fn collects(&self) -> bool {
        self.collect
    }

    /// Reports an error. Returns it back as `Err` unless problems are being collected, so that
    /// `diag.error(p)?` stops the run in ordinary use and goes on in `validate`.
    pub fn error(&mut self, problem: Problem) -> Result<(), Problem> {
        if self.collect {
            self.errors.push(problem);
            Ok(())
        } else {
            Err(problem)
        }
    }

    /// Reports a problem that does not stop the work; under `--strict` it is an error.
    pub fn warn(&mut self, problem: Problem) -> Result<(), Problem> {
        if self.strict {
            self.error(problem)
        } else {
            self.warnings.push(problem);
            Ok(())
        }
    }

    /// Reports a warning that stays a warning under `--strict` (completions of courses outside the plan).
    pub fn note(&mut self, problem: Problem) {
        self.warnings.push(problem);
    }
}

/// "1 row", "3 rows", for messages.
pub fn count_rows(n: usize) -> String {
    if n == 1 {
        "1 row".to_string()
    } else {
        format!("{n} rows")
    }
}
