//! What a recording holds, taken from what the loader read: each input's rows as kvu read them (ids,
//! units, roles, levels and codes trimmed; dates as `YYYY-MM-DD`), and each input file's facts (name,
//! size, data rows, SHA-256).

use std::collections::HashMap;
use std::io::Read;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use super::{Captured, InputFile, Kind};
use crate::model::exports::{Exports, NO_LEVEL};

/// Per input kind, the header name of each contract column (the plan's `columns:`).
pub type Columns = HashMap<&'static str, HashMap<&'static str, String>>;

/// The header kvu reads an input's rows back with: each column under the name the plan maps it to.
fn header(kind: Kind, columns: &Columns, titles: bool) -> Vec<String> {
    let mapped = columns.get(kind.name());
    kind.columns()
        .iter()
        .map(|&c| {
            // With the plan's `titles:` and no role column, the recorded role is the job title.
            let c = if kind == Kind::Staff && c == "role" && titles {
                "title"
            } else {
                c
            };
            mapped
                .and_then(|m| m.get(c))
                .cloned()
                .unwrap_or_else(|| c.to_string())
        })
        .collect()
}

/// A date as `YYYY-MM-DD`, or empty.
fn date(d: Option<jiff::civil::Date>) -> impl std::fmt::Display {
    struct Shown(Option<jiff::civil::Date>);
    impl std::fmt::Display for Shown {
        fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            match self.0 {
                Some(d) => write!(f, "{d}"),
                None => Ok(()),
            }
        }
    }
    Shown(d)
}

/// The rows of each input the exports hold: staff and completions always, exemptions and the unit
/// tree when given.
pub fn rows(exports: &Exports, columns: &Columns, exemptions: bool) -> Vec<(Kind, Captured)> {
    let people = &exports.people;
    let staff = &exports.staff;
    let new = |kind: Kind, titles: bool| {
        Captured::new(header(kind, columns, titles), kind.columns().len())
    };
    let mut out = Vec::new();
    let mut rows = new(Kind::Staff, staff.titles);
    for r in &staff.rows {
        rows.value(people.id(r.person));
        rows.value(staff.name(r));
        rows.value(r.unit());
        rows.value(staff.roles.text(r.role));
        match r.level {
            NO_LEVEL => rows.value(""),
            l => rows.value(staff.levels.text(l)),
        }
        rows.value(date(r.start));
    }
    out.push((Kind::Staff, rows));
    let completions = &exports.completions;
    let mut rows = new(Kind::Completions, false);
    for c in &completions.list {
        rows.value(people.id(c.person));
        rows.value(&exports.codes.keys[c.code as usize]);
        rows.value(c.date);
        match c.session {
            Some(s) => rows.value(&completions.sessions[s as usize]),
            None => rows.value(""),
        }
    }
    out.push((Kind::Completions, rows));
    if exemptions {
        let mut rows = new(Kind::Exemptions, false);
        for e in &exports.exemptions.rows {
            rows.value(&e.id);
            rows.value(&e.course);
            rows.value(date(e.until));
        }
        out.push((Kind::Exemptions, rows));
    }
    if let Some(tree) = &exports.units {
        let mut rows = new(Kind::Units, false);
        for u in &tree.units {
            rows.value(&u.id);
            rows.value(u.parent.map_or("", |p| tree.units[p].id.as_str()));
            rows.value(&u.name);
            rows.value(&u.email);
        }
        out.push((Kind::Units, rows));
    }
    out
}

/// A file's facts: its name, size and SHA-256, read again from the disk (`file`: the file itself,
/// without a workbook's `#sheet`).
pub fn file_facts(input: &str, file: &str, data_rows: u64, header: &[String]) -> Result<InputFile> {
    let mut source =
        std::fs::File::open(file).with_context(|| format!("{file}: cannot read the file"))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = source
            .read(&mut buffer)
            .with_context(|| format!("{file}: cannot read the file"))?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        hasher.update(&buffer[..n]);
    }
    let sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let file_name = std::path::Path::new(file)
        .file_name()
        .map_or_else(|| file.to_string(), |n| n.to_string_lossy().into_owned());
    Ok(InputFile {
        input: input.to_string(),
        file_name,
        bytes,
        data_rows,
        sha256,
        header: header.join(","),
    })
}
