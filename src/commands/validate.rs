//! `kvu validate`: the one loader, collecting every problem instead of stopping at the first; then the
//! problems grouped by file in the order the files are read, each as `file:line: severity: what is
//! wrong`, with a line per file that says how many rows were read and how many problems it has. Exit 2
//! if any problem is an error. `--strict` makes warnings errors.

use crate::diag::{Diagnostics, Problem};
use crate::load::Loaded;
use crate::load::inputs::Read;
use crate::load::join::{Join, percent};
use crate::output::Lang;
use crate::output::words::plural;

use super::Outcome;

/// The lines `kvu validate` prints, and its outcome. The problems are the messages stderr shows, in
/// English; the line per file and the last line are in `lang`.
pub fn report(loaded: &Loaded, diag: &Diagnostics, lang: Lang) -> (Vec<String>, Outcome) {
    let sv = lang == Lang::Sv;
    let counts = |errors: usize, warnings: usize| {
        if sv {
            format!(
                "{}, {}",
                plural(errors, "fel", "fel"),
                plural(warnings, "varning", "varningar")
            )
        } else {
            format!(
                "{}, {}",
                plural(errors, "error", "errors"),
                plural(warnings, "warning", "warnings")
            )
        }
    };
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
        mine.sort_by_key(|(p, _)| p.line());
        lines.extend(mine.iter().map(|(p, severity)| shown(p, severity)));
        let errors = mine.iter().filter(|(_, s)| *s == "error").count();
        let warnings = mine.len() - errors;
        let read = file.read.map_or_else(
            || {
                lang.pick("not read to the end", "inte läst till slutet")
                    .to_string()
            },
            |r| read_words(r, lang),
        );
        lines.push(format!(
            "{}: {read}; {}",
            file.path,
            counts(errors, warnings)
        ));
    }
    problems.retain(|(p, _)| !loaded.files.iter().any(|f| f.path == p.file));
    lines.extend(problems.iter().map(|(p, severity)| shown(p, severity)));
    for path in &loaded.skipped {
        lines.push(format!(
            "{path}: {}",
            lang.pick(
                "not checked, since the plan has errors (the exports are read against it)",
                "inte kontrollerad, eftersom planen har fel (exporterna läses mot den)"
            )
        ));
    }
    if let Some(join) = &loaded.join {
        lines.push(join_words(join, lang));
    }
    lines.push(counts(diag.errors.len(), diag.warnings.len()));
    let outcome = if diag.errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::Invalid
    };
    (lines, outcome)
}

/// How well the exports join, in words: the rows of plan courses of someone in the staff export, and
/// the other `--id-format` that would join markedly more, if one would.
fn join_words(join: &Join, lang: Lang) -> String {
    let files = join.files.join(lang.pick(" and ", " och "));
    let pct = percent(join.joined, join.rows);
    let (joined, rows, staff) = (join.joined, join.rows, &join.staff);
    let other = match join.marked() {
        Some(b) if lang == Lang::Sv => format!(
            "--id-format {} skulle foga samman {} ({}%)",
            b.format.name(),
            b.joined,
            percent(b.joined, rows)
        ),
        Some(b) => format!(
            "--id-format {} would join {} ({}%)",
            b.format.name(),
            b.joined,
            percent(b.joined, rows)
        ),
        None => lang
            .pick(
                "no other --id-format would join markedly more",
                "inget annat --id-format skulle foga samman märkbart fler",
            )
            .to_string(),
    };
    if lang == Lang::Sv {
        format!(
            "sammanfogning: {joined} av {rows} rader av planens kurser i {files} ({pct}%) hör till någon i {staff}; {other}"
        )
    } else {
        format!(
            "join: {joined} of {rows} rows of plan courses in {files} ({pct}%) belong to someone in {staff}; {other}"
        )
    }
}

/// What was read of a file, in words: `416 rows`, `3 levels, 6 roles, 3 courses, 6 priority tiers`.
fn read_words(read: Read, lang: Lang) -> String {
    let sv = lang == Lang::Sv;
    let rows = |n: u64| {
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        if sv {
            plural(n, "rad", "rader")
        } else {
            plural(n, "row", "rows")
        }
    };
    match read {
        Read::Rows(n) => rows(n),
        Read::Completions { rows: n, outside } if sv => {
            format!("{}, {outside} av kurser utanför planen", rows(n))
        }
        Read::Completions { rows: n, outside } => {
            format!("{}, {outside} of courses outside the plan", rows(n))
        }
        Read::Plan {
            levels,
            roles,
            courses,
            tiers,
        } if sv => format!(
            "{}, {}, {}, {}",
            plural(levels, "nivå", "nivåer"),
            plural(roles, "roll", "roller"),
            plural(courses, "kurs", "kurser"),
            plural(tiers, "prioritetsnivå", "prioritetsnivåer")
        ),
        Read::Plan {
            levels,
            roles,
            courses,
            tiers,
        } => format!(
            "{}, {}, {}, {}",
            plural(levels, "level", "levels"),
            plural(roles, "role", "roles"),
            plural(courses, "course", "courses"),
            plural(tiers, "priority tier", "priority tiers")
        ),
    }
}
