//! `kvu validate`: the one loader, collecting every problem instead of stopping at the first; then the
//! problems grouped by file in the order the files are read, each as `file:line: severity: what is
//! wrong`, with a line per file that says how many rows were read and how many problems it has. Exit 2
//! if any problem is an error. `--strict` makes warnings errors.

use crate::diag::{Diagnostics, Problem};
use crate::load::Loaded;
use crate::load::join::{Join, percent};
use crate::output::Note;

use super::Outcome;

/// The lines `kvu validate` prints, and its outcome. The problems are the messages stderr shows, in
/// English; the line per file and the last line are words in the language people read.
pub fn report(loaded: &Loaded, diag: &Diagnostics) -> (Vec<Note>, Outcome) {
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
        Note::Plain(shown.to_string())
    };
    for file in &loaded.files {
        let mut mine: Vec<&(&Problem, &str)> = problems
            .iter()
            .filter(|(p, _)| p.file == file.path)
            .collect();
        mine.sort_by_key(|(p, _)| p.line());
        lines.extend(mine.iter().map(|(p, severity)| shown(p, severity)));
        let errors = mine.iter().filter(|(_, s)| *s == "error").count();
        lines.push(Note::FileRead {
            path: file.path.clone(),
            read: file.read,
            errors,
            warnings: mine.len() - errors,
        });
    }
    problems.retain(|(p, _)| !loaded.files.iter().any(|f| f.path == p.file));
    lines.extend(problems.iter().map(|(p, severity)| shown(p, severity)));
    for path in &loaded.skipped {
        lines.push(Note::NotChecked(path.clone()));
    }
    if let Some(join) = &loaded.join {
        lines.push(join_note(join));
    }
    lines.push(Note::Problems {
        errors: diag.errors.len(),
        warnings: diag.warnings.len(),
    });
    let outcome = if diag.errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::Invalid
    };
    (lines, outcome)
}

/// How well the exports join: the rows of plan courses of someone in the staff export, and the other
/// `--id-format` that would join markedly more, if one would.
fn join_note(join: &Join) -> Note {
    Note::Join {
        joined: join.joined,
        rows: join.rows,
        pct: percent(join.joined, join.rows),
        files: join.files.clone(),
        staff: join.staff.clone(),
        other: join
            .marked()
            .map(|b| (b.format.name(), b.joined, percent(b.joined, join.rows))),
    }
}
