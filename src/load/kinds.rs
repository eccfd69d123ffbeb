//! What an input file looks like, by its header: so that a file given in the wrong place (the
//! completion export as `--staff` or `--exemptions`, the staff export as `--completions`, the unit
//! tree as `--exemptions`, a CSV export as `--plan`) is one error saying what the file is, before any
//! other message about it.
//!
//! Each kind of input has a signature: the columns that mark it (each a contract column, found by the
//! name the plan's `columns:` gives it in that kind of file, else by its own name; a slot may take
//! one of several names, as the staff export's role may be a title). A file read as one kind whose
//! header lacks that kind's signature but has another kind's is refused; a header with both
//! signatures, or with neither, is read as asked (a missing column is then the error).

use std::collections::HashMap;

use crate::diag::{Diagnostics, Problem};
use crate::error::AsSource;
use crate::plan::Plan;

/// One kind of input: its name in `ReadOptions::columns`, its words, and its signature.
struct Kind {
    name: &'static str,
    what: &'static str,
    signature: &'static [&'static [&'static str]],
}

/// Every kind, the more specific first (a file that has two other kinds' signatures is named after
/// the first).
const KINDS: &[Kind] = &[
    Kind {
        name: "completions",
        what: "a completion export",
        signature: &[&["employee_id"], &["course"], &["completed"]],
    },
    Kind {
        name: "exemptions",
        what: "an exemptions file",
        signature: &[&["employee_id"], &["course"], &["until"]],
    },
    Kind {
        name: "staff",
        what: "a staff export",
        signature: &[
            &["employee_id"],
            &["unit"],
            &["role", "title", "befattning"],
        ],
    },
    Kind {
        name: "sessions",
        what: "a sessions file of cohorts",
        signature: &[&["session"], &["date"], &["seats"]],
    },
    Kind {
        name: "key",
        what: "an allocation key",
        signature: &[&["unit"], &["weight"]],
    },
    Kind {
        name: "units",
        what: "a unit tree",
        signature: &[&["unit"], &["parent"]],
    },
];

type Columns = HashMap<&'static str, HashMap<&'static str, String>>;

/// The header's names (as the file spells them) that make up `kind`'s signature, or `None` if one
/// is missing.
fn signature<'h>(kind: &Kind, header: &'h [String], columns: &Columns) -> Option<Vec<&'h str>> {
    let mapped = columns.get(kind.name);
    let has = |name: &str| {
        let k = super::key(name);
        header.iter().find(|h| super::key(h) == k)
    };
    kind.signature
        .iter()
        .map(|slot| {
            slot.iter().find_map(|contract| {
                mapped
                    .and_then(|m| m.get(contract))
                    .and_then(|name| has(name))
                    .or_else(|| has(contract))
                    .map(String::as_str)
            })
        })
        .collect()
}

/// The words for a kind's signature as `columns:` names it (a slot by its first name):
/// `employee_id, course, until`.
fn expected(kind: &Kind, columns: &Columns) -> String {
    let mapped = columns.get(kind.name);
    kind.signature
        .iter()
        .map(|slot| {
            mapped
                .and_then(|m| m.get(slot[0]))
                .map_or(slot[0], String::as_str)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a header with `kind`'s signature missing looks like instead: the other kind's words and the
/// header names that say so.
fn looks_like(kind: Option<&str>, header: &[String], columns: &Columns) -> Option<String> {
    KINDS.iter().filter(|k| Some(k.name) != kind).find_map(|k| {
        signature(k, header, columns).map(|names| format!("{} ({})", k.what, names.join(", ")))
    })
}

/// Checks that a file read as `kind` (a [`KINDS`] name) is not another kind of input: the error
/// (on the header's line) says what it looks like and what was expected.
pub fn check(
    path: &(impl AsSource + ?Sized),
    line: u64,
    kind: &str,
    header: &[String],
    columns: &Columns,
) -> Result<(), Problem> {
    let Some(own) = KINDS.iter().find(|k| k.name == kind) else {
        return Ok(());
    };
    if signature(own, header, columns).is_some() {
        return Ok(());
    }
    match looks_like(Some(kind), header, columns) {
        Some(other) => Err(Problem::at(
            path,
            line,
            format!(
                "this is {other}, not {}, expected {}",
                own.what,
                expected(own, columns)
            ),
        )),
        None => Ok(()),
    }
}

/// What a plan file that is a CSV export looks like, from its first line: `None` if that line is no
/// header of a kind of input (nor a line of comma, semicolon or tab separated names without a colon).
pub fn csv_as_plan(text: &str) -> Option<String> {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    if first.contains(':') || first.starts_with(['-', '[', '{']) {
        return None;
    }
    let delimiter = [',', ';', '\t']
        .into_iter()
        .max_by_key(|d| first.matches(*d).count())?;
    let header: Vec<String> = first
        .split(delimiter)
        .map(|f| f.trim().trim_matches('"').trim().to_string())
        .collect();
    if header.len() < 2 {
        return None;
    }
    Some(
        looks_like(None, &header, &Columns::new())
            .unwrap_or_else(|| format!("a CSV file (header {})", header.join(", "))),
    )
}

/// The largest plan read: a plan is a page of YAML, so anything this big is the wrong file (or
/// `/dev/zero`), and is refused while it is read, not after.
pub const MAX_PLAN_BYTES: u64 = 16 << 20;

/// A plan's text, read to at most [`MAX_PLAN_BYTES`]; a workbook, a CSV export or bytes that are no
/// UTF-8 are refused with what they look like.
pub fn read_plan(path: &str) -> Result<String, String> {
    use std::io::Read;
    let mut source: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| format!("cannot read the plan: {e}"))?)
    };
    let mut bytes = Vec::new();
    source
        .by_ref()
        .take(MAX_PLAN_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the plan: {e}"))?;
    if super::reader::workbook::is_workbook_magic(&bytes) {
        return Err(
            "this is a workbook (xlsx, ods or xls), not a YAML plan, expected a YAML plan (a workbook is read as --staff, --completions, --units or --exemptions)"
                .to_string(),
        );
    }
    if bytes.len() as u64 > MAX_PLAN_BYTES {
        return Err(
            "the plan is larger than 16 MiB, expected a YAML plan of at most 16 MiB".to_string(),
        );
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| "the plan is not UTF-8 text, expected a UTF-8 YAML file".to_string())?;
    if let Some(what) = csv_as_plan(&text) {
        return Err(format!(
            "this is {what}, not a YAML plan, expected a YAML plan (name, levels, roles, courses, matrix)"
        ));
    }
    Ok(text)
}

/// Reads and checks a plan file (`-`: standard input): a file that is no YAML plan is one error
/// saying what it looks like.
pub fn load_plan(path: &str, diag: &mut Diagnostics) -> Result<Option<Plan>, Problem> {
    let text = match read_plan(path) {
        Ok(text) => text,
        Err(message) => {
            diag.error(Problem::file(path, message))?;
            return Ok(None);
        }
    };
    Plan::from_yaml(path, &text, diag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_file_with_its_own_signature_is_read_as_asked() {
        let h = header(&["employee_id", "course", "until", "completed"]);
        assert!(check("x", 1, "exemptions", &h, &Columns::new()).is_ok());
    }

    #[test]
    fn the_plan_columns_rename_a_signature() {
        let mut columns = Columns::new();
        columns.insert(
            "exemptions",
            HashMap::from([("until", "giltig_till".to_string())]),
        );
        let h = header(&["employee_id", "course", "giltig_till"]);
        assert!(check("x", 1, "exemptions", &h, &columns).is_ok());
        let c = header(&["employee_id", "course", "completed"]);
        let e = check("x", 1, "exemptions", &c, &columns).unwrap_err();
        assert!(
            e.message
                .ends_with("expected employee_id, course, giltig_till")
        );
    }
}
