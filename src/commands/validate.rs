//! `kvu validate`: the one loader, collecting every problem instead of stopping at the first; then the
//! problems grouped by file in the order the files are read, each as `file:line: severity: what is
//! wrong`, with a line per file that says how many rows were read and how many problems it has. Exit 2
//! if any problem is an error. `--strict` makes warnings errors.

use crate::diag::{Diagnostics, Problem};
use crate::load::Loaded;
use crate::output::words::plural;

use super::Outcome;

/// The lines `kvu validate` prints, and its outcome.
pub fn report(loaded: &Loaded, diag: &Diagnostics) -> (Vec<String>, Outcome) {
    let mut lines = Vec::new();
    let mut problems: Vec<(&Problem, &str)> = diag
        .errors
        .iter()
        .map(|p| (p, "error"))
        .chain(diag.warnings.iter().map(|p| (p, "warning")))
        .collect();
    let shown = |p: &Problem, severity: &str| {
        let mut shown = p.clone();
        shown.message = format!("{severity}: {}", p.message);
        shown.to_string()
    };
    for file in &loaded.files {
        let mut mine: Vec<&(&Problem, &str)> = problems
            .iter()
            .filter(|(p, _)| p.file == file.path)
            .collect();
        mine.sort_by_key(|(p, _)| p.line);
        lines.extend(mine.iter().map(|(p, severity)| shown(p, severity)));
        let errors = mine.iter().filter(|(_, s)| *s == "error").count();
        let warnings = mine.len() - errors;
        let read = file.read.as_deref().unwrap_or("not read to the end");
        lines.push(format!(
            "{}: {read}; {}, {}",
            file.path,
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        ));
    }
    problems.retain(|(p, _)| !loaded.files.iter().any(|f| f.path == p.file));
    lines.extend(problems.iter().map(|(p, severity)| shown(p, severity)));
    for path in &loaded.skipped {
        lines.push(format!(
            "{path}: not checked, since the plan has errors (the exports are read against it)"
        ));
    }
    lines.push(format!(
        "{}, {}",
        plural(diag.errors.len(), "error", "errors"),
        plural(diag.warnings.len(), "warning", "warnings")
    ));
    let outcome = if diag.errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::Invalid
    };
    (lines, outcome)
}
