//! Problems found in the inputs, and where they were found.
//!
//! A [`Problem`] (of [`crate::error`]) names a file, and where known a line and column or a workbook
//! sheet's row or cell (its [`Place`]), and says what was wrong and what was expected. [`Diagnostics`]
//! is the sink every loader reports into: errors stop the run at once (or, for `kvu validate`, are
//! collected so that every problem is listed), warnings are remembered and printed, and `--strict`
//! turns warnings into errors.

pub use crate::error::{Place, Problem, Source};

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
