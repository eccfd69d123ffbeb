//! What a recording holds, taken from what the loader read: each input's rows as kvu read them (ids,
//! units, roles, levels and codes trimmed; dates as `YYYY-MM-DD`), and each input file's facts (name,
//! size, data rows, SHA-256).

use std::collections::HashMap;
use std::io::Read;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use super::{InputFile, Kind, Rows};
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

fn date(d: Option<jiff::civil::Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The rows of each input the exports hold: staff and completions always, exemptions and the unit
/// tree when given.
pub fn rows(exports: &Exports, columns: &Columns, exemptions: bool) -> Vec<(Kind, Rows)> {
    let people = &exports.people;
    let staff = &exports.staff;
    let mut out = Vec::new();
    out.push((
        Kind::Staff,
        Rows {
            header: header(Kind::Staff, columns, staff.titles),
            rows: staff
                .rows
                .iter()
                .map(|r| {
                    vec![
                        people.id(r.person).to_string(),
                        staff.name(r).to_string(),
                        r.unit().to_string(),
                        staff.roles.text(r.role).to_string(),
                        match r.level {
                            NO_LEVEL => String::new(),
                            l => staff.levels.text(l).to_string(),
                        },
                        date(r.start),
                    ]
                })
                .collect(),
        },
    ));
    let completions = &exports.completions;
    out.push((
        Kind::Completions,
        Rows {
            header: header(Kind::Completions, columns, false),
            rows: completions
                .list
                .iter()
                .map(|c| {
                    vec![
                        people.id(c.person).to_string(),
                        exports.codes.keys[c.code as usize].to_string(),
                        c.date.to_string(),
                        c.session
                            .map(|s| completions.sessions[s as usize].to_string())
                            .unwrap_or_default(),
                    ]
                })
                .collect(),
        },
    ));
    if exemptions {
        out.push((
            Kind::Exemptions,
            Rows {
                header: header(Kind::Exemptions, columns, false),
                rows: exports
                    .exemptions
                    .rows
                    .iter()
                    .map(|e| vec![e.id.to_string(), e.course.to_string(), date(e.until)])
                    .collect(),
            },
        ));
    }
    if let Some(tree) = &exports.units {
        out.push((
            Kind::Units,
            Rows {
                header: header(Kind::Units, columns, false),
                rows: tree
                    .units
                    .iter()
                    .map(|u| {
                        vec![
                            u.id.clone(),
                            u.parent
                                .map(|p| tree.units[p].id.clone())
                                .unwrap_or_default(),
                            u.name.clone(),
                            u.email.clone(),
                        ]
                    })
                    .collect(),
            },
        ));
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
